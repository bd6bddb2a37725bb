"""The engines a distributed build runs on, behind one small interface, imported on first use.

An engine runs a function over a stream of work items on its workers and gives the results
back in input order, with only a bounded number of items handed out at a time (so a stream
of half a million records is never all queued at once). ``dask`` and ``spark`` are optional
extras; asking for one that is not installed says how to install it.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable, Iterator
from typing import Any, Protocol

#: engine name -> "module:Class", imported only when that engine is asked for
ENGINES = {
    "dask": "kg.distributed.dask_engine:DaskEngine",
    "spark": "kg.distributed.spark_engine:SparkEngine",
}


class EngineMissing(RuntimeError):
    """The engine's library is not installed; the message says how to install it."""


class Engine(Protocol):
    """A started engine (use it as a context manager: entering starts or joins the cluster)."""

    #: how many workers the engine runs tasks on
    workers: int

    def __enter__(self) -> Engine: ...

    def __exit__(self, *exc: object) -> None: ...

    def map(self, fn: Callable[..., Any], items: Iterable[Any], **kwargs: Any) -> Iterator[Any]:
        """``fn(item, **kwargs)`` for every item, on the workers; results in the items' order."""
        ...


def engine(name: str, *, workers: int = 2, address: str | None = None) -> Engine:
    """The engine called ``name``, to run on ``workers`` local workers or join the cluster at ``address``.

    >>> engine("hadoop")
    Traceback (most recent call last):
    ...
    KeyError: "unknown engine 'hadoop'; valid engines: dask, spark"
    """
    try:
        module, cls = ENGINES[name].split(":")
    except KeyError:
        raise KeyError(f"unknown engine {name!r}; valid engines: {', '.join(sorted(ENGINES))}") from None
    return getattr(importlib.import_module(module), cls)(workers=workers, address=address)


def require(module: str, extra: str) -> Any:
    """Import an engine's library, or raise ``EngineMissing`` saying how to install it."""
    try:
        return importlib.import_module(module)
    except ImportError as err:
        raise EngineMissing(
            f"the {extra} engine needs the {module.split('.')[0]} package ({err}); "
            f"install it with: pip install 'trialgraph[{extra}]'"
        ) from None
