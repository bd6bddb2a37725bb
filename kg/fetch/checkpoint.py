"""Where a fetch stands, on disk, so a run killed half way continues and writes no study twice.

Three things are kept in step after every page: the output file (studies appended), an
append-only list of the NCT ids written (``.fetch-checkpoint.ids``, one per line) and the
checkpoint itself (``.fetch-checkpoint.json``: the query, the next page token, the counts,
and the byte sizes of the other two). The checkpoint is written last, atomically (a temporary
file renamed over the old one), so it always describes a state that was fully on disk. On
resume, whatever a killed run appended after its last checkpoint is cut off, so the page it
was writing is fetched and written again, whole and once.

Both files are hidden (their names start with a dot), so ``kg build`` on the fetch folder
reads only the studies.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

__all__ = ["CHECKPOINT", "IDS", "Checkpoint"]

CHECKPOINT = ".fetch-checkpoint.json"
IDS = ".fetch-checkpoint.ids"


@dataclass(slots=True, kw_only=True)
class Checkpoint:
    """The state of one fetch: what was asked, how far it got, and what it wrote."""

    params: dict[str, str]
    output: str
    next_page_token: str | None = None
    pages: int = 0
    written: int = 0
    duplicates: int = 0
    total: int | None = None
    output_bytes: int = 0
    ids_bytes: int = 0
    done: bool = False
    started: str = ""
    data_timestamp: str | None = None
    seen: set[str] = field(default_factory=set, repr=False)

    @classmethod
    def load(cls, folder: Path) -> Checkpoint | None:
        """The checkpoint in ``folder`` with its written ids, or ``None`` when there is none."""
        path = folder / CHECKPOINT
        if not path.exists():
            return None
        data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
        point = cls(**{k: v for k, v in data.items() if k in cls.__dataclass_fields__ and k != "seen"})
        ids = folder / IDS
        if ids.exists():
            with ids.open("rb") as stream:
                text = stream.read(point.ids_bytes).decode("ascii")
            point.seen = set(text.split())
        return point

    def matches(self, params: dict[str, str], output: str) -> bool:
        """Is this checkpoint for the same query and output file (so resuming it is right)?"""
        return self.params == params and self.output == output

    def truncate(self, folder: Path) -> None:
        """Cut the output and the id list back to what this checkpoint vouches for."""
        for name, size in ((self.output, self.output_bytes), (IDS, self.ids_bytes)):
            path = folder / name
            if path.exists() and path.stat().st_size > size:
                with path.open("r+b") as stream:
                    stream.truncate(size)

    def record_page(self, folder: Path, ids: list[str], next_token: str | None) -> None:
        """After a page's studies are in the output: append their ids, then save the checkpoint."""
        with (folder / IDS).open("ab") as stream:
            stream.write("".join(f"{nct}\n" for nct in ids).encode("ascii"))
            stream.flush()
            os.fsync(stream.fileno())
        self.seen.update(ids)
        self.pages += 1
        self.written += len(ids)
        self.next_page_token = next_token
        self.done = next_token is None
        self.output_bytes = (folder / self.output).stat().st_size
        self.ids_bytes = (folder / IDS).stat().st_size
        self.save(folder)

    def save(self, folder: Path) -> None:
        """Write the checkpoint atomically: a reader never sees half of it."""
        data = {f.name: getattr(self, f.name) for f in fields(self) if f.name != "seen"}
        temporary = folder / (CHECKPOINT + ".tmp")
        with temporary.open("w", encoding="utf-8") as stream:
            json.dump(data, stream, indent=2)
            stream.write("\n")
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, folder / CHECKPOINT)

    @staticmethod
    def discard(folder: Path) -> None:
        """Forget any earlier run in ``folder`` (its output is overwritten by the next)."""
        for name in (CHECKPOINT, IDS, CHECKPOINT + ".tmp"):
            (folder / name).unlink(missing_ok=True)
