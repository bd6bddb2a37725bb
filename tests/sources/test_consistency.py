"""The same trial read from API v2 JSON and from legacy XML gives the same core facts.

The shared data holds five NCT ids in both ``v2-json/`` and ``legacy-xml/``. The two files are
snapshots taken years apart (the XML from 2019-2020, the JSON from 2023 on), so a fact the
registry changed in between is listed in ``CHANGED`` with what changed; the test checks that
such a fact really does differ (so the list cannot go stale) and that every other fact agrees.
The registry's dates and oversight flags are filled in all four pairs; none of the four lists
contacts, an IPD plan or links in either format, so there the check is that both read none.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from kg.model import Origin, Study
from kg.sources.ctgov_json import reader as ctgov_json
from kg.sources.ctgov_xml import reader as ctgov_xml
from kg.sources.reader import RawRecord

#: JSON files that are not the registry's record of that trial at all.
NOT_THE_SAME_TRIAL = {
    # v2-json/NCT00002873.json comes from a pipeline's hand-made sample (data/sample_trials.json):
    # a pediatric type 2 diabetes study put under the NCT id of an RTOG breast brachytherapy trial.
    "NCT00002873": "JSON is a made-up sample reusing a real NCT id",
}

#: Facts the registry changed between the XML and the JSON snapshot.
CHANGED: dict[str, dict[str, str]] = {
    "NCT00501605": {
        "registry_dates": "the 2007-era XML (firstreceived_date) has no QC date; the JSON gives 2007-07-13",
    },
    "NCT01298141": {
        "allocation": "the XML omits <allocation> for this single-group study; the JSON says NA",
    },
    "NCT02513394": {
        "primary_completion": "2020-09 (estimated) in the 2020 XML, 2020-11 (actual) in the JSON",
        "sites": "233 sites in the 2020 XML, 437 in the JSON after more sites joined",
        "collaborator_classes": "the NETWORK class did not exist in the XML era: four groups were OTHER",
        "registry_dates": "results were first submitted in 2022, after the 2020 XML",
    },
}

_TYPE_PREFIX = re.compile(r"^[A-Z][A-Za-z ]+: ")


def _arm_links(study: Study) -> list[tuple[str, list[str]]]:
    """Arm -> intervention names. API v2 writes ``Drug: Palbociclib`` (the JSON reader keeps it,
    the mapping matches both forms); the XML names the intervention alone."""
    return [(arm.label, [_TYPE_PREFIX.sub("", name) for name in arm.intervention_names]) for arm in study.arms]


def facts(study: Study) -> dict[str, Any]:
    """The facts both formats carry and that should be stable over a trial's life."""
    eligibility = study.eligibility
    design = study.design
    return {
        "nct_id": study.nct_id,
        "brief_title": study.brief_title,
        "official_title": study.official_title,
        "status": study.overall_status,
        "phases": design.phases,
        "study_type": design.study_type,
        "enrollment": (design.enrollment, design.enrollment_type),
        "start": study.start_date.value if study.start_date else None,
        "primary_completion": study.primary_completion_date,
        "allocation": design.allocation,
        "design": (design.intervention_model, design.primary_purpose, design.masking, design.who_masked),
        "conditions": [item.name for item in study.conditions],
        "arms": [(arm.label, arm.type) for arm in study.arms],
        "arm_links": _arm_links(study),
        "interventions": [(item.name, item.type, item.arm_labels, item.other_names) for item in study.interventions],
        "ages": (eligibility.minimum_age, eligibility.maximum_age) if eligibility else None,
        "sex": eligibility.sex if eligibility else None,
        "healthy_volunteers": eligibility.healthy_volunteers if eligibility else None,
        "lead_sponsor": study.lead_sponsor,
        "collaborators": [org.name for org in study.collaborators],
        "collaborator_classes": [org.agency_class for org in study.collaborators],
        "sites": len(study.sites),
        "org_study_id": study.org_study_id,
        "secondary_ids": [item.id for item in study.secondary_ids],
        "central_contacts": study.central_contacts,
        "site_contacts": [contact for site in study.sites for contact in site.contacts],
        "ipd_sharing": study.ipd_sharing,
        "see_also_links": study.see_also_links,
        "available_ipds": study.available_ipds,
        "registry_dates": _registry_dates(study),
        "oversight": study.oversight,
        "design_texts": (design.intervention_model_description, design.masking_description, design.bio_spec_retention),
    }


def _registry_dates(study: Study) -> tuple:
    """The registry's QC, results and certificate-of-delay dates (not the XML-only last-update QC date)."""
    r = study.registry
    return (
        r.first_submitted_qc_date,
        r.results_first_submitted_date,
        r.results_first_submitted_qc_date,
        r.disp_first_submitted_date,
        r.disp_first_submitted_qc_date,
        r.disp_first_posted_date,
        [(item.release_date, item.reset_date) for item in r.results_submissions],
    )


def _shared_ids(v2_json_dir: Path, legacy_xml_dir: Path) -> list[str]:
    return sorted({p.stem for p in v2_json_dir.glob("*.json")} & {p.stem for p in legacy_xml_dir.glob("*.xml")})


def _json_study(path: Path) -> Study:
    with path.open("rb") as stream:
        (record,) = list(ctgov_json.split(stream, path=str(path)))
    return ctgov_json.parse(record).study


def _xml_study(path: Path) -> Study:
    origin = Origin(path=str(path), position="file", format=ctgov_xml.FORMAT)
    return ctgov_xml.parse(RawRecord(origin=origin, payload=path.read_bytes())).study


def test_the_shared_ids_are_the_known_five(v2_json_dir: Path, legacy_xml_dir: Path) -> None:
    shared = _shared_ids(v2_json_dir, legacy_xml_dir)
    assert shared == ["NCT00002873", "NCT00490425", "NCT00501605", "NCT01298141", "NCT02513394"]


@pytest.mark.parametrize("nct_id", ["NCT00490425", "NCT00501605", "NCT01298141", "NCT02513394"])
def test_json_and_xml_agree_on_core_facts(nct_id: str, v2_json_dir: Path, legacy_xml_dir: Path) -> None:
    from_json = facts(_json_study(v2_json_dir / f"{nct_id}.json"))
    from_xml = facts(_xml_study(legacy_xml_dir / f"{nct_id}.xml"))
    changed = CHANGED.get(nct_id, {})
    for name in from_json:
        if name in changed:
            assert from_json[name] != from_xml[name], f"{name} no longer differs: drop it from CHANGED"
        else:
            assert from_json[name] == from_xml[name], f"{nct_id} {name}"


def test_sample_json_under_a_real_id_is_a_different_trial(v2_json_dir: Path, legacy_xml_dir: Path) -> None:
    (nct_id,) = NOT_THE_SAME_TRIAL
    from_json = _json_study(v2_json_dir / f"{nct_id}.json")
    from_xml = _xml_study(legacy_xml_dir / f"{nct_id}.xml")
    assert from_json.nct_id == from_xml.nct_id == nct_id
    assert [c.name for c in from_json.conditions] == ["Type 2 Diabetes Mellitus"]
    assert [c.name for c in from_xml.conditions] == ["Breast Cancer"]
