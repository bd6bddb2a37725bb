"""The HTTP side of ``kg serve``: framing, routes, CORS, the access log; queries go to the worker pool.

The standard library's threading HTTP server only parses requests and moves bytes, one
thread per connection, while the SPARQL work happens in worker processes (``kg.serve.pool``);
measured, the server side is not what bounds throughput (``benchmarks/serve.py``). Framing is
strict, so what a proxy in front reads is what this server reads: ``Content-Length`` must be
plain digits and at most ``MAX_BODY`` (else 400 or 413, the body unread), ``Transfer-Encoding``
is refused (411), and after any of these the connection is closed, never read on. Idle
connections are closed after ``IDLE_TIMEOUT`` s, and open connections are bounded (``kg.serve.httpd``).
Routes:

- ``/sparql``: the SPARQL 1.1 Protocol endpoint (the service description without a query);
- ``/``: the query page, and ``/static/...`` its files;
- ``/health``: a small JSON status;
- ``/api/queries`` and ``/api/queries/NAME``: the catalogue.
"""

from __future__ import annotations

import json
import sys
import time
from http.server import BaseHTTPRequestHandler
from importlib.resources import files
from urllib.parse import urlsplit

import pyoxigraph as ox

from kg.serve.api import listing, named_job
from kg.serve.cache import AnswerCache
from kg.serve.description import service_description
from kg.serve.execute import MAX_ROWS, TRUNCATED, Answer, Job
from kg.serve.httpd import BoundedServer
from kg.serve.pool import Pool
from kg.serve.protocol import READ_ONLY, ProtocolError, parse

__all__ = ["Server"]

MAX_BODY = 1 << 20  # a query of a megabyte is already unusual
IDLE_TIMEOUT = 30.0  # seconds a connection may sit silent (also bounds a slow body)
_STATIC_TYPES = {".html": "text/html", ".js": "text/javascript", ".css": "text/css", ".txt": "text/plain"}
_CORS = {
    "Access-Control-Allow-Origin": "*",
    "Access-Control-Expose-Headers": f"{TRUNCATED}, {MAX_ROWS}, Retry-After",
    "X-Content-Type-Options": "nosniff",
}
_HOST_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-:[]")


class Server(BoundedServer):
    """The HTTP server; holds the worker pool and the limits every request shares."""

    def __init__(self, address: tuple[str, int], pool: Pool, *, max_rows: int | None, cache_bytes: int = 0) -> None:
        super().__init__(address, Handler)
        self.pool = pool
        self.max_rows = max_rows
        self.cache = AnswerCache(cache_bytes)
        self.started = time.time()

    def run(self, job: Job, client: str) -> Answer:
        """The job's answer: kept from an identical request, or from a worker (``kg.serve.pool``)."""
        return self.cache.answer(job, lambda: self.pool.run(job, client), wait=self.pool.wait)


