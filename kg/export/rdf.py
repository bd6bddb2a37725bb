"""``kg export rdf``: the store in any RDF syntax, through pyoxigraph's own serialisers.

One exporter maps format names onto ``pyoxigraph.RdfFormat`` values (which carry their own
file extension), rather than one module per syntax. Dataset formats (N-Quads, TriG,
JSON-LD) keep the named graphs, so each trial's provenance stays with it; triple formats
(Turtle, N-Triples, RDF/XML) merge every graph's triples. RDF/XML refuses, before writing,
a literal XML 1.0 cannot carry (``kg/export/xml_text.py``). N-Quads can be sharded into files
of N trial graphs each, which bulk loaders (Oxigraph, QLever, Virtuoso, GraphDB, Neptune)
read in parallel; the shared, ontology and default graphs go in their own first file.
"""

from __future__ import annotations

import argparse
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox

from kg.export import ExportReport
from kg.export.xml_text import refuse
from kg.store import TrialStore
from kg.vocab import PREFIXES, TG

#: format name -> pyoxigraph format
FORMATS: dict[str, ox.RdfFormat] = {
    "turtle": ox.RdfFormat.TURTLE,
    "ntriples": ox.RdfFormat.N_TRIPLES,
    "nquads": ox.RdfFormat.N_QUADS,
    "trig": ox.RdfFormat.TRIG,
    "jsonld": ox.RdfFormat.JSON_LD,
    "xml": ox.RdfFormat.RDF_XML,
}


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Options of ``kg export rdf``."""
    parser.add_argument("--format", dest="rdf_format", choices=sorted(FORMATS), default="nquads")
    parser.add_argument(
        "--shard-size", type=int, default=0, metavar="N", help="N-Quads only: N trial graphs per file (0: one file)"
    )


def export(store: TrialStore, out: Path, *, rdf_format: str = "nquads", shard_size: int = 0) -> ExportReport:
    """Write ``out/graph.<ext>`` (or ``out/graph-00000.nq``... when sharding N-Quads)."""
    try:
        fmt = FORMATS[rdf_format]
    except KeyError:
        raise KeyError(f"unknown RDF format {rdf_format!r}; valid formats: {', '.join(sorted(FORMATS))}") from None
    out.mkdir(parents=True, exist_ok=True)
    report = ExportReport()
    if shard_size and fmt != ox.RdfFormat.N_QUADS:
        raise ValueError("--shard-size applies to the nquads format only")
    if shard_size:
        report.files = _shards(store, out, shard_size)
    else:
        if fmt == ox.RdfFormat.RDF_XML:
            check_text(store)
        path = out / f"graph.{fmt.file_extension}"
        prefixes = PREFIXES if fmt in (ox.RdfFormat.TURTLE, ox.RdfFormat.TRIG, ox.RdfFormat.RDF_XML) else None
        data = store if fmt.supports_datasets else _triples(store)
        ox.serialize(data, str(path), fmt, prefixes=prefixes)
        report.files.append(path)
    report.counts["quads in store"] = len(store)
    return report


def check_text(store: TrialStore) -> None:
    """Refuse, before the file is opened, a store holding a literal XML 1.0 cannot carry
    (pyoxigraph's RDF/XML writer would write it raw: a file no parser reads)."""
    for quad in store:
        if isinstance(quad.object, ox.Literal):
            refuse(f"the value of <{quad.predicate.value}> of {quad.subject}", quad.object.value, fmt="RDF/XML")


def _triples(store: TrialStore) -> Iterator[ox.Triple]:
    for quad in store:
        yield quad.triple


def _trial_graphs(store: TrialStore) -> tuple[list[ox.NamedNode], list[ox.NamedNode | ox.DefaultGraph]]:
    """Trial graphs (those that describe a trial) and the rest (shared, ontology, default)."""
    trials = sorted(
        {q.graph_name for q in store.quads(None, TG.describesTrial, None, None) if q.subject == q.graph_name},
        key=lambda g: g.value,
    )
    known = set(trials)
    rest: list[ox.NamedNode | ox.DefaultGraph] = [ox.DefaultGraph()]
    rest += sorted((g for g in store.named_graphs() if g not in known), key=lambda g: g.value)
    return trials, rest


def _shards(store: TrialStore, out: Path, size: int) -> list[Path]:
    trials, rest = _trial_graphs(store)
    groups = [rest] + [trials[i : i + size] for i in range(0, len(trials), size)]
    paths = []
    for n, graphs in enumerate(groups):
        path = out / f"graph-{n:05d}.nq"
        quads = (q for g in graphs for q in store.quads(None, None, None, g))
        ox.serialize(quads, str(path), ox.RdfFormat.N_QUADS)
        paths.append(path)
    return paths
