"""Compile the core SHACL shapes into SPARQL SELECT queries over the whole store.

One ``Check`` per (shape, constraint component): a query that returns every focus node (and
value node) that may break the constraint, over every graph of the store but the ontology's
(what ``--whole-graph`` validates), plus, where Oxigraph and rdflib could judge a value
differently, a Python test (``kg.validate.value_tests``) that settles each candidate as pyshacl would.
The compiler is derived from the shapes graph: a shape parameter it does not know raises
``UnsupportedShape`` at compile time, so a new kind of constraint is never skipped silently.
``SUPPORTED`` lists what it knows; ``tests/validate/test_compiler.py`` keeps shapes/ within it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import partial

import rdflib
from rdflib.collection import Collection
from rdflib.namespace import RDF, RDFS, SH, XSD

from kg.validate import value_tests
from kg.validate.shapes import UnsupportedShape, target_pattern
from kg.vocab import ONTOLOGY_GRAPH

SHAPE_NOTES = {RDF.type, RDFS.comment, RDFS.label, SH.severity, SH.message, SH.name, SH.description}
NODE_PARAMETERS = {SH.targetClass, SH.targetObjectsOf, SH.targetSubjectsOf, SH.property, SH.pattern, SH.sparql}
PROPERTY_PARAMETERS = {
    SH.path, SH.minCount, SH.maxCount, SH.datatype, SH["class"], SH.nodeKind, SH["in"], SH.hasValue,
    SH.pattern, SH.minInclusive, SH.maxInclusive, SH.lessThanOrEquals, SH["or"],
}  # fmt: skip
SUPPORTED = NODE_PARAMETERS | PROPERTY_PARAMETERS | SHAPE_NOTES
_NODE_KINDS = {
    SH.IRI: "isIRI(?value)",
    SH.BlankNode: "isBlank(?value)",
    SH.Literal: "isLiteral(?value)",
    SH.BlankNodeOrIRI: "(isBlank(?value) || isIRI(?value))",
    SH.BlankNodeOrLiteral: "(isBlank(?value) || isLiteral(?value))",
    SH.IRIOrLiteral: "(isIRI(?value) || isLiteral(?value))",
}
Decider = Callable[[rdflib.term.Node, rdflib.term.Node | None], bool]


@dataclass(frozen=True, slots=True)
class Check:
    """One constraint of one shape as a query; ``decide(value, other)`` True = conforms after all."""

    shape: str
    component: str
    path: str
    severity: str
    query: str
    decide: Decider | None = None
    has_value: bool = True
    target: str = ""  # the node shape's target pattern (binds ?this)
    fails: str = ""  # a per-value check: the SPARQL condition on ?value under which it may fail
    bounds: tuple[int, int | None] | None = None  # a count check: (minCount, maxCount) of the path


def compile_checks(shapes: rdflib.Graph, subclasses: Mapping[str, set[str]]) -> list[Check]:
    """Every check of every core constraint; ``subclasses`` maps a class to itself and all below it
    (rdfs:subClassOf* as the data graph states it). SPARQL-based constraints are left to the rules."""
    checks: list[Check] = []
    for shape in sorted(_node_shapes(shapes)):
        _allow(shapes, shape, NODE_PARAMETERS)
        target = target_pattern(shapes, shape, focus="?this", subclasses=subclasses, triple=quad)
        severity = str(shapes.value(shape, SH.severity) or SH.Violation)
        for pattern in shapes.objects(shape, SH.pattern):
            checks.append(_pattern_check(shapes, shape, str(pattern), target, None, severity))
        for prop in sorted(shapes.objects(shape, SH.property)):
            checks += _property_checks(shapes, prop, target, subclasses)
    return checks


def _node_shapes(shapes: rdflib.Graph) -> set[rdflib.term.Node]:
    found = set(shapes.subjects(RDF.type, SH.NodeShape))
    for key in (SH.targetClass, SH.targetObjectsOf, SH.targetSubjectsOf, SH.targetNode):
        found |= set(shapes.subjects(key, None))
    return {s for s in found if (s, SH.path, None) not in shapes}


def _allow(shapes: rdflib.Graph, shape: rdflib.term.Node, parameters: set[rdflib.URIRef]) -> None:
    for key in set(shapes.predicates(shape, None)):
        if key not in parameters and key not in SHAPE_NOTES:
            raise UnsupportedShape(f"{shape}: {key} is not supported by the fast validator")


def quad(subject: str, predicate: str, obj: str, name: str) -> str:
    """A triple pattern over any graph but the ontology (the data graph pyshacl is given)."""
    return f"GRAPH ?{name} {{ {subject} {predicate} {obj} }} FILTER (?{name} != <{ONTOLOGY_GRAPH.value}>)"


def _property_checks(
    shapes: rdflib.Graph, prop: rdflib.term.Node, target: str, subclasses: Mapping[str, set[str]]
) -> list[Check]:
    _allow(shapes, prop, PROPERTY_PARAMETERS)
    path = shapes.value(prop, SH.path)
    if not isinstance(path, rdflib.URIRef):
        raise UnsupportedShape(f"{prop}: only a single predicate IRI is supported as sh:path")
    severity = str(shapes.value(prop, SH.severity) or SH.Violation)
    make = partial(Check, str(prop), path=str(path), severity=severity, target=target)
    values = f"{target} LATERAL {{ {quad('?this', f'<{path}>', '?value', 'vg')} }}"
    checks = []
    for key, arg in sorted(shapes.predicate_objects(prop)):
        if key in SHAPE_NOTES or key == SH.path:
            continue
        if key == SH.pattern:
            checks.append(_pattern_check(shapes, prop, str(arg), target, path, severity))
        else:
            checks += _value_checks(shapes, key, arg, make, target, values, path, subclasses)
    return checks


def _value_checks(shapes, key, arg, make, target, values, path, subclasses) -> list[Check]:
    """The checks of one parameter of a property shape."""
    name = str(key).removeprefix(str(SH))
    component = f"{SH}{name[0].upper()}{name[1:]}ConstraintComponent"
    select = f"SELECT DISTINCT ?this ?value WHERE {{ {values} FILTER (!("
    if key in (SH.minCount, SH.maxCount):
        return _count_checks(key, int(arg), make, component, target, path)
    if key == SH.datatype:
        sure = value_tests.sure_datatype("?value", arg)
        return [make(component=component, query=f"{select}{sure})) }}", fails=f"!({sure})",
                     decide=lambda v, _o, d=arg: value_tests.datatype_ok(v, d))]  # fmt: skip
    if key == SH["class"]:
        cls = " ".join(f"<{c}>" for c in sorted(subclasses.get(str(arg), {str(arg)})))
        typed = f"{{ VALUES ?cc {{ {cls} }} {quad('?value', f'<{RDF.type}>', '?cc', 'cg')} }}"
        query = f"SELECT DISTINCT ?this ?value WHERE {{ {values} FILTER NOT EXISTS {typed} }}"
        return [make(component=component, query=query, fails=f"NOT EXISTS {typed}")]
    if key == SH.nodeKind:
        return [make(component=component, query=f"{select}{_NODE_KINDS[arg]})) }}", fails=f"!{_NODE_KINDS[arg]}")]
    if key == SH["in"]:
        members = [_iri(m, "sh:in") for m in Collection(shapes, arg)]
        same = " || ".join(f"sameTerm(?value, <{m}>)" for m in members) or "false"
        return [make(component=component, query=f"{select}{same})) }}", fails=f"!({same})")]
    if key == SH.hasValue:
        wanted = f"<{_iri(arg, 'sh:hasValue')}>"
        absent = f"FILTER NOT EXISTS {{ {quad('?this', f'<{path}>', wanted, 'hg')} }}"
        query = f"SELECT DISTINCT ?this WHERE {{ {target} {absent} }}"
        return [make(component=component, query=query, has_value=False)]
    if key in (SH.minInclusive, SH.maxInclusive):
        return [_range_check(arg, name, make, component, select)]
    if key == SH.lessThanOrEquals:
        return [_less_or_equal_check(arg, make, component, values)]
    if key == SH["or"]:
        return [_or_check(shapes, arg, make, component, select)]
    raise UnsupportedShape(f"{key} is not supported by the fast validator")  # pragma: no cover (see _allow)


def _count_checks(key, count: int, make, component: str, target: str, path) -> list[Check]:
    """sh:minCount / sh:maxCount: results on the focus node, without a value."""
    value = quad("?this", f"<{path}>", "?value", "vg")
    if key == SH.minCount and count == 0:
        return []
    if key == SH.minCount and count == 1:
        query = f"SELECT DISTINCT ?this WHERE {{ {target} FILTER NOT EXISTS {{ {value} }} }}"
    elif key == SH.maxCount and count == 0:
        query = f"SELECT DISTINCT ?this WHERE {{ {target} {value} }}"
    elif key == SH.maxCount and count == 1:
        other = quad("?this", f"<{path}>", "?other", "og")
        query = f"SELECT DISTINCT ?this WHERE {{ {target} {value} {other} FILTER (!sameTerm(?value, ?other)) }}"
    else:
        test = f"COUNT(DISTINCT ?value) {'<' if key == SH.minCount else '>'} {count}"
        query = f"SELECT ?this WHERE {{ {target} OPTIONAL {{ {value} }} }} GROUP BY ?this HAVING ({test})"
    bounds = (count, None) if key == SH.minCount else (0, count)
    return [make(component=component, query=query, has_value=False, bounds=bounds)]


def _pattern_check(shapes, shape, pattern: str, target: str, path, severity: str) -> Check:
    """sh:pattern on a property's values, or on the focus node itself for a node shape."""
    if (shape, SH.flags, None) in shapes:
        raise UnsupportedShape(f"{shape}: sh:flags is not supported by the fast validator")
    matcher = re.compile(pattern)
    values = f"{target} {quad('?this', f'<{path}>', '?value', 'vg')}" if path else f"{target} BIND (?this AS ?value)"
    sure = value_tests.sure_pattern("?value", pattern)
    return Check(
        str(shape),
        component=str(SH.PatternConstraintComponent),
        path=str(path or ""),
        severity=severity,
        query=f"SELECT DISTINCT ?this ?value WHERE {{ {values} FILTER (!{sure}) }}",
        decide=lambda v, _o: value_tests.pattern_ok(v, matcher),
        target=target,
        fails=f"!{sure}" if path else "",
    )


