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

import difflib
import re
from collections.abc import Mapping
from dataclasses import dataclass, field

import pyoxigraph as ox

from kg.iris import is_mesh_id
from kg.query.catalogue import CatalogueError, get
from kg.store import Term, TrialStore

__all__ = ["QueryFailed", "QueryResult", "check_name", "run_named", "run_sparql"]

_ISO = re.compile(r"[A-Z]{2}")


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
        query = get(name)
        terms = query.bind(params)
        text = query.sparql(params)
    except CatalogueError as exc:
        raise QueryFailed(str(exc)) from None
    for param in query.params:
        check_name(store, param.type, param.name, terms[param.name].value)
    return run_sparql(store, text, limit=limit)


#: parameter type -> (the graph's names of that kind, what one is called): a name that is
#: not a code must be one of these, or the answer would be silently empty
_NAMES = {
    "mesh": ("SELECT DISTINCT ?name WHERE { ?m a tg:MeshTerm ; rdfs:label ?name }", "MeSH term", "D001249"),
    "country": ("SELECT DISTINCT ?name WHERE { ?c a tg:Country ; skos:altLabel ?name }", "country", "FR"),
}
_PREFIXES = (
    "PREFIX tg: <https://w3id.org/trialgraph/ontology#> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> "
    "PREFIX skos: <http://www.w3.org/2004/02/skos/core#> "
)


def check_name(store: TrialStore, type_name: str, param: str, value: str) -> None:
    """A MeSH label or a country spelling the store does not hold is an error naming the
    nearest ones, not an empty answer. Ids and ISO codes (already resolved) pass."""
    if type_name not in _NAMES or not value:
        return
    if (type_name == "mesh" and is_mesh_id(value)) or (type_name == "country" and _ISO.fullmatch(value)):
        return
    select, kind, example = _NAMES[type_name]
    names = {term.value.casefold(): term.value for (term,) in run_sparql(store, _PREFIXES + select).rows if term}
    if value.casefold() in names:
        return
    near = [names[key] for key in difflib.get_close_matches(value.casefold(), names, n=3, cutoff=0.75)]
    hint = f" (nearest: {', '.join(near)})" if near else ""
    raise QueryFailed(
        f"parameter {param}: no {kind} named {value!r} in the store{hint}; a code such as {example} works too"
    )


def _one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split())
