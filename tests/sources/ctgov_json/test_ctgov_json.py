"""The API v2 JSON reader against the 3,232 real records in ../shared and the layouts users have.

Expected values are taken from the source JSON: counted by plain dict walking here
(independent of the reader), or copied by hand from the files named in each test.
"""

from __future__ import annotations

import json
import pickle
import zipfile
from pathlib import Path
from typing import Any

import pytest

from kg.model import Study
from kg.sources import RawRecord, detect, raw_records
from kg.sources.ctgov_json.reader import parse, sniff
from tests.sources.reading import read_all

THREE = ("NCT01616511", "NCT02106169", "NCT04326231")


def _load(v2_json_dir: Path, nct_id: str) -> Study:
    (record,) = list(raw_records([v2_json_dir / f"{nct_id}.json"]))
    return parse(record).study


# --- 1. every real record, counts checked against the JSON itself ---------------------------------


def _named(items: Any, key: str) -> list[dict]:
    return [item for item in items or [] if isinstance(item.get(key), str) and item[key].strip()]


def _expected_counts(data: dict) -> dict[str, Any]:
    protocol = data["protocolSection"]
    arms = protocol.get("armsInterventionsModule", {})
    outcomes = protocol.get("outcomesModule", {})
    places = protocol.get("contactsLocationsModule", {})
    locations = [site for site in places.get("locations", []) if site]
    nested = [site for site in places.get("locations_nested", []) if site and site not in locations]
    derived = data.get("derivedSection", {})
    all_outcomes = [
        (item["measure"].strip(), item.get("timeFrame"))
        for key in ("primaryOutcomes", "secondaryOutcomes", "otherOutcomes")
        for item in _named(outcomes.get(key), "measure")
    ]
    return {
        "conditions": len([c for c in protocol.get("conditionsModule", {}).get("conditions", []) if c.strip()]),
        "interventions": len(_named(arms.get("interventions"), "name")),
        "arms": len(_named(arms.get("armGroups"), "label")),
        "sites": [site.get("status") for site in locations + nested],
        "outcomes": all_outcomes,
        "collaborators": [
            (c["name"], c.get("class"))
            for c in _named(protocol.get("sponsorCollaboratorsModule", {}).get("collaborators"), "name")
        ],
        "meshes": len(derived.get("conditionBrowseModule", {}).get("meshes", []))
        + len(derived.get("interventionBrowseModule", {}).get("meshes", [])),
    }


def _actual_counts(study: Study) -> dict[str, Any]:
    return {
        "conditions": len(study.conditions),
        "interventions": len(study.interventions),
        "arms": len(study.arms),
        "sites": [site.status for site in study.sites],
        "outcomes": [(outcome.measure, outcome.time_frame) for outcome in study.outcomes],
        "collaborators": [(c.name, c.agency_class) for c in study.collaborators],
        "meshes": len(study.condition_meshes) + len(study.intervention_meshes),
    }


def test_every_real_record_parses_with_the_counts_of_its_json(v2_json_dir: Path) -> None:
    files = sorted(v2_json_dir.glob("*.json"))
    assert len(files) == 3232
    mismatches = []
    for path in files:
        (record,) = list(raw_records([path]))
        assert isinstance(record, RawRecord), record
        study = parse(record).study  # a RecordError fails the test
        data = json.loads(path.read_bytes())
        assert study.nct_id == data["protocolSection"]["identificationModule"]["nctId"] == path.stem
        if _actual_counts(study) != _expected_counts(data):
            mismatches.append(path.name)
    assert mismatches == []


# --- 2. field by field, values read from the files by hand -------------------------------------------


