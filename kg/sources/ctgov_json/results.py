"""An API v2 ``resultsSection`` read into ``Results``: the four tables and more information.

Each table keeps its own groups under its own codes (``FG000``, ``BG000``, ``OG000``,
``EG000``): the same code may name different arms in different tables, so nothing here
joins tables; the mapping reconciles groups by title and description. Numbers stay as the
registry wrote them (text), so "NA" or "<0.001" is never lost or turned into a number.
What a table gets wrong (a cell naming a group the table does not have, a count that is
not a whole number, a measure with no denominators, an analysis of no groups) becomes a
warning naming the table; the rest of the record is read.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from kg.model import (
    AdverseEvent,
    AdverseEvents,
    Analysis,
    Baseline,
    Denominator,
    DropReason,
    EventGroup,
    EventStat,
    FlowPeriod,
    GroupCount,
    Measure,
    MeasureCategory,
    MeasureClass,
    Measurement,
    Milestone,
    MoreInfo,
    ParticipantFlow,
    ResultGroup,
    Results,
)
from kg.sources.ctgov_json.fields import Fields

__all__ = ["read_results"]

_RS = "resultsSection"
_WHOLE = re.compile(r"\d+")
_ANALYSIS_TEXT = {
    "group_description": "groupDescription",
    "non_inferiority_type": "nonInferiorityType",
    "non_inferiority_comment": "nonInferiorityComment",
    "p_value": "pValue",
    "p_value_comment": "pValueComment",
    "statistical_method": "statisticalMethod",
    "statistical_comment": "statisticalComment",
    "param_type": "paramType",
    "param_value": "paramValue",
    "dispersion_type": "dispersionType",
    "dispersion_value": "dispersionValue",
    "ci_pct": "ciPctValue",
    "ci_sides": "ciNumSides",
    "ci_lower": "ciLowerLimit",
    "ci_upper": "ciUpperLimit",
    "estimate_comment": "estimateComment",
    "other_description": "otherAnalysisDescription",
}


def read_results(data: Mapping[str, Any], f: Fields) -> Results | None:
    """The record's results, or ``None`` when it has no ``resultsSection``."""
    section = f.obj(data, _RS, "study")
    if not section:
        return None
    results = Results(more_info=_more_info(f.obj(section, "moreInfoModule", _RS), f))
    if "participantFlowModule" in section:
        results.flow = _flow(f.obj(section, "participantFlowModule", _RS), f)
    if "baselineCharacteristicsModule" in section:
        results.baseline = _baseline(f.obj(section, "baselineCharacteristicsModule", _RS), f)
    where = f"{_RS}.outcomeMeasuresModule"
    for path, item, title in f.named(f.obj(section, "outcomeMeasuresModule", _RS), "outcomeMeasures", "title", where):
        results.outcomes.append(_outcome(item, title, path, f))
    if "adverseEventsModule" in section:
        results.adverse_events = _adverse_events(f.obj(section, "adverseEventsModule", _RS), f)
    return results


def _groups(module: Mapping[str, Any], where: str, f: Fields) -> list[ResultGroup]:
    groups = []
    for path, item, code in f.named(module, "groups", "id", where):
        groups.append(
            ResultGroup(code=code, title=f.text(item, "title", path), description=f.text(item, "description", path))
        )
    return groups


def _number(parent: Mapping[str, Any], key: str, where: str, f: Fields, *, whole: bool = False) -> str | None:
    """A number field as the registry wrote it; a count that is not a whole number is warned about."""
    value = f.text(parent, key, where)
    if whole and value is not None and not _WHOLE.fullmatch(value):
        f.warn(f"{where}.{key} is {value!r}, not a whole number: kept as text")
    return value


def _counts(
    parent: Mapping[str, Any], key: str, value_key: str, where: str, codes: set[str], f: Fields
) -> list[GroupCount]:
    counts = []
    for path, item, group in f.named(parent, key, "groupId", where):
        if group not in codes:
            f.warn(f"{path}: group {group!r} is not a group of this table")
        value = _number(item, value_key, path, f, whole=True)
        counts.append(GroupCount(group=group, value=value, comment=f.text(item, "comment", path)))
    return counts


