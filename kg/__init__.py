"""trialgraph: clinical-trial records in, a validated and queryable knowledge graph out."""

from __future__ import annotations


def __getattr__(name: str) -> str:
    """``kg.__version__``, read from the installed metadata on first use: importing
    ``importlib.metadata`` costs more start-up time than ``kg query`` spends answering."""
    if name != "__version__":
        raise AttributeError(f"module 'kg' has no attribute {name!r}")
    from importlib.metadata import PackageNotFoundError, version

    try:
        found = version("trialgraph")
    except PackageNotFoundError:  # running from a source tree that was never installed
        found = "0.0.0+source"
    globals()["__version__"] = found
    return found
