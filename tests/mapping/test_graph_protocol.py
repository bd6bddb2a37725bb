"""Item-by-item checks of the protocol's remaining values in the graph against the source JSON,
over every real record: contacts (each site's own), the browse index, the IPD plan, links,
the registry's dates and flags, and the texts that qualify design, eligibility and arms.

Expectations come from walking the JSON here, never from the reader or the mapping.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from decimal import Decimal
from pathlib import Path

import pytest

from kg.store import TrialStore

TG = "https://w3id.org/trialgraph/ontology#"
VOCAB = "https://w3id.org/trialgraph/vocab/"
PREFIXES = f"PREFIX tg: <{TG}> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>"


@pytest.fixture(scope="module")
def store(v2_build: Path) -> TrialStore:
    return TrialStore(v2_build / "store", read_only=True)


def _value(term: object) -> str | None:
    """A literal's text; a SKOS concept's code; another node's IRI."""
    if term is None:
        return None
    return term.value.rsplit("/", 1)[1] if term.value.startswith(VOCAB) else term.value


def _rows(store: TrialStore, pattern: str, columns: list[str]) -> dict[str, Counter]:
    """NCT id -> multiset of value tuples matched by ``pattern`` inside the trial's graph."""
    query = f"""{PREFIXES} SELECT ?nct {" ".join("?" + c for c in columns)} WHERE {{
          GRAPH ?g {{ ?trial tg:nctId ?nct . {pattern} }} }}"""
    found: dict[str, Counter] = defaultdict(Counter)
    for row in store.query(query):
        found[row["nct"].value][tuple(_value(row[c]) for c in columns)] += 1
    return found


def _text(value: object) -> str | None:
    return value.strip() if isinstance(value, str) and value.strip() else None


def _contact(c: dict) -> tuple:
    return tuple(_text(c.get(k)) for k in ("name", "role", "phone", "phoneExt", "email"))


def _optional(*names: str) -> str:
    return " ".join(f"OPTIONAL {{ ?item tg:{name} ?{name} }}" for name in names)


_CONTACT = ["contactName", "contactRole", "phone", "phoneExtension", "email"]


def test_each_site_keeps_its_own_contacts(store: TrialStore, v2_studies: dict[str, dict]) -> None:
    found = _rows(
        store, "?trial tg:hasSite ?site . ?site tg:hasContact ?item . " + _optional(*_CONTACT), ["site", *_CONTACT]
    )
    checked = 0
    for nct, study in v2_studies.items():
        module = study["protocolSection"].get("contactsLocationsModule", {})
        if "locations_nested" in module:
            continue  # its de-duplication is checked by test_graph_counts
        expected: Counter = Counter()
        for n, site in enumerate((s for s in module.get("locations", []) if s), 1):
            for contact in site.get("contacts", []):
                row = _contact(contact)
                if row[0] or row[2] or row[4]:
                    expected[(f"{nct}-{n}", *row)] += 1
        got = Counter({(site.rsplit("/", 1)[1], *rest): k for (site, *rest), k in found.get(nct, Counter()).items()})
        assert got == expected, nct
        checked += sum(expected.values())
    assert checked > 15_000


def test_central_contacts_are_on_the_trial(store: TrialStore, v2_studies: dict[str, dict]) -> None:
    found = _rows(store, "?trial tg:hasContact ?item . " + _optional(*_CONTACT), _CONTACT)
    checked = 0
    for nct, study in v2_studies.items():
        contacts = study["protocolSection"].get("contactsLocationsModule", {}).get("centralContacts", [])
        expected = Counter(_contact(c) for c in contacts)
        assert found.get(nct, Counter()) == expected, nct
        checked += len(contacts)
    assert checked > 1_500


