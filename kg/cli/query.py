"""``kg query``: a catalogue question or any SPARQL against a build's store."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from kg.cli.options import CommandError, add_store_option

if TYPE_CHECKING:
    from kg.query.run import QueryResult


def add(commands: argparse._SubParsersAction) -> None:
    from kg.query.tables import FORMATS

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
    """Run ``kg query`` with parsed arguments; every user error is one line and exit status 2."""
    from kg.query.catalogue import CatalogueError
    from kg.query.run import QueryFailed

    try:
        return _run(args)
    except (CommandError, QueryFailed, CatalogueError) as exc:
        print(f"kg query: {exc}", file=sys.stderr)
        return 2


def parse_params(items: list[str]) -> dict[str, str]:
    """``["age=40", "sex=female"]`` -> ``{"age": "40", "sex": "female"}``; the value may hold ``=``."""
    params: dict[str, str] = {}
    for item in items:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise CommandError(f"--param {item!r} is not KEY=VALUE")
        if key.strip() in params:
            raise CommandError(f"--param {key.strip()} given twice")
        params[key.strip()] = value
    return params


def list_catalogue(out: TextIO) -> None:
    """Name, title, description and parameters of every catalogue query."""
    from kg.query.catalogue import load_all

    for name, query in load_all().items():
        out.write(f"{name}\n    {query.title}: {query.description}\n")
        for p in query.params:
            default = "required" if p.default is None else f"default {p.default or '(empty)'}"
            out.write(f"    --param {p.name}=<{p.type}>  {default}; {p.help}\n")


def _read_sparql(source: str) -> str:
    if source == "-":
        return sys.stdin.read()
    path = Path(source)
    if not path.is_file():
        raise CommandError(f"no such SPARQL file: {source}")
    return path.read_text(encoding="utf-8")


def _result(args: argparse.Namespace) -> QueryResult:
    from kg.query.catalogue import get
    from kg.query.run import run_named, run_sparql
    from kg.store import TrialStore

    if args.sparql is not None and args.name is not None:
        raise CommandError("give either a query NAME or --sparql, not both")
    if args.sparql is None and args.name is None:
        raise CommandError("name a catalogue query (kg query --list shows them) or give --sparql FILE")
    if args.limit is not None and args.limit < 0:
        raise CommandError("--limit must be zero or more")
    if args.sparql is not None:
        if args.param:
            raise CommandError("--param applies to catalogue queries, not to --sparql")
        text = _read_sparql(args.sparql)
        return run_sparql(TrialStore.open(args.store), text, limit=args.limit)
    params = parse_params(args.param)
    get(args.name).bind(params)  # unknown query or bad parameter: report it before opening the store
    return run_named(TrialStore.open(args.store), args.name, params, limit=args.limit)


def _run(args: argparse.Namespace) -> int:
    from kg.query.tables import write

    if args.list:
        list_catalogue(sys.stdout)
        return 0
    result = _result(args)
    fmt = args.format or ("table" if sys.stdout.isatty() else "csv")
    write(result, fmt, sys.stdout)
    return 0
