"""Loading mapped trials into the store: the replace-by-newer rule, batches, the problem log.

The build's main process hands every mapped trial (or problem) to a ``TrialLoader``. It
decides per trial whether the record is new, newer, unchanged or stale, writes one line per
problem or warning to ``problems.jsonl``, and bulk-loads accepted trials in batches on a
background thread (Oxigraph's bulk load releases the GIL), so loading overlaps with mapping.
"""

from __future__ import annotations

import json
from collections import Counter
from concurrent.futures import Future, ThreadPoolExecutor
from typing import TextIO

from kg.build.counts import Delta
from kg.build.report import BuildReport
from kg.build.workers import Mapped
from kg.model import Origin, Problem
from kg.store import TrialStore, Version

#: quads per bulk load. Oxigraph writes each bulk load as its own set of sorted files, so larger
#: loads make a smaller, faster store: on the same 2.55M quads (5,000 studies, same run),
#: 200k-quad loads gave 305 bytes/quad and 82 CPU-s, 500k 282 B/quad and 62 CPU-s, 1M 211 B/quad
#: and 64 CPU-s (one load of all of it: 211 B/quad, 60 CPU-s). The price is memory: Oxigraph's
#: loader holds about 1 GB for a 1M-quad load (peak RSS 1.39 GB beside the batch's 210 MB of text).
BATCH_QUADS = 1_000_000
#: bulk loads running at once: one, so only one loader's buffers are in memory, and on two cores
#: the mapping workers already keep both busy (loads still overlap mapping, on a background thread).
LOADERS = 1


class TrialLoader:
    """Applies replace-by-newer against the store and loads accepted trials in batches.

    It counts what it sees and does straight into the build's ``report``.
    """

    def __init__(self, store: TrialStore, problems: TextIO, report: BuildReport, *, update: bool = True) -> None:
        self.store = store
        self.problems = problems
        self.report = report
        self.update = update  # False: the store started empty, so there is nothing in it to look up
        self.known: dict[str, Version] = {}  # trials this run accepted; the store is asked about the others
        self.labelled: set[str] = set()  # shared entities this run gave a spelling, for choose_labels
        self.delta = Delta() if update else None  # an update's change to the store-wide figures
        self.shared_suffix = f" <{store.shared.value}> .\n"
        self.batch: dict[str, bytes] = {}
        self.batch_quads = 0
        self.replace: set[str] = set()
        self.kinds: Counter[str] = Counter()
        self.formats: Counter[str] = Counter()
        self.loading = ThreadPoolExecutor(max_workers=LOADERS, thread_name_prefix="kg-load")
        self.pending: list[Future] = []

    def take(self, item: Mapped | Problem) -> None:
        """One record's outcome from a worker: a mapped trial or a problem."""
        self.report.records_read += 1
        if isinstance(item, Problem):
            self.record_problem(item)
            return
        self.formats[item.origin.format] += 1
        for warning in item.warnings:
            self._warn(item, warning)
        if self._accept(item):
            self._add(item)
        if self.batch_quads >= BATCH_QUADS:
            self._flush()

    def record_problem(self, problem: Problem) -> None:
        """A record that could not be read (or a warning raised before mapping)."""
        if problem.severity == "warning":
            self.report.warnings += 1
            self.kinds[_kind(problem.reason)] += 1
        else:
            self.report.problems += 1
        self._log(problem.origin, problem.reason, severity=problem.severity, nct_id=problem.nct_id)

    def close(self) -> None:
        """Load what is left and wait for every load to finish."""
        self._flush()
        self._wait(until=0)
        self.loading.shutdown()
        self.report.warning_kinds = dict(self.kinds)
        self.report.formats = dict(self.formats)

    def _accept(self, item: Mapped) -> bool:
        """Replace-by-newer: same content is unchanged; an older or same-date record never overwrites.

        A record without a last-update date (or a stored copy without one) cannot be ordered,
        so a changed one replaces the stored copy, with a warning.
        """
        stored = self.known.get(item.graph)
        if stored is None and self.update:
            stored = self.store.version(item.graph)
        if stored is None:
            self.report.studies_new += 1
            return True
        if item.digest == stored.digest:
            self.report.studies_unchanged += 1
            return False
        if item.last_updated is None or stored.last_updated is None:
            self._warn(item, "undated record: no last-update date to order the two copies by; kept the later read")
        elif item.last_updated <= stored.last_updated:
            self.report.studies_stale += 1
            older = "older" if item.last_updated < stored.last_updated else "same-date but different"
            self._warn(
                item,
                f"stale record: {older} copy (last updated {item.last_updated}) than the one already in the graph "
                f"(last updated {stored.last_updated}); kept that one",
            )
            return False
        self.report.studies_replaced += 1
        if item.graph not in self.batch:
            self.replace.add(item.graph)
        return True

    def _add(self, item: Mapped) -> None:
        self.known[item.graph] = Version(item.last_updated, item.digest)
        self.batch[item.graph] = item.nquads
        self.labelled.update(item.labelled)
        self.batch_quads += item.quads
        self.report.quads_loaded += item.quads
        self.report.studies_built += 1

    def _warn(self, item: Mapped, reason: str) -> None:
        self.report.warnings += 1
        self.kinds[_kind(reason)] += 1
        self._log(item.origin, reason, severity="warning", nct_id=item.nct_id)

    def _log(self, origin: Origin, reason: str, *, severity: str, nct_id: str | None) -> None:
        line = {
            "file": origin.path,
            "position": origin.position,
            "format": origin.format,
            "nct_id": nct_id,
            "severity": severity,
            "reason": reason,
        }
        self.problems.write(json.dumps(line, ensure_ascii=False) + "\n")

    def _flush(self) -> None:
        """Hand the batch to a loading thread once one is free.

        A batch that replaces trials waits for every load in flight first: an earlier batch may
        still be writing the old copy of a trial this batch drops.
        """
        if self.batch or self.replace:
            self._wait(until=0 if self.replace else LOADERS - 1)
            nquads, replace = b"".join(self.batch.values()), self.replace
            if self.delta is not None:
                for graph in replace:
                    self.delta.drop(self.store, graph)
                for text in self.batch.values():
                    self.delta.add(self.store, text, self.shared_suffix)
            self.pending.append(self.loading.submit(self.store.load, nquads, replace=replace, lenient=True))
        self.batch, self.batch_quads, self.replace = {}, 0, set()

    def _wait(self, *, until: int = 0) -> None:
        """Wait for loads in flight, oldest first, until at most ``until`` are left."""
        while len(self.pending) > until:
            self.pending.pop(0).result()  # re-raises a failed load here, in the main thread


def _kind(reason: str) -> str:
    """A warning's kind for the summary tally: its text before the first colon, shortened."""
    kind = reason.split(":", 1)[0].strip()
    return kind if len(kind) <= 60 else kind[:57] + "..."
