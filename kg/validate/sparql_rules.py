"""The SPARQL-based rules of ``shapes/``, each run once over the whole store.

A rule's query is the shape's own SPARQL, so the fast engine cannot wrap each of its triple
patterns in ``GRAPH ?g`` to leave the ontology graph out (the compiled core checks do). It runs
it with the default graph as the union of all graphs instead, after proving that the ontology
graph matches none of the rule's triple patterns (``ontology_safe``): then the union and
pyshacl's data graph (every graph but the ontology) give the same solutions. If a future rule
reads something the ontology also holds, validation stops with a clear error rather than
report results the reference would not.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

import rdflib
from rdflib.namespace import SH
from rdflib.plugins.sparql import prepareQuery

from kg.store import TrialStore
from kg.validate.compiler import quad
from kg.validate.pyshacl_engine import rule_results
from kg.validate.result import ValidationResult
from kg.validate.shapes import SparqlRule, UnsupportedShape, shapes_graph, sparql_rules, target_pattern
from kg.vocab import ONTOLOGY_GRAPH


def run_rules(store: TrialStore, subclasses: Mapping[str, set[str]]) -> list[ValidationResult]:
    """Every SPARQL-based constraint over the whole store, as pyshacl reports them."""
    shapes = shapes_graph()
    results: list[ValidationResult] = []
    for rule in sparql_rules():
        ontology_safe(store, rule)
        target = target_pattern(shapes, rdflib.URIRef(rule.shape), focus="?this", subclasses=subclasses, triple=quad)
        query = rule.with_target(target)
        results.extend(rule_results(store, SparqlRule(rule.shape, rule.severity, rule.message, query), union=True))
    return results


def ontology_safe(store: TrialStore, rule: SparqlRule) -> None:
    """Raise unless no triple pattern of ``rule`` has a match in the ontology graph."""
    algebra = prepareQuery(f"{rule.prefixes}\n{rule.select}").algebra
    for s, p, o in _triples(algebra):
        if not isinstance(p, rdflib.URIRef):
            raise UnsupportedShape(f"{rule.shape}: a variable or path predicate in a SPARQL rule is not supported")
        pattern = " ".join(t.n3() if not isinstance(t, rdflib.Variable) else f"?v{i}" for i, t in enumerate((s, p, o)))
        if store.query(f"ASK {{ GRAPH <{ONTOLOGY_GRAPH.value}> {{ {pattern} }} }}"):
            raise UnsupportedShape(
                f"{rule.shape}: the ontology graph matches its pattern {pattern}; use --engine pyshacl"
            )


def _triples(node: object) -> Iterator[tuple[rdflib.term.Node, ...]]:
    """Every triple pattern anywhere in an rdflib SPARQL algebra tree (FILTER EXISTS included)."""
    if isinstance(node, Mapping):
        for key, value in node.items():
            if key == "triples":  # inside EXISTS, rdflib leaves "s p o ; p o" as one flat tuple
                for t in value:
                    yield from (tuple(t[i : i + 3]) for i in range(0, len(t), 3))
            else:
                yield from _triples(value)
    elif isinstance(node, list | tuple):
        for item in node:
            yield from _triples(item)
    elif hasattr(node, "__dict__") and not isinstance(node, rdflib.term.Node):
        yield from _triples(vars(node))


SPARQL_COMPONENT = str(SH.SPARQLConstraintComponent)
