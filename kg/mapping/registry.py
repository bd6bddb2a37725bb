"""The registry's bookkeeping on the trial: quality-control, results and certificate-of-delay
dates, FDA oversight flags, expanded access, removed countries, model predictions and the
history of results submissions (``<base>results-submission/<NCT>-<n>``). The FDAAA
compliance questions read these."""

from __future__ import annotations

from pyoxigraph import Literal, NamedNode

from kg.mapping.emit import Emitter, decimal_literal
from kg.model import PartialDate, Study
from kg.vocab import TG

__all__ = ["map_registry"]


def _flag(em: Emitter, node: NamedNode, p: NamedNode, value: bool | None) -> None:
    if value is not None:
        em.add(node, p, Literal(value))


def _partial(em: Emitter, p: NamedNode, p_type: NamedNode, value: PartialDate | None) -> None:
    if value is not None and value.value:
        em.date(em.trial, p, value.value)
        em.code(em.trial, p_type, "date-type", value.type)


def map_registry(em: Emitter, study: Study) -> None:
    """Dates and flags on the trial node; one node per results submission round."""
    t, r = em.trial, study.registry
    em.date(t, TG.firstSubmittedQcDate, r.first_submitted_qc_date)
    em.date(t, TG.resultsFirstSubmittedDate, r.results_first_submitted_date)
    em.date(t, TG.resultsFirstSubmittedQcDate, r.results_first_submitted_qc_date)
    em.date(t, TG.dispositionFirstSubmittedDate, r.disp_first_submitted_date)
    em.date(t, TG.dispositionFirstSubmittedQcDate, r.disp_first_submitted_qc_date)
    _partial(em, TG.dispositionFirstPostedDate, TG.dispositionFirstPostedDateType, r.disp_first_posted_date)
    em.date(t, TG.lastUpdateSubmittedQcDate, r.last_update_submitted_qc_date)
    _flag(em, t, TG.hasExpandedAccess, r.has_expanded_access)
    em.code(t, TG.expandedAccessStatus, "overall-status", r.expanded_access_status)
    for country in r.removed_countries:
        em.text(t, TG.removedCountry, country)
    for p, value in ((TG.predictedMinimumBmi, r.min_bmi), (TG.predictedMaximumBmi, r.max_bmi)):
        if value is not None:
            em.add(t, p, decimal_literal(value))
    em.date(t, TG.estimatedResultsFirstSubmittedDate, r.estimated_results_first_submitted_date)
    _partial(em, TG.firstQcCommentsPostedDate, TG.firstQcCommentsPostedDateType, r.first_mcp_posted_date)
    for n, item in enumerate(r.results_submissions, 1):
        node = em.node("results-submission", str(n))
        em.part(node, TG.ResultsSubmission, f"Results submission {n} of {em.nct}")
        em.add(t, TG.hasResultsSubmission, node)
        em.date(node, TG.releaseDate, item.release_date)
        em.date(node, TG.resetDate, item.reset_date)
        em.date(node, TG.unreleaseDate, item.unrelease_date)
        _flag(em, node, TG.unreleaseDateUnknown, item.unrelease_date_unknown)
        if item.mcp_release_n is not None:
            em.add(node, TG.qcReviewNumber, Literal(item.mcp_release_n))
    em.text(t, TG.unpostedResponsibleParty, r.unposted_responsible_party)
    _oversight(em, study)


def _oversight(em: Emitter, study: Study) -> None:
    o = study.oversight
    if o is None:
        return
    for p, value in (
        (TG.hasDataMonitoringCommittee, o.has_dmc),
        (TG.fdaRegulatedDrug, o.fda_regulated_drug),
        (TG.fdaRegulatedDevice, o.fda_regulated_device),
        (TG.unapprovedDevice, o.unapproved_device),
        (TG.pediatricPostmarketSurveillance, o.ppsd),
        (TG.usExport, o.us_export),
        (TG.fdaaa801Violation, o.fdaaa801_violation),
    ):
        _flag(em, em.trial, p, value)
