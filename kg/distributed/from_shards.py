"""``kg build --from-shards DIR``: sharded N-Quads loaded into the embedded store, replace-by-newer.

Reads the shards a distributed map stage writes, or those of ``kg export rdf --shard-size``
(any ``*.nq`` files in which each graph's quads come together). Each trial graph becomes the
``Mapped`` trial the local loader (``TrialLoader``) takes, its version read from its own
provenance (``tg:recordLastUpdated``, ``tg:recordDigest``), so the store keeps the local
build's rules: new trials are added, a newer record replaces its trial's graph, an older or
unchanged one is reported and left out. Other graphs (the shared one) are loaded as they are,
but for the ontology, which the store loads from the copy that ships with kg.
"""

from __future__ import annotations

import itertools
import json
import shutil
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pyoxigraph as ox

from kg.build.loader import TrialLoader
from kg.build.pipeline import finish_store, validate_build
from kg.build.report import BuildReport
from kg.build.workers import Mapped
from kg.iris import DEFAULT_BASE
from kg.model import Origin, Problem
from kg.store import TrialStore
from kg.vocab import ONTOLOGY_GRAPH, TG

#: quads of non-trial graphs held before a bulk load
OTHER_BATCH = 200_000


@dataclass(slots=True, kw_only=True)
class LoadOptions:
    """Which shards to load, into which output folder, and how."""

    shards: Path
    out: Path
    base: str = DEFAULT_BASE
    update: bool = False
    write_files: bool = True
    validate: bool = True
    workers: int = 0


def load_shards(options: LoadOptions) -> BuildReport:
    """Load every ``*.nq`` file under ``options.shards`` into ``options.out/store``; write the summary."""
    started = time.monotonic()
    out = options.out
    out.mkdir(parents=True, exist_ok=True)
    if not options.update and (out / "store").exists():
        shutil.rmtree(out / "store")
    files = sorted(options.shards.rglob("*.nq"))
    report = BuildReport(
        inputs=[str(f) for f in files], out=str(out), build_time=datetime.now(UTC).replace(microsecond=0).isoformat()
    )
    with (out / "problems.jsonl").open("w", encoding="utf-8") as problems:
        store = TrialStore(out / "store", base=options.base)
        loader = TrialLoader(store, problems, report, update=options.update)
        for path in files:
            _load_file(path, store, loader)
        loader.close()
        store.choose_labels()
        store.load_ontology()
        finish_store(report, store, out, write_files=options.write_files)  # the local build's own ending
    del loader, store  # close the store before validation opens it read-only
    if options.validate:
        report.validation = validate_build(out, options.workers)
    report.seconds = time.monotonic() - started
    (out / "summary.json").write_text(json.dumps(report.to_json(), indent=2) + "\n", encoding="utf-8")
    return report


def _load_file(path: Path, store: TrialStore, loader: TrialLoader) -> None:
    """One shard: its trial graphs through the loader, its other graphs straight into the store.

    An unreadable shard is one problem naming it; what was read before the fault is kept.
    """
    other: list[ox.Quad] = []
    try:
        for graph, quads in _graphs(path):
            if isinstance(graph, ox.NamedNode) and graph.value.startswith(store.trial_prefix) and graph != store.shared:
                loader.take(_trial(path, graph, quads))
            elif graph != ONTOLOGY_GRAPH:
                other.extend(quads)
                if len(other) >= OTHER_BATCH:
                    store.load(ox.serialize(other, format=ox.RdfFormat.N_QUADS))
                    other = []
    except (SyntaxError, OSError) as err:
        origin = Origin(path=str(path), position="file", format="nquads")
        loader.record_problem(Problem(origin=origin, reason=f"unreadable shard: {err}"))
    store.load(ox.serialize(other, format=ox.RdfFormat.N_QUADS))


def _graphs(path: Path) -> Iterator[tuple[ox.NamedNode | ox.BlankNode | ox.DefaultGraph, list[ox.Quad]]]:
    """The shard's quads, a graph at a time (a graph's quads come together in a shard)."""
    quads = ox.parse(path=str(path), format=ox.RdfFormat.N_QUADS)
    for graph, group in itertools.groupby(quads, key=lambda q: q.graph_name):
        yield graph, list(group)


def _trial(path: Path, graph: ox.NamedNode, quads: list[ox.Quad]) -> Mapped:
    """A trial graph as the loader takes it: its version and origin read from its provenance."""
    about = {q.predicate: q.object.value for q in quads if q.subject == graph}
    trial = about.get(TG.describesTrial, graph.value)
    origin = Origin(
        path=about.get(TG.sourceFile, str(path)),
        position=about.get(TG.sourcePosition, f"graph {graph.value}"),
        format=about.get(TG.sourceFormat, "nquads"),
    )
    return Mapped(
        nct_id=trial.rsplit("/", 1)[-1],
        graph=graph.value,
        last_updated=about.get(TG.recordLastUpdated),
        digest=about.get(TG.recordDigest, ""),
        nquads=ox.serialize(quads, format=ox.RdfFormat.N_QUADS),
        quads=len(quads),
        warnings=[],
        origin=origin,
        labelled=[],  # spellings travel in the shared shard; choose_labels looks at the whole store here
    )