def test_observational_record_field_by_field(v2_json_dir: Path) -> None:
    study = _load(v2_json_dir, "NCT01616511")
    assert study.brief_title == "Pathway CH-1 Long-Term Follow-Up"
    assert study.org_study_id == "CP-005"
    assert (study.organization.name, study.organization.agency_class) == ("Autonomic Technologies, Inc.", "INDUSTRY")
    assert study.start_date.value == "2012-06" and study.start_date.type is None  # the record gives no type
    assert (study.completion_date.value, study.completion_date.type) == ("2016-06", "ACTUAL")
    assert (study.first_posted_date.value, study.first_posted_date.type) == ("2012-06-11", "ESTIMATED")
    assert study.design.study_type == "OBSERVATIONAL"
    assert (study.design.observational_model, study.design.time_perspective) == ("COHORT", "PROSPECTIVE")
    assert study.design.phases == [] and study.design.allocation is None
    assert (study.design.enrollment, study.design.enrollment_type) == (33, "ACTUAL")
    assert [(arm.label, arm.type) for arm in study.arms] == [("Pathway CH-1 Subjects", None)]
    elig = study.eligibility
    assert elig.minimum_age is None and elig.maximum_age is None
    assert elig.std_ages == ["CHILD", "ADULT", "OLDER_ADULT"] and elig.sampling_method == "NON_PROBABILITY_SAMPLE"
    assert elig.study_population.startswith("Subjects who have been implanted")
    assert [c.kind for c in elig.criteria] == ["INCLUSION"] * 4 + ["EXCLUSION"] * 2
    # three sites; the Danish one has no geo point and must still be a site
    assert [(s.city, s.state, s.zip, s.country) for s in study.sites] == [
        ("Liège", None, "B-4000", "Belgium"),
        ("Glostrup, Copenhagen", "Denmark", "DK-2600", "Denmark"),
        ("Valencia", "Spain", "46010", "Spain"),
    ]
    assert [s.geo and (s.geo.lat, s.geo.lon) for s in study.sites] == [(50.63373, 5.56749), None, (39.47391, -0.37966)]
    assert [(m.id, m.term) for m in study.condition_meshes] == [("D003027", "Cluster Headache")]
    assert [m.id for m in study.condition_mesh_ancestors] == [
        "D051303", "D051270", "D020773", "D001927", "D002493", "D009422",
    ]  # fmt: skip
    assert study.has_results is False


def test_record_with_several_collaborators_field_by_field(v2_json_dir: Path) -> None:
    study = _load(v2_json_dir, "NCT02106169")
    assert study.acronym == "EducAA"
    assert (study.lead_sponsor.name, study.lead_sponsor.agency_class) == (
        "Assistance Publique - Hôpitaux de Paris",
        "OTHER",
    )
    assert [(c.name, c.agency_class) for c in study.collaborators] == [
        ("French Society of Allergology", "UNKNOWN"),
        ("Stallergenes laboratories", "UNKNOWN"),
        ("Picot-Lactalis laboratory", "UNKNOWN"),
        ("ALK Industries", "UNKNOWN"),
    ]
    assert study.responsible_party.type == "SPONSOR"
    assert [(o.name, o.role, o.affiliation) for o in study.officials] == [
        ("Chantal KARILA, MD, PhD", "PRINCIPAL_INVESTIGATOR", "Necker hospital")
    ]
    assert (study.design.allocation, study.design.intervention_model) == ("RANDOMIZED", "PARALLEL")
    assert (study.design.primary_purpose, study.design.masking, study.design.phases) == (
        "SUPPORTIVE_CARE",
        "NONE",
        ["NA"],
    )
    assert [(a.label, a.type, a.intervention_names) for a in study.arms] == [
        ("Therapeutic education group", "EXPERIMENTAL", ["Behavioral: Therapeutic education group"]),
        ("Control group", "NO_INTERVENTION", []),
    ]
    assert [(i.name, i.type, i.arm_labels) for i in study.interventions] == [
        ("Therapeutic education group", "BEHAVIORAL", ["Therapeutic education group"])
    ]
    # each outcome keeps its own time frame (a known converter bug gives all the first one's)
    assert [(o.kind, o.measure, o.time_frame) for o in study.outcomes] == [
        ("PRIMARY", "Child FAQLQ global score", "month 12"),
        ("SECONDARY", "Child FAQLQ global score", "month 4"),
        ("SECONDARY", "Child FAQLQ global score", "month 6"),
        (
            "SECONDARY",
            "All cause which can be influence the quality of life, especially occurrence of anaphylactic reactions",
            "month 12",
        ),
        ("SECONDARY", "Parent FAQLQ global score", "month 4"),
        ("SECONDARY", "Parent FAQLQ global score", "month 6"),
        ("SECONDARY", "Parent FAQLQ global score", "month 12"),
    ]
    assert [c.name for c in study.conditions] == ["IgE Mediated Food Allergy"]
    assert study.keywords == ["Food allergy", "Children and families", "Therapeutic education", "Quality of life"]
    elig = study.eligibility
    assert (elig.minimum_age.text, elig.minimum_age.years, elig.maximum_age.years) == ("8 Years", 8.0, 12.0)
    assert (elig.sex, elig.healthy_volunteers, elig.std_ages) == ("ALL", False, ["CHILD"])
    kinds = [c.kind for c in elig.criteria]
    assert kinds == ["INCLUSION"] * 6 + ["EXCLUSION"] * 4
    assert elig.criteria[6].text == "Non IgE mediated food allergy"
    assert study.intervention_meshes == [] and study.references == []


