"""The legacy XML's share of what ``kg.sources.ctgov_json`` reads into ``registry``, ``oversight``,
``ipd_sharing``, ``see_also_links`` and ``available_ipds``, plus the design and eligibility texts
the API v2 added fields for. Dates are translated to ISO, Yes/No to booleans, phrases to API codes.

The pending-results history (``pending_results``: ``submitted``, ``returned``,
``submission_canceled`` in order) becomes one results-submission round per ``submitted``.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from kg.model import AvailableIpd, IpdSharing, Oversight, PartialDate, ResultsSubmission, SeeAlsoLink, Study
from kg.sources import api_codes
from kg.sources.ctgov_xml import codes as legacy
from kg.sources.ctgov_xml.parts import text
from kg.sources.ctgov_xml.textblocks import paragraphs

__all__ = ["read_registry"]

_INFO_TYPES = {
    "Study Protocol": "STUDY_PROTOCOL",
    "Statistical Analysis Plan (SAP)": "SAP",
    "Informed Consent Form (ICF)": "ICF",
    "Clinical Study Report (CSR)": "CSR",
    "Analytic Code": "ANALYTIC_CODE",
}
_OVERSIGHT = {
    "has_dmc": "has_dmc",
    "is_fda_regulated_drug": "fda_regulated_drug",
    "is_fda_regulated_device": "fda_regulated_device",
    "is_unapproved_device": "unapproved_device",
    "is_ppsd": "ppsd",
    "is_us_export": "us_export",
}


def _date(root: ET.Element, *paths: str) -> str | None:
    for path in paths:
        value = legacy.date(text(root, path))
        if value:
            return value
    return None


def read_registry(root: ET.Element, study: Study, warnings: list[str]) -> None:
    """Registry dates and flags, oversight, data sharing, links, design and eligibility texts."""
    record = study.registry
    record.first_submitted_qc_date = _date(root, "study_first_submitted_qc")
    record.results_first_submitted_date = _date(root, "results_first_submitted", "firstreceived_results_date")
    record.results_first_submitted_qc_date = _date(root, "results_first_submitted_qc")
    record.disp_first_submitted_date = _date(
        root, "disposition_first_submitted", "firstreceived_results_disposition_date"
    )
    record.disp_first_submitted_qc_date = _date(root, "disposition_first_submitted_qc")
    posted = root.find("disposition_first_posted")
    if posted is not None and legacy.date(posted.text):
        record.disp_first_posted_date = PartialDate(
            value=legacy.date(posted.text) or "", type=legacy.date_type(posted.get("type"))
        )
    record.last_update_submitted_qc_date = _date(root, "last_update_submitted_qc")
    record.has_expanded_access = legacy.yes_no(text(root, "has_expanded_access"))
    record.removed_countries = [c.text.strip() for c in root.findall("removed_countries/country") if c.text]
    record.results_submissions = _pending_results(root, warnings)
    oversight = root.find("oversight_info")
    if oversight is not None:
        study.oversight = Oversight(**{name: legacy.yes_no(text(oversight, tag)) for tag, name in _OVERSIGHT.items()})
    _sharing(root, study, warnings)
    _design_texts(root, study, warnings)


def _pending_results(root: ET.Element, warnings: list[str]) -> list[ResultsSubmission]:
    rounds: list[ResultsSubmission] = []
    for item in root.findall("pending_results/*"):
        value = legacy.date(item.text)
        if item.tag == "submitted":
            rounds.append(ResultsSubmission(release_date=value))
        elif not rounds:
            warnings.append(f"pending_results/{item.tag} comes before any submitted date: ignored")
        elif item.tag == "returned":
            rounds[-1].reset_date = value
        elif item.tag == "submission_canceled":
            rounds[-1].unrelease_date = value
            rounds[-1].unrelease_date_unknown = True if value is None else None
    return rounds


def _sharing(root: ET.Element, study: Study, warnings: list[str]) -> None:
    data = root.find("patient_data")
    if data is not None:
        info_types = []
        for item in data.findall("ipd_info_type"):
            code = _INFO_TYPES.get((item.text or "").strip())
            if code is None:
                warnings.append(f"patient_data/ipd_info_type {item.text!r} is not a known type")
            else:
                info_types.append(code)
        study.ipd_sharing = IpdSharing(
            sharing=legacy.code(text(data, "sharing_ipd"), api_codes.IPD_SHARING),
            description=text(data, "ipd_description"),
            info_types=info_types,
            time_frame=text(data, "ipd_time_frame"),
            access_criteria=text(data, "ipd_access_criteria"),
            url=text(data, "ipd_url"),
        )
    for item in root.findall("link"):
        url = text(item, "url")
        if url is not None:
            study.see_also_links.append(SeeAlsoLink(url=url, label=text(item, "description")))
    for item in root.findall("study_docs/study_doc"):
        study.available_ipds.append(
            AvailableIpd(
                id=text(item, "doc_id"),
                type=text(item, "doc_type"),
                url=text(item, "doc_url"),
                comment=text(item, "doc_comment"),
            )
        )


def _design_texts(root: ET.Element, study: Study, warnings: list[str]) -> None:
    design = study.design
    design.intervention_model_description = text(root, "study_design_info/intervention_model_description")
    design.masking_description = text(root, "study_design_info/masking_description")
    retention = text(root, "biospec_retention")
    design.bio_spec_retention = legacy.code(retention, api_codes.BIO_SPEC_RETENTIONS)
    if retention and design.bio_spec_retention is None:
        warnings.append(f"biospec_retention {retention!r} is not a known value")
    design.bio_spec_description = paragraphs(root.findtext("biospec_descr/textblock"))
    design.target_duration = text(root, "target_duration")
    design.expanded_access_types = [
        kind.upper()
        for kind in ("individual", "intermediate", "treatment")
        if legacy.yes_no(text(root, f"expanded_access_info/expanded_access_type_{kind}"))
    ]
    eligibility = study.eligibility
    if eligibility is not None:
        eligibility.gender_based = legacy.yes_no(text(root, "eligibility/gender_based"))
        eligibility.gender_description = text(root, "eligibility/gender_description")
