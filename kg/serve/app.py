"""The HTTP side of ``kg serve``: routes, CORS, the access log; queries go to the worker pool.

The standard library's threading HTTP server is enough here: it only parses requests and
moves bytes, one thread per connection, while the SPARQL work happens in worker processes
(``kg.serve.pool``). Routes:

- ``/sparql``: the SPARQL 1.1 Protocol endpoint (the service description without a query);
- ``/``: the query page, and ``/static/...`` its files;
- ``/health``: a small JSON status;
- ``/api/queries`` and ``/api/queries/NAME``: the catalogue.
"""

from __future__ import annotations

import json
import sys
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib.resources import files
from urllib.parse import urlsplit

from kg.serve.api import listing, named_job
from kg.serve.description import service_description
from kg.serve.execute import MAX_ROWS, TRUNCATED, Answer, Job
from kg.serve.pool import Pool
from kg.serve.protocol import READ_ONLY, ProtocolError, check, parse

__all__ = ["Server"]

MAX_BODY = 1 << 20  # a query of a megabyte is already unusual
_STATIC_TYPES = {".html": "text/html", ".js": "text/javascript", ".css": "text/css", ".txt": "text/plain"}
_CORS = {
    "Access-Control-Allow-Origin": "*",
    "Access-Control-Expose-Headers": f"{TRUNCATED}, {MAX_ROWS}",
}


class Server(ThreadingHTTPServer):
    """The HTTP server; holds the worker pool and the limits every request shares."""

    daemon_threads = True

    def __init__(self, address: tuple[str, int], pool: Pool, *, max_rows: int | None) -> None:
        super().__init__(address, Handler)
        self.pool = pool
        self.max_rows = max_rows
        self.started = time.time()


class Handler(BaseHTTPRequestHandler):
    """One request: route it, answer it, log one line."""

    server: Server
    protocol_version = "HTTP/1.1"  # keep-alive; every answer carries Content-Length

    def do_GET(self) -> None:
        self._handle("GET")

    def do_POST(self) -> None:
        self._handle("POST")

    def do_OPTIONS(self) -> None:
        """CORS preflight: any origin may send GET and POST with the protocol's headers."""
        asked = self.headers.get("Access-Control-Request-Headers", "Content-Type, Accept")
        self._send(
            Answer(204, "text/plain", b""),
            {
                "Access-Control-Allow-Methods": "GET, POST, OPTIONS",
                "Access-Control-Allow-Headers": asked,
                "Access-Control-Max-Age": "86400",
            },
        )

    def _not_allowed(self) -> None:
        self._send(
            Answer.error(405, f"{self.command} is not allowed: the endpoint is read-only"),
            {"Allow": "GET, POST, OPTIONS"},
        )

    do_PUT = do_DELETE = do_PATCH = _not_allowed

    def _handle(self, method: str) -> None:
        self._started = time.monotonic()
        url = urlsplit(self.path)
        try:
            body = self._body() if method == "POST" else b""
            answer = self._route(method, url.path, url.query, body)
        except ProtocolError as exc:
            answer = Answer.error(exc.status, exc.message)
        self._send(answer)

    def _route(self, method: str, path: str, url_query: str, body: bytes) -> Answer:
        if path in ("/sparql", "/query"):
            return self._sparql(method, url_query, body)
        if path == "/update":
            raise ProtocolError(403, READ_ONLY)
        if method != "GET":
            raise ProtocolError(405, f"{path} answers GET only")
        if path == "/health":
            return _json(self._health())
        if path == "/api/queries":
            return _json(listing())
        if path.startswith("/api/queries/"):
            job = named_job(path.removeprefix("/api/queries/"), url_query, max_rows=self.server.max_rows)
            return self.server.pool.run(job)
        if path == "/" or path.startswith("/static/"):
            return _static("index.html" if path == "/" else path.removeprefix("/static/"))
        raise ProtocolError(404, f"nothing at {path}; try /sparql, /api/queries, /health or /")

    def _sparql(self, method: str, url_query: str, body: bytes) -> Answer:
        request = parse(method, url_query, self.headers.get("Content-Type"), body)
        if request.query is None:
            host = self.headers.get("Host") or "{}:{}".format(*self.server.server_address[:2])
            turtle = service_description(
                f"http://{host}/sparql", timeout=self.server.pool.timeout, max_rows=self.server.max_rows
            )
            return Answer(200, "text/turtle; charset=utf-8", turtle)
        check(request.query)
        job = Job(
            text=request.query,
            accept=self.headers.get("Accept"),
            default_graphs=request.default_graphs,
            named_graphs=request.named_graphs,
            max_rows=self.server.max_rows,
        )
        return self.server.pool.run(job)

    def _body(self) -> bytes:
        if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
            raise ProtocolError(411, "send the body with a Content-Length, not chunked")
        length = int(self.headers.get("Content-Length") or 0)
        if length > MAX_BODY:
            raise ProtocolError(413, f"request body over {MAX_BODY:,} bytes")
        return self.rfile.read(length)

    def _health(self) -> dict:
        pool = self.server.pool
        return {
            "status": "ok",
            "store": str(pool.store_path),
            "workers": pool.size,
            "idle_workers": pool.idle,
            "worker_pids": sorted(pool.pids),
            "timeout_s": pool.timeout,
            "max_rows": self.server.max_rows,
            "queries_stopped_at_time_limit": pool.stopped,
            "uptime_s": round(time.time() - self.server.started, 1),
        }

    def _send(self, answer: Answer, extra: dict[str, str] | None = None) -> None:
        self.send_response(answer.status)
        headers = {**_CORS, **answer.headers, **(extra or {})}
        headers["Content-Type"] = answer.content_type
        headers["Content-Length"] = str(len(answer.body))
        for key, value in headers.items():
            self.send_header(key, value)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(answer.body)
        self._access_log(answer.status, len(answer.body))

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        """Silenced: ``_access_log`` writes one line per request, with its size and duration."""

    def _access_log(self, status: int, size: int) -> None:
        started = getattr(self, "_started", time.monotonic())
        line = self.requestline if len(self.requestline) < 500 else self.requestline[:500] + "..."
        sys.stderr.write(
            f'{self.address_string()} - - [{self.log_date_time_string()}] "{line}" {status} {size} '
            f"{(time.monotonic() - started) * 1000:.1f}ms\n"
        )


def _json(value: object) -> Answer:
    return Answer(200, "application/json", json.dumps(value, ensure_ascii=False).encode())


def _static(name: str) -> Answer:
    """A file of the query page, from the package; only plain names in ``static/`` itself."""
    folder = files("kg.serve") / "static"
    suffix = "." + name.rsplit(".", 1)[-1] if "." in name else ""
    if "/" in name or name.startswith(".") or suffix not in _STATIC_TYPES or not (folder / name).is_file():
        raise ProtocolError(404, f"no file {name}")
    return Answer(200, f"{_STATIC_TYPES[suffix]}; charset=utf-8", (folder / name).read_bytes())
