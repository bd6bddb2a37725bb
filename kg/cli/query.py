"""``kg query``: a catalogue question or any SPARQL against a build's store."""

from __future__ import annotations

import argparse
import sys

from kg.cli.options import add_store_option


def add(commands: argparse._SubParsersAction) -> None:
    from kg.tables import FORMATS

    query = commands.add_parser(
        "query",
        help="run a named question from the catalogue, or any SPARQL, against a build's store",
        description="Run catalogue query NAME with --param key=value (see --list), or your own SPARQL with "
        "--sparql FILE (- for standard input). The default graph is the union of every graph in the store. "
        "Prints a table on a terminal and CSV otherwise, unless --format says.",
    )
    query.add_argument("name", nargs="?", metavar="NAME", help="catalogue query to run")
    add_store_option(query)
    query.add_argument("--list", action="store_true", help="list the catalogue: names, titles, parameters")
    query.add_argument("--param", action="append", default=[], metavar="KEY=VALUE", help="a parameter (repeatable)")
    query.add_argument("--sparql", metavar="FILE", help="run the SPARQL in FILE, or - for standard input")
    query.add_argument("--format", choices=list(FORMATS), help="table, csv, tsv, json or markdown")
    query.add_argument("--limit", type=int, default=None, help="print at most this many rows")
    query.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from kg.query import QueryFailed
    from kg.query_cli import run

    try:
        return run(args)
    except QueryFailed as exc:
        print(f"kg query: {exc}", file=sys.stderr)
        return 2
