"""The walls between layers: data flows sources -> model -> mapping -> store -> readers of the store.

Each rule names a layer and the kg modules it must never import; the test reads every
module's imports with ``ast``, so a shortcut across a wall fails here, not in review.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

KG = Path(__file__).resolve().parents[1] / "kg"

#: layer (module prefix) -> kg modules it must not import
FORBIDDEN: dict[str, tuple[str, ...]] = {
    "kg.model": ("kg.sources", "kg.mapping", "kg.store", "kg.build", "kg.export", "kg.validate", "kg.query"),
    "kg.sources": ("kg.mapping", "kg.store", "kg.build", "kg.export", "kg.validate", "kg.query", "kg.serve"),
    "kg.mapping": ("kg.sources", "kg.store", "kg.build", "kg.export", "kg.validate", "kg.query", "kg.serve"),
    "kg.export": ("kg.model", "kg.sources", "kg.mapping", "kg.build", "kg.workers"),
    "kg.validate": ("kg.model", "kg.sources", "kg.mapping.arms", "kg.workers"),
    "kg.query": ("kg.model", "kg.sources", "kg.mapping", "kg.build", "kg.workers"),
    "kg.catalogue": ("kg.model", "kg.sources", "kg.mapping", "kg.build", "kg.workers"),
    "kg.serve": ("kg.model", "kg.sources", "kg.mapping", "kg.build", "kg.workers"),
}


def _module_name(path: Path) -> str:
    parts = path.relative_to(KG.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return {name for name in names if name == "kg" or name.startswith("kg.")}


MODULES = sorted(KG.rglob("*.py"))


@pytest.mark.parametrize("path", MODULES, ids=lambda p: _module_name(p))
def test_module_stays_inside_its_layer(path: Path) -> None:
    module = _module_name(path)
    crossings = [
        (imported, banned)
        for layer, banned_prefixes in FORBIDDEN.items()
        if module == layer or module.startswith(layer + ".")
        for imported in _imports(path)
        for banned in banned_prefixes
        if imported == banned or imported.startswith(banned + ".")
    ]
    assert crossings == []


def test_every_package_under_kg_is_listed_for_packaging() -> None:
    pyproject = (KG.parent / "pyproject.toml").read_text(encoding="utf-8")
    packages = {_module_name(init) for init in KG.rglob("__init__.py")}
    assert sorted(p for p in packages if f'"{p}"' not in pyproject) == []


def test_test_modules_have_unique_basenames() -> None:
    """pytest imports test folders without __init__.py by basename: two test_x.py would collide."""
    names = [p.name for p in (KG.parent / "tests").rglob("test_*.py")]
    assert sorted({n for n in names if names.count(n) > 1}) == []