def test_browse_leaves_keep_relevance_and_as_found(store: TrialStore, v2_studies: dict[str, dict]) -> None:
    columns = ["kind", "browseLeafId", "name", "asFound", "meshRelevance"]
    found = _rows(
        store,
        "{ ?trial tg:conditionBrowseLeaf ?item BIND('c' AS ?kind) } UNION"
        " { ?trial tg:interventionBrowseLeaf ?item BIND('i' AS ?kind) }"
        " ?item tg:browseLeafId ?browseLeafId ; rdfs:label ?name ; tg:meshRelevance ?meshRelevance"
        " OPTIONAL { ?item tg:asFound ?asFound }",
        columns,
    )
    checked = 0
    for nct, study in v2_studies.items():
        derived = study.get("derivedSection", {})
        expected = Counter(
            (kind, leaf["id"], leaf["name"], _text(leaf.get("asFound")), leaf["relevance"])
            for kind, key in (("c", "conditionBrowseModule"), ("i", "interventionBrowseModule"))
            for leaf in derived.get(key, {}).get("browseLeaves", [])
        )
        assert found.get(nct, Counter()) == expected, nct
        checked += sum(expected.values())
    assert checked > 20_000


def test_a_leaf_points_at_the_mesh_term_it_names(store: TrialStore, v2_studies: dict[str, dict]) -> None:
    found = _rows(
        store, "?trial tg:conditionBrowseLeaf ?item . ?item rdfs:label ?name ; tg:meshTerm ?mesh", ["name", "mesh"]
    )
    linked = 0
    for nct, study in v2_studies.items():
        module = study.get("derivedSection", {}).get("conditionBrowseModule", {})
        ids = {t["term"]: t["id"] for key in ("meshes", "ancestors") for t in module.get(key, [])}
        expected = Counter(
            (leaf["name"], f"http://id.nlm.nih.gov/mesh/{ids[leaf['name']]}")
            for leaf in module.get("browseLeaves", [])
            if leaf["name"] in ids
        )
        assert found.get(nct, Counter()) == expected, nct
        linked += sum(expected.values())
    assert linked > 10_000


def test_browse_branches_are_shared_therapeutic_areas(store: TrialStore, v2_studies: dict[str, dict]) -> None:
    found = _rows(
        store,
        "{ ?trial tg:conditionBrowseBranch ?b BIND('condition' AS ?kind) } UNION"
        " { ?trial tg:interventionBrowseBranch ?b BIND('intervention' AS ?kind) }"
        " GRAPH ?shared { ?b tg:branchAbbrev ?abbrev ; rdfs:label ?name }",
        ["kind", "abbrev", "name"],
    )
    checked = 0
    for nct, study in v2_studies.items():
        derived = study.get("derivedSection", {})
        expected = Counter(
            {
                (kind, b["abbrev"], b["name"]): 1
                for kind in ("condition", "intervention")
                for b in derived.get(f"{kind}BrowseModule", {}).get("browseBranches", [])
            }
        )
        assert found.get(nct, Counter()) == expected, nct
        checked += len(expected)
    assert checked > 8_000


def test_ipd_sharing_statement(store: TrialStore, v2_studies: dict[str, dict]) -> None:
    names = ["ipdSharing", "ipdDescription", "ipdTimeFrame", "ipdAccessCriteria", "ipdUrl"]
    found = _rows(store, "?trial tg:hasIpdSharingStatement ?item . " + _optional(*names), names)
    types = _rows(store, "?trial tg:hasIpdSharingStatement/tg:ipdInfoType ?type", ["type"])
    checked = 0
    for nct, study in v2_studies.items():
        module = study["protocolSection"].get("ipdSharingStatementModule")
        keys = ("ipdSharing", "description", "timeFrame", "accessCriteria", "url")
        expected = Counter([tuple(_text(module.get(k)) for k in keys)]) if module else Counter()
        assert found.get(nct, Counter()) == expected, nct
        assert types.get(nct, Counter()) == Counter((t,) for t in (module or {}).get("infoTypes", [])), nct
        checked += bool(module)
    assert checked > 1_700


