"""Benchmark ``kg validate``: trials/s, trials per CPU-second and peak memory, per design.

Synthetic N: the real records in ../shared/data/ctgov/v2-json repeated under new NCT ids (as
benchmarks/build.py does), built without validation, then validated in a child process per
mode so each figure is that run's alone: the fast engine as ``kg validate`` runs it (node-shape
scans, ``--workers`` processes), the same scans in one process, the design it replaced (one
query per constraint, one process) when ``--before`` is given, and whole-graph pyshacl up to
``--whole-max`` trials (the slow reference; "same" compares result keys with it). The load
average is printed beside every row: on a shared machine only ratios within one run mean much.
Not a test: it prints figures for the notes.

    python benchmarks/validate.py 1000 10000 [--workers 2] [--whole-max 1000] [--before] [--store-dir DIR]
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
    " 'cpu': time.process_time() + resource.getrusage(resource.RUSAGE_CHILDREN).ru_utime,"
    " 'main_mb': resource.getrusage(resource.RUSAGE_SELF).ru_maxrss/1024,"
    " 'worker_mb': resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss/1024}))"
)
# the design the scans replaced: every compiled check as its own query over the whole store
_BEFORE = (
    "import json, resource, sys, time; from pathlib import Path; from kg.store import TrialStore;"
    "from kg.validate.compiled import class_closure, run_check; from kg.validate.compiler import compile_checks;"
    "from kg.validate.shapes import shapes_graph; from kg.validate.sparql_rules import run_rules;"
    "t=time.monotonic(); s=TrialStore(Path(sys.argv[1]) / 'store', read_only=True); c=class_closure(s);"
    "r=run_rules(s, c) + [x for k in compile_checks(shapes_graph(), c) for x in run_check(s, k)];"
    "print(json.dumps({'seconds': time.monotonic()-t, 'trials': s.trial_count(), 'keys': sorted(map(list,"
    " {x.key for x in r})), 'cpu': time.process_time(), 'main_mb': resource.getrusage(resource.RUSAGE_SELF)"
    ".ru_maxrss/1024, 'worker_mb': 0}))"
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


def validate(out: Path, workers: int, whole: bool, code: str = _RUN) -> dict:
    proc = subprocess.run(
        [sys.executable, "-c", code, str(out), str(workers), "1" if whole else "0"],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(proc.stdout.strip().splitlines()[-1])


def _load() -> str:
    return "load " + " ".join(f"{x:.1f}" for x in os.getloadavg())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sizes", nargs="*", type=int, default=[1000, 10000])
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--whole-max", type=int, default=1000, help="largest N to run whole-graph pyshacl on")
    parser.add_argument("--before", action="store_true", help="also run the per-constraint design it replaced")
    parser.add_argument("--work", type=Path, default=None)
    parser.add_argument("--store-dir", type=Path, default=None, help="reuse builds in DIR/out-N (kept)")
    args = parser.parse_args()
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}")
    head = f"{'N':>8} {'mode':<24} {'s':>8} {'trials/s':>9} {'/cpu-s':>8} {'cpu s':>8}"
    print(f"{head} {'main MB':>8} {'worker MB':>9} same  load average")
    with tempfile.TemporaryDirectory(dir=args.work) as tmp:
        for n in args.sizes:
            existing = args.store_dir / f"out-{n}" if args.store_dir else None
            out = existing if existing and existing.is_dir() else build_store(n, Path(tmp))
            fast = validate(out, args.workers, whole=False)
            _row(n, f"scans x{args.workers}", fast, "")
            if args.workers > 1:
                single = validate(out, 1, whole=False)
                _row(n, "scans x1", single, "yes" if single["keys"] == fast["keys"] else "NO")
            if args.before:
                before = validate(out, 1, whole=False, code=_BEFORE)
                _row(n, "per-constraint x1 (before)", before, "yes" if before["keys"] == fast["keys"] else "NO")
            if n <= args.whole_max:
                whole = validate(out, 1, whole=True)
                _row(n, "whole graph pyshacl", whole, "yes" if whole["keys"] == fast["keys"] else "NO")


def _row(n: int, mode: str, r: dict, same: str) -> None:
    rate = r["trials"] / r["seconds"]
    print(
        f"{n:>8,} {mode:<24} {r['seconds']:>8.1f} {rate:>9,.1f} {r['trials'] / r['cpu']:>8,.1f} {r['cpu']:>8.1f} "
        f"{r['main_mb']:>8,.0f} {r['worker_mb']:>9,.0f} {same:<4}  {_load()}",
        flush=True,
    )


if __name__ == "__main__":
    main()
