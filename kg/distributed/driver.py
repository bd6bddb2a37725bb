"""A distributed build's map stage from start to end: partitions out, sharded N-Quads back.

1. The driver plans partitions lazily (``partitions.plan``) and the engine maps them on its
   workers (``maptask.map_partition``: the local build's ``map_chunk``), each spilling its
   trials' N-Quads into ``OUT/.spill``.
2. The driver feeds what comes back, in input order, to the local build's own loader
   (``TrialLoader``) over a ``WinnerBook``: the newest record of each trial wins by the very
   same rule, and ``problems.jsonl`` gets the very same lines.
3. The engine writes the winners as shards (``shards.write_trial_shard``), then one task
   writes the shared shard; ``summary.json`` goes beside them and the spill is removed.

``OUT`` must be a folder every worker can read and write (a shared file system on a real
cluster); the inputs must be readable from the workers at the same paths.
"""

from __future__ import annotations

import json
import shutil
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from kg import __version__
from kg.build.loader import TrialLoader
from kg.build.report import BuildReport
from kg.distributed.engines import Engine
from kg.distributed.maptask import MapResult, map_partition
from kg.distributed.partitions import CUT_BYTES, PARTITION_SIZE, plan
from kg.distributed.shards import WinnerBook, shard_jobs, write_shared_shard, write_trial_shard
from kg.iris import DEFAULT_BASE

SPILL = ".spill"


@dataclass(slots=True, kw_only=True)
class ShardOptions:
    """What a distributed map stage reads and where it writes its shards."""

    inputs: list[Path]
    out: Path
    base: str = DEFAULT_BASE
    shard_size: int = 1000
    contacts: bool = True  # False: leave out the people's names, phones and e-mails (kg build --no-contacts)
    partition_size: int = PARTITION_SIZE
    cut_bytes: int = CUT_BYTES


@dataclass(slots=True, kw_only=True)
class ShardSummary:
    """What the map stage did: the build's counters, the shards, and the workers' costs."""

    engine: str
    report: BuildReport
    trials: int = 0
    shards: list[str] = field(default_factory=list)
    quads_written: int = 0
    partitions: int = 0
    map_seconds: float = 0.0
    task_seconds: float = 0.0  # the map tasks' own time, summed over workers
    task_cpu_seconds: float = 0.0  # their CPU time: what a record costs however busy the machine
    worker_peak_rss_mb: dict[str, float] = field(default_factory=dict)

    def to_json(self) -> dict:
        r = self.report
        return {
            "engine": self.engine,
            "workers": r.workers,
            "inputs": r.inputs,
            "records_read": r.records_read,
            "trials": self.trials,
            "problems": r.problems,
            "warnings": r.warnings,
            "warning_kinds": r.warning_kinds,
            "formats": r.formats,
            "studies_replaced": r.studies_replaced,
            "studies_unchanged": r.studies_unchanged,
            "studies_stale": r.studies_stale,
            "shards": self.shards,
            "quads_written": self.quads_written,
            "partitions": self.partitions,
            "seconds": round(r.seconds, 3),
            "map_seconds": round(self.map_seconds, 3),
            "task_seconds": round(self.task_seconds, 3),
            "task_cpu_seconds": round(self.task_cpu_seconds, 3),
            "worker_peak_rss_mb": {k: round(v, 1) for k, v in sorted(self.worker_peak_rss_mb.items())},
            "build_time": r.build_time,
            "tool_version": r.tool_version,
        }

    def render(self) -> str:
        r = self.report
        return "\n".join(
            [
                f"trialgraph {r.tool_version}: mapped on {self.engine} ({r.workers} workers) into {r.out}",
                f"  records read     {r.records_read:>10,}   in {self.partitions:,} partitions",
                f"  trials           {self.trials:>10,}   replaced {r.studies_replaced:,}; unchanged "
                f"{r.studies_unchanged:,}, stale {r.studies_stale:,}",
                f"  problems         {r.problems:>10,}   records that could not be read (problems.jsonl)",
                f"  warnings         {r.warnings:>10,}",
                f"  quads written    {self.quads_written:>10,}   in {len(self.shards):,} shards (graph-*.nq)",
                f"  time             {r.seconds:>10.2f} s",
                f"  load them with   kg build --from-shards {r.out} --out DIR",
            ]
        )


def map_to_shards(options: ShardOptions, engine: Engine, *, engine_name: str) -> ShardSummary:
    """Run the map stage on ``engine`` (already entered); write shards, problems and summary."""
    started = time.monotonic()
    out = options.out
    out.mkdir(parents=True, exist_ok=True)
    for old in out.glob("graph-*.nq"):
        old.unlink()
    spill = out / SPILL
    shutil.rmtree(spill, ignore_errors=True)
    spill.mkdir()
    report = BuildReport(
        inputs=[str(p) for p in options.inputs],
        out=str(out),
        build_time=datetime.now(UTC).replace(microsecond=0).isoformat(),
        workers=engine.workers,
    )
    summary = ShardSummary(engine=engine_name, report=report)
    book = WinnerBook(base=options.base)
    with (out / "problems.jsonl").open("w", encoding="utf-8") as problems:
        loader = TrialLoader(book, problems, report, update=False)  # type: ignore[arg-type]  # a WinnerBook stands in for the store
        partitions = plan(options.inputs, size=options.partition_size, cut_bytes=options.cut_bytes)
        kwargs = {
            "spill_dir": str(spill),
            "base": options.base,
            "build_time": report.build_time,
            "contacts": options.contacts,
        }
        for result in engine.map(map_partition, partitions, tool_version=__version__, **kwargs):
            _take(result, loader, summary)
        loader.close()
    summary.map_seconds = time.monotonic() - started
    _write_shards(engine, book, options, summary)
    shutil.rmtree(spill, ignore_errors=True)
    report.seconds = time.monotonic() - started
    (out / "summary.json").write_text(json.dumps(summary.to_json(), indent=2) + "\n", encoding="utf-8")
    return summary


def _take(result: MapResult, loader: TrialLoader, summary: ShardSummary) -> None:
    """One partition's outcome into the loader, in input order; the worker's costs into the summary."""
    for n, item in enumerate(result.items):
        if n in result.cut:
            loader.record_problem(item)
        else:
            loader.take(item)
    summary.partitions += 1
    summary.task_seconds += result.seconds
    summary.task_cpu_seconds += result.cpu_seconds
    peak = summary.worker_peak_rss_mb
    peak[result.worker] = max(peak.get(result.worker, 0.0), result.peak_rss_mb)


def _write_shards(engine: Engine, book: WinnerBook, options: ShardOptions, summary: ShardSummary) -> None:
    spill = options.out / SPILL
    jobs = shard_jobs(book.winners, options.shard_size, options.out, spill)
    results = list(engine.map(write_trial_shard, jobs))
    (shared,) = engine.map(
        write_shared_shard, [[r.shared for r in results]], folder=str(options.out), base=options.base
    )
    summary.trials = len(book.winners)
    summary.shards = [Path(r.path).name for r in (shared, *results)]
    summary.quads_written = sum(r.quads for r in (shared, *results))
