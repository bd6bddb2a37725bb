"""Benchmark ``kg build --update``: refreshing 1% of an N-trial store against building all N.

Writes N studies (benchmarks/build.py's ``write_input``: the real shared records under new
NCT ids), builds them into a fresh store, then writes 1% of them again with a later
last-update date and a changed title and applies that as an update. The goal (issue 8) is
update time at most 5% of the full build. Then it times the fixed per-build steps one by one
on the updated store, to show what an update still pays for the whole graph.

    python benchmarks/update.py 10000 [--percent 1] [--workers 2] [--files]

Measured (2 cores, workers=2, no graph files): full build of 10,000 trials 227.2 s (4.63M
quads); 1% update (100 replaced) 16.1 s = 7.1%, over the 5% goal. Whole-store steps on the
updated store: choose_labels 2.7 s, quad_count 1.2 s, versions 0.9 s, class_counts 0.6 s
(5.4 s together: without them the update would be about 4.7%); dump_trig 104 s and
dump_turtle 126 s, so an update that rewrites graph.trig/graph.ttl costs as much as a build.

Since issue 14 an update runs none of versions, choose_labels over the store, quad_count or
class_counts: it looks each record up by index (``TrialStore.version``), labels only the entities
the delta spelled, and carries the store's figures from the previous summary plus the delta
(``kg/build/counts.py``). Run it at 10,000 and 100,000 to see the update cost stay flat.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from build import write_input

from kg.build import BuildOptions, build
from kg.store import TrialStore


def write_changes(source: Path, target: Path, percent: float) -> int:
    """Every (100/percent)-th study of ``source`` again, updated later and retitled."""
    step = max(1, round(100 / percent))
    count = 0
    with source.open(encoding="utf-8") as lines, target.open("w", encoding="utf-8") as out:
        for number, line in enumerate(lines):
            if number % step:
                continue
            study = json.loads(line)
            protocol = study["protocolSection"]
            protocol["identificationModule"]["briefTitle"] += " (amended)"
            protocol["statusModule"]["lastUpdatePostDateStruct"] = {"date": "2099-01-01", "type": "ACTUAL"}
            out.write(json.dumps(study, ensure_ascii=False, separators=(",", ":")) + "\n")
            count += 1
    return count


def fixed_steps(out: Path) -> dict[str, float]:
    """Seconds each whole-store step of a build takes on the store in ``out``."""
    store = TrialStore(out / "store")
    timings: dict[str, float] = {}
    for name, step in [
        ("versions", store.versions),
        ("choose_labels", store.choose_labels),
        ("load_ontology", store.load_ontology),
        ("quad_count", store.__len__),
        ("trial_count", store.trial_count),
        ("class_counts", store.class_counts),
        ("dump_trig", lambda: store.dump_trig(out / "bench.trig")),
        ("dump_turtle", lambda: store.dump_turtle(out / "bench.ttl")),
    ]:
        started = time.monotonic()
        step()
        timings[name] = time.monotonic() - started
    return timings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", nargs="?", type=int, default=10_000)
    parser.add_argument("--percent", type=float, default=1.0)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--files", action="store_true", help="also write graph.trig/graph.ttl in both builds")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        write_input(args.n, work / "all.jsonl")
        changed = write_changes(work / "all.jsonl", work / "changes.jsonl", args.percent)
        options = {"out": work / "out", "workers": args.workers, "write_files": args.files, "validate": False}
        full = build(BuildOptions(inputs=[work / "all.jsonl"], **options))
        update = build(BuildOptions(inputs=[work / "changes.jsonl"], update=True, **options))
        print(f"N={args.n:,}, {changed:,} changed ({args.percent}%), workers={args.workers}, files={args.files}")
        print(f"full build    {full.seconds:8.2f} s  ({full.studies_built:,} trials, {full.store_quads:,} quads)")
        print(
            f"update        {update.seconds:8.2f} s  ({update.seconds / full.seconds:.1%} of the full build; "
            f"new {update.studies_new}, replaced {update.studies_replaced}, unchanged {update.studies_unchanged}, "
            f"stale {update.studies_stale})"
        )
        print("whole-store steps on the updated store (a fresh build ends with them; an update runs none):")
        for name, seconds in fixed_steps(work / "out").items():
            print(f"  {name:<14} {seconds:8.3f} s")


if __name__ == "__main__":
    main()
