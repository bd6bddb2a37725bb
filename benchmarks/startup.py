"""Start-up cost of ``kg`` commands: wall and CPU seconds per run, alternating source trees.

    python benchmarks/startup.py --store output [--tree OLD_CHECKOUT] [--runs 5]

Each round runs every command once per tree (this checkout, and ``--tree`` if given, e.g. an
exported older commit), so a busy machine slows both alike; CPU time (user + system of the
child) is printed beside wall time because it moves less with the load average, which is
printed too. A bare interpreter (``python -c pass``) is the floor.
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parents[1]


def _run(argv: list[str], tree: Path | None) -> tuple[float, float]:
    env = {**os.environ, "PYTHONPATH": str(tree)} if tree else dict(os.environ)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    # cwd "/": "python -m kg" would import the kg of the current folder before PYTHONPATH's
    subprocess.run(argv, env=env, cwd="/", stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--store", type=Path, default=Path("output"), help="a built store (the sample is enough)")
    parser.add_argument("--tree", type=Path, default=None, help="another source tree to compare with")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    py = sys.executable
    commands = {
        "python -c pass": [py, "-c", "pass"],
        "kg query --list": [py, "-m", "kg", "query", "--list"],
    }
    store = str(args.store.resolve())
    commands["kg query trial-card"] = [py, "-m", "kg", "query", "trial-card", "--param", "nct=NCT04342793"]
    commands["kg query trial-card"] += ["--store", store, "--format", "csv"]
    trees = {"this": HERE} | ({"other": args.tree.resolve()} if args.tree else {})
    totals: dict[tuple[str, str], list[tuple[float, float]]] = {}
    for _ in range(args.runs):
        for name, argv in commands.items():
            for label, tree in trees.items():
                totals.setdefault((name, label), []).append(_run(argv, tree))
    print(f"{'command':<24} {'tree':<6} {'wall s (median)':>16} {'cpu s (median)':>15}")
    for (name, label), runs in totals.items():
        walls, cpus = sorted(w for w, _ in runs), sorted(c for _, c in runs)
        print(f"{name:<24} {label:<6} {walls[len(walls) // 2]:>16.3f} {cpus[len(cpus) // 2]:>15.3f}")
    print(f"load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
