"""The reader contract, and what every reader hands the pipeline: raw records, parsed studies, problems.

Reading is split in two so the costly half runs in worker processes: ``split`` walks a file
cheaply in the main process and yields one ``RawRecord`` per trial (or a ``Problem`` when a
piece of the file cannot even be cut out); ``parse(record)`` turns one raw record into a
``Study`` and raises ``RecordError`` when that record is unusable. A reader is a module
(``kg/sources/<format>/reader.py``) that satisfies ``Reader``; ``tests/sources/test_registry.py``
checks every registered one against it.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, BinaryIO, Protocol, runtime_checkable

from kg.model import Origin, Problem, Study


class RecordError(ValueError):
    """One record cannot be read; the message says why, in words a user can act on."""


@dataclass(slots=True, kw_only=True)
class RawRecord:
    """One trial's undigested source: bytes, text, or an already-decoded JSON object.

    Must stay picklable: it crosses into worker processes.
    """

    origin: Origin
    payload: Any


@dataclass(slots=True, kw_only=True)
class Parsed:
    """A study read from one record, with warnings about facts it could not take."""

    study: Study
    warnings: list[str] = field(default_factory=list)


@runtime_checkable
class Reader(Protocol):
    """What a reader module provides: its format name and the three steps of reading."""

    #: the format's one lower-kebab name (``ctgov-json``), as problems and summaries name it
    FORMAT: str

    def sniff(self, head: bytes) -> bool:
        """Does this start of a file (up to 4 KiB) look like my format?"""
        ...

    def split(self, stream: BinaryIO, *, path: str, prefix: str = "") -> Iterator[RawRecord | Problem]:
        """Cut one file (or one ZIP entry) into per-trial raw records, cheaply."""
        ...

    def parse(self, record: RawRecord) -> Parsed:
        """Read one record into a ``Study``; raise ``RecordError`` when it cannot be read."""
        ...
