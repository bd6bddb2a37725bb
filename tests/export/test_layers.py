"""kg/export only reads the store: it never imports the model or the readers (STYLE.md)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

EXPORT = Path(__file__).resolve().parents[2] / "kg" / "export"
FORBIDDEN = ("kg.model", "kg.sources", "kg.mapping.arms", "kg.build")


@pytest.mark.parametrize("path", sorted(EXPORT.glob("*.py")), ids=lambda p: p.name)
def test_export_modules_do_not_import_the_model_or_readers(path: Path) -> None:
    for node in ast.walk(ast.parse(path.read_text())):
        names = [a.name for a in node.names] if isinstance(node, ast.Import) else []
        if isinstance(node, ast.ImportFrom) and node.module:
            names = [node.module]
        assert not [n for n in names if n.startswith(FORBIDDEN)], (path.name, names)


def test_every_registered_exporter_has_export_and_options() -> None:
    from kg.export import EXPORTERS, exporter

    for name in EXPORTERS:
        module = exporter(name)
        assert callable(module.export) and callable(module.add_arguments), name
        assert (Path(__file__).parent / f"test_{name}.py").exists(), f"no tests for exporter {name}"
