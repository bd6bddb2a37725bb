"""``kg export FORMAT``: the store as files other tools load, one subcommand per exporter."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from kg.cli.options import add_store_option


def add(commands: argparse._SubParsersAction) -> None:
    """``kg export FORMAT``: one sub-command per registered exporter, each adding its own options."""
    from kg.export import EXPORTERS

    commands.add_parser(
        "export",
        help="write the graph as files other tools load (" + ", ".join(sorted(EXPORTERS)) + ")",
        description="Read the store and write files for another tool. Only reads the store.",
        declare=_formats,
    )


def _formats(export: argparse.ArgumentParser) -> None:
    """One sub-command per exporter, declared when ``kg export`` is used: each exporter module
    adds its own options, and importing them loads networkx and friends."""
    from kg.export import EXPORTERS, exporter

    formats = export.add_subparsers(title="formats", metavar="FORMAT", required=True)
    for name in sorted(EXPORTERS):
        module = exporter(name)
        sub = formats.add_parser(name, help=(module.__doc__ or "").split("\n")[0], description=module.__doc__)
        add_store_option(sub)
        sub.add_argument("--out", type=Path, default=None, help=f"output folder (default: DIR/export/{name})")
        before = {a.dest for a in sub._actions}
        module.add_arguments(sub)
        options = [a.dest for a in sub._actions if a.dest not in before]
        sub.set_defaults(run=run, export_name=name, export_options=options)


def run(args: argparse.Namespace) -> int:
    from kg.export import exporter
    from kg.store import TrialStore

    store = TrialStore.open(args.store)
    out = args.out or args.store / "export" / args.export_name
    options = {name: getattr(args, name) for name in args.export_options}
    try:
        report = exporter(args.export_name).export(store, out, **options)
    except (KeyError, ValueError) as error:  # a bad option combination: say which, no traceback
        print(f"kg export {args.export_name}: {error.args[0]}", file=sys.stderr)
        return 2
    print(f"kg export {args.export_name}: {out}\n{report.render()}")
    return 0
