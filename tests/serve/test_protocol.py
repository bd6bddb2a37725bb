"""Each SPARQL 1.1 Protocol rule of ``kg serve``, checked over raw HTTP: status, headers, body."""

from __future__ import annotations

import csv
import io
import json
import time

import pyoxigraph as ox
import pytest

from .client import request
from .conftest import MAX_ROWS

TG = "https://w3id.org/trialgraph/ontology#"
COUNT_TRIALS = f"SELECT (COUNT(DISTINCT ?t) AS ?n) WHERE {{ ?t a <{TG}ClinicalTrial> }}"
ONTOLOGY = "https://w3id.org/trialgraph/ontology"


def _count(reply) -> int:
    assert reply.status == 200, reply.text
    return int(json.loads(reply.body)["results"]["bindings"][0]["n"]["value"])


def test_get_post_form_and_post_direct_give_the_same_answer(endpoint: str) -> None:
    url = f"{endpoint}/sparql"
    by_get = request(url, params={"query": COUNT_TRIALS})
    by_form = request(url, method="POST", params={"query": COUNT_TRIALS})
    direct = request(
        url, method="POST", data=COUNT_TRIALS.encode(), headers={"Content-Type": "application/sparql-query"}
    )
    assert _count(by_get) == _count(by_form) == _count(direct) > 30
    assert by_get.media == "application/sparql-results+json"  # the default without Accept


@pytest.mark.parametrize(
    ("accept", "media"),
    [
        ("application/sparql-results+json", "application/sparql-results+json"),
        ("application/sparql-results+xml", "application/sparql-results+xml"),
        ("text/csv", "text/csv"),
        ("text/tab-separated-values", "text/tab-separated-values"),
        ("text/csv;q=0.2, application/sparql-results+xml;q=0.9", "application/sparql-results+xml"),
        ("*/*", "application/sparql-results+json"),
        ("application/json", "application/sparql-results+json"),
    ],
)
@pytest.mark.parametrize("query", [f"SELECT ?t WHERE {{ ?t a <{TG}ClinicalTrial> }} LIMIT 3", "ASK { ?s ?p ?o }"])
def test_select_and_ask_in_each_results_format(endpoint: str, query: str, accept: str, media: str) -> None:
    reply = request(f"{endpoint}/sparql", params={"query": query}, headers={"Accept": accept})
    assert reply.status == 200, reply.text
    assert reply.media == media
    if media == "text/csv":  # lossy, so pyoxigraph reads no CSV results: the csv module does
        rows = list(csv.reader(io.StringIO(reply.text)))
        assert rows == [["true"]] if query.startswith("ASK") else len(rows) == 4
        return
    parsed = ox.parse_query_results(reply.body, ox.QueryResultsFormat.from_media_type(media))
    if query.startswith("ASK"):
        assert bool(parsed) is True
    else:
        assert len(list(parsed)) == 3


@pytest.mark.parametrize(
    "media",
    [
        "text/turtle",
        "application/n-triples",
        "application/ld+json",
        "application/trig",
        "application/n-quads",
        "application/rdf+xml",
    ],
)
@pytest.mark.parametrize("form", ["CONSTRUCT", "DESCRIBE"])
def test_construct_and_describe_in_each_graph_format(endpoint: str, media: str, form: str) -> None:
    query = (
        f"CONSTRUCT {{ ?t <{TG}nctId> ?id }} WHERE {{ ?t <{TG}nctId> ?id }} ORDER BY ?id LIMIT 5"
        if form == "CONSTRUCT"
        else "DESCRIBE <https://w3id.org/trialgraph/ontology#ClinicalTrial>"
    )
    reply = request(f"{endpoint}/sparql", params={"query": query}, headers={"Accept": media})
    assert reply.status == 200, reply.text
    assert reply.media == media
    quads = list(ox.parse(reply.body, ox.RdfFormat.from_media_type(media)))
    assert len(quads) == 5 if form == "CONSTRUCT" else len(quads) > 3


def test_graph_default_is_turtle_and_unacceptable_type_is_406(endpoint: str) -> None:
    query = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o } LIMIT 2"
    assert request(f"{endpoint}/sparql", params={"query": query}).media == "text/turtle"
    for q in (query, "SELECT * WHERE { ?s ?p ?o } LIMIT 1"):
        reply = request(f"{endpoint}/sparql", params={"query": q}, headers={"Accept": "image/png"})
        assert reply.status == 406
        assert "available:" in reply.text


