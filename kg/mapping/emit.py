"""The quad collector every mapping module writes through, and literal helpers.

One ``Emitter`` per study: it knows the trial's named graph, the shared graph and the
base IRI, and turns registry values into pyoxigraph terms (codes into SKOS concepts,
partial dates into the right XSD type). Shared-entity identity triples are emitted once
per study (``shared_seen``), so cost stays linear in the record's size.
"""

from __future__ import annotations

import re
from decimal import Decimal

from pyoxigraph import Literal, NamedNode, Quad

from kg.iris import safe_nct
from kg.vocab import RDF, RDFS, SKOS, TG, XSD, concept

_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_YEAR_MONTH = re.compile(r"\d{4}-\d{2}")
_YEAR = re.compile(r"\d{4}")


def date_literal(value: str) -> Literal:
    """``YYYY-MM-DD`` -> xsd:date, ``YYYY-MM`` -> xsd:gYearMonth, ``YYYY`` -> xsd:gYear;
    anything else stays a plain string so nothing is lost.

    >>> date_literal("2020-03").datatype.value
    'http://www.w3.org/2001/XMLSchema#gYearMonth'
    """
    if _DATE.fullmatch(value):
        return Literal(value, datatype=XSD.date)
    if _YEAR_MONTH.fullmatch(value):
        return Literal(value, datatype=XSD.gYearMonth)
    if _YEAR.fullmatch(value):
        return Literal(value, datatype=XSD.gYear)
    return Literal(value)


def decimal_literal(value: float) -> Literal:
    """An xsd:decimal in plain notation (no exponent), from a float.

    >>> decimal_literal(0.5).value, decimal_literal(1e-05).value, decimal_literal(18.0).value
    ('0.5', '0.00001', '18')
    """
    text = format(Decimal(repr(float(value))), "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return Literal(text, datatype=XSD.decimal)


class Emitter:
    """Collects the quads of one study."""

    __slots__ = ("base", "graph", "nct", "quads", "shared", "shared_seen", "trial")

    def __init__(self, *, base: str, nct_id: str, graph: NamedNode, shared: NamedNode) -> None:
        self.base = base
        self.nct = safe_nct(nct_id)
        self.graph = graph
        self.shared = shared
        self.trial = NamedNode(f"{base}trial/{self.nct}")
        self.quads: list[Quad] = []
        self.shared_seen: set[object] = set()

    def node(self, kind: str, suffix: str = "") -> NamedNode:
        """A trial-part IRI: ``<base><kind>/<NCT>`` or ``<base><kind>/<NCT>-<suffix>`` (flat)."""
        local = f"{self.nct}-{suffix}" if suffix else self.nct
        return NamedNode(f"{self.base}{kind}/{local}")

    def add(self, s: NamedNode, p: NamedNode, o: NamedNode | Literal) -> None:
        """A triple in the trial's graph."""
        self.quads.append(Quad(s, p, o, self.graph))

    def add_shared(self, s: NamedNode, p: NamedNode, o: NamedNode | Literal) -> None:
        """A triple in the shared graph, emitted at most once per study."""
        key = (s, p, o)
        if key not in self.shared_seen:
            self.shared_seen.add(key)
            self.quads.append(Quad(s, p, o, self.shared))

    def text(self, s: NamedNode, p: NamedNode, value: str | None) -> None:
        """A verbatim string, skipped when absent or empty."""
        if value:
            self.add(s, p, Literal(value))

    def part(self, s: NamedNode, cls: NamedNode, label: str) -> None:
        """Type and rdfs:label of a trial-specific node."""
        self.add(s, RDF.type, cls)
        self.add(s, RDFS.label, Literal(label))

    def code(self, s: NamedNode, p: NamedNode, scheme: str, code: str | None) -> None:
        """An enumeration value as its SKOS concept; an unknown code is kept on
        ``tg:unrecognisedCode`` as ``"<scheme>:<CODE>"``."""
        if not code:
            return
        node = concept(scheme, code)
        if node is not None:
            self.add(s, p, node)
        else:
            self.add(s, TG.unrecognisedCode, Literal(f"{scheme}:{code}"))

    def date(self, s: NamedNode, p: NamedNode, value: str | None) -> None:
        """A registry date with its own precision."""
        if value:
            self.add(s, p, date_literal(value))

    def shared_entity(self, node: NamedNode, cls: NamedNode, spelling: str) -> None:
        """Type a shared entity and record one verbatim spelling as skos:altLabel
        (no rdfs:label: the store chooses one per node)."""
        self.add_shared(node, RDF.type, cls)
        self.add_shared(node, SKOS.altLabel, Literal(spelling))
