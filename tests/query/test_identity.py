"""Identity and the parameters people type, on the 3,232 real records (issue 13, part A).

Each expected answer is counted here from the registry's JSON with plain Python: MeSH ids
compared by letter and number (so either width is one descriptor), countries grouped by a
hand-written list of the registry's spellings, ages converted here, organisation names
compared with punctuation taken out. None of it goes through kg's readers or key functions.
"""

from __future__ import annotations

import re
from decimal import Decimal

import pytest

from kg.query import QueryFailed, run_named
from kg.query.catalogue import CatalogueError, get
from kg.store import TrialStore

UNITS = {"year": 1, "month": 12, "week": 365.25 / 7, "day": 365.25, "hour": 365.25 * 24, "minute": 365.25 * 1440}
#: the registry's spellings of one country, by hand (the shared records use all of these)
KOREA = {"Korea, Republic of", "South Korea"}
SAME_COUNTRY = [
    KOREA,
    {"Turkey", "Turkey (Türkiye)"},
    {"Russia", "Russian Federation"},
    {"Czechia", "Czech Republic"},
    {"Iran", "Iran, Islamic Republic of"},
    {"Moldova", "Moldova, Republic of"},
    {"Palestinian Territories, Occupied", "Palestinian Territory, occupied"},
    {"Côte D'Ivoire", "Côte d\u2019Ivoire"},
]


def ids(store: TrialStore, query: str, /, **params: str) -> set[str]:
    result = run_named(store, query, params)
    column = result.columns.index("nct_id")
    return {row[column].value for row in result.rows}


def ps(study: dict, module: str) -> dict:
    return study["protocolSection"].get(module, {})


# --- 1. MeSH ids ------------------------------------------------------------------------------


def _mesh(study: dict, part: str) -> set[tuple[str, int]]:
    """(letter, number): D000003920 and D003920 are one descriptor."""
    terms = study.get("derivedSection", {}).get("conditionBrowseModule", {}).get(part, [])
    return {(m["id"][0], int(m["id"][1:])) for m in terms}


@pytest.mark.parametrize(
    ("forms", "descriptor"), [(("D003920", "D000003920"), 3920), (("D001943", "D000001943"), 1943)]
)
def test_mesh_ids_in_either_width_find_every_trial(store, records, forms, descriptor) -> None:
    target = ("D", descriptor)
    direct = {n for n, s in records.items() if target in _mesh(s, "meshes")}
    below = {n for n, s in records.items() if target in _mesh(s, "meshes") | _mesh(s, "ancestors")}
    for form in forms:
        assert ids(store, "trials-for-condition", mesh=form) == direct
        assert ids(store, "trials-for-condition", mesh=form.lower(), descendants="true") == below
    assert len(below) > len(direct) > 0
    if descriptor == 3920:
        assert len(below) == 203  # the count (diabetes mellitus and below)


def test_one_node_per_descriptor(store) -> None:
    mesh_id = "<https://w3id.org/trialgraph/ontology#meshId>"
    rows = store.query(f"SELECT ?id WHERE {{ ?m {mesh_id} ?id }}", union=True)
    numbers = [(row["id"].value[0], int(row["id"].value[1:])) for row in rows]
    assert len(numbers) == len(set(numbers)) > 1000  # no descriptor twice under two widths


def test_mesh_by_label(store, records) -> None:
    def labelled(study: dict, parts: tuple[str, ...]) -> bool:
        browse = study.get("derivedSection", {}).get("conditionBrowseModule", {})
        return any(m["term"].lower() == "asthma" for part in parts for m in browse.get(part, []))

    assert ids(store, "trials-for-condition", mesh="asthma") == {
        n for n, s in records.items() if labelled(s, ("meshes",))
    }
    below = ids(store, "trials-for-condition", mesh="Asthma", descendants="true")
    assert below == {n for n, s in records.items() if labelled(s, ("meshes", "ancestors"))} and below
    with pytest.raises(QueryFailed, match=r"no MeSH term named 'asthmaa' in the store \(nearest: Asthma"):
        run_named(store, "trials-for-condition", {"mesh": "asthmaa"})


