"""Fixtures for the export tests: small real builds in temporary folders.

``nasty_build`` is two real records whose text was replaced by everything that breaks naive
CSV (``sample_build``, the bundled sample, is in the top-level conftest).
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass
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
def nasty_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Two real records carrying the text in ``NASTY``, built; the output folder."""
    from kg.build import BuildOptions, build
    from kg.resources import SAMPLE

    sources = sorted((SAMPLE / "ctgov-json").glob("*.json"))[:2]
    inputs = tmp_path_factory.mktemp("nasty-input")
    for n, path in enumerate(sources):
        nct = f"NCT0999999{n}"
        (inputs / f"{nct}.json").write_text(json.dumps(_nasty_record(path, nct)), encoding="utf-8")
    out = tmp_path_factory.mktemp("nasty-build")
    build(BuildOptions(inputs=[inputs], out=out, workers=1, write_files=False))
    return out


@pytest.fixture(scope="session")
def roles_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Two real sample records, the first edited so its lead sponsor (same name and class) is
    also listed as a collaborator, as NCT05756322 does in the registry; built."""
    from kg.build import BuildOptions, build
    from kg.resources import SAMPLE

    inputs = tmp_path_factory.mktemp("roles-input")
    for n, path in enumerate(sorted((SAMPLE / "ctgov-json").glob("*.json"))[:2]):
        study = json.loads(path.read_text(encoding="utf-8"))
        if n == 0:
            module = study["protocolSection"]["sponsorCollaboratorsModule"]
            module.setdefault("collaborators", []).append(dict(module["leadSponsor"]))
        (inputs / path.name).write_text(json.dumps(study), encoding="utf-8")
    out = tmp_path_factory.mktemp("roles-build")
    build(BuildOptions(inputs=[inputs], out=out, workers=1, write_files=False, validate=False))
    return out


#: Real shared records in ``shared_build``: enough that every node label set of the criteria
#: (the largest) needs several batches at the default batch size of 1,000.
SHARED_RECORDS = 400


@pytest.fixture(scope="session")
def shared_build(v2_json_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The first ``SHARED_RECORDS`` real API v2 records (by file name) built; the output folder."""
    from kg.build import BuildOptions, build

    out = tmp_path_factory.mktemp("shared-build")
    inputs = sorted(v2_json_dir.glob("*.json"))[:SHARED_RECORDS]
    build(BuildOptions(inputs=inputs, out=out, workers=1, write_files=False, validate=False))
    return out


@pytest.fixture(scope="session")
def ladybug_module():
    """The LadybugDB package, or a skip that says how to get it."""
    return pytest.importorskip("ladybug", reason="LadybugDB not installed: pip install -e '.[test]' (PyPI ladybug)")


@dataclass
class BoltServer:
    """A running Neo4j-compatible server: where it listens, how to log in, which databases."""

    uri: str
    auth: tuple[str, str]
    databases: tuple[str, ...]
    version: str


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


BOLT_START_SECONDS = 120


@pytest.fixture(scope="session")
def bolt_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[BoltServer]:
    """ArcadeDB with its Bolt plugin on 127.0.0.1 and a free port, started once per session in a
    child process (tests/export/arcadedb_server.py) and stopped at the end; databases ``script``
    (load.cypher run by the test), ``neo4j`` (``--bolt``), ``nasty`` and ``shared``. Skips, saying why, when the package
    is missing or its bundled Java runtime cannot start the server."""
    pytest.importorskip(
        "arcadedb_embedded", reason="ArcadeDB not installed: pip install -e '.[test]' (PyPI arcadedb-embedded)"
    )
    pytest.importorskip("neo4j", reason="the official neo4j driver is not installed: pip install -e '.[test]'")
    root = tmp_path_factory.mktemp("arcadedb")
    password, databases = "trialgraph-test", ("script", "neo4j", "nasty", "shared")
    bolt_port, http_port = _free_port(), _free_port()
    log = (root / "server.log").open("w")
    proc = subprocess.Popen(
        [sys.executable, str(Path(__file__).with_name("arcadedb_server.py")), str(root / "databases"),
         str(bolt_port), str(http_port), password, *databases],
        cwd=root, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=log, text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )  # fmt: skip
    ready: list[str] = []
    reader = threading.Thread(target=lambda: ready.append(proc.stdout.readline()), daemon=True)
    reader.start()
    reader.join(BOLT_START_SECONDS)
    if not (ready and ready[0].startswith("READY")):
        proc.kill()
        proc.wait()
        log.close()
        tail = (root / "server.log").read_text(errors="replace").strip().splitlines()[-5:]
        pytest.skip(f"ArcadeDB with Bolt did not start in {BOLT_START_SECONDS} s: " + " | ".join(tail))
    try:
        yield BoltServer(f"bolt://127.0.0.1:{bolt_port}", ("root", password), databases, ready[0].split()[1])
    finally:
        proc.stdin.close()
        try:
            proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()
