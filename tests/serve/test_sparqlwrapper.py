"""A real SPARQL client, SPARQLWrapper, against ``kg serve``: SELECT, ASK and CONSTRUCT in every format."""

from __future__ import annotations

import csv
import io
import xml.dom.minidom

import pytest
from rdflib import Graph

SPARQLWrapper = pytest.importorskip("SPARQLWrapper")

TG = "https://w3id.org/trialgraph/ontology#"
SELECT = f"SELECT ?id WHERE {{ ?t <{TG}nctId> ?id }} ORDER BY ?id LIMIT 4"
CONSTRUCT = f"CONSTRUCT {{ ?t <{TG}nctId> ?id }} WHERE {{ ?t <{TG}nctId> ?id }} ORDER BY ?id LIMIT 4"


def _client(endpoint: str, query: str, fmt: str, method: str) -> object:
    client = SPARQLWrapper.SPARQLWrapper(f"{endpoint}/sparql")
    client.setQuery(query)
    client.setReturnFormat(fmt)
    client.setMethod(method)
    return client.query()


@pytest.mark.parametrize("method", [SPARQLWrapper.GET, SPARQLWrapper.POST])
@pytest.mark.parametrize("fmt", [SPARQLWrapper.JSON, SPARQLWrapper.XML, SPARQLWrapper.CSV, SPARQLWrapper.TSV])
def test_select(endpoint: str, fmt: str, method: str) -> None:
    converted = _client(endpoint, SELECT, fmt, method).convert()
    if fmt == SPARQLWrapper.JSON:
        ids = [b["id"]["value"] for b in converted["results"]["bindings"]]
    elif fmt == SPARQLWrapper.XML:
        assert isinstance(converted, xml.dom.minidom.Document)
        ids = [node.firstChild.firstChild.data for node in converted.getElementsByTagName("binding")]
    else:
        rows = list(csv.reader(io.StringIO(converted.decode()), delimiter="," if fmt == SPARQLWrapper.CSV else "\t"))
        ids = [row[0].strip('"') for row in rows[1:]]
    assert len(ids) == 4 and all(i.startswith("NCT") for i in ids) and ids == sorted(ids)


@pytest.mark.parametrize("fmt", [SPARQLWrapper.JSON, SPARQLWrapper.XML, SPARQLWrapper.CSV, SPARQLWrapper.TSV])
def test_ask(endpoint: str, fmt: str) -> None:
    converted = _client(endpoint, f"ASK {{ ?t <{TG}nctId> 'NCT04342793' }}", fmt, SPARQLWrapper.GET).convert()
    if fmt == SPARQLWrapper.JSON:
        assert converted["boolean"] is True
    elif fmt == SPARQLWrapper.XML:
        assert converted.getElementsByTagName("boolean")[0].firstChild.data == "true"
    else:
        assert converted.decode().strip() == "true"


#: SPARQLWrapper's return format -> the media type the server should pick from its Accept header.
EXPECTED = {
    SPARQLWrapper.TURTLE: "text/turtle",
    SPARQLWrapper.N3: "text/turtle",  # N3 is asked for with Turtle as an alternative; Turtle is N3
    SPARQLWrapper.RDFXML: "application/rdf+xml",
    SPARQLWrapper.JSONLD: "application/ld+json",
}


@pytest.mark.parametrize("fmt", list(EXPECTED))
def test_construct(endpoint: str, fmt: str) -> None:
    result = _client(endpoint, CONSTRUCT, fmt, SPARQLWrapper.POST)
    media = result.response.headers["Content-Type"].split(";")[0]
    assert media == EXPECTED[fmt]
    converted = result.convert()  # a Graph for RDF/XML and JSON-LD, the text for the others
    graph = converted if isinstance(converted, Graph) else Graph().parse(data=converted, format=media)
    assert len(graph) == 4
    assert all(str(o).startswith("NCT") for o in graph.objects())
