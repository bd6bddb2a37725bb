"""A legacy ``<clinical_results>`` read into the same ``Results`` the API v2 reader makes.

The legacy file writes codes as their display text ("Mean", "Standard Deviation",
"Superiority or Other", "2-Sided"): each is translated to its API v2 code through the labels
of ``kg.codes`` (the registry's own display text), and kept as given when no label matches.
Group ids are the legacy ones (``P1``, ``B1``, ``O1``, ``E1``); the adverse-event groups'
totals come from the ``Total`` category (``Total, serious adverse events``...), not from
events. Each table is read from its own element only; a cell naming a group its table does
not define, or a count that is not a whole number, is a warning naming the table.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from kg.codes import SCHEMES
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

__all__ = ["read_results"]

_WHOLE = re.compile(r"\d+")
_BY_LABEL = {scheme: {label.lower(): code for code, label in codes.items()} for scheme, codes in SCHEMES.items()}
_TOTALS = {
    "total, all-cause mortality": ("deaths_affected", "deaths_at_risk"),
    "total, serious adverse events": ("serious_affected", "serious_at_risk"),
    "total, other adverse events": ("other_affected", "other_at_risk"),
}
_ANALYSIS_TEXT = {
    "groups_desc": "group_description",
    "non_inferiority_desc": "non_inferiority_comment",
    "p_value": "p_value",
    "p_value_desc": "p_value_comment",
    "method": "statistical_method",
    "method_desc": "statistical_comment",
    "param_type": "param_type",
    "param_value": "param_value",
    "dispersion_value": "dispersion_value",
    "ci_percent": "ci_pct",
    "ci_lower_limit": "ci_lower",
    "ci_upper_limit": "ci_upper",
    "estimate_desc": "estimate_comment",
    "other_analysis_desc": "other_description",
}


def _text(element: ET.Element | None, path: str) -> str | None:
    found = element.findtext(path) if element is not None else None
    return found.strip() if found is not None and found.strip() else None


def _code(value: str | None, scheme: str) -> str | None:
    """The API v2 code whose label is ``value``; the text as given when none is."""
    if value is None:
        return None
    return _BY_LABEL[scheme].get(value.lower(), value)


class _Table:
    """One table's group ids, and the warnings about cells that name other ids."""

    def __init__(self, name: str, element: ET.Element | None, warnings: list[str]) -> None:
        self.name, self.warnings = name, warnings
        self.groups = [
            ResultGroup(
                code=g.get("group_id", "").strip(), title=_text(g, "title"), description=_text(g, "description")
            )
            for g in (element.findall("group_list/group") if element is not None else [])
        ]
        self.codes = {g.code for g in self.groups}

    def group(self, element: ET.Element) -> str:
        code = (element.get("group_id") or "").strip()
        if code not in self.codes:
            self.warnings.append(f"clinical_results/{self.name}: group {code!r} is not a group of this table")
        return code

    def count(self, element: ET.Element, attribute: str) -> str | None:
        value = (element.get(attribute) or "").strip() or None
        if value is not None and not _WHOLE.fullmatch(value):
            self.warnings.append(f"clinical_results/{self.name}: {attribute} {value!r} is not a whole number")
        return value

    def denoms(self, element: ET.Element) -> list[Denominator]:
        return [
            Denominator(
                units=_text(a, "units"),
                counts=[
                    GroupCount(group=self.group(c), value=self.count(c, "value")) for c in a.findall("count_list/count")
                ],
            )
            for a in element.findall("analyzed_list/analyzed")
        ]


def read_results(root: ET.Element, warnings: list[str]) -> Results | None:
    """The record's results, or ``None`` when it has no ``<clinical_results>``."""
    section = root.find("clinical_results")
    if section is None:
        return None
    results = Results(more_info=_more_info(section))
    if section.find("participant_flow") is not None:
        results.flow = _flow(section.find("participant_flow"), warnings)
    if section.find("baseline") is not None:
        results.baseline = _baseline(section.find("baseline"), warnings)
    for n, outcome in enumerate(section.findall("outcome_list/outcome"), 1):
        results.outcomes.append(_outcome(outcome, f"outcome_list/outcome[{n}]", warnings))
    if section.find("reported_events") is not None:
        results.adverse_events = _adverse_events(section.find("reported_events"), warnings)
    return results