# --- 2. Countries -----------------------------------------------------------------------------


def _site_countries(study: dict) -> set[str]:
    return {loc["country"] for loc in ps(study, "contactsLocationsModule").get("locations", []) if loc.get("country")}


@pytest.mark.parametrize("typed", ["Korea, Republic of", "South Korea", "korea", "KR", "kor"])
def test_country_in_any_spelling(store, records, typed) -> None:
    expected = {n for n, s in records.items() if _site_countries(s) & KOREA and _admits(s, Decimal(40), "FEMALE")}
    found = ids(store, "patient-trials", age="40", sex="female", country=typed, recruiting_only="false")
    assert found == expected and len(expected) > 19


def test_one_node_per_country(store, records) -> None:
    spellings = set().union(*(_site_countries(s) for s in records.values()))
    groups = len(spellings) - sum(len(same & spellings) - 1 for same in SAME_COUNTRY)
    rows = run_named(store, "countries-ranked", {}).rows
    assert len(rows) == groups
    korea = [row for row in rows if row[0].value in KOREA]
    assert int(korea[0][1].value) == sum(1 for s in records.values() if _site_countries(s) & KOREA)


def test_unknown_country_is_an_error(store) -> None:
    with pytest.raises(QueryFailed, match="no country named 'Narnia'"):
        run_named(store, "patient-trials", {"age": "40", "sex": "f", "country": "Narnia"})


# --- 3. Organisations -------------------------------------------------------------------------


@pytest.mark.parametrize("nct", ["NCT05756322", "NCT05809934"])
def test_every_stated_role_survives(store, records, nct) -> None:
    module = ps(records[nct], "sponsorCollaboratorsModule")
    lead = module["leadSponsor"]
    expected = {("lead", lead["name"], lead.get("class"))} | {
        ("collaborator", c["name"], c.get("class")) for c in module.get("collaborators", [])
    }
    result = run_named(store, "trials-by-sponsor", {"sponsor": lead["name"].split()[0]})
    rows = [dict(zip(result.columns, (t.value if t else None for t in row), strict=True)) for row in result.rows]
    got = {(r["role_name"], r["organization"], r["agency_class"]) for r in rows if r["nct_id"] == nct}
    assert got == expected and len(got) == 2
    card = run_named(store, "trial-card", {"nct": nct})
    assert card.rows[0][card.columns.index("lead_sponsor")].value == lead["name"]


def test_sponsor_names_match_without_punctuation(store, records) -> None:
    def squash(name: str) -> str:
        return re.sub(r"\W|_", "", name.casefold())

    def names(study: dict) -> list[str]:
        module = ps(study, "sponsorCollaboratorsModule")
        return [org.get("name", "") for org in [module.get("leadSponsor", {}), *module.get("collaborators", [])]]

    expected = {n for n, s in records.items() if any("mdanderson" in squash(name) for name in names(s))}
    assert ids(store, "trials-by-sponsor", sponsor="MD Anderson") == expected
    assert ids(store, "trials-by-sponsor", sponsor="M.D. Anderson") == expected and len(expected) >= 23


def test_stated_classes_are_shown_not_unknown(store, records) -> None:
    classes: dict[str, set[str]] = {}
    for s in records.values():
        lead = ps(s, "sponsorCollaboratorsModule").get("leadSponsor", {})
        if lead.get("name") == "AstraZeneca":
            classes.setdefault("AstraZeneca", set()).add(lead.get("class"))
    result = run_named(store, "sponsors-ranked", {})
    row = next(r for r in result.rows if r[0].value == "AstraZeneca")
    assert set(row[1].value.split("|")) == classes["AstraZeneca"]


# --- 4. Ages ----------------------------------------------------------------------------------


def _years(text: str | None) -> Decimal | None:
    if not text:
        return None
    number, unit = text.split()
    return Decimal(number) / Decimal(repr(UNITS[unit.lower().rstrip("s")]))


def _admits(study: dict, age: Decimal, sex: str) -> bool:
    el = ps(study, "eligibilityModule")
    low, high = _years(el.get("minimumAge")), _years(el.get("maximumAge"))
    fits = (low is None or low <= age) and (high is None or high >= age)
    return fits and el.get("sex", "ALL") in ("ALL", sex)


