"""What a query asks for, read by a real SPARQL 1.1 parser, before Oxigraph runs it.

pyoxigraph exposes no parse tree and cannot switch ``SERVICE`` off (it would send the
request itself), so the query is parsed here with rdflib's SPARQL 1.1 grammar and its tree
is walked for ``SERVICE`` (at any depth: subqueries, ``OPTIONAL``, ``MINUS``, ``EXISTS``)
and for a dataset clause (``FROM``). The rule is fail closed: a query that rdflib cannot
parse is refused, even when Oxigraph would have run it, because then nobody has checked it.
One known difference is handled: SPARQL ends a comment at a carriage return, rdflib only
at a line feed, so CRs are read as line feeds here (a CR can only stand between tokens or
inside a long string, where either reading gives the same tree). Texts the two parsers read
differently in other ways (seen: an escaped ``\\#`` in a prefixed name) fail rdflib's parse.

This runs in the query worker, under its time and memory limits: parsing costs time, and
a hostile text should cost the worker, not the server. The worker itself can open no
network socket (``kg.serve.sandbox``), the second, independent guard.
"""

from __future__ import annotations

from dataclasses import dataclass

from pyparsing import ParseException, ParseResults
from rdflib.plugins.sparql.parser import parseQuery, parseUpdate
from rdflib.plugins.sparql.parserutils import CompValue

__all__ = ["MAX_DEPTH", "READ_ONLY", "Refused", "Shape", "inspect"]

#: Deepest bracket nesting taken; rdflib parses 200 levels in about 3 s, Oxigraph crashes at 10,000.
MAX_DEPTH = 100
READ_ONLY = "this endpoint is read-only: SPARQL Update (INSERT, DELETE, LOAD, CLEAR, DROP...) is not accepted"
NO_SERVICE = "SERVICE is not allowed: this endpoint does not send requests to other servers on a user's behalf"


class Refused(Exception):
    """A query the endpoint will not run: HTTP status and a message for the client."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


@dataclass(frozen=True, slots=True)
class Shape:
    """What the endpoint needs to know about a checked query."""

    has_dataset: bool  # FROM / FROM NAMED: the query names its own dataset


def depth(text: str) -> int:
    """The deepest nesting of ``{ ( [`` in the text, brackets inside strings counted too (an upper bound)."""
    level = deepest = 0
    for char in text:
        if char in "{([":
            level += 1
            deepest = max(deepest, level)
        elif char in "})]":
            level -= 1
    return deepest


def inspect(text: str) -> Shape:
    """The query's shape, or ``Refused`` (400 unreadable or too deep, 403 Update or SERVICE)."""
    if depth(text) > MAX_DEPTH:
        raise Refused(400, f"the query nests brackets more than {MAX_DEPTH} deep; this endpoint takes no deeper")
    readable = text.replace("\r", "\n")
    try:
        tree = parseQuery(readable)
    except (ParseException, RecursionError) as exc:
        if _is_update(readable):
            raise Refused(403, READ_ONLY) from None
        raise Refused(400, f"malformed query (read by the endpoint's SPARQL 1.1 checker): {_one_line(exc)}") from None
    found = _names(tree)
    if "ServiceGraphPattern" in found:
        raise Refused(403, NO_SERVICE)
    return Shape(has_dataset="DatasetClause" in found or "datasetClause" in found)


def _is_update(text: str) -> bool:
    try:
        parseUpdate(text)
    except (ParseException, RecursionError):
        return False
    return True


def _names(tree: object) -> set[str]:
    """Every grammar rule name in the parse tree, and every key naming a part (e.g. ``datasetClause``)."""
    names: set[str] = set()
    stack = [tree]
    while stack:  # no recursion: the tree can be as deep as MAX_DEPTH allows
        node = stack.pop()
        if isinstance(node, CompValue):
            names.add(node.name)
            names.update(key for key, value in node.items() if value not in (None, [], ""))
            stack.extend(node.values())
        elif isinstance(node, ParseResults | list | tuple):
            stack.extend(node)
        elif isinstance(node, dict):
            stack.extend(node.values())
    return names


def _one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split())[:300]
