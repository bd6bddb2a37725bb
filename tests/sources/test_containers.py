"""Gzip-compressed input is read as what it holds, whatever its name; a broken one is a problem."""

from __future__ import annotations

import gzip
from pathlib import Path

from kg.model import Problem
from kg.resources import SAMPLE
from kg.sources import RawRecord, raw_records

SAMPLE_FILES = sorted((SAMPLE / "ctgov-json").glob("*.json"))


def _jsonl(paths: list[Path]) -> bytes:
    return b"".join(p.read_bytes().replace(b"\n", b"") + b"\n" for p in paths)


def test_gzip_json_lines_are_read_line_by_line(tmp_path: Path) -> None:
    path = tmp_path / "studies.data"  # no telling suffix: the magic bytes decide
    path.write_bytes(gzip.compress(_jsonl(SAMPLE_FILES[:3])))
    records = list(raw_records([path]))
    assert all(isinstance(r, RawRecord) for r in records)
    assert [r.origin.position for r in records] == ["line 1", "line 2", "line 3"]
    assert {r.origin.format for r in records} == {"ctgov-json"}


def test_concatenated_gzip_members_read_as_one_file(tmp_path: Path) -> None:
    path = tmp_path / "studies.jsonl.gz"
    path.write_bytes(gzip.compress(_jsonl(SAMPLE_FILES[:2])) + gzip.compress(_jsonl(SAMPLE_FILES[2:5])))
    assert len([r for r in raw_records([path]) if isinstance(r, RawRecord)]) == 5


def test_a_truncated_gzip_file_is_a_problem_not_a_crash(tmp_path: Path) -> None:
    path = tmp_path / "studies.jsonl.gz"
    whole = gzip.compress(_jsonl(SAMPLE_FILES[:5]))
    path.write_bytes(whole[: len(whole) // 2])
    items = list(raw_records([path]))
    assert isinstance(items[-1], Problem)
    assert "gzip" in items[-1].reason or "could not read" in items[-1].reason
