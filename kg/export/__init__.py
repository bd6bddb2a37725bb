"""Exports: the store written as files other tools load as they are.

One module per format and one line in ``EXPORTERS`` (the rdflib plugin pattern): the module
is imported on first use, so ``kg --help`` never pays for lxml or networkx. Every exporter
module has ``export(store, out, **options) -> ExportReport`` and only reads the store: it
never imports ``kg.model`` or ``kg.sources`` (tests/export/test_layers.py checks this).

>>> sorted(EXPORTERS)
['gephi', 'neo4j', 'rdf']
>>> exporter("csv")
Traceback (most recent call last):
...
KeyError: "unknown export format 'csv'; valid formats: gephi, neo4j, rdf"
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType

#: Export name -> module implementing ``export(store, out, **options)``.
EXPORTERS: dict[str, str] = {
    "neo4j": "kg.export.neo4j",
    "gephi": "kg.export.gephi",
    "rdf": "kg.export.rdf",
}


@dataclass
class ExportReport:
    """What an export wrote: files and counts, for the CLI to print and tests to check."""

    files: list[Path] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)

    def render(self) -> str:
        """A short human summary: one line per count, then the files."""
        lines = [f"  {name:<40} {n:>10,}" for name, n in self.counts.items()]
        lines.append(f"  {len(self.files)} file(s) written")
        return "\n".join(lines)


def exporter(name: str) -> ModuleType:
    """The module of export ``name``; an unknown name lists the valid ones."""
    try:
        module = EXPORTERS[name]
    except KeyError:
        raise KeyError(f"unknown export format {name!r}; valid formats: {', '.join(sorted(EXPORTERS))}") from None
    return importlib.import_module(module)
