"""Results reach the exports: Neo4j node and relationship files, RDF dumps, and the Gephi
projection of interventions and adverse-event terms (weights from the sample's JSON walked here).

The bundled sample holds 8 records with a results section, so ``sample_build`` carries results.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from kg.export import exporter
from kg.export.neo4j.cypher import read_csv
from kg.iris import name_key, slug
from kg.network.projections import interventions_adverse_events
from kg.resources import SAMPLE
from kg.store import TrialStore

TG = "https://w3id.org/trialgraph/ontology#"
RESULTS_CLASSES = (
    "ResultGroup",
    "Measurement",
    "Denominator",
    "StatisticalAnalysis",
    "AdverseEvent",
    "AdverseEventCount",
)


def _count(build: Path, cls: str) -> int:
    query = f"SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE {{ ?x a <{TG}{cls}> }}"
    return int(next(iter(TrialStore.open(build).query(query, union=True)))[0].value)


@pytest.fixture(scope="module")
def neo4j_export(sample_build: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("neo4j-results")
    exporter("neo4j").export(TrialStore.open(sample_build), out, batch_size=500)
    return out


@pytest.mark.parametrize("cls", RESULTS_CLASSES)
def test_neo4j_node_files_hold_every_results_node(sample_build: Path, neo4j_export: Path, cls: str) -> None:
    expected = _count(sample_build, cls)
    assert expected > 0
    _cols, rows = read_csv(next(neo4j_export.rglob(f"{cls}.csv")))
    assert len(list(rows)) == expected


def test_rdf_dump_carries_the_results(sample_build: Path, tmp_path: Path) -> None:
    exporter("rdf").export(TrialStore.open(sample_build), tmp_path, rdf_format="nquads")
    text = "".join(p.read_text(encoding="utf-8") for p in tmp_path.rglob("*.nq"))
    typed = f"<http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <{TG}AdverseEventCount>"
    assert text.count(typed) == _count(sample_build, "AdverseEventCount") > 0


def _sample_weights() -> Counter:
    """(intervention key, term key) -> participants affected, in groups whose title names exactly one arm
    (or, failing that, whose description is exactly one arm's), from the sample's JSON."""
    weights: Counter = Counter()
    for path in sorted((SAMPLE / "ctgov-json").glob("*.json")):
        study = json.loads(path.read_bytes())
        if "resultsSection" not in study:
            continue
        module = study["protocolSection"].get("armsInterventionsModule", {})
        arms = module.get("armGroups", [])
        given = {name_key(a["label"]): set() for a in arms}
        names = {name_key(i["name"]) for i in module.get("interventions", [])}
        for item in module.get("interventions", []):
            for label in item.get("armGroupLabels", []):
                given.setdefault(name_key(label), set()).add(name_key(item["name"]))
        for arm in arms:  # "Drug: Engensis" names the trial's intervention Engensis
            listed = {name_key(n.split(":", 1)[-1]) for n in arm.get("interventionNames", [])}
            given[name_key(arm["label"])] |= listed & names
        ae = study["resultsSection"].get("adverseEventsModule", {})
        received = {}
        for group in ae.get("eventGroups", []):
            titled = [a for a in arms if name_key(a["label"]) == name_key(group["title"])]
            described = [
                a for a in arms if name_key(a.get("description", "")) == name_key(group.get("description", ""))
            ]
            if len(titled) != 1 and not (group.get("description") and len(described) == 1):
                received[group["id"]] = set()
                continue
            arm = titled[0] if len(titled) == 1 else described[0]
            received[group["id"]] = given.get(name_key(arm["label"]), set())
        for event in ae.get("seriousEvents", []) + ae.get("otherEvents", []):
            organ = event.get("organSystem")
            term = slug(name_key(event["term"])) + (f"--{slug(name_key(organ))}" if organ else "")
            for stat in event.get("stats", []):
                for drug in received.get(stat["groupId"], ()):
                    weights[(slug(drug), term)] += stat.get("numAffected", 0)
    return +weights


def test_gephi_interventions_adverse_events_weights_match_the_json(sample_build: Path) -> None:
    graph = interventions_adverse_events(TrialStore.open(sample_build))
    got = Counter()
    for a, b, data in graph.edges(data=True):
        drug, term = (a, b) if graph.nodes[a]["kind"] == "intervention" else (b, a)
        got[(drug.rsplit("/", 1)[1], term.rsplit("/", 1)[1])] += int(data["weight"])
    expected = _sample_weights()
    assert len(expected) > 20
    assert +got == expected
