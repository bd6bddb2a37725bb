"""Eligibility criteria split into items, on real records (counted by hand from the text) and edge cases."""

from __future__ import annotations

import json
from pathlib import Path

from kg.sources.criteria import EXCLUSION, INCLUSION, split_criteria


def _criteria_text(v2_json_dir: Path, nct_id: str) -> str:
    data = json.loads((v2_json_dir / f"{nct_id}.json").read_bytes())
    return data["protocolSection"]["eligibilityModule"]["eligibilityCriteria"]


def test_bullets_under_headings(v2_json_dir: Path) -> None:
    # NCT02106169: "Inclusion Criteria:" with 6 "* " items, "Exclusion Criteria:" with 4
    items = split_criteria(_criteria_text(v2_json_dir, "NCT02106169"))
    assert [c.kind for c in items] == [INCLUSION] * 6 + [EXCLUSION] * 4
    assert items[0].text == "IgE mediated food allergy" and items[0].number is None
    assert items[4].text == "Child who can have a medical examination before inclusion (art. L.1121-11 du CSP)."
    assert items[-1].text == "Patient already included in another study"


def test_numbered_items_with_sub_bullets_joined_to_their_parent(v2_json_dir: Path) -> None:
    # NCT01199484: inclusion 1-4 (2 and 3 each have two "*" sub-items), exclusion 1-6
    items = split_criteria(_criteria_text(v2_json_dir, "NCT01199484"))
    assert [(c.kind, c.number) for c in items] == [(INCLUSION, str(n)) for n in range(1, 5)] + [
        (EXCLUSION, str(n)) for n in range(1, 7)
    ]
    second = items[1].text.split("\n")
    assert second[0] == "-IgE-mediated allergy to CMPs meeting all the following diagnostic criteria:"
    assert len(second) == 3 and all(line.startswith("* ") for line in second[1:])
    assert "IgE titers > 0.35 kU/l" in second[2]  # markdown "\>" undone
    assert items[4].text == "-Clinical manifestations of anaphylactic shock after the ingestion of cow's milk."


def test_exclusion_items_never_hold_inclusion_text(v2_json_dir: Path) -> None:
    for nct_id in ("NCT02106169", "NCT01199484", "NCT02210780", "NCT01616511"):
        items = split_criteria(_criteria_text(v2_json_dir, nct_id))
        inclusion = {c.text for c in items if c.kind == INCLUSION}
        exclusion = [c.text for c in items if c.kind == EXCLUSION]
        assert exclusion and not inclusion & set(exclusion), nct_id
        assert not any("Inclusion Criteria" in text for text in exclusion), nct_id


def test_key_headings_and_markdown_escapes(v2_json_dir: Path) -> None:
    # NCT02210780: "Key Inclusion Criteria:" 1-5, "Key Exclusion Criteria:" 1-...
    items = split_criteria(_criteria_text(v2_json_dir, "NCT02210780"))
    inclusion = [c for c in items if c.kind == INCLUSION]
    assert [c.number for c in inclusion] == ["1", "2", "3", "4", "5"]
    assert "Consensus Criteria, [Eichenfeld 2004])that" in inclusion[0].text
    exclusion = [c for c in items if c.kind == EXCLUSION]
    assert exclusion[0].text == "Prior treatment with dupilumab (REGN668/ SAR231893)"
    assert exclusion[1].text.startswith("Patients needing >10 mg of daily prednisone")


def test_no_headings_paragraphs_are_inclusion_items(v2_json_dir: Path) -> None:
    # NCT00001908: five paragraphs, no heading
    items = split_criteria(_criteria_text(v2_json_dir, "NCT00001908"))
    assert [c.kind for c in items] == [INCLUSION] * 5
    assert items[0].text == "Patients must be 14 years of age or older."
    assert items[4].text == "Must not have hemoglobin less than 12 g/dL."


def test_numbered_list_without_headings_keeps_numbers(v2_json_dir: Path) -> None:
    # NCT01194648: items 1-7, item 2 has four "*" sub-items
    items = split_criteria(_criteria_text(v2_json_dir, "NCT01194648"))
    assert [(c.kind, c.number) for c in items] == [(INCLUSION, str(n)) for n in range(1, 8)]
    assert items[1].text.count("\n* ") == 4
    assert items[3].text == "Serum PSA </=20ng/ml" and items[4].text == "Life expectancy of >/=10 years."


