"""The build pipeline end to end: bad input, idempotence, replace-by-newer, the CLI."""

from __future__ import annotations

import copy
import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from kg.build import BuildOptions, build
from kg.resources import SAMPLE
from kg.store import TrialStore

SAMPLE_FILES = sorted((SAMPLE / "ctgov-json").glob("*.json"))


def _build(inputs: list[Path], out: Path, **options) -> object:
    options.setdefault("validate", False)  # validation has its own tests (tests/test_validate.py)
    return build(BuildOptions(inputs=inputs, out=out, workers=options.pop("workers", 1), **options))


def _problems(out: Path) -> list[dict]:
    return [json.loads(line) for line in (out / "problems.jsonl").read_text().splitlines()]


def _study(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def _literals_containing(out: Path, marker: str) -> list[str]:
    store = TrialStore(out / "store", read_only=True)
    query = f'SELECT ?o WHERE {{ GRAPH ?g {{ ?s ?p ?o }} FILTER(CONTAINS(STR(?o), "{marker}")) }}'
    return sorted({row["o"].value for row in store.query(query)})


def _with_update(study: dict, *, title: str, date: str) -> dict:
    changed = copy.deepcopy(study)
    changed["protocolSection"]["identificationModule"]["briefTitle"] = title
    changed["protocolSection"]["statusModule"]["lastUpdatePostDateStruct"] = {"date": date, "type": "ACTUAL"}
    return changed


def test_sample_builds_every_record(tmp_path: Path) -> None:
    every_file = [p for p in SAMPLE.rglob("*") if p.is_file()]
    report = _build([SAMPLE], tmp_path / "out")
    assert report.records_read == len(every_file) > 50
    assert report.formats == {"ctgov-json": len(SAMPLE_FILES), "ctgov-xml": 12, "page-text": 1}
    assert report.problems == 0
    assert report.store_trials == len(every_file)
    for name in ("graph.trig", "graph.ttl", "summary.json", "problems.jsonl"):
        assert (tmp_path / "out" / name).exists(), name
    summary = json.loads((tmp_path / "out" / "summary.json").read_text())
    assert summary["studies_built"] == len(every_file)
    assert summary["nodes_per_class"]


def test_bad_input_is_reported_and_the_rest_is_built(tmp_path: Path) -> None:
    good = SAMPLE_FILES[:3]
    folder = tmp_path / "in"
    folder.mkdir()
    for path in good:
        (folder / path.name).write_bytes(path.read_bytes())
    (folder / "empty.json").write_bytes(b"")
    (folder / "truncated.json").write_bytes(good[0].read_bytes()[:500])
    (folder / "latin1.json").write_bytes('{"protocolSection": {"x": "caf\xe9"}}'.encode("latin-1"))
    (folder / "junk.bin").write_bytes(bytes(range(256)) * 8)
    no_id = _study(good[1])
    del no_id["protocolSection"]["identificationModule"]["nctId"]
    (folder / "no-id.json").write_text(json.dumps(no_id))
    with zipfile.ZipFile(folder / "bulk.zip", "w") as archive:
        archive.writestr("NCT0.json", good[2].read_bytes()[:300])
        archive.writestr(SAMPLE_FILES[3].name, SAMPLE_FILES[3].read_bytes())

    report = _build([folder], tmp_path / "out")

    errors = [p for p in _problems(tmp_path / "out") if p["severity"] == "error"]
    by_file = {Path(p["file"]).name: p for p in errors}
    assert set(by_file) == {"empty.json", "truncated.json", "latin1.json", "junk.bin", "no-id.json", "bulk.zip"}
    assert "empty" in by_file["empty.json"]["reason"]
    assert "NCT0.json" in by_file["bulk.zip"]["position"]
    assert "nct" in by_file["no-id.json"]["reason"].lower()
    assert report.problems == len(errors) == 6
    assert report.store_trials == 4  # three good files and the good ZIP entry


def test_building_twice_gives_the_same_store(tmp_path: Path) -> None:
    out = tmp_path / "out"
    first = _build([SAMPLE], out)
    dump_first = sorted((out / "graph.trig").read_text().splitlines())
    second = _build([SAMPLE], out, update=True)
    assert second.studies_unchanged == first.studies_built == first.records_read
    assert second.studies_built == 0
    assert second.store_quads == first.store_quads
    assert sorted((out / "graph.trig").read_text().splitlines()) == dump_first


def test_newer_record_replaces_and_older_is_reported(tmp_path: Path) -> None:
    original = _study(SAMPLE_FILES[0])
    nct = original["protocolSection"]["identificationModule"]["nctId"]
    out = tmp_path / "out"
    for name, title, date in [
        ("v1", "MARKER first version", "2024-01-01"),
        ("v2", "MARKER second version", "2025-06-30"),
        ("v0", "MARKER older version", "2023-03-03"),
    ]:
        folder = tmp_path / name
        folder.mkdir()
        (folder / f"{nct}.json").write_text(json.dumps(_with_update(original, title=title, date=date)))

    _build([tmp_path / "v1"], out)
    assert _literals_containing(out, "MARKER") == ["MARKER first version"]

    newer = _build([tmp_path / "v2"], out, update=True)
    assert newer.studies_replaced == 1
    assert _literals_containing(out, "MARKER") == ["MARKER second version"]

    older = _build([tmp_path / "v0"], out, update=True)
    assert older.studies_stale == 1 and older.studies_built == 0
    assert _literals_containing(out, "MARKER") == ["MARKER second version"]
    stale = [p for p in _problems(out) if "stale" in p["reason"]]
    assert len(stale) == 1 and stale[0]["nct_id"] == nct and "2025-06-30" in stale[0]["reason"]


def test_newer_record_wins_within_one_run(tmp_path: Path) -> None:
    original = _study(SAMPLE_FILES[0])
    lines = [
        _with_update(original, title="MARKER old", date="2020-01-01"),
        _with_update(original, title="MARKER new", date="2021-01-01"),
    ]
    (tmp_path / "both.jsonl").write_text("\n".join(json.dumps(s) for s in lines) + "\n")
    report = _build([tmp_path / "both.jsonl"], tmp_path / "out")
    assert report.store_trials == 1
    assert _literals_containing(tmp_path / "out", "MARKER") == ["MARKER new"]


def test_a_new_build_starts_from_an_empty_store(tmp_path: Path) -> None:
    out = tmp_path / "out"
    _build([SAMPLE], out)
    report = _build([SAMPLE_FILES[0]], out)
    assert report.store_trials == 1 and report.studies_new == 1


def test_parallel_and_serial_builds_agree(tmp_path: Path) -> None:
    _build([SAMPLE], tmp_path / "serial", workers=1)
    _build([SAMPLE], tmp_path / "parallel", workers=2)
    ttl = [
        sorted(p.read_text().splitlines())
        for p in (tmp_path / "serial" / "graph.ttl", tmp_path / "parallel" / "graph.ttl")
    ]
    assert len(ttl[0]) > 1000
    # build time and the ontology's blank-node ids differ between two stores; everything else must match
    strip = [[line for line in lines if "^^xsd:dateTime" not in line and "_:" not in line] for lines in ttl]
    assert strip[0] == strip[1]


@pytest.mark.parametrize("argv", [["--help"], ["build", "--help"]])
def test_cli_explains_itself(argv: list[str]) -> None:
    result = subprocess.run([sys.executable, "-m", "kg", *argv], capture_output=True, text=True)
    assert result.returncode == 0
    assert "usage: kg" in result.stdout


def test_cli_rejects_a_missing_input(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "kg", "build", str(tmp_path / "nope"), "--out", str(tmp_path)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 2
    assert "no such file" in result.stderr


def test_an_update_keeps_the_store_figures_without_recounting(tmp_path: Path) -> None:
    """The update's figures come from its delta; a recount of the store afterwards must agree."""
    first, rest = SAMPLE_FILES[:-3], SAMPLE_FILES[-3:]
    changed = _with_update(_study(first[0]), title="MARKER changed", date="2099-01-01")
    changed["protocolSection"].pop("outcomesModule", None)  # fewer outcome nodes than before
    changed["protocolSection"].pop("conditionsModule", None)
    delta = tmp_path / "delta"
    delta.mkdir()
    (delta / "changed.json").write_text(json.dumps(changed))
    for path in rest:
        (delta / path.name).write_text(path.read_text(encoding="utf-8"))
    out = tmp_path / "out"
    _build(first, out)
    update = _build([delta], out, update=True)
    assert update.studies_replaced == 1 and update.studies_new == len(rest)
    store = TrialStore(out / "store", read_only=True)
    assert update.store_quads == len(store)
    assert update.store_trials == store.trial_count() == len(SAMPLE_FILES)
    assert update.nodes_per_class == store.class_counts()
