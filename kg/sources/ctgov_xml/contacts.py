"""Contacts in a legacy ``<clinical_study>``: ``overall_contact`` and ``overall_contact_backup``
(the trial's central contacts), and each ``location``'s ``contact``, ``contact_backup`` and
``investigator`` elements, read from that location only. API v2 gives a site's investigators as
contacts with their role, so the XML's investigators become contacts too, after the site's
contacts, as the registry lists them."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from kg.model import Contact, Site
from kg.sources import api_codes
from kg.sources.ctgov_xml import codes as legacy
from kg.sources.ctgov_xml.parts import text

__all__ = ["add_site_contacts", "read_central_contacts"]


def person(element: ET.Element, *, role: str | None) -> Contact:
    """A contact from a legacy person element (``last_name`` holds the full name in recent files)."""
    parts = [text(element, tag) for tag in ("first_name", "middle_name", "last_name")]
    name = " ".join(p for p in parts if p) or None
    degrees = text(element, "degrees")
    if name and degrees:
        name = f"{name}, {degrees}"
    return Contact(
        name=name,
        role=role,
        phone=text(element, "phone"),
        phone_ext=text(element, "phone_ext"),
        email=text(element, "email"),
    )


def read_central_contacts(root: ET.Element) -> list[Contact]:
    """``overall_contact`` then ``overall_contact_backup``."""
    found = [root.find("overall_contact"), root.find("overall_contact_backup")]
    return [person(item, role="CONTACT") for item in found if item is not None]


def add_site_contacts(root: ET.Element, sites: list[Site]) -> None:
    """Each site's contacts, from its own ``location`` (``parts.read_sites`` makes one site per
    location, in order)."""
    for site, location in zip(sites, root.findall("location"), strict=True):
        site.contacts = _site_contacts(location)


def _site_contacts(location: ET.Element) -> list[Contact]:
    """One location's contact, backup contact and investigators, in that order."""
    contacts = [person(item, role="CONTACT") for tag in ("contact", "contact_backup") for item in location.findall(tag)]
    for item in location.findall("investigator"):
        contacts.append(person(item, role=legacy.code(text(item, "role"), api_codes.CONTACT_ROLES)))
    return contacts
