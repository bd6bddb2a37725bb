"""Cut the rendered trial page text into its titled sections.

The page is what a browser's "copy all" gives: each section is a header line, a one-line blurb
that is page furniture (the same sentence on every trial page), then the section's values. The
copy glues some block elements together (``View full resultsBasic Information``), so known
header+blurb pairs are first put back on lines of their own. A line right after a header is a
blurb when it is the known sentence for that header or, outside the prose sections, reads like
one (an imperative sentence: "Review ...", "Explore ..."); anything else there is data, so a page
whose blurbs are missing loses nothing. A short title-case line followed by such a sentence is a header we do not know:
its lines are set aside and the caller warns about it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

#: Known section headers and the blurb the page prints under each.
BLURBS: dict[str, str] = {
    "Study Results": "Outcome measurements, participant flow, baseline characteristics, and adverse events "
    "have been published for this study.",
    "Basic Information": "Get a concise snapshot of the trial, including recruitment status, study phase, "
    "enrollment targets, and key timeline milestones.",
    "Brief Summary": "Review the sponsor-provided synopsis that highlights what the study is about and why it "
    "is being conducted.",
    "Related Clinical Trials": "Explore similar clinical trials based on study characteristics and research focus.",
    "Detailed Description": "Dive into the extended narrative that explains the scientific background, "
    "objectives, and procedures in greater depth.",
    "Conditions": "See the medical conditions and disease areas that this research is targeting or investigating.",
    "Study Design": "Understand how the trial is structured, including allocation methods, masking strategies, "
    "primary purpose, and other design elements.",
    "Study Groups": "Review each arm or cohort in the study, along with the interventions and objectives "
    "associated with them.",
    "Interventions": "Learn about the drugs, procedures, or behavioral strategies being tested and how they are "
    "applied within this trial.",
    "Eligibility Criteria": "Check the participation requirements, including inclusion and exclusion rules, age "
    "limits, and whether healthy volunteers are accepted.",
    "Sponsors": "Meet the organizations funding or collaborating on the study and learn about their roles.",
    "Responsible Party": "Identify the individual or organization who holds primary responsibility for the study "
    "information submitted to regulators.",
    "Locations": "Explore where the study is taking place and check the recruitment status at each participating site.",
    "Countries": "Review the countries where the study has at least one active or historical site.",
    "Provided Documents": "Download supplemental materials such as informed consent forms, study protocols, or "
    "participant manuals.",
    "Other Identifiers": "Review additional registry numbers or institutional identifiers associated with this trial.",
    "More Related Trials": "Additional clinical trials that may be relevant based on similarity analysis.",
}
PREAMBLE = "Preamble"
#: Sections whose values are prose, where a sentence after the header may be the value itself.
_PROSE = frozenset({"Brief Summary", "Detailed Description"})

_FURNITURE_START = re.compile(
    r"^(Get|Review|Explore|Dive|See|Understand|Learn|Check|Meet|Identify|Download|Additional|View|Find|Browse|"
    r"Discover|Read)\b"
)
_TITLE_LINE = re.compile(r"^[A-Z][A-Za-z]*(?: [A-Za-z&/-]+){0,5}$")
_BLURB_SET = frozenset(BLURBS.values())
_GLUED = re.compile("|".join(rf"[ \t]*{re.escape(head)}\s*{re.escape(blurb)}[ \t]*" for head, blurb in BLURBS.items()))


@dataclass(slots=True, kw_only=True)
class Section:
    """One titled part of the page: header, its furniture blurb, and its value lines."""

    name: str
    line: int
    blurb: str | None = None
    lines: list[str] = field(default_factory=list)
    known: bool = True


def page_lines(text: str) -> list[tuple[int, str]]:
    """Non-blank, stripped lines with their 1-based line numbers, glued headers and blurbs cut apart."""
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    lines = []
    for number, raw in enumerate(text.split("\n"), start=1):
        line = raw.strip()
        if line:
            lines.extend((number, part) for part in _unglue(line))
    return lines


def _unglue(line: str) -> list[str]:
    """One copied line as the lines the page showed: ``resultsBasic Information``, ``analysis.A title``."""
    pieces = []
    for chunk in _GLUED.sub(lambda match: "\n" + _split_pair(match.group(0).strip()) + "\n", line).split("\n"):
        chunk = chunk.strip()
        for blurb in _BLURB_SET:
            if chunk.startswith(blurb) and len(chunk) > len(blurb):
                pieces.append(blurb)
                chunk = chunk[len(blurb) :].strip()
                break
        if chunk:
            pieces.extend(_unglue_header(chunk))
    return pieces


def _split_pair(glued: str) -> str:
    for head, blurb in BLURBS.items():
        if glued.startswith(head) and glued.endswith(blurb):
            return f"{head}\n{blurb}"
    return glued


def _unglue_header(line: str) -> list[str]:
    """``View full resultsBasic Information`` -> two lines; ``Chronic Conditions`` stays whole."""
    for head in BLURBS:
        if line.endswith(head) and len(line) > len(head) and not line[-len(head) - 1].isspace():
            return [line[: -len(head)].rstrip(), head]
    return [line]


def looks_like_blurb(line: str) -> bool:
    """An imperative sentence of the kind the page puts under every header."""
    return bool(_FURNITURE_START.match(line)) and line.endswith(".") and len(line.split()) >= 6


def split_sections(text: str) -> list[Section]:
    r"""The page's sections in page order; the first one (``Preamble``) holds the lines above any header.

    >>> page = "Title\nNCT ID: NCT01234567\nView full resultsBasic Information\nCOMPLETED\n"
    >>> [(section.name, section.lines) for section in split_sections(page)]
    [('Preamble', ['Title', 'NCT ID: NCT01234567', 'View full results']), ('Basic Information', ['COMPLETED'])]
    """
    lines = page_lines(text)
    sections = [Section(name=PREAMBLE, line=1)]
    index = 0
    while index < len(lines):
        number, line = lines[index]
        following = lines[index + 1][1] if index + 1 < len(lines) else None
        header = _header(line, following)
        if header is None:
            sections[-1].lines.append(line)
            index += 1
            continue
        section = Section(name=header, line=number, known=header in BLURBS)
        if following is not None and _is_blurb(header, following):
            section.blurb = following
            index += 1
        sections.append(section)
        index += 1
    return sections


def _is_blurb(header: str, line: str) -> bool:
    """The known sentence; or, where values are names and codes, any furniture-like sentence."""
    if line == BLURBS.get(header):
        return True
    return header not in _PROSE and looks_like_blurb(line)


def _header(line: str, following: str | None) -> str | None:
    if line in BLURBS:
        return line
    if following is not None and _TITLE_LINE.match(line) and looks_like_blurb(following):
        return line
    return None
