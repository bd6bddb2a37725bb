"""Compare the build speed of two checkouts of kg in one run, alternating A and B.

Each round builds the same N real records (repeated under new NCT ids, as ``build.py`` does)
once with each checkout's ``kg`` on ``PYTHONPATH``, so both see the same machine load; the load
average is printed beside every row. Not a test: it prints figures for the issue notes.

    git archive main | tar -x -C /tmp/kg-before
    python benchmarks/build_ab.py /tmp/kg-before . --n 1000 --rounds 2 --workers 2
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from build import run  # the build benchmark's own runner


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("a", type=Path, help="checkout A (the folder holding kg/)")
    parser.add_argument("b", type=Path, help="checkout B")
    parser.add_argument("--n", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    args = parser.parse_args()
    print(f"{'code':<28} {'round':>5} {'s':>8} {'studies/s':>10} {'quads':>11} {'quads/study':>11}  load average")
    rates: dict[str, list[float]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        os.chdir(tmp)  # the child build puts its working folder first on sys.path: keep any checkout out of it
        for round_ in range(1, args.rounds + 1):
            for code in (args.a, args.b):
                os.environ["PYTHONPATH"] = str(code.resolve())
                r = run(args.n, args.workers, Path(tmp))
                rate = r["records"] / r["seconds"]
                rates.setdefault(str(code), []).append(rate)
                print(
                    f"{str(code)[-28:]:<28} {round_:>5} {r['seconds']:>8.1f} {rate:>10,.1f} {r['quads']:>11,} "
                    f"{r['quads'] / r['records']:>11,.0f}  " + " ".join(f"{x:.2f}" for x in os.getloadavg()),
                    flush=True,
                )
    a, b = (sum(rates[str(c)]) / len(rates[str(c)]) for c in (args.a, args.b))
    print(f"mean studies/s: A {a:,.1f}, B {b:,.1f}; B/A = {b / a:.2f}")


if __name__ == "__main__":
    main()
