"""Readers for the page sections that list things: arms, interventions, sponsors, sites, ids, documents.

Each list is a run of short line groups (name then description, facility then address, title
then NCT id) with no separators, so each reader walks its lines once and recognises where a
group starts by the form of the line that closes it: an API class code, an ``City, State,
Country`` address, an NCT id. Study Groups repeat the interventions under each arm, and the
Interventions section is what tells an arm's own lines from the interventions listed under it.
"""

from __future__ import annotations

import re

from kg.model import (
    Arm,
    Document,
    Intervention,
    Organization,
    RelatedTrial,
    ResponsibleParty,
    SecondaryId,
    Site,
    Study,
)
from kg.sources import api_codes
from kg.sources.page_text.markdown import unescape

NCT_ID = re.compile(r"^NCT\d{8}$")
_ADDRESS = re.compile(r"^(?P<city>[^,]*), (?P<state>[^,]*), (?P<country>[^,]+)$")
_LABELLED = re.compile(r"^(?P<key>[A-Za-z ]+):\s*(?P<value>.*)$")


def read_interventions(lines: list[str], warnings: list[str]) -> list[Intervention]:
    """Name / description pairs; the page shows no intervention type."""
    if len(lines) % 2:
        warnings.append("Interventions: odd number of lines; the last intervention has no description")
    return [
        Intervention(name=lines[i], description=unescape(lines[i + 1]) if i + 1 < len(lines) else None)
        for i in range(0, len(lines), 2)
    ]


def read_study_groups(lines: list[str], interventions: list[Intervention], warnings: list[str]) -> list[Arm]:
    """Arms as label / description, each followed by the interventions it receives.

    An arm may share its name with an intervention (``Engensis``), so a line is taken as an
    intervention only when the line after it is that intervention's own description.
    """
    described = {item.name: item.description for item in interventions}
    arms: list[Arm] = []
    index = 0
    while index < len(lines):
        line = lines[index]
        following = unescape(lines[index + 1]) if index + 1 < len(lines) else None
        if arms and line in described and (described[line] is None or described[line] == following):
            arms[-1].intervention_names.append(line)
            index += 1 if described[line] is None else 2
            continue
        if following is None or _is_pair(lines, index + 1, described):
            arms.append(Arm(label=line))
            index += 1
        else:
            arms.append(Arm(label=line, description=following))
            index += 2
    if lines and not interventions:
        warnings.append("Study Groups read without an Interventions section: every line pair taken as an arm")
    return arms


def _is_pair(lines: list[str], index: int, described: dict[str, str | None]) -> bool:
    name = lines[index]
    if name not in described:
        return False
    following = unescape(lines[index + 1]) if index + 1 < len(lines) else None
    return described[name] is None or following == described[name]


def link_arms(arms: list[Arm], interventions: list[Intervention], warnings: list[str]) -> None:
    """Fill each intervention's arm labels from the arms, so both directions agree."""
    by_name = {item.name: item for item in interventions}
    for arm in arms:
        for name in arm.intervention_names:
            if name in by_name:
                by_name[name].arm_labels.append(arm.label)
            else:
                warnings.append(f"Study Groups: arm {arm.label!r} lists {name!r}, not in Interventions")


def read_sponsors(lines: list[str], study: Study) -> None:
    """Name then class code; the first sponsor is the lead, the rest collaborators."""
    sponsors: list[Organization] = []
    for line in lines:
        if line in api_codes.AGENCY_CLASSES and sponsors and sponsors[-1].agency_class is None:
            sponsors[-1].agency_class = line
        elif all(line != known.name for known in sponsors):
            sponsors.append(Organization(name=line))
    if sponsors:
        study.lead_sponsor = sponsors[0]
        study.collaborators = sponsors[1:]


def read_responsible_party(lines: list[str]) -> ResponsibleParty | None:
    """A type code, then the investigator's name, title and affiliation when there is one."""
    if not lines:
        return None
    party = ResponsibleParty()
    rest = list(lines)
    if rest[0] in api_codes.RESPONSIBLE_PARTY_TYPES:
        party.type = rest.pop(0)
    party.investigator_name, party.investigator_title, party.investigator_affiliation = (rest + [None] * 3)[:3]
    return party


def read_locations(lines: list[str]) -> list[Site]:
    """Facility then ``City, State, Country`` (the state may be empty: ``Seoul, , South Korea``).

    A facility name with two commas looks like an address; it is one only when the next line
    is not an address too.
    """
    sites: list[Site] = []
    facility: str | None = None
    for index, line in enumerate(lines):
        address = _ADDRESS.match(line)
        next_is_address = index + 1 < len(lines) and _ADDRESS.match(lines[index + 1]) is not None
        if address and (facility is not None or not next_is_address):
            sites.append(_site(facility, address))
            facility = None
            continue
        if facility is not None:
            sites.append(Site(facility=facility))
        facility = line
    if facility is not None:
        sites.append(Site(facility=facility))
    return sites


def _site(facility: str | None, address: re.Match[str]) -> Site:
    return Site(
        facility=facility,
        city=address.group("city").strip() or None,
        state=address.group("state").strip() or None,
        country=address.group("country").strip() or None,
    )


def read_documents(lines: list[str], warnings: list[str]) -> list[Document]:
    """``Document Type: Study Protocol`` lines, one document each."""
    documents = []
    for line in lines:
        labelled = _LABELLED.match(line)
        if labelled is None or labelled.group("key").strip().lower() != "document type":
            warnings.append(f"Provided Documents: line {line!r} not understood; skipped")
            continue
        label = labelled.group("value").strip()
        abbrev = api_codes.DOCUMENT_ABBREVS.get(label.split(":")[0].strip())
        documents.append(
            Document(
                label=label,
                type_abbrev=abbrev,
                has_protocol="Prot" in abbrev.split("_") if abbrev else None,
                has_sap="SAP" in abbrev.split("_") if abbrev else None,
                has_icf="ICF" in abbrev.split("_") if abbrev else None,
            )
        )
    return documents


def read_identifiers(lines: list[str], study: Study, warnings: list[str]) -> None:
    """An id line, then ``Identifier Type:`` and ``Identifier Source:`` lines about it."""
    entries: list[dict[str, str | None]] = []
    for line in lines:
        labelled = _LABELLED.match(line)
        key = labelled.group("key").strip().lower() if labelled else ""
        if key.startswith("identifier ") and entries:
            value = labelled.group("value").strip() if labelled else ""
            entries[-1][key.removeprefix("identifier ")] = None if value in ("", "-") else value
        else:
            entries.append({"id": line})
    for entry in entries:
        ident, source = entry["id"] or "", entry.get("source")
        if source == "org_study_id":
            study.org_study_id = ident
        elif source in ("nct_alias", "nct_id_alias"):
            study.nct_id_aliases.append(ident)
        else:
            study.secondary_ids.append(SecondaryId(id=ident, type=entry.get("type"), domain=entry.get("domain")))


def read_related(lines: list[str], related: list[RelatedTrial], warnings: list[str], section: str) -> None:
    """Title then NCT id; a trial already listed by another related-trials section is not repeated."""
    seen = {trial.nct_id for trial in related}
    title: str | None = None
    for line in lines:
        if NCT_ID.match(line):
            if line not in seen:
                related.append(RelatedTrial(nct_id=line, title=title))
                seen.add(line)
            title = None
        else:
            if title is not None:
                warnings.append(f"{section}: title {title!r} has no NCT id; skipped")
            title = line
    if title is not None:
        warnings.append(f"{section}: title {title!r} has no NCT id; skipped")
