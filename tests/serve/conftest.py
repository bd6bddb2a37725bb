"""A running ``kg serve`` over the bundled sample, started once for the serve tests.

The server runs in a thread of the test process on 127.0.0.1 with a free port (port 0),
its query workers in their own processes as in production. The limits are small so the
tests can reach them: a 3 s time limit and a 200-row cap.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from kg.serve.app import Server

TIMEOUT = 3.0
MAX_ROWS = 200


@pytest.fixture(scope="session")
def sample_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled sample built into a temporary output folder (about a second)."""
    from kg.build import BuildOptions, build
    from kg.resources import SAMPLE

    out = tmp_path_factory.mktemp("serve-sample")
    build(BuildOptions(inputs=[SAMPLE], out=out, workers=1, validate=False, write_files=False))
    return out


@pytest.fixture(scope="session")
def server(sample_store: Path) -> Iterator[Server]:
    """A server over the sample store, serving in a thread (the tests read its pool's worker ids)."""
    from kg.serve import ServeOptions, open_server

    server = open_server(ServeOptions(store=sample_store, port=0, timeout=TIMEOUT, max_rows=MAX_ROWS, workers=2))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()
    server.pool.close()


@pytest.fixture(scope="session")
def endpoint(server: Server) -> str:
    """Base URL of the server over the sample store, e.g. ``http://127.0.0.1:40123``."""
    host, port = server.server_address[:2]
    return f"http://{host}:{port}"
