"""The shapes graph in ``shapes/``, split the way the fast validator runs it.

pyshacl is the reference validator and reads every shape. The fast engine compiles the core
shapes (``compiler``) and runs the SPARQL-based rules straight on Oxigraph, where each query
costs microseconds instead of the milliseconds rdflib's engine needs per focus node (DESIGN.md:
12 of 15.6 s for 1,000 trials). ``SparqlRule`` carries what pyshacl would put in a result
(shape, severity, message) and the rule's query with the shape's targets added, so the two
engines report the same results (``tests/validate/`` checks it on real trials).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass

import rdflib
from rdflib.namespace import RDF, RDFS, SH

from kg.resources import shapes_dir
from kg.vocab import SHAPES_NS

_WHERE = re.compile(r"\bWHERE\s*\{", re.IGNORECASE)


class UnsupportedShape(ValueError):
    """A shape uses SHACL the engine cannot translate; validate with ``--engine pyshacl``."""


@dataclass(frozen=True, slots=True)
class SparqlRule:
    """One SPARQL-based constraint, ready to run over a whole data graph on Oxigraph."""

    shape: str
    severity: str
    message: str
    query: str
    prefixes: str = ""
    select: str = ""

    def with_target(self, target: str) -> str:
        """The rule's query with ``target`` (a pattern binding ``$this``) put first in its WHERE."""
        match = _WHERE.search(self.select)
        assert match is not None  # checked when the rule was read
        return f"{self.prefixes}\n{self.select[: match.end()]} {target} {self.select[match.end() :]}"


@functools.cache
def shapes_graph() -> rdflib.Graph:
    """Every ``shapes/*.ttl`` in one rdflib graph (parsed once per process)."""
    graph = rdflib.Graph()
    for item in sorted(shapes_dir().iterdir(), key=lambda p: p.name):
        if item.name.endswith(".ttl"):
            graph.parse(data=item.read_text(encoding="utf-8"), format="turtle")
    return graph


@functools.cache
def sparql_rules() -> tuple[SparqlRule, ...]:
    """Every SPARQL-based constraint of the shapes, with its shape's targets in the query."""
    graph = shapes_graph()
    rules = []
    for shape, constraint in sorted(graph.subject_objects(SH.sparql)):
        select = str(graph.value(constraint, SH.select))
        prefixes = _prefixes(graph, constraint)
        match = _WHERE.search(select)
        if match is None:
            raise ValueError(f"{shape}: sh:select has no WHERE clause")
        target = target_pattern(graph, shape)
        query = f"{prefixes}\n{select[: match.end()]} {target} {select[match.end() :]}"
        rules.append(
            SparqlRule(
                shape=str(shape),
                severity=str(graph.value(shape, SH.severity) or SH.Violation),
                message=str(graph.value(constraint, SH.message) or graph.value(shape, SH.message) or ""),
                query=query,
                prefixes=prefixes,
                select=select,
            )
        )
    return tuple(rules)


def _prefixes(graph: rdflib.Graph, constraint: rdflib.term.Node) -> str:
    lines = []
    for ontology in graph.objects(constraint, SH.prefixes):
        for declaration in graph.objects(ontology, SH.declare):
            prefix = graph.value(declaration, SH.prefix)
            namespace = graph.value(declaration, SH.namespace)
            lines.append(f"PREFIX {prefix}: <{namespace}>")
    return "\n".join(sorted(lines))


def plain_triple(subject: str, predicate: str, obj: str, _name: str) -> str:
    """A triple pattern as it is (over the default graph of the data being validated)."""
    return f"{subject} {predicate} {obj}"


def target_pattern(
    graph: rdflib.Graph,
    shape: rdflib.term.Node,
    *,
    focus: str = "$this",
    subclasses: Mapping[str, set[str]] | None = None,
    triple: Callable[[str, str, str, str], str] = plain_triple,
) -> str:
    """The SHACL targets of ``shape`` as one SPARQL pattern binding ``focus``.

    Class targets reach subclasses, as pyshacl does: through ``subclasses`` (class -> itself and
    every class below it) when given, else through an ``rdf:type/rdfs:subClassOf*`` path over the
    data. ``triple(s, p, o, graph_variable)`` writes each triple pattern (``compiler.quad`` wraps
    it in ``GRAPH`` to read every graph but the ontology's).

    >>> pattern = target_pattern(shapes_graph(), rdflib.URIRef(SHAPES_NS + "ArmShape"))
    >>> pattern.startswith("{ $this <http://www.w3.org/1999/02/22-rdf-syntax-ns#type>/"), pattern.endswith("#Arm> }")
    (True, True)
    """
    parts = []
    for cls in graph.objects(shape, SH.targetClass):
        if subclasses is None:
            parts.append(f"{{ {triple(focus, f'<{RDF.type}>/<{RDFS.subClassOf}>*', f'<{cls}>', '__tg')} }}")
        else:
            values = " ".join(f"<{c}>" for c in sorted(subclasses.get(str(cls), {str(cls)})))
            parts.append(f"{{ VALUES ?__tc {{ {values} }} {triple(focus, f'<{RDF.type}>', '?__tc', '__tg')} }}")
    parts += [f"{{ {triple('?__ts', f'<{p}>', focus, '__tg')} }}" for p in graph.objects(shape, SH.targetObjectsOf)]
    parts += [f"{{ {triple(focus, f'<{p}>', '?__to', '__tg')} }}" for p in graph.objects(shape, SH.targetSubjectsOf)]
    if (shape, SH.targetNode, None) in graph:
        raise UnsupportedShape(
            f"{shape}: only sh:targetClass, sh:targetObjectsOf and sh:targetSubjectsOf are supported"
        )
    if not parts:
        raise UnsupportedShape(f"{shape}: a node shape without a target")
    return " UNION ".join(parts)


def shape_name(iri: str) -> str:
    """Short name of a shape for reports: ``tgsh:Arm-label`` -> ``Arm-label``."""
    return iri.removeprefix(SHAPES_NS)
