"""What every reader hands the pipeline: raw records to parse, parsed studies, problems.

Reading is split in two so the costly half runs in worker processes: ``records(path)``
walks a file cheaply in the main process and yields one ``RawRecord`` per trial (or a
``Problem`` when a piece of the file cannot even be cut out); ``parse(record)`` turns one
raw record into a ``Study`` and raises ``RecordError`` when that record is unusable.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from kg.model import Origin, Study


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
