"""Writing the winning trials as sharded N-Quads, in the layout of ``kg export rdf --shard-size``.

``graph-00000.nq`` holds everything that is not a trial graph (the shared graph, with the
labels ``TrialStore.choose_labels`` picks, and the ontology); ``graph-00001.nq`` onwards hold
N trial graphs each, in the order of their graph IRIs, each graph's quads together. Shard
tasks run on the engine's workers, each reading its trials back from the spill files; the
shared quads they meet are deduplicated per task, then once more by the task writing shard 0.

``WinnerBook`` is what the local loader (``kg.build.loader.TrialLoader``) loads into instead
of a store, so the distributed build keeps the local build's replace-by-newer rule, its
counters and its problem lines to the letter, by running the same code.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from kg.distributed.maptask import Spilled
from kg.iris import DEFAULT_BASE, shared_graph
from kg.store import TrialStore, Version


class WinnerBook:
    """A stand-in store for ``TrialLoader``: remembers where the winning copy of each trial is.

    The loader hands it batches of what it would load (here, ``Spilled`` locations, one a line)
    and the graphs a batch replaces; starting empty, it knows no earlier versions.
    """

    def __init__(self, *, base: str = DEFAULT_BASE) -> None:
        self.shared = shared_graph(base=base)  # the loader names the shared graph as the store does
        self.winners: dict[str, Spilled] = {}
        self._lock = threading.Lock()

    def versions(self) -> dict[str, Version]:
        return {}

    def version(self, graph: str) -> Version | None:
        """Starting empty, the book holds no earlier copy of any trial."""
        return None

    def load(self, nquads: bytes, *, replace: Iterable[str] = (), lenient: bool = False) -> None:
        with self._lock:
            for graph in replace:
                self.winners.pop(graph, None)
            for line in nquads.splitlines():
                spilled = Spilled.decode(line)
                self.winners[spilled.graph] = spilled


@dataclass(slots=True, frozen=True, kw_only=True)
class ShardJob:
    """One trial shard to write: its number and its trials' spilled N-Quads."""

    index: int
    trials: tuple[Spilled, ...]
    folder: str
    spill_dir: str


@dataclass(slots=True, frozen=True, kw_only=True)
class ShardResult:
    path: str
    quads: int
    trials: int
    shared: str  # the spill file of the non-trial quads this shard's trials carried


def shard_jobs(winners: dict[str, Spilled], size: int, folder: Path, spill_dir: Path) -> list[ShardJob]:
    """The winners in graph IRI order, ``size`` to a shard, numbered from 1 (0 is the shared shard)."""
    ordered = [winners[graph] for graph in sorted(winners)]
    return [
        ShardJob(index=n + 1, trials=tuple(ordered[i : i + size]), folder=str(folder), spill_dir=str(spill_dir))
        for n, i in enumerate(range(0, len(ordered), size))
    ]


def write_trial_shard(job: ShardJob) -> ShardResult:
    """Write ``graph-NNNNN.nq``: each trial's own graph; set its other quads aside for shard 0."""
    path = Path(job.folder) / f"graph-{job.index:05d}.nq"
    shared: set[ox.Quad] = set()
    quads = 0
    with path.open("wb") as out:
        for spilled in job.trials:
            graph = ox.NamedNode(spilled.graph)
            own = []
            for quad in ox.parse(spilled.read(), ox.RdfFormat.N_QUADS):
                if quad.graph_name == graph:
                    own.append(quad)
                else:
                    shared.add(quad)
            quads += len(own)
            out.write(ox.serialize(own, format=ox.RdfFormat.N_QUADS))
    rest = Path(job.spill_dir) / f"shared-{job.index:05d}.nq"
    ox.serialize(shared, str(rest), ox.RdfFormat.N_QUADS)
    return ShardResult(path=str(path), quads=quads, trials=len(job.trials), shared=str(rest))


def write_shared_shard(parts: list[str], folder: str, base: str | None) -> ShardResult:
    """Write ``graph-00000.nq``: the shared graph (deduplicated, labels chosen) and the ontology.

    The shared graph is built in an in-memory store, as the local build does in its on-disk
    one, so the labels chosen and the literals (normalised on insert) are the same.
    """
    store = TrialStore(None, base=base)
    for part in parts:
        store.load(Path(part).read_bytes())
    store.choose_labels()
    store.load_ontology()
    path = Path(folder) / "graph-00000.nq"
    store.dump(path, ox.RdfFormat.N_QUADS)
    return ShardResult(path=str(path), quads=len(store), trials=0, shared="")
