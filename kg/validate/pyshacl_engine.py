"""Validate an in-memory data graph: pyshacl for the core shapes, Oxigraph for the SPARQL rules.

``Engine`` is built once per process (shapes parsed and compiled once) and then validates
one unit after another. pyshacl runs on an rdflib Memory graph built straight from
pyoxigraph terms: pyshacl over an Oxigraph-backed rdflib graph gave false ``sh:in`` results
and ran slowly (DESIGN.md pitfalls). ``reference_results`` is plain pyshacl with every shape,
the yardstick the fast path must equal.
"""

from __future__ import annotations

from collections.abc import Iterable

import pyoxigraph as ox
import rdflib
from pyshacl import ShapesGraph, Validator
from pyshacl.graph_abstraction import DataGraph
from rdflib.namespace import SH

from kg.store import TrialStore
from kg.validate.result import ValidationResult
from kg.validate.shapes import SparqlRule, core_shapes_graph, shapes_graph, sparql_rules
from kg.validate.value_tests import to_rdflib

_SPARQL_COMPONENT = str(SH.SPARQLConstraintComponent)
_OPTIONS = {"inference": "none", "advanced": False, "inplace": True, "allow_warnings": True, "allow_infos": True}


class Engine:
    """Validates data graphs against ``shapes/``; reuses its compiled shapes between calls."""

    def __init__(self) -> None:
        self.core = ShapesGraph(core_shapes_graph())
        self.rules = sparql_rules()

    def validate(self, triples: Iterable[ox.Triple]) -> list[ValidationResult]:
        """Results of every shape (core and SPARQL rules) on the graph made of ``triples``."""
        triples = list(triples)
        graph = rdflib.Graph()
        term = to_rdflib
        for t in triples:
            graph.add((term(t.subject), term(t.predicate), term(t.object)))
        results = core_results(graph, self.core)
        scratch = TrialStore(None)
        scratch.add(ox.Quad(t.subject, t.predicate, t.object) for t in triples)
        for rule in self.rules:
            results.extend(rule_results(scratch, rule, union=False))
        return results


def core_results(graph: rdflib.Graph, shapes: ShapesGraph) -> list[ValidationResult]:
    """pyshacl on ``graph`` with already-compiled shapes (parsing them per call would dominate)."""
    validator = Validator(DataGraph.from_rdflib(graph), shacl_graph=shapes.graph, options=dict(_OPTIONS))
    validator.shacl_graph = shapes
    _conforms, report, _text = validator.run()
    return report_results(report)


def reference_results(graph: rdflib.Graph) -> list[ValidationResult]:
    """Plain pyshacl with every shape, SPARQL rules included: the reference results."""
    validator = Validator(DataGraph.from_rdflib(graph), shacl_graph=shapes_graph(), options=dict(_OPTIONS))
    _conforms, report, _text = validator.run()
    return report_results(report)


def report_results(report: rdflib.Graph) -> list[ValidationResult]:
    """The results of a ``sh:ValidationReport`` graph, flattened."""
    results = []
    for node in report.subjects(rdflib.RDF.type, SH.ValidationResult):
        value = report.value(node, SH.value)
        path = report.value(node, SH.resultPath)
        results.append(
            ValidationResult(
                severity=str(report.value(node, SH.resultSeverity)),
                shape=str(report.value(node, SH.sourceShape)),
                component=str(report.value(node, SH.sourceConstraintComponent)),
                focus=str(report.value(node, SH.focusNode)),
                path=str(path) if isinstance(path, rdflib.URIRef) else "",
                value=value.n3() if value is not None else "",
                message=str(report.value(node, SH.resultMessage) or ""),
            )
        )
    return results


def rule_results(store: TrialStore, rule: SparqlRule, *, union: bool) -> list[ValidationResult]:
    """One SPARQL rule over a whole Oxigraph data graph (the default graph, or with ``union`` every
    graph): a result per solution, as pyshacl makes them."""
    results = []
    for row in store.query(rule.query, union=union):
        this, value, path = row["this"], row["value"], row["path"]
        results.append(
            ValidationResult(
                severity=rule.severity,
                shape=rule.shape,
                component=_SPARQL_COMPONENT,
                focus=this.value,
                path=path.value if isinstance(path, ox.NamedNode) else "",
                value=str(value if value is not None else this),
                message=_message(rule.message, row),
            )
        )
    return results


def _message(template: str, row: ox.QuerySolution) -> str:
    """``{?var}`` / ``{$var}`` replaced by the bound value, as SHACL-SPARQL says."""
    text = template
    for name in ("this", "path", "value", "start"):
        try:
            bound = row[name]
        except KeyError:
            continue
        if bound is not None:
            shown = bound.value
            text = text.replace("{?" + name + "}", shown).replace("{$" + name + "}", shown)
    return text
