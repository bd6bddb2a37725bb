"""``kg serve``: the store as a read-only SPARQL 1.1 endpoint, with a query page.

Engine: pyoxigraph's own query engine and result serialisers, run in a pool of worker
processes that each hold the store open read-only, can open no network socket and have a
memory ceiling (``pool``, ``sandbox``), behind the standard library's threading HTTP server
with strict framing and bounded connections (``app``, ``httpd``). Each query is parsed by a
SPARQL 1.1 parser before it runs (``check``). Measured against the alternative, the Oxigraph
server binary (``oxigraph serve-read-only``): it ran ``SERVICE`` clauses (a request out
on a user's behalf), kept a long query running at full CPU past its ``--timeout-s``, and
has no row cap; those rules would all have needed a proxy, and the time limit could not
be met by one without restarting the whole server.
"""

from __future__ import annotations

import ipaddress
import os
import signal
import sys
import threading
from dataclasses import dataclass
from pathlib import Path

__all__ = ["ServeOptions", "open_server", "serve"]


@dataclass(frozen=True, slots=True)
class ServeOptions:
    """What ``kg serve`` takes: the store folder, where to listen, and the limits."""

    store: Path
    host: str = "127.0.0.1"
    port: int = 7878
    timeout: float = 30.0
    max_rows: int | None = 10_000
    workers: int = 0  # queries that may run long at once; 0: one per core, at least 2 (two more processes run)
    memory_mb: int = 1024  # resident memory a worker may reach while running a query
    cache_mb: int = 64  # answers kept for repeated requests (the store is read-only); 0 keeps none


def open_server(options: ServeOptions):
    """Start the worker pool and bind the HTTP server (port 0 picks a free port); not yet serving."""
    from kg.serve.app import Server
    from kg.serve.pool import Pool
    from kg.store import TrialStore, find_store

    TrialStore.open(options.store)  # fails early, with a clear message, when there is no readable store
    path = find_store(Path(options.store))
    size = options.workers or max(2, os.cpu_count() or 2)
    pool = Pool(path, size=size, timeout=options.timeout, memory=options.memory_mb << 20)
    try:
        return Server((options.host, options.port), pool, max_rows=options.max_rows, cache_bytes=options.cache_mb << 20)
    except OSError:
        pool.close()
        raise


def exposure(host: str) -> str | None:
    """A warning when ``host`` is not a loopback address: other machines can then query the store."""
    try:
        address = ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return None if host == "localhost" else f"listening on {host}: check who can reach it"
    if address.is_loopback:
        return None
    if address.is_unspecified:
        return f"listening on every interface ({host}): anyone who can reach this machine can query the store"
    return f"listening on {host}, not a loopback address: other machines may query the store"


def serve(options: ServeOptions) -> None:
    """Serve until SIGTERM or Ctrl-C, then drain: no new connections, the requests in flight answered."""
    server = open_server(options)
    host, port = server.server_address[:2]
    print(
        f"kg serve: http://{host}:{port}/ (SPARQL endpoint http://{host}:{port}/sparql); "
        f"{server.pool.processes} query workers, time limit {options.timeout:g} s, "
        f"memory limit {options.memory_mb:,} MB per worker, "
        f"row cap {options.max_rows if options.max_rows is not None else 'none'}. Ctrl-C or SIGTERM stops.",
        file=sys.stderr,
        flush=True,
    )
    warning = exposure(options.host)
    if warning:
        print(f"kg serve: warning: {warning}", file=sys.stderr, flush=True)
    stop = threading.Event()
    previous = signal.signal(signal.SIGTERM, lambda *_: stop.set())
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        while not stop.wait(0.5):
            pass
    except KeyboardInterrupt:
        pass
    finally:
        signal.signal(signal.SIGTERM, previous)
        drained = server.drain(grace=server.pool.timeout + 5)
        print(f"kg serve: stopped ({'every request answered' if drained else 'some requests cut'})", file=sys.stderr)
        server.server_close()
        server.pool.close()