@pytest.mark.parametrize(
    ("kwargs", "status"),
    [
        ({"method": "POST", "params": {"update": "INSERT DATA { <urn:a> <urn:b> <urn:c> }"}}, 403),
        ({"method": "POST", "data": b"DROP ALL", "headers": {"Content-Type": "application/sparql-update"}}, 403),
        ({"params": {"query": "CLEAR ALL"}}, 403),
        ({"params": {"query": "PREFIX ex: <urn:x#>\n# comment\nDELETE WHERE { ?s ?p ?o }"}}, 403),
        ({"params": {"query": "LOAD <http://example.org/data.ttl>"}}, 403),
        ({"params": {"update": "DROP ALL"}}, 403),
    ],
)
def test_updates_are_refused_and_change_nothing(endpoint: str, kwargs: dict, status: int) -> None:
    before = _count(request(f"{endpoint}/sparql", params={"query": COUNT_TRIALS}))
    reply = request(f"{endpoint}/sparql", **kwargs)
    assert reply.status == status
    assert "read-only" in reply.text
    assert _count(request(f"{endpoint}/sparql", params={"query": COUNT_TRIALS})) == before


def test_update_path_and_other_methods_are_refused(endpoint: str) -> None:
    assert request(f"{endpoint}/update", method="POST", params={"update": "DROP ALL"}).status == 403
    assert request(f"{endpoint}/sparql", method="PUT", data=b"x").status == 405


@pytest.mark.parametrize(
    "query",
    [
        "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }",
        "select * where { ?a ?b ?c . { service silent <http://example.org/sparql> { ?s ?p ?o } } }",
        "SELECT * WHERE { ?x ?y ?z FILTER(?z<1)SERVICE<http://example.org/>{?s ?p ?o} }",
    ],
)
def test_service_is_refused(endpoint: str, query: str) -> None:
    reply = request(f"{endpoint}/sparql", params={"query": query})
    assert reply.status == 403
    assert "SERVICE is not allowed" in reply.text


def test_the_word_service_in_data_is_not_refused(endpoint: str) -> None:
    query = 'SELECT ?service WHERE { BIND("SERVICE <http://x/>" AS ?service) } # SERVICE'
    assert request(f"{endpoint}/sparql", params={"query": query}).status == 200


def test_malformed_query_gets_400_with_the_parser_message(endpoint: str) -> None:
    reply = request(f"{endpoint}/sparql", params={"query": "SELECT * WHERE { ?s ?p }"})
    assert reply.status == 400
    assert reply.text.startswith("malformed query")
    assert "col:" in reply.text  # where the parser stopped


def test_wrong_content_type_and_missing_query(endpoint: str) -> None:
    reply = request(f"{endpoint}/sparql", method="POST", data=b"{}", headers={"Content-Type": "application/json"})
    assert reply.status == 415
    assert request(f"{endpoint}/sparql", method="POST", params={"default-graph-uri": ONTOLOGY}).status == 400
    assert request(f"{endpoint}/sparql", params={"query": ["ASK {}", "ASK {}"]}).status == 400
    assert request(f"{endpoint}/nothing").status == 404


def test_row_cap_is_stated_and_results_stay_valid(endpoint: str) -> None:
    url = f"{endpoint}/sparql"
    reply = request(url, params={"query": "SELECT * WHERE { ?s ?p ?o }"})
    assert reply.headers["X-Trialgraph-Truncated"] == "true"
    assert reply.headers["X-Trialgraph-Max-Rows"] == str(MAX_ROWS)
    body = json.loads(reply.body)
    assert len(body["results"]["bindings"]) == MAX_ROWS
    assert body["head"]["link"] == [f"urn:trialgraph:truncated:max-rows={MAX_ROWS}"]
    tsv = request(url, params={"query": "SELECT * WHERE { ?s ?p ?o }"}, headers={"Accept": "text/tab-separated-values"})
    assert len(list(ox.parse_query_results(tsv.body, ox.QueryResultsFormat.TSV))) == MAX_ROWS
    graph = request(url, params={"query": "CONSTRUCT WHERE { ?s ?p ?o }"}, headers={"Accept": "application/n-triples"})
    assert graph.headers["X-Trialgraph-Truncated"] == "true"
    assert len(graph.text.splitlines()) == MAX_ROWS
    small = request(url, params={"query": COUNT_TRIALS})
    assert small.headers["X-Trialgraph-Truncated"] == "false"
    assert "link" not in json.loads(small.body)["head"]


