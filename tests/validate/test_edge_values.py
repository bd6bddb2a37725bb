"""Every engine is total and they agree: stores edited to hold edge values, each run through
the fast engine and pyshacl on the whole graph, results compared (and the expected one present).

The edits are what issue 13 found by mutating stores: values Oxigraph cannot read as numbers,
decimals that are not numbers, blank nodes where a literal is expected, and facts that span
graphs (a link into another trial's arm, a second NCT number stated in another trial's graph, a
MeSH term only in the shared graph, triples in an extra named graph).
"""

from __future__ import annotations

import gc
import json
import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.build import BuildOptions, build
from kg.iris import shared_graph, trial_graph, trial_iri
from kg.validate import validate_store
from kg.validate.shapes import shape_name
from kg.vocab import TG_NS

A, B = "NCT00807547", "NCT01490177"  # small real records with arms, sites, ages and a PubMed reference
PREFIXES = (
    f"PREFIX tg: <{TG_NS}> PREFIX xsd: <http://www.w3.org/2001/XMLSchema#> "
    "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> "
    "PREFIX status: <https://w3id.org/trialgraph/vocab/overall-status/> "
    f"PREFIX a: <{trial_iri(A).value}> PREFIX ag: <{trial_graph(A).value}> "
    f"PREFIX bg: <{trial_graph(B).value}> PREFIX sg: <{shared_graph().value}> "
)


def _withdrawn(enrollment: str) -> str:
    return (
        "DELETE { GRAPH ag: { ?t tg:overallStatus ?s ; tg:enrollment ?e } } "
        f"INSERT {{ GRAPH ag: {{ ?t tg:overallStatus status:WITHDRAWN ; tg:enrollment {enrollment} }} }} "
        "WHERE { GRAPH ag: { ?g tg:describesTrial ?t . ?t tg:overallStatus ?s ; tg:enrollment ?e } }"
    )


def _replace(path: str, new: str, *, graph: str = "ag:") -> str:
    """Give the first node (by IRI) holding ``path`` in trial A's graph the value ``new`` instead."""
    return (
        f"DELETE {{ GRAPH {graph} {{ ?n {path} ?v }} }} INSERT {{ GRAPH {graph} {{ ?n {path} {new} }} }} "
        f"WHERE {{ {{ SELECT ?n WHERE {{ GRAPH {graph} {{ ?n {path} ?x }} }} ORDER BY ?n LIMIT 1 }} "
        f"GRAPH {graph} {{ ?n {path} ?v }} }}"
    )


CASES = {
    # an enrollment no engine reads as a number still trips the withdrawn-trial rule
    "enrollment-beyond-64-bits": (_withdrawn('"99999999999999999999"^^xsd:integer'), "WithdrawnEnrolledNoneShape"),
    "enrollment-with-a-space": (_withdrawn('" 7"^^xsd:integer'), "WithdrawnEnrolledNoneShape"),
    "enrollment-arabic-indic-digit": (_withdrawn('"\u0667"^^xsd:integer'), "WithdrawnEnrolledNoneShape"),
    "enrollment-exponent": (_withdrawn('"1e20"^^xsd:integer'), "WithdrawnEnrolledNoneShape"),
    "enrollment-positive": (_withdrawn("12"), "WithdrawnEnrolledNoneShape"),
    # decimals that are not numbers (pyshacl raised decimal.InvalidOperation on them)
    "latitude-nan": (_replace("tg:latitude", '"NaN"^^xsd:decimal'), "Site-latitude"),
    "minimum-age-nan": (_replace("tg:minimumAgeYears", '"NaN"^^xsd:decimal'), "Eligibility-minimumAgeYears"),
    "maximum-age-infinity": (_replace("tg:maximumAgeYears", '"INF"^^xsd:decimal'), "Eligibility-maximumAgeYears"),
    # blank nodes where a literal is expected (pyshacl raised on sh:lessThanOrEquals; the
    # compiled sh:pattern test dropped the row)
    "minimum-age-blank": (_replace("tg:minimumAgeYears", "[]"), "Eligibility-minimumAgeYears-order"),
    "maximum-age-blank": (_replace("tg:maximumAgeYears", "[]"), "Eligibility-minimumAgeYears-order"),
    "pmid-blank": (_replace("tg:pmid", "[]"), "Reference-pmid-form"),
    # facts that span graphs
    "arm-of-another-trial": (
        "INSERT { GRAPH ag: { a: tg:hasArm ?arm } } WHERE { GRAPH bg: { ?t tg:hasArm ?arm } }",
        "ArmInterventionOfTrialShape",
    ),
    "second-nct-in-another-graph": ('INSERT DATA { GRAPH bg: { a: tg:nctId "NCT99999999" } }', "ClinicalTrial-nctId"),
    "mesh-term-only-shared": (
        'INSERT DATA { GRAPH sg: { <http://id.nlm.nih.gov/mesh/X1> a tg:MeshTerm ; rdfs:label "x" } }',
        "MeshTermShape",
    ),
    "extra-named-graph": (
        'INSERT DATA { GRAPH <urn:extra> { a: tg:briefTitle "another title" } }',
        "TrialRecord-briefTitle",
    ),
}