def test_headings_inside_one_line(v2_json_dir: Path) -> None:
    # NCT00000620: both sections on one line
    items = split_criteria(_criteria_text(v2_json_dir, "NCT00000620"))
    assert [(c.kind, c.text[:20]) for c in items] == [
        (INCLUSION, "Adults aged 18-65; H"),
        (EXCLUSION, "Type 1 diabetes; cur"),
    ]
    text = (
        "Inclusion Criteria:\n\n* Males with ED\n* Stable heterosexual relationship Exclusion Criteria:\n* Nitrate use"
    )
    assert [(c.kind, c.text) for c in split_criteria(text)] == [
        (INCLUSION, "Males with ED"),
        (INCLUSION, "Stable heterosexual relationship"),
        (EXCLUSION, "Nitrate use"),
    ]


def test_heading_variants_and_markdown_bold() -> None:
    text = (
        "**INCLUSION CRITERIA:**\n\n- Age 18+\n\n"
        "Key exclusion criteria\n\n(a) Pregnant\n(b) Breastfeeding\n\n"
        "Exclusion Criteria: none of the above \\[sic\\]"
    )
    assert [(c.kind, c.number, c.text) for c in split_criteria(text)] == [
        (INCLUSION, None, "Age 18+"),
        (EXCLUSION, "a", "Pregnant"),
        (EXCLUSION, "b", "Breastfeeding"),
        (EXCLUSION, None, "none of the above [sic]"),
    ]


def test_sentences_that_mention_the_words_are_items_not_headings() -> None:
    text = (
        "Inclusion Criteria:\n* Not meeting inclusion criteria of the main study\n\n"
        "Other inclusion/exclusion criteria may apply.\nExclusion Criteria:\n* Prior exclusion from the study"
    )
    assert [(c.kind, c.text) for c in split_criteria(text)] == [
        (INCLUSION, "Not meeting inclusion criteria of the main study"),
        (INCLUSION, "Other inclusion/exclusion criteria may apply."),
        (EXCLUSION, "Prior exclusion from the study"),
    ]


def test_scoped_headings_are_kept_as_items() -> None:
    text = "Inclusion Criteria for Controls:\n1) Healthy\nExclusion Criteria (Controls):\n1) Smoker"
    assert [(c.kind, c.number, c.text) for c in split_criteria(text)] == [
        (INCLUSION, None, "Inclusion Criteria for Controls:"),
        (INCLUSION, "1", "Healthy"),
        (EXCLUSION, None, "Exclusion Criteria (Controls):"),
        (EXCLUSION, "1", "Smoker"),
    ]


def test_run_on_numbering_and_wrapped_lines() -> None:
    assert [(c.number, c.text) for c in split_criteria("(1) Women (2) aged 20-70 (3) with SCC")] == [
        ("1", "Women"),
        ("2", "aged 20-70"),
        ("3", "with SCC"),
    ]
    legacy = (
        "        Inclusion Criteria:\n\n          -  Histologically confirmed\n"
        "             adenocarcinoma\n\n          -  Age 18\n\n        Exclusion Criteria:\n\n          -  None"
    )
    assert [(c.kind, c.text) for c in split_criteria(legacy)] == [
        (INCLUSION, "Histologically confirmed adenocarcinoma"),
        (INCLUSION, "Age 18"),
        (EXCLUSION, "None"),
    ]


def test_html_criteria_become_items() -> None:
    text = "<p>Inclusion Criteria:</p><ul><li>Men &amp; women</li><li>Age &gt;&#x2F;= 18</li></ul>"
    assert [(c.kind, c.text) for c in split_criteria(text)] == [(INCLUSION, "Men & women"), (INCLUSION, "Age >/= 18")]


def test_empty_text() -> None:
    assert split_criteria("") == [] and split_criteria(None) == []


