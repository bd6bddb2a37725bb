"""Spark (PySpark): ``local[N]`` on this machine, or the master you already run.

Work items go out in waves of a few per worker (``parallelize`` one item per slice, then
``collect``, which keeps their order), so the driver never holds more than a wave.
The Python workers run this interpreter (``spark.pyspark.python``) unless
``PYSPARK_PYTHON`` says otherwise; on a real cluster, trialgraph must be installed on them.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterable, Iterator
from functools import partial
from typing import Any

from kg.distributed.engines import require

#: items per wave, per worker
WAVE_PER_WORKER = 4
#: quiet and small: no web UI or progress bars on the terminal the build reports to
SETTINGS = {"spark.ui.enabled": "false", "spark.ui.showConsoleProgress": "false", "spark.driver.memory": "1g"}


class SparkEngine:
    """Runs tasks on Spark: ``address`` (``spark://host:7077``, ``yarn``...) or ``local[workers]``."""

    def __init__(self, *, workers: int = 2, address: str | None = None) -> None:
        self.workers = workers
        self.address = address
        self.session = None

    def __enter__(self) -> SparkEngine:
        sql = require("pyspark.sql", "spark")
        builder = sql.SparkSession.builder.master(self.address or f"local[{self.workers}]").appName("trialgraph")
        if "PYSPARK_PYTHON" not in os.environ:
            builder = builder.config("spark.pyspark.python", sys.executable)
        for key, value in SETTINGS.items():
            builder = builder.config(key, value)
        self.session = builder.getOrCreate()
        self.session.sparkContext.setLogLevel("ERROR")
        if self.address:
            self.workers = max(1, self.session.sparkContext.defaultParallelism)
        return self

    def __exit__(self, *exc: object) -> None:
        if self.session is not None:
            self.session.stop()

    def map(self, fn: Callable[..., Any], items: Iterable[Any], **kwargs: Any) -> Iterator[Any]:
        """``fn(item, **kwargs)`` over the items, a wave at a time, results in order."""
        context = self.session.sparkContext
        task = partial(fn, **kwargs)
        wave: list[Any] = []
        for item in items:
            wave.append(item)
            if len(wave) >= self.workers * WAVE_PER_WORKER:
                yield from context.parallelize(wave, len(wave)).map(task).collect()
                wave = []
        if wave:
            yield from context.parallelize(wave, len(wave)).map(task).collect()
