"""Every catalogue query on the 3,232 real records, checked against the source JSON.

Expected answers are computed here with plain Python over the registry's JSON dicts (not
through kg's readers or the graph). Where the graph merges entities by a normalised name
(organisations, conditions, interventions), the expectation groups by the same documented
key functions from ``kg.iris``, which are pure functions of a name.
"""

from __future__ import annotations

from collections import Counter
from decimal import Decimal
from itertools import combinations

import pytest

from kg.iris import name_key, organization_key, slug
from kg.query import run_named
from kg.query.catalogue import load_all

#: the registry's spellings of one country, by hand (as in test_identity.py)
SAME_COUNTRY = [
    {"Korea, Republic of", "South Korea"},
    {"Turkey", "Turkey (Türkiye)"},
    {"Russia", "Russian Federation"},
    {"Czechia", "Czech Republic"},
    {"Iran", "Iran, Islamic Republic of"},
    {"Moldova", "Moldova, Republic of"},
    {"Palestinian Territories, Occupied", "Palestinian Territory, occupied"},
    {"Côte D'Ivoire", "Côte d\u2019Ivoire"},
]
UNITS = {"year": 1, "month": 12, "week": 365.25 / 7, "day": 365.25, "hour": 365.25 * 24, "minute": 365.25 * 1440}


def ask(store, query: str, /, **params: str) -> list[dict[str, str | None]]:
    result = run_named(store, query, params)
    return [{c: (t.value if t else None) for c, t in zip(result.columns, row, strict=True)} for row in result.rows]


def ps(study: dict, module: str) -> dict:
    return study["protocolSection"].get(module, {})


def conditions(study: dict) -> list[str]:
    return ps(study, "conditionsModule").get("conditions", [])


def for_condition(records: dict, text: str) -> dict[str, dict]:
    return {n: s for n, s in records.items() if not text or any(text.lower() in c.lower() for c in conditions(s))}


def status(study: dict) -> str | None:
    return ps(study, "statusModule").get("overallStatus")


def phases(study: dict) -> list[str]:
    return ps(study, "designModule").get("phases", [])


def key(name: str) -> str:
    return slug(name_key(name))


def org_key(name: str) -> str:
    return slug(organization_key(name))


def lead_key(study: dict) -> str:
    return org_key(ps(study, "sponsorCollaboratorsModule").get("leadSponsor", {}).get("name", ""))


def intervention_keys(study: dict) -> set[str]:
    items = ps(study, "armsInterventionsModule").get("interventions", [])
    return {key(i.get("name", "")) for i in items if i.get("name", "").strip()}


def test_every_query_is_checked_here():
    tested = {name.removeprefix("test_").replace("_", "-") for name in globals() if name.startswith("test_")}
    assert set(load_all()) <= tested


@pytest.mark.parametrize("text", ["diabetes", "Asthma"])
def test_trials_for_condition(store, records, text):
    rows = ask(store, "trials-for-condition", condition=text)
    expected = for_condition(records, text)
    assert {r["nct_id"]: r["overall_status"] for r in rows} == {n: status(s) for n, s in expected.items()}
    assert all(set((r["phases"] or "").split("|")) - {""} == set(phases(expected[r["nct_id"]])) for r in rows)
    filtered = ask(store, "trials-for-condition", condition=text, phase="phase3", status="completed")
    assert {r["nct_id"] for r in filtered} == {
        n for n, s in expected.items() if "PHASE3" in phases(s) and status(s) == "COMPLETED"
    }


def test_trials_for_condition_by_mesh(store, records):
    def mesh(study, part):  # (letter, number): the registry writes one id in two widths
        terms = study.get("derivedSection", {}).get("conditionBrowseModule", {}).get(part, [])
        return {(m["id"][0], int(m["id"][1:])) for m in terms}

    letter, number = Counter(i for s in records.values() for i in mesh(s, "ancestors")).most_common(1)[0][0]
    direct = {n for n, s in records.items() if (letter, number) in mesh(s, "meshes")}
    below = {n for n, s in records.items() if (letter, number) in mesh(s, "meshes") | mesh(s, "ancestors")}
    assert {r["nct_id"] for r in ask(store, "trials-for-condition", mesh=f"{letter}{number:06d}".lower())} == direct
    assert {
        r["nct_id"] for r in ask(store, "trials-for-condition", mesh=f"{letter}{number:09d}", descendants="true")
    } == below
    assert len(below) > len(direct)


def test_trials_for_intervention(store, records):
    expected = {
        (n, i.get("name", ""))
        for n, s in records.items()
        for i in ps(s, "armsInterventionsModule").get("interventions", [])
        if any("insulin" in x.lower() for x in [i.get("name", ""), *i.get("otherNames", [])])
    }
    rows = ask(store, "trials-for-intervention", name="INSULIN")
    assert {(r["nct_id"], r["intervention"]) for r in rows} == expected and expected


