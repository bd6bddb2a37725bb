"""A local stand-in for the ClinicalTrials.gov API: real records, served in pages, with faults on demand.

The server runs in a thread on 127.0.0.1 (a free port) and answers ``/version``,
``/studies`` (``pageSize``/``pageToken``/``countTotal``, as the API does) and
``/studies/download`` (a ZIP, with HTTP ``Range``). ``faults`` maps a resource to the faults
its next requests meet, one per request, so a test scripts exactly what goes wrong.
"""

from __future__ import annotations

import json
import socket
import struct
import threading
import time
import urllib.parse
from collections import defaultdict
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from kg.fetch import ApiClient, RetryPolicy

STUDIES = 120
PAGE = 25
STALL_SECONDS = 1.0
TIMEOUT = 0.3


class FakeApi:
    """The served data, the scripted faults and a log of what was asked."""

    def __init__(self, studies: list[dict], zip_bytes: bytes = b"") -> None:
        self.studies = studies
        self.zip_bytes = zip_bytes
        self.faults: dict[str, list[str]] = defaultdict(list)
        self.log: list[tuple[str, dict[str, str], dict[str, str]]] = []
        self.repeat: dict[int, int] = {}  # page index -> a study index served again on that page
        self.url = ""

    def ids(self) -> list[str]:
        return [s["protocolSection"]["identificationModule"]["nctId"] for s in self.studies]

    def page(self, params: dict[str, str]) -> dict:
        size = int(params.get("pageSize", "10"))
        index = int(params.get("pageToken", "p0")[1:])
        items = self.studies[index * size : (index + 1) * size]
        if index in self.repeat:
            items = [*items, self.studies[self.repeat[index]]]
        body: dict = {"studies": items}
        if (index + 1) * size < len(self.studies):
            body["nextPageToken"] = f"p{index + 1}"
        if params.get("countTotal") == "true":
            body["totalCount"] = len(self.studies)
        return body


class _Handler(BaseHTTPRequestHandler):
    api: FakeApi
    protocol_version = "HTTP/1.1"

    def log_message(self, *args) -> None:  # keep pytest output clean
        pass

    def do_GET(self) -> None:
        url = urllib.parse.urlsplit(self.path)
        params = dict(urllib.parse.parse_qsl(url.query))
        path = url.path.rsplit("/api/v2", 1)[-1]
        resource = path if path != "/studies" else f"/studies#{params.get('pageToken', 'p0')}"
        self.api.log.append((resource, params, dict(self.headers)))
        queue = self.api.faults.get(resource) or self.api.faults.get(path)
        fault = queue.pop(0) if queue else "ok"
        if path == "/studies/download":
            return self._zip(fault)
        if path == "/version":
            body = json.dumps({"apiVersion": "2.0.5", "dataTimestamp": "2026-01-02T09:00:05"}).encode()
        elif path == "/studies":
            body = json.dumps(self.api.page(params)).encode()
        else:
            return self._send(b'{"message": "no such resource"}', fault, status=404)
        self._send(body, fault)

    def _send(self, body: bytes, fault: str, *, status: int = 200, headers: dict | None = None) -> None:
        if fault == "reset":
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            self.connection.close()
            return
        if fault in ("429", "500", "503"):
            status, body = int(fault), b'{"error": "try later"}'
            headers = {"Retry-After": "7"} if fault == "429" else {}
        if fault == "invalid":
            body = b"<html>upstream proxy error</html>"
        if fault == "notapage":
            body = b'{"message": "maintenance"}'
        self.send_response(status)
        for key, value in {"Content-Type": "application/json", **(headers or {})}.items():
            self.send_header(key, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if fault == "stall":
            time.sleep(STALL_SECONDS)
        if fault == "truncate":
            self.wfile.write(body[: len(body) // 2])
            self.close_connection = True
            return
        self.wfile.write(body)

    def _zip(self, fault: str) -> None:
        data, start = self.api.zip_bytes, 0
        wanted = self.headers.get("Range", "")
        headers = {"Content-Type": "application/zip", "ETag": '"zip-1"'}
        status = 200
        if wanted.startswith("bytes=") and self.headers.get("If-Range", '"zip-1"') == '"zip-1"':
            start = int(wanted[6:].split("-")[0])
            status = 206
            headers["Content-Range"] = f"bytes {start}-{len(data) - 1}/{len(data)}"
        self._send(data[start:], "truncate" if fault == "cut" else fault, status=status, headers=headers)


@pytest.fixture(scope="session")
def served_studies(v2_json_dir: Path) -> list[dict]:
    """The first real records, in NCT order: enough for a few pages, small enough to be quick."""
    return [json.loads(p.read_bytes()) for p in sorted(v2_json_dir.glob("*.json"))[:STUDIES]]


@pytest.fixture
def api(served_studies: list[dict]) -> Iterator[FakeApi]:
    """A fresh fake API on a free local port, stopped after the test."""
    fake = FakeApi(served_studies)
    handler = type("Handler", (_Handler,), {"api": fake})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)
    thread.start()
    fake.url = f"http://127.0.0.1:{server.server_address[1]}/api/v2"
    yield fake
    server.shutdown()
    server.server_close()


@pytest.fixture
def waits() -> list[float]:
    """The waits the client asked for, in order (recorded, not slept)."""
    return []


@pytest.fixture
def client(api: FakeApi, waits: list[float]) -> ApiClient:
    """A client of the fake API: no rate limit, short timeouts, waits recorded instead of slept."""
    return ApiClient(
        api_url=api.url,
        min_interval=0.0,
        retry=RetryPolicy(attempts=6, base=0.01, cap=0.05, timeout=TIMEOUT),
        sleep=waits.append,
    )
