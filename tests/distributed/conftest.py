"""Fixtures of the distributed build: a mixed input of real records, its local build, a Dask cluster.

The input holds every container the map stage partitions differently (a folder of files, a
ZIP archive read by entry ranges, a JSON Lines file the driver cuts), bad records of each kind,
and one trial three times with different last-update dates, in different partitions.
"""

from __future__ import annotations

import copy
import json
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.build import BuildOptions, build
from kg.store import TrialStore
from kg.vocab import ONTOLOGY_GRAPH, TG

PARTITION_SIZE = 16
SHARD_SIZE = 40
NEWEST, OLDER = "MARKER newest copy", "MARKER older copy"


def _dated(study: dict, *, title: str, date: str) -> dict:
    changed = copy.deepcopy(study)
    changed["protocolSection"]["identificationModule"]["briefTitle"] = title
    changed["protocolSection"]["statusModule"]["lastUpdatePostDateStruct"] = {"date": date, "type": "ACTUAL"}
    return changed


@pytest.fixture(scope="session")
def mixed_input(v2_json_dir: Path, legacy_xml_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> dict:
    """The input folder and what an independent reading of it expects (NCT ids, the duplicated one)."""
    root = tmp_path_factory.mktemp("mixed")
    folder = root / "in"
    jsons = sorted(v2_json_dir.glob("*.json"))[:130]
    xmls = sorted(legacy_xml_dir.glob("*.xml"))[:20]
    (folder / "files").mkdir(parents=True)
    for path in jsons[:60] + xmls:
        shutil.copy(path, folder / "files" / path.name)
    with zipfile.ZipFile(folder / "bulk.zip", "w") as archive:
        for path in jsons[60:90]:
            archive.writestr(path.name, path.read_bytes())
        archive.writestr("NCT-broken.json", jsons[0].read_bytes()[:300])
    studies = [json.loads(p.read_bytes()) for p in jsons[90:130]]
    lines = [json.dumps(s) for s in studies[:20]] + ["{not json"] + [json.dumps(s) for s in studies[20:]]
    (folder / "studies.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    bad = folder / "bad"
    bad.mkdir()
    (bad / "empty.json").write_bytes(b"")
    (bad / "truncated.json").write_bytes(jsons[1].read_bytes()[:500])
    (bad / "junk.bin").write_bytes(bytes(range(256)) * 8)
    no_id = json.loads(jsons[2].read_bytes())
    del no_id["protocolSection"]["identificationModule"]["nctId"]
    (bad / "no-id.json").write_text(json.dumps(no_id))
    original = json.loads(jsons[3].read_bytes())
    (folder / "dup").mkdir()
    (folder / "dup" / "a-newest.json").write_text(json.dumps(_dated(original, title=NEWEST, date="2099-01-01")))
    (folder / "dup" / "z-older.json").write_text(json.dumps(_dated(original, title=OLDER, date="2000-01-01")))
    ids = {json.loads(p.read_bytes())["protocolSection"]["identificationModule"]["nctId"] for p in jsons}
    ids |= {re.search(rb"<nct_id>(NCT\d+)</nct_id>", p.read_bytes()).group(1).decode() for p in xmls}
    duplicated = original["protocolSection"]["identificationModule"]["nctId"]
    # files up to this size are read whole by a worker; the larger JSON Lines file is cut by the driver
    cut_bytes = max(p.stat().st_size for p in folder.rglob("*") if p.suffix in (".json", ".xml"))
    assert (folder / "studies.jsonl").stat().st_size > cut_bytes
    return {"folder": folder, "nct_ids": ids, "duplicated": duplicated, "cut_bytes": cut_bytes}


@pytest.fixture(scope="session")
def local_build(mixed_input: dict, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The local build of the mixed input: the reference the distributed build must equal."""
    out = tmp_path_factory.mktemp("local")
    build(BuildOptions(inputs=[mixed_input["folder"]], out=out, workers=1, write_files=False, validate=False))
    return out


@pytest.fixture(scope="session")
def dask_engine():
    """A Dask ``LocalCluster`` of two worker processes, started once for the session."""
    pytest.importorskip("distributed", reason="Dask is an optional extra: pip install 'trialgraph[dask]'")
    from kg.distributed import engine

    with engine("dask", workers=2) as running:
        yield running


@pytest.fixture(scope="session")
def dask_shards(mixed_input: dict, dask_engine, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The mixed input mapped on Dask into shards; the shards' folder."""
    from kg.distributed import ShardOptions, map_to_shards

    out = tmp_path_factory.mktemp("dask") / "shards"
    options = ShardOptions(
        inputs=[mixed_input["folder"]],
        out=out,
        shard_size=SHARD_SIZE,
        partition_size=PARTITION_SIZE,
        cut_bytes=mixed_input["cut_bytes"],
    )
    map_to_shards(options, dask_engine, engine_name="dask")
    return out


def java_missing() -> str | None:
    """Why Spark cannot run here, or ``None`` when it can."""
    if shutil.which("java") is None:
        return "no java on PATH: Spark needs Java 17 or newer"
    try:
        subprocess.run(["java", "-version"], check=True, capture_output=True, timeout=60)
    except (OSError, subprocess.SubprocessError) as err:
        return f"java -version failed: {err}"
    return None


def store_quads(store: TrialStore, *, skip_graphs: tuple = ()) -> dict[str, set[tuple]]:
    """Graph IRI -> its quads as text, leaving out the build time (which differs between builds)."""
    graphs: dict[str, set[tuple]] = {}
    for quad in store:
        graph = str(quad.graph_name)
        if graph in skip_graphs or quad.predicate.value == "http://www.w3.org/ns/prov#generatedAtTime":
            continue
        graphs.setdefault(graph, set()).add((str(quad.subject), str(quad.predicate), str(quad.object)))
    return graphs


def shard_digests(folder: Path) -> dict[str, str]:
    """Trial graph -> the digest its provenance in the shards states, read straight from the files."""
    digests = {}
    for path in sorted(folder.glob("graph-*.nq")):
        for quad in ox.parse(path=str(path), format=ox.RdfFormat.N_QUADS):
            if quad.predicate == TG.recordDigest and quad.graph_name != ONTOLOGY_GRAPH:
                assert quad.graph_name.value not in digests, f"{quad.graph_name} in two places"
                digests[quad.graph_name.value] = quad.object.value
    return digests