def _range_check(bound, name: str, make, component: str, select: str) -> Check:
    if not isinstance(bound, rdflib.Literal):
        raise UnsupportedShape(f"sh:{name} {bound}: the bound must be a literal")
    sure = "false"
    if bound.datatype in (XSD.integer, XSD.decimal):
        sure = f"{value_tests.sure_number('?value')} && ?value {'>=' if name == 'minInclusive' else '<='} {bound}"
    kind = name[0].upper() + name[1:]
    return make(
        component=component,
        query=f"{select}{sure})) }}",
        fails=f"!({sure})",
        decide=lambda v, _o: value_tests.range_ok(v, bound, kind),
    )


def _less_or_equal_check(other, make, component: str, values: str) -> Check:
    compared = quad("?this", f"<{_iri(other, 'sh:lessThanOrEquals')}>", "?other", "og")
    sure = f"{value_tests.sure_number('?value')} && {value_tests.sure_number('?other')} && ?value <= ?other"
    query = f"SELECT DISTINCT ?this ?value ?other WHERE {{ {values} {compared} FILTER (!({sure})) }}"
    return make(component=component, query=query, decide=value_tests.less_or_equal_ok)


def _or_check(shapes: rdflib.Graph, head, make, component: str, select: str) -> Check:
    """sh:or of datatype-only shapes (a value of one of several datatypes)."""
    datatypes = []
    for member in Collection(shapes, head):
        keys = set(shapes.predicates(member, None)) - {RDF.type}
        if keys != {SH.datatype}:
            raise UnsupportedShape(f"sh:or member {member}: only shapes with a single sh:datatype are supported")
        datatypes.append(shapes.value(member, SH.datatype))
    sure = " || ".join(value_tests.sure_datatype("?value", d) for d in datatypes) or "false"
    return make(
        component=component,
        query=f"{select}{sure})) }}",
        fails=f"!({sure})",
        decide=lambda v, _o: any(value_tests.datatype_ok(v, d) for d in datatypes),
    )


def _iri(node: rdflib.term.Node, where: str) -> rdflib.URIRef:
    if not isinstance(node, rdflib.URIRef):
        raise UnsupportedShape(f"{where} {node!r}: only IRIs are supported (literal equality differs between engines)")
    return node
