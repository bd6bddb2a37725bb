"""``kg build --no-contacts`` leaves people's contact details out, and says so in the summary
and in every trial graph's provenance; without it, every contact of the records is kept."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from kg.cli import main
from kg.store import TrialStore

TG = "https://w3id.org/trialgraph/ontology#"


def _contacts_in(path: Path) -> int:
    module = json.loads(path.read_bytes())["protocolSection"].get("contactsLocationsModule", {})
    on_sites = sum(len(site.get("contacts", [])) for site in module.get("locations", []))
    return len(module.get("centralContacts", [])) + on_sites


@pytest.fixture(scope="module")
def records(v2_json_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, int]:
    """Five real records with contacts (central and on sites), and how many contacts they list."""
    folder = tmp_path_factory.mktemp("with-contacts")
    chosen = [p for p in sorted(v2_json_dir.glob("*.json")) if _contacts_in(p)][:5]
    for path in chosen:
        shutil.copy(path, folder)
    return folder, sum(_contacts_in(p) for p in chosen)


def _build(records: Path, out: Path, *flags: str) -> TrialStore:
    assert main(["build", str(records), "--out", str(out), "--no-validate", "--no-files", *flags]) == 0
    return TrialStore(out / "store", read_only=True)


def _count(store: TrialStore, pattern: str) -> int:
    (row,) = store.query(f"PREFIX tg: <{TG}> SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH ?g {{ {pattern} }} }}")
    return int(row["n"].value)


def test_a_build_keeps_every_contact_and_says_so(records: tuple[Path, int], tmp_path: Path, capsys) -> None:
    folder, expected = records
    store = _build(folder, tmp_path)
    assert expected > 10
    assert _count(store, "?c a tg:Contact") == expected
    assert _count(store, "?g tg:contactsIncluded true") == 5
    assert "contacts         kept" in capsys.readouterr().out
    assert json.loads((tmp_path / "summary.json").read_text())["contacts"] is True


def test_no_contacts_leaves_them_out_and_says_so(records: tuple[Path, int], tmp_path: Path, capsys) -> None:
    folder, _ = records
    store = _build(folder, tmp_path, "--no-contacts")
    assert _count(store, "?c a tg:Contact") == 0
    assert _count(store, "?s tg:hasContact|tg:email|tg:phone ?o") == 0
    assert _count(store, "?g tg:contactsIncluded false") == 5
    assert _count(store, "?site a tg:Site") > 0  # the sites themselves stay
    assert "contacts         left out   (--no-contacts)" in capsys.readouterr().out
    assert json.loads((tmp_path / "summary.json").read_text())["contacts"] is False