@pytest.fixture(scope="module")
def built(v2_json_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    source = tmp_path_factory.mktemp("edge-records")
    for nct in (A, B):
        shutil.copy(v2_json_dir / f"{nct}.json", source)
    out = tmp_path_factory.mktemp("edge-build")
    build(BuildOptions(inputs=[source], out=out, workers=1, write_files=False, validate=False))
    return out


def _edited(built: Path, tmp_path: Path, update: str) -> Path:
    shutil.copytree(built / "store", tmp_path / "store")
    store = ox.Store(str(tmp_path / "store"))
    store.update(PREFIXES + update)
    store.flush()
    del store
    gc.collect()
    return tmp_path


def _full(report) -> set[tuple[str, ...]]:
    return {(*r.key, r.message, r.nct_id) for r in report.results}


def test_the_unedited_records_give_the_same_results(built: Path) -> None:
    assert _full(validate_store(built, workers=1)) == _full(validate_store(built, engine="pyshacl"))


@pytest.mark.parametrize("case", sorted(CASES))
def test_every_engine_gives_the_same_results_on_an_edge_value(case: str, built: Path, tmp_path: Path) -> None:
    update, shape = CASES[case]
    out = _edited(built, tmp_path, update)
    fast = validate_store(out, workers=1)
    reference = validate_store(out, engine="pyshacl")
    assert _full(fast) == _full(reference)
    assert shape in {shape_name(r.shape) for r in fast.results}, fast.render("text")[:2000]


def test_a_zero_enrollment_on_a_withdrawn_trial_is_not_reported(built: Path, tmp_path: Path) -> None:
    out = _edited(built, tmp_path, _withdrawn('"0"^^xsd:integer'))
    fast = validate_store(out, workers=1)
    assert _full(fast) == _full(validate_store(out, engine="pyshacl"))
    assert "WithdrawnEnrolledNoneShape" not in {shape_name(r.shape) for r in fast.results}


@pytest.mark.parametrize("count", [10**20, 1e20, "1e20", float("nan")])
def test_a_count_the_store_cannot_hold_is_a_warning_not_a_number(
    count: object, v2_json_dir: Path, tmp_path: Path
) -> None:
    """From real input: a WITHDRAWN record whose enrollment is beyond 64 bits or not a number."""
    record = json.loads((v2_json_dir / f"{A}.json").read_text(encoding="utf-8"))
    record["protocolSection"]["statusModule"]["overallStatus"] = "WITHDRAWN"
    record["protocolSection"]["designModule"]["enrollmentInfo"]["count"] = count
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "study.json").write_text(json.dumps(record), encoding="utf-8")
    build(BuildOptions(inputs=[tmp_path / "in"], out=tmp_path / "out", workers=1, write_files=False, validate=False))
    lines = [json.loads(line) for line in (tmp_path / "out" / "problems.jsonl").read_text().splitlines()]
    assert any(p["nct_id"] == A and "enrollmentInfo.count" in p["reason"] for p in lines), lines
    store = ox.Store.read_only(str(tmp_path / "out" / "store"))
    assert not list(store.quads_for_pattern(trial_iri(A), ox.NamedNode(f"{TG_NS}enrollment"), None, None))
