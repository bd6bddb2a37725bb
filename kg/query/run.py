"""Run SPARQL against a build's store: catalogue queries or any text the user brings.

The store keeps one named graph per trial plus a shared graph and the ontology graph
(``kg.store``). Queries run with the default graph as the union of all of them, so a plain
``?trial tg:condition ?c`` pattern sees every trial, and ``GRAPH ?g { ... }`` still reaches
each named graph (for provenance). The store is opened read-only: queries never write.

>>> from kg.store import TrialStore
>>> result = run_sparql(TrialStore(None), "SELECT (1 AS ?one) WHERE {}")
>>> result.columns, [[term.value for term in row] for row in result.rows]
(['one'], [['1']])
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import pyoxigraph as ox

from kg.query.catalogue import CatalogueError, get
from kg.store import Term, TrialStore

__all__ = ["QueryFailed", "QueryResult", "run_named", "run_sparql"]


class QueryFailed(ValueError):
    """A query the store cannot run: missing store, malformed SPARQL, not a SELECT/ASK."""


@dataclass(slots=True)
class QueryResult:
    """Column names and rows of RDF terms (``None`` where a variable is unbound)."""

    columns: list[str]
    rows: list[list[Term | None]] = field(default_factory=list)


def run_sparql(store: TrialStore, text: str, *, limit: int | None = None) -> QueryResult:
    """Run a SELECT or ASK query; a CONSTRUCT/DESCRIBE is refused (tables have columns).

    ``limit`` stops reading rows early, so the user's query text is never rewritten.
    """
    try:
        answer = store.query(text, union=True)
    except SyntaxError as exc:
        raise QueryFailed(f"malformed SPARQL: {_one_line(exc)}") from None
    except (OSError, RuntimeError, ValueError) as exc:
        raise QueryFailed(f"query failed: {_one_line(exc)}") from None
    if isinstance(answer, ox.QueryBoolean):
        return QueryResult(["answer"], [[ox.Literal(bool(answer))]])
    if not isinstance(answer, ox.QuerySolutions):
        raise QueryFailed("only SELECT and ASK queries give a table; use kg export for graphs")
    columns = [variable.value for variable in answer.variables]
    rows: list[list[Term | None]] = []
    try:
        for solution in answer:
            if limit is not None and len(rows) >= limit:
                break
            rows.append([solution[name] for name in columns])
    except (OSError, RuntimeError, ValueError) as exc:
        raise QueryFailed(f"query failed: {_one_line(exc)}") from None
    return QueryResult(columns, rows)


def run_named(store: TrialStore, name: str, params: Mapping[str, str], *, limit: int | None = None) -> QueryResult:
    """Run catalogue query NAME with its parameters given as text (checked and typed here)."""
    try:
        text = get(name).sparql(params)
    except CatalogueError as exc:
        raise QueryFailed(str(exc)) from None
    return run_sparql(store, text, limit=limit)


def _one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split())
