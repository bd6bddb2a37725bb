"""Every command that reads a built graph takes the build's output folder as --store DIR."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.build import BuildOptions, build
from kg.cli import main
from kg.resources import SAMPLE


@pytest.fixture(scope="module")
def sample_out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("sample-out")
    build(BuildOptions(inputs=[SAMPLE], out=out, workers=1, write_files=False, validate=False))
    return out


@pytest.mark.parametrize(
    "argv",
    [
        ["query", "status-counts", "--format", "csv"],
        ["export", "rdf", "--format", "ntriples"],
        ["analyze", "--top", "3"],
    ],
)
def test_reading_commands_take_the_build_folder(argv: list[str], sample_out: Path, capsys) -> None:
    assert main([*argv, "--store", str(sample_out)]) == 0
    assert capsys.readouterr().out.strip()


@pytest.mark.parametrize("command", [["query", "status-counts"], ["export", "rdf"], ["analyze"], ["validate"]])
def test_a_folder_without_a_store_is_a_one_line_error(command: list[str], tmp_path: Path, capsys) -> None:
    assert main([*command, "--store", str(tmp_path / "nowhere")]) == 2
    error = capsys.readouterr().err.strip()
    assert "nowhere" in error and len(error.splitlines()) == 1


def test_export_writes_inside_the_build_folder_by_default(sample_out: Path) -> None:
    assert main(["export", "rdf", "--format", "nquads", "--store", str(sample_out)]) == 0
    assert any((sample_out / "export" / "rdf").iterdir())
