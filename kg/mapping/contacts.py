"""Contacts: the trial's central contacts (``<base>contact/<NCT>-c<n>``) and each site's own
contacts (``<base>contact/<NCT>-s<site>-<n>``), with role, phone, extension and e-mail.

They are people's work phone numbers and e-mail addresses, published by the registry so that
patients can reach a trial. A build with ``--no-contacts`` maps none of them (the trial graph's
provenance says so). Site contacts hang on the site node ``<base>site/<NCT>-<n>`` that
``kg.mapping.sites`` mints for the same site number.
"""

from __future__ import annotations

from pyoxigraph import NamedNode

from kg.mapping.emit import Emitter
from kg.model import Contact, Study
from kg.vocab import TG

__all__ = ["map_contacts"]


def map_contacts(em: Emitter, study: Study) -> None:
    """Central contacts on the trial, site contacts on their site, in record order."""
    for n, contact in enumerate(study.central_contacts, 1):
        _contact(em, em.trial, em.node("contact", f"c{n}"), contact, f"{em.nct} contact {n}")
    for s, site in enumerate(study.sites, 1):
        site_node = em.node("site", str(s))
        for n, contact in enumerate(site.contacts, 1):
            _contact(em, site_node, em.node("contact", f"s{s}-{n}"), contact, f"{em.nct} site {s} contact {n}")


def _contact(em: Emitter, owner: NamedNode, node: NamedNode, contact: Contact, where: str) -> None:
    em.part(node, TG.Contact, f"{contact.name or contact.email or contact.phone} ({where})")
    em.add(owner, TG.hasContact, node)
    em.text(node, TG.contactName, contact.name)
    em.code(node, TG.contactRole, "contact-role", contact.role)
    em.text(node, TG.phone, contact.phone)
    em.text(node, TG.phoneExtension, contact.phone_ext)
    em.text(node, TG.email, contact.email)
