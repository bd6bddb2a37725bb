"""A record's results section: the four tables, reconciled groups, and more information.

Tables are mapped in the registry's order (flow, baseline, outcomes, adverse events), each
reconciling its groups with those already seen (``kg.mapping.results_groups``).
"""

from __future__ import annotations

from pyoxigraph import Literal

from kg.mapping.emit import Emitter
from kg.mapping.results_baseline import map_baseline
from kg.mapping.results_events import map_adverse_events
from kg.mapping.results_flow import map_flow
from kg.mapping.results_groups import ResultGroups
from kg.mapping.results_outcomes import map_outcome_results
from kg.model import MoreInfo, Study
from kg.vocab import TG

__all__ = ["map_results"]


def map_results(em: Emitter, study: Study) -> None:
    """Everything the results section says; nothing when the record has none."""
    results = study.results
    if results is None:
        return
    groups = ResultGroups(em, study)
    if results.flow is not None:
        map_flow(em, results.flow, groups)
    if results.baseline is not None:
        map_baseline(em, results.baseline, groups)
    map_outcome_results(em, study, groups)
    if results.adverse_events is not None:
        map_adverse_events(em, results.adverse_events, groups)
    if results.more_info is not None:
        _more_info(em, results.more_info)


def _more_info(em: Emitter, info: MoreInfo) -> None:
    em.text(em.trial, TG.limitationsAndCaveats, info.limitations)
    if info.pi_sponsor_employee is not None:
        em.add(em.trial, TG.piSponsorEmployee, Literal(info.pi_sponsor_employee))
    if info.restrictive_agreement is not None:
        em.add(em.trial, TG.restrictiveAgreement, Literal(info.restrictive_agreement))
    em.code(em.trial, TG.restrictionType, "agreement-restriction-type", info.restriction_type)
    em.text(em.trial, TG.agreementDetails, info.agreement_details)
    fields = (info.contact_title, info.contact_organization, info.contact_email, info.contact_phone)
    if not any(fields):
        return
    node = em.node("results-contact")
    em.part(node, TG.ResultsContact, info.contact_title or info.contact_organization or f"Contact for {em.nct}")
    em.add(em.trial, TG.resultsContact, node)
    em.text(node, TG.contactTitle, info.contact_title)
    em.text(node, TG.contactOrganization, info.contact_organization)
    em.text(node, TG.contactEmail, info.contact_email)
    em.text(node, TG.contactPhone, info.contact_phone)
    em.text(node, TG.contactPhoneExt, info.contact_phone_ext)
