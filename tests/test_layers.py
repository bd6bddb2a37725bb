"""The walls between layers: data flows sources -> model -> mapping -> store -> readers of the store.

Each rule names a layer and the kg modules it must never import; the test reads every
module's imports with ``ast``, so a shortcut across a wall fails here, not in review.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

KG = Path(__file__).resolve().parents[1] / "kg"

#: layer (module prefix) -> the other kg modules it may import; anything else is a crossing.
#: A list of what is allowed, not of what is banned, so a new module starts walled in.
ALLOWED: dict[str, tuple[str, ...]] = {
    "kg.codes": (),
    "kg.vocab": ("kg.codes",),
    "kg.iris": ("kg.vocab",),
    "kg.model": (),
    "kg.progress": (),
    "kg.resources": (),
    "kg.sources": ("kg.codes", "kg.model"),
    "kg.mapping": ("kg.codes", "kg.iris", "kg.vocab", "kg.model"),
    "kg.store": ("kg.iris", "kg.vocab", "kg.resources"),
    "kg": (),  # the package itself: its version, nothing else
    "kg.build": (
        *("kg.sources", "kg.model", "kg.mapping", "kg.store", "kg.validate"),
        *("kg.iris", "kg.vocab", "kg.progress"),
    ),
    "kg.validate": ("kg.store", "kg.iris", "kg.vocab", "kg.resources", "kg.progress"),
    "kg.query": ("kg.store", "kg.iris", "kg.vocab"),
    "kg.network": ("kg.store", "kg.iris", "kg.vocab"),
    "kg.export": ("kg.store", "kg.iris", "kg.vocab", "kg.network"),
    "kg.serve": ("kg.store", "kg.iris", "kg.vocab", "kg.query"),
    "kg.fetch": ("kg.progress",),
    "kg.cli": ("kg",),  # the command line may reach every layer
    "kg.__main__": ("kg.cli",),
    "kg.distributed": ("kg", "kg.sources", "kg.model", "kg.build", "kg.store", "kg.validate", "kg.iris", "kg.vocab"),
}
#: the reader packages of kg.sources: each may use what all readers share, never another format's code
FORMAT_PACKAGES = ("kg.sources.ctgov_json", "kg.sources.ctgov_xml", "kg.sources.page_text")
#: layers that read a built store: importing them must not load the model or the mapping
STORE_READERS = ("kg.store", "kg.export", "kg.validate", "kg.query", "kg.network", "kg.serve")


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
            names.update(f"{node.module}.{alias.name}" for alias in node.names if not alias.name.startswith("__"))
    return {name for name in names if name.startswith("kg.")}


MODULES = sorted(KG.rglob("*.py"))


def _layer(module: str) -> str:
    """The longest ALLOWED key that is ``module`` or a package holding it."""
    layers = [key for key in ALLOWED if module == key or (key != "kg" and module.startswith(key + "."))]
    assert layers, f"{module} belongs to no layer in ALLOWED: add it there"
    return max(layers, key=len)


def _within(name: str, prefixes: tuple[str, ...]) -> bool:
    return any(name == prefix or name.startswith(prefix + ".") for prefix in prefixes)


@pytest.mark.parametrize("path", MODULES, ids=lambda p: _module_name(p))
def test_module_stays_inside_its_layer(path: Path) -> None:
    module = _module_name(path)
    layer = _layer(module)
    allowed = (layer, *ALLOWED[layer])
    assert sorted(name for name in _imports(path) if not _within(name, allowed)) == []


@pytest.mark.parametrize("path", sorted((KG / "sources").rglob("*.py")), ids=lambda p: _module_name(p))
def test_reader_packages_do_not_import_each_other(path: Path) -> None:
    module = _module_name(path)
    others = tuple(package for package in FORMAT_PACKAGES if not _within(module, (package,)))
    assert sorted(name for name in _imports(path) if _within(name, others)) == []


@pytest.mark.parametrize("layer", STORE_READERS)
def test_reading_the_store_does_not_load_the_mapping(layer: str) -> None:
    """What the static walls cannot see: imports made by the packages a layer imports, at run time."""
    code = f"import sys, {layer}; print(sorted(m for m in ('kg.model', 'kg.mapping') if m in sys.modules))"
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=KG.parent)
    assert loaded.stdout.strip() == "[]", f"import {layer} loads {loaded.stdout.strip()}"


def test_every_package_under_kg_is_listed_for_packaging() -> None:
    pyproject = (KG.parent / "pyproject.toml").read_text(encoding="utf-8")
    packages = {_module_name(init) for init in KG.rglob("__init__.py")}
    assert sorted(p for p in packages if f'"{p}"' not in pyproject) == []


def test_test_modules_have_unique_basenames() -> None:
    """pytest imports test folders without __init__.py by basename: two test_x.py would collide."""
    names = [p.name for p in (KG.parent / "tests").rglob("test_*.py")]
    assert sorted({n for n in names if names.count(n) > 1}) == []
