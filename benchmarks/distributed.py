"""Benchmark the build's map stage: local worker processes against Dask on local workers.

The real records in ../shared/data/ctgov/v2-json are repeated under new NCT ids
(NCT9xxxxxxx) until N is reached and written as one ZIP archive, one study per entry (the
shape of the registry's bulk ``ctg-studies.json.zip``). The same archive then goes, in one
run and alternating, through

- ``local``: the local build's map stage (``raw_records`` cut in the main process, a process
  pool running ``map_chunk``, as ``kg build`` does), the mapped trials counted and dropped;
- ``dask``: ``map_to_shards`` on a ``LocalCluster`` of W worker processes (entry ranges read by
  the workers, winners chosen by the local loader's rule, shards written), cluster start apart;

each in a child process, with wall time, the main process's and the workers' peak memory,
and whether the Dask shards hold every trial with the local digest. It ends with what a
10-worker cluster would need for the whole registry, from the per-record costs measured.
Not a test: it prints figures for the issue notes (the machine may be shared: see uptime).

    python benchmarks/distributed.py 10000 [--workers 2] [--rounds 1]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

SHARED = Path(__file__).resolve().parents[2] / "shared" / "data" / "ctgov" / "v2-json"
REGISTRY = 560_000
CLUSTER = 10

LOCAL = """
import json, os, sys, time
from multiprocessing import get_context
from pathlib import Path
from kg import __version__
from kg.build.workers import Mapped, map_chunk
from kg.distributed.maptask import peak_rss_mb
from kg.model import Problem
from kg.sources import raw_records

def chunks(items, size=32):
    chunk = []
    for item in items:
        if isinstance(item, Problem):
            continue
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk

def task(chunk):
    mapped = map_chunk(chunk, "https://w3id.org/trialgraph/", "t", __version__)
    return [(m.graph, m.digest) for m in mapped if isinstance(m, Mapped)], os.getpid(), peak_rss_mb()

if __name__ == "__main__":
    data, workers, digests = Path(sys.argv[1]), int(sys.argv[2]), Path(sys.argv[3])
    t = time.monotonic()
    found, peaks = {}, {}
    with get_context("fork").Pool(workers) as pool:
        for result, pid, peak in pool.imap(task, chunks(raw_records([data]))):
            found.update(result)
            peaks[f"pid {pid}"] = max(peaks.get(f"pid {pid}", 0), peak)
    seconds = time.monotonic() - t
    digests.write_text(json.dumps(found))
    print(json.dumps({"seconds": seconds, "trials": len(found),
        "main_rss_mb": peak_rss_mb(), "worker_rss_mb": peaks}))
"""

DASK = """
import json, sys, time
from pathlib import Path
import pyoxigraph as ox
from kg.distributed import ShardOptions, engine, map_to_shards
from kg.distributed.maptask import peak_rss_mb
from kg.vocab import TG

if __name__ == "__main__":
    data, workers, out = Path(sys.argv[1]), int(sys.argv[2]), Path(sys.argv[3])
    t = time.monotonic()
    with engine("dask", workers=workers) as running:
        started = time.monotonic() - t
        t = time.monotonic()
        summary = map_to_shards(ShardOptions(inputs=[data], out=out), running, engine_name="dask")
        seconds = time.monotonic() - t
    digests = {}
    for path in sorted(out.glob("graph-*.nq"))[1:]:
        for quad in ox.parse(path=str(path), format=ox.RdfFormat.N_QUADS):
            if quad.predicate == TG.recordDigest:
                digests[quad.graph_name.value] = quad.object.value
    (out / "digests.json").write_text(json.dumps(digests))
    s = summary.to_json()
    print(json.dumps({"seconds": seconds, "cluster_start": started, "trials": s["trials"], "records": s["records_read"],
        "task_seconds": s["task_seconds"], "task_cpu_seconds": s["task_cpu_seconds"],
        "map_seconds": s["map_seconds"], "partitions": s["partitions"],
        "quads": s["quads_written"], "shard_bytes": sum(p.stat().st_size for p in out.glob("graph-*.nq")),
        "main_rss_mb": peak_rss_mb(), "worker_rss_mb": s["worker_peak_rss_mb"]}))
"""


def write_input(n: int, path: Path) -> int:
    """Write N studies as a ZIP of one JSON file each, cycling over the real records with new NCT ids."""
    records = [json.loads(p.read_bytes()) for p in sorted(SHARED.glob("*.json"))]
    if not records:
        sys.exit(f"no records found in {SHARED}")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for i in range(n):
            study = records[i % len(records)]
            nct = f"NCT9{i:07d}"
            study["protocolSection"]["identificationModule"]["nctId"] = nct
            archive.writestr(f"{nct}.json", json.dumps(study, ensure_ascii=False))
    return path.stat().st_size


def _child(code: str, *args: str) -> dict:
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1])}
    done = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, env=env, check=False)
    if done.returncode:
        sys.exit(f"child failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def _uptime() -> str:
    return subprocess.run(["uptime"], capture_output=True, text=True, check=False).stdout.strip()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("sizes", nargs="*", type=int, default=[10_000])
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--rounds", type=int, default=1)
    args = parser.parse_args()
    for n in args.sizes:
        with tempfile.TemporaryDirectory(prefix="kg-dist-bench-") as tmp:
            work = Path(tmp)
            data = work / f"ctg-studies-{n}.json.zip"
            size = write_input(n, data)
            print(f"\n{n:,} studies, {size / 1e6:.1f} MB zipped, {args.workers} workers")
            for r in range(args.rounds):
                local = _child(LOCAL, str(data), str(args.workers), str(work / "local.json"))
                print(f"  local round {r}: {json.dumps(local)}\n    {_uptime()}")
                dask = _child(DASK, str(data), str(args.workers), str(work / "shards"))
                print(f"  dask  round {r}: {json.dumps(dask)}\n    {_uptime()}")
                same = json.loads((work / "local.json").read_text()) == json.loads(
                    (work / "shards" / "digests.json").read_text()
                )
                ratio = dask["seconds"] / local["seconds"]
                print(f"  shards hold every trial with the local digest: {same}; wall time dask/local {ratio:.2f}")
            _on_paper(n, dask)


def _on_paper(n: int, dask: dict) -> None:
    """What a 10-worker cluster would need for the registry, scaled from the per-record costs measured."""
    per_record = dask["task_cpu_seconds"] / dask["records"]
    shard_bytes = dask["shard_bytes"] / dask["trials"]
    worker_mb = max(dask["worker_rss_mb"].values())
    hours = REGISTRY * per_record / CLUSTER / 3600
    print(f"  on paper, {REGISTRY:,} studies on {CLUSTER} workers (one core each):")
    wall = dask["task_seconds"] / dask["records"] * 1000
    print(f"    map CPU per record {per_record * 1000:.1f} ms ({wall:.1f} ms wall under this load) -> {hours:.2f} h")
    print(f"    shards {REGISTRY * shard_bytes / 1e9:.1f} GB ({shard_bytes / 1e3:.1f} kB/trial), spilled once first")
    print(f"    worker memory: peak {worker_mb:.0f} MB each here (per partition, not per input size)")
    print(f"    driver: {dask['main_rss_mb']:.0f} MB here for {n:,}; its per-trial book grows with the registry")


if __name__ == "__main__":
    main()
