"""Cypher for a running Neo4j-compatible server, made from the admin-import CSVs.

The batches are read back from the CSV files the export just wrote (with Python's csv
module), so ``load.cypher``, ``--bolt`` and the admin import load the same data, and every
export re-proves that its CSVs parse. Statements are parameterised ``UNWIND $rows`` batches:
one plan per label set or relationship type, values never spliced into Cypher text.

Each node is written by one ``MERGE`` whose pattern names every label it has. The usual
alternative, ``MERGE`` on the primary label and then ``SET`` the second label, is what Neo4j
runs fine, but ArcadeDB 26 runs it wrongly once a batch holds more than 100 rows (about half
the second labels lost, properties on the wrong nodes); with every label in the pattern each
engine tested loads the same nodes at any batch size. ``MERGE`` rather than ``CREATE`` keeps
the script safe to run again (or to retry after a failed batch) without duplicates: a
``CREATE`` variant was faster in ArcadeDB but once failed a uniqueness constraint there under
heavy load. Relationships are ``MERGE``d for the same reason.

``load.cypher`` is for ``cypher-shell -f load.cypher``: uniqueness constraints on ``iri``
first (so the relationship look-ups are indexed), then ``:param rows => [...]`` and the
statement for each batch; nodes before relationships.
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from kg.export.neo4j.admin_import import ARRAY_DELIMITER

Batch = tuple[str, list[dict[str, Any]]]
_CONVERT = {"long": int, "double": float, "boolean": lambda v: v == "true", "date": str, "string": str}


def _columns(header: list[str]) -> list[tuple[str, str, bool]]:
    """``name:type[]`` -> (name, type, is_array)."""
    out = []
    for field in header:
        name, _, kind = field.partition(":")
        out.append((name, kind.removesuffix("[]") or "string", kind.endswith("[]")))
    return out


def read_csv(path: Path) -> tuple[list[tuple[str, str, bool]], Iterator[list[str]]]:
    """Columns and rows of one admin-import file, read with Python's csv module (whose
    default 128 kB field limit real descriptions exceed; Neo4j's own buffer is 4 MB)."""
    csv.field_size_limit(max(csv.field_size_limit(), 2**31 - 1))
    f = path.open(encoding="utf-8", newline="")
    reader = csv.reader(f)
    cols = _columns(next(reader))

    def rows() -> Iterator[list[str]]:
        with f:
            yield from reader

    return cols, rows()


def _props(cols: list[tuple[str, str, bool]], row: list[str]) -> dict[str, Any]:
    props: dict[str, Any] = {}
    for (name, kind, array), text in zip(cols, row, strict=True):
        if name in ("iri", "") or text == "":
            continue
        convert = _CONVERT[kind]
        props[name] = [convert(v) for v in text.split(ARRAY_DELIMITER)] if array else convert(text)
    return props


def _q(name: str) -> str:
    return "`" + name.replace("`", "``") + "`"


def node_batches(path: Path, *, batch_size: int) -> Iterator[Batch]:
    """``UNWIND`` batches for one node file, one statement per set of labels."""
    cols, rows = read_csv(path)
    dates = [name for name, kind, array in cols if kind == "date" and not array]
    pending: dict[str, list[dict[str, Any]]] = {}

    def statement(labels: list[str]) -> str:
        fix = "".join(f", n.{_q(d)} = date(row.props.{_q(d)})" for d in dates)
        pattern = "n" + "".join(f":{_q(label)}" for label in labels)
        return f"UNWIND $rows AS row MERGE ({pattern} {{iri: row.iri}}) SET n += row.props{fix}"

    for row in rows:
        labels = row[1]
        batch = pending.setdefault(labels, [])
        batch.append({"iri": row[0], "props": _props(cols, row)})
        if len(batch) >= batch_size:
            yield statement(labels.split(ARRAY_DELIMITER)), pending.pop(labels)
    for labels, batch in pending.items():
        yield statement(labels.split(ARRAY_DELIMITER)), batch