@pytest.mark.slow
def test_every_age_string_compares(store, records) -> None:
    """For each distinct age limit in the records, the trials with it are found for an age just
    inside it (a nanoyear above a minimum, below a maximum)."""
    found_total = holders_total = 0
    for field, step in (("minimumAge", Decimal("1e-9")), ("maximumAge", Decimal("-1e-9"))):
        texts = {ps(s, "eligibilityModule").get(field) for s in records.values()} - {None}
        for text in sorted(texts):
            age = _years(text) + step
            if age < 0:
                continue
            holders = {n for n, s in records.items() if ps(s, "eligibilityModule").get(field) == text}
            sexes = {ps(records[n], "eligibilityModule").get("sex") for n in holders}
            for sex in ("FEMALE", "MALE") if "MALE" in sexes else ("FEMALE",):
                found = ids(store, "patient-trials", age=f"{age:.15f}", sex=sex, recruiting_only="false") & holders
                assert found == {n for n in holders if _admits(records[n], age, sex)}, (field, text, sex)
                found_total += len(found)
            holders_total += len(holders)
    assert found_total > 0.95 * holders_total  # only a trial whose two limits are equal (NCT01224132) misses


def test_sub_day_ages_are_found(store) -> None:
    found = ids(store, "patient-trials", age="0.003", sex="female", recruiting_only="false")
    assert {"NCT00113659", "NCT04330092", "NCT06943469"} <= found


# --- 6. Parameters people type ----------------------------------------------------------------


def test_short_forms_equal_codes(store, records) -> None:
    phase3 = {n for n, s in records.items() if "PHASE3" in ps(s, "designModule").get("phases", [])}
    assert ids(store, "trials-for-condition", phase="3") == ids(store, "trials-for-condition", phase="PHASE3") == phase3
    active = {n for n, s in records.items() if ps(s, "statusModule").get("overallStatus") == "ACTIVE_NOT_RECRUITING"}
    assert ids(store, "trials-for-condition", status="active") == active and active


def test_sex_f_includes_trials_open_to_all(store, records) -> None:
    recruiting = {n: s for n, s in records.items() if ps(s, "statusModule").get("overallStatus") == "RECRUITING"}
    expected = {n for n, s in recruiting.items() if _admits(s, Decimal(40), "FEMALE") or not ps(s, "eligibilityModule")}
    found = ids(store, "patient-trials", age="40", sex="f")
    assert found == ids(store, "patient-trials", age="40", sex="FEMALE") == expected
    assert any(ps(records[n], "eligibilityModule").get("sex") == "ALL" for n in found)


def test_no_eligibility_module_is_reported_not_stated(store, records) -> None:
    missing = {n for n, s in records.items() if not ps(s, "eligibilityModule")}
    result = run_named(store, "patient-trials", {"age": "40", "sex": "m", "recruiting_only": "false"})
    rows = {row[0].value: row[result.columns.index("eligibility")].value for row in result.rows}
    assert {n for n, state in rows.items() if state == "not stated"} == missing and missing


@pytest.mark.parametrize(
    ("query", "values", "message"),
    [
        ("trials-for-condition", {"phase": "5"}, r"parameter phase: '5' is not a phase \(valid: EARLY_PHASE1, PHASE1"),
        ("trials-for-condition", {"status": "runing"}, r"is not a overall-status \(valid: NOT_YET_RECRUITING"),
        ("patient-trials", {"age": "4", "sex": "x"}, r"'x' is not a sex \(valid: ALL, FEMALE, MALE\)"),
        ("trials-by-sponsor", {"sponsor": "a", "role": "boss"}, r"'boss' is not a role \(valid: lead, collaborator\)"),
    ],
)
def test_bad_values_list_the_valid_ones(query, values, message) -> None:
    with pytest.raises(CatalogueError, match=message):
        get(query).bind(values)


def test_misspelled_query_name_is_suggested() -> None:
    with pytest.raises(CatalogueError, match="did you mean patient-trials"):
        get("patient-trails")
