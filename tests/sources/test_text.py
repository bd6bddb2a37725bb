"""Control characters in the registry's text: every reader applies kg/sources/text.py's rule
(C0 controls but tab/newline/CR become a space, non-characters U+FFFD) and says which field it
changed; the rest of the record is read as before."""

from __future__ import annotations

import json
from pathlib import Path

from kg.model import Origin
from kg.sources.ctgov_json import reader as ctgov_json
from kg.sources.page_text import reader as page_text
from kg.sources.reader import RawRecord


def _parse_json(study: dict):
    origin = Origin(path="edited.json", position="study", format=ctgov_json.FORMAT)
    return ctgov_json.parse(RawRecord(origin=origin, payload=json.dumps(study).encode()))


def test_json_reader_replaces_control_characters_and_names_each_field(v2_json_dir: Path) -> None:
    path = next(p for p in sorted(v2_json_dir.glob("*.json")) if "locations" in p.read_text(encoding="utf-8"))
    study = json.loads(path.read_text(encoding="utf-8"))
    p = study["protocolSection"]
    title = p["identificationModule"]["briefTitle"]
    condition = p["conditionsModule"]["conditions"][0]
    facility = p["contactsLocationsModule"]["locations"][0]["facility"]
    untouched = _parse_json(study)
    assert untouched.warnings == [] or all("U+" not in w for w in untouched.warnings)
    head, _, tail = title.rpartition(" ")
    p["identificationModule"]["briefTitle"] = head.replace(" ", "\x0b", 1) + "\x1f" + tail
    p["conditionsModule"]["conditions"][0] = condition + "\ud800"
    p["contactsLocationsModule"]["locations"][0]["facility"] = "\x00" + facility
    parsed = _parse_json(study)
    assert parsed.study.brief_title == title
    assert parsed.study.conditions[0].name == condition + "\ufffd"
    assert parsed.study.sites[0].facility == " " + facility
    replaced = sorted(w for w in parsed.warnings if "replaced U+" in w)
    assert replaced == [
        "brief_title: replaced U+000B (1) with a space; U+001F (1) with a space",
        "conditions[0].name: replaced U+D800 (1) with U+FFFD",
        "sites[0].facility: replaced U+0000 (1) with a space",
    ]
    # nothing else moved: the same study but for the three fields
    parsed.study.brief_title = untouched.study.brief_title
    parsed.study.conditions[0].name = untouched.study.conditions[0].name
    parsed.study.sites[0].facility = untouched.study.sites[0].facility
    assert parsed.study == untouched.study


def test_page_text_reader_applies_the_same_rule(seed_page: Path) -> None:
    text = seed_page.read_text(encoding="utf-8")
    first_line = text.splitlines()[0]
    edited = text.replace(first_line, first_line + "\x0c(revised)", 1)
    origin = Origin(path="edited.page.txt", position="page", format=page_text.FORMAT)
    parsed = page_text.parse(RawRecord(origin=origin, payload=edited.encode()))
    assert "\x0c" not in (parsed.study.brief_title or "") and "(revised)" in parsed.study.brief_title
    assert "brief_title: replaced U+000C (1) with a space" in parsed.warnings
