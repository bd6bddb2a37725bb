"""Fixtures for the export tests: small real builds in temporary folders.

``sample_build`` is the bundled sample (39 real registry records and more); ``nasty_build``
is two real records whose text was replaced by everything that breaks naive CSV.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

LONG = ('He said "no". Crohn\'s, colitis; ' * 2000 + "\n") * 5  # ~330 kB, quotes, commas, newlines
NASTY = {
    "briefTitle": 'Crohn\'s "Disease": commas, semicolons; and a\nnewline',
    "keywords": [
        "semi;colon",
        "comma, inside",
        'double "quoted"',
        "Crohn's",
        "two\nlines",
        "pipe | bar",
        "unit\x1fseparator",
        "back\\slash\\",
        'ends with quote"',
    ],
    "conditions": ["Crohn's Disease; Ulcerative Colitis", 'Asthma, "Severe"'],
    "detailedDescription": LONG,
    "sponsor": 'O\'Brien "Trials", Inc; Research',
}


def _nasty_record(path: Path, nct: str) -> dict:
    study = json.loads(path.read_text(encoding="utf-8"))
    p = study["protocolSection"]
    p["identificationModule"]["nctId"] = nct
    p["identificationModule"]["briefTitle"] = NASTY["briefTitle"]
    p["conditionsModule"]["keywords"] = NASTY["keywords"]
    p["conditionsModule"]["conditions"] = NASTY["conditions"]
    p.setdefault("descriptionModule", {})["detailedDescription"] = NASTY["detailedDescription"]
    p["sponsorCollaboratorsModule"]["leadSponsor"]["name"] = NASTY["sponsor"]
    return study


@pytest.fixture(scope="session")
def sample_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled sample built once; the build's output folder (``store/`` inside)."""
    from kg.build import SAMPLE, BuildOptions, build

    out = tmp_path_factory.mktemp("sample-build")
    build(BuildOptions(inputs=[SAMPLE], out=out, workers=1, write_files=False))
    return out


@pytest.fixture(scope="session")
def nasty_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Two real records carrying the text in ``NASTY``, built; the output folder."""
    from kg.build import SAMPLE, BuildOptions, build

    sources = sorted((SAMPLE / "ctgov-json").glob("*.json"))[:2]
    inputs = tmp_path_factory.mktemp("nasty-input")
    for n, path in enumerate(sources):
        nct = f"NCT0999999{n}"
        (inputs / f"{nct}.json").write_text(json.dumps(_nasty_record(path, nct)), encoding="utf-8")
    out = tmp_path_factory.mktemp("nasty-build")
    build(BuildOptions(inputs=[inputs], out=out, workers=1, write_files=False))
    return out


def open_store(build_out: Path):
    """The build's store, read only, as a pyoxigraph store."""
    from kg.store import TrialStore

    return TrialStore(build_out / "store", read_only=True).oxigraph


@pytest.fixture(scope="session")
def ladybug_module():
    """The LadybugDB package, or a skip that says how to get it."""
    return pytest.importorskip("ladybug", reason="LadybugDB not installed: pip install -e '.[test]' (PyPI ladybug)")