def test_sponsors_ranked(store, records):
    expected = Counter(lead_key(s) for s in for_condition(records, "cancer").values())
    rows = ask(store, "sponsors-ranked", condition="cancer")
    assert {org_key(r["sponsor"]): int(r["trials"]) for r in rows} == dict(expected)
    assert [int(r["trials"]) for r in rows] == sorted((int(r["trials"]) for r in rows), reverse=True)


def test_phase_status_counts(store, records):
    expected = Counter(
        (p, status(s) or "-") for s in for_condition(records, "diabetes").values() for p in (phases(s) or ["-"])
    )
    rows = ask(store, "phase-status-counts", condition="diabetes")
    assert {(r["phase"], r["overall_status"]): int(r["trials"]) for r in rows} == dict(expected)


def country_group(name: str) -> str:
    """The registry's spellings of one country, by hand (one graph node each group)."""
    for same in SAME_COUNTRY:
        if name in same:
            return min(same)
    return name


def test_recruiting_sites(store, records):
    expected = sorted(
        (n, loc.get("facility") or "", loc.get("city") or "", country_group(loc.get("country") or ""))
        for n, s in for_condition(records, "cancer").items()
        for loc in ps(s, "contactsLocationsModule").get("locations", [])
        if loc.get("status") == "RECRUITING"
    )
    rows = ask(store, "recruiting-sites", condition="cancer")
    got = sorted((r["nct_id"], r["facility"] or "", r["city"] or "", country_group(r["country"] or "")) for r in rows)
    assert got == expected and expected


def test_countries_ranked(store, records):
    trials: dict[str, set] = {}
    sites: Counter = Counter()
    for n, s in records.items():
        for loc in ps(s, "contactsLocationsModule").get("locations", []):
            if loc.get("country"):
                trials.setdefault(loc["country"], set()).add(n)
                sites[loc["country"]] += 1
    merged_trials: dict[str, set] = {}
    merged_sites: Counter = Counter()
    for country, ids in trials.items():  # spellings of one country are one node
        merged_trials.setdefault(country_group(country), set()).update(ids)
        merged_sites[country_group(country)] += sites[country]
    rows = ask(store, "countries-ranked")
    assert {country_group(r["country"]): (int(r["trials"]), int(r["sites"])) for r in rows} == {
        c: (len(t), merged_sites[c]) for c, t in merged_trials.items()
    }


def _years(text: str | None) -> float | None:
    if not text:
        return None
    number, unit = text.split()
    return float(number) / UNITS[unit.lower().rstrip("s")]


def _admits(study: dict, age: float, sex: str) -> bool:
    el = ps(study, "eligibilityModule")
    low, high = _years(el.get("minimumAge")), _years(el.get("maximumAge"))
    return (  # a trial stating no eligibility at all is listed ("not stated"), not left out
        (low is None or low <= age) and (high is None or high >= age) and el.get("sex", "ALL") in ("ALL", sex.upper())
    )


def test_patient_trials(store, records):
    rows = ask(store, "patient-trials", age="40", sex="female")
    assert {r["nct_id"] for r in rows} == {
        n for n, s in records.items() if status(s) == "RECRUITING" and _admits(s, 40, "female")
    }
    rows = ask(store, "patient-trials", age="8", sex="male", condition="asthma", country="france", recruiting_only="no")
    in_france = {
        n
        for n, s in for_condition(records, "asthma").items()
        if any(loc.get("country") == "France" for loc in ps(s, "contactsLocationsModule").get("locations", []))
    }
    assert {r["nct_id"] for r in rows} == {n for n in in_france if _admits(records[n], 8, "male")}


def _related_expected(records: dict, nct: str) -> dict[str, tuple[int, int, int]]:
    def linked(s):
        return ps(s, "statusModule").get("expandedAccessInfo", {}).get("nctId")

    def conds(s):
        return {key(c) for c in conditions(s)}

    def ints(s):
        return {key(i.get("name", "")) for i in ps(s, "armsInterventionsModule").get("interventions", [])}

    me = records[nct]
    stated = {linked(me)} | {n for n, s in records.items() if linked(s) == nct}
    out = {}
    for n, s in records.items():
        shared = (len(conds(me) & conds(s)), len(ints(me) & ints(s)))
        if n != nct and (n in stated or any(shared)):
            out[n] = (int(n in stated), *shared)
    out.update({n: (1, 0, 0) for n in stated - set(records) - {None}})
    return out


def test_related_trials(store, records):
    linked = next(n for n, s in records.items() if ps(s, "statusModule").get("expandedAccessInfo", {}).get("nctId"))
    for nct in (linked, "NCT04342793"):
        rows = ask(store, "related-trials", nct=nct)
        got = {
            r["nct_id"]: (int(r["stated_link"] or 0), int(r["shared_conditions"]), int(r["shared_interventions"]))
            for r in rows
        }
        assert got == _related_expected(records, nct)
        ranks = [(v[0], v[1] + v[2]) for v in (got[r["nct_id"]] for r in rows)]
        assert ranks == sorted(ranks, reverse=True)


