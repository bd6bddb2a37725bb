"""The list-like parts of a legacy ``<clinical_study>``: sponsors, arms, interventions, sites...

Each reader looks only inside its own element (``location``, ``intervention``), never searches
the whole record, so every site keeps its own status and address and every outcome its own time
frame, and the cost stays linear in the record's size (one real record has over a thousand
sites). A missing optional element (a site with no address) leaves ``None``, never an error.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import PurePosixPath

from kg.model import (
    Arm,
    Condition,
    Design,
    Document,
    Eligibility,
    Intervention,
    Official,
    Organization,
    Outcome,
    Reference,
    ResponsibleParty,
    SecondaryId,
    Site,
    Study,
)
from kg.sources import api_codes
from kg.sources.ages import parse_age
from kg.sources.criteria import split_criteria
from kg.sources.ctgov_xml import codes as legacy
from kg.sources.ctgov_xml.textblocks import dedent_block, paragraphs

#: study_design_info element -> (Design field, code set).
_DESIGN_FIELDS = {
    "allocation": ("allocation", api_codes.ALLOCATIONS),
    "intervention_model": ("intervention_model", api_codes.INTERVENTION_MODELS),
    "primary_purpose": ("primary_purpose", api_codes.PRIMARY_PURPOSES),
    "observational_model": ("observational_model", api_codes.OBSERVATIONAL_MODELS),
    "time_perspective": ("time_perspective", api_codes.TIME_PERSPECTIVES),
}
_OLD_DESIGN_KEYS = {
    "allocation": "allocation",
    "intervention model": "intervention_model",
    "primary purpose": "primary_purpose",
    "masking": "masking",
    "observational model": "observational_model",
    "time perspective": "time_perspective",
}
_OLD_DESIGN = re.compile(r"(?:^|,\s*)([A-Z][A-Za-z ]+?):\s+")


def text(element: ET.Element, path: str) -> str | None:
    """Stripped text at ``path``; ``None`` when missing or blank."""
    found = element.findtext(path)
    return found.strip() if found is not None and found.strip() else None


def old_study_design(line: str | None) -> dict[str, str]:
    """The pre-2007 one-line ``study_design`` ("Allocation:  Randomized, Masking:  Double Blind (...)")."""
    if not line:
        return {}
    pieces = _OLD_DESIGN.split(line)
    pairs = zip(pieces[1::2], pieces[2::2], strict=False)
    return {_OLD_DESIGN_KEYS[key.lower()]: value.strip() for key, value in pairs if key.lower() in _OLD_DESIGN_KEYS}


def fill_design(design: Design, values: dict[str, str], warnings: list[str]) -> None:
    """Design codes; a multi-valued legacy entry ("Cohort, Natural History") keeps its first code."""
    for tag, (name, codes) in _DESIGN_FIELDS.items():
        value = values.get(tag)
        if not value:
            continue
        found = [code for part in value.split(",") if (code := legacy.code(part, codes))]
        setattr(design, name, found[0] if found else None)
        if not found or len(found) > 1:
            warnings.append(f"study_design_info/{tag}: {value!r} read as {found[0] if found else None}")
    if values.get("masking"):
        design.masking, design.who_masked = legacy.masking(values["masking"])
        if design.masking is None:
            warnings.append(f"study_design_info/masking: {values['masking']!r} not understood")


def read_secondary_ids(root: ET.Element) -> list[SecondaryId]:
    """Plain ``secondary_id`` texts: the legacy XML gives no type or issuer."""
    return [SecondaryId(id=item.text.strip()) for item in root.findall("id_info/secondary_id") if item.text]


def read_conditions(root: ET.Element) -> list[Condition]:
    return [Condition(name=item.text.strip()) for item in root.findall("condition") if item.text and item.text.strip()]


def _organization(element: ET.Element, warnings: list[str]) -> Organization:
    agency_class = text(element, "agency_class")
    coded = legacy.code(agency_class, api_codes.AGENCY_CLASSES)
    if agency_class and coded is None:
        warnings.append(f"agency_class {agency_class!r} is not a known class")
    return Organization(name=text(element, "agency") or "", agency_class=coded)


def read_sponsors(root: ET.Element, study: Study, warnings: list[str]) -> None:
    """Lead sponsor, every collaborator in order, responsible party and overall officials."""
    lead = root.find("sponsors/lead_sponsor")
    study.lead_sponsor = _organization(lead, warnings) if lead is not None else None
    study.collaborators = [_organization(item, warnings) for item in root.findall("sponsors/collaborator")]
    if study.organization is not None and study.lead_sponsor and study.organization.name == study.lead_sponsor.name:
        study.organization.agency_class = study.lead_sponsor.agency_class
    party = root.find("responsible_party")
    if party is not None:
        study.responsible_party = ResponsibleParty(
            type=legacy.code(text(party, "responsible_party_type"), api_codes.RESPONSIBLE_PARTY_TYPES),
            investigator_name=text(party, "investigator_full_name"),
            investigator_title=text(party, "investigator_title"),
            investigator_affiliation=text(party, "investigator_affiliation"),
            old_name_title=text(party, "name_title"),  # API v2: oldNameTitle, oldOrganization
            old_organization=text(party, "organization"),
        )
    study.officials = [
        Official(
            name=text(item, "last_name") or "",
            role=legacy.code(text(item, "role"), api_codes.OFFICIAL_ROLES),
            affiliation=text(item, "affiliation"),
        )
        for item in root.findall("overall_official")
    ]


def read_arms_interventions(root: ET.Element, study: Study, warnings: list[str]) -> None:
    """Arms and interventions; each arm's intervention names come from the interventions' arm labels."""
    study.arms = [
        Arm(
            label=text(item, "arm_group_label") or "",
            type=legacy.code(text(item, "arm_group_type"), api_codes.ARM_TYPES),
            description=paragraphs(item.findtext("description")),
        )
        for item in root.findall("arm_group")
    ]
    study.interventions = [
        Intervention(
            name=text(item, "intervention_name") or "",
            type=legacy.code(text(item, "intervention_type"), api_codes.INTERVENTION_TYPES),
            description=dedent_block(item.findtext("description")),
            other_names=[name.text.strip() for name in item.findall("other_name") if name.text],
            arm_labels=[label.text.strip() for label in item.findall("arm_group_label") if label.text],
        )
        for item in root.findall("intervention")
    ]
    arms = {arm.label: arm for arm in study.arms}
    for intervention in study.interventions:
        for label in intervention.arm_labels:
            if label in arms:
                arms[label].intervention_names.append(intervention.name)
            else:
                warnings.append(f"intervention {intervention.name!r} names arm {label!r}, which is not listed")


def read_outcomes(root: ET.Element) -> list[Outcome]:
    """Primary, secondary and other outcomes, each with its own measure, description and time frame."""
    outcomes = []
    for tag, kind in (("primary_outcome", "PRIMARY"), ("secondary_outcome", "SECONDARY"), ("other_outcome", "OTHER")):
        for item in root.findall(tag):
            outcomes.append(
                Outcome(
                    kind=kind,
                    measure=text(item, "measure") or "",
                    description=paragraphs(item.findtext("description")),
                    time_frame=text(item, "time_frame"),
                )
            )
    return outcomes


def read_eligibility(root: ET.Element, warnings: list[str]) -> Eligibility | None:
    """Criteria items (split by ``kg.sources.criteria``), ages, sex, healthy volunteers, population."""
    element = root.find("eligibility")
    if element is None:
        return None
    criteria_text = dedent_block(element.findtext("criteria/textblock"))
    eligibility = Eligibility(
        criteria_text=criteria_text,
        criteria=split_criteria(criteria_text),
        minimum_age=parse_age(text(element, "minimum_age")),
        maximum_age=parse_age(text(element, "maximum_age")),
        sex=legacy.code(text(element, "gender"), api_codes.SEXES),
        healthy_volunteers=legacy.yes_no(text(element, "healthy_volunteers")),
        study_population=paragraphs(element.findtext("study_pop/textblock")),
        sampling_method=legacy.code(text(element, "sampling_method"), api_codes.SAMPLING_METHODS),
    )
    for age in (eligibility.minimum_age, eligibility.maximum_age):
        if age is not None and age.years is None:
            warnings.append(f"eligibility age {age.text!r} not understood; text kept")
    return eligibility


def read_sites(root: ET.Element, warnings: list[str]) -> list[Site]:
    """Every ``location`` with its own facility, address and recruitment status."""
    sites = []
    for item in root.findall("location"):
        status = text(item, "status")
        sites.append(
            Site(
                facility=text(item, "facility/name"),
                city=text(item, "facility/address/city"),
                state=text(item, "facility/address/state"),
                zip=text(item, "facility/address/zip"),
                country=text(item, "facility/address/country"),
                status=legacy.code(status, api_codes.RECRUITMENT_STATUSES),
            )
        )
        if status and sites[-1].status is None:
            warnings.append(f"location status {status!r} is not a known status")
    return sites


def read_references(root: ET.Element) -> list[Reference]:
    """``reference`` (BACKGROUND) and ``results_reference`` (RESULT), each with its own citation and PMID."""
    return [
        Reference(citation=text(item, "citation"), pmid=text(item, "PMID"), type=kind)
        for tag, kind in (("reference", "BACKGROUND"), ("results_reference", "RESULT"))
        for item in root.findall(tag)
    ]


def read_documents(root: ET.Element) -> list[Document]:
    """``provided_document_section``: protocol, SAP and consent form files posted with the record."""
    documents = []
    for item in root.findall("provided_document_section/provided_document"):
        label = text(item, "document_type") or "Document"
        url = text(item, "document_url")
        documents.append(
            Document(
                label=label,
                type_abbrev=api_codes.DOCUMENT_ABBREVS.get(label),
                filename=PurePosixPath(url).name if url else None,
                date=legacy.date(text(item, "document_date")),
                has_protocol=legacy.yes_no(text(item, "document_has_protocol")),
                has_sap=legacy.yes_no(text(item, "document_has_sap")),
                has_icf=legacy.yes_no(text(item, "document_has_icf")),
            )
        )
    return documents