class Handler(BaseHTTPRequestHandler):
    """One request: check its framing, route it, answer it, log one line."""

    server: Server
    protocol_version = "HTTP/1.1"  # keep-alive; every answer carries Content-Length
    timeout = IDLE_TIMEOUT

    def do_GET(self) -> None:
        self._handle("GET")

    def do_HEAD(self) -> None:
        """As GET, without the body (``_send`` leaves it out)."""
        self._handle("GET")

    def do_POST(self) -> None:
        self._handle("POST")

    def do_OPTIONS(self) -> None:
        """CORS preflight: any origin may send GET and POST with the protocol's headers."""
        asked = self.headers.get("Access-Control-Request-Headers", "Content-Type, Accept")
        if not asked.isprintable() or len(asked) > 1000:
            asked = "Content-Type, Accept"
        self._send(
            Answer(204, "text/plain", b""),
            {
                "Access-Control-Allow-Methods": "GET, HEAD, POST, OPTIONS",
                "Access-Control-Allow-Headers": asked,
                "Access-Control-Max-Age": "86400",
            },
        )

    def _not_allowed(self) -> None:
        self.close_connection = True  # a body may follow that we do not read
        self._send(
            Answer.error(405, f"{self.command} is not allowed: the endpoint is read-only"),
            {"Allow": "GET, HEAD, POST, OPTIONS"},
        )

    do_PUT = do_DELETE = do_PATCH = _not_allowed

    def _handle(self, method: str) -> None:
        self._started = time.monotonic()
        self.server.begin()
        try:
            url = urlsplit(self.path)
            try:
                body = self._body() if method == "POST" else self._no_body()
                answer = self._route(method, url.path, url.query, body)
            except ProtocolError as exc:
                answer = Answer.error(exc.status, exc.message)
            self._send(answer)
        finally:
            self.server.end()

    def _route(self, method: str, path: str, url_query: str, body: bytes) -> Answer:
        if path in ("/sparql", "/query"):
            return self._sparql(method, url_query, body)
        if path == "/update":
            raise ProtocolError(403, READ_ONLY)
        if method != "GET":
            raise ProtocolError(405, f"{path} answers GET and HEAD only")
        if path == "/health":
            return _json(self._health())
        if path == "/api/queries":
            return _json(listing())
        if path.startswith("/api/queries/"):
            job = named_job(path.removeprefix("/api/queries/"), url_query, max_rows=self.server.max_rows)
            return self.server.run(job, self.client_address[0])
        if path == "/" or path.startswith("/static/"):
            return _static("index.html" if path == "/" else path.removeprefix("/static/"))
        raise ProtocolError(404, f"nothing at {path}; try /sparql, /api/queries, /health or /")

    def _sparql(self, method: str, url_query: str, body: bytes) -> Answer:
        request = parse(method, url_query, self.headers.get("Content-Type"), body)
        endpoint = self._endpoint()
        if request.query is None:
            turtle = service_description(endpoint, timeout=self.server.pool.timeout, max_rows=self.server.max_rows)
            return Answer(200, "text/turtle; charset=utf-8", turtle)
        job = Job(
            text=request.query,
            accept=self.headers.get("Accept"),
            default_graphs=request.default_graphs,
            named_graphs=request.named_graphs,
            max_rows=self.server.max_rows,
            base_iri=endpoint,
        )
        return self.server.run(job, self.client_address[0])

    def _endpoint(self) -> str:
        """This endpoint's IRI: from the ``Host`` header when it is a plain host[:port], else the bound address."""
        host = self.headers.get("Host") or ""
        if not (0 < len(host) <= 255 and set(host) <= _HOST_CHARS):
            host = "{}:{}".format(*self.server.server_address[:2])
        try:
            return ox.NamedNode(f"http://{host}/sparql").value
        except ValueError:
            return "http://{}:{}/sparql".format(*self.server.server_address[:2])

    def _length(self) -> int:
        """The declared body length: digits only, at most ``MAX_BODY``; the connection closes otherwise."""
        if "Transfer-Encoding" in self.headers:
            self.close_connection = True
            raise ProtocolError(411, "send the body with a Content-Length, not a Transfer-Encoding")
        values = self.headers.get_all("Content-Length") or ["0"]
        value = values[0].strip()
        if len(values) > 1 or not (value.isascii() and value.isdigit()):
            self.close_connection = True
            raise ProtocolError(400, "Content-Length must be one whole number of bytes")
        if len(value) > 12 or int(value) > MAX_BODY:
            self.close_connection = True
            raise ProtocolError(413, f"request body over {MAX_BODY:,} bytes; the connection is closed unread")
        return int(value)

    def _body(self) -> bytes:
        length = self._length()
        body = self.rfile.read(length)
        if len(body) < length:
            self.close_connection = True
            raise ProtocolError(400, f"the body ended after {len(body)} of {length} bytes")
        return body

    def _no_body(self) -> bytes:
        """GET and HEAD carry no body; one declared anyway is refused, not left to be read as a request."""
        if self._length():
            self.close_connection = True
            raise ProtocolError(400, f"{self.command} takes no body")
        return b""

    def _health(self) -> dict:
        """Counts only: no path, no process ids (any origin may read this)."""
        pool = self.server.pool
        return {
            "status": "draining" if self.server.draining else "ok",
            "workers": pool.processes,
            "idle_workers": pool.idle,
            "waiting_requests": pool.waiting,
            "timeout_s": pool.timeout,
            "memory_limit_mb": pool.memory >> 20,
            "max_rows": self.server.max_rows,
            "queries_stopped_at_time_limit": pool.stopped,
            "queries_stopped_at_memory_limit": pool.stopped_memory,
            "requests_turned_away_busy": pool.turned_away,
            "answers_from_cache": self.server.cache.hits,
            "uptime_s": round(time.time() - self.server.started, 1),
        }

    def _send(self, answer: Answer, extra: dict[str, str] | None = None) -> None:
        self.send_response(answer.status)
        headers = {**_CORS, **answer.headers, **(extra or {})}
        headers["Content-Type"] = answer.content_type
        headers["Content-Length"] = str(len(answer.body))
        if self.server.draining:
            self.close_connection = True
        if self.close_connection:
            headers["Connection"] = "close"
        for key, value in headers.items():
            self.send_header(key, value)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(answer.body)
        self._access_log(answer.status, len(answer.body))

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        """The base class's own refusals (bad request line, headers too long): plain text, connection closed."""
        self.close_connection = True
        self._started = time.monotonic()
        self._send(Answer.error(code, message or "bad request"))

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        """Silenced: ``_access_log`` writes one line per request, with its size and duration."""

    def _access_log(self, status: int, size: int) -> None:
        started = getattr(self, "_started", time.monotonic())
        line = _printable(self.requestline[:500]) + ("..." if len(self.requestline) > 500 else "")
        sys.stderr.write(
            f'{self.address_string()} - - [{self.log_date_time_string()}] "{line}" {status} {size} '
            f"{(time.monotonic() - started) * 1000:.1f}ms\n"
        )


def _printable(text: str) -> str:
    """Control characters (and backslashes) escaped, so a request cannot forge or garble log lines."""
    return "".join(c if c.isprintable() and c != "\\" else c.encode("unicode_escape").decode() for c in text)


def _json(value: object) -> Answer:
    return Answer(200, "application/json", json.dumps(value, ensure_ascii=False).encode())


def _static(name: str) -> Answer:
    """A file of the query page, from the package; only plain names in ``static/`` itself."""
    folder = files("kg.serve") / "static"
    suffix = "." + name.rsplit(".", 1)[-1] if "." in name else ""
    if "/" in name or name.startswith(".") or suffix not in _STATIC_TYPES or not (folder / name).is_file():
        raise ProtocolError(404, f"no file {name}")
    return Answer(200, f"{_STATIC_TYPES[suffix]}; charset=utf-8", (folder / name).read_bytes())
