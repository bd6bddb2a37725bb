"""Readers for the page sections that print bare values: Basic Information, Study Design, Eligibility.

These sections list API v2 codes and short values one per line with no labels, so each value
is recognised by its form: which code set it belongs to (``COMPLETED`` is a status, ``PHASE2``
a phase, ``PARALLEL`` an intervention model), ``N participants`` is the enrollment, ISO dates
are the timeline in page order, ``18 Years`` an age limit. A value that fits nothing is reported,
never guessed.
"""

from __future__ import annotations

import re

from kg.model import Design, Eligibility, PartialDate, Study
from kg.sources import api_codes
from kg.sources.ages import parse_age
from kg.sources.criteria import split_criteria
from kg.sources.page_text.markdown import unescape

_ENROLLMENT = re.compile(r"^(\d[\d,]*)\s+participants?\b", re.IGNORECASE)
_ISO_DATE = re.compile(r"^\d{4}(?:-\d{2}(?:-\d{2})?)?$")
_AGE = re.compile(r"^\d+(?:\.\d+)?\s+(?:year|month|week|day|hour|minute)s?$", re.IGNORECASE)
_MASKING_WITH_WHO = re.compile(r"^([A-Z]+)\s*\(([^)]*)\)$")

#: Design fields in the order the page prints them, with the codes each may take.
_INTERVENTIONAL_FIELDS = (
    ("allocation", api_codes.ALLOCATIONS),
    ("intervention_model", api_codes.INTERVENTION_MODELS),
    ("primary_purpose", api_codes.PRIMARY_PURPOSES),
    ("masking", api_codes.MASKINGS),
)
_OBSERVATIONAL_FIELDS = (
    ("observational_model", api_codes.OBSERVATIONAL_MODELS),
    ("time_perspective", api_codes.TIME_PERSPECTIVES),
)


def read_basic_information(lines: list[str], study: Study, warnings: list[str]) -> None:
    """Status, phases, enrollment, study type and dates, told apart by form."""
    dates: list[str] = []
    for line in lines:
        enrollment = _ENROLLMENT.match(line)
        if line in api_codes.OVERALL_STATUS:
            _set_once(study, "overall_status", line, warnings)
        elif line in api_codes.PHASES:
            if line not in study.design.phases:
                study.design.phases.append(line)
        elif line in api_codes.STUDY_TYPES:
            _set_once(study.design, "study_type", line, warnings)
        elif enrollment:
            study.design.enrollment = int(enrollment.group(1).replace(",", ""))
        elif _ISO_DATE.match(line):
            dates.append(line)
        else:
            warnings.append(f"Basic Information: value {line!r} not understood; skipped")
    _assign_dates(dates, study, warnings)


def _set_once(target: object, name: str, value: str, warnings: list[str]) -> None:
    current = getattr(target, name)
    if current is None:
        setattr(target, name, value)
    elif current != value:
        warnings.append(f"two values for {name}: {current!r} and {value!r}; kept the first")


def _assign_dates(dates: list[str], study: Study, warnings: list[str]) -> None:
    """Start first and completion last, as the page's timeline prints them."""
    if not dates:
        return
    study.start_date = PartialDate(value=dates[0])
    if len(dates) == 1:
        warnings.append(f"Basic Information: one date ({dates[0]}); read as the start date")
        return
    study.completion_date = PartialDate(value=dates[-1])
    if len(dates) == 3:
        study.primary_completion_date = PartialDate(value=dates[1])
    elif len(dates) > 3:
        warnings.append(f"Basic Information: {len(dates)} dates; read the first as start, the last as completion")
    if sorted(dates) != dates:
        warnings.append(f"Basic Information: dates out of order: {', '.join(dates)}")


def read_design(lines: list[str], design: Design, warnings: list[str]) -> None:
    """Allocation, models, purpose and masking; a code several fields share fills the first empty one."""
    fields = _INTERVENTIONAL_FIELDS + _OBSERVATIONAL_FIELDS
    if design.study_type == "OBSERVATIONAL":
        fields = _OBSERVATIONAL_FIELDS + _INTERVENTIONAL_FIELDS
    for line in lines:
        with_who = _MASKING_WITH_WHO.match(line)
        if with_who and with_who.group(1) in api_codes.MASKINGS:
            design.masking = with_who.group(1)
            who = [part.strip().upper().replace(" ", "_") for part in with_who.group(2).split(",")]
            design.who_masked.extend(code for code in who if code in api_codes.WHO_MASKED)
            continue
        if line in api_codes.WHO_MASKED:
            design.who_masked.append(line)
            continue
        empty = [name for name, codes in fields if line in codes and getattr(design, name) is None]
        if empty:
            setattr(design, empty[0], line)
        else:
            warnings.append(f"Study Design: value {line!r} not understood; skipped")


def read_eligibility(lines: list[str], warnings: list[str]) -> Eligibility:
    """Criteria items in page order with their numbers (by ``kg.sources.criteria``, the rules every
    reader shares), then the trailing ages, sex and healthy volunteers."""
    body, facts = _split_facts(lines)
    eligibility = Eligibility()
    ages: list[str] = []
    for fact in facts:
        if fact in api_codes.SEXES:
            eligibility.sex = fact
        elif fact in ("Yes", "No"):
            eligibility.healthy_volunteers = fact == "Yes"
        else:
            ages.append(fact)
    if len(ages) == 1:
        warnings.append(f"Eligibility: one age limit ({ages[0]}); read as the minimum age")
    eligibility.minimum_age = parse_age(ages[0]) if ages else None
    eligibility.maximum_age = parse_age(ages[1]) if len(ages) > 1 else None
    # Each page line is one rendered list item, so each becomes its own paragraph for the shared splitter.
    eligibility.criteria = split_criteria("\n\n".join(body))
    if body:
        eligibility.criteria_text = "\n".join(unescape(line) for line in body)
    return eligibility


def _split_facts(lines: list[str]) -> tuple[list[str], list[str]]:
    """The trailing age / sex / healthy-volunteer values, recognised by form, from the criteria above them."""
    cut = len(lines)
    while cut > 0 and len(lines) - cut < 4 and _is_fact(lines[cut - 1]):
        cut -= 1
    return lines[:cut], lines[cut:]


def _is_fact(line: str) -> bool:
    return line in api_codes.SEXES or line in ("Yes", "No") or bool(_AGE.match(line))
