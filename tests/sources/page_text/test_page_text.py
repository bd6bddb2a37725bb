"""The page reader on the seed page and on edited copies of it.

Expectations are what a person reads off ``NCT04632225.page.txt``; the variants edit the seed's
text (sections removed, shuffled, emptied, repeated, CRLF...) and check that each still reads as
a person would expect.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from kg.model import Origin, Problem, Study
from kg.sources.page_text import reader as page_text
from kg.sources.reader import Parsed, RawRecord, RecordError

#: The seed's section headers in page order (the test's own copy, not the reader's table).
SEED_HEADERS = [
    "Study Results",
    "Basic Information",
    "Brief Summary",
    "Related Clinical Trials",
    "Detailed Description",
    "Conditions",
    "Study Design",
    "Study Groups",
    "Interventions",
    "Eligibility Criteria",
    "Sponsors",
    "Responsible Party",
    "Locations",
    "Countries",
    "Provided Documents",
    "Other Identifiers",
    "More Related Trials",
]
Blocks = list[tuple[str, list[str]]]


def read(text: str | bytes) -> Parsed:
    payload = text.encode("utf-8") if isinstance(text, str) else text
    origin = Origin(path="test.page.txt", position="file", format=page_text.FORMAT)
    return page_text.parse(RawRecord(origin=origin, payload=payload))


def blocks(text: str) -> Blocks:
    """The seed as (header, [blurb, values...]) blocks; the first block is the preamble."""
    text = text.replace("View full resultsBasic Information", "View full results\nBasic Information")
    out: Blocks = [("", [])]
    for line in text.splitlines():
        if line in SEED_HEADERS:
            out.append((line, []))
        else:
            out[-1][1].append(line)
    return out


def render(parts: Blocks) -> str:
    return "\n".join(line for header, lines in parts for line in ([header] if header else []) + lines)


def edited(seed: str, change: Callable[[Blocks], Blocks]) -> Parsed:
    return read(render(change(blocks(seed))))


def with_values(parts: Blocks, header: str, values: list[str]) -> Blocks:
    """The blocks with one section's values replaced (its blurb kept)."""
    return [(name, lines[:1] + values if name == header else lines) for name, lines in parts]


@pytest.fixture(scope="module")
def seed(seed_page: Path) -> str:
    return seed_page.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def parsed(seed: str) -> Parsed:
    return read(seed)


@pytest.fixture(scope="module")
def study(parsed: Parsed) -> Study:
    return parsed.study


def test_seed_identity_and_status(study: Study) -> None:
    assert study.nct_id == "NCT04632225"
    assert study.brief_title == "Safety of Engensis in Participants With Amyotrophic Lateral Sclerosis"
    assert study.last_updated == "2025-10-06"
    assert study.has_results is True
    assert study.overall_status == "COMPLETED"
    assert study.design.phases == ["PHASE2"]
    assert study.design.enrollment == 18
    assert study.design.study_type == "INTERVENTIONAL"
    assert study.start_date is not None and study.start_date.value == "2021-03-09"
    assert study.completion_date is not None and study.completion_date.value == "2024-07-15"
    assert study.primary_completion_date is None


def test_seed_design(study: Study) -> None:
    design = study.design
    assert (design.allocation, design.intervention_model, design.primary_purpose, design.masking) == (
        "RANDOMIZED",
        "PARALLEL",
        "TREATMENT",
        "QUADRUPLE",
    )


def test_seed_arms_each_with_its_own_intervention(study: Study) -> None:
    assert [(arm.label, arm.intervention_names) for arm in study.arms] == [
        ("Engensis", ["Engensis"]),
        ("Placebo", ["Placebo"]),
    ]
    assert study.arms[0].description.startswith("64 mg Engensis per Treatment Cycle")
    assert study.arms[1].description.startswith("32 mL of Placebo per Treatment Cycle")
    assert [(item.name, item.description, item.arm_labels) for item in study.interventions] == [
        ("Engensis", "Lyophilized biologic to be reconstituted containing Engensis", ["Engensis"]),
        ("Placebo", "Injectable liquid", ["Placebo"]),
    ]


def test_seed_sites_sponsor_identifiers_documents(study: Study) -> None:
    assert len(study.sites) == 5
    seoul = study.sites[-1]
    assert (seoul.facility, seoul.city, seoul.state, seoul.country) == (
        "Hanyang University Medical Center",
        "Seoul",
        None,
        "South Korea",
    )
    assert study.sites[0].facility == "St. Joseph's Hospital and Medical Center, Barrows Neurological Institute"
    assert (study.sites[0].city, study.sites[0].state) == ("Phoenix", "Arizona")
    assert study.lead_sponsor is not None
    assert (study.lead_sponsor.name, study.lead_sponsor.agency_class) == ("Helixmith Co., Ltd.", "INDUSTRY")
    assert study.collaborators == []
    assert study.org_study_id == "VMALS-002-2"
    assert study.secondary_ids == []
    assert [(doc.label, doc.type_abbrev) for doc in study.documents] == [
        ("Study Protocol", "Prot"),
        ("Statistical Analysis Plan", "SAP"),
    ]
    assert study.responsible_party is None


