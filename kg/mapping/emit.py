"""The quad collector every mapping module writes through, and literal helpers.

One ``Emitter`` per study: it knows the trial's named graph, the shared graph and the
base IRI, and turns registry values into RDF terms (codes into SKOS concepts, partial dates
into the right XSD type). Shared-entity identity triples are emitted once per study
(``shared_seen``), so cost stays linear in the record's size.

It writes each quad straight to an N-Quads line rather than building pyoxigraph ``Quad``
objects: the build only needs the text (to hash and bulk-load), and a ``Quad`` plus its
serialisation cost about four times as much as the line. The lines are byte for byte what
``pyoxigraph.serialize`` writes for the same quads (same escaping), so a trial's digest does
not depend on which path made it; ``quads`` parses them back for callers that want terms.
"""

from __future__ import annotations

import re
from decimal import Decimal

import pyoxigraph as ox
from pyoxigraph import Literal, NamedNode, Quad

from kg import vocab
from kg.iris import safe_nct
from kg.vocab import RDF, RDFS, SKOS, TG, XSD, concept

_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_YEAR_MONTH = re.compile(r"\d{4}-\d{2}")
_YEAR = re.compile(r"\d{4}")
# N-Quads string escapes, as Oxigraph writes them: the named ones, then \uXXXX for other controls.
_NEEDS_ESCAPE = re.compile(r'[\x00-\x1f"\\\x7f]')
_OTHER_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_NAMED_ESCAPES = (
    ("\\", "\\\\"),
    ('"', '\\"'),
    ("\n", "\\n"),
    ("\r", "\\r"),
    ("\t", "\\t"),
    ("\b", "\\b"),
    ("\f", "\\f"),
)
_DATE_FORMS = (
    (_DATE, f"<{XSD.date.value}>"),
    (_YEAR_MONTH, f"<{XSD.gYearMonth.value}>"),
    (_YEAR, f"<{XSD.gYear.value}>"),
)


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


def quoted(value: str) -> str:
    """A plain string literal in N-Quads syntax, escaped exactly as Oxigraph escapes it.

    >>> quoted('say "hi"\\n') == str(Literal('say "hi"\\n'))
    True
    """
    if _NEEDS_ESCAPE.search(value) is None:
        return f'"{value}"'
    for char, escape in _NAMED_ESCAPES:
        value = value.replace(char, escape)
    if _OTHER_CONTROL.search(value) is not None:
        value = _OTHER_CONTROL.sub(lambda m: f"\\u{ord(m.group()):04X}", value)
    return f'"{value}"'


def _date_text(value: str) -> str:
    """``date_literal(value)`` in N-Quads syntax, without making the term."""
    for pattern, datatype in _DATE_FORMS:
        if pattern.fullmatch(value):
            return f'"{value}"^^{datatype}'
    return quoted(value)