def test_see_also_links_and_available_ipds(store: TrialStore, v2_studies: dict[str, dict]) -> None:
    links = _rows(
        store, "?trial tg:hasSeeAlsoLink ?item . ?item tg:linkUrl ?url " + _optional("linkLabel"), ["url", "linkLabel"]
    )
    names = ["availableIpdId", "availableIpdType", "availableIpdUrl", "availableIpdComment"]
    ipds = _rows(store, "?trial tg:hasAvailableIpd ?item . " + _optional(*names), names)
    for nct, study in v2_studies.items():
        module = study["protocolSection"].get("referencesModule", {})
        assert links.get(nct, Counter()) == Counter(
            (_text(link["url"]), _text(link.get("label"))) for link in module.get("seeAlsoLinks", [])
        ), nct
        assert ipds.get(nct, Counter()) == Counter(
            tuple(_text(i.get(k)) for k in ("id", "type", "url", "comment")) for i in module.get("availIpds", [])
        ), nct


#: API v2 field (statusModule, oversightModule) -> the trial's property
_TRIAL_FACTS = {
    ("statusModule", "studyFirstSubmitQcDate"): "firstSubmittedQcDate",
    ("statusModule", "resultsFirstSubmitDate"): "resultsFirstSubmittedDate",
    ("statusModule", "resultsFirstSubmitQcDate"): "resultsFirstSubmittedQcDate",
    ("statusModule", "dispFirstSubmitDate"): "dispositionFirstSubmittedDate",
    ("statusModule", "dispFirstSubmitQcDate"): "dispositionFirstSubmittedQcDate",
    ("oversightModule", "oversightHasDmc"): "hasDataMonitoringCommittee",
    ("oversightModule", "isFdaRegulatedDrug"): "fdaRegulatedDrug",
    ("oversightModule", "isFdaRegulatedDevice"): "fdaRegulatedDevice",
    ("oversightModule", "isUnapprovedDevice"): "unapprovedDevice",
    ("oversightModule", "isPpsd"): "pediatricPostmarketSurveillance",
    ("oversightModule", "isUsExport"): "usExport",
    ("oversightModule", "fdaaa801Violation"): "fdaaa801Violation",
    ("designModule", "patientRegistry"): "patientRegistry",
    ("designModule", "targetDuration"): "targetDuration",
}


def _json_value(value: object) -> str:
    return ("true" if value else "false") if isinstance(value, bool) else str(value)


def test_registry_dates_and_fda_flags(store: TrialStore, v2_studies: dict[str, dict]) -> None:
    properties = " ".join(f"tg:{p}" for p in _TRIAL_FACTS.values())
    found = _rows(store, f"VALUES ?p {{ {properties} }} ?trial ?p ?o", ["p", "o"])
    checked = 0
    for nct, study in v2_studies.items():
        protocol = study["protocolSection"]
        expected = Counter()
        for (module, key), prop in _TRIAL_FACTS.items():
            value = protocol.get(module, {}).get(key)
            if value is not None:
                expected[(TG + prop, _json_value(value))] += 1
        assert found.get(nct, Counter()) == expected, nct
        checked += sum(expected.values())
    assert checked > 10_000
    posted = _rows(store, "?trial tg:dispositionFirstPostedDate ?d ; tg:dispositionFirstPostedDateType ?t", ["d", "t"])
    for nct, study in v2_studies.items():
        struct = study["protocolSection"]["statusModule"].get("dispFirstPostDateStruct")
        assert posted.get(nct, Counter()) == (Counter([(struct["date"], struct["type"])]) if struct else Counter()), nct


def test_version_holder_is_in_the_trial_graph_provenance(store: TrialStore, v2_studies: dict[str, dict]) -> None:
    query = f"""{PREFIXES} SELECT ?nct ?version ?contacts WHERE {{ GRAPH ?g {{
        ?g tg:describesTrial ?trial ; tg:contactsIncluded ?contacts . ?trial tg:nctId ?nct
        OPTIONAL {{ ?g tg:registryVersion ?version }} }} }}"""
    found = {row["nct"].value: (_value(row["version"]), row["contacts"].value) for row in store.query(query)}
    for nct, study in v2_studies.items():
        version = study.get("derivedSection", {}).get("miscInfoModule", {}).get("versionHolder")
        assert found[nct] == (version, "true"), nct


