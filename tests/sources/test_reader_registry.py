"""The reader registry: every registered format keeps the reader contract and has its tests.

``runtime_checkable`` only checks that the names exist, so the signatures are compared with
the Protocol's too: a reader whose ``split`` lost its keyword-only ``path`` would pass
``isinstance`` and fail in the build.
"""

from __future__ import annotations

import inspect
from pathlib import Path

import pytest

from kg.sources.reader import Reader
from kg.sources.registry import READERS, detect, reader

STEPS = ("sniff", "split", "parse")


def _parameters(function) -> list[tuple[str, object, object]]:
    """Name, kind and default of each parameter, ``self`` left out."""
    params = inspect.signature(function).parameters.values()
    return [(p.name, p.kind, p.default) for p in params if p.name != "self"]


@pytest.mark.parametrize("name", sorted(READERS))
def test_every_registered_reader_keeps_the_contract(name: str) -> None:
    module = reader(name)
    assert isinstance(module, Reader), f"{name}: missing one of FORMAT, {', '.join(STEPS)}"
    assert name == module.FORMAT, f"{READERS[name]} says FORMAT = {module.FORMAT!r}, registered as {name!r}"
    for step in STEPS:
        assert _parameters(getattr(module, step)) == _parameters(getattr(Reader, step)), f"{name}.{step}"


@pytest.mark.parametrize("name", sorted(READERS))
def test_every_registered_reader_has_its_package_of_tests(name: str) -> None:
    package = READERS[name].split(".")[2]  # kg.sources.<package>.reader
    tests = Path(__file__).parent / package
    assert any(tests.glob("test_*.py")), f"no tests for reader {name} in {tests}"


def test_an_unknown_format_names_the_known_ones() -> None:
    with pytest.raises(ValueError, match="known formats: ctgov-json, ctgov-xml, page-text"):
        reader("csv")


def test_detect_tells_the_formats_apart() -> None:
    assert detect(b'{"protocolSection": {}}') == "ctgov-json"
    assert detect(b"<?xml version='1.0'?>\n<clinical_study>") == "ctgov-xml"
    assert detect(b"NCT ID: NCT04632225\n") == "page-text"
    assert detect(b"\x00\x01binary") is None
