"""The SPARQL 1.1 Service Description, answered as Turtle at the endpoint without a query.

Written from the same format lists content negotiation offers (each pyoxigraph format
carries its W3C format IRI), so the description cannot promise a format the endpoint
does not give. It says what a client cannot discover otherwise: the default graph is the
union of every graph, there is a time limit and a row cap, and Update and SERVICE are refused.
"""

from __future__ import annotations

from kg.serve.negotiate import GRAPHS, RESULTS

__all__ = ["service_description"]

_TEMPLATE = """\
@prefix sd: <http://www.w3.org/ns/sparql-service-description#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix dcterms: <http://purl.org/dc/terms/> .

<{endpoint}> a sd:Service ;
    sd:endpoint <{endpoint}> ;
    sd:supportedLanguage sd:SPARQL11Query ;
    sd:feature sd:UnionDefaultGraph ;
    sd:resultFormat {formats} ;
    sd:defaultDataset [
        a sd:Dataset ;
        sd:defaultGraph [ a sd:Graph ; rdfs:comment "the union of every graph in the store" ]
    ] ;
    dcterms:title "trialgraph SPARQL endpoint" ;
    rdfs:comment {comment} .
"""


def service_description(endpoint: str, *, timeout: float, max_rows: int | None) -> bytes:
    """Turtle describing the endpoint at ``endpoint`` (an absolute IRI)."""
    formats = ", ".join(f"<{fmt.iri}>" for fmt in (*RESULTS, *GRAPHS))
    cap = f"at most {max_rows:,} rows" if max_rows is not None else "no row cap"
    comment = (
        f"Read-only: SPARQL Update and SERVICE are refused. The default graph is the union of all graphs "
        f"unless the request gives default-graph-uri or named-graph-uri, or the query FROM. "
        f"Each query has a time limit of {timeout:g} s (503 when passed) and {cap} "
        f"(header X-Trialgraph-Truncated: true when the cap cut the result)."
    )
    quoted = '"' + comment.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return _TEMPLATE.format(endpoint=endpoint, formats=formats, comment=quoted).encode()
