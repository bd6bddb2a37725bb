"""``kg export neo4j``: ``neo4j-admin database import full`` input, an import script, and a
Cypher script for a running server (see kg/export/property_graph.py for the mapping).

``admin_import.py`` writes the CSVs and ``import.sh``; ``cypher.py`` reads them back into
``load.cypher`` batches and, with ``--bolt``, runs them on a server.

Layout of OUT:
    nodes/<Label>.csv                      one file per primary label, ``iri:ID``, ``:LABEL``
    relationships/<TYPE>--<From>--<To>.csv  one file per type and end labels
    import.sh                              the exact neo4j-admin command
    load.cypher                            constraints, then parameterised UNWIND batches
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from kg.export import ExportReport
from kg.export.neo4j.admin_import import RelationshipFiles, import_script, write_nodes
from kg.export.neo4j.cypher import push, write_script
from kg.export.property_graph import PropertyGraph, columns
from kg.store import TrialStore


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Options of ``kg export neo4j``."""
    parser.add_argument("--database", default="neo4j", help="database for import.sh and --bolt (default: neo4j)")
    parser.add_argument("--batch-size", type=int, default=1000, help="rows per UNWIND batch (default: 1000)")
    parser.add_argument(
        "--bolt",
        metavar="URI",
        default=None,
        help="also load into a running Neo4j-compatible server (user, password from NEO4J_USERNAME, NEO4J_PASSWORD)",
    )


def export(
    store: TrialStore, out: Path, *, database: str = "neo4j", batch_size: int = 1000, bolt: str | None = None
) -> ExportReport:
    """Write the admin-import CSVs, ``import.sh`` and ``load.cypher`` under ``out``; with
    ``bolt``, also run ``load.cypher`` against that server."""
    graph = PropertyGraph(store)
    for folder in (out / "nodes", out / "relationships"):
        folder.mkdir(parents=True, exist_ok=True)
        for stale in folder.glob("*.csv"):  # import.sh and load.cypher take every file there
            stale.unlink()
    report = ExportReport()
    rels = RelationshipFiles(out / "relationships", graph.labels)
    try:
        for label in graph.primary_labels():
            nodes = []
            for node, edges in graph.nodes(label):
                nodes.append(node)
                rels.add(label, node.iri, edges)
            path = out / "nodes" / f"{label}.csv"
            write_nodes(path, nodes, columns(nodes))
            report.files.append(path)
            report.counts[f"nodes :{label}"] = len(nodes)
    finally:
        rels.close()
    for (rel_type, *_), n in sorted(rels.counts.items()):
        key = f"relationships :{rel_type}"
        report.counts[key] = report.counts.get(key, 0) + n
    report.files += sorted(rels.paths.values())
    script = out / "import.sh"
    script.write_text(import_script(out, database=database), encoding="utf-8")
    script.chmod(0o755)
    report.files.append(script)
    report.files.append(write_script(out, batch_size=batch_size))
    if bolt:
        user = os.environ.get("NEO4J_USERNAME")
        auth = (user, os.environ.get("NEO4J_PASSWORD", "")) if user else None
        report.counts["Cypher batches run over Bolt"] = push(out, bolt, auth=auth, database=database)
    return report
