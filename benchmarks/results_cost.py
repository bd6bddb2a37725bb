"""What results cost the build: studies/s and quads per study, with and without results sections.

The shared API v2 records that have a results section are read and mapped (the per-study work
of a build's workers) twice in alternation, in the same run: as they are, and with the
``resultsSection`` removed, which is what the build did before results were mapped. The
load average is printed beside each row: a figure taken beside other jobs is not a figure.

    python benchmarks/results_cost.py [--every N] [--rounds R]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import time
from pathlib import Path

from kg.mapping import map_study
from kg.sources.ctgov_json.study import study_from_v2

SHARED = Path(__file__).resolve().parents[2] / "shared" / "data" / "ctgov" / "v2-json"


def run(records: list[dict]) -> tuple[float, list[int]]:
    """Seconds to read and map every record, and the quads of each."""
    start = time.perf_counter()
    sizes = [len(map_study(study_from_v2(data)[0])) for data in records]
    return time.perf_counter() - start, sizes


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--every", type=int, default=1, help="take every Nth results record")
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    with_results = []
    for path in sorted(SHARED.glob("*.json")):
        data = json.loads(path.read_bytes())
        if "resultsSection" in data:
            with_results.append(data)
    with_results = with_results[:: args.every]
    without = [{k: v for k, v in data.items() if k != "resultsSection"} for data in with_results]
    print(f"{len(with_results)} records with results; read + map, {args.rounds} alternating rounds")
    print(f"{'variant':22} {'studies/s':>10} {'median quads':>13} {'mean quads':>11} {'load avg':>9}")
    for _ in range(args.rounds):
        for name, records in (("without results", without), ("with results", with_results)):
            seconds, sizes = run(records)
            load = os.getloadavg()[0]
            print(
                f"{name:22} {len(records) / seconds:>10.1f} {statistics.median(sizes):>13.0f} "
                f"{statistics.mean(sizes):>11.0f} {load:>9.1f}"
            )


if __name__ == "__main__":
    main()
