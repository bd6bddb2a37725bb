"""The map stage on Dask (a LocalCluster of two processes) equals the local build of the same records."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.store import TrialStore
from kg.vocab import ONTOLOGY_GRAPH
from tests.distributed.conftest import NEWEST, SHARD_SIZE, shard_digests, store_quads

pytest.importorskip("distributed", reason="Dask is an optional extra: pip install 'trialgraph[dask]'")


def _lines(path: Path) -> Counter:
    return Counter(path.read_text(encoding="utf-8").splitlines())


def test_every_trial_has_the_local_builds_digest(dask_shards: Path, local_build: Path, mixed_input: dict) -> None:
    local = TrialStore(local_build / "store", read_only=True).versions()
    shards = shard_digests(dask_shards)
    assert {g.rsplit("/", 1)[1] for g in shards} == mixed_input["nct_ids"]  # walked from the source files
    assert shards == {graph: version.digest for graph, version in local.items()}


def test_trial_graphs_and_shared_graph_equal_the_local_store(dask_shards: Path, local_build: Path) -> None:
    loaded = TrialStore(None)
    for path in sorted(dask_shards.glob("graph-*.nq")):
        loaded.load(path.read_bytes())  # normalised on insert, as the local store was
    ontology = (str(ONTOLOGY_GRAPH),)  # its OWL lists are blank nodes, new at every load
    local = TrialStore(local_build / "store", read_only=True)
    assert store_quads(loaded, skip_graphs=ontology) == store_quads(local, skip_graphs=ontology)
    assert len(list(loaded.quads(graph=ONTOLOGY_GRAPH))) == len(list(local.quads(graph=ONTOLOGY_GRAPH)))


def test_shards_follow_the_export_layout(dask_shards: Path, mixed_input: dict) -> None:
    names = sorted(p.name for p in dask_shards.glob("graph-*.nq"))
    trials = len(mixed_input["nct_ids"])
    assert names == [f"graph-{n:05d}.nq" for n in range(1 + -(-trials // SHARD_SIZE))]
    first = {q.graph_name for q in ox.parse(path=str(dask_shards / names[0]), format=ox.RdfFormat.N_QUADS)}
    assert ONTOLOGY_GRAPH in first and not any("/graph/NCT" in str(g) for g in first)
    order = []
    for name in names[1:]:
        graphs = [q.graph_name.value for q in ox.parse(path=str(dask_shards / name), format=ox.RdfFormat.N_QUADS)]
        order += [g for n, g in enumerate(graphs) if n == 0 or graphs[n - 1] != g]  # each graph's quads together
    assert order == sorted(order) and len(order) == trials


def test_the_newest_copy_wins_and_the_others_are_reported(dask_shards: Path, mixed_input: dict) -> None:
    nct = mixed_input["duplicated"]
    store = TrialStore(None)
    for path in sorted(dask_shards.glob("graph-*.nq"))[1:]:
        store.load(path.read_bytes())
    query = 'SELECT ?t WHERE { GRAPH ?g { ?s ?p ?t FILTER(CONTAINS(STR(?t), "MARKER")) } }'
    assert {row["t"].value for row in store.query(query)} == {NEWEST}
    stale = [json.loads(line) for line in (dask_shards / "problems.jsonl").read_text().splitlines()]
    stale = [p for p in stale if p["nct_id"] == nct and p["reason"].startswith("stale record")]
    assert sorted(Path(p["file"]).name for p in stale) == [f"{nct}.json", "z-older.json"]


def test_problems_and_summary_are_the_local_builds(dask_shards: Path, local_build: Path) -> None:
    assert _lines(dask_shards / "problems.jsonl") == _lines(local_build / "problems.jsonl")
    errors = [json.loads(line) for line in (dask_shards / "problems.jsonl").read_text().splitlines()]
    errors = {Path(p["file"]).name for p in errors if p["severity"] == "error"}
    assert errors == {"empty.json", "truncated.json", "junk.bin", "no-id.json", "bulk.zip", "studies.jsonl"}
    summary = json.loads((dask_shards / "summary.json").read_text())
    local = json.loads((local_build / "summary.json").read_text())
    for key in ("records_read", "problems", "warnings", "formats", "studies_stale"):
        assert summary[key] == local[key], key
    assert summary["trials"] == local["store_trials"]
    assert summary["engine"] == "dask" and len(summary["worker_peak_rss_mb"]) == 2
    assert not (dask_shards / ".spill").exists()


@pytest.mark.slow
def test_every_shared_json_record_maps_as_locally(
    v2_json_dir: Path, v2_build: Path, dask_engine, tmp_path: Path
) -> None:
    """All 3,232 API v2 records of ../shared, in the default partitions: the same digest per trial."""
    from kg.distributed import ShardOptions, map_to_shards

    summary = map_to_shards(ShardOptions(inputs=[v2_json_dir], out=tmp_path), dask_engine, engine_name="dask")
    local = TrialStore(v2_build / "store", read_only=True).versions()
    assert shard_digests(tmp_path) == {graph: version.digest for graph, version in local.items()}
    assert summary.trials == len(list(v2_json_dir.glob("*.json")))