def test_record_with_results_field_by_field(v2_json_dir: Path) -> None:
    study = _load(v2_json_dir, "NCT04326231")
    assert study.has_results is True
    assert study.overall_status == "TERMINATED"
    assert study.why_stopped == "COVID and the Study was withdrawn (limited recruitment within study timeline)"
    assert study.status_verified_date == "2023-08"
    assert (study.results_first_posted_date.value, study.results_first_posted_date.type) == ("2023-09-21", "ACTUAL")
    assert study.first_submitted_date == "2020-03-23" and study.last_update_submitted_date == "2023-08-28"
    assert study.last_updated == "2023-09-21"
    assert [(d.label, d.type_abbrev, d.filename, d.date, d.upload_date) for d in study.documents] == [
        ("Study Protocol", "Prot", "Prot_000.pdf", "2020-05-03", "2021-10-22T10:56")
    ]
    assert (study.documents[0].has_protocol, study.documents[0].has_sap, study.documents[0].has_icf) == (
        True,
        False,
        False,
    )
    (outcome,) = study.outcomes
    assert outcome.measure == "Vineland Adaptive Behavior Scales, Third Edition"
    assert outcome.description.startswith("Change was calculated on an average")
    assert outcome.time_frame.startswith("Enrollment, baseline assessment, 4 weeks")
    assert study.eligibility.minimum_age.years == 3.0 and study.eligibility.maximum_age.years == 8.0
    assert [c.kind for c in study.eligibility.criteria] == ["INCLUSION"] * 5 + ["EXCLUSION"] * 6
    assert study.eligibility.criteria[2].text == "Female or Male, > 3 to < 9 years of age and parent/caregiver"
    assert [(m.id, m.term) for m in study.condition_meshes] == [("D000067877", "Autism Spectrum Disorder")]


def test_record_with_1148_sites_keeps_each_sites_own_facts(v2_json_dir: Path) -> None:
    study = _load(v2_json_dir, "NCT04267848")
    assert len(study.sites) == 1148
    first, last = study.sites[0], study.sites[-1]
    assert (first.facility, first.status, first.city, first.state) == (
        "Anchorage Associates in Radiation Medicine", "SUSPENDED", "Anchorage", "Alaska",
    )  # fmt: skip
    assert (last.facility, last.city, last.state, last.zip, last.country) == (
        "FHP Health Center-Guam", "Tamuning", None, "96913", "Guam",
    )  # fmt: skip
    assert study.sites[500].facility == "MyMichigan Medical Center Gladwin"
    statuses = [site.status for site in study.sites]
    assert (statuses.count("RECRUITING"), statuses.count("SUSPENDED"), statuses.count("ACTIVE_NOT_RECRUITING")) == (
        659, 393, 96,
    )  # fmt: skip
    assert sum(site.geo is None for site in study.sites) == 4
    assert (study.design.enrollment, study.design.enrollment_type) == (1210, "ESTIMATED")


def test_locations_nested_repeating_locations_is_not_doubled(v2_json_dir: Path) -> None:
    (record,) = list(raw_records([v2_json_dir / "NCT00841061.json"]))
    parsed = parse(record)
    assert len(parsed.study.sites) == 1
    assert any("locations_nested" in warning for warning in parsed.warnings)


