"""The registry of readers: format name -> reader module, imported on first use (the rdflib plugin pattern)."""

from __future__ import annotations

import importlib
from types import ModuleType

#: format name -> module, imported on first use.
READERS: dict[str, str] = {
    "ctgov-json": "kg.sources.ctgov_json.reader",
    "page-text": "kg.sources.page_text.reader",
    "ctgov-xml": "kg.sources.ctgov_xml.reader",
}


def reader(name: str) -> ModuleType:
    """The reader module for a format name; an unknown name lists the known ones."""
    try:
        return importlib.import_module(READERS[name])
    except KeyError:
        raise ValueError(f"unknown input format {name!r}; known formats: {', '.join(sorted(READERS))}") from None


def detect(head: bytes) -> str | None:
    """The format whose reader recognises this start of a file, or ``None``."""
    for name in READERS:
        if reader(name).sniff(head):
            return name
    return None
