"""Who runs the trial: sponsors, collaborators, responsible party, overall officials.

Each role a record states becomes a node of its own, ``<base>organization-role/<NCT>-lead``
(``-collaborator-2``, ``-registrar``), holding the exact name and agency class the record
gave (``tg:statedName``, ``tg:statedAgencyClass``) and linked to the shared organisation
node: a lead sponsor also listed as collaborator keeps both roles, each under its own
spelling and class, whatever the shared node's key merges. The plain links
(``tg:leadSponsor``, ``tg:collaborator``) and the agency class on the shared node (in this
trial's graph) stay for queries that need only the organisation.
"""

from __future__ import annotations

from pyoxigraph import Literal, NamedNode

from kg.mapping.emit import Emitter
from kg.mapping.shared import organization_node
from kg.model import Organization, Study
from kg.vocab import TG


def _organization(em: Emitter, org: Organization | None, seen: set) -> NamedNode | None:
    if org is None or not org.name or not org.name.strip():
        return None
    node = organization_node(em, org.name)
    if (node, org.agency_class) not in seen:  # the same organisation is often sponsor and registrar
        seen.add((node, org.agency_class))
        em.code(node, TG.agencyClass, "agency-class", org.agency_class)
    return node


def _role(em: Emitter, link: NamedNode, suffix: str, word: str, org: Organization, node: NamedNode) -> None:
    """The qualified role: what this record said, kept apart from the shared node."""
    role = em.node("organization-role", suffix)
    em.part(role, TG.OrganizationRole, f"{word} of {em.nct}: {org.name}")
    em.add(em.trial, link, role)
    em.add(role, TG.roleOrganization, node)
    em.add(role, TG.statedName, Literal(org.name))
    em.code(role, TG.statedAgencyClass, "agency-class", org.agency_class)


def map_parties(em: Emitter, study: Study) -> None:
    """Lead sponsor, every collaborator, the registering organisation: link and qualified role."""
    t, seen = em.trial, set()
    lead = _organization(em, study.lead_sponsor, seen)
    if lead is not None:
        em.add(t, TG.leadSponsor, lead)
        _role(em, TG.leadSponsorRole, "lead", "Lead sponsor", study.lead_sponsor, lead)
    for n, collaborator in enumerate(study.collaborators, 1):
        node = _organization(em, collaborator, seen)
        if node is not None:
            em.add(t, TG.collaborator, node)
            _role(em, TG.collaboratorRole, f"collaborator-{n}", "Collaborator", collaborator, node)
    registrar = _organization(em, study.organization, seen)
    if registrar is not None:
        em.add(t, TG.registeringOrganization, registrar)
        word = "Registering organization"
        _role(em, TG.registeringOrganizationRole, "registrar", word, study.organization, registrar)
    map_responsible_party(em, study)
    map_officials(em, study)


def map_responsible_party(em: Emitter, study: Study) -> None:
    """``<base>responsible-party/<NCT>``."""
    rp = study.responsible_party
    if rp is None:
        return
    node = em.node("responsible-party")
    who = rp.investigator_name or (rp.type or "unspecified").replace("_", " ").lower()
    em.part(node, TG.ResponsibleParty, f"Responsible party of {em.nct}: {who}")
    em.add(em.trial, TG.hasResponsibleParty, node)
    em.code(node, TG.responsiblePartyType, "responsible-party-type", rp.type)
    em.text(node, TG.investigatorName, rp.investigator_name)
    em.text(node, TG.investigatorTitle, rp.investigator_title)
    em.text(node, TG.investigatorAffiliation, rp.investigator_affiliation)


def map_officials(em: Emitter, study: Study) -> None:
    """``<base>official/<NCT>-<n>``, one per overall official."""
    for n, official in enumerate(study.officials, 1):
        node = em.node("official", str(n))
        em.part(node, TG.Official, f"{official.name or 'Official'} ({em.nct} official {n})")
        em.add(em.trial, TG.hasOfficial, node)
        em.text(node, TG.personName, official.name)
        em.code(node, TG.officialRole, "official-role", official.role)
        em.text(node, TG.affiliation, official.affiliation)
