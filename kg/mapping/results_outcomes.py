"""Outcome measures of the results section and their statistical analyses.

``<base>outcome-result/<NCT>-3`` is the third results outcome measure; it links to the
protocol outcome it reports (``tg:reportsOutcome``) when one has the same type, title and
time frame, or failing that the only one with the same type and title, or the only one
with the same title. A post-hoc measure, or one no protocol outcome matches, stays unlinked.
Each analysis is ``<base>analysis/<NCT>-o3-1`` with the groups it compares, the p-value (the
comparator kept apart), the method, the estimate and its confidence interval.
"""

from __future__ import annotations

from pyoxigraph import Literal, NamedNode

from kg.iris import name_key
from kg.mapping.emit import Emitter
from kg.mapping.results_groups import ResultGroups, link_group
from kg.mapping.results_measures import map_denominators, map_measure_fields, map_measure_table
from kg.mapping.results_values import emit_decimal, emit_limit
from kg.model import Analysis, Study
from kg.vocab import TG

__all__ = ["map_outcome_results"]

_PROTOCOL_KIND = {"PRIMARY": "PRIMARY", "SECONDARY": "SECONDARY", "OTHER_PRE_SPECIFIED": "OTHER"}
_LETTER = {"PRIMARY": "p", "SECONDARY": "s", "OTHER": "o"}
_P_VALUE = (TG.pValue, TG.pValueComparator, TG.pValueText)
_CI_LOWER = (TG.ciLowerLimit, TG.ciLowerLimitComparator, TG.ciLowerLimitText)
_CI_UPPER = (TG.ciUpperLimit, TG.ciUpperLimitComparator, TG.ciUpperLimitText)
_ANALYSIS_TEXT = (
    ("group_description", TG.groupDescription),
    ("non_inferiority_comment", TG.nonInferiorityComment),
    ("p_value_comment", TG.pValueComment),
    ("statistical_method", TG.statisticalMethod),
    ("statistical_comment", TG.statisticalComment),
    ("param_type", TG.estimateParameter),
    ("estimate_comment", TG.estimateComment),
    ("other_description", TG.otherAnalysisDescription),
)


def _protocol_index(em: Emitter, study: Study) -> dict[tuple[str, ...], list[NamedNode]]:
    """Protocol outcome nodes by (type, title, time frame), (type, title) and (title,)."""
    index: dict[tuple[str, ...], list[NamedNode]] = {}
    counters: dict[str, int] = {}
    for outcome in study.outcomes:
        kind = (outcome.kind or "OTHER").upper()
        letter = _LETTER.get(kind, "x")
        n = counters[letter] = counters.get(letter, 0) + 1
        node = em.node("outcome", f"{letter}{n}")
        title = name_key(outcome.measure)
        for key in ((kind, title, name_key(outcome.time_frame or "")), (kind, title), (title,)):
            index.setdefault(key, []).append(node)
    return index


def _protocol_outcome(index: dict[tuple[str, ...], list[NamedNode]], kind: str | None, title: str, frame: str | None):
    protocol_kind = _PROTOCOL_KIND.get(kind or "")
    if protocol_kind is None:
        return None
    title = name_key(title)
    for key in ((protocol_kind, title, name_key(frame or "")), (protocol_kind, title), (title,)):
        nodes = index.get(key, [])
        if len(nodes) == 1:
            return nodes[0]
    return None


def map_outcome_results(em: Emitter, study: Study, groups: ResultGroups) -> None:
    """Every results outcome measure, its table and its analyses."""
    assert study.results is not None
    index = _protocol_index(em, study)
    for n, measure in enumerate(study.results.outcomes, 1):
        node = em.node("outcome-result", str(n))
        em.part(node, TG.OutcomeResult, measure.title)
        em.add(em.trial, TG.hasOutcomeResult, node)
        em.add(node, TG.resultsPosition, Literal(n))
        em.code(node, TG.resultsOutcomeType, "results-outcome-type", measure.kind)
        em.text(node, TG.resultsTimeFrame, measure.time_frame)
        em.code(node, TG.reportingStatus, "reporting-status", measure.reporting_status)
        em.text(node, TG.anticipatedPostingDate, measure.anticipated_posting_date)
        em.text(node, TG.typeUnitsAnalyzed, measure.type_units_analyzed)
        protocol = _protocol_outcome(index, measure.kind, measure.title, measure.time_frame)
        if protocol is not None:
            em.add(node, TG.reportsOutcome, protocol)
        map_measure_fields(em, node, measure)
        table = groups.table(measure.groups)
        for group in dict.fromkeys(table.values()):
            em.add(node, TG.resultGroup, group)
        map_denominators(em, node, f"o{n}", measure.denoms, table)
        map_measure_table(em, node, f"o{n}", measure, table, groups)
        for a, analysis in enumerate(measure.analyses, 1):
            _analysis(em, node, f"o{n}-{a}", measure.title, analysis, table)


def _analysis(
    em: Emitter, outcome: NamedNode, suffix: str, title: str, analysis: Analysis, table: dict[str, NamedNode]
) -> None:
    node = em.node("analysis", suffix)
    em.part(node, TG.StatisticalAnalysis, f"Analysis {suffix.rsplit('-', 1)[1]} of {title}")
    em.add(outcome, TG.hasAnalysis, node)
    for code in analysis.group_codes:
        link_group(em, node, table.get(code), code, TG.comparesGroup)
    for attr, prop in _ANALYSIS_TEXT:
        em.text(node, prop, getattr(analysis, attr))
    em.code(node, TG.nonInferiorityType, "non-inferiority-type", analysis.non_inferiority_type)
    if analysis.tested_non_inferiority is not None:
        em.add(node, TG.testedNonInferiority, Literal(analysis.tested_non_inferiority))
    emit_limit(em, node, _P_VALUE, analysis.p_value)
    emit_decimal(em, node, TG.estimateValue, TG.estimateValueText, analysis.param_value)
    em.code(node, TG.estimateDispersionType, "analysis-dispersion-type", analysis.dispersion_type)
    emit_decimal(em, node, TG.estimateDispersion, TG.estimateDispersionText, analysis.dispersion_value)
    emit_decimal(em, node, TG.ciPercent, TG.ciPercentText, analysis.ci_pct)
    em.code(node, TG.ciSides, "ci-sides", analysis.ci_sides)
    emit_limit(em, node, _CI_LOWER, analysis.ci_lower)
    emit_limit(em, node, _CI_UPPER, analysis.ci_upper)