def _flow(element: ET.Element, warnings: list[str]) -> ParticipantFlow:
    table = _Table("participant_flow", element, warnings)
    flow = ParticipantFlow(
        recruitment_details=_text(element, "recruitment_details"),
        pre_assignment_details=_text(element, "pre_assignment_details"),
        groups=table.groups,
    )
    for p in element.findall("period_list/period"):
        period = FlowPeriod(title=_text(p, "title"))
        for m in p.findall("milestone_list/milestone"):
            counts = [_flow_count(table, c) for c in m.findall("participants_list/participants")]
            period.milestones.append(Milestone(title=_text(m, "title") or "", counts=counts))
        for d in p.findall("drop_withdraw_reason_list/drop_withdraw_reason"):
            counts = [_flow_count(table, c) for c in d.findall("participants_list/participants")]
            period.drop_reasons.append(DropReason(reason=_text(d, "title") or "", counts=counts))
        flow.periods.append(period)
    return flow


def _flow_count(table: _Table, element: ET.Element) -> GroupCount:
    comment = (element.text or "").strip() or None
    return GroupCount(group=table.group(element), value=table.count(element, "count"), comment=comment)


def _baseline(element: ET.Element, warnings: list[str]) -> Baseline:
    table = _Table("baseline", element, warnings)
    baseline = Baseline(population_description=_text(element, "population"), groups=table.groups)
    baseline.denoms = table.denoms(element)
    if not baseline.denoms:
        warnings.append("clinical_results/baseline has no denominators (number analysed per group)")
    for m in element.findall("measure_list/measure"):
        measure = _measure(m)
        measure.classes = _classes(m, table)
        baseline.measures.append(measure)
    return baseline


def _measure(element: ET.Element) -> Measure:
    return Measure(
        title=_text(element, "title") or "",
        description=_text(element, "description"),
        population_description=_text(element, "population"),
        param_type=_code(_text(element, "param"), "measure-param-type"),
        dispersion_type=_code(_text(element, "dispersion"), "measure-dispersion-type"),
        unit=_text(element, "units"),
        type_units_analyzed=_text(element, "units_analyzed"),
    )


def _classes(element: ET.Element, table: _Table) -> list[MeasureClass]:
    classes = []
    for c in element.findall("class_list/class"):
        cls = MeasureClass(title=_text(c, "title"), denoms=table.denoms(c))
        for cat in c.findall("category_list/category"):
            category = MeasureCategory(title=_text(cat, "title") or _text(cat, "sub_title"))
            for cell in cat.findall("measurement_list/measurement"):
                category.measurements.append(
                    Measurement(
                        group=table.group(cell),
                        value=(cell.get("value") or "").strip() or None,
                        spread=(cell.get("spread") or "").strip() or None,
                        lower_limit=(cell.get("lower_limit") or "").strip() or None,
                        upper_limit=(cell.get("upper_limit") or "").strip() or None,
                        comment=(cell.text or "").strip() or None,
                    )
                )
            cls.categories.append(category)
        classes.append(cls)
    return classes


def _outcome(element: ET.Element, where: str, warnings: list[str]) -> Measure:
    table = _Table(where, element, warnings)
    m = element.find("measure")
    measure = _measure(m) if m is not None else Measure(title="")
    measure.title = _text(element, "title") or measure.title
    measure.kind = _code(_text(element, "type"), "results-outcome-type")
    measure.description = _text(element, "description") or measure.description
    measure.time_frame = _text(element, "time_frame")
    measure.population_description = _text(element, "population") or measure.population_description
    measure.anticipated_posting_date = _text(element, "posting_date")
    measure.groups = table.groups
    if m is not None:
        measure.denoms = table.denoms(m)
        measure.classes = _classes(m, table)
        if measure.classes and not measure.denoms:
            warnings.append(f"clinical_results/{where} has measurements but no denominators")
    for a in element.findall("analysis_list/analysis"):
        measure.analyses.append(_analysis(a, table, where, warnings))
    return measure


