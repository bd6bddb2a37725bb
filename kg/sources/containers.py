"""Files, folders, ZIP archives and gzip: the containers records come in, whatever their format.

Folders are walked recursively in sorted order; each file (or ZIP entry) is sniffed and cut
into records by its format's reader. A ZIP archive is read one entry at a time, never whole;
a gzip file is decompressed as it is read. Nothing here raises on bad input: an unreadable
file, archive or entry becomes a ``Problem`` naming it.
"""

from __future__ import annotations

import gzip
import zipfile
import zlib
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

from kg.model import Origin, Problem
from kg.sources.reader import RawRecord
from kg.sources.registry import READERS, detect, reader

SNIFF_BYTES = 4096
ZIP_MAGIC = b"PK\x03\x04"
GZIP_MAGIC = b"\x1f\x8b"


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
                yield from zip_records(path)
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


def zip_records(path: Path, start: int = 0, stop: int | None = None) -> Iterator[RawRecord | Problem]:
    """The records of entries ``start:stop`` of a ZIP archive, read one entry at a time, never whole.

    Entries are counted in the archive's own order, directories included. A range lets several
    workers share one archive (``kg.distributed``), each reading only its entries, with the same
    positions and problems as a reading of the whole archive.
    """
    try:
        archive = zipfile.ZipFile(path)
    except zipfile.BadZipFile as err:
        yield Problem(origin=Origin(path=str(path), position="file", format="zip"), reason=f"broken ZIP archive: {err}")
        return
    with archive:
        for info in archive.infolist()[start:stop]:
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


def input_files(paths: Iterable[Path | str]) -> Iterator[Path]:
    """The files ``raw_records`` reads, in its order: folders walked recursively, hidden files skipped."""
    return _expand(paths)