def test_co_interventions(store, records):
    expected: Counter = Counter()
    for s in for_condition(records, "cancer").values():
        expected.update(combinations(sorted(intervention_keys(s)), 2))
    rows = ask(store, "co-interventions", condition="cancer")
    assert {(key(r["intervention_a"]), key(r["intervention_b"])): int(r["trials"]) for r in rows} == dict(expected)


def test_enrollment_by_phase(store, records):
    by_phase: dict[str, list[int]] = {}
    for s in records.values():
        count = ps(s, "designModule").get("enrollmentInfo", {}).get("count")
        if count is not None:
            for p in phases(s) or ["-"]:
                by_phase.setdefault(p, []).append(count)
    rows = ask(store, "enrollment-by-phase")
    assert {r["phase"]: (int(r["trials"]), int(r["total"]), int(r["smallest"]), int(r["largest"])) for r in rows} == {
        p: (len(v), sum(v), min(v), max(v)) for p, v in by_phase.items()
    }
    for r in rows:
        counts = by_phase[r["phase"]]
        assert abs(Decimal(r["mean"]) - Decimal(sum(counts)) / len(counts)) <= Decimal("0.05")


def test_trials_with_results(store, records):
    expected = {
        n: sum(1 for ref in ps(s, "referencesModule").get("references", []) if ref.get("type") == "RESULT")
        for n, s in records.items()
        if s.get("hasResults")
    }
    rows = ask(store, "trials-with-results")
    assert {r["nct_id"]: int(r["result_publications"]) for r in rows} == expected


def test_trials_per_year(store, records):
    expected = Counter(
        ps(s, "statusModule")["startDateStruct"]["date"][:4]
        for s in for_condition(records, "cancer").values()
        if ps(s, "statusModule").get("startDateStruct", {}).get("date")
    )
    rows = ask(store, "trials-per-year", condition="cancer")
    assert {r["year"]: int(r["trials"]) for r in rows} == dict(expected)


def test_sponsor_collaborators(store, records):
    expected: Counter = Counter()
    for s in records.values():
        module = ps(s, "sponsorCollaboratorsModule")
        lead = org_key(module.get("leadSponsor", {}).get("name", ""))
        expected.update({(lead, org_key(c["name"])) for c in module.get("collaborators", [])} - {(lead, lead)})
    rows = ask(store, "sponsor-collaborators")
    assert {(org_key(r["sponsor"]), org_key(r["collaborator"])): int(r["trials"]) for r in rows} == dict(expected)


def test_allocation_masking(store, records):
    expected = Counter(
        (
            ps(s, "designModule").get("designInfo", {}).get("allocation", "-"),
            ps(s, "designModule").get("designInfo", {}).get("maskingInfo", {}).get("masking", "-"),
        )
        for s in records.values()
        if ps(s, "designModule").get("studyType") == "INTERVENTIONAL"
    )
    rows = ask(store, "allocation-masking")
    assert {(r["allocation"], r["masking"]): int(r["trials"]) for r in rows} == dict(expected)


def test_trial_card(store, records):
    most_sites = max(records, key=lambda n: len(ps(records[n], "contactsLocationsModule").get("locations", [])))
    for nct in ("NCT04342793", most_sites):
        s = records[nct]
        (row,) = ask(store, "trial-card", nct=nct)
        locations = ps(s, "contactsLocationsModule").get("locations", [])
        assert row["title"] == ps(s, "identificationModule")["briefTitle"]
        assert row["overall_status"] == status(s)
        assert set(row["conditions"].split(" | ")) == set(conditions(s))
        assert set((row["phases"] or "").split(" | ")) - {""} == set(phases(s))
        assert int(row["sites"]) == len(locations)
        assert int(row["countries"]) == len({loc["country"] for loc in locations if loc.get("country")})
        assert row["lead_sponsor"] is not None
        assert int(row["enrollment"]) == ps(s, "designModule")["enrollmentInfo"]["count"]
        outcomes = ps(s, "outcomesModule")
        assert int(row["outcomes"] or 0) == sum(len(outcomes.get(k, [])) for k in outcomes)
        assert row["url"] == f"https://clinicaltrials.gov/study/{nct}"
    assert ask(store, "trial-card", nct="NCT99999999") == []


