"""Loading an admin-import export into LadybugDB (the Kuzu successor), embedded.

LadybugDB's ``COPY FROM`` reads CSV with quoted newlines (``parallel=false``) but not
Neo4j's array fields, so each file is read through ``LOAD WITH HEADERS`` and array fields
are split on the export's delimiter in the ``RETURN``. The table layout comes from the
files' own Neo4j headers: one node table per node file (primary label), one relationship
table group per type with a FROM/TO pair per file. Neo4j's extra labels are kept in the
``labels`` column (LadybugDB has one label per node).
"""

from __future__ import annotations

import csv
from collections import defaultdict
from pathlib import Path

from kg.export.neo4j.admin_import import ARRAY_DELIMITER

_TYPES = {"long": "INT64", "double": "DOUBLE", "boolean": "BOOLEAN", "date": "DATE", "string": "STRING"}


def _header(path: Path) -> list[tuple[str, str, bool]]:
    with path.open(encoding="utf-8", newline="") as f:
        fields = next(csv.reader(f))
    out = []
    for field in fields:
        name, _, kind = field.partition(":")
        name = {"": "labels" if kind == "LABEL" else name}.get(name, name)
        base = kind.removesuffix("[]")
        out.append((name, _TYPES.get(base, "STRING"), kind.endswith("[]")))
    return out


def _q(name: str) -> str:
    return f"`{name}`"


def load_ladybug(export: Path, db_path: Path):
    """A LadybugDB connection holding every node and relationship file of ``export``."""
    import ladybug

    conn = ladybug.Connection(ladybug.Database(str(db_path)))
    for path in sorted((export / "nodes").glob("*.csv")):
        cols = _header(path)
        ddl = ", ".join(f"{_q(n)} {t}{'[]' if a else ''}" for n, t, a in cols)
        conn.execute(f"CREATE NODE TABLE {_q(path.stem)}({ddl}, PRIMARY KEY (iri))")
        load = ", ".join(f"{_q(n)} {'STRING' if a else t}" for n, t, a in cols)
        ret = ", ".join(
            f"CASE WHEN {_q(n)} IS NULL THEN NULL ELSE "
            f"list_transform(string_split({_q(n)}, '{ARRAY_DELIMITER}'), x -> CAST(x AS {t})) END"
            if a
            else _q(n)
            for n, t, a in cols
        )
        conn.execute(
            f"COPY {_q(path.stem)} FROM (LOAD WITH HEADERS ({load}) FROM '{path}' "
            f"(header=true, parallel=false) RETURN {ret})"
        )
    pairs: dict[str, list[tuple[str, str, Path]]] = defaultdict(list)
    for path in sorted((export / "relationships").glob("*.csv")):
        rel_type, start, end = path.stem.split("--")
        pairs[rel_type].append((start, end, path))
    for rel_type, files in pairs.items():
        ends = ", ".join(f"FROM {_q(s)} TO {_q(e)}" for s, e, _ in files)
        conn.execute(f"CREATE REL TABLE {_q(rel_type)}({ends})")
        for start, end, path in files:
            options = f" (from='{start}', to='{end}')" if len(files) > 1 else ""
            conn.execute(
                f"COPY {_q(rel_type)} FROM (LOAD WITH HEADERS (s STRING, e STRING, t STRING) FROM '{path}' "
                f"(header=true, parallel=false) RETURN s, e){options}"
            )
    return conn


def rows(conn, query: str, **params) -> list[tuple]:
    """All rows of a Cypher query, as tuples."""
    result = conn.execute(query, params)
    out = []
    while result.has_next():
        out.append(tuple(result.get_next()))
    return out
