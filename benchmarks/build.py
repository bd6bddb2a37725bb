"""Benchmark ``kg build``: studies/s, quads/s and peak memory for N studies.

The real records in ../shared/data/ctgov/v2-json are repeated under new NCT ids
(NCT9xxxxxxx) until N is reached, written as one JSON Lines file, and built into a fresh
on-disk store. Not a test: it prints figures for the issue notes.

    python benchmarks/build.py 10000 100000 [--workers 2] [--keep]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
from pathlib import Path

SHARED = Path(__file__).resolve().parents[2] / "shared" / "data" / "ctgov" / "v2-json"


def write_input(n: int, path: Path) -> int:
    """Write N studies as JSON Lines, cycling over the real records with new NCT ids."""
    sources = sorted(SHARED.glob("*.json"))
    if not sources:
        sys.exit(f"no records found in {SHARED}")
    records = [json.loads(p.read_bytes()) for p in sources]
    with path.open("w", encoding="utf-8") as out:
        for i in range(n):
            study = records[i % len(records)]
            study["protocolSection"]["identificationModule"]["nctId"] = f"NCT9{i:07d}"
            out.write(json.dumps(study, ensure_ascii=False, separators=(",", ":")) + "\n")
    return path.stat().st_size


def run(n: int, workers: int, work: Path) -> dict:
    """Build N studies in a child process (so memory figures are this build's alone)."""
    data = work / f"studies-{n}.jsonl"
    size = write_input(n, data)
    out = work / f"out-{n}"
    code = (
        "import json, resource, sys, time;"
        "from pathlib import Path;"
        "from kg.build import BuildOptions, build;"
        "t=time.monotonic();"
        f"r=build(BuildOptions(inputs=[Path({str(data)!r})], out=Path({str(out)!r}), workers={workers}, validate=False,"
        " write_files=False));"
        "print(json.dumps({'records': r.records_read, 'built': r.studies_built, 'quads': r.quads_loaded,"
        " 'seconds': time.monotonic()-t, 'problems': r.problems,"
        " 'main_rss_mb': resource.getrusage(resource.RUSAGE_SELF).ru_maxrss/1024,"
        " 'worker_rss_mb': resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss/1024}))"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    result.update(n=n, input_mb=size / 2**20, store_mb=_du(out / "store") / 2**20)
    data.unlink()
    return result


def _du(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sizes", nargs="*", type=int, default=[1000, 10000])
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--work", type=Path, default=None, help="scratch folder (default: a temp folder)")
    args = parser.parse_args()
    print(
        f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}; workers={args.workers}"
    )
    print(
        f"{'N':>8} {'s':>8} {'studies/s':>10} {'/s/core':>8} {'quads/s':>10} {'main MB':>8} {'worker MB':>9} "
        f"{'store MB':>9}"
    )
    with tempfile.TemporaryDirectory(dir=args.work) as tmp:
        for n in args.sizes:
            r = run(n, args.workers, Path(tmp))
            rate = r["records"] / r["seconds"]
            print(
                f"{n:>8,} {r['seconds']:>8.1f} {rate:>10,.0f} {rate / args.workers:>8,.0f} "
                f"{r['quads'] / r['seconds']:>10,.0f} {r['main_rss_mb']:>8,.0f} {r['worker_rss_mb']:>9,.0f} "
                f"{r['store_mb']:>9,.0f}",
                flush=True,
            )


if __name__ == "__main__":
    main()
