"""The ``kg`` command: a thin shell over the library, one module per subcommand.

Each ``kg/cli/<command>.py`` has ``add(commands)``, which declares its arguments, and
``run(args)``, which calls the library and turns its errors into one-line messages and exit
statuses (2 for a usage or input error); a missing store is reported here, once for every
command that reads one. Library imports happen inside ``run`` (and options that come from a
library registry are declared when their command is used, ``DeferredParser``), so no command
loads rdflib, pyshacl or networkx unless it uses them: ``kg query`` starts fast.
"""

from __future__ import annotations

import argparse
import sys

from kg.cli import analyze, build, export, fetch, query, serve, validate
from kg.cli.options import DeferredParser

#: the subcommands, in the order ``kg --help`` lists them
COMMANDS = (build, validate, fetch, export, analyze, query, serve)


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``kg`` command; returns the exit status."""
    parser = _parser()
    args = parser.parse_args(argv)
    if not hasattr(args, "run"):
        parser.print_help()
        return 2
    try:
        return args.run(args)
    except FileNotFoundError as exc:
        from kg.store import StoreNotFound  # imported here, not at start-up: kg --help stays fast

        if not isinstance(exc, StoreNotFound):
            raise
        print(f"kg {args.command}: {exc}", file=sys.stderr)
        return 2


class _Version(argparse.Action):
    """``--version``, reading the version only when asked (it costs start-up time)."""

    def __call__(self, parser: argparse.ArgumentParser, *_: object) -> None:
        from kg import __version__

        print(f"trialgraph {__version__}")
        parser.exit()


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="kg",
        description="trialgraph: build a validated, queryable knowledge graph of clinical trials "
        "from ClinicalTrials.gov records.",
    )
    parser.add_argument("--version", action=_Version, nargs=0, help="show the version and exit")
    commands = parser.add_subparsers(title="commands", metavar="COMMAND", dest="command", parser_class=DeferredParser)
    for command in COMMANDS:
        command.add(commands)
    return parser


if __name__ == "__main__":
    sys.exit(main())
