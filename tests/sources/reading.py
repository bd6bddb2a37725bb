"""Reading files the way a build does, for the reader tests."""

from __future__ import annotations

from pathlib import Path

from kg.model import Problem, Study
from kg.sources import RecordError, raw_records
from kg.sources.ctgov_json.reader import parse


def read_all(paths: list[Path]) -> tuple[list[Study], list[Problem]]:
    """What a build would get: parsed studies, and problems (from splitting or ``RecordError``)."""
    studies, problems = [], []
    for item in raw_records(paths):
        if isinstance(item, Problem):
            problems.append(item)
            continue
        try:
            studies.append(parse(item).study)
        except RecordError as err:
            problems.append(Problem(origin=item.origin, reason=str(err)))
    return studies, problems