def test_read_and_map_cost_is_linear_in_the_number_of_sites(v2_json_dir: Path) -> None:
    """Counted in Python function calls, which do not depend on how busy the machine is.

    The record with the most sites is read and mapped as it is and with its sites repeated
    8 times: linear work grows at most 8-fold, a per-site scan of the whole record ~64-fold.
    """
    import cProfile
    import pstats

    from kg.mapping import map_study

    data = json.loads((v2_json_dir / "NCT04267848.json").read_bytes())
    sites = data["protocolSection"]["contactsLocationsModule"]["locations"]
    calls = []
    for factor in (1, 8):
        data["protocolSection"]["contactsLocationsModule"]["locations"] = sites * factor
        profile = cProfile.Profile()
        profile.enable()
        study = parse(RawRecord(origin=None, payload=data)).study  # type: ignore[arg-type]
        map_study(study)
        profile.disable()
        assert len(study.sites) == len(sites) * factor
        calls.append(pstats.Stats(profile).total_calls)
    assert calls[1] < calls[0] * 8


# --- 3. layouts: all give the same studies --------------------------------------------------------


@pytest.fixture
def three(v2_json_dir: Path) -> list[dict]:
    return [json.loads((v2_json_dir / f"{nct_id}.json").read_bytes()) for nct_id in THREE]


def _write_layouts(tmp_path: Path, v2_json_dir: Path, three: list[dict]) -> dict[str, list[Path]]:
    dump = json.dumps
    layouts = {
        "objects": [tmp_path / f"{nct_id}.json" for nct_id in THREE],
        "page": [tmp_path / "page.json"],
        "array": [tmp_path / "download.json"],
        "wrapped": [tmp_path / f"wrapped-{nct_id}.json" for nct_id in THREE],
        "lines": [tmp_path / "studies.jsonl"],
        "zip": [tmp_path / "ctg-studies.json.zip"],
    }
    for nct_id, path in zip(THREE, layouts["objects"], strict=True):
        path.write_bytes((v2_json_dir / f"{nct_id}.json").read_bytes())
    layouts["page"][0].write_text(dump({"totalCount": 3, "studies": three, "nextPageToken": "abc"}, indent=2))
    layouts["array"][0].write_text(dump(three))
    for study, path in zip(three, layouts["wrapped"], strict=True):
        path.write_text(dump({"study": study}, indent=1))
    layouts["lines"][0].write_text("\n".join(dump(study) for study in three) + "\n")
    with zipfile.ZipFile(layouts["zip"][0], "w") as archive:
        for nct_id, path in zip(THREE, layouts["objects"], strict=True):
            archive.write(path, f"{nct_id}.json")
    return layouts


def test_every_layout_yields_the_same_studies(tmp_path: Path, v2_json_dir: Path, three: list[dict]) -> None:
    layouts = _write_layouts(tmp_path, v2_json_dir, three)
    expected, _ = read_all(layouts["objects"])
    assert [study.nct_id for study in expected] == list(THREE)
    for name, paths in layouts.items():
        studies, problems = read_all(paths)
        assert problems == [], name
        assert studies == expected, name


def test_positions_name_the_record_inside_each_layout(tmp_path: Path, v2_json_dir: Path, three: list[dict]) -> None:
    layouts = _write_layouts(tmp_path, v2_json_dir, three)
    positions = {name: [r.origin.position for r in raw_records(paths)] for name, paths in layouts.items()}
    assert positions["page"] == ["studies[0]", "studies[1]", "studies[2]"]
    assert positions["array"] == ["item 1", "item 2", "item 3"]
    assert positions["lines"] == ["line 1", "line 2", "line 3"]
    assert positions["objects"] == positions["wrapped"] == ["study"] * 3
    assert positions["zip"] == [f"entry {nct_id}.json: study" for nct_id in THREE]
    for record in raw_records(layouts["page"] + layouts["lines"]):
        assert pickle.loads(pickle.dumps(record)) == record  # crosses into worker processes
        assert record.origin.format == "ctgov-json"


def test_sniff_claims_v2_json_only() -> None:
    assert sniff(b'{"studies": [], "nextPageToken": null}')
    assert sniff(b'\n[\n  {"protocolSection": {')
    assert sniff(b'{"protocolSection": {}}\n{"protocolSection": {}}\n')
    assert not sniff(b'<?xml version="1.0"?><clinical_study>')
    assert not sniff(b"NCT04632225\nStudy Details\n")  # page text mentions NCT ids but is not JSON
    assert not sniff(b'{"FullStudiesResponse": {"FullStudies": [{"Study": {"ProtocolSection": {}}}]}}')
    assert detect(b'  {"protocolSection": {"identificationModule": {"nctId": "NCT01234567"}}}') == "ctgov-json"