def _denoms(parent: Mapping[str, Any], where: str, codes: set[str], f: Fields) -> list[Denominator]:
    return [
        Denominator(units=f.text(item, "units", path), counts=_counts(item, "counts", "value", path, codes, f))
        for path, item in f.items(parent, "denoms", where)
    ]


def _flow(module: Mapping[str, Any], f: Fields) -> ParticipantFlow:
    where = f"{_RS}.participantFlowModule"
    flow = ParticipantFlow(
        recruitment_details=f.text(module, "recruitmentDetails", where),
        pre_assignment_details=f.text(module, "preAssignmentDetails", where),
        groups=_groups(module, where, f),
    )
    codes = {g.code for g in flow.groups}
    for path, item in f.items(module, "periods", where):
        period = FlowPeriod(title=f.text(item, "title", path))
        for mpath, m, title in f.named(item, "milestones", "type", path):
            counts = _counts(m, "achievements", "numSubjects", mpath, codes, f)
            period.milestones.append(Milestone(title=title, comment=f.text(m, "comment", mpath), counts=counts))
        for dpath, d, reason in f.named(item, "dropWithdraws", "type", path):
            period.drop_reasons.append(
                DropReason(reason=reason, counts=_counts(d, "reasons", "numSubjects", dpath, codes, f))
            )
        flow.periods.append(period)
    return flow


def _baseline(module: Mapping[str, Any], f: Fields) -> Baseline:
    where = f"{_RS}.baselineCharacteristicsModule"
    baseline = Baseline(population_description=f.text(module, "populationDescription", where))
    baseline.groups = _groups(module, where, f)
    codes = {g.code for g in baseline.groups}
    baseline.denoms = _denoms(module, where, codes, f)
    if not baseline.denoms:
        f.warn(f"{where} has no denominators (number analysed per group)")
    for path, item, title in f.named(module, "measures", "title", where):
        measure = _measure(item, title, path, f)
        measure.classes = _classes(item, path, codes, f)
        baseline.measures.append(measure)
    return baseline


def _measure(item: Mapping[str, Any], title: str, path: str, f: Fields) -> Measure:
    """The fields a baseline measure and an outcome measure share."""
    return Measure(
        title=title,
        description=f.text(item, "description", path),
        population_description=f.text(item, "populationDescription", path),
        param_type=f.text(item, "paramType", path),
        dispersion_type=f.text(item, "dispersionType", path),
        unit=f.text(item, "unitOfMeasure", path),
        calculate_pct=f.flag(item, "calculatePct", path),
        denom_units_selected=f.text(item, "denomUnitsSelected", path),
    )


def _classes(item: Mapping[str, Any], where: str, codes: set[str], f: Fields) -> list[MeasureClass]:
    classes = []
    for path, c in f.items(item, "classes", where):
        cls = MeasureClass(title=f.text(c, "title", path), denoms=_denoms(c, path, codes, f))
        for cpath, cat in f.items(c, "categories", path):
            category = MeasureCategory(title=f.text(cat, "title", cpath))
            for mpath, m, group in f.named(cat, "measurements", "groupId", cpath):
                if group not in codes:
                    f.warn(f"{mpath}: group {group!r} is not a group of this table")
                category.measurements.append(
                    Measurement(
                        group=group,
                        value=f.text(m, "value", mpath),
                        spread=f.text(m, "spread", mpath),
                        lower_limit=f.text(m, "lowerLimit", mpath),
                        upper_limit=f.text(m, "upperLimit", mpath),
                        comment=f.text(m, "comment", mpath),
                    )
                )
            cls.categories.append(category)
        classes.append(cls)
    return classes


def _outcome(item: Mapping[str, Any], title: str, path: str, f: Fields) -> Measure:
    measure = _measure(item, title, path, f)
    measure.kind = f.text(item, "type", path)
    measure.time_frame = f.text(item, "timeFrame", path)
    measure.reporting_status = f.text(item, "reportingStatus", path)
    measure.anticipated_posting_date = f.text(item, "anticipatedPostingDate", path)
    measure.type_units_analyzed = f.text(item, "typeUnitsAnalyzed", path)
    measure.groups = _groups(item, path, f)
    codes = {g.code for g in measure.groups}
    measure.denoms = _denoms(item, path, codes, f)
    measure.classes = _classes(item, path, codes, f)
    if measure.classes and not measure.denoms:
        f.warn(f"{path} has measurements but no denominators (number analysed per group)")
    for apath, a in f.items(item, "analyses", path):
        measure.analyses.append(_analysis(a, apath, codes, f))
    return measure


