"""``kg export gephi``: a projection of the graph as GEXF 1.3 and GraphML for Gephi.

networkx writes both. Its GEXF output does not satisfy the official 1.3 schema as it stands:
it writes a ``name`` attribute on ``<graph>`` (empty when unset), which the 1.3 XSD does not
allow, and it has been seen binding ``xsi`` to the wrong namespace. ``_fix_gexf`` rewrites
the header (``xsi`` bound to XML Schema-instance, ``schemaLocation`` of 1.3), drops the
``name`` and says what the graph is in ``<meta><description>`` instead; the tests validate
the result against ``gexf-1.3/gexf.xsd`` and read it back with networkx.
"""

from __future__ import annotations

import argparse
import re
from pathlib import Path
from typing import TYPE_CHECKING

from kg.export import ExportReport
from kg.export.xml_text import refuse
from kg.network.projections import MAX_SHARED, PROJECTIONS
from kg.store import TrialStore

if TYPE_CHECKING:
    import networkx as nx

_XSI = "http://www.w3.org/2001/XMLSchema-instance"
_GEXF_NS = "http://gexf.net/1.3"
_SCHEMA_LOCATION = f"{_GEXF_NS} http://gexf.net/1.3/gexf.xsd"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Options of ``kg export gephi``."""
    parser.add_argument("--projection", choices=PROJECTIONS, default="full", help="which graph to write")
    parser.add_argument(
        "--max-shared",
        type=int,
        default=MAX_SHARED,
        metavar="K",
        help=f"trials projection: a condition or intervention shared by more than K trials links no pair by "
        f"itself, only adds weight (counted in the output; default: {MAX_SHARED})",
    )


def export(store: TrialStore, out: Path, *, projection: str = "full", max_shared: int = MAX_SHARED) -> ExportReport:
    """Write ``out/<projection>.gexf`` and ``out/<projection>.graphml``. The graph's own
    attributes (such as what the trials projection skipped) are GraphML graph data and, since
    GEXF has no graph attributes, lines of the GEXF ``<meta><description>``."""
    import networkx as nx

    from kg.network.projections import project

    if max_shared < 1:
        raise ValueError(f"--max-shared must be at least 1, not {max_shared}")
    graph = project(store, projection, max_shared=max_shared)
    check_text(graph)
    out.mkdir(parents=True, exist_ok=True)
    gexf, graphml = out / f"{projection}.gexf", out / f"{projection}.graphml"
    keyed = graph.is_multigraph()  # keyed by relation: GEXF gets it as edge label and ``kind``
    if keyed:
        nx.set_edge_attributes(graph, {edge: edge[2] for edge in graph.edges(keys=True)}, "label")
    nx.write_gexf(graph, gexf, version="1.3")
    name = graph.graph.get("name") or f"trialgraph {projection}"
    facts = [f"{key}: {value}" for key, value in graph.graph.items() if key != "name"]
    _fix_gexf(gexf, name="\n".join([name, *facts]))
    if keyed:  # GraphML has the key as the edge id and ``relation`` already
        for *_, data in graph.edges(data=True):
            del data["label"]
    nx.write_graphml(graph, graphml)
    report = ExportReport(files=[gexf, graphml])
    report.counts["nodes"] = graph.number_of_nodes()
    report.counts["edges"] = graph.number_of_edges()
    if "skipped_features" in graph.graph:
        report.counts[f"features shared by > {max_shared} trials (no pairs)"] = graph.graph["skipped_features"]
    return report


def check_text(graph: nx.Graph) -> None:
    """Refuse, before any file is opened, a graph whose ids or text values XML cannot carry."""
    for key, value in graph.graph.items():
        refuse(f"graph attribute {key!r}", str(value), fmt="GEXF/GraphML")
    for node, attrs in graph.nodes(data=True):
        refuse(f"node id {node!r}", node, fmt="GEXF/GraphML")
        for key, value in attrs.items():
            if isinstance(value, str):
                refuse(f"node {node} attribute {key!r}", value, fmt="GEXF/GraphML")
    for a, b, attrs in graph.edges(data=True):
        for key, value in attrs.items():
            if isinstance(value, str):
                refuse(f"edge {a} -> {b} attribute {key!r}", value, fmt="GEXF/GraphML")


def _fix_gexf(path: Path, *, name: str) -> None:
    """Bind ``xsi`` to XML Schema-instance, point at the 1.3 schema, describe the graph in
    ``<meta>``, drop ``<graph name>`` (not in the 1.3 schema) and give each labelled edge its
    label as ``kind``: Gephi keeps parallel edges (a sponsor that is lead and collaborator of
    one trial) only when their kinds differ. Text edits, since an XML parser cannot read an
    attribute whose prefix is bound wrongly."""
    from xml.sax.saxutils import escape

    text = path.read_text(encoding="utf-8")
    head, sep, body = text.partition("<graph ")
    head = re.sub(r'xmlns:xsi="[^"]*"', f'xmlns:xsi="{_XSI}"', head, count=1)
    head = re.sub(r'xsi:schemaLocation="[^"]*"', f'xsi:schemaLocation="{_SCHEMA_LOCATION}"', head, count=1)
    graph_tag, rest = body.split(">", 1)
    head = head.replace("</meta>", f"  <description>{escape(name)}</description>\n  </meta>", 1)
    graph_tag = re.sub(r'\sname="[^"]*"', "", graph_tag)
    rest = re.sub(r'(<edge [^>]*?label="([A-Z_]+)")', r'\1 kind="\2"', rest)
    path.write_text(head + sep + graph_tag + ">" + rest, encoding="utf-8")
