"""How a JSON file lays out its records: one object, a page, an array, or JSON Lines.

The layout is read from the first bytes only (the first two lines, at most
``LINE_CAP`` bytes), and those bytes are replayed, so the file is read once, front to back,
and never held whole unless it is a single object. Kept apart from the v2 reader so any
JSON reader (a v1 or AACT one) can reuse it.
"""

from __future__ import annotations

import io
import json
from dataclasses import dataclass
from typing import BinaryIO

__all__ = ["LINE_CAP", "Layout", "Replay", "detect_layout", "json_error_reason"]

CHUNK = 1 << 16
#: the longest first line read to decide "JSON Lines or not"; longer first lines are streamed.
LINE_CAP = 1 << 24
_BOM = b"\xef\xbb\xbf"


class Replay(io.RawIOBase):
    """A stream that gives back bytes already read (to sniff the layout), then the rest."""

    def __init__(self, head: bytes, rest: BinaryIO) -> None:
        self._head = head
        self._at = 0
        self._rest = rest

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        if self._at < len(self._head):
            chunk = self._head[self._at : self._at + len(buffer)]
            self._at += len(chunk)
        else:
            chunk = self._rest.read(len(buffer))
        buffer[: len(chunk)] = chunk
        return len(chunk)


@dataclass(slots=True, kw_only=True)
class Layout:
    """``kind`` is ``object``, ``page``, ``array``, ``lines`` or ``invalid`` (then ``reason`` says why)."""

    kind: str
    stream: BinaryIO
    prefix: str = ""  # the ijson path of the records, for ``page`` and ``array``
    reason: str = ""


def detect_layout(stream: BinaryIO) -> Layout:
    """The layout of a JSON stream, with a stream that starts again from its first byte."""
    head = _read_head(stream)
    replay = io.BufferedReader(Replay(head, stream), buffer_size=CHUNK)
    body = head.removeprefix(_BOM).lstrip()
    if not body:
        return Layout(kind="invalid", stream=replay, reason="empty file: no JSON in it")
    if body[:1] == b"[":
        return Layout(kind="array", stream=replay, prefix="item")
    if body[:1] != b"{":
        return Layout(kind="invalid", stream=replay, reason=f"not JSON: the file starts with {body[:20]!r}")
    if _is_json_lines(body):
        return Layout(kind="lines", stream=replay)
    if "studies" in _top_keys(body):
        return Layout(kind="page", stream=replay, prefix="studies.item")
    return Layout(kind="object", stream=replay)


def _read_head(stream: BinaryIO) -> bytes:
    """The first bytes: at least one chunk, more until two lines are in or ``LINE_CAP`` is reached."""
    head = bytearray()
    while len(head) < LINE_CAP:
        chunk = stream.read(CHUNK)
        if not chunk:
            break
        head += chunk
        if head.lstrip().count(b"\n") >= 2:
            break
    return bytes(head)


def _is_json_lines(body: bytes) -> bool:
    """Two non-blank lines, and the first or second is a whole JSON object by itself.

    A pretty-printed object never has a whole object on its first or second line; JSON Lines
    always does, unless both of its first lines are broken.
    """
    lines = [line for line in body.split(b"\n", 2)[:2] if line.strip()]
    if len(lines) < 2:
        return False
    return any(_is_object(line) for line in lines)


def _is_object(line: bytes) -> bool:
    try:
        return isinstance(json.loads(line), dict)
    except ValueError:  # JSONDecodeError and UnicodeDecodeError
        return False


def _top_keys(body: bytes) -> set[str]:
    """The keys of the top-level object seen in the first bytes (stops at the first error)."""
    import ijson  # imported on use: sniffing must stay cheap

    keys: set[str] = set()
    try:
        for prefix, event, value in ijson.parse(io.BytesIO(body[:CHUNK])):
            if prefix == "" and event == "map_key":
                keys.add(value)
    except (ijson.JSONError, UnicodeDecodeError, ValueError):
        pass  # the head ends mid-value: the keys seen so far are enough
    return keys


def json_error_reason(err: Exception) -> str:
    """A one-line reason for a streaming JSON error (ijson's messages span several lines)."""
    if isinstance(err, UnicodeDecodeError):
        return f"not UTF-8 text (byte 0x{err.object[err.start : err.start + 1].hex()})"
    message = err.args[0] if err.args else str(err)
    if isinstance(message, bytes):
        message = message.decode("utf-8", "replace")
    first = str(message).strip().splitlines()[0] if str(message).strip() else type(err).__name__
    if "UTF8" in first or "UTF-8" in first:
        return f"not UTF-8 text ({first.rstrip('.')})"
    if "premature EOF" in first:
        return "truncated JSON (the file ends inside a value)"
    return f"invalid JSON ({first.rstrip('.')})"
