"""The legacy XML reader on every real ``<clinical_study>`` record in ../shared.

Counts are checked against the XML itself, counted here with plain ElementTree ``findall``;
coded values are checked against the API v2 code sets; the ALS trial NCT01609283 is checked
fact by fact against its file.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from kg.model import Origin
from kg.sources import api_codes
from kg.sources.ctgov_xml import codes as legacy_codes
from kg.sources.ctgov_xml import reader as ctgov_xml
from kg.sources.reader import Parsed, RawRecord, RecordError

ISO_DATE = re.compile(r"^\d{4}(?:-\d{2}(?:-\d{2})?)?$")


def read(payload: bytes, path: str = "test.xml") -> Parsed:
    return ctgov_xml.parse(
        RawRecord(origin=Origin(path=path, position="file", format=ctgov_xml.FORMAT), payload=payload)
    )


@pytest.fixture(scope="module")
def corpus(legacy_xml_dir: Path) -> dict[str, tuple[ET.Element, Parsed]]:
    """Every record, parsed by the reader and by plain ElementTree."""
    out = {}
    for path in sorted(legacy_xml_dir.glob("*.xml")):
        payload = path.read_bytes()
        assert ctgov_xml.sniff(payload[:4096]), path.name
        (record,) = list(ctgov_xml.split(path.open("rb"), path=str(path)))
        assert isinstance(record, RawRecord)
        out[path.stem] = (ET.fromstring(payload), ctgov_xml.parse(record))
    return out


@pytest.fixture(scope="module")
def als(corpus: dict[str, tuple[ET.Element, Parsed]]) -> Parsed:
    return corpus["NCT01609283"][1]


def test_every_record_builds_with_the_xml_counts(corpus: dict[str, tuple[ET.Element, Parsed]]) -> None:
    assert len(corpus) == 1771
    for nct_id, (root, parsed) in corpus.items():
        study = parsed.study
        assert study.nct_id == nct_id == root.findtext("id_info/nct_id")
        counts = {
            "condition": len(study.conditions),
            "intervention": len(study.interventions),
            "arm_group": len(study.arms),
            "location": len(study.sites),
            "sponsors/collaborator": len(study.collaborators),
            "overall_official": len(study.officials),
            "id_info/secondary_id": len(study.secondary_ids),
            "keyword": len(study.keywords),
        }
        assert counts == {path: len(root.findall(path)) for path in counts}, nct_id
        outcomes = [len(root.findall(tag)) for tag in ("primary_outcome", "secondary_outcome", "other_outcome")]
        assert [sum(o.kind == kind for o in study.outcomes) for kind in ("PRIMARY", "SECONDARY", "OTHER")] == outcomes
        references = len(root.findall("reference")) + len(root.findall("results_reference"))
        assert len(study.references) == references, nct_id
        assert study.has_results == (root.find("clinical_results") is not None)


def test_each_item_keeps_its_own_values(corpus: dict[str, tuple[ET.Element, Parsed]]) -> None:
    """No lookup across the record: every site, outcome, collaborator and citation is its own."""
    for nct_id, (root, parsed) in corpus.items():
        study = parsed.study
        assert [site.city for site in study.sites] == [
            loc.findtext("facility/address/city") for loc in root.findall("location")
        ]
        assert [o.time_frame for o in study.outcomes if o.kind == "PRIMARY"] == [
            (item.findtext("time_frame") or "").strip() or None for item in root.findall("primary_outcome")
        ]
        assert [org.name for org in study.collaborators] == [
            item.findtext("agency") for item in root.findall("sponsors/collaborator")
        ], nct_id
        assert [ref.pmid for ref in study.references if ref.type == "BACKGROUND"] == [
            item.findtext("PMID") for item in root.findall("reference")
        ]


def test_site_statuses_differ_per_site(corpus: dict[str, tuple[ET.Element, Parsed]]) -> None:
    root, parsed = corpus["NCT02465060"]  # 1,218 sites with several statuses
    statuses = [site.status for site in parsed.study.sites]
    assert len(statuses) == 1218 and len(set(statuses)) >= 3
    assert statuses == [
        legacy_codes.code(loc.findtext("status"), api_codes.RECRUITMENT_STATUSES) for loc in root.findall("location")
    ]


def test_arms_and_interventions_agree_both_ways(corpus: dict[str, tuple[ET.Element, Parsed]]) -> None:
    for _, (_, parsed) in corpus.items():
        study = parsed.study
        pairs_from_arms = {(arm.label, name) for arm in study.arms for name in arm.intervention_names}
        labels = {arm.label for arm in study.arms}
        pairs_from_interventions = {
            (label, item.name) for item in study.interventions for label in item.arm_labels if label in labels
        }
        assert pairs_from_arms == pairs_from_interventions


def test_codes_are_api_v2_codes(corpus: dict[str, tuple[ET.Element, Parsed]]) -> None:
    checks = [
        (lambda s: [s.overall_status, s.last_known_status], api_codes.OVERALL_STATUS),
        (lambda s: s.design.phases, api_codes.PHASES),
        (lambda s: [s.design.study_type], api_codes.STUDY_TYPES),
        (lambda s: [s.design.allocation], api_codes.ALLOCATIONS),
        (lambda s: [s.design.intervention_model], api_codes.INTERVENTION_MODELS),
        (lambda s: [s.design.primary_purpose], api_codes.PRIMARY_PURPOSES),
        (lambda s: [s.design.masking], api_codes.MASKINGS),
        (lambda s: s.design.who_masked, api_codes.WHO_MASKED),
        (lambda s: [s.lead_sponsor.agency_class] + [c.agency_class for c in s.collaborators], api_codes.AGENCY_CLASSES),
        (lambda s: [a.type for a in s.arms], api_codes.ARM_TYPES),
        (lambda s: [i.type for i in s.interventions], api_codes.INTERVENTION_TYPES),
        (lambda s: [s.eligibility.sex if s.eligibility else None], api_codes.SEXES),
    ]
    for _, (_root, parsed) in corpus.items():
        for values, codes in checks:
            assert set(values(parsed.study)) - {None} <= codes
    # The phrases present in the XML all translate: nothing left empty where the XML has a value.
    for _, (root, parsed) in corpus.items():
        study = parsed.study
        assert (study.overall_status is None) == (root.findtext("overall_status") is None)
        assert bool(study.design.phases) == bool((root.findtext("phase") or "").strip())
        assert [a.type is None for a in study.arms] == [
            a.find("arm_group_type") is None for a in root.findall("arm_group")
        ]
        assert all(i.type is not None for i in study.interventions)
        assert study.lead_sponsor is not None and study.lead_sponsor.agency_class is not None


def test_dates_are_iso(corpus: dict[str, tuple[ET.Element, Parsed]]) -> None:
    for _, (root, parsed) in corpus.items():
        study = parsed.study
        partials = [study.start_date, study.primary_completion_date, study.completion_date, study.first_posted_date]
        partials += [study.results_first_posted_date, study.last_update_posted_date]
        values = [p.value for p in partials if p is not None]
        values += [
            v for v in (study.first_submitted_date, study.last_update_submitted_date, study.status_verified_date) if v
        ]
        assert all(ISO_DATE.match(value) for value in values), values
        assert all(p.type in (None, "ACTUAL", "ESTIMATED") for p in partials if p is not None)
        assert (study.start_date is None) == (root.find("start_date") is None)


def test_als_record_fact_by_fact(als: Parsed) -> None:
    study = als.study
    assert study.brief_title.startswith("A Dose-escalation Safety Trial for Intrathecal Autologous")
    assert (study.overall_status, study.design.phases, study.design.study_type) == (
        "COMPLETED",
        ["PHASE1"],
        "INTERVENTIONAL",
    )
    assert (study.design.enrollment, study.design.enrollment_type) == (27, "ACTUAL")
    assert (study.design.allocation, study.design.intervention_model, study.design.masking) == (
        "NA",
        "SINGLE_GROUP",
        "NONE",
    )
    assert study.start_date.value == "2012-05" and study.start_date.type is None
    assert (study.completion_date.value, study.completion_date.type) == ("2019-01-31", "ACTUAL")
    assert (study.first_posted_date.value, study.first_posted_date.type) == ("2012-05-31", "ESTIMATED")
    assert study.status_verified_date == "2019-08"
    assert study.lead_sponsor.name == "Mayo Clinic" and study.lead_sponsor.agency_class == "OTHER"
    assert study.responsible_party.type == "PRINCIPAL_INVESTIGATOR"
    assert study.responsible_party.investigator_name == "Anthony J. Windebank"
    assert [(o.name, o.role) for o in study.officials] == [("Anthony Windebank, MD", "PRINCIPAL_INVESTIGATOR")]
    assert [(a.label, a.type, a.intervention_names) for a in study.arms] == [
        ("Autologous Mesenchymal Stem Cells", "EXPERIMENTAL", ["autologous mesenchymal stem cells"])
    ]
    assert study.interventions[0].type == "BIOLOGICAL"
    assert study.interventions[0].description.splitlines()[1] == "Group 1: single intrathecal dose of 1 x 107 cells"
    eligibility = study.eligibility
    assert (eligibility.minimum_age.text, eligibility.maximum_age, eligibility.sex, eligibility.healthy_volunteers) == (
        "18 Years",
        None,
        "ALL",
        False,
    )
    kinds = [c.kind for c in eligibility.criteria]
    assert (kinds.count("INCLUSION"), kinds.count("EXCLUSION")) == (8, 11)
    assert eligibility.criteria[8].text.startswith("Any clinically significant medical condition")
    assert eligibility.criteria[-3].text == "Beck's Depression Inventory score >18"
    site = study.sites[0]
    assert (site.facility, site.city, site.state, site.zip, site.country) == (
        "Mayo Clinic",
        "Rochester",
        "Minnesota",
        "55905",
        "United States",
    )
    assert [o.kind for o in study.outcomes] == ["PRIMARY"] + ["SECONDARY"] * 7
    assert study.condition_meshes == []  # the XML names MeSH terms without their ids
    assert study.has_results is False


def test_textblocks_lose_wrapping_but_keep_paragraphs(als: Parsed) -> None:
    study = als.study
    assert study.brief_summary == (
        "The purpose of this study is to determine determine the safety of intraspinal delivery of mesenchymal "
        "stem cells (MSCs) to the cerebral spinal fluid of patients with Amyotrophic Lateral Sclerosis (ALS) using "
        "a dose-escalation study."
    )
    first, second = study.detailed_description.split("\n\n")
    assert "\n" not in first and "  " not in first
    assert second.startswith("Addendum: Five subjects from the Group 5 dosing level")


def test_design_and_masking_translations() -> None:
    assert legacy_codes.masking("Quadruple (Participant, Care Provider, Investigator, Outcomes Assessor)") == (
        "QUADRUPLE",
        ["PARTICIPANT", "CARE_PROVIDER", "INVESTIGATOR", "OUTCOMES_ASSESSOR"],
    )
    assert legacy_codes.masking("Single Blind") == ("SINGLE", [])
    assert legacy_codes.masking("Open Label") == ("NONE", [])
    assert legacy_codes.code("Educational/Counseling/Training", api_codes.PRIMARY_PURPOSES) == "ECT"
    assert legacy_codes.code("Observational [Patient Registry]", api_codes.STUDY_TYPES) == "OBSERVATIONAL"
    assert legacy_codes.code("Accepts Healthy Volunteers", api_codes.SEXES) is None
    assert legacy_codes.yes_no("Accepts Healthy Volunteers") is True
    assert legacy_codes.phases("Phase 2/Phase 3") == ["PHASE2", "PHASE3"]
    assert legacy_codes.phases("Early Phase 1") == ["EARLY_PHASE1"]


def test_old_one_line_study_design(corpus: dict[str, tuple[ET.Element, Parsed]]) -> None:
    design = corpus["NCT01101477"][1].study.design
    assert (design.allocation, design.intervention_model, design.primary_purpose) == (
        "RANDOMIZED",
        "PARALLEL",
        "TREATMENT",
    )
    assert (design.masking, design.who_masked) == ("DOUBLE", ["PARTICIPANT", "CARE_PROVIDER"])


def test_documents_and_results(corpus: dict[str, tuple[ET.Element, Parsed]]) -> None:
    study = corpus["NCT00000125"][1].study
    assert study.has_results is True
    document = study.documents[0]
    assert (document.label, document.type_abbrev, document.has_icf, document.date, document.filename) == (
        "Informed Consent Form",
        "ICF",
        True,
        "2019-02-06",
        "ICF_000.pdf",
    )


def test_sniff() -> None:
    assert ctgov_xml.sniff(b'<?xml version="1.0" encoding="UTF-8"?>\n<!-- comment -->\n<clinical_study rank="1">')
    assert ctgov_xml.sniff(b"\xef\xbb\xbf<clinical_study>")
    assert not ctgov_xml.sniff(b"<search_results><study>")
    assert not ctgov_xml.sniff(b"Title\nNCT ID: NCT01234567\n")
    assert not ctgov_xml.sniff(b'{"studies": []}')


@pytest.mark.parametrize(
    ("payload", "reason"),
    [
        (b"<clinical_study><id_info><nct_id>NCT01234567</nct_id></id_info>", "malformed XML at line 1"),
        (b"<other/>", "root element is <other>"),
        (b"<clinical_study><brief_title>x</brief_title></clinical_study>", "no valid id_info/nct_id"),
    ],
)
def test_bad_records_are_record_errors(payload: bytes, reason: str) -> None:
    with pytest.raises(RecordError, match=re.escape(reason)):
        read(payload)


def test_sparse_record_builds() -> None:
    xml = b"<clinical_study><id_info><nct_id>NCT01234567</nct_id></id_info>"
    xml += b"<location><facility/></location></clinical_study>"
    study = read(xml).study
    assert study.sites[0].facility is None and study.eligibility is None and study.lead_sponsor is None


def test_registry_finds_the_xml(legacy_xml_dir: Path) -> None:
    from kg.sources import detect, raw_records

    path = legacy_xml_dir / "NCT01609283.xml"
    assert detect(path.read_bytes()[:4096]) == "ctgov-xml"
    (record,) = list(raw_records([path]))
    assert isinstance(record, RawRecord) and ctgov_xml.parse(record).study.nct_id == "NCT01609283"
