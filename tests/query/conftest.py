"""What every catalogue test reads: the store built from the shared API v2 records, and those
records' JSON by NCT id (the independent path the expected answers are counted from)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kg.store import TrialStore


@pytest.fixture(scope="module")
def store(v2_build: Path) -> TrialStore:
    return TrialStore.open(v2_build)


@pytest.fixture(scope="module")
def records(v2_json_dir: Path) -> dict[str, dict]:
    out = {}
    for path in sorted(v2_json_dir.glob("*.json")):
        study = json.loads(path.read_bytes())
        out[study["protocolSection"]["identificationModule"]["nctId"]] = study
    return out
