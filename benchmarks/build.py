"""Benchmark ``kg build``: studies/s, quads/s and peak memory for N studies.

The real records in ../shared/data/ctgov/v2-json are repeated under new NCT ids
(NCT9xxxxxxx) until N is reached, written as one JSON Lines file, and built into a fresh
on-disk store. Not a test: it prints figures for the issue notes.

    python benchmarks/build.py 10000 100000 [--workers 2] [--batch-quads 200000 1000000]

``--batch-quads`` builds each N once per loader batch size, in the same run, so the figures
compare (the load average is printed beside each row: a figure taken beside other jobs is not
a figure).

Measured for issue 14 (2 cores shared with six other jobs, load average 25-35, so the absolute
figures are several times the quiet ones; compare ratios within one run): per study, parse + map +
serialise took 6.6-6.9 CPU-ms after the Emitter wrote N-Quads lines directly and orjson decoded
the JSON, against 8.6-8.8 CPU-ms before (2,000 real records, alternating, -22%). Loading the same
2.55M quads (5,000 studies) in 200k / 500k / 1M-quad bulk loads: 82 / 62 / 64 CPU-s, 305 / 282 /
211 bytes per quad, peak RSS 326 / 795 / 1391 MB; 1M with ``lenient`` 55 CPU-s.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
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


def run(n: int, workers: int, work: Path, batch_quads: int | None = None) -> dict:
    """Build N studies in a child process (so memory figures are this build's alone)."""
    data = work / f"studies-{n}.jsonl"
    size = write_input(n, data)
    out = work / f"out-{n}-{batch_quads}"
    code = (
        "import json, resource, sys, time;"
        "from pathlib import Path;"
        "from kg.build import BuildOptions, build;"
        "import kg.build.loader as loader;"
        + (f"loader.BATCH_QUADS={batch_quads};" if batch_quads else "")
        + "t=time.monotonic();"
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
    shutil.rmtree(out)
    return result


def _du(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sizes", nargs="*", type=int, default=[1000, 10000])
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--work", type=Path, default=None, help="scratch folder (default: a temp folder)")
    parser.add_argument("--batch-quads", type=int, nargs="*", default=[None], help="loader batch sizes to compare")
    args = parser.parse_args()
    print(
        f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}; workers={args.workers}"
    )
    print(
        f"{'N':>8} {'batch':>9} {'s':>8} {'studies/s':>10} {'/s/core':>8} {'quads/s':>10} {'main MB':>8} "
        f"{'worker MB':>9} {'store MB':>9} {'B/quad':>7}  load average"
    )
    with tempfile.TemporaryDirectory(dir=args.work) as tmp:
        for n in args.sizes:
            for batch in args.batch_quads:
                r = run(n, args.workers, Path(tmp), batch)
                rate = r["records"] / r["seconds"]
                print(
                    f"{n:>8,} {batch or 'default':>9} {r['seconds']:>8.1f} {rate:>10,.0f} {rate / args.workers:>8,.0f} "
                    f"{r['quads'] / r['seconds']:>10,.0f} {r['main_rss_mb']:>8,.0f} {r['worker_rss_mb']:>9,.0f} "
                    f"{r['store_mb']:>9,.0f} {r['store_mb'] * 2**20 / r['quads']:>7,.0f}  "
                    + " ".join(f"{x:.2f}" for x in os.getloadavg()),
                    flush=True,
                )


if __name__ == "__main__":
    main()
