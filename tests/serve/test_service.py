"""No query form makes the endpoint send a request out: a local listener counts every connection.

Two independent guards are checked. The server refuses ``SERVICE`` as a SPARQL parser reads it
(every bypass form the regular-expression check let through, each sent the three protocol
ways), and the query workers cannot open a network socket at all (Oxigraph run directly in a
walled-in process, no parser in the way, still never reaches the listener).
"""

from __future__ import annotations

import multiprocessing
import socket
import threading
from collections.abc import Iterator

import pytest

from .client import request


class Listener:
    """A TCP listener on 127.0.0.1 that counts the connections it accepts."""

    def __init__(self) -> None:
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.port = self.sock.getsockname()[1]
        self.connections = 0
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            self.connections += 1
            conn.close()


@pytest.fixture(scope="module")
def listener() -> Iterator[Listener]:
    listening = Listener()
    yield listening
    listening.sock.close()


def bypasses(target: str) -> list[str]:
    """Each form that got a SERVICE clause past the old check (issue 12), plus the places a clause can hide."""
    clause = f"SERVICE <{target}> {{ ?a ?b ?c }}"
    return [
        f"SELECT * WHERE {{ ?s ?p ?o .{clause} }}",  # glued to a dot
        f"PREFIX ex: <http://e/> SELECT * WHERE {{ ?s ex:a\\#b ?o . {clause} }}",  # escaped \# in a prefixed name
        f"SELECT * WHERE {{ ?s ?p ?o FILTER(?o<3){clause.replace(' ', '', 1)} FILTER(?o>2) }}",  # < in a FILTER
        f"SELECT * WHERE {{ ?s <http://e/'> ?o . {clause} ?s <http://e/'> ?o }}",  # ' inside an IRI
        f"SELECT * WHERE {{ ?s ?p ?o # a comment ended by CR\r {clause}\n }}",  # comment ended by CR
        f"select * where {{ {clause.lower()} }}",  # lower case
        f"SELECT * WHERE {{ {clause.replace('SERVICE', 'SERVICE SILENT')} }}",
        f"SELECT * WHERE {{ {{ SELECT * WHERE {{ {clause} }} }} }}",  # in a subquery
        f"SELECT * WHERE {{ ?s ?p ?o OPTIONAL {{ {clause} }} }}",
        f"SELECT * WHERE {{ ?s ?p ?o MINUS {{ {clause} }} }}",
        f"SELECT * WHERE {{ ?s ?p ?o FILTER EXISTS {{ {clause} }} }}",
        f"ASK {{ FILTER NOT EXISTS {{ {clause} }} }}",
        f"CONSTRUCT {{ ?a ?b ?c }} WHERE {{ {clause} }}",
        f"DESCRIBE ?a WHERE {{ {clause} }}",
    ]


def _send(url: str, query: str, way: str):
    if way == "GET":
        return request(url, params={"query": query})
    if way == "form":
        return request(url, method="POST", params={"query": query})
    return request(url, method="POST", data=query.encode(), headers={"Content-Type": "application/sparql-query"})


@pytest.mark.parametrize("way", ["GET", "form", "sparql-query"])
def test_no_bypass_form_reaches_the_listener(endpoint: str, listener: Listener, way: str) -> None:
    before = listener.connections
    for query in bypasses(f"http://127.0.0.1:{listener.port}/sparql"):
        reply = _send(f"{endpoint}/sparql", query, way)
        assert reply.status in (400, 403), (query, reply.status, reply.text)  # refused, never run
        assert "SERVICE is not allowed" in reply.text or reply.text.startswith("malformed query")
    assert listener.connections == before


def _walled_service(port: int, said: multiprocessing.Queue) -> None:
    """In a fresh process: the worker's wall, then a SERVICE query straight to Oxigraph (no parser check)."""
    from kg.serve.sandbox import forbid_network

    forbid_network()  # what each query worker does first (kg.serve.pool)
    _service(port, said)


def _service(port: int, said: multiprocessing.Queue) -> None:
    import pyoxigraph as ox

    store = ox.Store()
    store.add(ox.Quad(ox.NamedNode("urn:s"), ox.NamedNode("urn:p"), ox.NamedNode("urn:o")))
    try:
        said.put(str(list(store.query(f"SELECT * {{ ?s ?p ?o SERVICE <http://127.0.0.1:{port}/> {{ ?a ?b ?c }} }}"))))
    except OSError as exc:
        said.put(f"refused: {exc}")


@pytest.mark.parametrize("walled", [False, True])
def test_a_walled_in_worker_cannot_connect_even_when_oxigraph_runs_service(listener: Listener, walled: bool) -> None:
    context = multiprocessing.get_context("spawn")
    said = context.Queue()
    before = listener.connections
    process = context.Process(target=_walled_service if walled else _service, args=(listener.port, said))
    process.start()
    message = said.get(timeout=60)
    process.join(30)
    if walled:
        assert message == "refused: Operation not permitted (os error 1)"
        assert listener.connections == before
    else:  # the control: without the wall, Oxigraph does connect (so the walled case can fail)
        assert listener.connections == before + 1
