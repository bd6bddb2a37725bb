"""``kg build --engine`` and ``--from-shards`` on the command line: the engines are optional."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from kg.cli import main
from kg.store import TrialStore


@pytest.mark.parametrize(("name", "modules"), [("dask", ("distributed",)), ("spark", ("pyspark", "pyspark.sql"))])
def test_a_missing_engine_says_how_to_install_it(
    name: str, modules: tuple[str, ...], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    for module in modules:
        monkeypatch.setitem(sys.modules, module, None)  # import fails as if it were not installed
    (tmp_path / "in").mkdir()
    status = main(["build", "--engine", name, str(tmp_path / "in"), "--out", str(tmp_path / "out")])
    assert status == 2
    assert f"pip install 'trialgraph[{name}]'" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--from-shards", "{tmp}", "{tmp}"], "loads shards alone"),
        (["--from-shards", "{tmp}/nowhere"], "no such folder"),
        (["--engine", "dask"], "needs the PATHs"),
        (["--engine", "dask", "--update", "{tmp}"], "load them with --from-shards"),
        (["--engine", "dask", "--shard-size", "0", "{tmp}"], "at least 1"),
        (["--cluster", "tcp://127.0.0.1:8786", "{tmp}"], "--cluster needs --engine"),
    ],
)
def test_contradictory_options_are_refused(argv: list[str], message: str, tmp_path: Path, capsys) -> None:
    status = main(["build", *(a.format(tmp=tmp_path) for a in argv), "--out", str(tmp_path / "out")])
    assert status == 2
    assert message in capsys.readouterr().err


def test_engine_then_from_shards_builds_the_store(mixed_input: dict, dask_engine, tmp_path: Path, capsys) -> None:
    address = dask_engine.client.scheduler.address  # joins the session's cluster, as --cluster does on a real one
    out = tmp_path / "out"
    argv = [
        "build",
        "--strict",
        "--engine",
        "dask",
        "--cluster",
        address,
        str(mixed_input["folder"]),
        "--out",
        str(out),
    ]
    assert main(argv) == 1  # --strict: the input has bad records; the shards are written all the same
    printed = capsys.readouterr().out
    assert "mapped on dask" in printed and f"kg build --from-shards {out / 'shards'}" in printed
    status = main(["build", "--from-shards", str(out / "shards"), "--out", str(out), "--no-validate", "--no-files"])
    assert status == 0
    assert TrialStore(out / "store", read_only=True).trial_count() == len(mixed_input["nct_ids"])
