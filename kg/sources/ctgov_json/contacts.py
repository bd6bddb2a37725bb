"""Contacts of an API v2 study: the trial's central contacts and each site's own contacts.

Each contact is read from its own object only (a site never takes another site's contact,
the converters' "every site has the first site's contact" bug). A contact with nothing in it
is warned about and dropped; one with any of name, phone or e-mail is kept.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from kg.model import Contact
from kg.sources.ctgov_json.fields import Fields

__all__ = ["read_contacts"]


def read_contacts(parent: Mapping[str, Any], key: str, where: str, fields: Fields) -> list[Contact]:
    """The contacts in ``parent[key]`` (``centralContacts`` or a location's ``contacts``), in order."""
    contacts = []
    for path, item in fields.items(parent, key, where):
        contact = Contact(
            name=fields.text(item, "name", path),
            role=fields.code(item, "role", path, codes="contactRole"),
            phone=fields.text(item, "phone", path),
            phone_ext=fields.text(item, "phoneExt", path),
            email=fields.text(item, "email", path),
        )
        if contact.name or contact.phone or contact.email:
            contacts.append(contact)
        else:
            fields.warn(f"{path} has no name, phone or e-mail: ignored")
    return contacts
