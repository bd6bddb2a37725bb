"""The map task an engine runs on a worker: one partition's records parsed, mapped and spilled.

It calls the local build's own ``map_chunk``, so each trial's N-Quads, digest and every
problem are exactly what a local build makes of the same record. The N-Quads go to a spill
file on the shared output folder rather than back to the driver: the driver only gets each
trial's small description (``Mapped`` whose ``nquads`` is a ``Spilled`` location) and
decides, as the local loader does, which copy of each trial wins; the shard tasks then read
the winners back from the spill files.
"""

from __future__ import annotations

import json
import os
import resource
import time
from dataclasses import dataclass, field
from pathlib import Path

from kg.build.workers import Mapped, map_chunk
from kg.distributed.partitions import Partition
from kg.model import Problem
from kg.sources import RawRecord

CHUNK = 32


@dataclass(slots=True, frozen=True)
class Spilled:
    """Where one trial's N-Quads were spilled: file, byte offset and length."""

    graph: str
    path: str
    offset: int
    length: int

    def encode(self) -> bytes:
        """One line, so a batch of locations joins and splits like N-Quads text."""
        return json.dumps([self.graph, self.path, self.offset, self.length]).encode() + b"\n"

    @classmethod
    def decode(cls, line: bytes) -> Spilled:
        return cls(*json.loads(line))

    def read(self) -> bytes:
        with open(self.path, "rb") as stream:
            stream.seek(self.offset)
            return stream.read(self.length)


@dataclass(slots=True, kw_only=True)
class MapResult:
    """What a map task hands back: per record, in input order, a problem or a spilled trial.

    ``cut`` holds the positions (in ``items``) of problems met while cutting records, which the
    local build logs without counting them as records read.
    """

    index: int
    items: list[Mapped | Problem] = field(default_factory=list)
    cut: set[int] = field(default_factory=set)
    seconds: float = 0.0
    cpu_seconds: float = 0.0  # the worker's own CPU time for the task: a cost the machine's load does not inflate
    worker: str = ""
    peak_rss_mb: float = 0.0


def map_partition(
    partition: Partition, *, spill_dir: str, base: str, build_time: str, tool_version: str, contacts: bool = True
) -> MapResult:
    """Map one partition; spill each trial's N-Quads to ``spill_dir/part-NNNNN.nq``."""
    started, cpu = time.monotonic(), time.process_time()
    result = MapResult(index=partition.index)
    spill = Path(spill_dir) / f"part-{partition.index:05d}.nq"
    with spill.open("wb") as out:
        chunk: list[RawRecord] = []
        for item in partition.read():
            if isinstance(item, Problem):
                result.cut.add(len(result.items))  # logged before the records still in ``chunk``, as locally
                result.items.append(item)
                continue
            chunk.append(item)
            if len(chunk) >= CHUNK:
                _map(chunk, out, str(spill), result, base, build_time, tool_version, contacts)
                chunk = []
        _map(chunk, out, str(spill), result, base, build_time, tool_version, contacts)
    result.seconds = time.monotonic() - started
    result.cpu_seconds = time.process_time() - cpu
    result.worker = f"{os.uname().nodename}:{os.getpid()}"
    result.peak_rss_mb = peak_rss_mb()
    return result


def peak_rss_mb() -> float:
    """This process's peak memory: ``VmHWM`` where Linux gives it (``ru_maxrss`` can carry a
    parent's peak across ``exec``), ``ru_maxrss`` elsewhere."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _map(chunk: list[RawRecord], out, spill: str, result: MapResult, *args: str | bool) -> None:
    for item in map_chunk(chunk, *args):
        if isinstance(item, Mapped):
            offset = out.tell()
            out.write(item.nquads)
            item.nquads = Spilled(item.graph, spill, offset, len(item.nquads)).encode()
        result.items.append(item)
