"""The same protocol facts as ``test_graph_protocol``, read from the legacy XML: every real XML
record is read and mapped, and its contacts, IPD plan, links, shared documents, registry dates
and oversight flags in the quads are compared with a walk of the XML done here."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections import Counter, defaultdict
from datetime import datetime
from pathlib import Path

import pytest

from kg.mapping import map_study
from kg.model import Origin
from kg.sources.ctgov_xml import reader
from kg.sources.reader import RawRecord

TG = "https://w3id.org/trialgraph/ontology#"
VOCAB = "https://w3id.org/trialgraph/vocab/"


def _value(term: object) -> str:
    return term.value.rsplit("/", 1)[1] if term.value.startswith(VOCAB) else term.value


class Graph:
    """The mapped quads of one record, as subject -> property -> values."""

    def __init__(self, quads: list) -> None:
        self.facts: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
        for q in quads:
            self.facts[q.subject.value][q.predicate.value.removeprefix(TG)].append(_value(q.object))

    def one(self, subject: str, prop: str) -> str | None:
        values = self.facts[subject].get(prop, [])
        assert len(values) <= 1, (subject, prop, values)
        return values[0] if values else None

    def objects(self, subject: str, prop: str) -> list[str]:
        return self.facts[subject].get(prop, [])


def _text(element: ET.Element | None, path: str) -> str | None:
    found = element.findtext(path) if element is not None else None
    return found.strip() if found and found.strip() else None


def _iso(text: str | None) -> str | None:
    if text is None:
        return None
    for pattern, shape in (("%B %d, %Y", "%Y-%m-%d"), ("%B %Y", "%Y-%m")):
        try:
            return datetime.strptime(text, pattern).strftime(shape)
        except ValueError:
            pass
    return text


def _yes_no(text: str | None) -> str | None:
    return {"Yes": "true", "No": "false"}.get(text or "")


def _person(element: ET.Element, role: str) -> tuple:
    return (
        _text(element, "last_name"),
        role,
        _text(element, "phone"),
        _text(element, "phone_ext"),
        _text(element, "email"),
    )


_CONTACT = ("contactName", "contactRole", "phone", "phoneExtension", "email")


def _contacts(g: Graph, owner: str) -> Counter:
    return Counter(tuple(g.one(c, p) for p in _CONTACT) for c in g.objects(owner, "hasContact"))


@pytest.fixture(scope="module")
def mapped(legacy_xml_dir: Path) -> list[tuple[ET.Element, Graph, str]]:
    records = []
    for path in sorted(legacy_xml_dir.glob("*.xml")):
        payload = path.read_bytes()
        study = reader.parse(
            RawRecord(origin=Origin(path=str(path), position="file", format="ctgov-xml"), payload=payload)
        ).study
        g = Graph(map_study(study))
        records.append((ET.fromstring(payload), g, f"https://w3id.org/trialgraph/trial/{study.nct_id}"))
    return records


def test_contacts_of_the_trial_and_of_each_site(mapped: list) -> None:
    checked = 0
    for root, g, trial in mapped:
        central = [root.find("overall_contact"), root.find("overall_contact_backup")]
        assert _contacts(g, trial) == Counter(_person(c, "CONTACT") for c in central if c is not None), trial
        for n, location in enumerate(root.findall("location"), 1):
            expected = Counter(
                _person(c, "CONTACT") for tag in ("contact", "contact_backup") for c in location.findall(tag)
            )
            for inv in location.findall("investigator"):
                expected[_person(inv, _text(inv, "role").upper().replace("-", "_").replace(" ", "_"))] += 1
            site = trial.replace("/trial/", "/site/") + f"-{n}"
            assert _contacts(g, site) == expected, site
            checked += sum(expected.values())
    assert checked > 2_000


def test_ipd_plan_links_and_shared_documents(mapped: list) -> None:
    plans = links = 0
    for root, g, trial in mapped:
        data = root.find("patient_data")
        (plan,) = g.objects(trial, "hasIpdSharingStatement") or [None]
        if data is None:
            assert plan is None, trial
        else:
            plans += 1
            got = tuple(
                g.one(plan, p) for p in ("ipdSharing", "ipdDescription", "ipdTimeFrame", "ipdAccessCriteria", "ipdUrl")
            )
            expected = tuple(
                _text(data, tag)
                for tag in ("sharing_ipd", "ipd_description", "ipd_time_frame", "ipd_access_criteria", "ipd_url")
            )
            assert got == ((expected[0] or "").upper() or None, *expected[1:]), trial
            assert len(g.objects(plan, "ipdInfoType")) == len(data.findall("ipd_info_type")), trial
        got_links = Counter((g.one(n, "linkUrl"), g.one(n, "linkLabel")) for n in g.objects(trial, "hasSeeAlsoLink"))
        expected_links = Counter(
            (_text(item, "url"), _text(item, "description")) for item in root.findall("link") if _text(item, "url")
        )
        assert got_links == expected_links, trial
        links += sum(expected_links.values())
        docs = ("availableIpdId", "availableIpdType", "availableIpdUrl", "availableIpdComment")
        got_docs = Counter(tuple(g.one(n, p) for p in docs) for n in g.objects(trial, "hasAvailableIpd"))
        expected_docs = Counter(
            tuple(_text(d, t) for t in ("doc_id", "doc_type", "doc_url", "doc_comment"))
            for d in root.findall("study_docs/study_doc")
        )
        assert got_docs == expected_docs, trial
    assert plans > 100 and links > 200


#: the trial's property -> the XML elements that give it (the 2007-era name second)
_DATES = {
    "firstSubmittedQcDate": ("study_first_submitted_qc",),
    "resultsFirstSubmittedDate": ("results_first_submitted", "firstreceived_results_date"),
    "resultsFirstSubmittedQcDate": ("results_first_submitted_qc",),
    "dispositionFirstSubmittedDate": ("disposition_first_submitted", "firstreceived_results_disposition_date"),
    "dispositionFirstSubmittedQcDate": ("disposition_first_submitted_qc",),
    "dispositionFirstPostedDate": ("disposition_first_posted",),
    "lastUpdateSubmittedQcDate": ("last_update_submitted_qc",),
}
_FLAGS = {
    "has_dmc": "hasDataMonitoringCommittee",
    "is_fda_regulated_drug": "fdaRegulatedDrug",
    "is_fda_regulated_device": "fdaRegulatedDevice",
    "is_unapproved_device": "unapprovedDevice",
    "is_ppsd": "pediatricPostmarketSurveillance",
    "is_us_export": "usExport",
}


def test_registry_dates_oversight_and_pending_results(mapped: list) -> None:
    checked = 0
    for root, g, trial in mapped:
        for prop, tags in _DATES.items():
            given = next((_text(root, tag) for tag in tags if _text(root, tag)), None)
            assert g.one(trial, prop) == _iso(given), (trial, prop)
            checked += given is not None
        for tag, prop in _FLAGS.items():
            assert g.one(trial, prop) == _yes_no(_text(root, f"oversight_info/{tag}")), (trial, tag)
        submitted = [_iso(e.text.strip()) for e in root.findall("pending_results/submitted")]
        rounds = sorted(g.one(n, "releaseDate") for n in g.objects(trial, "hasResultsSubmission"))
        assert rounds == sorted(submitted), trial
        removed = [c.text.strip() for c in root.findall("removed_countries/country")]
        assert Counter(g.objects(trial, "removedCountry")) == Counter(removed), trial
    assert checked > 3_000
