"""The fast engine (shapes compiled to SPARQL over the whole store) equals pyshacl, the reference."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib

from kg.store import TrialStore
from kg.validate.compiled import validate, validate_quads
from kg.validate.pyshacl_engine import reference_results
from kg.validate.value_tests import to_rdflib

FIXTURES = Path(__file__).parents[1] / "shapes"
CASES = sorted(FIXTURES.glob("*/*.ttl"))


def _store(graph: rdflib.Graph) -> TrialStore:
    """The fixture in a named graph of an in-memory store, as a build would hold it."""
    store = TrialStore(None)
    triples = ox.parse(input=graph.serialize(format="nt"), format=ox.RdfFormat.N_TRIPLES)
    store.add(ox.Quad(t.subject, t.predicate, t.object, ox.NamedNode("urn:fixture")) for t in triples)
    return store


def _tuples(results) -> set[tuple[str, ...]]:
    return {(*r.key, r.message) for r in results}


@pytest.mark.parametrize("case", CASES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_fast_engine_equals_pyshacl_on_fixture(case: Path) -> None:
    """Same (focus, path, component, shape, severity, value, message) set as pyshacl."""
    parsed = rdflib.Graph().parse(case, format="turtle")
    store = _store(parsed)
    held = rdflib.Graph(namespace_manager=parsed.namespace_manager)  # what the store holds, as kg feeds pyshacl
    for quad in store:
        held.add((to_rdflib(quad.subject), to_rdflib(quad.predicate), to_rdflib(quad.object)))
    assert _tuples(validate(store, names=parsed)) == _tuples(reference_results(held))


def test_validate_quads_equals_the_store_engine_on_a_fixture() -> None:
    """The build hook (quads held in memory, the ontology beside them) gives the engine's results."""
    case = FIXTURES / "EligibilityShape" / "invalid-minimal.ttl"
    store = _store(rdflib.Graph().parse(case, format="turtle"))
    results = validate_quads(list(store))
    assert {r.key for r in results} == {r.key for r in validate(store)}
    assert {r.component.rsplit("#", 1)[1] for r in results} >= {"LessThanOrEqualsConstraintComponent"}
