"""Reader for ClinicalTrials.gov API v2 JSON, in every layout the registry and its users produce.

Layouts: one study object (``NCT01234567.json``, the members of the bulk
``ctg-studies.json.zip``), ``{"study": {...}}``, an API page ``{"studies": [...],
"nextPageToken": ...}``, a JSON array of studies (the website's "Download JSON"), and JSON
Lines (one study per line). Pages and arrays are streamed with ijson, so memory stays flat
however large the file; a single object is passed on as bytes and decoded in ``parse``,
which runs in worker processes.

``sniff`` claims content that starts (after an optional UTF-8 BOM and whitespace) with
``{`` or ``[`` *and* names an API v2 key (``"protocolSection"``, ``"studies"``,
``"study"``, ``"nctId"``...) in its first bytes. Any other JSON is left to other readers, so
the retired v1 API (``"ProtocolSection"``) or an unrelated JSON file is not mistaken for v2;
legacy XML and page text never start with a brace.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any, BinaryIO

import orjson

from kg.model import Origin, Problem
from kg.sources.ctgov_json.layout import Layout, detect_layout, json_error_reason
from kg.sources.ctgov_json.study import study_from_v2
from kg.sources.reader import Parsed, RawRecord, RecordError
from kg.sources.text import replace_unholdable

__all__ = ["FORMAT", "parse", "sniff", "split"]

FORMAT = "ctgov-json"

_BOM = b"\xef\xbb\xbf"
_V2_KEYS = (
    b'"protocolSection"',
    b'"studies"',
    b'"study"',
    b'"nctId"',
    b'"derivedSection"',
    b'"resultsSection"',
    b'"hasResults"',
)


def sniff(head: bytes) -> bool:
    """Does this start of a file look like API v2 JSON?

    >>> sniff(b'\\xef\\xbb\\xbf  {"protocolSection": {"identificationModule": {}}}')
    True
    >>> sniff(b'[{"ProtocolSection": {}}]'), sniff(b'<clinical_study>'), sniff(b'{"a": 1}')
    (False, False, False)
    """
    start = head.removeprefix(_BOM).lstrip()[:1]
    return start in (b"{", b"[") and any(key in head for key in _V2_KEYS)


def split(stream: BinaryIO, *, path: str, prefix: str = "") -> Iterator[RawRecord | Problem]:
    """One raw record per study in the file; a problem (never an exception) for broken content."""

    def origin(position: str) -> Origin:
        return Origin(path=path, position=prefix + position, format=FORMAT)

    try:
        layout = detect_layout(stream)
        if layout.kind == "lines":
            yield from _lines(layout, origin)
        elif layout.kind in ("array", "page"):
            yield from _streamed(layout, origin)
        elif layout.kind == "object":
            yield RawRecord(origin=origin("study"), payload=layout.stream.read())
        else:
            yield Problem(origin=origin("file"), reason=layout.reason)
    except (OSError, EOFError) as err:  # a broken ZIP member, an unreadable disk block
        yield Problem(origin=origin("file"), reason=f"could not read the file: {err}")


def _lines(layout: Layout, origin: Any) -> Iterator[RawRecord | Problem]:
    """JSON Lines: each non-blank line is a record; a bad line spoils only itself."""
    for number, line in enumerate(iter(layout.stream.readline, b""), start=1):
        if line.strip():
            yield RawRecord(origin=origin(f"line {number}"), payload=bytes(line))


def _streamed(layout: Layout, origin: Any) -> Iterator[RawRecord | Problem]:
    """The items of a top-level array or of a page's ``studies``, one at a time."""
    import ijson  # imported on use: sniffing must stay cheap

    label = (lambda n: f"item {n + 1}") if layout.kind == "array" else (lambda n: f"studies[{n}]")
    count = 0
    try:
        for item in ijson.items(layout.stream, layout.prefix, use_float=True):
            if isinstance(item, dict):
                yield RawRecord(origin=origin(label(count)), payload=item)
            else:
                reason = f"not a JSON object but a {type(item).__name__} ({str(item)[:40]!r}): a study is an object"
                yield Problem(origin=origin(label(count)), reason=reason)
            count += 1
    except (ijson.JSONError, UnicodeDecodeError, ValueError) as err:
        where = f"after {label(count - 1)}" if count else "before the first study"
        yield Problem(
            origin=origin(label(count)),
            reason=f"{json_error_reason(err)} {where} ({count} studies before it were read)",
        )


def parse(record: RawRecord) -> Parsed:
    """Read one record (bytes, text or a decoded object) into a ``Study``.

    Raises ``RecordError`` for a record that is not JSON, not an object, not a v2 study or
    has no valid NCT id; odd but usable fields become ``Parsed.warnings``.
    """
    data = _decode(record.payload)
    if isinstance(data, dict) and "protocolSection" not in data and isinstance(data.get("study"), dict):
        data = data["study"]  # {"study": {...}}
    if not isinstance(data, dict):
        raise RecordError(f"not a JSON object but a {type(data).__name__}: an API v2 study is an object")
    if "protocolSection" not in data and isinstance(data.get("studies"), list):
        raise RecordError(f"a page of {len(data['studies'])} studies on one line, not one study")
    study, warnings = study_from_v2(data)
    warnings += replace_unholdable(study)  # kg/sources/text.py: the one rule for control characters
    return Parsed(study=study, warnings=warnings)


def _decode(payload: Any) -> Any:
    """The decoded record. orjson first (5-10x faster than ``json``, a third of a study's parse
    time); anything it refuses (a BOM, NaN, huge integers, bad input) takes the ``json`` path, which
    accepts what it always did and names the problem the way it always did."""
    if isinstance(payload, dict | list):
        return payload
    if isinstance(payload, bytes | bytearray | memoryview | str):
        try:
            return orjson.loads(payload)
        except orjson.JSONDecodeError:
            pass
    if isinstance(payload, bytes | bytearray | memoryview):
        raw = bytes(payload).removeprefix(_BOM)
        try:
            payload = raw.decode("utf-8")
        except UnicodeDecodeError as err:
            bad = raw[err.start : err.start + 1].hex()
            raise RecordError(f"not UTF-8 text: byte 0x{bad} at offset {err.start} (API v2 JSON is UTF-8)") from None
    if not isinstance(payload, str):
        raise RecordError(f"unreadable record payload of type {type(payload).__name__}")
    if not payload.strip():
        raise RecordError("empty record: no JSON in it")
    try:
        return json.loads(payload)
    except json.JSONDecodeError as err:
        raise RecordError(f"invalid JSON at line {err.lineno} column {err.colno}: {err.msg}") from None
