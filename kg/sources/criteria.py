"""Free-text eligibility criteria cut into inclusion and exclusion items.

The registry stores eligibility as one text (markdown in API v2, plain indented text in the
legacy XML and on the rendered page). Every reader hands that text to ``split_criteria``,
so one set of rules decides what an item is:

- **Headings** switch the kind: a line that is (after bullets, numbering and markdown
  emphasis are stripped) "Inclusion Criteria", "Key Exclusion Criteria:", "EXCLUSION
  CRITERIA", "Inclusion:", "Inclusion Criteria for Controls:", "CP/CPPS cohort exclusion
  criteria:", "Other Exclusions" and the like. A line that mentions both words ("Other
  inclusion/exclusion criteria may apply") or reads as a sentence ("* Not meeting inclusion
  criteria") is an item, not a heading. Non-standard headings count too: an outline number
  before it ("III.6 EXCLUSION CRITERIA"), a full stop then the first item ("Inclusion
  criteria. Age >= 22."), the first item run on without a colon ("Exclusion criteria Patients
  with ..."), and a parenthesis naming a synonym ("Exclusion Criteria (Non inclusion criteria):").
- A plain heading ("[Key|Main] Inclusion Criteria:") is dropped; a heading that says more
  ("Inclusion Criteria for Controls:", "Part 2 additional exclusion criteria:") is kept as
  an item of its kind, because it scopes the items under it. Text after a plain heading's
  colon ("Exclusion Criteria: none") is an item of that kind.
- A heading inside a line ("... activity. Exclusion Criteria: ...", "* Stable relationship
  Exclusion Criteria:") cuts the line there, so exclusion items never hold inclusion text.
- **Before any heading** (and in texts with no heading at all) items are INCLUSION: the
  record then lists conditions a participant must meet, negative ones included ("No prior
  chemotherapy").
- **Items** start at a bullet (``*``, ``-``, ``•``...) or a label (``1.``, ``1)``, ``(1)``,
  ``a.``, ``(iv)``, ``1.2.``, ``* 2.``); the label goes to ``Criterion.number``. A line
  without a marker continues the current item when it follows it directly or is indented
  under it (wrapped legacy text); after a blank line at the item's own indentation it starts
  a new, unnumbered item (older records write one paragraph per criterion). A run-on line
  "(1) A (2) B (3) C" is cut into its items.
- **Sub-items** (a marker indented deeper than the current item) are joined to their parent,
  one per line with their own marker kept, because they complete the parent's sentence
  ("Having contra-indications for immunoadsorption:" / "* Severe cardiovascular diseases").
  No item text is lost.
- Markdown escapes (``\\>``, ``\\<``, ``\\[``, ``\\*``...) and ``**bold**`` markers are
  undone; HTML lists (a few records) give one item per ``<li>``.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

from kg.model import Criterion

__all__ = ["EXCLUSION", "INCLUSION", "split_criteria", "unescape_markdown"]

INCLUSION = "INCLUSION"
EXCLUSION = "EXCLUSION"

_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!<>|~&=^$'\"])")
_BOLD = re.compile(r"(?<!\\)(\*\*|__)")
_MARKER = re.compile(
    r"""^(?:
        (?P<bullet>[*\-+•·▪●○◦■➢\u2013](?=\s)|[*•·▪●○◦■➢](?=\S)|-(?=[A-Za-z]))
      | \((?P<paren>\d{1,3}|[a-zA-Z]|[ivxlcIVXLC]{1,6})\)
      | (?P<num>\d{1,3}(?:\.\d{1,3})*)(?:\.\)|[.)])(?=\s|$)
      | (?P<letter>[a-zA-Z]|[ivxlcIVXLC]{2,6})[.)](?=\s)
    )\s*""",
    re.VERBOSE,
)
_CORE = r"(?P<word>inclusion|exclusion)(?:s\b|\s+c(?:ri|i|r)t[ie]{0,2}ri(?:a|on)\b)"  # "CRITIERIA" too
_HEADING = re.compile(
    rf"^(?:\d+(?=[A-Za-z]))?(?P<lead>(?:[\w'/-]+\s+){{0,3}}?)"
    rf"(?:{_CORE}|(?P<bare>inclusion|exclusion)\b(?=\s*:))"
    r"(?P<qual>\s*\([^)]{0,60}\)|\s+(?:for|in|of)\s+[^:.]{0,80}|\s+\d[^:]{0,60}(?=:)"
    r"|\s+[-\u2013]\s+[^:]{0,80}(?=:|$)|\s+(?:include|includes|are|were|is)\b[^:]{0,40}(?=:)"
    r"|\s+[\w-]+(?:\s+[\w-]+){0,3}(?=\s*$))?"  # "Exclusion Criteria Disease Related"
    r"\s*(?:(?P<colon>[:.]|-(?=\s*\w))\s*(?P<rest>.*))?$",
    re.IGNORECASE,
)
_ENDING_HEADING = re.compile(rf"^(?P<lead>[^:]{{1,100}}?)\s+{_CORE}\s*:\s*$", re.IGNORECASE)
#: a heading inside a line: "... relationship Exclusion Criteria:", "Inclusion Criteria: a; Exclusion Criteria: b"
#: or a colon-less heading ending the line: "* Body weight between 20 to 150 kg Exclusion Criteria"
_INLINE_HEADING = re.compile(
    r"(?<=\S)(?<!\band)(?<!\bor)(?<![/&])\s*"
    r"(?=(?:Key\s+)?(?:Inclusion|Exclusion|INCLUSION|EXCLUSION)\s+(?:Criteria|CRITERIA)\s*:)"
    r"|(?<=\S)\s+(?=(?:Inclusion|Exclusion|INCLUSION|EXCLUSION)\s+(?:Criteria|CRITERIA)\s*$)"
)
_NON_INCLUSION = re.compile(r"^non?[\s-]+inclusion\s*/\s*exclusion\s+criteria\s*:?\s*$", re.IGNORECASE)
#: words after which "Exclusion Criteria" ending a line is part of the sentence, not a heading
_REFERS_TO = frozenset(
    {"the", "of", "these", "those", "any", "all", "and", "or", "following", "with", "by", "per", "in"}
)
_HTML_BREAK = re.compile(r"</?(?:p|ul|ol|div|br)\b[^>]*>|</li>", re.IGNORECASE)
_HTML_ITEM = re.compile(r"<li\b[^>]*>", re.IGNORECASE)
_HTML_TAG = re.compile(r"<[a-zA-Z/][^>]*>")
_PLAIN_HEADING = re.compile(
    r"^\d*\s*(?:key\s+|main\s+)?(?:inclusion|exclusion)s?(?:\s+criteri(?:a|on))?\s*(?:[:.]|$)", re.IGNORECASE
)
_NOT_A_LEAD = {"no", "not", "none", "any", "see", "all", "meets", "meet"}
#: an outline number before a heading: "III.6 EXCLUSION CRITERIA", "3.2 Inclusion criteria:"
_OUTLINE = re.compile(r"^(?:[IVXLC]+|\d+)(?:\.\d+)+\.?\s+(?=[A-Za-z])")
#: a parenthesis naming the other word as a synonym: "Exclusion Criteria (Non inclusion criteria):"
_SYNONYM = re.compile(r"\s*\((?:non[\s-]*)?(?:inclusion|exclusion)[^)]{0,40}\)", re.IGNORECASE)
#: a heading run into its first item without a colon: "Exclusion criteria Patients with delayed ..."
_RUN_IN = re.compile(
    r"^(?P<word>inclusion|exclusion)\s+criteria\s+(?P<rest>(?-i:[A-Z])\S*(?:\s+\S+){4,}.*)(?<!:)$", re.IGNORECASE
)


def unescape_markdown(text: str) -> str:
    r"""Undo the registry's markdown escapes and bold markers.

    >>> unescape_markdown(r"PSA \</=20 ng/ml, **not** \[previously\] treated \*")
    'PSA </=20 ng/ml, not [previously] treated *'
    """
    return _ESCAPE.sub(r"\1", _BOLD.sub("", text))


@dataclass(slots=True)
class _Item:
    kind: str
    number: str | None
    indent: int
    lines: list[str] = field(default_factory=list)

    def criterion(self) -> Criterion:
        return Criterion(kind=self.kind, text="\n".join(self.lines).strip(), number=self.number)


@dataclass(slots=True)
class _Line:
    indent: int
    marker: re.Match[str] | None
    body: str
    label: str | None = None  # a label cut out of a run-on line

    @property
    def number(self) -> str | None:
        if self.marker is None:
            return self.label
        return self.marker["paren"] or self.marker["num"] or self.marker["letter"]


def _heading(text: str, *, marked: bool) -> tuple[str, str] | None:
    """``(kind, rest)`` when a marker-stripped line is a section heading, else ``None``."""
    if not marked and (run_in := _RUN_IN.match(text)):
        return run_in["word"].upper(), run_in["rest"]
    unqualified = _SYNONYM.sub("", text)
    if re.search(r"inclusion", unqualified, re.I) and re.search(r"exclusion", unqualified, re.I):
        if _NON_INCLUSION.match(text):
            return "EXCLUSION", ""  # "No inclusion / Exclusion Criteria:" (NCT02519556)
        return None
    if not marked and (ending := _ENDING_HEADING.match(text)) and len(ending["lead"].split()) <= 12:
        return ending["word"].upper(), ""  # "CP/CPPS cohort exclusion criteria:"
    match = _HEADING.match(text)
    if match is None:
        return None
    lead, colon = match["lead"].split(), match["colon"]
    if colon == "." and match["rest"] and marked:
        return None  # "* Exclusion criteria. Patients who ..." reads as a sentence
    if lead and ((marked and colon is None) or not _is_title_lead(lead)):
        return None  # "* Not fulfilling inclusion criteria": an item that mentions the word
    word = (match["word"] or match["bare"]).upper()
    return word, (match["rest"] or "").strip()


def _split_inline_headings(raw: str) -> list[str]:
    """A line cut before each heading inside it, when what precedes is an item, not a qualifier.

    "* Stable relationship Exclusion Criteria:" and "... activity. Exclusion Criteria: ..." are
    cut; "Key Inclusion Criteria:" and "Erectile dysfunction cohort Exclusion Criteria:" are not.
    """
    pieces = _INLINE_HEADING.split(raw)
    kept = [pieces[0]]
    for piece in pieces[1:]:
        before = kept[-1].strip()
        marker = _MARKER.match(before)
        words = len((before[marker.end() :] if marker else before).split())
        refers = ":" not in piece and before.split()[-1].casefold() in _REFERS_TO  # "meet the Exclusion Criteria"
        if words > 2 and not refers and (marker or ":" in before or before[-1] in ".;)"):
            kept.append(piece)
        else:
            kept[-1] = f"{kept[-1]} {piece}"
    return kept


def _html_to_text(text: str) -> str:
    """Some records hold HTML (``<p>Inclusion Criteria:</p><ul><li>...``): one item per ``<li>``."""
    if "<" not in text or (not _HTML_ITEM.search(text) and not _HTML_BREAK.search(text)):
        return text
    text = _HTML_ITEM.sub("\n* ", _HTML_BREAK.sub("\n", text))
    return html.unescape(_HTML_TAG.sub("", text))


def _is_title_lead(words: list[str]) -> bool:
    """Heading qualifiers are capitalised names ("Key", "Sibling", "Disease-specific")."""
    return all((word[0].isupper() or word[0].isdigit()) and word.lower() not in _NOT_A_LEAD for word in words)


def _parse_line(raw: str) -> _Line:
    """Indentation, marker and marker-stripped text of one line."""
    line = unescape_markdown(raw.expandtabs(4)).replace("\uff1a", ":").rstrip()  # fullwidth colon too
    stripped = line.lstrip()
    if stripped.startswith("#"):
        stripped = stripped.lstrip("#").lstrip()
    marker = _MARKER.match(stripped)
    body = stripped[marker.end() :] if marker else stripped
    if marker is not None and marker["bullet"] and (label := _MARKER.match(body)) and label["num"]:
        marker, body = label, body[label.end() :]  # "* 2. Need to ..." is item 2
    return _Line(indent=len(line) - len(stripped), marker=marker, body=body.strip())


def _run_on(line: _Line) -> list[_Line]:
    """A line "(1) A (2) B (3) C" cut into its items, when it starts at label 1.

    Only a run of consecutive labels in the line's own style is cut, so a sub-list inside
    one criterion ("such as: (1) ... (2) ...") stays in that criterion.
    """
    marker = line.marker
    if marker is None or line.number != "1" or marker.group(0).strip() not in {"(1)", "1)"}:
        return [line]
    style = "({})" if marker.group(0).startswith("(") else "{})"
    parts, body, expected = [], line.body, 2
    while (cut := body.find(f" {style.format(expected)} ")) > 0:
        parts.append(body[:cut].strip())
        body = body[cut + len(style.format(expected)) + 2 :]
        expected += 1
    parts.append(body.strip())
    return [
        _Line(indent=line.indent, marker=marker if index == 0 else None, body=part, label=str(index + 1))
        for index, part in enumerate(parts)
    ]


def split_criteria(text: str | None) -> list[Criterion]:
    """The criteria items of an eligibility text, in order, each with its kind and label.

    >>> items = split_criteria("Inclusion Criteria:\\n\\n1. Age >= 18\\n2. Signed consent\\n\\n"
    ...                        "Exclusion Criteria:\\n\\n* Pregnancy\\n  * or breastfeeding")
    >>> [(c.kind, c.number, c.text) for c in items]  # doctest: +NORMALIZE_WHITESPACE
    [('INCLUSION', '1', 'Age >= 18'), ('INCLUSION', '2', 'Signed consent'),
     ('EXCLUSION', None, 'Pregnancy\\n* or breastfeeding')]
    """
    builder = _Builder()
    for raw in _html_to_text(text or "").splitlines():
        for piece in _split_inline_headings(raw):
            for line in _run_on(_parse_line(piece)):
                builder.add(line)
    criteria = (item.criterion() for item in builder.items)
    return [criterion for criterion in criteria if criterion.text]


class _Builder:
    """Collects items line by line; the state is the current kind, item and blank-line flag."""

    def __init__(self) -> None:
        self.items: list[_Item] = []
        self.kind = INCLUSION
        self.current: _Item | None = None
        self.blank = False

    def add(self, line: _Line) -> None:
        if not line.body and line.marker is None:
            self.blank = True
            return
        body = _OUTLINE.sub("", line.body) if line.marker is None else line.body
        heading = _heading(body, marked=line.marker is not None)
        if heading is not None:
            self.kind, rest = heading
            self.current = None
            plain = _SYNONYM.sub("", body)
            if not (
                _PLAIN_HEADING.match(plain) or _NON_INCLUSION.match(plain) or _RUN_IN.match(plain)
            ):  # keep a scope: "Inclusion Criteria for Controls:"
                self._start(line.number, line.indent, line.body)
            elif any(char.isalnum() for char in rest):  # "Exclusion Criteria: none", "Inclusion Criteria:1. ..."
                self._item(_parse_line(rest))
        else:
            self._item(line)
        self.blank = False

    def _item(self, line: _Line) -> None:
        """Add a line to the current item (continuation, sub-item) or start the next one."""
        current = self.current
        if current is not None and line.marker is not None and line.indent > current.indent:
            current.lines.append(f"{line.marker.group(0).strip()} {line.body}".rstrip())
        elif (
            current is not None
            and line.marker is None
            and line.label is None
            and (not self.blank or line.indent > current.indent)
        ):
            current.lines[-1] = f"{current.lines[-1]} {line.body}".lstrip()
        else:
            self._start(line.number, line.indent, line.body)

    def _start(self, number: str | None, indent: int, body: str) -> None:
        self.current = _Item(kind=self.kind, number=number, indent=indent, lines=[body])
        self.items.append(self.current)
