"""Odd values in the protocol parts issue 16 added (contacts, browse index, registry bookkeeping,
arm intervention names): each is warned about with its path, never silently dropped, and the
rest of the record is still read."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest

from kg.mapping import map_study
from kg.sources.ctgov_json.study import study_from_v2

TG = "https://w3id.org/trialgraph/ontology#"


@pytest.fixture(scope="module")
def record(v2_json_dir: Path) -> dict:
    """A real record with arms, interventions, site contacts and a browse index."""
    for path in sorted(v2_json_dir.glob("*.json")):
        data = json.loads(path.read_bytes())
        protocol = data["protocolSection"]
        arms = protocol.get("armsInterventionsModule", {}).get("armGroups", [])
        sites = protocol.get("contactsLocationsModule", {}).get("locations", [])
        leaves = data.get("derivedSection", {}).get("conditionBrowseModule", {}).get("browseLeaves", [])
        if any(a.get("interventionNames") for a in arms) and any(s.get("contacts") for s in sites) and leaves:
            return data
    pytest.fail("no record with arms, site contacts and browse leaves")


def test_an_arm_name_matching_no_intervention_is_kept_as_text_and_warned_about(record: dict) -> None:
    data = copy.deepcopy(record)
    arm = next(a for a in data["protocolSection"]["armsInterventionsModule"]["armGroups"] if a.get("interventionNames"))
    arm["interventionNames"].append("Drug: Nowhere-listed-mab")
    study, warnings = study_from_v2(data)
    assert [w for w in warnings if "Nowhere-listed-mab" in w] == [
        f"arm {arm['label']!r} lists intervention 'Drug: Nowhere-listed-mab', "
        "which is none of the trial's interventions"
    ]
    texts = {(q.predicate.value, q.object.value) for q in map_study(study)}
    assert (TG + "unmatchedInterventionName", "Drug: Nowhere-listed-mab") in texts
    assert (TG + "armInterventionName", "Drug: Nowhere-listed-mab") in texts


def test_the_real_arm_names_raise_no_warning(record: dict) -> None:
    _, warnings = study_from_v2(record)
    assert not [w for w in warnings if "lists intervention" in w]


def test_an_empty_contact_a_leaf_without_id_and_a_text_bmi_are_warned_about(record: dict) -> None:
    data = copy.deepcopy(record)
    site = next(s for s in data["protocolSection"]["contactsLocationsModule"]["locations"] if s.get("contacts"))
    site["contacts"].append({"role": "CONTACT"})
    leaves = data["derivedSection"]["conditionBrowseModule"]["browseLeaves"]
    leaves.append({"name": "Orphan leaf", "relevance": "LOW"})
    data["derivedSection"].setdefault("miscInfoModule", {})["modelPredictions"] = {"bmiLimits": {"minBmi": "low"}}
    study, warnings = study_from_v2(data)
    assert any(w.endswith("has no name, phone or e-mail: ignored") and ".contacts[" in w for w in warnings)
    assert any("conditionBrowseModule.browseLeaves[" in w and "lacks an id" in w for w in warnings)
    assert "derivedSection.miscInfoModule.modelPredictions.bmiLimits.minBmi is 'low', not a number: ignored" in warnings
    assert len(study.condition_browse.leaves) == len(leaves) - 1
    assert sum(len(s.contacts) for s in study.sites) > 0
