"""Reader for the rendered trial page text (the seed format): one trial page per file.

The page is a browser copy of a ClinicalTrials.gov-style trial page: a title line, ``NCT ID:``
and ``Last Updated:`` lines, then titled sections whose values are printed without labels.
``sections`` cuts the sections (and drops their furniture blurbs); ``facts`` and
``entities`` read them. Sections are read in a fixed order whatever order the page has,
because some need others first (arms need the interventions, design needs the study type).
Missing or empty sections leave the model's defaults; unknown ones are reported as warnings.

>>> from kg.model import Origin
>>> page = b"A Trial\\nNCT ID: NCT01234567\\nBasic Information\\nCOMPLETED\\nPHASE1\\nPHASE2\\n"
>>> sniff(page)
True
>>> record = RawRecord(origin=Origin(path="x.txt", position="file", format=FORMAT), payload=page)
>>> study = parse(record).study
>>> study.nct_id, study.overall_status, study.design.phases
('NCT01234567', 'COMPLETED', ['PHASE1', 'PHASE2'])
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import BinaryIO

from kg.model import Condition, Origin, PartialDate, Problem, Study
from kg.sources.page_text import entities, facts
from kg.sources.page_text.markdown import unescape
from kg.sources.page_text.sections import Section, split_sections
from kg.sources.reader import Parsed, RawRecord, RecordError
from kg.sources.text import replace_unholdable

FORMAT = "page-text"

_NCT_LINE = re.compile(r"^\s*NCT ID:\s*(NCT\d{8})\s*$")
_LABELLED = re.compile(r"^(?P<key>[A-Za-z ]+):\s*(?P<value>.*)$")
_SNIFF_LINES = 12


def sniff(head: bytes) -> bool:
    """A page has an ``NCT ID: NCT01234567`` line among its first lines."""
    text = head.decode("utf-8", errors="replace").lstrip("\ufeff")
    lines = [line for line in text.splitlines() if line.strip()][:_SNIFF_LINES]
    return any(_NCT_LINE.match(line) for line in lines)


def split(stream: BinaryIO, *, path: str, prefix: str = "") -> Iterator[RawRecord | Problem]:
    """The whole file is one page; text that is not UTF-8 is a problem, not a crash later."""
    data = stream.read()
    origin = Origin(path=path, position=prefix.rstrip(" :") or "file", format=FORMAT)
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as err:
        yield Problem(origin=origin, reason=f"page text is not UTF-8 ({err.reason} at byte {err.start})")
        return
    yield RawRecord(origin=origin, payload=data)


def parse(record: RawRecord) -> Parsed:
    """The study on one page; ``RecordError`` when the page carries no NCT id."""
    payload = record.payload
    text = payload.decode("utf-8-sig") if isinstance(payload, bytes) else str(payload)
    sections = split_sections(text)
    warnings: list[str] = []
    study = _preamble(sections[0].lines, warnings)
    by_name = _merge(sections[1:], warnings)
    has_conditions = "Conditions" in by_name
    for name, read in _READERS:
        section = by_name.pop(name, None)
        if section is not None:
            read(section, study, warnings)
    for section in by_name.values():
        warnings.append(f"unknown section {section.name!r} (line {section.line}) skipped")
    if not study.conditions:
        warnings.append("conditions section empty" if has_conditions else "conditions section missing")
    warnings += replace_unholdable(study)  # kg/sources/text.py: the one rule for control characters
    return Parsed(study=study, warnings=warnings)


def _preamble(lines: list[str], warnings: list[str]) -> Study:
    """Title (the first line), ``NCT ID:`` and ``Last Updated:``."""
    nct_id = title = updated = None
    for line in lines:
        labelled = _LABELLED.match(line)
        key = labelled.group("key").strip().lower() if labelled else None
        if labelled and key == "nct id":
            nct_id = nct_id or labelled.group("value").strip()
        elif labelled and key == "last updated":
            updated = labelled.group("value").strip()
        elif title is None:
            title = line
        else:
            warnings.append(f"line {line!r} above the first section not understood; skipped")
    if not nct_id or not re.fullmatch(r"NCT\d{8}", nct_id):
        raise RecordError(f"no 'NCT ID: NCT########' line at the top of the page (found {nct_id!r})")
    study = Study(nct_id=nct_id, brief_title=title)
    if updated:
        study.last_update_posted_date = PartialDate(value=updated)
    return study


def _merge(sections: list[Section], warnings: list[str]) -> dict[str, Section]:
    """One section per name: an identical repeat is dropped, a different one read together with the first."""
    merged: dict[str, Section] = {}
    for section in sections:
        first = merged.get(section.name)
        if first is None:
            merged[section.name] = section
        elif first.lines == section.lines or not section.lines:
            warnings.append(f"section {section.name!r} repeated (line {section.line}); the copy was ignored")
        else:
            warnings.append(f"section {section.name!r} repeated (line {section.line}); both parts read")
            first.lines = first.lines + section.lines if first.lines else section.lines
            first.blurb = first.blurb or section.blurb
    return merged


def _results(section: Section, study: Study, warnings: list[str]) -> None:
    said = " ".join([section.blurb or "", *section.lines])
    study.has_results = not re.search(r"\b(?:no|not)\b", said, re.IGNORECASE)


def _basic(section: Section, study: Study, warnings: list[str]) -> None:
    facts.read_basic_information(section.lines, study, warnings)


def _summary(section: Section, study: Study, warnings: list[str]) -> None:
    study.brief_summary = unescape("\n".join(section.lines)) or None


def _description(section: Section, study: Study, warnings: list[str]) -> None:
    study.detailed_description = unescape("\n".join(section.lines)) or None


def _conditions(section: Section, study: Study, warnings: list[str]) -> None:
    for line in section.lines:
        if all(line != known.name for known in study.conditions):
            study.conditions.append(Condition(name=line))


def _design(section: Section, study: Study, warnings: list[str]) -> None:
    facts.read_design(section.lines, study.design, warnings)


def _interventions(section: Section, study: Study, warnings: list[str]) -> None:
    study.interventions = entities.read_interventions(section.lines, warnings)


def _groups(section: Section, study: Study, warnings: list[str]) -> None:
    study.arms = entities.read_study_groups(section.lines, study.interventions, warnings)
    entities.link_arms(study.arms, study.interventions, warnings)


def _eligibility(section: Section, study: Study, warnings: list[str]) -> None:
    study.eligibility = facts.read_eligibility(section.lines, warnings)


def _sponsors(section: Section, study: Study, warnings: list[str]) -> None:
    entities.read_sponsors(section.lines, study)


def _party(section: Section, study: Study, warnings: list[str]) -> None:
    study.responsible_party = entities.read_responsible_party(section.lines)


def _locations(section: Section, study: Study, warnings: list[str]) -> None:
    study.sites = entities.read_locations(section.lines)


def _countries(section: Section, study: Study, warnings: list[str]) -> None:
    """The model keeps countries on sites; a listed country with no site there is reported."""
    have = {site.country for site in study.sites}
    for country in section.lines:
        if country not in have:
            warnings.append(f"Countries: {country!r} listed but no site there is on the page")


def _documents(section: Section, study: Study, warnings: list[str]) -> None:
    study.documents = entities.read_documents(section.lines, warnings)


def _identifiers(section: Section, study: Study, warnings: list[str]) -> None:
    entities.read_identifiers(section.lines, study, warnings)


def _related(section: Section, study: Study, warnings: list[str]) -> None:
    entities.read_related(section.lines, study.related_trials, warnings, section.name)


#: Section readers in dependency order (not page order): interventions before groups,
#: Basic Information (study type) before design, locations before countries.
_READERS: tuple[tuple[str, Callable[[Section, Study, list[str]], None]], ...] = (
    ("Study Results", _results),
    ("Basic Information", _basic),
    ("Brief Summary", _summary),
    ("Detailed Description", _description),
    ("Conditions", _conditions),
    ("Study Design", _design),
    ("Interventions", _interventions),
    ("Study Groups", _groups),
    ("Eligibility Criteria", _eligibility),
    ("Sponsors", _sponsors),
    ("Responsible Party", _party),
    ("Locations", _locations),
    ("Countries", _countries),
    ("Provided Documents", _documents),
    ("Other Identifiers", _identifiers),
    ("Related Clinical Trials", _related),
    ("More Related Trials", _related),
)
