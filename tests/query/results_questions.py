"""The results questions of the catalogue, checked against the registry's JSON.

Imported by ``test_query.py`` (which checks that every query has a test there). Expected
answers are computed here from the JSON dicts of the 330 records with a results section; where
the graph merges adverse-event terms by a normalised name, the expectation groups by the same
documented key functions from ``kg.iris``.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from decimal import Decimal
from pathlib import Path

import pytest

from kg.iris import name_key, slug
from kg.query import run_named
from kg.store import TrialStore

__all__ = [
    "results_records",
    "results_store",
    "test_results_adverse_events_for_intervention",
    "test_results_baseline_age_sex",
    "test_results_dropout_reasons",
    "test_results_primary_outcomes",
    "test_results_primary_p_below",
    "test_results_serious_events_by_organ_system",
]


@pytest.fixture(scope="module")
def results_records(v2_studies: dict[str, dict]) -> dict[str, dict]:
    return {nct: s for nct, s in v2_studies.items() if "resultsSection" in s}


@pytest.fixture(scope="module")
def results_store(results_records: dict[str, dict], v2_json_dir: Path, tmp_path_factory: pytest.TempPathFactory):
    """The 330 records with results, built once for these tests."""
    from kg.build import BuildOptions, build

    folder = tmp_path_factory.mktemp("results-in")
    for nct in results_records:
        (folder / f"{nct}.json").symlink_to(v2_json_dir / f"{nct}.json")
    out = tmp_path_factory.mktemp("results-build")
    build(BuildOptions(inputs=[folder], out=out, workers=2, write_files=False, validate=False))
    return TrialStore.open(out)


def _ask(store, query: str, **params: str) -> list[dict]:
    result = run_named(store, query, params)
    return [{c: (t.value if t else None) for c, t in zip(result.columns, row, strict=True)} for row in result.rows]


def _section(study: dict, module: str) -> dict:
    return study["resultsSection"].get(module, {})


def _conditions(study: dict) -> list[str]:
    return study["protocolSection"].get("conditionsModule", {}).get("conditions", [])


def test_results_primary_outcomes(results_store, results_records) -> None:
    nct = "NCT01298141"
    expected = Counter()
    for measure in _section(results_records[nct], "outcomeMeasuresModule")["outcomeMeasures"]:
        if measure["type"] != "PRIMARY":
            continue
        titles = {g["id"]: g["title"] for g in measure["groups"]}
        for cls in measure.get("classes", []):
            for category in cls.get("categories", []):
                for cell in category["measurements"]:
                    expected[(measure["title"], titles[cell["groupId"]], Decimal(cell["value"]))] += 1
    rows = _ask(results_store, "results-primary-outcomes", nct=nct)
    assert Counter((r["measure"], r["group"], Decimal(r["value"])) for r in rows) == expected
    assert len(rows) > 0 and all(r["analysed"] is not None for r in rows)


def _term_key(event: dict) -> str:
    organ = event.get("organSystem")
    return slug(name_key(event["term"])) + (f"--{slug(name_key(organ))}" if organ else "")


def test_results_adverse_events_for_intervention(results_store, results_records) -> None:
    text = "placebo"
    affected: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0])
    trials: dict[tuple[str, str], set[str]] = defaultdict(set)
    for nct, study in results_records.items():
        items = study["protocolSection"].get("armsInterventionsModule", {}).get("interventions", [])
        names = [i.get("name", "") for i in items] + [o for i in items for o in i.get("otherNames", [])]
        if not any(text in n.lower() for n in names):
            continue
        ae = _section(study, "adverseEventsModule")
        for kind, key in (("serious", "seriousEvents"), ("other", "otherEvents")):
            for event in ae.get(key, []):
                for stat in event.get("stats", []):
                    if stat.get("numAffected") is not None and stat.get("numAtRisk") is not None:
                        totals = affected[(_term_key(event), kind)]
                        totals[0] += stat["numAffected"]
                        totals[1] += stat["numAtRisk"]
                        trials[(_term_key(event), kind)].add(nct)
    rows = _ask(results_store, "results-adverse-events-for-intervention", name=text, kind="serious")
    expected = {k: v for k, v in affected.items() if k[1] == "serious"}
    assert len(rows) == len(expected) > 100
    by_total = Counter((int(r["affected"]), int(r["at_risk"]), int(r["trials"])) for r in rows)
    assert by_total == Counter((a, r, len(trials[k])) for k, (a, r) in expected.items())
    shares = [Decimal(r["share"]) for r in rows]
    assert shares == sorted(shares, reverse=True)


def test_results_serious_events_by_organ_system(results_store, results_records) -> None:
    text = "diabetes"
    expected: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for study in results_records.values():
        if not any(text in c.lower() for c in _conditions(study)):
            continue
        for event in _section(study, "adverseEventsModule").get("seriousEvents", []):
            for stat in event.get("stats", []):
                if stat.get("numAffected") is not None:
                    expected[event.get("organSystem", "")][0] += stat["numAffected"]
                    expected[event.get("organSystem", "")][1] += stat["numAtRisk"]
    rows = _ask(results_store, "results-serious-events-by-organ-system", condition=text)
    assert {r["organ_system"]: [int(r["affected"]), int(r["at_risk"])] for r in rows} == dict(expected)
    assert len(rows) > 5


def test_results_primary_p_below(results_store, results_records) -> None:
    expected = Counter()
    for nct, study in results_records.items():
        for measure in _section(study, "outcomeMeasuresModule").get("outcomeMeasures", []):
            if measure["type"] != "PRIMARY":
                continue
            for analysis in measure.get("analyses", []):
                text = analysis.get("pValue", "").replace(" ", "")
                comparator = next((c for c in ("<=", "<", ">=", ">", "≤", "=") if text.startswith(c)), "")
                try:
                    p = Decimal(text[len(comparator) :])
                except ArithmeticError:
                    continue
                if (comparator in ("", "=") and p < Decimal("0.05")) or (
                    comparator in ("<", "<=", "≤") and p <= Decimal("0.05")
                ):
                    expected[nct] += 1
    rows = _ask(results_store, "results-primary-p-below", threshold="0.05")
    assert Counter(r["nct_id"] for r in rows) == expected
    assert sum(expected.values()) > 50


def test_results_dropout_reasons(results_store, results_records) -> None:
    summed: Counter = Counter()
    for study in results_records.values():
        if not any("cancer" in c.lower() for c in _conditions(study)):
            continue
        for period in _section(study, "participantFlowModule").get("periods", []):
            for drop in period.get("dropWithdraws", []):
                summed[drop["type"]] += sum(int(r["numSubjects"]) for r in drop.get("reasons", []))
    rows = _ask(results_store, "results-dropout-reasons", condition="cancer")
    assert {r["reason"]: int(r["participants"]) for r in rows} == dict(summed)
    one = _ask(results_store, "results-dropout-reasons", nct="NCT01298141")
    assert one and all(int(r["trials"]) == 1 for r in one)


def test_results_baseline_age_sex(results_store, results_records) -> None:
    wanted = re.compile(r"\b(age|sex|gender)\b", re.IGNORECASE)
    expected = Counter()
    for nct, study in results_records.items():
        if not any("asthma" in c.lower() for c in _conditions(study)):
            continue
        for measure in _section(study, "baselineCharacteristicsModule").get("measures", []):
            if wanted.search(measure["title"]):
                expected[nct] += sum(
                    len(cat["measurements"]) for cls in measure.get("classes", []) for cat in cls["categories"]
                )
    rows = _ask(results_store, "results-baseline-age-sex", condition="asthma")
    assert Counter(r["nct_id"] for r in rows) == expected
    assert sum(expected.values()) > 20