def test_cors_headers_and_preflight(endpoint: str) -> None:
    reply = request(f"{endpoint}/sparql", params={"query": "ASK {}"}, headers={"Origin": "http://elsewhere.example"})
    assert reply.headers["Access-Control-Allow-Origin"] == "*"
    assert "X-Trialgraph-Truncated" in reply.headers["Access-Control-Expose-Headers"]
    preflight = request(
        f"{endpoint}/sparql",
        method="OPTIONS",
        headers={
            "Origin": "http://elsewhere.example",
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type",
        },
    )
    assert preflight.status == 204
    assert preflight.headers["Access-Control-Allow-Origin"] == "*"
    assert "POST" in preflight.headers["Access-Control-Allow-Methods"]
    assert "content-type" in preflight.headers["Access-Control-Allow-Headers"].lower()


def test_service_description_without_a_query(endpoint: str) -> None:
    reply = request(f"{endpoint}/sparql")
    assert reply.status == 200
    assert reply.media == "text/turtle"
    triples = {(q.subject.value, q.predicate.value, q.object.value) for q in ox.parse(reply.body, ox.RdfFormat.TURTLE)}
    sd = "http://www.w3.org/ns/sparql-service-description#"
    service = f"{endpoint}/sparql"
    assert (service, "http://www.w3.org/1999/02/22-rdf-syntax-ns#type", sd + "Service") in triples
    assert (service, sd + "feature", sd + "UnionDefaultGraph") in triples
    assert (service, sd + "resultFormat", "http://www.w3.org/ns/formats/SPARQL_Results_TSV") in triples


def test_health(endpoint: str) -> None:
    reply = request(f"{endpoint}/health")
    assert reply.status == 200
    health = json.loads(reply.body)
    assert health["status"] == "ok"
    assert health["workers"] == 4  # two may run long queries, two more keep answering short ones
    assert health["max_rows"] == MAX_ROWS
    assert "store" not in health and "worker_pids" not in health  # no path, no process ids to any origin


def test_default_graph_is_the_union_unless_the_request_names_graphs(endpoint: str) -> None:
    url = f"{endpoint}/sparql"
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    in_ontology = _count(
        request(url, params={"query": f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{ONTOLOGY}> {{ ?s ?p ?o }} }}"})
    )
    union = _count(request(url, params={"query": count}))
    assert union > in_ontology > 100
    assert _count(request(url, params={"query": count, "default-graph-uri": ONTOLOGY})) == in_ontology
    from_clause = f"SELECT (COUNT(*) AS ?n) FROM <{ONTOLOGY}> WHERE {{ ?s ?p ?o }}"
    assert _count(request(url, params={"query": from_clause})) == in_ontology  # FROM is honoured too
    graphs = "SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
    assert _count(request(url, params={"query": graphs})) > 30
    assert _count(request(url, params={"query": graphs, "named-graph-uri": ONTOLOGY})) == 1
    two = {"query": count, "default-graph-uri": [ONTOLOGY, "https://w3id.org/trialgraph/graph/shared"]}
    assert _count(request(url, params=two)) > in_ontology
    assert request(url, params={"query": count, "default-graph-uri": "not an iri"}).status == 400


def test_access_log_line_per_request(endpoint: str, capfd: pytest.CaptureFixture[str]) -> None:
    request(f"{endpoint}/health?probe=log")
    request(f"{endpoint}/sparql", params={"query": "SELECT * WHERE { ?s ?p }"})
    err = capfd.readouterr().err
    for _ in range(50):  # the server writes its log line just after the answer: give it a moment
        if " 400 " in err:
            break
        time.sleep(0.1)
        err += capfd.readouterr().err
    assert '"GET /health?probe=log HTTP/1.1" 200' in err
    assert " 400 " in err


def test_a_repeated_request_is_answered_from_the_cache(endpoint: str) -> None:
    query = f"SELECT (COUNT(*) AS ?n) WHERE {{ ?t a <{TG}ClinicalTrial> }} # cache"
    hits = json.loads(request(f"{endpoint}/health").body)["answers_from_cache"]
    first = request(f"{endpoint}/sparql", params={"query": query})
    second = request(f"{endpoint}/sparql", params={"query": query})
    assert first.status == second.status == 200 and first.body == second.body
    assert json.loads(request(f"{endpoint}/health").body)["answers_from_cache"] == hits + 1
    other = request(f"{endpoint}/sparql", params={"query": query}, headers={"Accept": "text/csv"})
    assert other.media == "text/csv"  # another Accept is another answer, not the kept one
    assert json.loads(request(f"{endpoint}/health").body)["answers_from_cache"] == hits + 1