def test_seed_related_trials(study: Study) -> None:
    assert [trial.nct_id for trial in study.related_trials] == [
        "NCT05176093",
        "NCT01609283",
        "NCT01142856",
        "NCT02290886",
        "NCT03268603",
    ]
    assert study.related_trials[1].title == (
        "A Dose-escalation Safety Trial for Intrathecal Autologous Mesenchymal Stem Cell Therapy in "
        "Amyotrophic Lateral Sclerosis"
    )


def test_seed_eligibility(study: Study) -> None:
    eligibility = study.eligibility
    assert eligibility is not None
    assert eligibility.minimum_age is not None and eligibility.minimum_age.text == "18 Years"
    assert eligibility.minimum_age.years == 18
    assert eligibility.maximum_age is not None and eligibility.maximum_age.text == "80 Years"
    assert (eligibility.sex, eligibility.healthy_volunteers) == ("ALL", False)
    inclusion = [item for item in eligibility.criteria if item.kind == "INCLUSION"]
    exclusion = [item for item in eligibility.criteria if item.kind == "EXCLUSION"]
    # Counted by hand in the file: inclusion items 2..12, exclusion items 2..18.
    assert [item.number for item in inclusion] == [str(n) for n in range(2, 13)]
    assert [item.number for item in exclusion] == [str(n) for n in range(2, 19)]
    assert inclusion[1].text == "Onset of Amyotrophic Lateral Sclerosis symptoms \u2264 4 years"
    assert exclusion[1].text.endswith("life expectancy of < 6 months at Screening")
    assert exclusion[3].text == "Platelet count <100,000/\u00b5L"
    assert not any("\\" in item.text for item in eligibility.criteria)
    assert "18 Years" not in (eligibility.criteria_text or "")


def test_seed_text_sections(study: Study) -> None:
    assert study.brief_summary is None  # the section is empty on the seed
    description = study.detailed_description or ""
    assert "first injection [Sufit et al., 2017]." in description
    assert '"slope" (>0, indicating' in description
    assert "\\" not in description
    assert not description.startswith("Dive into")  # the blurb is furniture, not data


def test_seed_warns_only_about_empty_conditions(parsed: Parsed) -> None:
    assert parsed.study.conditions == []
    assert parsed.warnings == ["conditions section empty"]


def test_sniff(seed: str) -> None:
    assert page_text.sniff(seed.encode()[:4096])
    assert page_text.sniff(b"\xef\xbb\xbf" + seed.encode()[:4096])
    assert not page_text.sniff(b'{"protocolSection": {"identificationModule": {"nctId": "NCT04632225"}}}')
    assert not page_text.sniff(b"<clinical_study><id_info><nct_id>NCT04632225</nct_id></id_info>")


def test_split_one_page_per_file(seed_page: Path) -> None:
    with seed_page.open("rb") as stream:
        records = list(page_text.split(stream, path=str(seed_page)))
    assert len(records) == 1 and isinstance(records[0], RawRecord)
    assert records[0].origin.format == "page-text"


def test_split_reports_text_that_is_not_utf8(tmp_path: Path) -> None:
    bad = tmp_path / "bad.page.txt"
    bad.write_bytes(b"Title\nNCT ID: NCT01234567\n\xff\xfe broken\n")
    with bad.open("rb") as stream:
        records = list(page_text.split(stream, path=str(bad)))
    assert len(records) == 1 and isinstance(records[0], Problem)
    assert "UTF-8" in records[0].reason


def test_page_without_nct_id_is_a_record_error(seed: str) -> None:
    with pytest.raises(RecordError, match="NCT ID"):
        read(seed.replace("NCT ID: NCT04632225\n", ""))


def test_crlf_and_extra_blank_lines_read_the_same(seed: str, study: Study) -> None:
    assert read(seed.replace("\n", "\r\n")).study == study
    assert read("\n\n" + seed.replace("\n", "\n\n  \n") + "\n\n").study == study


def test_sections_in_another_order_read_the_same(seed: str, study: Study) -> None:
    shuffled = edited(seed, lambda parts: parts[:1] + parts[:0:-1])
    assert shuffled.study == study


