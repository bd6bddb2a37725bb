"""Validate a built store: the shapes compiled to SPARQL (fast), or plain pyshacl on the whole graph.

Both engines read the store as one data graph (every named graph but the ontology's), so a
fact that spans graphs (a link into another trial's arm, a second NCT number stated in another
trial's graph, a MeSH term only in the shared graph, triples in an extra named graph) counts
the same in both. pyshacl used to run trial by trial on each trial's graph plus the shared
nodes it references; such units cannot see those facts, so it answered differently from the
whole graph on stores that hold them, and it was retired: ``engine="pyshacl"`` is pyshacl on
the whole graph, the reference (slow, and it holds the graph in memory: for checking the fast
engine on small stores).
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import rdflib

from kg.store import TrialStore, find_store
from kg.validate.compiled import fast_results
from kg.validate.pyshacl_engine import reference_results
from kg.validate.report import ValidationReport
from kg.validate.result import ValidationResult
from kg.validate.trial_units import owners, subclass_axioms, trial_unit, whole_graph
from kg.validate.value_tests import to_rdflib

ENGINES = ("fast", "pyshacl")


def validate_store(
    out: Path,
    *,
    workers: int = 0,
    whole: bool = False,
    graphs: list[str] | None = None,
    engine: str = "fast",
) -> ValidationReport:
    """Validate the store of the build in ``out`` (see ``find_store``); ``graphs`` limits it to some trials.

    ``engine`` "fast" runs the shapes compiled to SPARQL over the whole store (the default);
    "pyshacl" (or ``whole``) runs plain pyshacl on the whole graph at once, the reference."""
    if engine not in ENGINES:
        raise ValueError(f"unknown engine {engine!r}; choose one of {', '.join(ENGINES)}")
    started = time.monotonic()
    store_path = find_store(out)
    whole = whole or engine == "pyshacl"
    results = _whole(store_path, graphs) if whole else _fast(store_path, graphs, workers or os.cpu_count() or 1)
    store = TrialStore(store_path, read_only=True)
    trials = len(graphs) if graphs is not None else store.trial_count()
    found = owners(store, {r.focus for r in results})
    results = sorted({r.key: _owned(r, found) for r in results}.values())
    mode = _mode(whole, engine, workers or os.cpu_count() or 1)
    return ValidationReport(results=results, trials=trials, seconds=time.monotonic() - started, mode=mode)


def _mode(whole: bool, engine: str, workers: int) -> str:
    if whole or engine == "pyshacl":
        return "whole graph (pyshacl)"
    return f"shapes compiled to SPARQL over the whole store ({workers} processes)"


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


def _whole(store_path: Path, graphs: list[str] | None) -> list[ValidationResult]:
    """Plain pyshacl, every shape, on one rdflib Memory graph of the whole store (or of the
    union of the given trials' units): the reference the fast engine must equal."""
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
