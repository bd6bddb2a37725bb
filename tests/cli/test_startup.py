"""Start-up: the ``kg`` command loads no heavy library it does not use (a behaviour, not a timing).

Each check runs in a fresh interpreter, so what an earlier test imported cannot hide a regression.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
HEAVY = ("rdflib", "pyshacl", "networkx", "ijson", "kg.mapping", "kg.sources", "kg.validate", "kg.network")


def _loaded_after(code: str) -> set[str]:
    script = f"import sys, json\n{code}\nprint(json.dumps(sorted(sys.modules)))"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env, check=True, cwd=ROOT)
    return set(json.loads(out.stdout.strip().splitlines()[-1]))


def _heavy(modules: set[str]) -> set[str]:
    return {m for m in modules if m.split(".")[0] in HEAVY or m.startswith(HEAVY)}


def test_importing_the_cli_loads_no_heavy_library() -> None:
    assert _heavy(_loaded_after("import kg.cli; kg.cli._parser()")) == set()


@pytest.mark.parametrize(
    "argv", [["query", "--list"], ["query", "trial-card", "--param", "nct=NCT0", "--store", "nowhere"]]
)
def test_kg_query_loads_no_heavy_library(argv: list[str]) -> None:
    code = (
        "import contextlib, io, kg.cli\n"
        f"with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):\n"
        f"    kg.cli.main({argv!r})"
    )
    assert _heavy(_loaded_after(code)) == set()


def test_deferred_options_still_parse_and_show_in_help() -> None:
    from kg.cli import _parser

    args = _parser().parse_args(["validate", "--format", "json"])
    assert args.format == "json"
    assert "--format" in _parser()._subparsers._group_actions[0].choices["validate"].format_help()
    assert _parser().parse_args(["export", "rdf", "--format", "turtle"]).rdf_format == "turtle"
