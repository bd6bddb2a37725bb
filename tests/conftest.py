"""Shared test fixtures: where the real registry records live, and a skip when they do not."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parents[1]
SHARED_DATA = PROJECT.parent / "shared" / "data"
CTGOV = SHARED_DATA / "ctgov"
V2_JSON = CTGOV / "v2-json"
LEGACY_XML = CTGOV / "legacy-xml"
SEED_PAGE = SHARED_DATA / "seed" / "NCT04632225.page.txt"


def _require(path: Path) -> Path:
    if not path.exists():
        pytest.skip(f"shared data not found at {path} (clone the project beside ../shared to run this test)")
    return path


@pytest.fixture(scope="session")
def v2_json_dir() -> Path:
    """The 3,232 real API v2 study files in ../shared."""
    return _require(V2_JSON)


@pytest.fixture(scope="session")
def legacy_xml_dir() -> Path:
    """The 1,771 real legacy XML study files in ../shared."""
    return _require(LEGACY_XML)


@pytest.fixture(scope="session")
def seed_page() -> Path:
    """The rendered trial page our first users have."""
    return _require(SEED_PAGE)


@pytest.fixture(scope="session")
def v2_studies(v2_json_dir: Path) -> dict[str, dict]:
    """NCT id -> the real API v2 record as plain JSON: the independent side of graph tests."""
    studies = {}
    for path in sorted(v2_json_dir.glob("*.json")):
        study = json.loads(path.read_text(encoding="utf-8"))
        studies[study["protocolSection"]["identificationModule"]["nctId"]] = study
    return studies


@pytest.fixture(scope="session")
def sample_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled sample built once; the build's output folder (``store/`` inside)."""
    from kg.build import BuildOptions, build
    from kg.resources import SAMPLE

    out = tmp_path_factory.mktemp("sample-build")
    build(BuildOptions(inputs=[SAMPLE], out=out, workers=1, write_files=False))
    return out


@pytest.fixture(scope="session")
def v2_build(v2_json_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """All 3,232 real API v2 records built once per test session; the build's output folder.

    Tests that read a built graph (validate, query, export) share this one build.
    """
    from kg.build import BuildOptions, build

    out = tmp_path_factory.mktemp("v2-build")
    build(BuildOptions(inputs=[v2_json_dir], out=out, workers=2, write_files=False, validate=False))
    return out
