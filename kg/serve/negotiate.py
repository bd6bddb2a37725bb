"""Content negotiation: the client's ``Accept`` header -> one of pyoxigraph's formats.

Each pyoxigraph format carries its own media type, so the offers below are lists of formats
and nothing is typed twice. The first offer of each list is the default, given to a client
that sends no ``Accept`` or ``*/*``: SPARQL JSON results for SELECT and ASK (what most
clients parse), Turtle for CONSTRUCT and DESCRIBE. ``None`` means 406.

>>> choose("text/csv;q=0.5, application/sparql-results+xml", RESULTS).media_type
'application/sparql-results+xml'
>>> base_type(choose("text/csv", RESULTS))
'text/csv'
>>> choose("text/*", GRAPHS).media_type
'text/turtle'
>>> choose("image/png", RESULTS) is None
True
"""

from __future__ import annotations

from typing import TypeVar

import pyoxigraph as ox

__all__ = ["GRAPHS", "RESULTS", "base_type", "choose", "media_types"]

RESULTS: tuple[ox.QueryResultsFormat, ...] = (
    ox.QueryResultsFormat.JSON,
    ox.QueryResultsFormat.XML,
    ox.QueryResultsFormat.CSV,
    ox.QueryResultsFormat.TSV,
)
GRAPHS: tuple[ox.RdfFormat, ...] = (
    ox.RdfFormat.TURTLE,
    ox.RdfFormat.N_TRIPLES,
    ox.RdfFormat.JSON_LD,
    ox.RdfFormat.TRIG,
    ox.RdfFormat.N_QUADS,
    ox.RdfFormat.RDF_XML,
)
#: Generic types clients send for "JSON" or "XML" (browsers' fetch, jQuery, some libraries).
_ALIASES = {"application/json": "json", "application/xml": "xml", "text/xml": "xml", "text/plain": "plain"}

F = TypeVar("F", ox.QueryResultsFormat, ox.RdfFormat)


def _ranges(accept: str) -> list[tuple[float, int, str]]:
    """(q, position, media range) for each entry of the header, q=0 entries dropped."""
    ranges = []
    for position, entry in enumerate(accept.split(",")):
        media, *params = (part.strip() for part in entry.split(";"))
        quality = 1.0
        for param in params:
            key, _, value = param.partition("=")
            if key.strip().lower() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        if media and quality > 0:
            ranges.append((quality, position, media.lower()))
    return sorted(ranges, key=lambda r: (-r[0], r[1]))


def base_type(fmt: ox.QueryResultsFormat | ox.RdfFormat) -> str:
    """The format's media type without parameters (pyoxigraph gives CSV and TSV a charset)."""
    return fmt.media_type.split(";")[0].strip()


def _matches(media: str, fmt: ox.QueryResultsFormat | ox.RdfFormat) -> bool:
    kind = base_type(fmt)
    if media in ("*/*", "*"):
        return True
    if media.endswith("/*"):
        return kind.startswith(media[:-1])
    alias = _ALIASES.get(media)
    if alias is not None:
        return alias in kind or (alias == "plain" and fmt == ox.RdfFormat.N_TRIPLES)
    return media == kind


def choose(accept: str | None, offers: tuple[F, ...]) -> F | None:
    """The format to answer with, or ``None`` when the client accepts none of the offers."""
    if not accept or not accept.strip():
        return offers[0]
    for _quality, _position, media in _ranges(accept):
        for fmt in offers:
            if _matches(media, fmt):
                return fmt
    return None


def media_types(offers: tuple[ox.QueryResultsFormat | ox.RdfFormat, ...]) -> str:
    """The offers as a comma-separated list, for a 406 message."""
    return ", ".join(base_type(fmt) for fmt in offers)
