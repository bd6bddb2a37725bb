"""The legacy XML's English values as API v2 codes, and its dates as ISO dates.

The legacy ``<clinical_study>`` XML spells enumerations out ("Active, not recruiting",
"Parallel Assignment", "U.S. Fed") and dates in words ("March 9, 2021"). The model keeps API v2
codes and ISO dates, so the same trial read from XML and JSON meets on the same values. Most
phrases become their code by upper-casing and joining words with ``_``; the exceptions are
listed. A translation that does not land in the field's code set gives ``None`` and the caller
reports the original text.
"""

from __future__ import annotations

import re
from datetime import datetime

from kg.sources import api_codes

_SPECIAL: dict[str, str] = {
    "Unknown status": "UNKNOWN",
    "Phase 1": "PHASE1",
    "Phase 2": "PHASE2",
    "Phase 3": "PHASE3",
    "Phase 4": "PHASE4",
    "Early Phase 1": "EARLY_PHASE1",
    "N/A": "NA",
    "Observational [Patient Registry]": "OBSERVATIONAL",
    "Educational/Counseling/Training": "ECT",
    "U.S. Fed": "FED",
    "Individual": "INDIV",
    "Other U.S. Federal agency": "FED",
    "Both": "ALL",
    "Case Control": "CASE_CONTROL",
}
_WHO: dict[str, str] = {
    "participant": "PARTICIPANT",
    "subject": "PARTICIPANT",
    "care provider": "CARE_PROVIDER",
    "caregiver": "CARE_PROVIDER",
    "investigator": "INVESTIGATOR",
    "outcomes assessor": "OUTCOMES_ASSESSOR",
}
_MASKING_LEVELS = ("NONE", "SINGLE", "DOUBLE", "TRIPLE", "QUADRUPLE")
_DATE_TYPES = {"actual": "ACTUAL", "anticipated": "ESTIMATED", "estimate": "ESTIMATED", "estimated": "ESTIMATED"}


def code(text: str | None, codes: frozenset[str]) -> str | None:
    """The API v2 code for a legacy phrase, if it is one of ``codes``.

    >>> code("Active, not recruiting", api_codes.OVERALL_STATUS)
    'ACTIVE_NOT_RECRUITING'
    >>> code("Parallel Assignment", api_codes.INTERVENTION_MODELS)
    'PARALLEL'
    >>> code("U.S. Fed", api_codes.AGENCY_CLASSES), code("Teapot", api_codes.AGENCY_CLASSES)
    ('FED', None)
    """
    if text is None or not text.strip():
        return None
    text = text.strip()
    candidate = _SPECIAL.get(text) or re.sub(r"[^A-Z0-9]+", "_", text.upper()).strip("_")
    if candidate not in codes and candidate.endswith("_ASSIGNMENT"):
        candidate = candidate.removesuffix("_ASSIGNMENT")
    return candidate if candidate in codes else None


def phases(text: str | None) -> list[str]:
    """``Phase 1/Phase 2`` -> ``["PHASE1", "PHASE2"]``; ``N/A`` -> ``["NA"]``.

    >>> phases("Phase 1/Phase 2"), phases("N/A"), phases(None)
    (['PHASE1', 'PHASE2'], ['NA'], [])
    """
    if text is None or not text.strip():
        return []
    if text.strip() == "N/A":
        return ["NA"]
    found = [code(part, api_codes.PHASES) for part in text.split("/")]
    return [phase for phase in found if phase is not None]


def masking(text: str | None) -> tuple[str | None, list[str]]:
    """Masking level and who is masked, from the phrasings the registry used over the years.

    >>> masking("Double (Participant, Investigator)")
    ('DOUBLE', ['PARTICIPANT', 'INVESTIGATOR'])
    >>> masking("None (Open Label)"), masking("Double Blind (Subject, Caregiver)")
    (('NONE', []), ('DOUBLE', ['PARTICIPANT', 'CARE_PROVIDER']))
    >>> masking("Participant, Investigator")
    ('DOUBLE', ['PARTICIPANT', 'INVESTIGATOR'])
    """
    if text is None or not text.strip():
        return None, []
    match = re.match(r"^\s*([^(]*?)\s*(?:\((.*)\))?\s*$", text)
    head, inside = (match.group(1), match.group(2)) if match else (text, None)
    who_text = inside if inside is not None else head
    who = [_WHO[part.strip().lower()] for part in who_text.split(",") if part.strip().lower() in _WHO]
    lowered = head.lower()
    if lowered.startswith(("none", "open label", "no masking")):
        return "NONE", who if inside is not None and "open label" not in inside.lower() else []
    level = next((name for name in _MASKING_LEVELS[1:] if lowered.startswith(name.lower())), None)
    if level is None and who:
        level = _MASKING_LEVELS[min(len(who), 4)]
    return level, who


def date(text: str | None) -> str | None:
    """``March 2021`` -> ``2021-03``; ``March 9, 2021`` -> ``2021-03-09``; ISO text passes through.

    >>> date("March 2021"), date("March 9, 2021"), date("2021-03-09"), date("soon")
    ('2021-03', '2021-03-09', '2021-03-09', None)
    """
    if text is None:
        return None
    text = " ".join(text.split())
    for pattern, shape in (("%B %d, %Y", "%Y-%m-%d"), ("%B %Y", "%Y-%m"), ("%b %d, %Y", "%Y-%m-%d"), ("%Y", "%Y")):
        try:
            return datetime.strptime(text, pattern).strftime(shape)
        except ValueError:
            continue
    return text if re.fullmatch(r"\d{4}(?:-\d{2}(?:-\d{2})?)?", text) else None


def date_type(text: str | None) -> str | None:
    """``Actual`` -> ``ACTUAL``; ``Anticipated`` and ``Estimate`` -> ``ESTIMATED``."""
    return _DATE_TYPES.get(text.strip().lower()) if text else None


def yes_no(text: str | None) -> bool | None:
    """``Yes`` / ``No``; ``Accepts Healthy Volunteers`` is the legacy yes for healthy volunteers."""
    if text is None:
        return None
    lowered = text.strip().lower()
    if lowered in ("yes", "accepts healthy volunteers"):
        return True
    if lowered == "no":
        return False
    return None
