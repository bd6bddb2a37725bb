"""HTTP framing and hygiene, over raw sockets: what a proxy or a hostile client could send."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import quote

import pyoxigraph as ox
import pytest

from kg.serve import exposure

from .client import request


def raw(endpoint: str, data: bytes, *, wait: float = 10.0) -> tuple[bytes, bool]:
    """Send bytes on a fresh connection; (everything read, whether the server closed it) after ``wait`` s at most."""
    host, port = endpoint.removeprefix("http://").rsplit(":", 1)
    received = b""
    with socket.create_connection((host, int(port)), timeout=wait) as sock:
        sock.sendall(data)
        try:
            while chunk := sock.recv(65536):
                received += chunk
            return received, True
        except TimeoutError:
            return received, False


SMUGGLED = b"GET /health HTTP/1.1\r\nHost: x\r\n\r\n"


def test_a_413_is_answered_unread_and_the_connection_closed(endpoint: str) -> None:
    head = (
        b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\nContent-Length: 2000000\r\n\r\n"
    )
    received, closed = raw(endpoint, head + SMUGGLED)
    assert received.startswith(b"HTTP/1.1 413 ")
    assert received.count(b"HTTP/1.1 ") == 1 and closed  # the smuggled request was never read as one


@pytest.mark.parametrize("length", [b"abc", b"-1", b"1e3", b"+5", b"5, 5", b" ", b"99999999999999999999999"])
def test_a_bad_content_length_is_a_400_without_a_traceback(
    endpoint: str, length: bytes, capfd: pytest.CaptureFixture[str]
) -> None:
    head = b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\nContent-Length: " + length
    received, closed = raw(endpoint, head + b"\r\n\r\n" + SMUGGLED)
    assert received.split(b" ", 2)[1] in (b"400", b"413"), received[:200]
    assert received.count(b"HTTP/1.1 ") == 1 and closed
    assert "Traceback" not in capfd.readouterr().err


def test_chunked_and_a_body_on_get_are_refused_and_closed(endpoint: str) -> None:
    chunked = b"POST /sparql HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n"
    received, closed = raw(endpoint, chunked + SMUGGLED)
    assert received.startswith(b"HTTP/1.1 411 ") and received.count(b"HTTP/1.1 ") == 1 and closed
    get = b"GET /health HTTP/1.1\r\nHost: x\r\nContent-Length: %d\r\n\r\n" % len(SMUGGLED)
    received, closed = raw(endpoint, get + SMUGGLED)
    assert received.startswith(b"HTTP/1.1 400 ") and received.count(b"HTTP/1.1 ") == 1 and closed


def test_deep_nesting_is_a_400_and_no_worker_dies(endpoint: str, server) -> None:
    pids = set(server.pool.pids)
    query = "SELECT * WHERE " + "{ " * 10_000 + "?s ?p ?o" + " }" * 10_000
    reply = request(
        f"{endpoint}/sparql", method="POST", data=query.encode(), headers={"Content-Type": "application/sparql-query"}
    )
    assert reply.status == 400 and "deep" in reply.text
    assert server.pool.pids == pids


def test_a_worker_killed_while_idle_is_replaced_before_use(endpoint: str, server) -> None:
    victim = server.pool.idle_pids[0]
    os.kill(victim, signal.SIGKILL)
    time.sleep(0.2)
    replies: list = []
    threads = [
        threading.Thread(
            target=lambda i=i: replies.append(
                request(f"{endpoint}/sparql", params={"query": f"ASK {{ ?s ?p ?o }} #{i}"})
            )
        )
        for i in range(server.pool.processes)
    ]  # as many at once as there are workers, each different (none from the cache): one would get the dead one
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert [reply.status for reply in replies] == [200] * server.pool.processes
    assert victim not in server.pool.pids


def test_head_is_get_without_the_body(endpoint: str) -> None:
    target = "/sparql?query=" + quote("ASK { ?s ?p ?o }")
    received, _ = raw(endpoint, f"HEAD {target} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".encode())
    head, _, body = received.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 200 ") and body == b""
    length = int(
        next(line for line in head.split(b"\r\n") if line.lower().startswith(b"content-length:")).split(b":")[1]
    )
    assert length == len(request(f"{endpoint}{target}").body) > 0


@pytest.mark.parametrize("path", ["/sparql?query=ASK%7B%7D", "/sparql?query=ASK", "/nothing", "/", "/health"])
def test_every_answer_says_nosniff(endpoint: str, path: str) -> None:
    assert request(f"{endpoint}{path}").headers["X-Content-Type-Options"] == "nosniff"


def test_control_characters_are_escaped_in_the_access_log(endpoint: str, capfd: pytest.CaptureFixture[str]) -> None:
    raw(endpoint, b"GET /\x1b[2J\x07forged\r HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
    err = capfd.readouterr().err
    assert "\\x1b[2J\\x07forged" in err and "\x1b" not in err and "\x07" not in err


def _described(endpoint: str, host: bytes) -> set[str]:
    received, _ = raw(endpoint, b"GET /sparql HTTP/1.1\r\nHost: " + host + b"\r\nConnection: close\r\n\r\n")
    body = received.partition(b"\r\n\r\n")[2]
    return {
        quad.subject.value for quad in ox.parse(body, ox.RdfFormat.TURTLE) if isinstance(quad.subject, ox.NamedNode)
    }


def test_the_host_header_never_breaks_the_service_description(endpoint: str) -> None:
    assert _described(endpoint, b"example.org:8080") == {"http://example.org:8080/sparql"}
    for hostile in (b'evil> <urn:x> "', b"a b", b"x/y?z", b""):
        assert _described(endpoint, hostile) == {f"{endpoint}/sparql"}


def test_relative_iris_in_a_construct_template_resolve_against_the_endpoint(endpoint: str) -> None:
    # The W3C SPARQL 1.1 Protocol test query_content_type_construct.
    query = "PREFIX : <http://example.org/> CONSTRUCT { <s> <p> 1 } WHERE {}"
    reply = request(
        f"{endpoint}/sparql", method="POST", data=query.encode(), headers={"Content-Type": "application/sparql-query"}
    )
    assert reply.status == 200, reply.text
    triples = [quad.triple for quad in ox.parse(reply.body, ox.RdfFormat.TURTLE)]
    assert [(t.subject.value, t.predicate.value) for t in triples] == [(f"{endpoint}/s", f"{endpoint}/p")]


def test_an_idle_connection_is_closed(endpoint: str, monkeypatch: pytest.MonkeyPatch) -> None:
    from kg.serve.app import Handler

    monkeypatch.setattr(Handler, "timeout", 1.0)
    started = time.monotonic()
    received, closed = raw(endpoint, b"", wait=15)
    assert closed and received == b"" and time.monotonic() - started < 10


def test_connections_past_the_bound_get_a_503(endpoint: str, monkeypatch: pytest.MonkeyPatch) -> None:
    import kg.serve.httpd

    monkeypatch.setattr(kg.serve.httpd, "MAX_CONNECTIONS", 2)
    host, port = endpoint.removeprefix("http://").rsplit(":", 1)
    held = [socket.create_connection((host, int(port))) for _ in range(2)]
    try:
        time.sleep(0.3)
        received, closed = raw(endpoint, b"GET /health HTTP/1.1\r\nHost: x\r\n\r\n")
        assert received.startswith(b"HTTP/1.1 503 ") and b"Retry-After" in received and closed
    finally:
        for sock in held:
            sock.close()


def test_all_interfaces_get_a_warning() -> None:
    assert "every interface" in exposure("0.0.0.0") and "every interface" in exposure("::")
    assert exposure("127.0.0.1") is None and exposure("::1") is None and exposure("localhost") is None
    assert "not a loopback" in exposure("192.168.1.10")


#: Doubling a string 22 times: a second or so of work, then a 200.
SLOW = (
    'SELECT (STRLEN(?a22) AS ?n) WHERE { BIND("0123456789" AS ?a0) '
    + " ".join(f"BIND(CONCAT(?a{i}, ?a{i}) AS ?a{i + 1})" for i in range(22))
    + " }"
)


def test_sigterm_drains_the_requests_in_flight(sample_store: Path) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    command = [sys.executable, "-m", "kg", "serve", "--store", str(sample_store), "--port", str(port), "--workers", "1"]
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    server = subprocess.Popen(command, stderr=subprocess.PIPE, text=True, env=env)
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(600):
            try:
                if request(f"{url}/health", timeout=2).status == 200:
                    break
            except OSError:
                time.sleep(0.2)
        reply: dict = {}
        thread = threading.Thread(target=lambda: reply.update(r=request(f"{url}/sparql", params={"query": SLOW})))
        thread.start()
        time.sleep(0.5)
        assert thread.is_alive()  # in flight when the signal comes
        server.send_signal(signal.SIGTERM)
        thread.join(120)
        assert reply["r"].status == 200 and str(10 << 22) in reply["r"].text
        assert server.wait(60) == 0
        assert "every request answered" in server.stderr.read()
    finally:
        server.kill()
