"""Cutting the input into partitions, the unit of work an engine hands one worker.

A partition says where its records are rather than carrying them, wherever that is cheap: a
run of files, or a range of entries of a ZIP archive (the registry's bulk download is one ZIP
of half a million entries), which the worker opens and reads itself. A large file of many
records (JSON Lines, a big page, gzip) cannot be split without reading it, so the driver cuts
it into raw records with the local build's own cutter and ships them, a partition at a time.
Partitions are planned lazily, so neither the driver nor any worker ever holds the whole input.

Reading a partition gives exactly what ``kg.sources.raw_records`` gives for the same files, in
the same order, problems included: the partitions, read one after the other, are the input.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from kg.model import Problem
from kg.sources import RawRecord, input_files, raw_records, zip_records
from kg.sources.containers import ZIP_MAGIC

#: files, ZIP entries or records per partition: enough to amortise a task, small enough to spread
PARTITION_SIZE = 500
#: a file bigger than this is cut into records by the driver rather than read whole by one worker
CUT_BYTES = 16 * 1024 * 1024


@dataclass(slots=True, frozen=True, kw_only=True)
class Partition:
    """Where one task's records are: files, a range of ZIP entries, or records the driver cut.

    >>> Partition(index=3, files=("a.json", "b.json")).describe()
    'partition 3: 2 files'
    """

    index: int
    files: tuple[str, ...] = ()
    archive: str | None = None
    entries: tuple[int, int] = (0, 0)
    records: tuple[RawRecord | Problem, ...] = ()

    def read(self) -> Iterator[RawRecord | Problem]:
        """The partition's raw records (and the problems met cutting them), in input order."""
        if self.archive is not None:
            yield from zip_records(Path(self.archive), *self.entries)
        if self.files:
            yield from raw_records(self.files)
        yield from self.records

    def describe(self) -> str:
        if self.archive is not None:
            return f"partition {self.index}: entries {self.entries[0]}-{self.entries[1] - 1} of {self.archive}"
        if self.files:
            return f"partition {self.index}: {len(self.files)} files"
        return f"partition {self.index}: {len(self.records)} records of a large file"


def plan(paths: Iterable[Path | str], *, size: int = PARTITION_SIZE, cut_bytes: int = CUT_BYTES) -> Iterator[Partition]:
    """Partitions covering the inputs in ``raw_records`` order, planned one at a time."""
    index = 0
    files: list[str] = []

    def cut(**fields) -> Partition:
        nonlocal index
        index += 1
        return Partition(index=index - 1, **fields)

    for path in input_files(paths):
        entries = _zip_entries(path)
        if entries is None and not _is_large(path, cut_bytes):
            files.append(str(path))
            if len(files) >= size:
                yield cut(files=tuple(files))
                files = []
            continue
        if files:
            yield cut(files=tuple(files))
            files = []
        if entries is not None:
            for start in range(0, entries, size):
                yield cut(archive=str(path), entries=(start, start + size))
        else:
            for records in _batches(raw_records([path]), size):
                yield cut(records=tuple(records))
    if files:
        yield cut(files=tuple(files))


def _zip_entries(path: Path) -> int | None:
    """How many entries a ZIP archive holds; ``None`` when ``path`` is not a readable ZIP.

    An unreadable archive stays a plain file: the worker that reads it reports the same
    problem a local build would.
    """
    try:
        with path.open("rb") as stream:
            if not stream.read(len(ZIP_MAGIC)).startswith(ZIP_MAGIC):
                return None
        with zipfile.ZipFile(path) as archive:
            return len(archive.infolist())
    except (OSError, zipfile.BadZipFile):
        return None


def _is_large(path: Path, cut_bytes: int) -> bool:
    try:
        return path.stat().st_size > cut_bytes
    except OSError:
        return False


def _batches(items: Iterator, size: int) -> Iterator[list]:
    batch: list = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch
