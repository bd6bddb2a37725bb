"""An ArcadeDB server with its Bolt plugin, run as a child process by the ``bolt_server`` fixture.

    python tests/export/arcadedb_server.py ROOT BOLT_PORT HTTP_PORT PASSWORD DATABASE...

ArcadeDB (PyPI ``arcadedb-embedded``, which bundles its Java runtime) answers the official
``neo4j`` driver as a Neo4j 5 server through ``com.arcadedb.bolt.BoltProtocolPlugin``. It runs in
its own process because JPype starts one JVM per process and can never restart it: the test
process stays free of Java. Listens on 127.0.0.1 only; creates the named databases, prints
``READY`` and serves until its standard input closes, then stops the server.
"""

from __future__ import annotations

import os
import sys


def main() -> None:
    root, bolt_port, http_port, password, *databases = sys.argv[1:]
    import arcadedb_embedded
    from arcadedb_embedded.server import ArcadeDBServer

    config = {
        "host": "127.0.0.1",
        "http_port": int(http_port),
        "server_plugins": "Bolt:com.arcadedb.bolt.BoltProtocolPlugin",
        "bolt_port": int(bolt_port),
    }
    server = ArcadeDBServer(os.path.abspath(root), password, config, jvm_kwargs={"heap_size": "1g"})
    server.start()
    try:
        for name in databases:
            server.create_database(name)
        print("READY", arcadedb_embedded.__version__, flush=True)
        sys.stdin.read()
    finally:
        server.stop()


if __name__ == "__main__":
    main()
