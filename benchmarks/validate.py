"""Benchmark ``kg validate``: trials/s and peak memory, fast engine (compiled SPARQL) vs whole-graph pyshacl.

Synthetic N: the real records in ../shared/data/ctgov/v2-json repeated under new NCT ids (as
benchmarks/build.py does), built without validation, then validated in a child process per
mode so each peak-memory figure is that run's alone. Whole-graph pyshacl is run only up to
``--whole-max`` trials (it is the slow reference). Not a test: it prints figures for the notes.

    python benchmarks/validate.py 1000 10000 [--workers 2] [--whole-max 1000]
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

sys.path.insert(0, str(Path(__file__).parent))
from build import write_input

_RUN = (
    "import json, resource, sys, time; from pathlib import Path; from kg.validate import validate_store;"
    "t=time.monotonic(); r=validate_store(Path(sys.argv[1]), workers=int(sys.argv[2]), whole=sys.argv[3]=='1');"
    "print(json.dumps({'seconds': time.monotonic()-t, 'trials': r.trials, 'violations': r.violations,"
    " 'results': len(r.results), 'keys': sorted(map(list, (x.key for x in r.results))),"
    " 'cpu': time.process_time(), 'main_mb': resource.getrusage(resource.RUSAGE_SELF).ru_maxrss/1024,"
    " 'worker_mb': resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss/1024}))"
)


def build_store(n: int, work: Path) -> Path:
    data = work / f"studies-{n}.jsonl"
    write_input(n, data)
    out = work / f"out-{n}"
    code = (
        "import sys; from pathlib import Path; from kg.build import BuildOptions, build;"
        "build(BuildOptions(inputs=[Path(sys.argv[1])], out=Path(sys.argv[2]), write_files=False, validate=False))"
    )
    subprocess.run([sys.executable, "-c", code, str(data), str(out)], check=True, capture_output=True)
    data.unlink()
    return out


def validate(out: Path, workers: int, whole: bool) -> dict:
    proc = subprocess.run(
        [sys.executable, "-c", _RUN, str(out), str(workers), "1" if whole else "0"],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(proc.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sizes", nargs="*", type=int, default=[1000, 10000])
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--whole-max", type=int, default=1000, help="largest N to run whole-graph pyshacl on")
    parser.add_argument("--work", type=Path, default=None)
    args = parser.parse_args()
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}")
    head = f"{'N':>8} {'mode':<22} {'s':>8} {'trials/s':>9} {'/s/core':>8} {'main cpu s':>10}"
    print(f"{head} {'main MB':>8} {'worker MB':>9} same")
    with tempfile.TemporaryDirectory(dir=args.work) as tmp:
        for n in args.sizes:
            out = build_store(n, Path(tmp))
            fast = validate(out, args.workers, whole=False)
            _row(n, f"fast x{args.workers}", fast, args.workers, "")
            if n <= args.whole_max:
                whole = validate(out, 1, whole=True)
                _row(n, "whole graph pyshacl", whole, 1, "yes" if whole["keys"] == fast["keys"] else "NO")


def _row(n: int, mode: str, r: dict, cores: int, same: str) -> None:
    rate = r["trials"] / r["seconds"]
    print(
        f"{n:>8,} {mode:<22} {r['seconds']:>8.1f} {rate:>9,.1f} {rate / cores:>8,.1f} {r['cpu']:>10.1f} "
        f"{r['main_mb']:>8,.0f} {r['worker_mb']:>9,.0f} {same}",
        flush=True,
    )


if __name__ == "__main__":
    main()
