"""trialgraph: clinical-trial records in, a validated and queryable knowledge graph out."""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("trialgraph")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0+source"
