"""Options several commands share, defined once so they read and behave the same everywhere."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path


class CommandError(ValueError):
    """A command line that cannot be run as given; printed as one line, exit status 2."""


#: where kg build writes, and where every command that reads a built graph looks by default
DEFAULT_OUT = Path("output")


def add_store_option(parser: argparse.ArgumentParser) -> None:
    """``--store DIR``: a build's output folder (or the store folder itself), default ``./output``."""
    parser.add_argument(
        "--store", type=Path, default=DEFAULT_OUT, metavar="DIR", help="a build's output folder (default: ./output)"
    )


class DeferredParser(argparse.ArgumentParser):
    """A sub-command's parser whose options may be declared on first use (``declare=``).

    ``kg`` builds every sub-command's parser at start-up; a command whose options come from
    a library registry (validate's report formats, each exporter's own options) would import
    that library, and pyshacl or networkx with it, for every command. Deferring the
    declaration to the moment the command is parsed or its help is shown keeps ``kg query``
    from paying for them.
    """

    def __init__(self, *args, declare: Callable[[argparse.ArgumentParser], None] | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._declare = declare

    def _declared(self) -> None:
        declare, self._declare = self._declare, None
        if declare is not None:
            declare(self)

    def parse_known_args(self, args=None, namespace=None):
        self._declared()
        return super().parse_known_args(args, namespace)

    def format_help(self) -> str:
        self._declared()
        return super().format_help()

    def format_usage(self) -> str:
        self._declared()
        return super().format_usage()
