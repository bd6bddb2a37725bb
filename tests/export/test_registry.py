"""The exporter registry: every registered format has its functions and its tests.

(That kg/export only reads the store is checked with the other layer walls in tests/test_layers.py.)
"""

from __future__ import annotations

from pathlib import Path


def test_every_registered_exporter_has_export_and_options() -> None:
    from kg.export import EXPORTERS, exporter

    for name in EXPORTERS:
        module = exporter(name)
        assert callable(module.export) and callable(module.add_arguments), name
        assert (Path(__file__).parent / f"test_{name}.py").exists(), f"no tests for exporter {name}"
