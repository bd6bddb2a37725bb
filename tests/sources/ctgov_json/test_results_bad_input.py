"""A results table that contradicts itself is a warning naming the table; the rest is built."""

from __future__ import annotations

import copy

from kg.mapping import map_study
from kg.sources.ctgov_json.study import study_from_v2

NCT = "NCT01298141"


def _spoiled(v2_studies: dict[str, dict]) -> dict:
    data = copy.deepcopy(v2_studies[NCT])
    results = data["resultsSection"]
    outcome = results["outcomeMeasuresModule"]["outcomeMeasures"][0]
    outcome["classes"][0]["categories"][0]["measurements"][0]["groupId"] = "OG999"  # a group that does not exist
    outcome.pop("denoms")  # a missing denominator
    outcome["analyses"] = [{"pValue": "0.03", "statisticalMethod": "ANCOVA"}]  # an analysis without groups
    milestone = results["participantFlowModule"]["periods"][0]["milestones"][0]
    milestone["achievements"][0]["numSubjects"] = "about 12"  # a count that is not a number
    return data


def test_each_contradiction_is_a_warning_naming_the_table(v2_studies: dict[str, dict]) -> None:
    study, warnings = study_from_v2(_spoiled(v2_studies))
    results = [w for w in warnings if w.startswith("resultsSection")]
    assert any("outcomeMeasures[0].classes[0]" in w and "'OG999' is not a group" in w for w in results), results
    assert any(
        w.startswith("resultsSection.outcomeMeasuresModule.outcomeMeasures[0] has measurements but no denominators")
        for w in results
    )
    assert any("outcomeMeasures[0].analyses[0] names no groups" in w for w in results), results
    assert any(
        "participantFlowModule.periods[0].milestones[0].achievements[0].numSubjects is 'about 12'" in w for w in results
    )
    assert len(results) == 4, results
    assert study.results is not None


def test_the_rest_of_the_record_is_built(v2_studies: dict[str, dict]) -> None:
    clean, _ = study_from_v2(v2_studies[NCT])
    spoiled, _ = study_from_v2(_spoiled(v2_studies))
    texts = {q.object.value for q in map_study(spoiled)}
    assert "about 12" in texts  # kept verbatim, never turned into a number
    assert "OG999" in texts  # the unknown code is kept on the cell
    assert len(map_study(spoiled)) > 0.95 * len(map_study(clean))
    ae = v2_studies[NCT]["resultsSection"]["adverseEventsModule"]
    events = len(ae.get("seriousEvents", [])) + len(ae.get("otherEvents", []))
    assert sum(1 for q in map_study(spoiled) if q.predicate.value.endswith("#hasAdverseEvent")) == events