def test_stale_records(store, records):
    today = "2024-01-15"
    cut = {10: today, 7: today[:7], 4: today[:4]}
    expected = {
        n
        for n, s in records.items()
        if status(s) in ("RECRUITING", "NOT_YET_RECRUITING", "ENROLLING_BY_INVITATION")
        and (d := ps(s, "statusModule").get("completionDateStruct", {}).get("date"))
        and d < cut[len(d)]
    }
    assert {r["nct_id"] for r in ask(store, "stale-records", today=today)} == expected and expected
    assert len(ask(store, "stale-records")) >= len(expected)  # default: today's date, later than 2024-01-15


def test_outcome_measures(store, records):
    kinds = {"primaryOutcomes": "PRIMARY", "secondaryOutcomes": "SECONDARY", "otherOutcomes": "OTHER"}
    expected = sorted(
        (n, kinds[k], o["measure"])
        for n, s in for_condition(records, "asthma").items()
        for k, items in ps(s, "outcomesModule").items()
        for o in items
        if o.get("measure")
    )
    rows = ask(store, "outcome-measures", condition="asthma")
    assert sorted((r["nct_id"], r["kind_code"], r["measure"]) for r in rows) == expected
    assert {r["kind_code"] for r in ask(store, "outcome-measures", condition="asthma", kind="primary")} == {"PRIMARY"}


def test_lookup_identifier(store, records):
    eudract = next(
        (n, i["id"])
        for n, s in records.items()
        for i in ps(s, "identificationModule").get("secondaryIdInfos", [])
        if i.get("type") == "EUDRACT_NUMBER"
    )
    for identifier in (eudract[1], "al101-nash"):
        expected = {
            n
            for n, s in records.items()
            for value in [
                ps(s, "identificationModule").get("orgStudyIdInfo", {}).get("id", ""),
                *(i["id"] for i in ps(s, "identificationModule").get("secondaryIdInfos", [])),
                *ps(s, "identificationModule").get("nctIdAliases", []),
            ]
            if value.lower() == identifier.lower()
        }
        assert {r["nct_id"] for r in ask(store, "lookup-identifier", identifier=identifier)} == expected
        assert expected


def test_trials_by_sponsor(store, records):
    expected = set()
    for n, s in records.items():
        module = ps(s, "sponsorCollaboratorsModule")
        if "novartis" in module.get("leadSponsor", {}).get("name", "").lower():
            expected.add((n, "lead"))
        expected.update((n, "collaborator") for c in module.get("collaborators", []) if "novartis" in c["name"].lower())
    assert {(r["nct_id"], r["role_name"]) for r in ask(store, "trials-by-sponsor", sponsor="Novartis")} == expected
    rows = ask(store, "trials-by-sponsor", sponsor="Novartis", role="collaborator")
    assert {(r["nct_id"], r["role_name"]) for r in rows} == {e for e in expected if e[1] == "collaborator"}


def test_conditions_ranked(store, records):
    expected = Counter(
        k for s in records.values() if "PHASE3" in phases(s) for k in {key(c) for c in conditions(s) if c.strip()}
    )
    rows = ask(store, "conditions-ranked", phase="PHASE3")
    assert {key(r["condition_name"]): int(r["trials"]) for r in rows} == dict(expected)


def test_interventions_ranked(store, records):
    expected = Counter(k for s in for_condition(records, "cancer").values() for k in intervention_keys(s))
    rows = ask(store, "interventions-ranked", condition="cancer")
    assert {key(r["intervention"]): int(r["trials"]) for r in rows} == dict(expected)


def test_stopped_trials(store, records):
    expected = {
        (n, status(s), ps(s, "statusModule").get("whyStopped"))
        for n, s in records.items()
        if status(s) in ("TERMINATED", "WITHDRAWN", "SUSPENDED")
    }
    assert {(r["nct_id"], r["overall_status"], r["why_stopped"]) for r in ask(store, "stopped-trials")} == expected


def test_status_counts(store, records):
    expected = Counter(status(s) for s in for_condition(records, "diabetes").values())
    rows = ask(store, "status-counts", condition="diabetes")
    assert {r["overall_status"]: int(r["trials"]) for r in rows} == dict(expected)


@pytest.mark.parametrize("kind", ["", "condition", "intervention"])
def test_trials_per_therapeutic_area(store, records, kind):
    expected = Counter(
        (k, branch["abbrev"], branch["name"])
        for s in records.values()
        for k in ("condition", "intervention")
        if kind in ("", k)
        for branch in {
            (b["abbrev"], b["name"]): b
            for b in s.get("derivedSection", {}).get(f"{k}BrowseModule", {}).get("browseBranches", [])
        }.values()
    )
    rows = ask(store, "trials-per-therapeutic-area", kind=kind)
    assert {(r["branch_kind"], r["abbrev"], r["area"]): int(r["trials"]) for r in rows} == dict(expected) and expected
    assert [int(r["trials"]) for r in rows] == sorted((int(r["trials"]) for r in rows), reverse=True)


from results_questions import *  # noqa: E402, F403  (the results questions, checked here too)
