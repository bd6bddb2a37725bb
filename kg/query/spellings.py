"""What people type turned into what the graph holds: codes, countries, MeSH ids, roles.

A catalogue parameter declared ``code:<scheme>`` (``# param: phase code:phase = ""``) accepts
the API code in any case (``PHASE3``), its label (``Phase 3``), an obvious short form
(``3``, ``f``, ``active``) and any unambiguous start of a code or label; anything else is a
one-line error listing the valid codes, never a silent empty answer. Chosen readings:
``status=active`` is ``ACTIVE_NOT_RECRUITING`` (the only status whose code or label starts
with "active"), ``sex=f`` is ``FEMALE`` (queries still admit trials open to ``ALL``).

>>> code_term("phase", "3").value, code_term("overall-status", "active").value, code_term("sex", "f").value
('PHASE3', 'ACTIVE_NOT_RECRUITING', 'FEMALE')
>>> code_term("phase", "Phase 2").value, code_term("phase", "early phase 1").value
('PHASE2', 'EARLY_PHASE1')
"""

from __future__ import annotations

import re

from pyoxigraph import Literal

from kg.iris import country_code, is_mesh_id, mesh_id
from kg.vocab import SCHEMES

__all__ = ["ROLES", "SpellingError", "code_term", "country_term", "mesh_term", "role_term"]

_COMPACT = re.compile(r"[^a-z0-9]+")
#: short forms no prefix rule finds: roman and bare phase numbers, words for the sexes
_SHORT_FORMS: dict[str, dict[str, str]] = {
    "phase": {
        **{str(n): f"PHASE{n}" for n in range(1, 5)},
        **{roman: f"PHASE{n}" for n, roman in enumerate(("i", "ii", "iii", "iv"), 1)},
        **{f"phase{roman}": f"PHASE{n}" for n, roman in enumerate(("i", "ii", "iii", "iv"), 1)},
        "0": "EARLY_PHASE1",
        "early1": "EARLY_PHASE1",
        "na": "NA",
        "none": "NA",
    },
    "sex": {"woman": "FEMALE", "women": "FEMALE", "w": "FEMALE", "man": "MALE", "men": "MALE", "any": "ALL"},
}
#: the roles trials-by-sponsor knows, and what people call them
ROLES = {"lead": "lead", "leadsponsor": "lead", "sponsor": "lead", "collaborator": "collaborator"}


class SpellingError(ValueError):
    """A value matching nothing the graph knows; the message lists what would."""


def _compact(text: str) -> str:
    return _COMPACT.sub("", text.casefold())


def code_term(scheme: str, text: str) -> Literal:
    """The API code of ``scheme`` that ``text`` names; empty text stays empty (any)."""
    if not text.strip():
        return Literal("")
    table = SCHEMES[scheme]
    typed = _compact(text)
    for code, label in table.items():
        if typed in (_compact(code), _compact(label)):
            return Literal(code)
    if typed in _SHORT_FORMS.get(scheme, {}):
        return Literal(_SHORT_FORMS[scheme][typed])
    starts = sorted(code for code, label in table.items() if any(_compact(x).startswith(typed) for x in (code, label)))
    if typed and len(starts) == 1:
        return Literal(starts[0])
    raise SpellingError(f"{text!r} is not a {scheme} (valid: {', '.join(table)})")


def role_term(text: str) -> Literal:
    """``lead`` or ``collaborator`` (any case, "lead sponsor", "collab"); empty for both."""
    typed = _compact(text)
    if not typed:
        return Literal("")
    matches = {role for name, role in ROLES.items() if name.startswith(typed)}
    if len(matches) == 1:
        return Literal(matches.pop())
    raise SpellingError(f"{text!r} is not a role (valid: lead, collaborator)")


def country_term(text: str) -> Literal:
    """The ISO 3166-1 alpha-2 code of a country given by any name, code or short name; a
    place the ISO table lacks (Kosovo) stays as typed and is matched against the spellings
    the records used."""
    if not text.strip():
        return Literal("")
    return Literal(country_code(text) or text.strip())


def mesh_term(text: str) -> Literal:
    """A MeSH id in NLM's form (``D000003920`` -> ``D003920``), or the text as typed, which
    the query matches against MeSH labels (``asthma``)."""
    if not text.strip():
        return Literal("")
    return Literal(mesh_id(text) if is_mesh_id(text) else text.strip())
