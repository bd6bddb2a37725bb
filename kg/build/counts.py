"""Store-wide figures an update keeps up to date from its delta instead of recounting the store.

A fresh build counts the store once at the end (it wrote all of it anyway). An update starts
from the previous build's ``summary.json`` and adds what changed: the quads and typed nodes of
each trial graph it dropped (counted from the store, by index, before the drop), of each trial
graph it loaded (counted from the N-Quads text: one canonical line per quad), and the
shared-graph quads the store did not hold yet. Trial-part nodes are typed only in their own
graph and shared entities only in the shared graph (the mapping's rule), so the per-graph
counts add up to the store's ``COUNT(DISTINCT ?s)`` per class.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from kg.store import TrialStore
from kg.vocab import RDF

_TYPE = f" <{RDF.type.value}> "


@dataclass(slots=True)
class Delta:
    """What an update changed: quads and typed nodes per class, added minus removed."""

    quads: int = 0
    classes: Counter[str] = field(default_factory=Counter)
    shared_seen: set[str] = field(default_factory=set)  # shared-graph lines this run already counted

    def drop(self, store: TrialStore, graph: str) -> None:
        """Count out a trial graph the update is about to drop."""
        typed: dict[str, set[str]] = {}
        for quad in store.quads(None, None, None, ox.NamedNode(graph)):
            self.quads -= 1
            if quad.predicate == RDF.type:
                typed.setdefault(quad.object.value, set()).add(str(quad.subject))
        self.classes.subtract({cls: len(nodes) for cls, nodes in typed.items()})

    def add(self, store: TrialStore, nquads: bytes, shared_suffix: str) -> None:
        """Count in one trial's N-Quads: its own graph in full, shared lines the store lacks."""
        own: set[str] = set()
        shared: list[str] = []
        for line in nquads.decode("utf-8").splitlines(keepends=True):
            if not line.endswith(shared_suffix):
                own.add(line)
            elif line not in self.shared_seen:
                self.shared_seen.add(line)
                shared.append(line)
        parsed = ox.parse("".join(shared), format=ox.RdfFormat.N_QUADS)  # one quad per line, in order
        for line, quad in zip(shared, parsed, strict=True):
            if quad not in store:
                self._count(line)
        for line in own:
            self._count(line)

    def _count(self, line: str) -> None:
        self.quads += 1
        if _TYPE in line:
            self.classes[line.split(" ", 3)[2][1:-1]] += 1

    def apply(self, out: Path, *, trials_added: int, labels_added: int) -> tuple[int, int, dict[str, int]] | None:
        """The previous build's (quads, trials, nodes per class) plus this delta, or ``None`` without one."""
        try:
            previous = json.loads((out / "summary.json").read_text(encoding="utf-8"))
            quads, trials, classes = previous["store_quads"], previous["store_trials"], previous["nodes_per_class"]
        except (OSError, ValueError, KeyError):
            return None
        merged = Counter(classes)
        merged.update(self.classes)
        nodes = {cls: n for cls, n in merged.items() if n > 0}
        return quads + self.quads + labels_added, trials + trials_added, nodes
