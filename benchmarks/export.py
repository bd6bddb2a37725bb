"""Benchmark the exports: seconds and peak memory per export of an N-trial graph.

Synthesises N trials by repeating the real records under new NCT ids (benchmarks/build.py's
``write_input``), builds them once, then runs each export in its own child process so each
peak-memory figure is that export's alone (VmHWM: ru_maxrss would carry the parent's build peak
across exec). Not a test: it prints figures for the issue note.

    python benchmarks/export.py 10000 [--workers 4] [--work DIR]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from build import write_input

EXPORTS = [
    ("neo4j", {}),
    ("gephi", {"projection": "full"}),
    ("gephi", {"projection": "trials"}),
    ("rdf", {"rdf_format": "nquads"}),
    ("rdf", {"rdf_format": "nquads", "shard_size": 1000}),
    ("rdf", {"rdf_format": "turtle"}),
    ("rdf", {"rdf_format": "jsonld"}),
]
_CHILD = """
import json, sys, time
from pathlib import Path
from kg.export import exporter
from kg.store import TrialStore
name, options, store, out = sys.argv[1], json.loads(sys.argv[2]), Path(sys.argv[3]), Path(sys.argv[4])
t = time.monotonic()
if name == "analyze":
    from kg.network.analyze import analyze
    analyze(store)
    counts = {}
else:
    counts = exporter(name).export(TrialStore(store, read_only=True), out, **options).counts
hwm = next(int(line.split()[1]) for line in open("/proc/self/status") if line.startswith("VmHWM"))
size = sum(p.stat().st_size for p in out.rglob("*") if p.is_file()) if out.exists() else 0
print(json.dumps({"seconds": time.monotonic() - t, "peak_mb": hwm / 1024,
                  "out_mb": size / 2**20, "nodes": sum(v for k, v in counts.items() if k.startswith("nodes")),
                  "edges": sum(v for k, v in counts.items() if k.startswith(("relationships", "edges"))),
                  "skipped": sum(v for k, v in counts.items() if k.startswith("features shared"))}))
"""


def run_export(name: str, options: dict, store: Path, out: Path) -> dict:
    """One export in a child process; its time, peak RSS and output size."""
    args = [sys.executable, "-c", _CHILD, name, json.dumps(options), str(store), str(out)]
    proc = subprocess.run(args, capture_output=True, text=True)
    if proc.returncode:
        tail = (proc.stderr.strip().splitlines() or [f"exit {proc.returncode}"])[-1]
        return {"error": f"failed (exit {proc.returncode}): {tail}"}
    return json.loads(proc.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int, nargs="?", default=10000)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--work", type=Path, default=None, help="scratch folder (default: a temp folder)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(dir=args.work) as tmp:
        work = Path(tmp)
        write_input(args.n, work / "studies.jsonl")
        from kg.build import BuildOptions, build

        report = build(
            BuildOptions(inputs=[work / "studies.jsonl"], out=work / "build", workers=args.workers, write_files=False)
        )
        print(f"{args.n} trials, {report.quads_loaded:,} quads")
        print(f"{'export':<40} {'s':>8} {'peak MB':>8} {'out MB':>8} {'nodes':>9} {'edges':>11}  skipped")
        for i, (name, options) in enumerate([*EXPORTS, ("analyze", {})]):
            r = run_export(name, options, work / "build" / "store", work / f"out-{i}")
            label = name + " " + " ".join(f"{k}={v}" for k, v in options.items())
            if "error" in r:
                print(f"{label:<40} {r['error']}", flush=True)
                continue
            print(
                f"{label:<40} {r['seconds']:>8.1f} {r['peak_mb']:>8.0f} {r['out_mb']:>8.1f} {r['nodes']:>9,} "
                f"{r['edges']:>11,}  {r['skipped'] or ''}",
                flush=True,
            )


if __name__ == "__main__":
    main()
