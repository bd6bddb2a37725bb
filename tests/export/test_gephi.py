"""Gephi export: every projection validates against the official GEXF 1.3 schema and reads
back (networkx for GEXF; networkx and igraph for GraphML) with the counts SPARQL gives."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import networkx as nx
import pytest

from kg.export import exporter
from kg.network.projections import PROJECTIONS
from kg.store import TrialStore

XSD = Path(__file__).resolve().parents[3] / "shared" / "schemas" / "gexf-1.3" / "gexf.xsd"
PREFIX = "PREFIX tg: <https://w3id.org/trialgraph/ontology#>\n"


@pytest.fixture(scope="module")
def gephi_export(sample_build: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("gephi")
    for projection in PROJECTIONS:
        exporter("gephi").export(TrialStore.open(sample_build), out, projection=projection)
    return out


def _count(build_out: Path, query: str) -> int:
    return int(next(iter(TrialStore.open(build_out).query(PREFIX + query)))[0].value)


@pytest.mark.parametrize("projection", PROJECTIONS)
def test_gexf_validates_against_the_official_schema(gephi_export: Path, projection: str) -> None:
    etree = pytest.importorskip("lxml.etree", reason="lxml not installed: pip install -e '.[test]'")
    if not XSD.exists():
        pytest.skip(f"GEXF schema not found at {XSD}")
    schema = etree.XMLSchema(etree.parse(str(XSD)))
    assert schema.validate(etree.parse(str(gephi_export / f"{projection}.gexf"))), schema.error_log


@pytest.mark.parametrize("projection", PROJECTIONS)
def test_gexf_and_graphml_read_back_alike(gephi_export: Path, projection: str) -> None:
    gexf = nx.read_gexf(gephi_export / f"{projection}.gexf")
    graphml = nx.read_graphml(gephi_export / f"{projection}.graphml")
    assert gexf.number_of_nodes() == graphml.number_of_nodes() > 0
    assert gexf.number_of_edges() == graphml.number_of_edges() > 0
    for node, attrs in graphml.nodes(data=True):
        assert gexf.nodes[node]["kind"] == attrs["kind"] and gexf.nodes[node]["label"] == attrs["label"]
    assert all(w > 0 for _, _, w in gexf.edges(data="weight"))


def test_graphml_reads_in_igraph(gephi_export: Path) -> None:
    igraph = pytest.importorskip("igraph", reason="python-igraph not installed: pip install -e '.[test]'")
    g = igraph.Graph.Read_GraphML(str(gephi_export / "trials.graphml"))
    expected = nx.read_graphml(gephi_export / "trials.graphml")
    assert (g.vcount(), g.ecount()) == (expected.number_of_nodes(), expected.number_of_edges())
    assert set(g.vs["kind"]) == {"trial"}


def test_full_projection_counts_match_sparql(sample_build: Path, gephi_export: Path) -> None:
    g = nx.read_gexf(gephi_export / "full.gexf")
    kinds = [k for _, k in g.nodes(data="kind")]
    trials = _count(sample_build, "SELECT (COUNT(*) AS ?n) { GRAPH ?g { ?g tg:describesTrial ?t } }")
    assert kinds.count("trial") == trials
    assert kinds.count("condition") == _count(
        sample_build, "SELECT (COUNT(DISTINCT ?c) AS ?n) { GRAPH ?g { ?g tg:describesTrial ?t . ?t tg:condition ?c } }"
    )
    relations = [r for _, _, r in g.edges(data="relation")]
    assert relations.count("TESTS_INTERVENTION") == _count(
        sample_build, "SELECT (COUNT(*) AS ?n) { SELECT DISTINCT ?t ?i { GRAPH ?g { ?t tg:testsIntervention ?i } } }"
    )
    sites = sum(w for _, _, d in g.edges(data=True) if d["relation"] == "SITE_COUNTRY" for w in [d["weight"]])
    assert sites == _count(sample_build, "SELECT (COUNT(*) AS ?n) { GRAPH ?g { ?t tg:hasSite ?s . ?s tg:country ?c } }")


def test_trial_attributes_come_from_the_store(sample_build: Path, gephi_export: Path) -> None:
    g = nx.read_gexf(gephi_export / "trials.gexf")
    query = "SELECT ?t ?n { GRAPH ?g { ?g tg:describesTrial ?t . ?t tg:enrollment ?n } }"
    rows = TrialStore.open(sample_build).query(PREFIX + query)
    enrollment = {r["t"].value: int(r["n"].value) for r in rows}
    assert {n: a["enrollment"] for n, a in g.nodes(data=True) if "enrollment" in a} == enrollment
    assert {a.get("kind") for _, a in g.nodes(data=True)} == {"trial"}
    assert any("PHASE" in a.get("phase", "") for _, a in g.nodes(data=True))


def test_trial_edge_weight_is_the_number_of_shared_entities(sample_build: Path, gephi_export: Path) -> None:
    g = nx.read_gexf(gephi_export / "trials.gexf")
    store = TrialStore.open(sample_build)
    for a, b, weight in list(g.edges(data="weight"))[:5]:

        def linked(t: str) -> set[str]:
            q = f"SELECT ?x {{ GRAPH ?g {{ <{t}> tg:condition|tg:testsIntervention ?x }} }}"
            return {r["x"].value for r in store.query(PREFIX + q)}

        assert weight == len(linked(a) & linked(b))


def test_unknown_projection_lists_the_valid_ones(sample_build: Path, tmp_path: Path) -> None:
    with pytest.raises(KeyError, match="valid projections: full, trials"):
        exporter("gephi").export(TrialStore.open(sample_build), tmp_path, projection="everything")


def test_trials_projection_caps_features_shared_by_many_trials(sample_build: Path, tmp_path: Path) -> None:
    """A feature shared by more than K trials links no pair by itself (quadratic otherwise), still
    adds weight where other features link the pair, and is counted in the output, never dropped
    silently."""
    from kg.network.projections import trials as project_trials

    store = TrialStore.open(sample_build)
    query = (
        "SELECT ?x (COUNT(DISTINCT ?t) AS ?n) { GRAPH ?g { ?g tg:describesTrial ?t . "
        "?t tg:condition|tg:testsIntervention ?x } } GROUP BY ?x"
    )
    shared = {r["x"].value: int(r["n"].value) for r in store.query(PREFIX + query)}
    k = sorted(shared.values())[-3] - 1  # the two or more most shared features go over the cap
    common = {x for x, n in shared.items() if n > k}
    assert len(common) >= 2
    whole = project_trials(store, max_shared=max(shared.values()))
    capped = project_trials(store, max_shared=k)
    assert whole.graph["skipped_features"] == 0
    assert capped.graph["skipped_features"] == len(common) and capped.graph["max_shared"] == k
    assert capped.number_of_nodes() == whole.number_of_nodes()
    assert 0 < capped.number_of_edges() < whole.number_of_edges()

    linked = defaultdict(set)
    for r in store.query(PREFIX + "SELECT ?t ?x { GRAPH ?g { ?t tg:condition|tg:testsIntervention ?x } }"):
        linked[r["t"].value].add(r["x"].value)
    for a, b, weight in whole.edges(data="weight"):
        both = linked[a] & linked[b]
        if both - common:
            assert capped.edges[a, b]["weight"] == weight == len(both)
        else:
            assert not capped.has_edge(a, b), "linked only through features over the cap"

    report = exporter("gephi").export(store, tmp_path, projection="trials", max_shared=k)
    assert report.counts[f"features shared by > {k} trials (no pairs)"] == len(common)
    graphml = nx.read_graphml(tmp_path / "trials.graphml")
    assert graphml.graph["skipped_features"] == len(common) and graphml.graph["max_shared"] == k
    assert f"skipped_features: {len(common)}" in (tmp_path / "trials.gexf").read_text(encoding="utf-8")
    assert nx.read_gexf(tmp_path / "trials.gexf").number_of_edges() == capped.number_of_edges()
    if XSD.exists():
        etree = pytest.importorskip("lxml.etree", reason="lxml not installed: pip install -e '.[test]'")
        schema = etree.XMLSchema(etree.parse(str(XSD)))
        assert schema.validate(etree.parse(str(tmp_path / "trials.gexf"))), schema.error_log


def _roles(store: TrialStore, predicate: str) -> set[tuple[str, str]]:
    query = f"SELECT DISTINCT ?t ?o {{ GRAPH ?g {{ ?g tg:describesTrial ?t . ?t tg:{predicate} ?o }} }}"
    return {(r["t"].value, r["o"].value) for r in store.query(PREFIX + query)}


def test_full_projection_keeps_every_role_of_an_organisation(roles_build: Path, tmp_path: Path) -> None:
    """A lead sponsor that is also a collaborator of the same trial keeps both edges in GEXF
    (parallel edges of different ``kind``, which Gephi loads) and GraphML, one per store triple."""
    store = TrialStore.open(roles_build)
    lead, collaborator = _roles(store, "leadSponsor"), _roles(store, "collaborator")
    both = lead & collaborator
    assert len(both) == 1, "the fixture states one organisation in both roles"
    exporter("gephi").export(store, tmp_path, projection="full")
    for graph in (nx.read_gexf(tmp_path / "full.gexf"), nx.read_graphml(tmp_path / "full.graphml")):
        edges = [(a, b, d["relation"]) for a, b, d in graph.edges(data=True)]
        assert {(a, b) for a, b, r in edges if r == "LEAD_SPONSOR"} == lead
        assert {(a, b) for a, b, r in edges if r == "COLLABORATOR"} == collaborator
        assert len(edges) == len(set(edges)), "one edge per role"
    etree = pytest.importorskip("lxml.etree", reason="lxml not installed: pip install -e '.[test]'")
    gexf = etree.parse(str(tmp_path / "full.gexf"))
    kinds = {
        e.get("kind")
        for e in gexf.iter("{http://gexf.net/1.3}edge")
        if (e.get("source"), e.get("target")) == next(iter(both))
    }
    assert kinds == {"LEAD_SPONSOR", "COLLABORATOR"}
    if XSD.exists():
        schema = etree.XMLSchema(etree.parse(str(XSD)))
        assert schema.validate(gexf), schema.error_log
    igraph = pytest.importorskip("igraph", reason="python-igraph not installed: pip install -e '.[test]'")
    assert igraph.Graph.Read_GraphML(str(tmp_path / "full.graphml")).ecount() == len(edges)