@pytest.mark.parametrize("header", SEED_HEADERS)
def test_any_section_removed_or_emptied_still_reads(seed: str, header: str) -> None:
    removed = edited(seed, lambda parts: [part for part in parts if part[0] != header])
    emptied = edited(seed, lambda parts: with_values(parts, header, []))
    for result in (removed, emptied):
        assert result.study.nct_id == "NCT04632225"
        assert not any(warning.startswith("unknown section") for warning in result.warnings)
    if header != "Conditions":
        assert emptied.study.lead_sponsor is not None or header == "Sponsors"
        assert len(emptied.study.sites) == (0 if header == "Locations" else 5)
        assert len(emptied.study.related_trials) == (0 if header == "Related Clinical Trials" else 5)


def test_removed_sections_leave_their_facts_empty(seed: str) -> None:
    gone = ("Basic Information", "Study Groups", "Eligibility Criteria", "Study Results")
    result = edited(seed, lambda parts: [part for part in parts if part[0] not in gone])
    study = result.study
    assert study.overall_status is None and study.design.phases == [] and study.start_date is None
    assert study.arms == [] and [item.arm_labels for item in study.interventions] == [[], []]
    assert study.eligibility is None
    assert study.has_results is None
    assert result.warnings == ["conditions section empty"]


def test_missing_conditions_section_is_reported(seed: str) -> None:
    result = edited(seed, lambda parts: [part for part in parts if part[0] != "Conditions"])
    assert result.warnings == ["conditions section missing"]


def test_repeated_sections_are_read_once(seed: str, study: Study) -> None:
    def repeat(parts: Blocks) -> Blocks:
        extra = [part for part in parts if part[0] in ("Sponsors", "Related Clinical Trials", "Locations")]
        return parts + extra

    result = edited(seed, repeat)
    assert result.study == study
    assert len([w for w in result.warnings if "repeated" in w]) == 3


def test_second_sponsor_is_a_collaborator(seed: str) -> None:
    values = ["Helixmith Co., Ltd.", "INDUSTRY", "National Institute of Neurological Disorders and Stroke", "NIH"]
    study = edited(seed, lambda parts: with_values(parts, "Sponsors", values)).study
    assert study.lead_sponsor is not None and study.lead_sponsor.name == "Helixmith Co., Ltd."
    assert [(org.name, org.agency_class) for org in study.collaborators] == [
        ("National Institute of Neurological Disorders and Stroke", "NIH")
    ]


def test_several_conditions(seed: str) -> None:
    values = ["Amyotrophic Lateral Sclerosis", "Motor Neuron Disease", "Sclérose latérale amyotrophique"]
    result = edited(seed, lambda parts: with_values(parts, "Conditions", values))
    assert [item.name for item in result.study.conditions] == values
    assert result.warnings == []


def test_phase_pair_and_three_dates(seed: str) -> None:
    values = ["COMPLETED", "PHASE1", "PHASE2", "1,018 participants", "INTERVENTIONAL", "2021-03", "2023", "2024-07-15"]
    study = edited(seed, lambda parts: with_values(parts, "Basic Information", values)).study
    assert study.design.phases == ["PHASE1", "PHASE2"]
    assert study.design.enrollment == 1018
    assert [d.value for d in (study.start_date, study.primary_completion_date, study.completion_date)] == [
        "2021-03",
        "2023",
        "2024-07-15",
    ]


def test_unknown_section_is_a_warning_and_does_not_leak(seed: str, study: Study) -> None:
    def insert(parts: Blocks) -> Blocks:
        at = [name for name, _ in parts].index("Sponsors")
        unknown = ("Outcome Measures", ["Review the outcome measures the investigators track over time.", "ALSFRS-R"])
        return [*parts[:at], unknown, *parts[at:]]

    result = edited(seed, insert)
    assert any("unknown section 'Outcome Measures'" in warning for warning in result.warnings)
    assert result.study == study


def test_glued_blurb_and_related_trials_from_both_sections(seed: str) -> None:
    text = (
        seed
        + "A Phase 3 Study of Something Else\nNCT01234567\nMesenchymal Stem Cells for Treatment of ALS\nNCT01142856"
    )
    study = read(text).study
    assert [trial.nct_id for trial in study.related_trials][-1] == "NCT01234567"
    assert len(study.related_trials) == 6  # NCT01142856 is already listed above
    assert study.related_trials[-1].title == "A Phase 3 Study of Something Else"


