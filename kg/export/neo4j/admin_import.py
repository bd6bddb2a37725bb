"""The ``neo4j-admin database import full`` input: node and relationship CSVs and ``import.sh``.

CSV dialect, chosen so that any text survives: comma separated, every present value in
double quotes with inner quotes doubled (RFC 4180), newlines kept inside quotes (so the
import needs ``--multiline-fields=true``), an absent value is an empty unquoted field. Array
items and labels are joined with U+001F (the ASCII unit separator), passed explicitly as
``--array-delimiter``: commas, semicolons and pipes all occur inside real registry values,
U+001F never does, and any stray one in an item is replaced by a space so it cannot split it.
"""

from __future__ import annotations

import shlex
from collections.abc import Iterable
from pathlib import Path
from typing import IO

from kg.export.property_graph import Column, Node

ARRAY_DELIMITER = "\x1f"
#: property kind -> Neo4j header type
HEADER_TYPES = {"int": "long", "float": "double", "boolean": "boolean", "date": "date", "string": "string"}
IMPORT_OPTIONS = (
    "--delimiter=,",
    '--quote="',
    "--array-delimiter=U+001F",
    "--multiline-fields=true",
    "--trim-strings=false",
    "--id-type=string",
)


def header(cols: list[Column]) -> list[str]:
    """``iri:ID``, ``:LABEL``, then ``key:type`` or ``key:type[]`` per column."""
    return ["iri:ID", ":LABEL"] + [f"{c.key}:{HEADER_TYPES[c.kind]}{'[]' if c.array else ''}" for c in cols]


def cell(value: str | None) -> str:
    """One field: absent -> empty; present -> quoted, inner quotes doubled.

    >>> cell('Crohn\\'s "disease", type 2;\\nsecond line'), cell(None)
    ('"Crohn\\'s ""disease"", type 2;\\nsecond line"', '')
    """
    if value is None:
        return ""
    return '"' + value.replace('"', '""') + '"'


def write_row(f: IO[str], values: Iterable[str | None]) -> None:
    f.write(",".join(cell(v) for v in values) + "\n")


def _array(items: Iterable[str]) -> str:
    return ARRAY_DELIMITER.join(item.replace(ARRAY_DELIMITER, " ") for item in items)


def node_row(node: Node, cols: list[Column]) -> list[str | None]:
    """The fields of one node in the order of ``header(cols)``."""
    row: list[str | None] = [node.iri, _array(node.labels)]
    for col in cols:
        values = node.props.get(col.key)
        if not values:
            row.append(None)
        elif col.array:
            row.append(_array(v for v, _ in values))
        else:
            row.append(values[0][0])
    return row


def write_nodes(path: Path, nodes: list[Node], cols: list[Column]) -> None:
    """One node file: header line, then one row per node."""
    with path.open("w", encoding="utf-8", newline="") as f:
        f.write(",".join(header(cols)) + "\n")
        for node in nodes:
            write_row(f, node_row(node, cols))


class RelationshipFiles:
    """Relationship CSVs opened on first use, one per (type, start label, end label), so
    relationships stream to disk instead of being held in memory."""

    def __init__(self, folder: Path, labels: dict[str, tuple[str, ...]]) -> None:
        self.folder, self.labels = folder, labels
        self.files: dict[tuple[str, str, str], IO[str]] = {}
        self.paths: dict[tuple[str, str, str], Path] = {}
        self.counts: dict[tuple[str, str, str], int] = {}

    def add(self, start_label: str, start: str, edges: list[tuple[str, str]]) -> None:
        for rel_type, end in edges:
            key = (rel_type, start_label, self.labels[end][0])
            f = self.files.get(key)
            if f is None:
                self.paths[key] = self.folder / f"{rel_type}--{key[1]}--{key[2]}.csv"
                f = self.files[key] = self.paths[key].open("w", encoding="utf-8", newline="")
                f.write(":START_ID,:END_ID,:TYPE\n")
                self.counts[key] = 0
            write_row(f, (start, end, rel_type))
            self.counts[key] += 1

    def close(self) -> None:
        for f in self.files.values():
            f.close()


def import_script(out: Path, *, database: str = "neo4j") -> str:
    """A POSIX shell script running the full import of the files under ``out``."""
    args = [f"neo4j-admin database import full {shlex.quote(database)}"]
    args += [shlex.quote(a) for a in ("--overwrite-destination=true", *IMPORT_OPTIONS)]
    args += [f"--nodes={p.relative_to(out).as_posix()}" for p in sorted((out / "nodes").glob("*.csv"))]
    args += [f"--relationships={p.relative_to(out).as_posix()}" for p in sorted((out / "relationships").glob("*.csv"))]
    command = " \\\n  ".join(args)
    return (
        "#!/bin/sh\n"
        "# Load this folder into a stopped Neo4j 5 (or later) DBMS as a new database.\n"
        "# Run from this folder with neo4j-admin on PATH; then CREATE the uniqueness constraints\n"
        "# at the top of load.cypher so look-ups by iri are indexed.\n"
        'set -e\ncd "$(dirname "$0")"\n' + command + "\n"
    )