def relationship_batches(path: Path, *, batch_size: int) -> Iterator[Batch]:
    """``UNWIND`` batches for one relationship file ``<TYPE>--<From>--<To>.csv``."""
    rel_type, start, end = path.stem.split("--")
    statement = (
        f"UNWIND $rows AS row MATCH (a:{_q(start)} {{iri: row.start}}) MATCH (b:{_q(end)} {{iri: row.end}}) "
        f"MERGE (a)-[:{_q(rel_type)}]->(b)"
    )
    _, rows = read_csv(path)
    batch: list[dict[str, Any]] = []
    for row in rows:
        batch.append({"start": row[0], "end": row[1]})
        if len(batch) >= batch_size:
            yield statement, batch
            batch = []
    if batch:
        yield statement, batch


def constraints(out: Path) -> list[str]:
    """One uniqueness constraint on ``iri`` per primary label (node file)."""
    return [
        f"CREATE CONSTRAINT {_q(p.stem + '_iri')} IF NOT EXISTS FOR (n:{_q(p.stem)}) REQUIRE n.iri IS UNIQUE"
        for p in sorted((out / "nodes").glob("*.csv"))
    ]


def batches(out: Path, *, batch_size: int = 1000) -> Iterator[Batch]:
    """Every node batch, then every relationship batch, of the export under ``out``."""
    for path in sorted((out / "nodes").glob("*.csv")):
        yield from node_batches(path, batch_size=batch_size)
    for path in sorted((out / "relationships").glob("*.csv")):
        yield from relationship_batches(path, batch_size=batch_size)


def cypher_literal(value: Any) -> str:
    """A Cypher literal for a parameter value: JSON strings and numbers are valid Cypher;
    map keys are written as backquoted names.

    >>> cypher_literal([{"iri": "x", "props": {"n": 2, "ok": True, "t": ["a\\"b"]}}])
    '[{`iri`: "x", `props`: {`n`: 2, `ok`: true, `t`: ["a\\\\"b"]}}]'
    """
    if isinstance(value, dict):
        return "{" + ", ".join(f"{_q(k)}: {cypher_literal(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(cypher_literal(v) for v in value) + "]"
    return json.dumps(value, ensure_ascii=False)


_KEY = re.compile(r'"(?:[^"\\]|\\.)*"|`((?:[^`]|``)*)`')


def parse_literal(text: str) -> Any:
    """Read back what ``cypher_literal`` wrote (for tests and ``--bolt`` from a script)."""
    return json.loads(
        _KEY.sub(lambda m: m.group(0) if m.group(1) is None else json.dumps(m.group(1).replace("``", "`")), text)
    )


def write_script(out: Path, *, batch_size: int = 1000) -> Path:
    """Write ``load.cypher`` for cypher-shell."""
    path = out / "load.cypher"
    with path.open("w", encoding="utf-8") as f:
        f.write("// trialgraph export: run with  cypher-shell -f load.cypher\n")
        for statement in constraints(out):
            f.write(statement + ";\n")
        for statement, rows in batches(out, batch_size=batch_size):
            f.write(f":param rows => {cypher_literal(rows)}\n{statement};\n")
    return path


def read_script(path: Path) -> Iterator[Batch]:
    """The (statement, rows) pairs of a ``load.cypher``; constraints come with no rows."""
    rows: list[dict[str, Any]] = []
    with path.open(encoding="utf-8") as f:
        for line in f:
            if line.startswith("//"):
                continue
            if line.startswith(":param rows => "):
                rows = parse_literal(line[len(":param rows => ") :])
            elif line.strip():
                yield line.rstrip().removesuffix(";"), rows
                rows = []


def push(out: Path, uri: str, *, auth: tuple[str, str] | None, database: str | None = None) -> int:
    """Run ``load.cypher`` against a Neo4j-compatible server over Bolt; returns batches run."""
    from neo4j import GraphDatabase

    n = 0
    with GraphDatabase.driver(uri, auth=auth) as driver, driver.session(database=database) as session:
        for statement, rows in read_script(out / "load.cypher"):
            session.run(statement, rows=rows).consume()
            n += 1
    return n
