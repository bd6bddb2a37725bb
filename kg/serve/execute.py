"""What a query worker does with one job: run it on the store, serialise the answer.

This runs inside a worker process (``kg.serve.pool``), never in the HTTP server, so a query
that passes its time limit can be stopped by ending the process. Results are written by
pyoxigraph's own serialisers. The row cap is applied while reading the solutions; the rows
kept are then written as SPARQL TSV (each term in its N-Triples form, which pyoxigraph
escapes), parsed back by pyoxigraph and serialised in the format the client asked for, so
a capped result is exactly as valid as an uncapped one.
"""

from __future__ import annotations

import io
import itertools
from dataclasses import dataclass, field

import pyoxigraph as ox

from kg.query import QueryFailed, run_named
from kg.query.tables import write
from kg.serve.check import Refused, inspect
from kg.serve.negotiate import GRAPHS, RESULTS, base_type, choose, media_types
from kg.store import TrialStore
from kg.vocab import PREFIXES

__all__ = ["Answer", "Job", "run_job"]

_PREFIXED = (ox.RdfFormat.TURTLE, ox.RdfFormat.TRIG, ox.RdfFormat.RDF_XML)
TRUNCATED = "X-Trialgraph-Truncated"
MAX_ROWS = "X-Trialgraph-Max-Rows"


@dataclass(frozen=True, slots=True)
class Job:
    """One request for a worker: a SPARQL text (``name`` empty) or a catalogue query by name.

    ``default_graphs``/``named_graphs`` are the protocol's ``default-graph-uri`` and
    ``named-graph-uri``; both ``None`` means the service's own dataset (union default graph).
    ``base_iri`` (the endpoint's own IRI) resolves relative IRIs in the query.
    """

    text: str = ""
    accept: str | None = None
    default_graphs: tuple[str, ...] | None = None
    named_graphs: tuple[str, ...] | None = None
    max_rows: int | None = None
    base_iri: str | None = None
    name: str = ""
    params: tuple[tuple[str, str], ...] = ()


@dataclass(slots=True)
class Answer:
    """An HTTP answer made in a worker and sent back to the server through a pipe."""

    status: int
    content_type: str
    body: bytes
    headers: dict[str, str] = field(default_factory=dict)

    @classmethod
    def error(cls, status: int, message: str) -> Answer:
        return cls(status, "text/plain; charset=utf-8", (message + "\n").encode())


def run_job(store: TrialStore, job: Job) -> Answer:
    """Run the job; every failure becomes an answer with a status and a message."""
    try:
        if job.name:
            return _named(store, job)
        return _sparql(store, job)
    except Refused as exc:
        return Answer.error(exc.status, exc.message)
    except SyntaxError as exc:
        return Answer.error(400, f"malformed query: {_one_line(exc)}")
    except MemoryError:
        return Answer.error(507, "query stopped: it ran out of the memory a query may use")
    except Exception as exc:  # the worker must answer whatever happens, and live on
        return Answer.error(500, f"query failed: {_one_line(exc)}")


def dataset(job: Job, has_dataset: bool) -> dict:
    """``TrialStore.query``'s dataset arguments for the job.

    Without protocol graphs, the default graph is the union of all graphs (so plain triple
    patterns see every trial) unless the query names its own with ``FROM``/``FROM NAMED``
    (``has_dataset``, read by ``kg.serve.check``).
    With protocol graphs, they are the whole dataset, as SPARQL 1.1 Protocol 2.1.4 says:
    ``default-graph-uri`` alone leaves no named graphs, ``named-graph-uri`` alone an empty default graph.
    """
    if job.default_graphs is None and job.named_graphs is None:
        return {"union": not has_dataset}
    return {
        "default_graph": [ox.NamedNode(iri) for iri in job.default_graphs or ()],
        "named_graphs": [ox.NamedNode(iri) for iri in job.named_graphs or ()],
    }


