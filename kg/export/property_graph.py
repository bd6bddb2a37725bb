"""The store read as a labelled property graph: the RDF -> Neo4j mapping in one place.

- each ``tg:`` class of a subject (plus its ``tg:`` superclasses) is a label; the most
  general one is the node's *primary* label, which picks its node file (so every trial is
  in ``ClinicalTrial.csv`` whatever its subtype); a trial graph's provenance node
  (``prov:Entity``) is labelled ``Record``;
- literal properties become node properties named after the property's local name
  (``rdfs:label`` -> ``label``), typed from the XSD datatype; a key that holds more than one
  value on any node of a label is an array for the whole label;
- a link to a SKOS concept (phase, status, ...) becomes a property holding the concept's
  notation, the registry's own code, so no code is lost and no one-hop join is needed;
- a link to another node becomes a relationship typed with the property's local name in
  upper snake case (``tg:leadSponsor`` -> ``LEAD_SPONSOR``); a link to an IRI that is not a
  node (``owl:sameAs``) stays a string property;
- the IRI is the node's import id and is kept as the property ``iri``.

Facts about one node from several named graphs (a shared condition, a related trial stub)
are merged. Memory holds one label's nodes at a time plus an IRI -> labels index.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field

import pyoxigraph as ox

from kg.store import TrialStore
from kg.vocab import ONTOLOGY_GRAPH, PROV, RDF, RDFS, SKOS, TG_NS, VOCAB_NS, XSD

#: XSD datatype -> property kind (the Neo4j header type); anything else is a string.
KINDS = {
    XSD.integer.value: "int",
    XSD.decimal.value: "float",
    XSD.boolean.value: "boolean",
    XSD.date.value: "date",
}
RECORD = "Record"
_KEY_OK = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def property_key(predicate: str) -> str:
    """The local name of a predicate IRI (after ``#`` or the last ``/``).

    >>> property_key("https://w3id.org/trialgraph/ontology#leadSponsor")
    'leadSponsor'
    """
    return re.split(r"[#/]", predicate)[-1]


#: Types that would equal a label but for case (``tg:condition`` -> CONDITION vs :Condition):
#: engines with case-insensitive catalogues (Kuzu, LadybugDB) cannot hold both names.
RENAMED_TYPES = {
    "condition": "HAS_CONDITION",
    "country": "IN_COUNTRY",
    "facility": "AT_FACILITY",
    "intervention": "OF_INTERVENTION",
    "publication": "REFERS_TO",
}


def relationship_type(predicate: str) -> str:
    """``leadSponsor`` -> ``LEAD_SPONSOR``: the Neo4j naming convention for types.

    >>> relationship_type("https://w3id.org/trialgraph/ontology#hasSite")
    'HAS_SITE'
    >>> relationship_type("https://w3id.org/trialgraph/ontology#condition")
    'HAS_CONDITION'
    """
    key = property_key(predicate)
    return RENAMED_TYPES.get(key) or re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", key).upper()


@dataclass
class Node:
    """One node: its IRI, labels (primary first) and properties (key -> values in order)."""

    iri: str
    labels: tuple[str, ...]
    props: dict[str, list[tuple[str, str]]] = field(default_factory=dict)  # key -> [(lexical, kind)]


@dataclass
class Column:
    """A property column of one label: its kind and whether it is an array."""

    key: str
    kind: str
    array: bool


class PropertyGraph:
    """Read-only view of a store as labelled nodes and typed relationships."""

    def __init__(self, store: TrialStore) -> None:
        self.store = store
        self.notations = self._notations()
        self.labels = self._labels()

    def _notations(self) -> dict[str, str]:
        return {
            q.subject.value: q.object.value
            for q in self.store.quads(None, SKOS.notation, None, ONTOLOGY_GRAPH)
            if q.subject.value.startswith(VOCAB_NS)
        }

    def _labels(self) -> dict[str, tuple[str, ...]]:
        """IRI -> labels, primary label first (the most general ``tg:`` class)."""
        parents: dict[str, set[str]] = defaultdict(set)
        for q in self.store.quads(None, RDFS.subClassOf, None, ONTOLOGY_GRAPH):
            if q.subject.value.startswith(TG_NS) and q.object.value.startswith(TG_NS):
                parents[property_key(q.subject.value)].add(property_key(q.object.value))
        classes: dict[str, set[str]] = defaultdict(set)
        for q in self.store.quads(None, RDF.type, None, None):
            if q.graph_name == ONTOLOGY_GRAPH or not isinstance(q.subject, ox.NamedNode):
                continue
            if q.object.value.startswith(TG_NS):
                name = property_key(q.object.value)
                classes[q.subject.value].update({name, *parents.get(name, ())})
            elif q.object == PROV.Entity:
                classes[q.subject.value].add(RECORD)
        return {iri: _ordered(names, parents) for iri, names in classes.items()}

    def primary_labels(self) -> list[str]:
        """Every primary label, sorted."""
        return sorted({labels[0] for labels in self.labels.values()})

    def iris(self, label: str) -> list[str]:
        """IRIs of the nodes whose primary label is ``label``, sorted (stable output)."""
        return sorted(iri for iri, labels in self.labels.items() if labels[0] == label)

    def node(self, iri: str) -> tuple[Node, list[tuple[str, str]]]:
        """One node with its properties, and its outgoing relationships as (type, target IRI)."""
        node = Node(iri, self.labels[iri])
        edges: dict[tuple[str, str], None] = {}
        for q in self.store.quads(ox.NamedNode(iri), None, None, None):
            p, o = q.predicate, q.object
            if q.graph_name == ONTOLOGY_GRAPH or p == RDF.type:
                continue
            key = "label" if p == RDFS.label else property_key(p.value)
            if isinstance(o, ox.Literal):
                value = (o.value, KINDS.get(o.datatype.value, "string"))
            elif o.value in self.labels:
                edges[(relationship_type(p.value), o.value)] = None
                continue
            else:
                value = (self.notations.get(o.value, o.value), "string")
            values = node.props.setdefault(key, [])
            if value not in values:
                values.append(value)
        return node, list(edges)

    def nodes(self, label: str) -> Iterator[tuple[Node, list[tuple[str, str]]]]:
        """Every node of one primary label, with its relationships."""
        for iri in self.iris(label):
            yield self.node(iri)


def columns(nodes: list[Node]) -> list[Column]:
    """The property columns of a set of nodes, sorted by key: kind is the one kind every value
    has (else string); a key is an array when any node holds several values. Dates in arrays
    become strings, since the Cypher loader converts only single dates."""
    kinds: dict[str, set[str]] = defaultdict(set)
    arrays: set[str] = set()
    for node in nodes:
        for key, values in node.props.items():
            kinds[key].update(kind for _, kind in values)
            if len(values) > 1:
                arrays.add(key)
    out = []
    for key in sorted(kinds):
        if not _KEY_OK.fullmatch(key) or key == "iri":
            raise ValueError(f"property key {key!r} cannot be a Neo4j property name")
        kind = next(iter(kinds[key])) if len(kinds[key]) == 1 else "string"
        array = key in arrays
        out.append(Column(key, "string" if array and kind == "date" else kind, array))
    return out


def _ordered(names: set[str], parents: dict[str, set[str]]) -> tuple[str, ...]:
    """Labels with the most general first: a label none of whose superclasses is present."""
    roots = sorted(n for n in names if not (parents.get(n, set()) & names))
    return (roots[0], *sorted(names - {roots[0]}))
