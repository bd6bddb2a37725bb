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

import pyoxigraph as ox

from kg.export import ExportReport
from kg.export.projections import PROJECTIONS

_XSI = "http://www.w3.org/2001/XMLSchema-instance"
_GEXF_NS = "http://gexf.net/1.3"
_SCHEMA_LOCATION = f"{_GEXF_NS} http://gexf.net/1.3/gexf.xsd"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Options of ``kg export gephi``."""
    parser.add_argument("--projection", choices=PROJECTIONS, default="full", help="which graph to write")


def export(store: ox.Store, out: Path, *, projection: str = "full") -> ExportReport:
    """Write ``out/<projection>.gexf`` and ``out/<projection>.graphml``."""
    import networkx as nx

    from kg.export.projections import project

    graph = project(store, projection)
    out.mkdir(parents=True, exist_ok=True)
    gexf, graphml = out / f"{projection}.gexf", out / f"{projection}.graphml"
    nx.write_gexf(graph, gexf, version="1.3")
    _fix_gexf(gexf, name=graph.graph.get("name") or f"trialgraph {projection}")
    nx.write_graphml(graph, graphml)
    report = ExportReport(files=[gexf, graphml])
    report.counts["nodes"] = graph.number_of_nodes()
    report.counts["edges"] = graph.number_of_edges()
    return report


def _fix_gexf(path: Path, *, name: str) -> None:
    """Bind ``xsi`` to XML Schema-instance, point at the 1.3 schema, describe the graph in
    ``<meta>`` and drop ``<graph name>`` (not in the 1.3 schema). Text edits, since an XML
    parser cannot read an attribute whose prefix is bound wrongly."""
    from xml.sax.saxutils import escape

    text = path.read_text(encoding="utf-8")
    head, sep, body = text.partition("<graph ")
    head = re.sub(r'xmlns:xsi="[^"]*"', f'xmlns:xsi="{_XSI}"', head, count=1)
    head = re.sub(r'xsi:schemaLocation="[^"]*"', f'xsi:schemaLocation="{_SCHEMA_LOCATION}"', head, count=1)
    graph_tag, rest = body.split(">", 1)
    head = head.replace("</meta>", f"  <description>{escape(name)}</description>\n  </meta>", 1)
    graph_tag = re.sub(r'\sname="[^"]*"', "", graph_tag)
    path.write_text(head + sep + graph_tag + ">" + rest, encoding="utf-8")
