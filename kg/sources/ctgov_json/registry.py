"""The registry's bookkeeping in an API v2 study: quality-control, results and
certificate-of-delay dates (``statusModule``), FDA oversight flags (``oversightModule``),
and ``derivedSection.miscInfoModule`` (data version, removed countries, model predictions,
the history of results submissions), and who submitted results not yet posted (``annotationSection``)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from kg.model import Oversight, RegistryRecord, ResultsSubmission, Study
from kg.sources.ctgov_json.fields import Fields

__all__ = ["read_registry"]

_PS = "protocolSection"
_OVERSIGHT = {
    "oversightHasDmc": "has_dmc",
    "isFdaRegulatedDrug": "fda_regulated_drug",
    "isFdaRegulatedDevice": "fda_regulated_device",
    "isUnapprovedDevice": "unapproved_device",
    "isPpsd": "ppsd",
    "isUsExport": "us_export",
    "fdaaa801Violation": "fdaaa801_violation",
}


def read_registry(study: Study, data: Mapping[str, Any], f: Fields) -> None:
    """Fill ``registry`` and ``oversight``."""
    protocol = f.obj(data, _PS, "study")
    record = study.registry
    _status(record, f.obj(protocol, "statusModule", _PS), f)
    where = f"{_PS}.oversightModule"
    module = f.obj(protocol, "oversightModule", _PS)
    if module:
        study.oversight = Oversight(**{name: f.flag(module, key, where) for key, name in _OVERSIGHT.items()})
    _misc(record, f.obj(f.obj(data, "derivedSection", "study"), "miscInfoModule", "derivedSection"), f)
    # annotationSection repeats submissionInfos as unpostedEvents; only the responsible party is new
    annotation = f.obj(f.obj(data, "annotationSection", "study"), "annotationModule", "annotationSection")
    unposted = f.obj(annotation, "unpostedAnnotation", "annotationSection.annotationModule")
    where = "annotationSection.annotationModule.unpostedAnnotation"
    record.unposted_responsible_party = f.text(unposted, "unpostedResponsibleParty", where)


def _status(record: RegistryRecord, status: Mapping[str, Any], f: Fields) -> None:
    where = f"{_PS}.statusModule"
    record.first_submitted_qc_date = f.text(status, "studyFirstSubmitQcDate", where)
    record.results_first_submitted_date = f.text(status, "resultsFirstSubmitDate", where)
    record.results_first_submitted_qc_date = f.text(status, "resultsFirstSubmitQcDate", where)
    record.disp_first_submitted_date = f.text(status, "dispFirstSubmitDate", where)
    record.disp_first_submitted_qc_date = f.text(status, "dispFirstSubmitQcDate", where)
    record.disp_first_posted_date = f.date(status, "dispFirstPostDateStruct", where)
    expanded = f.obj(status, "expandedAccessInfo", where)
    record.has_expanded_access = f.flag(expanded, "hasExpandedAccess", f"{where}.expandedAccessInfo")
    record.expanded_access_status = f.code(
        expanded, "statusForNctId", f"{where}.expandedAccessInfo", codes="overallStatus"
    )


def _misc(record: RegistryRecord, misc: Mapping[str, Any], f: Fields) -> None:
    where = "derivedSection.miscInfoModule"
    record.version_holder = f.text(misc, "versionHolder", where)
    record.removed_countries = f.texts(misc, "removedCountries", where)
    bmi = f.obj(f.obj(misc, "modelPredictions", where), "bmiLimits", f"{where}.modelPredictions")
    record.min_bmi = _number(bmi, "minBmi", f"{where}.modelPredictions.bmiLimits", f)
    record.max_bmi = _number(bmi, "maxBmi", f"{where}.modelPredictions.bmiLimits", f)
    tracking = f.obj(misc, "submissionTracking", where)
    where = f"{where}.submissionTracking"
    record.estimated_results_first_submitted_date = f.text(tracking, "estimatedResultsFirstSubmitDate", where)
    record.first_mcp_posted_date = f.date(
        f.obj(tracking, "firstMcpInfo", where), "postDateStruct", f"{where}.firstMcpInfo"
    )
    for path, item in f.items(tracking, "submissionInfos", where):
        record.results_submissions.append(
            ResultsSubmission(
                release_date=f.text(item, "releaseDate", path),
                reset_date=f.text(item, "resetDate", path),
                unrelease_date=f.text(item, "unreleaseDate", path),
                unrelease_date_unknown=f.flag(item, "unreleaseDateUnknown", path),
                mcp_release_n=f.count(item, "mcpReleaseN", path),
            )
        )


def _number(parent: Mapping[str, Any], key: str, where: str, f: Fields) -> float | None:
    value = parent.get(key)
    if value is None:
        return None
    if isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    f.warn(f"{where}.{key} is {value!r}, not a number: ignored")
    return None
