"""The catalogue of named questions: ``kg/query/questions/*.rq``, their headers, typed parameters.

Each query file opens with a comment header the catalogue reads, so the file is the one
place a question is described (``kg query --list``) and its parameters are declared::

    # title: Trials for a condition
    # description: Trials whose condition matches a text or a MeSH id.
    # param: condition string = "" -- condition text (case-insensitive substring); empty for any
    # param: age decimal -- the patient's age in years (no default: required)

Parameter values arrive as text (``--param age=40``), are checked against the declared
type and turned into RDF terms. They reach the query as a ``VALUES`` block of those terms,
serialised by pyoxigraph and opened at the top of every ``WHERE {`` group, never pasted
into the query text: a value is data whatever characters it holds. (Oxigraph's own
``substitutions`` only accepts variables of the outer projection, which rules out the
aggregate queries; ``VALUES`` also runs unchanged on rdflib, which the benchmark uses.)

An optional filter is a line ending in ``#if name`` (or ``#if name !other``): it is kept
only when that parameter is given (not empty, not false). The file stays valid SPARQL, and
the engine never sees an ``?x = "" || EXISTS {...}`` disjunction, which Oxigraph evaluated
for every row and made optional filters 10-100x slower.

>>> q = get("trials-for-condition")
>>> q.title
'Trials for a condition'
>>> sorted(q.bind({"condition": "ALS"}))[:2]
['condition', 'descendants']
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import partial
from importlib.resources import files
from pathlib import Path

from pyoxigraph import Literal, NamedNode

from kg.query.spellings import SpellingError, code_term, country_term, mesh_term, role_term
from kg.vocab import SCHEMES, XSD

__all__ = ["CatalogueError", "NamedQuery", "Param", "get", "load_all"]

_CHECKOUT = Path(__file__).resolve().parent / "questions"
_HEADER = re.compile(r"#\s*(title|description|param)\s*:\s*(.*)")
_PARAM = re.compile(
    r"(?P<name>[a-z_][a-z0-9_]*)\s+(?P<type>[\w:-]+)\s*(?:=\s*(?P<default>\S+))?\s*(?:--\s*(?P<help>.*))?"
)
_WHERE = re.compile(r"\bWHERE\s*\{", re.IGNORECASE)
_GUARD = re.compile(r"\s#if((?:\s+!?[a-z_][a-z0-9_]*)+)\s*$")


class CatalogueError(ValueError):
    """A problem the user can fix: unknown query, missing or ill-typed parameter."""


def _string(text: str) -> Literal:
    return Literal(text)


#: A number parameter's bounds: its text, and its digits either side of the decimal point.
MAX_NUMBER_CHARS = 40
MAX_NUMBER_DIGITS = 30


def _number(text: str) -> str:
    """The text of a number parameter, refused before conversion when it is too long."""
    word = text.strip()
    if len(word) > MAX_NUMBER_CHARS:
        raise CatalogueError(f"{word[:20]!r}... is longer than {MAX_NUMBER_CHARS} characters, too long for a number")
    return word


def _integer(text: str) -> Literal:
    word = _number(text)
    try:
        return Literal(int(word))
    except ValueError:
        raise CatalogueError(f"{text!r} is not an integer") from None


def _decimal(text: str) -> Literal:
    word = _number(text)
    try:
        value = Decimal(word)
    except InvalidOperation:
        raise CatalogueError(f"{text!r} is not a number") from None
    if not value.is_finite():
        raise CatalogueError(f"{text!r} is not a finite number")
    if value and not -MAX_NUMBER_DIGITS <= value.adjusted() < MAX_NUMBER_DIGITS:  # 1e99999999 is 10 characters
        raise CatalogueError(f"{text!r} is out of range (at most {MAX_NUMBER_DIGITS} digits either side of the point)")
    return Literal(format(value, "f"), datatype=XSD.decimal)


def _boolean(text: str) -> Literal:
    word = text.strip().lower()
    if word in ("true", "yes", "1"):
        return Literal(True)
    if word in ("false", "no", "0"):
        return Literal(False)
    raise CatalogueError(f"{text!r} is not a boolean (true or false)")


def _date(text: str) -> Literal:
    word = text.strip()
    if word == "today":
        word = dt.date.today().isoformat()
    try:
        value = dt.date.fromisoformat(word)
    except ValueError:
        raise CatalogueError(f"{text!r} is not a date (YYYY-MM-DD or 'today')") from None
    return Literal(value.isoformat(), datatype=XSD.date)


def _iri(text: str) -> NamedNode:
    try:
        return NamedNode(text.strip())
    except ValueError:
        raise CatalogueError(f"{text!r} is not an IRI") from None


#: Parameter type name -> parser from the user's text to an RDF term.
TYPES: dict[str, Callable[[str], Literal | NamedNode]] = {
    "string": _string,
    "integer": _integer,
    "decimal": _decimal,
    "boolean": _boolean,
    "date": _date,
    "iri": _iri,
    "country": country_term,
    "mesh": mesh_term,
    "role": role_term,
}


def parser_for(type_name: str) -> Callable[[str], Literal | NamedNode] | None:
    """The parser of a declared type: one of ``TYPES`` or ``code:<scheme>`` (an enumeration of
    ``kg.codes``, checked by ``kg.query.spellings.code_term``); ``None`` for an unknown type."""
    kind, _, scheme = type_name.partition(":")
    if kind == "code" and scheme in SCHEMES:
        return partial(code_term, scheme)
    return TYPES.get(type_name)


@dataclass(frozen=True, slots=True)
class Param:
    """One declared parameter; ``default`` is ``None`` when the parameter is required."""

    name: str
    type: str
    default: str | None
    help: str

    def term(self, text: str) -> Literal | NamedNode:
        """The RDF term for a value given as text, or a ``CatalogueError`` naming the problem."""
        try:
            return parser_for(self.type)(text)
        except (CatalogueError, SpellingError) as exc:
            raise CatalogueError(f"parameter {self.name}: {exc}") from None


@dataclass(frozen=True, slots=True)
class NamedQuery:
    """A named catalogue query: its header and its SPARQL text."""

    name: str
    title: str
    description: str
    params: tuple[Param, ...]
    text: str

    def bind(self, values: Mapping[str, str]) -> dict[str, Literal | NamedNode]:
        """Check the given values against the declared parameters; fill in defaults."""
        declared = {p.name: p for p in self.params}
        unknown = sorted(set(values) - set(declared))
        if unknown:
            known = ", ".join(declared) or "none"
            raise CatalogueError(f"query {self.name} has no parameter {unknown[0]} (parameters: {known})")
        terms: dict[str, Literal | NamedNode] = {}
        for param in self.params:
            text = values.get(param.name, param.default)
            if text is None:
                raise CatalogueError(f"query {self.name} needs --param {param.name}=<{param.type}> ({param.help})")
            terms[param.name] = param.term(text)
        return terms

    def sparql(self, values: Mapping[str, str] | None = None) -> str:
        """The query text with the bound parameters as a ``VALUES`` block in every ``WHERE`` group,
        and without the lines guarded (``#if name`` / ``#if !name``) by a parameter left empty."""
        terms = self.bind(values or {})
        return with_values(select_lines(self.text, terms), terms)


def _given(term: Literal | NamedNode) -> bool:
    return not (isinstance(term, Literal) and term.value in ("", "false"))


def select_lines(text: str, terms: Mapping[str, Literal | NamedNode]) -> str:
    """Drop each line ending in ``#if a !b`` unless ``a`` is given and ``b`` is not.

    Optional filters are written as such guarded lines rather than ``FILTER(?x = "" || EXISTS {...})``:
    Oxigraph evaluates the ``EXISTS`` of such a disjunction for every row even when the test
    before it holds, which made optional filters 10-100x slower. Only structure is chosen here;
    values still travel as terms in ``VALUES``.
    """
    kept = []
    for line in text.splitlines():
        guard = _GUARD.search(line)
        if guard is not None:
            wanted = guard.group(1).split()
            if not all(_given(terms[w.lstrip("!")]) != w.startswith("!") for w in wanted):
                continue
        kept.append(line)
    return "\n".join(kept) + "\n"


def with_values(text: str, terms: Mapping[str, Literal | NamedNode]) -> str:
    """Open every ``WHERE {`` group with one ``VALUES`` row of the terms (N-Triples syntax,
    escaped by pyoxigraph, so quotes, braces and newlines in a value stay inside the literal)."""
    if not terms:
        return text
    names = " ".join(f"?{name}" for name in terms)
    row = " ".join(str(term) for term in terms.values())
    block = f"VALUES ({names}) {{ ({row}) }}"
    return _WHERE.sub(lambda m: f"{m.group(0)} {block}", text)


def parse(name: str, text: str) -> NamedQuery:
    """A ``NamedQuery`` from the text of a ``.rq`` file and its name; the header is required."""
    fields: dict[str, str] = {}
    params: list[Param] = []
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        match = _HEADER.match(line)
        if match is None:
            continue
        key, rest = match.groups()
        if key != "param":
            fields[key] = rest.strip()
            continue
        spec = _PARAM.fullmatch(rest.strip())
        if spec is None or parser_for(spec["type"]) is None:
            raise CatalogueError(f"query {name}: cannot read parameter line {line!r}")
        default = spec["default"]
        if default is not None and default.startswith('"'):
            default = default.strip('"')
        params.append(Param(spec["name"], spec["type"], default, (spec["help"] or "").strip()))
    if "title" not in fields or "description" not in fields:
        raise CatalogueError(f"query {name}: header needs '# title:' and '# description:' lines")
    declared = {p.name for p in params}
    for guard in filter(None, map(_GUARD.search, text.splitlines())):
        undeclared = {w.lstrip("!") for w in guard.group(1).split()} - declared
        if undeclared:
            raise CatalogueError(f"query {name}: '#if' names undeclared parameter {sorted(undeclared)[0]}")
    return NamedQuery(name, fields["title"], fields["description"], tuple(params), text)


def _folder():
    return _CHECKOUT if _CHECKOUT.is_dir() else files("kg.query") / "questions"


def load_all() -> dict[str, NamedQuery]:
    """Every catalogue query, by name (the file name without ``.rq``), in name order."""
    found = sorted((entry.name, entry) for entry in _folder().iterdir() if entry.name.endswith(".rq"))
    return {name[:-3]: parse(name[:-3], entry.read_text(encoding="utf-8")) for name, entry in found}


def get(name: str) -> NamedQuery:
    """One catalogue query by name, or a ``CatalogueError`` listing the known names."""
    queries = load_all()
    if name not in queries:
        near = difflib.get_close_matches(name, queries, n=1, cutoff=0.6)
        hint = f"; did you mean {near[0]}?" if near else ""
        raise CatalogueError(f"no query named {name!r}{hint} (kg query --list shows {len(queries)} queries)")
    return queries[name]
