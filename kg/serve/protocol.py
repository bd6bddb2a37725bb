"""SPARQL 1.1 Protocol: turn an HTTP request into a query operation, or refuse it.

Three ways to send a query (Protocol 2.1): ``GET ?query=``, ``POST`` form-encoded and
``POST application/sparql-query`` (graph parameters then in the URL). The checks that must
happen before the query reaches a worker live here: an Update sent as an Update (``update=``,
``application/sparql-update``) is refused with 403, and graph IRIs must be well formed. The
query text itself is checked in the worker, by a SPARQL parser (``kg.serve.check``).

>>> r = parse("GET", "query=ASK%7B%7D&default-graph-uri=http://ex/g", None, b"")
>>> r.query, r.default_graphs, r.named_graphs
('ASK{}', ('http://ex/g',), None)
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import parse_qs

import pyoxigraph as ox

from kg.serve.check import READ_ONLY

__all__ = ["READ_ONLY", "ProtocolError", "SparqlRequest", "parse"]

FORM = "application/x-www-form-urlencoded"
QUERY = "application/sparql-query"
UPDATE = "application/sparql-update"


class ProtocolError(Exception):
    """A request the endpoint will not run: HTTP status and a message for the client."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


@dataclass(frozen=True, slots=True)
class SparqlRequest:
    """A query operation: its text (``None`` asks for the service description) and dataset."""

    query: str | None
    default_graphs: tuple[str, ...] | None = None
    named_graphs: tuple[str, ...] | None = None


def parse(method: str, url_query: str, content_type: str | None, body: bytes) -> SparqlRequest:
    """The operation an HTTP request asks for; ``ProtocolError`` when it is not one we run."""
    media = (content_type or "").split(";")[0].strip().lower()
    url_params = _params(url_query)
    if method == "GET":
        params = url_params
    elif media == FORM:
        params = _params(_text(body))
    elif media == QUERY:
        params = {**url_params, "query": [_text(body)]}
    elif media == UPDATE:
        raise ProtocolError(403, READ_ONLY)
    else:
        raise ProtocolError(
            415, f"POST needs Content-Type {FORM} or {QUERY} (SPARQL 1.1 Protocol), not {media or 'none'}"
        )
    if "update" in params:
        raise ProtocolError(403, READ_ONLY)
    queries = params.get("query", [])
    if len(queries) > 1:
        raise ProtocolError(400, "give one query parameter, not several")
    if method == "POST" and not queries:
        raise ProtocolError(400, "POST without a query: send query=... or a body of type application/sparql-query")
    return SparqlRequest(
        queries[0] if queries else None,
        _graphs(params, "default-graph-uri"),
        _graphs(params, "named-graph-uri"),
    )


def _params(text: str) -> dict[str, list[str]]:
    return parse_qs(text, keep_blank_values=True)


def _text(body: bytes) -> str:
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        raise ProtocolError(400, "the request body is not UTF-8") from None


def _graphs(params: dict[str, list[str]], name: str) -> tuple[str, ...] | None:
    if name not in params:
        return None
    iris = tuple(params[name])
    for iri in iris:
        try:
            ox.NamedNode(iri)
        except ValueError as exc:
            raise ProtocolError(400, f"{name} {iri!r} is not an IRI: {exc}") from None
    return iris
