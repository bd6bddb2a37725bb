"""Benchmark the query catalogue: median time of every query on the embedded store and on rdflib.

Builds N synthetic trials (the real records repeated under new NCT ids, as
``benchmarks/build.py`` does) into a fresh on-disk store, dumps it as N-Quads, loads those
into an in-memory rdflib ``Dataset`` (default graph = union), and runs every catalogue query
with the same text and parameters on both, reporting the median of several runs and the row
counts (which should agree). Not a test: it prints the table for the issue notes.

    python benchmarks/query.py [N] [--runs 5] [--rdflib-runs 3] [--rdflib-timeout 120]
    python benchmarks/query.py --store output/ --no-rdflib   # time an existing build's store only
"""

from __future__ import annotations

import argparse
import os
import platform
import signal
import statistics
import sys
import tempfile
import time
from pathlib import Path

import pyoxigraph as ox
import rdflib

sys.path.insert(0, str(Path(__file__).resolve().parent))
from build import write_input

from kg.build import BuildOptions, build
from kg.query import run_sparql
from kg.query.catalogue import load_all
from kg.store import TrialStore

#: One typical value per parameter name (only required parameters are set; the rest keep defaults).
SAMPLES = {
    "condition": "cancer",
    "name": "placebo",
    "age": "40",
    "sex": "female",
    "nct": "NCT90000001",
    "identifier": "AL101-NASH",
    "sponsor": "novartis",
}


def _median_ms(runs: int, call) -> tuple[float, int]:
    times, rows = [], 0
    for _ in range(runs):
        start = time.perf_counter()
        rows = call()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), rows


def _alarm(signum, frame):
    raise TimeoutError


def _rdflib_ms(dataset: rdflib.Dataset, text: str, runs: int, timeout: int) -> tuple[str, str]:
    """Median on rdflib and its row count as cells: "> N ms" when a run exceeds the timeout
    (rdflib is pure Python, so the alarm interrupts it), the error's name when rdflib fails."""
    signal.signal(signal.SIGALRM, _alarm)
    signal.alarm(timeout)
    try:
        ms, rows = _median_ms(runs, lambda: len(list(dataset.query(text))))
        return f"{ms:,.0f}", f"{rows:,}"
    except TimeoutError:
        return f"> {timeout * 1000:,}", ""
    except Exception as exc:  # rdflib's own failures are part of the comparison
        return f"fails: {type(exc).__name__}", ""
    finally:
        signal.alarm(0)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", nargs="?", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--rdflib-runs", type=int, default=3)
    parser.add_argument("--rdflib-timeout", type=int, default=120, help="seconds before an rdflib query is abandoned")
    parser.add_argument("--work", type=Path, default=None)
    parser.add_argument("--store", type=Path, default=None, help="time this build's store instead of building N")
    parser.add_argument("--no-rdflib", action="store_true", help="time the Oxigraph store only")
    args = parser.parse_args()
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, load {os.getloadavg()[0]:.1f}, "
        f"Python {platform.python_version()}, pyoxigraph {ox.__version__}, rdflib {rdflib.__version__}"
    )
    with tempfile.TemporaryDirectory(dir=args.work) as tmp:
        out = args.store or _build(args.n, Path(tmp))
        store = TrialStore.open(out)
        dataset = None if args.no_rdflib else _rdflib_copy(store)
        _report(store, dataset, args)


def _build(n: int, work: Path) -> Path:
    write_input(n, work / "studies.jsonl")
    start = time.perf_counter()
    build(BuildOptions(inputs=[work / "studies.jsonl"], out=work / "out", write_files=False, validate=False))
    print(f"built {n:,} trials in {time.perf_counter() - start:.0f} s")
    return work / "out"


def _rdflib_copy(store: ox.Store) -> rdflib.Dataset:
    """The same quads in an in-memory rdflib Dataset whose default graph is the union."""
    start = time.perf_counter()
    dataset = rdflib.Dataset(default_union=True)
    dataset.parse(data=store.dump(format=ox.RdfFormat.N_QUADS), format="nquads")
    print(f"{len(store):,} quads; rdflib loaded them in {time.perf_counter() - start:.0f} s")
    return dataset


def _report(store: ox.Store, dataset: rdflib.Dataset | None, args: argparse.Namespace) -> None:
    print("\n| query | rows | Oxigraph store, median ms | rdflib Dataset, median ms | rdflib rows |")
    print("|---|---:|---:|---:|---:|")
    for name, query in load_all().items():
        text = query.sparql({p.name: SAMPLES[p.name] for p in query.params if p.default is None})
        ox_ms, ox_rows = _median_ms(args.runs, lambda text=text: len(run_sparql(store, text).rows))
        rd, rd_count = (
            ("-", "") if dataset is None else _rdflib_ms(dataset, text, args.rdflib_runs, args.rdflib_timeout)
        )
        print(f"| {name} | {ox_rows:,} | {ox_ms:,.1f} | {rd} | {rd_count} |", flush=True)


if __name__ == "__main__":
    main()
