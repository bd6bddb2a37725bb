"""``kg serve``: the store as a read-only SPARQL 1.1 endpoint."""

from __future__ import annotations

import argparse
import sys

from kg.cli.options import add_store_option


def add(commands: argparse._SubParsersAction) -> None:
    serve = commands.add_parser(
        "serve",
        help="serve the store as a read-only SPARQL 1.1 endpoint with a query page",
        description="Serve a build's store over HTTP: the SPARQL 1.1 Protocol at /sparql (read-only; the default "
        "graph is the union of all graphs unless default-graph-uri/named-graph-uri say otherwise), a query page "
        "at /, the query catalogue at /api/queries, and /health. Queries run in worker processes that can "
        "open no network connection; SERVICE and Update are refused (403); a query past the time limit is "
        "stopped (503), past the memory limit too (507). SIGTERM drains: requests in flight are answered.",
    )
    add_store_option(serve)
    serve.add_argument(
        "--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1, this machine only)"
    )
    serve.add_argument("--port", type=int, default=7878, help="port (default: 7878; 0 picks a free one)")
    serve.add_argument("--timeout", type=float, default=30.0, help="time limit per query in seconds (default: 30)")
    serve.add_argument("--max-rows", type=int, default=10_000, help="row cap per result; 0 for none (default: 10000)")
    serve.add_argument(
        "--workers",
        type=int,
        default=0,
        help="queries that may run long (past 3 s) at once; two more worker processes keep answering short ones "
        "(default: one per core, at least 2)",
    )
    serve.add_argument(
        "--memory",
        type=int,
        default=1024,
        help="memory in MB a query worker may reach; a query past it is stopped with 507 (default: 1024)",
    )
    serve.add_argument(
        "--cache",
        type=int,
        default=64,
        help="MB of answers kept for repeated requests (the store is read-only); 0 for none (default: 64)",
    )
    serve.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from kg.serve import ServeOptions, serve

    if args.timeout <= 0 or args.max_rows < 0 or args.workers < 0 or args.memory < 64 or args.cache < 0:
        print(
            "kg serve: --timeout must be above 0, --max-rows, --workers and --cache 0 or more, --memory 64 or more",
            file=sys.stderr,
        )
        return 2
    options = ServeOptions(
        store=args.store,
        host=args.host,
        port=args.port,
        timeout=args.timeout,
        max_rows=args.max_rows or None,
        workers=args.workers,
        memory_mb=args.memory,
        cache_mb=args.cache,
    )
    try:
        serve(options)
    except (OSError, RuntimeError) as exc:
        print(f"kg serve: {exc}", file=sys.stderr)
        return 2
    return 0