def test_misc_info_and_results_submissions(store: TrialStore, v2_studies: dict[str, dict]) -> None:
    removed = _rows(store, "?trial tg:removedCountry ?c", ["c"])
    bmi = _rows(store, "?trial tg:predictedMinimumBmi ?lo ; tg:predictedMaximumBmi ?hi", ["lo", "hi"])
    names = ["releaseDate", "resetDate", "unreleaseDate", "unreleaseDateUnknown", "qcReviewNumber"]
    rounds = _rows(store, "?trial tg:hasResultsSubmission ?item . " + _optional(*names), names)
    unposted = _rows(store, "?trial tg:unpostedResponsibleParty ?party", ["party"])
    for nct, study in v2_studies.items():
        misc = study.get("derivedSection", {}).get("miscInfoModule", {})
        assert removed.get(nct, Counter()) == Counter((c,) for c in misc.get("removedCountries", [])), nct
        limits = misc.get("modelPredictions", {}).get("bmiLimits")
        got = {(Decimal(lo), Decimal(hi)) for lo, hi in bmi.get(nct, {})}
        assert got == ({(Decimal(str(limits["minBmi"])), Decimal(str(limits["maxBmi"])))} if limits else set()), nct
        infos = misc.get("submissionTracking", {}).get("submissionInfos", [])
        keys = ("releaseDate", "resetDate", "unreleaseDate", "unreleaseDateUnknown", "mcpReleaseN")
        expected = Counter(tuple(None if i.get(k) is None else _json_value(i[k]) for k in keys) for i in infos)
        assert rounds.get(nct, Counter()) == expected, nct
        annotation = study.get("annotationSection", {}).get("annotationModule", {}).get("unpostedAnnotation", {})
        party = annotation.get("unpostedResponsibleParty")
        assert unposted.get(nct, Counter()) == (Counter([(party,)]) if party else Counter()), nct


def test_design_eligibility_party_and_arm_texts(store: TrialStore, v2_studies: dict[str, dict]) -> None:
    trial = ["interventionModelDescription", "maskingDescription", "bioSpecRetention", "bioSpecDescription"]
    found = _rows(store, "BIND(?trial AS ?item) " + _optional(*trial), trial)
    party = _rows(
        store,
        "?trial tg:hasResponsibleParty ?item . " + _optional("oldNameTitle", "oldOrganization"),
        ["oldNameTitle", "oldOrganization"],
    )
    gender = _rows(
        store,
        "?trial tg:hasEligibility ?item . " + _optional("genderBased", "genderDescription"),
        ["genderBased", "genderDescription"],
    )
    arm_names = _rows(
        store, "?trial tg:hasArm ?arm . ?arm rdfs:label ?label ; tg:armInterventionName ?name", ["label", "name"]
    )
    for nct, study in v2_studies.items():
        protocol = study["protocolSection"]
        design = protocol.get("designModule", {})
        info = design.get("designInfo", {})
        bio = design.get("bioSpec", {})
        expected = (
            _text(info.get("interventionModelDescription")),
            _text(info.get("maskingInfo", {}).get("maskingDescription")),
            _text(bio.get("retention")),
            _text(bio.get("description")),
        )
        assert found[nct] == Counter([expected]), nct
        rp = protocol.get("sponsorCollaboratorsModule", {}).get("responsibleParty")
        if rp:
            assert party[nct] == Counter([(_text(rp.get("oldNameTitle")), _text(rp.get("oldOrganization")))]), nct
        el = protocol.get("eligibilityModule")
        if el:
            based = el.get("genderBased")
            expected_gender = (None if based is None else _json_value(based), _text(el.get("genderDescription")))
            assert gender[nct] == Counter([expected_gender]), nct
        arms = protocol.get("armsInterventionsModule", {}).get("armGroups", [])
        expected_names = Counter(
            (a["label"], n) for a in arms if a.get("label") for n in a.get("interventionNames", [])
        )
        assert arm_names.get(nct, Counter()) == expected_names, nct