class Emitter:
    """Collects the quads of one study, as N-Quads lines."""

    __slots__ = ("_g", "_keep", "_s", "_terms", "base", "graph", "lines", "nct", "shared", "shared_seen", "trial")

    def __init__(self, *, base: str, nct_id: str, graph: NamedNode, shared: NamedNode) -> None:
        self.base = base
        self.nct = safe_nct(nct_id)
        self.graph = graph
        self.shared = shared
        self._g = f" {graph} .\n"
        self._s = f" {shared} .\n"
        # id(term) -> its N-Quads text; ``_keep`` holds the study's own terms so their ids stay theirs
        self._terms: dict[int, str] = _VOCABULARY.copy()
        self._keep: list[object] = []
        self.trial = self._named(f"{base}trial/{self.nct}")
        self.lines: list[str] = []
        self.shared_seen: set[object] = set()

    @property
    def quads(self) -> list[Quad]:
        """The quads so far, as pyoxigraph terms (parsed back from the lines)."""
        return list(ox.parse(self.nquads(), format=ox.RdfFormat.N_QUADS))

    def nquads(self) -> bytes:
        """The quads so far as N-Quads text (UTF-8), in the order they were emitted."""
        return "".join(self.lines).encode("utf-8")

    def spelled(self) -> list[str]:
        """IRIs of the shared entities this study gave a verbatim spelling (``skos:altLabel``)."""
        marker = f" <{SKOS.altLabel.value}> "
        return [line[1 : line.index(">")] for line in self.lines if marker in line and line.endswith(self._s)]

    def node(self, kind: str, suffix: str = "") -> NamedNode:
        """A trial-part IRI: ``<base><kind>/<NCT>`` or ``<base><kind>/<NCT>-<suffix>`` (flat)."""
        local = f"{self.nct}-{suffix}" if suffix else self.nct
        return self._named(f"{self.base}{kind}/{local}")

    def add(self, s: NamedNode, p: NamedNode, o: NamedNode | Literal) -> None:
        """A triple in the trial's graph."""
        t = self._terms
        try:
            self.lines.append(f"{t[id(s)]} {t[id(p)]} {t[id(o)]}{self._g}")
        except KeyError:
            self.lines.append(f"{self._text(s)} {self._text(p)} {self._text(o)}{self._g}")

    def add_shared(self, s: NamedNode, p: NamedNode, o: NamedNode | Literal) -> None:
        """A triple in the shared graph, emitted at most once per study."""
        self._shared_line(f"{self._text(s)} {self._text(p)} {self._text(o)}{self._s}")

    def text(self, s: NamedNode, p: NamedNode, value: str | None) -> None:
        """A verbatim string, skipped when absent or empty."""
        if value:
            self.lines.append(f"{self._text(s)} {self._text(p)} {quoted(value)}{self._g}")

    def part(self, s: NamedNode, cls: NamedNode, label: str) -> None:
        """Type and rdfs:label of a trial-specific node."""
        subject = self._text(s)
        self.lines.append(f"{subject} {self._text(RDF.type)} {self._text(cls)}{self._g}")
        self.lines.append(f"{subject} {self._text(RDFS.label)} {quoted(label)}{self._g}")

    def code(self, s: NamedNode, p: NamedNode, scheme: str, code: str | None) -> None:
        """An enumeration value as its SKOS concept; an unknown code is kept on
        ``tg:unrecognisedCode`` as ``"<scheme>:<CODE>"``."""
        if not code:
            return
        node = concept(scheme, code)
        if node is not None:
            self.add(s, p, node)
        else:
            self.text(s, TG.unrecognisedCode, f"{scheme}:{code}")

    def date(self, s: NamedNode, p: NamedNode, value: str | None) -> None:
        """A registry date with its own precision."""
        if value:
            self.lines.append(f"{self._text(s)} {self._text(p)} {_date_text(value)}{self._g}")

    def shared_entity(self, node: NamedNode, cls: NamedNode, spelling: str) -> None:
        """Type a shared entity and record one verbatim spelling as skos:altLabel
        (no rdfs:label: the store chooses one per node)."""
        subject = self._text(node)
        self._shared_line(f"{subject} {self._text(RDF.type)} {self._text(cls)}{self._s}")
        self._shared_line(f"{subject} {self._text(SKOS.altLabel)} {quoted(spelling)}{self._s}")

    def _shared_line(self, line: str) -> None:
        if line not in self.shared_seen:
            self.shared_seen.add(line)
            self.lines.append(line)

    def _named(self, iri: str) -> NamedNode:
        """A new named node whose text is known already (no round trip through Rust to print it)."""
        node = NamedNode(iri)
        self._keep.append(node)
        self._terms[id(node)] = f"<{iri}>"
        return node

    def _text(self, term: NamedNode | Literal) -> str:
        """A term's N-Quads text, printed once per term object per study."""
        text = self._terms.get(id(term))
        if text is None:
            self._keep.append(term)
            text = self._terms[id(term)] = str(term)
        return text


def _vocabulary_text() -> dict[int, str]:
    """id -> N-Quads text of every vocabulary term (``TG.position``...): objects that live as long
    as the program, so their ids are never reused and every emitter can start from this table."""
    return {
        id(term): f"<{term.value}>"
        for space in vars(vocab).values()
        if isinstance(space, vocab.Namespace)
        for term in space.terms.values()
    }


_VOCABULARY = _vocabulary_text()
