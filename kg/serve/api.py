"""The query catalogue over HTTP: ``GET /api/queries`` and ``GET /api/queries/NAME?param=...``.

It reuses the catalogue of ``kg query`` (``kg.query.catalogue``): the same files, the same
parameter types and checks, the same messages, so a parameter the command line refuses
is refused here with 400 and the same words. The query itself runs in a worker process
like any other (``kg.serve.execute``), under the same time limit and row cap.
"""

from __future__ import annotations

from urllib.parse import parse_qs

from kg.query.catalogue import CatalogueError, NamedQuery, load_all
from kg.serve.execute import Job
from kg.serve.protocol import ProtocolError

__all__ = ["MAX_PARAM_CHARS", "listing", "named_job"]

MAX_PARAM_CHARS = 1_000  # a condition or sponsor name is far shorter; numbers have tighter bounds of their own


def _describe(query: NamedQuery) -> dict:
    """One catalogue entry; ``sparql`` is the runnable text with defaults, when none is required."""
    try:
        sparql = query.sparql({})
    except CatalogueError:  # a required parameter: show the template instead
        sparql = None
    return {
        "name": query.name,
        "title": query.title,
        "description": query.description,
        "params": [
            {"name": p.name, "type": p.type, "default": p.default, "required": p.default is None, "help": p.help}
            for p in query.params
        ],
        "href": f"/api/queries/{query.name}",
        "sparql": sparql,
        "template": query.text,
    }


def listing() -> list[dict]:
    """Every catalogue query, in name order."""
    return [_describe(query) for query in load_all().values()]


def named_job(name: str, url_query: str, *, max_rows: int | None) -> Job:
    """The job running catalogue query NAME with the URL's parameters, checked as ``kg query`` checks them."""
    queries = load_all()
    if name not in queries:
        raise ProtocolError(404, f"no query named {name!r} (GET /api/queries lists {len(queries)} queries)")
    try:
        given = parse_qs(url_query, keep_blank_values=True, max_num_fields=50)
    except ValueError:
        raise ProtocolError(400, "more than 50 parameters") from None
    twice = sorted(key for key, values in given.items() if len(values) > 1)
    if twice:
        raise ProtocolError(400, f"parameter {twice[0]} given twice")
    params = {key: values[0] for key, values in given.items()}
    long = sorted(key for key, value in params.items() if len(value) > MAX_PARAM_CHARS)
    if long:
        raise ProtocolError(400, f"parameter {long[0]} is over {MAX_PARAM_CHARS:,} characters")
    try:
        queries[name].bind(params)
    except CatalogueError as exc:
        raise ProtocolError(400, str(exc)) from None
    return Job(name=name, params=tuple(sorted(params.items())), max_rows=max_rows)
