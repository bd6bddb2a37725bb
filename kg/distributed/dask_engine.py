"""Dask (``distributed``): a ``LocalCluster`` of worker processes, or a scheduler you already run.

Tasks are submitted a window at a time and their results handed back in submission order,
so the driver's memory holds at most a window of results however long the input.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Any

from kg.distributed.engines import require

#: tasks in flight per worker: enough to keep every worker busy while the driver catches up
IN_FLIGHT_PER_WORKER = 3


class DaskEngine:
    """Runs tasks on a Dask cluster: ``address`` (``tcp://host:8786``) or a new local one."""

    def __init__(self, *, workers: int = 2, address: str | None = None) -> None:
        self.workers = workers
        self.address = address
        self.client = None
        self.cluster = None
        self.submitted = 0

    def __enter__(self) -> DaskEngine:
        distributed = require("distributed", "dask")
        if self.address:
            self.client = distributed.Client(self.address)
            self.workers = max(1, len(self.client.scheduler_info().get("workers", {})))
        else:
            self.cluster = distributed.LocalCluster(
                n_workers=self.workers, threads_per_worker=1, processes=True, dashboard_address=":0"
            )
            self.client = distributed.Client(self.cluster)
        return self

    def __exit__(self, *exc: object) -> None:
        if self.client is not None:
            self.client.close()
        if self.cluster is not None:
            self.cluster.close()

    def map(self, fn: Callable[..., Any], items: Iterable[Any], **kwargs: Any) -> Iterator[Any]:
        """Submit a window of tasks, hand results back in order, submit one more per result."""
        distributed = require("distributed", "dask")
        pending = iter(items)
        self.submitted = 0
        futures = distributed.as_completed()
        order: dict[str, int] = {}  # future key -> its item's place in the input
        done: dict[int, Any] = {}
        for _ in range(self.workers * IN_FLIGHT_PER_WORKER):
            self._submit(futures, order, fn, pending, kwargs)
        wanted = 0
        for future in futures:
            done[order.pop(future.key)] = future.result()  # re-raises a task's error here, in the driver
            future.release()
            while wanted in done:
                yield done.pop(wanted)
                wanted += 1
                self._submit(futures, order, fn, pending, kwargs)

    def _submit(self, futures: Any, order: dict[str, int], fn: Callable[..., Any], pending: Iterator, kwargs: dict):
        """Submit the next item, if there is one, numbered in input order."""
        item = next(pending, None)
        if item is not None:
            future = self.client.submit(fn, item, pure=False, **kwargs)
            order[future.key] = self.submitted
            self.submitted += 1
            futures.add(future)
