"""Readers of trial records, one module per input format, found by sniffing content.

Each reader module declares ``FORMAT`` (its lower-kebab name) and three functions:

- ``sniff(head: bytes) -> bool``: does this start of a file look like my format?
- ``split(stream: BinaryIO, *, path: str, prefix: str = "") -> Iterator[RawRecord | Problem]``:
  cut one file (or one ZIP entry) into per-trial raw records, cheaply;
- ``parse(record: RawRecord) -> Parsed``: read one record into a ``Study``, raising
  ``RecordError`` when it cannot.

A new format is one module plus one line in ``READERS``. ZIP archives are not a format of
their own: each entry is sniffed and handed to its reader, streamed one entry at a time.
Nor is gzip: a file starting with the gzip magic is decompressed as it is read (``kg fetch
--gzip`` writes ``studies.jsonl.gz``), whatever its name.
"""

from __future__ import annotations

import gzip
import importlib
import zipfile
import zlib
from collections.abc import Iterable, Iterator
from pathlib import Path
from types import ModuleType
from typing import BinaryIO

from kg.model import Origin, Problem
from kg.sources.base import Parsed, RawRecord, RecordError

__all__ = ["READERS", "Parsed", "RawRecord", "RecordError", "detect", "raw_records", "reader"]

#: format name -> module, imported on first use.
READERS: dict[str, str] = {
    "ctgov-json": "kg.sources.ctgov_json",
    "page-text": "kg.sources.page_text",
    "ctgov-xml": "kg.sources.ctgov_xml",
}

SNIFF_BYTES = 4096
ZIP_MAGIC = b"PK\x03\x04"
GZIP_MAGIC = b"\x1f\x8b"


def reader(name: str) -> ModuleType:
    """The reader module for a format name; an unknown name lists the known ones."""
    try:
        return importlib.import_module(READERS[name])
    except KeyError:
        raise ValueError(f"unknown input format {name!r}; known formats: {', '.join(sorted(READERS))}") from None


def detect(head: bytes) -> str | None:
    """The format whose reader recognises this start of a file, or ``None``."""
    for name in READERS:
        if reader(name).sniff(head):
            return name
    return None


def raw_records(paths: Iterable[Path | str]) -> Iterator[RawRecord | Problem]:
    """Every raw record under the given files and folders, in a stable order.

    Folders are walked recursively in sorted order; hidden files are skipped. Files that
    no reader recognises become problems, never exceptions.
    """
    for path in _expand(paths):
        yield from _file_records(path)


def _expand(paths: Iterable[Path | str]) -> Iterator[Path]:
    for item in paths:
        path = Path(item)
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                if child.is_file() and not any(part.startswith(".") for part in child.relative_to(path).parts):
                    yield child
        else:
            yield path


def _file_records(path: Path) -> Iterator[RawRecord | Problem]:
    try:
        with path.open("rb") as stream:
            head = stream.read(SNIFF_BYTES)
            stream.seek(0)
            if head.startswith(ZIP_MAGIC):
                yield from _zip_records(path)
            elif head.startswith(GZIP_MAGIC):
                yield from _gzip_records(path)
            else:
                yield from _stream_records(stream, head, path=str(path), prefix="")
    except OSError as err:
        yield Problem(origin=Origin(path=str(path), position="file", format="unknown"), reason=str(err))


def _stream_records(stream: BinaryIO, head: bytes, *, path: str, prefix: str) -> Iterator[RawRecord | Problem]:
    where = prefix.rstrip(" :") or "file"
    if not head.strip():
        yield Problem(origin=Origin(path=path, position=where, format="unknown"), reason="empty file: no records")
        return
    name = detect(head)
    if name is None:
        yield Problem(
            origin=Origin(path=path, position=where, format="unknown"),
            reason=f"not a recognised trial record format (known: {', '.join(sorted(READERS))})",
        )
        return
    yield from reader(name).split(stream, path=path, prefix=prefix)


def _gzip_records(path: Path) -> Iterator[RawRecord | Problem]:
    """The records of a gzip-compressed file, decompressed as they are read."""
    try:
        with gzip.open(path, "rb") as stream:
            head = stream.read(SNIFF_BYTES)
            stream.seek(0)
            yield from _stream_records(stream, head, path=str(path), prefix="")
    except (OSError, EOFError, zlib.error) as err:  # BadGzipFile is an OSError
        yield Problem(origin=Origin(path=str(path), position="file", format="gzip"), reason=f"broken gzip file: {err}")


def _zip_records(path: Path) -> Iterator[RawRecord | Problem]:
    """Each entry of a ZIP archive, read one at a time so the archive is never loaded whole."""
    try:
        archive = zipfile.ZipFile(path)
    except zipfile.BadZipFile as err:
        yield Problem(origin=Origin(path=str(path), position="file", format="zip"), reason=f"broken ZIP archive: {err}")
        return
    with archive:
        for info in archive.infolist():
            if info.is_dir():
                continue
            prefix = f"entry {info.filename}: "
            try:
                with archive.open(info) as entry:
                    head = entry.read(SNIFF_BYTES)
                with archive.open(info) as entry:
                    yield from _stream_records(entry, head, path=str(path), prefix=prefix)
            except (zipfile.BadZipFile, OSError, EOFError, ValueError) as err:
                yield Problem(
                    origin=Origin(path=str(path), position=prefix.rstrip(" :"), format="zip"),
                    reason=f"unreadable ZIP entry: {err}",
                )
