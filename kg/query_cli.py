"""What ``kg query`` does with its arguments: list the catalogue, run a query, print the rows.

Kept out of ``kg/cli.py`` so the command shell stays thin; every user error is raised as
``QueryFailed`` and printed by the shell as one line with exit status 2.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TextIO

from kg.catalogue import CatalogueError, get, load_all
from kg.query import QueryFailed, Result, open_store, run_named, run_sparql
from kg.tables import write

__all__ = ["parse_params", "run"]


def parse_params(items: list[str]) -> dict[str, str]:
    """``["age=40", "sex=female"]`` -> ``{"age": "40", "sex": "female"}``; the value may hold ``=``."""
    params: dict[str, str] = {}
    for item in items:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise QueryFailed(f"--param {item!r} is not KEY=VALUE")
        if key.strip() in params:
            raise QueryFailed(f"--param {key.strip()} given twice")
        params[key.strip()] = value
    return params


def list_catalogue(out: TextIO) -> None:
    """Name, title, description and parameters of every catalogue query."""
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
        raise QueryFailed(f"no such SPARQL file: {source}")
    return path.read_text(encoding="utf-8")


def _result(args: argparse.Namespace) -> Result:
    if args.sparql is not None and args.name is not None:
        raise QueryFailed("give either a query NAME or --sparql, not both")
    if args.sparql is None and args.name is None:
        raise QueryFailed("name a catalogue query (kg query --list shows them) or give --sparql FILE")
    if args.limit is not None and args.limit < 0:
        raise QueryFailed("--limit must be zero or more")
    if args.sparql is not None:
        if args.param:
            raise QueryFailed("--param applies to catalogue queries, not to --sparql")
        text = _read_sparql(args.sparql)
        return run_sparql(open_store(args.store), text, limit=args.limit)
    params = parse_params(args.param)
    try:
        get(args.name).bind(params)  # unknown query or bad parameter: report it before opening the store
    except CatalogueError as exc:
        raise QueryFailed(str(exc)) from None
    return run_named(open_store(args.store), args.name, params, limit=args.limit)


def run(args: argparse.Namespace) -> int:
    """Run ``kg query`` with parsed arguments; returns the exit status."""
    if args.list:
        list_catalogue(sys.stdout)
        return 0
    result = _result(args)
    fmt = args.format or ("table" if sys.stdout.isatty() else "csv")
    write(result, fmt, sys.stdout)
    return 0
