"""``kg validate``: the store against the SHACL shapes."""

from __future__ import annotations

import argparse
import sys

from kg.cli.options import add_store_option


def add(commands: argparse._SubParsersAction) -> None:
    validate = commands.add_parser(
        "validate",
        help="check a built graph against the SHACL shapes and report what to fix",
        description="Validate the store of a build against shapes/ (by default the shapes compiled to SPARQL "
        "and run over the whole store, equal to pyshacl's results), and print the report: counts by severity "
        "and shape, the trials with the most problems, then one line per result. Exit status 1 when any "
        "Violation is found.",
        declare=_formats,
    )
    add_store_option(validate)
    validate.add_argument("--workers", type=int, default=0, help="worker processes (default: one per core)")
    validate.add_argument(
        "--whole-graph",
        action="store_true",
        help="run plain pyshacl on the whole graph at once (slow; the reference the default mode equals)",
    )
    validate.add_argument(
        "--engine",
        choices=("fast", "pyshacl"),
        default="fast",
        help="fast: the shapes compiled to SPARQL over the whole store (default); "
        "pyshacl: plain pyshacl on the whole graph (the reference, same as --whole-graph)",
    )
    validate.set_defaults(run=run)


def _formats(validate: argparse.ArgumentParser) -> None:
    """``--format``: its choices come from the report module, which loads pyshacl."""
    from kg.validate.report import FORMATS

    validate.add_argument("--format", choices=FORMATS, default="text", help="report format (default: text)")


def run(args: argparse.Namespace) -> int:
    from kg.validate import validate_store

    try:
        report = validate_store(args.store, workers=args.workers, whole=args.whole_graph, engine=args.engine)
    except (FileNotFoundError, ValueError) as err:
        print(f"kg validate: {err}", file=sys.stderr)
        return 2
    sys.stdout.write(report.render(args.format))
    return 1 if report.violations else 0
