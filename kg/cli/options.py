"""Options several commands share, defined once so they read and behave the same everywhere."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

#: where kg build writes, and where every command that reads a built graph looks by default
DEFAULT_OUT = Path("output")


def add_store_option(parser: argparse.ArgumentParser) -> None:
    """``--store DIR``: a build's output folder (or the store folder itself), default ``./output``."""
    parser.add_argument(
        "--store", type=Path, default=DEFAULT_OUT, metavar="DIR", help="a build's output folder (default: ./output)"
    )


def resolve_store(args: argparse.Namespace, command: str) -> Path | None:
    """The store folder ``--store`` names, or ``None`` after a one-line error for ``kg COMMAND``."""
    from kg.store import store_path

    try:
        return store_path(args.store)
    except FileNotFoundError as error:
        print(f"kg {command}: {error}", file=sys.stderr)
        return None
