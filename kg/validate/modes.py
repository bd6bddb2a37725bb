"""Validate a built store trial by trial, in parallel processes, or as one whole graph.

Each worker opens the store read-only (RocksDB allows many read-only openers), pulls the
units of its batch of trials (``units.trial_unit``), and validates the batch as one data
graph: the units are self-contained and the shapes local, so a batch gives the union of its
units' results while pyshacl's per-call overhead is paid once per batch. Results on a shared
node reached from several trials are reported once. Cost grows linearly with the number of
trials and memory stays flat (one batch per worker at a time).
"""

from __future__ import annotations

import functools
import multiprocessing
import os
import time
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import rdflib

from kg.store import TrialStore, find_store
from kg.validate.compiled import fast_results
from kg.validate.pyshacl_engine import Engine, reference_results
from kg.validate.report import ValidationReport
from kg.validate.result import ValidationResult
from kg.validate.trial_units import owners, subclass_axioms, trial_unit, whole_graph
from kg.validate.value_tests import to_rdflib

BATCH = 16
ENGINES = ("fast", "pyshacl")
_worker: dict[str, object] = {}


def validate_store(
    out: Path,
    *,
    workers: int = 0,
    whole: bool = False,
    graphs: list[str] | None = None,
    batch: int = BATCH,
    engine: str = "fast",
) -> ValidationReport:
    """Validate the store of the build in ``out`` (see ``find_store``); ``graphs`` limits it to some trials.

    ``engine`` "fast" runs the shapes compiled to SPARQL over the whole store (the default);
    "pyshacl" runs pyshacl trial by trial; ``whole`` runs plain pyshacl on everything at once."""
    if engine not in ENGINES:
        raise ValueError(f"unknown engine {engine!r}; choose one of {', '.join(ENGINES)}")
    started = time.monotonic()
    store_path = find_store(out)
    if whole:
        results, trials = _whole(store_path, graphs), None
    elif engine == "fast":
        results, trials = _fast(store_path, graphs, workers or os.cpu_count() or 1), None
    else:
        results, trials = _by_trial(store_path, graphs, workers or os.cpu_count() or 1, batch)
    store = TrialStore(store_path, read_only=True)
    trials = trials if trials is not None else (len(graphs) if graphs is not None else store.trial_count())
    found = owners(store, {r.focus for r in results})
    results = sorted({r.key: _owned(r, found) for r in results}.values())
    mode = _mode(whole, engine, workers or os.cpu_count() or 1)
    return ValidationReport(results=results, trials=trials, seconds=time.monotonic() - started, mode=mode)


def _mode(whole: bool, engine: str, workers: int) -> str:
    if whole:
        return "whole graph (pyshacl)"
    if engine == "fast":
        return f"shapes compiled to SPARQL over the whole store ({workers} processes)"
    return f"pyshacl trial by trial ({workers} processes)"


def _fast(store_path: Path, graphs: list[str] | None, workers: int) -> list[ValidationResult]:
    """The fast engine on the whole store; with ``graphs``, only results on nodes of those trials'
    units (their graphs and the shared nodes they reference), as per-trial validation sees them."""
    results = fast_results(store_path, workers)
    if graphs is None:
        return results
    store = TrialStore(store_path, read_only=True)
    nodes = set()
    for graph in graphs:
        for t in trial_unit(store, ox.NamedNode(graph), store.shared):
            nodes.update(n.value for n in (t.subject, t.object) if not isinstance(n, ox.Literal))
    return [r for r in results if r.focus in nodes]


def _owned(result: ValidationResult, found: dict[str, str]) -> ValidationResult:
    nct = found.get(result.focus, "")
    return result if result.nct_id == nct else ValidationResult(**{**result.as_raw(), "nct_id": nct})


def _by_trial(
    store_path: Path, graphs: list[str] | None, workers: int, batch: int
) -> tuple[list[ValidationResult], int]:
    if graphs is None:
        graphs = sorted(TrialStore(store_path, read_only=True).trial_graphs())
    batches = [graphs[i : i + batch] for i in range(0, len(graphs), batch)]
    results: list[ValidationResult] = []
    if workers > 1 and len(batches) > 1:
        methods = multiprocessing.get_all_start_methods()
        context = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
        with context.Pool(workers, initializer=_init, initargs=(str(store_path),)) as pool:
            for chunk in pool.imap_unordered(_validate_batch, batches):
                results.extend(chunk)
    else:
        _init(str(store_path))
        for item in batches:
            results.extend(_validate_batch(item))
    return results, len(graphs)


def _init(store_path: str) -> None:
    """Per worker: open the store read-only and compile the shapes once."""
    store = TrialStore(Path(store_path), read_only=True)
    _worker.update(store=store, engine=_engine(), axioms=subclass_axioms(store))


@functools.cache
def _engine() -> Engine:
    """One engine per process: compiling the shapes costs more than validating a small build."""
    return Engine()


def _validate_batch(graphs: list[str]) -> list[ValidationResult]:
    store: TrialStore = _worker["store"]  # type: ignore[assignment]
    engine: Engine = _worker["engine"]  # type: ignore[assignment]
    triples: set[ox.Triple] = set(_worker["axioms"])  # type: ignore[arg-type]
    for graph in graphs:
        unit = trial_unit(store, ox.NamedNode(graph), store.shared)
        triples.update(unit)
    return engine.validate(triples)


def _whole(store_path: Path, graphs: list[str] | None) -> list[ValidationResult]:
    """Plain pyshacl, every shape, on one rdflib Memory graph of the whole store (or of the
    union of the given trials' units): the reference the per-trial path must equal."""
    store = TrialStore(store_path, read_only=True)
    term = to_rdflib
    graph = rdflib.Graph()
    for t in _whole_triples(store, graphs):
        graph.add((term(t.subject), term(t.predicate), term(t.object)))
    return reference_results(graph)


def _whole_triples(store: TrialStore, graphs: list[str] | None) -> Iterator[ox.Triple]:
    if graphs is None:
        yield from whole_graph(store)
        return
    yield from subclass_axioms(store)
    for graph in graphs:
        yield from trial_unit(store, ox.NamedNode(graph), store.shared)