def _sparql(store: TrialStore, job: Job) -> Answer:
    """Check the query (``Refused``: SERVICE, Update, unreadable), then run it."""
    shape = inspect(job.text)
    answer = store.query(job.text, base_iri=job.base_iri, **dataset(job, shape.has_dataset))
    if isinstance(answer, ox.QueryTriples):
        return _graph(answer, job)
    fmt = choose(job.accept, RESULTS)
    if fmt is None:
        return Answer.error(406, f"cannot give this result as {job.accept}; available: {media_types(RESULTS)}")
    if isinstance(answer, ox.QueryBoolean):
        return Answer(200, _content_type(fmt), answer.serialize(format=fmt))
    if job.max_rows is None:
        return Answer(200, _content_type(fmt), answer.serialize(format=fmt))
    rows = list(itertools.islice(answer, job.max_rows + 1))
    truncated = len(rows) > job.max_rows
    body = _capped(answer.variables, rows[: job.max_rows], fmt)
    if truncated and fmt == ox.QueryResultsFormat.JSON:
        # The results format's own "link" member (metadata about the results) says so, too.
        link = f'{{"head":{{"link":["urn:trialgraph:truncated:max-rows={job.max_rows}"],'
        body = body.replace(b'{"head":{', link.encode(), 1)
    return Answer(200, _content_type(fmt), body, _cap_headers(job.max_rows, truncated))


def _capped(variables: list[ox.Variable], rows: list[ox.QuerySolution], fmt: ox.QueryResultsFormat) -> bytes:
    lines = ["\t".join(str(v) for v in variables)]
    lines += ["\t".join("" if row[v] is None else str(row[v]) for v in variables) for row in rows]
    tsv = ("\n".join(lines) + "\n").encode()
    if fmt == ox.QueryResultsFormat.TSV:
        return tsv
    return ox.parse_query_results(tsv, ox.QueryResultsFormat.TSV).serialize(format=fmt)


def _graph(answer: ox.QueryTriples, job: Job) -> Answer:
    fmt = choose(job.accept, GRAPHS)
    if fmt is None:
        return Answer.error(406, f"cannot give this graph as {job.accept}; available: {media_types(GRAPHS)}")
    triples = list(answer if job.max_rows is None else itertools.islice(answer, job.max_rows + 1))
    truncated = job.max_rows is not None and len(triples) > job.max_rows
    options = {"prefixes": PREFIXES} if fmt in _PREFIXED else {}
    body = ox.serialize(triples[: job.max_rows], format=fmt, **options)
    return Answer(200, _content_type(fmt), body, _cap_headers(job.max_rows, truncated))


def _named(store: TrialStore, job: Job) -> Answer:
    """A catalogue query, answered as ``{"name", "columns", "rows": [{column: value}], "truncated"}``."""
    import json

    limit = None if job.max_rows is None else job.max_rows + 1
    try:
        result = run_named(store, job.name, dict(job.params), limit=limit)
    except QueryFailed as exc:
        return Answer.error(400, str(exc))
    truncated = job.max_rows is not None and len(result.rows) > job.max_rows
    result.rows = result.rows[: job.max_rows]
    records = io.StringIO()
    write(result, "json", records)
    body = (
        f'{{"name":{json.dumps(job.name)},"columns":{json.dumps(result.columns)},'
        f'"truncated":{json.dumps(truncated)},"maxRows":{json.dumps(job.max_rows)},'
        f'"rows":{records.getvalue().strip()}}}'
    )
    return Answer(200, "application/json", body.encode(), _cap_headers(job.max_rows, truncated))


def _cap_headers(max_rows: int | None, truncated: bool) -> dict[str, str]:
    if max_rows is None:
        return {}
    return {TRUNCATED: "true" if truncated else "false", MAX_ROWS: str(max_rows)}


def _content_type(fmt: ox.QueryResultsFormat | ox.RdfFormat) -> str:
    """Every format offered is UTF-8 text; saying so keeps browsers from guessing."""
    return f"{base_type(fmt)}; charset=utf-8"


def _one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split())