def _analysis(element: ET.Element, table: _Table, where: str, warnings: list[str]) -> Analysis:
    analysis = Analysis(
        group_codes=[(g.text or "").strip() for g in element.findall("group_id_list/group_id")],
        non_inferiority_type=_code(_text(element, "non_inferiority_type"), "non-inferiority-type"),
        dispersion_type=_code(_text(element, "dispersion_type"), "analysis-dispersion-type"),
        ci_sides=_code(_text(element, "ci_n_sides"), "ci-sides"),
    )
    for tag, attr in _ANALYSIS_TEXT.items():
        setattr(analysis, attr, _text(element, tag))
    if not analysis.group_codes:
        warnings.append(f"clinical_results/{where}: an analysis names no groups")
    for code in analysis.group_codes:
        if code not in table.codes:
            warnings.append(f"clinical_results/{where}: analysis group {code!r} is not a group of this outcome")
    return analysis


def _adverse_events(element: ET.Element, warnings: list[str]) -> AdverseEvents:
    table = _Table("reported_events", element, warnings)
    ae = AdverseEvents(
        time_frame=_text(element, "time_frame"),
        description=_text(element, "desc"),
        frequency_threshold=_text(element, "other_events/frequency_threshold"),
        groups=[EventGroup(group=g) for g in table.groups],
    )
    by_code = {g.group.code: g for g in ae.groups}
    for kind, serious in (("serious_events", True), ("other_events", False)):
        events = element.find(kind)
        if events is None:
            continue
        vocab, assessment = _text(events, "default_vocab"), _text(events, "default_assessment")
        for category in events.findall("category_list/category"):
            organ = _text(category, "title")
            for e in category.findall("event_list/event"):
                term = _text(e, "sub_title") or ""
                if organ == "Total" and term.lower() in _TOTALS:
                    _totals(e, table, by_code, _TOTALS[term.lower()])
                    continue
                if not term:
                    warnings.append(
                        f"clinical_results/reported_events/{kind}: an event in {organ!r} has no term: ignored"
                    )
                    continue
                event = AdverseEvent(
                    serious=serious,
                    term=term,
                    organ_system=organ,
                    source_vocabulary=_vocabulary(e, vocab),
                    assessment_type=_code(_text(e, "assessment") or assessment, "ae-assessment-type"),
                    notes=_text(e, "description"),
                )
                event.stats = [
                    EventStat(
                        group=table.group(c),
                        events=table.count(c, "events"),
                        affected=table.count(c, "subjects_affected"),
                        at_risk=table.count(c, "subjects_at_risk"),
                    )
                    for c in e.findall("counts")
                ]
                ae.events.append(event)
    return ae


def _vocabulary(event: ET.Element, default: str | None) -> str | None:
    """The event's own vocabulary (``<sub_title vocab="MedDRA 10.0">``), else the table's default."""
    sub_title = event.find("sub_title")
    own = (sub_title.get("vocab") or "").strip() if sub_title is not None else ""
    return own or default


def _totals(event: ET.Element, table: _Table, by_code: dict[str, EventGroup], fields: tuple[str, str]) -> None:
    for c in event.findall("counts"):
        group = by_code.get(table.group(c))
        if group is not None:
            setattr(group, fields[0], table.count(c, "subjects_affected"))
            setattr(group, fields[1], table.count(c, "subjects_at_risk"))


def _more_info(section: ET.Element) -> MoreInfo:
    employee = _text(section, "certain_agreements/pi_employee")
    agreement = _text(section, "certain_agreements/restrictive_agreement")
    restrictive = None if agreement is None else not agreement.lower().startswith("there is not an agreement")
    return MoreInfo(
        limitations=_text(section, "limitations_and_caveats"),
        pi_sponsor_employee=None if employee is None else " are employed" in employee.lower(),
        restrictive_agreement=restrictive,
        agreement_details=agreement if restrictive else None,
        contact_title=_text(section, "point_of_contact/name_or_title"),
        contact_organization=_text(section, "point_of_contact/organization"),
        contact_email=_text(section, "point_of_contact/email"),
        contact_phone=_text(section, "point_of_contact/phone"),
    )