def test_a_colon_less_heading_ending_an_item_line_starts_the_exclusions() -> None:
    # NCT00006046 writes "* At least 4 weeks since other prior immunotherapy. Exclusion Criteria"
    text = "Inclusion Criteria:\n\n* Stage IV disease.\n* No prior therapy. Exclusion Criteria\n* Pregnancy.\n"
    items = [(c.kind, c.text) for c in split_criteria(text)]
    assert items == [
        ("INCLUSION", "Stage IV disease."),
        ("INCLUSION", "No prior therapy."),
        ("EXCLUSION", "Pregnancy."),
    ]


def test_an_item_that_only_mentions_the_exclusion_criteria_stays_an_item() -> None:
    items = split_criteria("Inclusion Criteria:\n* Adults who meet the Exclusion Criteria\n* Age 18")
    assert [(c.kind, c.text) for c in items] == [
        ("INCLUSION", "Adults who meet the Exclusion Criteria"),
        ("INCLUSION", "Age 18"),
    ]


def test_a_heading_glued_to_the_end_of_an_item_without_punctuation() -> None:
    # NCT01912872: "* Body weight between 20 to 150 kg Exclusion Criteria"
    items = split_criteria("Inclusion Criteria\n\n* Body weight between 20 to 150 kg Exclusion Criteria\n* Pregnant")
    assert [(c.kind, c.text) for c in items] == [
        ("INCLUSION", "Body weight between 20 to 150 kg"),
        ("EXCLUSION", "Pregnant"),
    ]


def test_no_inclusion_slash_exclusion_heading_starts_the_exclusions() -> None:
    items = split_criteria("Inclusion Criteria:\n\n* Children\n\nNo inclusion / Exclusion Criteria:\n\n* Allergy")
    assert [(c.kind, c.text) for c in items] == [("INCLUSION", "Children"), ("EXCLUSION", "Allergy")]


def test_a_qualified_heading_without_a_colon_starts_its_section() -> None:
    # NCT03633708: "Exclusion Criteria Disease Related" then bullets
    items = split_criteria("Inclusion criteria\n\n* Age 18\n\nExclusion Criteria Disease Related\n\n* Seizures")
    assert [(c.kind, c.text) for c in items][-1] == ("EXCLUSION", "Seizures")
    assert [c.kind for c in items].count("INCLUSION") == 1


def test_non_standard_headings_switch_to_exclusion(v2_json_dir: Path) -> None:
    """Headings with an outline number, a full stop, no colon or a synonym in brackets (counted
    by hand: the items before the heading are inclusion, every one after it exclusion)."""
    cases = {
        # "III.6 EXCLUSION CRITERIA": an intro line and 9 numbered items before, an intro and 7 after
        "NCT05266716": (10, 8, "Pregnancy;"),
        # "Inclusion criteria. Age ≥22. ..." and "Study Exclusion Criteria. History of ...": 2 paragraphs each
        "NCT04664634": (2, 2, "Known allergy to contrast material used during MBSS."),
        # "Exclusion criteria Patients with delayed allergic reactions ...": 3 numbered, then 1
        "NCT04100122": (3, 1, "Patients with delayed allergic reactions after wheat ingestion greater than 4 hours"),
        # "Exclusion Criteria (Non inclusion criteria) :": 8 bullets before, 7 after
        "NCT05658614": (8, 7, "Acute illness at the time of inclusion."),
    }
    for nct_id, (inclusion, exclusion, excluded) in cases.items():
        items = split_criteria(_criteria_text(v2_json_dir, nct_id))
        assert [c.kind for c in items] == [INCLUSION] * inclusion + [EXCLUSION] * exclusion, nct_id
        assert any(c.text.startswith(excluded) for c in items if c.kind == EXCLUSION), nct_id
        assert not any("criteria" in c.text.lower() and len(c.text) < 50 for c in items), nct_id  # no heading kept


def test_a_heading_with_a_colon_and_more_words_stays_a_scope() -> None:
    items = split_criteria("Inclusion Criteria Umbrella Phase 1b & 2:\n* Adults\nExclusion Criteria\n* Pregnancy")
    assert [(c.kind, c.text) for c in items] == [
        (INCLUSION, "Inclusion Criteria Umbrella Phase 1b & 2:"),
        (INCLUSION, "Adults"),
        (EXCLUSION, "Pregnancy"),
    ]
