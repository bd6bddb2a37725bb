"""The trial node itself: identity, titles, descriptions, status, dates, related trials."""

from __future__ import annotations

from pyoxigraph import Literal, NamedNode

from kg.iris import safe_nct
from kg.mapping.emit import Emitter
from kg.model import PartialDate, Study
from kg.vocab import OWL, RDF, RDFS, SCHEMA, TG

# study-type code -> (tg subclass, schema.org class)
_TYPES: dict[str, tuple[NamedNode, NamedNode]] = {
    "INTERVENTIONAL": (TG.InterventionalTrial, SCHEMA.MedicalTrial),
    "OBSERVATIONAL": (TG.ObservationalStudy, SCHEMA.MedicalObservationalStudy),
    "EXPANDED_ACCESS": (TG.ExpandedAccessProgram, SCHEMA.MedicalStudy),
}


def map_identity(em: Emitter, study: Study) -> None:
    """Types, NCT id, same-as links, titles and descriptions."""
    t = em.trial
    em.add(t, RDF.type, TG.ClinicalTrial)
    sub, schema_cls = _TYPES.get(study.design.study_type or "", (None, SCHEMA.MedicalStudy))
    if sub is not None:
        em.add(t, RDF.type, sub)
    em.add(t, RDF.type, schema_cls)
    em.add(t, RDFS.label, Literal(study.brief_title or study.official_title or study.nct_id))
    em.add(t, TG.nctId, Literal(study.nct_id))
    em.add(t, OWL.sameAs, NamedNode(f"https://clinicaltrials.gov/study/{em.nct}"))
    em.add(t, OWL.sameAs, NamedNode(f"https://identifiers.org/clinicaltrials:{em.nct}"))
    for alias in study.nct_id_aliases:
        em.text(t, TG.nctIdAlias, alias)
    em.text(t, TG.orgStudyId, study.org_study_id)
    em.text(t, TG.briefTitle, study.brief_title)
    em.text(t, TG.officialTitle, study.official_title)
    em.text(t, TG.acronym, study.acronym)
    em.text(t, TG.briefSummary, study.brief_summary)
    em.text(t, TG.detailedDescription, study.detailed_description)
    for keyword in study.keywords:
        em.text(t, TG.keyword, keyword)
    if study.has_results is not None:
        em.add(t, TG.hasResults, Literal(study.has_results))


def _partial(em: Emitter, p: NamedNode, p_type: NamedNode, value: PartialDate | None) -> None:
    if value is not None and value.value:
        em.date(em.trial, p, value.value)
        em.code(em.trial, p_type, "date-type", value.type)


def map_status(em: Emitter, study: Study) -> None:
    """Overall and last known status, why stopped, and every record date."""
    t = em.trial
    em.code(t, TG.overallStatus, "overall-status", study.overall_status)
    em.code(t, TG.lastKnownStatus, "overall-status", study.last_known_status)
    em.text(t, TG.whyStopped, study.why_stopped)
    em.date(t, TG.statusVerifiedDate, study.status_verified_date)
    _partial(em, TG.startDate, TG.startDateType, study.start_date)
    _partial(em, TG.primaryCompletionDate, TG.primaryCompletionDateType, study.primary_completion_date)
    _partial(em, TG.completionDate, TG.completionDateType, study.completion_date)
    em.date(t, TG.firstSubmittedDate, study.first_submitted_date)
    _partial(em, TG.firstPostedDate, TG.firstPostedDateType, study.first_posted_date)
    _partial(em, TG.resultsFirstPostedDate, TG.resultsFirstPostedDateType, study.results_first_posted_date)
    _partial(em, TG.lastUpdatePostedDate, TG.lastUpdatePostedDateType, study.last_update_posted_date)
    em.date(t, TG.lastUpdateSubmittedDate, study.last_update_submitted_date)


def map_related(em: Emitter, study: Study) -> None:
    """Related trials, at the IRI their own build uses, so the nodes merge."""
    for related in study.related_trials:
        node = NamedNode(f"{em.base}trial/{safe_nct(related.nct_id)}")
        em.add(em.trial, TG.relatedTrial, node)
        em.add(node, RDF.type, TG.ClinicalTrial)
        em.add(node, TG.nctId, Literal(related.nct_id))
        em.add(node, RDFS.label, Literal(related.title or related.nct_id))
