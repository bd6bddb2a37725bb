"""What one trial's validation reads: its named graph plus the shared nodes it points at.

``kg validate`` reads the whole store; units are what ``validate_store(graphs=...)`` limits a run
to (a sample of trials, in the tests). They cannot see facts that span graphs (a link into another
trial's nodes, triples in an extra graph), which is why per-trial validation was retired.

A trial's unit is self-contained for every shape in ``shapes/``: the trial graph holds the
record's own nodes and what it says about shared ones; the shared graph adds the types and
labels of the shared nodes it references (for ``sh:class`` and label checks); the ontology
adds its ``rdfs:subClassOf`` axioms (so ``sh:targetClass tg:EligibilityCriterion`` reaches an
``tg:InclusionCriterion``, as it does in the whole graph). Shapes on shared nodes only
constrain what the shared graph holds or what any record may add without breaking it (no
``sh:maxCount`` there), so validating the units one by one and merging their results gives
what whole-graph validation gives.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import pyoxigraph as ox

from kg.store import TrialStore
from kg.vocab import ONTOLOGY_GRAPH, RDFS, TG_NS, VOCAB_NS


def subclass_axioms(store: TrialStore) -> list[ox.Triple]:
    """The ontology's ``rdfs:subClassOf`` links between trialgraph classes."""
    return [
        q.triple
        for q in store.quads(None, RDFS.subClassOf, None, ONTOLOGY_GRAPH)
        if q.subject.value.startswith(TG_NS) and isinstance(q.object, ox.NamedNode) and q.object.value.startswith(TG_NS)
    ]


def trial_unit(store: TrialStore, graph: ox.NamedNode, shared: ox.NamedNode) -> list[ox.Triple]:
    """The triples of one trial's unit."""
    triples = [q.triple for q in store.quads(None, None, None, graph)]
    seen: set[ox.NamedNode] = set()
    for t in triples:
        for node in (t.subject, t.object):
            if isinstance(node, ox.NamedNode) and node not in seen and not node.value.startswith(VOCAB_NS):
                seen.add(node)
    for node in seen:
        triples.extend(q.triple for q in store.quads(node, None, None, shared))
    return triples


def whole_graph(store: TrialStore) -> Iterator[ox.Triple]:
    """Every trial graph and the shared graph as one graph, with the subclass axioms: what
    ``--whole-graph`` validates (the ontology's own nodes are not data)."""
    yield from subclass_axioms(store)
    for quad in store:
        if quad.graph_name != ONTOLOGY_GRAPH:
            yield quad.triple


def owners(store: TrialStore, focus_nodes: Iterable[str]) -> dict[str, str]:
    """Focus node IRI -> NCT id of the trial graph that describes it (absent for shared nodes)."""
    found: dict[str, str] = {}
    for focus in focus_nodes:
        if not focus.startswith("http"):
            continue
        for quad in store.quads(ox.NamedNode(focus), None, None):
            graph = quad.graph_name
            if isinstance(graph, ox.NamedNode) and graph != store.shared and graph.value.startswith(store.trial_prefix):
                found[focus] = graph.value.rsplit("/", 1)[1]
                break
    return found
