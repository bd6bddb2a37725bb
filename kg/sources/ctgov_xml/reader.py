"""Reader for ClinicalTrials.gov's legacy per-study ``<clinical_study>`` XML.

This is the AllPublicXML / ``?displayxml=true`` format the registry served before API v2. Each
file holds one study; it is parsed whole with ElementTree (records are tens of kilobytes, and
per-record cost stays linear: every list is read by one pass over its own elements). Values are
translated into the model's API v2 codes and ISO dates by ``codes``; the list-like parts
(arms, interventions, sites, outcomes...) are read in ``parts``.

Not carried into the model: ``condition_browse`` / ``intervention_browse`` MeSH terms, because
the XML gives the descriptor's name but not its id (``D000690``) and the model, like the graph,
identifies MeSH terms by id (and so no browse leaves or branches either).

>>> from kg.model import Origin
>>> xml = b"<clinical_study><id_info><nct_id>NCT01234567</nct_id></id_info>" \\
...       b"<overall_status>Unknown status</overall_status><phase>Phase 1/Phase 2</phase></clinical_study>"
>>> sniff(xml)
True
>>> study = parse(RawRecord(origin=Origin(path="x.xml", position="file", format=FORMAT), payload=xml)).study
>>> study.overall_status, study.design.phases
('UNKNOWN', ['PHASE1', 'PHASE2'])
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from typing import BinaryIO

from kg.model import Design, Organization, Origin, PartialDate, Problem, Study
from kg.sources import api_codes
from kg.sources.ctgov_xml import codes as legacy
from kg.sources.ctgov_xml import contacts, parts, registry
from kg.sources.ctgov_xml.parts import text
from kg.sources.ctgov_xml.results import read_results
from kg.sources.ctgov_xml.textblocks import paragraphs
from kg.sources.numbers import whole_number
from kg.sources.reader import Parsed, RawRecord, RecordError
from kg.sources.text import replace_unholdable

FORMAT = "ctgov-xml"

_ROOT = re.compile(rb"^\s*(?:<\?xml[^>]*\?>\s*)?(?:<!--.*?-->\s*|<!DOCTYPE[^>]*>\s*)*<clinical_study[\s>]", re.DOTALL)
_NCT = re.compile(r"^NCT\d{8}$")


def sniff(head: bytes) -> bool:
    """``<clinical_study`` is the first element (after any XML declaration, comments, BOM)."""
    return bool(_ROOT.match(head.removeprefix(b"\xef\xbb\xbf")))


def split(stream: BinaryIO, *, path: str, prefix: str = "") -> Iterator[RawRecord | Problem]:
    """One study per file: the whole file is the record; well-formedness is checked in ``parse``."""
    origin = Origin(path=path, position=prefix.rstrip(" :") or "file", format=FORMAT)
    yield RawRecord(origin=origin, payload=stream.read())


def parse(record: RawRecord) -> Parsed:
    """The study in one ``<clinical_study>`` document; ``RecordError`` for malformed XML or no NCT id."""
    try:
        root = ET.fromstring(record.payload)
    except ET.ParseError as err:
        line, column = err.position
        raise RecordError(f"malformed XML at line {line}, column {column}: {err.msg}") from None
    if root.tag != "clinical_study":
        raise RecordError(f"root element is <{root.tag}>, not <clinical_study>")
    nct_id = text(root, "id_info/nct_id")
    if nct_id is None or not _NCT.match(nct_id):
        raise RecordError(f"no valid id_info/nct_id (found {nct_id!r})")
    warnings: list[str] = []
    study = Study(nct_id=nct_id)
    _identification(root, study)
    _status(root, study, warnings)
    study.design = _design(root, warnings)
    _description(root, study)
    parts.read_sponsors(root, study, warnings)
    parts.read_arms_interventions(root, study, warnings)
    study.outcomes = parts.read_outcomes(root)
    study.eligibility = parts.read_eligibility(root, warnings)
    study.sites = parts.read_sites(root, warnings)
    study.references = parts.read_references(root)
    study.documents = parts.read_documents(root)
    study.has_results = root.find("clinical_results") is not None
    study.results = read_results(root, warnings)
    warnings += replace_unholdable(study)  # kg/sources/text.py: the one rule for control characters
    study.central_contacts = contacts.read_central_contacts(root)
    contacts.add_site_contacts(root, study.sites)
    registry.read_registry(root, study, warnings)
    return Parsed(study=study, warnings=warnings)


def _identification(root: ET.Element, study: Study) -> None:
    study.brief_title = text(root, "brief_title")
    study.official_title = text(root, "official_title")
    study.acronym = text(root, "acronym")
    study.org_study_id = text(root, "id_info/org_study_id")
    study.nct_id_aliases = [alias.text.strip() for alias in root.findall("id_info/nct_alias") if alias.text]
    study.secondary_ids = parts.read_secondary_ids(root)
    study.keywords = [word.text.strip() for word in root.findall("keyword") if word.text and word.text.strip()]
    source = text(root, "source")
    if source is not None:
        study.organization = Organization(name=source)


def _status(root: ET.Element, study: Study, warnings: list[str]) -> None:
    study.overall_status = _coded(root, "overall_status", api_codes.OVERALL_STATUS, warnings)
    study.last_known_status = _coded(root, "last_known_status", api_codes.OVERALL_STATUS, warnings)
    study.why_stopped = text(root, "why_stopped")
    study.status_verified_date = legacy.date(text(root, "verification_date"))
    study.start_date = _partial(root, "start_date")
    study.primary_completion_date = _partial(root, "primary_completion_date")
    study.completion_date = _partial(root, "completion_date")
    study.first_submitted_date = legacy.date(text(root, "study_first_submitted") or text(root, "firstreceived_date"))
    study.first_posted_date = _partial(root, "study_first_posted")
    study.results_first_posted_date = _partial(root, "results_first_posted")
    study.last_update_posted_date = _partial(root, "last_update_posted")
    study.last_update_submitted_date = legacy.date(
        text(root, "last_update_submitted") or text(root, "lastchanged_date")
    )


def _coded(root: ET.Element, path: str, codes: frozenset[str], warnings: list[str]) -> str | None:
    value = text(root, path)
    translated = legacy.code(value, codes)
    if value is not None and translated is None:
        warnings.append(f"{path}: {value!r} is not a known value; left empty")
    return translated


def _partial(root: ET.Element, path: str) -> PartialDate | None:
    element = root.find(path)
    if element is None or element.text is None:
        return None
    value = legacy.date(element.text)
    return PartialDate(value=value, type=legacy.date_type(element.get("type"))) if value else None


def _description(root: ET.Element, study: Study) -> None:
    study.brief_summary = paragraphs(root.findtext("brief_summary/textblock"))
    study.detailed_description = paragraphs(root.findtext("detailed_description/textblock"))
    study.conditions = parts.read_conditions(root)


def _design(root: ET.Element, warnings: list[str]) -> Design:
    """Study type, phases, enrollment and ``study_design_info`` (or the older one-line ``study_design``)."""
    design = Design(
        study_type=_coded(root, "study_type", api_codes.STUDY_TYPES, warnings),
        phases=legacy.phases(text(root, "phase")),
    )
    enrollment = root.find("enrollment")
    if enrollment is not None and enrollment.text and enrollment.text.strip():
        design.enrollment = whole_number(enrollment.text)
        if design.enrollment is None or design.enrollment < 0:
            warnings.append(f"enrollment {enrollment.text.strip()!r} is not a whole number the store can hold: ignored")
            design.enrollment = None
        else:
            design.enrollment_type = legacy.date_type(enrollment.get("type"))
    values = {child.tag: (child.text or "").strip() for child in root.findall("study_design_info/*")}
    values.update(parts.old_study_design(text(root, "study_design")))
    parts.fill_design(design, values, warnings)
    return design
