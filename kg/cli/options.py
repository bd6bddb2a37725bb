"""Options several commands share, defined once so they read and behave the same everywhere."""

from __future__ import annotations

import argparse
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
