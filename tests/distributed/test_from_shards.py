"""``load_shards``: shards into the embedded store with the local build's replace-by-newer rules."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kg.distributed.from_shards import LoadOptions, load_shards
from kg.export import rdf
from kg.store import TrialStore
from kg.vocab import ONTOLOGY_GRAPH
from tests.distributed.conftest import NEWEST, store_quads

ONTOLOGY = (str(ONTOLOGY_GRAPH),)


def _load(shards: Path, out: Path, **options) -> object:
    return load_shards(LoadOptions(shards=shards, out=out, write_files=False, validate=False, **options))


def _titles(out: Path) -> set[str]:
    store = TrialStore(out / "store", read_only=True)
    query = 'SELECT ?t WHERE { GRAPH ?g { ?s ?p ?t FILTER(CONTAINS(STR(?t), "MARKER")) } }'
    return {row["t"].value for row in store.query(query)}


def test_loaded_shards_equal_the_local_store(dask_shards: Path, local_build: Path, tmp_path: Path) -> None:
    report = _load(dask_shards, tmp_path / "out")
    local = TrialStore(local_build / "store", read_only=True)
    loaded = TrialStore(tmp_path / "out" / "store", read_only=True)
    assert store_quads(loaded, skip_graphs=ONTOLOGY) == store_quads(local, skip_graphs=ONTOLOGY)
    assert loaded.versions() == local.versions()
    assert report.studies_new == report.store_trials == local.trial_count()
    assert report.problems == 0


def test_loading_again_with_update_changes_nothing(dask_shards: Path, tmp_path: Path) -> None:
    first = _load(dask_shards, tmp_path / "out")
    again = _load(dask_shards, tmp_path / "out", update=True)
    assert again.studies_unchanged == first.studies_new and again.studies_built == 0
    assert again.store_quads == first.store_quads


def _edited_copy(dask_shards: Path, folder: Path, nct: str, *, date: str, title: str) -> Path:
    """A one-file shard folder holding the duplicated trial with another date, title and digest."""
    folder.mkdir()
    for path in sorted(dask_shards.glob("graph-*.nq"))[1:]:
        lines = [line for line in path.read_text().splitlines() if f"/graph/{nct}>" in line]
        if lines:
            text = "\n".join(lines).replace("2099-01-01", date).replace(NEWEST, title)
            (folder / "graph-00001.nq").write_text(text.replace('Digest> "', 'Digest> "edited') + "\n")
    return folder


@pytest.mark.parametrize(("date", "replaced"), [("2100-01-01", True), ("1999-01-01", False)])
def test_a_newer_shard_replaces_and_an_older_is_reported(
    dask_shards: Path, mixed_input: dict, tmp_path: Path, date: str, replaced: bool
) -> None:
    nct = mixed_input["duplicated"]
    out = tmp_path / "out"
    _load(dask_shards, out)
    edited = _edited_copy(dask_shards, tmp_path / "edited", nct, date=date, title="MARKER edited")
    report = _load(edited, out, update=True)
    assert (report.studies_replaced, report.studies_stale) == ((1, 0) if replaced else (0, 1))
    assert _titles(out) == ({"MARKER edited"} if replaced else {NEWEST})
    if not replaced:
        stale = [json.loads(line) for line in (out / "problems.jsonl").read_text().splitlines()]
        assert [p["nct_id"] for p in stale] == [nct] and "2099-01-01" in stale[0]["reason"]


def test_the_shards_of_kg_export_load_too(local_build: Path, tmp_path: Path) -> None:
    local = TrialStore(local_build / "store", read_only=True)
    rdf.export(local, tmp_path / "exported", shard_size=25)
    _load(tmp_path / "exported", tmp_path / "out")
    loaded = TrialStore(tmp_path / "out" / "store", read_only=True)
    assert store_quads(loaded, skip_graphs=ONTOLOGY) == store_quads(local, skip_graphs=ONTOLOGY)
