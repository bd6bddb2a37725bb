"""Write a query result as a table, CSV, TSV, JSON or Markdown.

One registry, ``FORMATS``, maps each format name to its writer; ``kg query --format``
takes its choices from it. Cells are the plain value of each RDF term (an IRI's text,
a literal's lexical form); JSON keeps numbers and booleans as JSON numbers and booleans,
so a script reading it needs no second parse.

>>> from pyoxigraph import Literal
>>> import io
>>> out = io.StringIO()
>>> write(QueryResult(["n"], [[Literal(3)]]), "json", out)
>>> out.getvalue()
'[{"n": 3}]\\n'
"""

from __future__ import annotations

import csv
import json
from collections.abc import Callable
from decimal import Decimal
from typing import TextIO

import pyoxigraph as ox

from kg.query.run import QueryResult
from kg.store import Term
from kg.vocab import XSD_NS as XSD

__all__ = ["FORMATS", "cell", "write"]

_INTEGERS = {XSD + name for name in ("integer", "int", "long", "short", "nonNegativeInteger", "positiveInteger")}
_MAX_WIDTH = 60


def cell(term: Term | None) -> str:
    """The text shown for a term: empty when unbound."""
    if term is None:
        return ""
    if isinstance(term, ox.Triple):
        return str(term)
    return term.value


def _json_value(term: Term | None) -> object:
    if isinstance(term, ox.Literal):
        kind = term.datatype.value
        try:
            if kind in _INTEGERS:
                return int(term.value)
            if kind in (XSD + "decimal", XSD + "double", XSD + "float"):
                number = Decimal(term.value)
                whole = kind == XSD + "decimal" and number == number.to_integral_value()
                return int(number) if whole else float(number)
            if kind == XSD + "boolean":
                return term.value in ("true", "1")
        except (ArithmeticError, ValueError):
            return term.value
    return None if term is None else cell(term)


def _delimited(result: QueryResult, out: TextIO, delimiter: str) -> None:
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\n")
    writer.writerow(result.columns)
    writer.writerows([cell(t) for t in row] for row in result.rows)


def _csv(result: QueryResult, out: TextIO) -> None:
    _delimited(result, out, ",")


def _tsv(result: QueryResult, out: TextIO) -> None:
    """Tab-separated; tabs and newlines inside a value become spaces, so one row is one line."""
    out.write("\t".join(result.columns) + "\n")
    for row in result.rows:
        out.write("\t".join(" ".join(cell(t).split()) for t in row) + "\n")


def _json(result: QueryResult, out: TextIO) -> None:
    records = [dict(zip(result.columns, map(_json_value, row), strict=True)) for row in result.rows]
    json.dump(records, out, ensure_ascii=False)
    out.write("\n")


def _clipped(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= _MAX_WIDTH else text[: _MAX_WIDTH - 1] + "…"


def _table(result: QueryResult, out: TextIO) -> None:
    """Aligned columns for people at a terminal: long values cut to 60 characters."""
    rows = [[_clipped(cell(t)) for t in row] for row in result.rows]
    widths = [max([len(c)] + [len(r[i]) for r in rows]) for i, c in enumerate(result.columns)]
    line = "  ".join
    out.write(line(c.ljust(w) for c, w in zip(result.columns, widths, strict=True)).rstrip() + "\n")
    out.write(line("-" * w for w in widths) + "\n")
    for row in rows:
        out.write(line(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip() + "\n")
    out.write(f"({len(rows)} row{'s' if len(rows) != 1 else ''})\n")


def _markdown(result: QueryResult, out: TextIO) -> None:
    def esc(text: str) -> str:
        return " ".join(text.split()).replace("\\", "\\\\").replace("|", "\\|")

    out.write("| " + " | ".join(map(esc, result.columns)) + " |\n")
    out.write("|" + "---|" * len(result.columns) + "\n")
    for row in result.rows:
        out.write("| " + " | ".join(esc(cell(t)) for t in row) + " |\n")


#: Format name -> writer. ``table`` is the default on a terminal, ``csv`` otherwise.
FORMATS: dict[str, Callable[[QueryResult, TextIO], None]] = {
    "table": _table,
    "csv": _csv,
    "tsv": _tsv,
    "json": _json,
    "markdown": _markdown,
}


def write(result: QueryResult, format: str, out: TextIO) -> None:
    """Write RESULT to OUT in FORMAT; an unknown format names the known ones."""
    try:
        writer = FORMATS[format]
    except KeyError:
        raise ValueError(f"unknown format {format!r} (choose from {', '.join(FORMATS)})") from None
    writer(result, out)
