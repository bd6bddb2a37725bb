"""A build from start to end: records in, graph out, streamed and mapped in parallel.

The main process walks the inputs and cuts them into raw records (cheap); worker
processes parse each record into a ``Study``, map it to quads and serialise them as
N-Quads text (the costly part, so it is what runs in parallel); the main process
decides per trial whether the record is new, newer, unchanged or stale, and bulk-loads
batches into the on-disk store. Memory stays flat: only one batch is held at a time.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import shutil
import threading
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from kg import __version__
from kg.build.loader import TrialLoader
from kg.build.report import BuildReport
from kg.build.workers import Mapped, map_chunk
from kg.iris import DEFAULT_BASE
from kg.model import Problem
from kg.progress import Progress
from kg.sources import raw_records
from kg.store import TrialStore

CHUNK = 32
IN_FLIGHT_PER_WORKER = 4  # chunks a worker may have queued or done but not yet taken back


@dataclass(slots=True, kw_only=True)
class BuildOptions:
    """What a build reads, where it writes, and how."""

    inputs: list[Path]
    out: Path
    base: str = DEFAULT_BASE
    workers: int = 0  # 0: one per core
    update: bool = False  # keep the existing store and apply replace-by-newer; else start empty
    write_files: bool = True
    validate: bool = True  # validate against shapes/ at the end; writes validation.txt and validation.ttl
    contacts: bool = True  # False: leave people's contact details out of the graph (kg build --no-contacts)


def build(options: BuildOptions, *, progress: Progress | None = None) -> BuildReport:
    """Build (or update) the store under ``options.out`` from the inputs; write the output files."""
    started = time.monotonic()
    out = options.out
    out.mkdir(parents=True, exist_ok=True)
    if not options.update and (out / "store").exists():
        shutil.rmtree(out / "store")
    report = BuildReport(
        inputs=[str(p) for p in options.inputs],
        out=str(out),
        build_time=datetime.now(UTC).replace(microsecond=0).isoformat(),
        contacts=options.contacts,
    )
    workers = options.workers or os.cpu_count() or 1
    report.workers = workers
    progress = progress or Progress(total=_count_files(options.inputs))
    with (out / "problems.jsonl").open("w", encoding="utf-8") as problems, _pool(workers) as pool:
        store = TrialStore(out / "store", base=options.base)
        loader = TrialLoader(store, problems, report, update=options.update)
        chunks = _chunks(raw_records(options.inputs), loader.record_problem)
        args = ((chunk, options.base, report.build_time, __version__, options.contacts) for chunk in chunks)
        window = _Window(workers * IN_FLIGHT_PER_WORKER)
        results = pool.imap(_map_chunk_star, window.feed(args)) if pool else map(_map_chunk_star, args)
        for chunk_results in results:
            window.release()
            for item in chunk_results:
                loader.take(item)
                progress.advance()
        loader.close()
        progress.close()
        labels = store.choose_labels(loader.labelled if options.update else None)
        recount = store.load_ontology() or loader.delta is None
        counts = None if recount else loader.delta.apply(out, trials_added=report.studies_new, labels_added=labels)
        finish_store(report, store, out, counts, write_files=options.write_files)
    del loader, store  # close the store before validation opens it read-only
    if options.validate:
        report.validation = validate_build(out, options.workers)
    report.seconds = time.monotonic() - started
    (out / "summary.json").write_text(json.dumps(report.to_json(), indent=2) + "\n", encoding="utf-8")
    return report


def finish_store(
    report: BuildReport, store: TrialStore, out: Path, counts: tuple | None = None, *, write_files: bool
) -> None:
    """Flush the store and fill in its figures: an update's ``counts`` (from its delta), else a recount."""
    store.flush()
    if counts is None:
        counts = len(store), store.trial_count(), store.class_counts()
    report.store_quads, report.store_trials, classes = counts
    report.nodes_per_class = dict(sorted(classes.items(), key=lambda kv: (-kv[1], kv[0])))
    if write_files:
        store.dump_trig(out / "graph.trig")
        store.dump_turtle(out / "graph.ttl")


def validate_build(out: Path, workers: int) -> dict[str, int]:
    """Validate the new store; write validation.txt and validation.ttl; counts by severity."""
    from kg.validate import validate_store

    result = validate_store(out, workers=workers)
    (out / "validation.txt").write_text(result.render("text"), encoding="utf-8")
    (out / "validation.ttl").write_text(result.render("turtle"), encoding="utf-8")
    return {s: result.count(s) for s in ("Violation", "Warning", "Info")}


def _chunks(items: Iterable, on_problem) -> Iterator[list]:
    """Raw records in chunks for the workers; problems met while splitting go straight out."""
    chunk: list = []
    for item in items:
        if isinstance(item, Problem):
            on_problem(item)
            continue
        chunk.append(item)
        if len(chunk) >= CHUNK:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


class _Window:
    """Back-pressure for ``Pool.imap``, which otherwise reads its whole input at once.

    Its feeder thread would queue every record of a 10 GB input in memory; here it may run
    at most ``size`` chunks ahead of what the main process has taken back.
    """

    def __init__(self, size: int) -> None:
        self.slots = threading.Semaphore(size)

    def feed(self, items: Iterable) -> Iterator:
        for item in items:
            self.slots.acquire()
            yield item

    def release(self) -> None:
        self.slots.release()


def _map_chunk_star(args: tuple) -> list[Mapped | Problem]:
    return map_chunk(*args)


class _pool:
    """A process pool when more than one worker is asked for; ``None`` otherwise."""

    def __init__(self, workers: int) -> None:
        self.workers = workers
        self.pool = None

    def __enter__(self):
        if self.workers > 1:
            methods = multiprocessing.get_all_start_methods()
            context = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
            self.pool = context.Pool(self.workers)
        return self.pool

    def __exit__(self, *exc) -> None:
        if self.pool is not None:
            self.pool.terminate() if exc[0] else self.pool.close()
            self.pool.join()


def _count_files(inputs: list[Path]) -> int | None:
    """How many files the inputs hold: the progress total when each file is one study."""
    total = 0
    for path in inputs:
        if path.is_dir():
            total += sum(1 for p in path.rglob("*") if p.is_file())
        elif path.suffix.lower() in {".zip", ".jsonl", ".ndjson", ".gz"}:
            return None
        else:
            total += 1
    return total if total > 1 else None