def _analysis(item: Mapping[str, Any], path: str, codes: set[str], f: Fields) -> Analysis:
    analysis = Analysis(
        group_codes=f.texts(item, "groupIds", path), tested_non_inferiority=f.flag(item, "testedNonInferiority", path)
    )
    for attr, key in _ANALYSIS_TEXT.items():
        setattr(analysis, attr, f.text(item, key, path))
    if not analysis.group_codes:
        f.warn(f"{path} names no groups")
    for group in analysis.group_codes:
        if group not in codes:
            f.warn(f"{path}: group {group!r} is not a group of this outcome measure")
    return analysis


def _adverse_events(module: Mapping[str, Any], f: Fields) -> AdverseEvents:
    where = f"{_RS}.adverseEventsModule"
    ae = AdverseEvents(
        time_frame=f.text(module, "timeFrame", where),
        description=f.text(module, "description", where),
        frequency_threshold=f.text(module, "frequencyThreshold", where),
    )
    for path, item, code in f.named(module, "eventGroups", "id", where):
        group = ResultGroup(code=code, title=f.text(item, "title", path), description=f.text(item, "description", path))
        numbers = {attr: _number(item, key, path, f, whole=True) for attr, key in _EVENT_GROUP_FIELDS.items()}
        ae.groups.append(EventGroup(group=group, **numbers))
    codes = {g.group.code for g in ae.groups}
    for key, serious in (("seriousEvents", True), ("otherEvents", False)):
        for path, item, term in f.named(module, key, "term", where):
            event = AdverseEvent(
                serious=serious,
                term=term,
                organ_system=f.text(item, "organSystem", path),
                source_vocabulary=f.text(item, "sourceVocabulary", path),
                assessment_type=f.text(item, "assessmentType", path),
                notes=f.text(item, "notes", path),
            )
            event.stats = _event_stats(item, path, codes, f)
            ae.events.append(event)
    return ae


_EVENT_GROUP_FIELDS = {
    "deaths_affected": "deathsNumAffected",
    "deaths_at_risk": "deathsNumAtRisk",
    "serious_affected": "seriousNumAffected",
    "serious_at_risk": "seriousNumAtRisk",
    "other_affected": "otherNumAffected",
    "other_at_risk": "otherNumAtRisk",
}


def _event_stats(item: Mapping[str, Any], where: str, codes: set[str], f: Fields) -> list[EventStat]:
    stats = []
    for path, s, group in f.named(item, "stats", "groupId", where):
        if group not in codes:
            f.warn(f"{path}: group {group!r} is not an event group of this table")
        stats.append(
            EventStat(
                group=group,
                events=_number(s, "numEvents", path, f, whole=True),
                affected=_number(s, "numAffected", path, f, whole=True),
                at_risk=_number(s, "numAtRisk", path, f, whole=True),
            )
        )
    return stats


def _more_info(module: Mapping[str, Any], f: Fields) -> MoreInfo | None:
    if not module:
        return None
    where = f"{_RS}.moreInfoModule"
    agreement = f.obj(module, "certainAgreement", where)
    contact = f.obj(module, "pointOfContact", where)
    awhere, cwhere = f"{where}.certainAgreement", f"{where}.pointOfContact"
    return MoreInfo(
        limitations=f.text(
            f.obj(module, "limitationsAndCaveats", where), "description", f"{where}.limitationsAndCaveats"
        ),
        pi_sponsor_employee=f.flag(agreement, "piSponsorEmployee", awhere),
        restrictive_agreement=f.flag(agreement, "restrictiveAgreement", awhere),
        restriction_type=f.text(agreement, "restrictionType", awhere),
        agreement_details=f.text(agreement, "otherDetails", awhere),
        contact_title=f.text(contact, "title", cwhere),
        contact_organization=f.text(contact, "organization", cwhere),
        contact_email=f.text(contact, "email", cwhere),
        contact_phone=f.text(contact, "phone", cwhere),
        contact_phone_ext=f.text(contact, "phoneExt", cwhere),
    )
