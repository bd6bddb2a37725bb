"""``kg serve``: the store as a read-only SPARQL 1.1 endpoint, with a query page.

Engine: pyoxigraph's own query engine and result serialisers, run in a pool of worker
processes that each hold the store open read-only (``pool``), behind the standard
library's threading HTTP server (``app``). Measured against the alternative, the Oxigraph
server binary (``oxigraph serve-read-only``): it ran ``SERVICE`` clauses (a request out
on a user's behalf), kept a long query running at full CPU past its ``--timeout-s``, and
has no row cap; those rules would all have needed a proxy, and the time limit could not
be met by one without restarting the whole server.
"""

from __future__ import annotations

import os
import sys
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
    workers: int = 0  # 0: one per core, at least 2 so one long query never blocks the rest


def open_server(options: ServeOptions):
    """Start the worker pool and bind the HTTP server (port 0 picks a free port); not yet serving."""
    from kg.serve.app import Server
    from kg.serve.pool import Pool
    from kg.store import TrialStore, find_store

    TrialStore.open(options.store)  # fails early, with a clear message, when there is no readable store
    path = find_store(Path(options.store))
    size = options.workers or max(2, os.cpu_count() or 2)
    pool = Pool(path, size=size, timeout=options.timeout)
    try:
        return Server((options.host, options.port), pool, max_rows=options.max_rows)
    except OSError:
        pool.close()
        raise


def serve(options: ServeOptions) -> None:
    """Serve until interrupted (Ctrl-C)."""
    server = open_server(options)
    host, port = server.server_address[:2]
    print(
        f"kg serve: http://{host}:{port}/ (SPARQL endpoint http://{host}:{port}/sparql); "
        f"store {server.pool.store_path}, "
        f"{server.pool.size} query workers, time limit {options.timeout:g} s, "
        f"row cap {options.max_rows if options.max_rows is not None else 'none'}. Ctrl-C stops.",
        file=sys.stderr,
        flush=True,
    )
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
        server.pool.close()