def test_arm_without_description_and_intervention_without_arm(seed: str) -> None:
    groups = ["Open label", "Engensis", "Lyophilized biologic to be reconstituted containing Engensis"]
    study = edited(seed, lambda parts: with_values(parts, "Study Groups", groups)).study
    assert [(arm.label, arm.description, arm.intervention_names) for arm in study.arms] == [
        ("Open label", None, ["Engensis"])
    ]
    assert [item.arm_labels for item in study.interventions] == [["Open label"], []]


def test_locations_facility_with_commas_and_no_facility(seed: str) -> None:
    values = ["Clinic A, Dept. B, Unit C", "Paris, Île-de-France, France", "Lyon, , France"]
    sites = edited(seed, lambda parts: with_values(parts, "Locations", values)).study.sites
    assert [(site.facility, site.city, site.state, site.country) for site in sites] == [
        ("Clinic A, Dept. B, Unit C", "Paris", "Île-de-France", "France"),
        (None, "Lyon", None, "France"),
    ]


def test_countries_without_sites_are_reported(seed: str) -> None:
    result = edited(seed, lambda parts: with_values(parts, "Countries", ["United States", "South Korea", "Japan"]))
    assert [w for w in result.warnings if w.startswith("Countries")] == [
        "Countries: 'Japan' listed but no site there is on the page"
    ]


def test_secondary_identifier_and_responsible_party(seed: str) -> None:
    ids = ["VMALS-002-2", "Identifier Type: -", "Identifier Source: org_study_id"]
    ids += ["2020-001234-56", "Identifier Type: EUDRACT_NUMBER", "Identifier Source: secondary_id"]
    party = ["PRINCIPAL_INVESTIGATOR", "Jane Doe", "Professor", "Hanyang University"]
    study = edited(
        seed, lambda parts: with_values(with_values(parts, "Other Identifiers", ids), "Responsible Party", party)
    ).study
    assert study.org_study_id == "VMALS-002-2"
    assert [(item.id, item.type) for item in study.secondary_ids] == [("2020-001234-56", "EUDRACT_NUMBER")]
    assert study.responsible_party is not None
    assert (study.responsible_party.type, study.responsible_party.investigator_affiliation) == (
        "PRINCIPAL_INVESTIGATOR",
        "Hanyang University",
    )


def test_observational_design_and_single_age(seed: str) -> None:
    basic = ["RECRUITING", "NA", "40 participants", "OBSERVATIONAL", "2025-01"]
    design = ["COHORT", "OTHER"]
    eligibility = ["Inclusion Criteria", "1. Diagnosed ALS", "18 Years", "MALE", "Yes"]

    def change(parts: Blocks) -> Blocks:
        parts = with_values(parts, "Basic Information", basic)
        return with_values(with_values(parts, "Study Design", design), "Eligibility Criteria", eligibility)

    result = edited(seed, change)
    study = result.study
    assert (study.design.observational_model, study.design.time_perspective, study.design.primary_purpose) == (
        "COHORT",
        "OTHER",
        None,
    )
    assert study.design.phases == ["NA"] and study.completion_date is None
    assert study.eligibility is not None and study.eligibility.maximum_age is None
    assert study.eligibility.minimum_age is not None and study.eligibility.minimum_age.text == "18 Years"
    assert (study.eligibility.sex, study.eligibility.healthy_volunteers) == ("MALE", True)
    assert [(c.kind, c.number, c.text) for c in study.eligibility.criteria] == [("INCLUSION", "1", "Diagnosed ALS")]
    assert any("one age limit" in warning for warning in result.warnings)
    assert any("one date" in warning for warning in result.warnings)


def test_non_ascii_title(seed: str) -> None:
    study = read("Étude de l'Engensis — ALS 中文\n" + seed.split("\n", 1)[1]).study
    assert study.brief_title == "Étude de l'Engensis — ALS 中文"


def test_unrecognised_basic_value_is_reported(seed: str) -> None:
    result = read(seed.replace("18 participants", "18 participants\nsoon"))
    assert "Basic Information: value 'soon' not understood; skipped" in result.warnings


def test_registry_finds_the_page(seed_page: Path) -> None:
    from kg.sources import detect, raw_records

    assert detect(seed_page.read_bytes()[:4096]) == "page-text"
    (record,) = list(raw_records([seed_page]))
    assert isinstance(record, RawRecord) and read(record.payload).study.nct_id == "NCT04632225"


def test_no_single_missing_line_breaks_the_reader(seed: str) -> None:
    lines = seed.splitlines()
    for index in range(len(lines)):
        text = "\n".join(lines[:index] + lines[index + 1 :])
        if lines[index].startswith("NCT ID:"):
            with pytest.raises(RecordError):
                read(text)
        else:
            assert read(text).study.nct_id == "NCT04632225"
    with pytest.raises(RecordError):
        read(b"")
