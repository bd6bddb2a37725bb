"""How much of the records' results sections the graph carries: a table, not a test.

Every leaf of each shared API v2 record's ``resultsSection`` (moreInfoModule included) is
looked for among the literals and IRIs of that record's mapped quads: a text leaf by its
stripped text, a number by its value (``Decimal``), a code by a concept IRI ending in it, a
true/false by a boolean literal. Prints the share covered, per table, and the paths of what
is not, with counts.

    python benchmarks/results_coverage.py [--every N]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from decimal import Decimal, InvalidOperation
from pathlib import Path

from kg.mapping import map_study
from kg.sources.ctgov_json.study import study_from_v2

SHARED = Path(__file__).resolve().parents[2] / "shared" / "data" / "ctgov" / "v2-json"
BOOLEAN = "http://www.w3.org/2001/XMLSchema#boolean"


def leaves(value: object, path: str):
    """``(path, leaf)`` for every scalar under ``value``; list indexes dropped from the path."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield from leaves(item, f"{path}.{key}")
    elif isinstance(value, list):
        for item in value:
            yield from leaves(item, path)
    elif value is not None:
        yield path, value


def _decimal(text: str) -> Decimal | None:
    try:
        number = Decimal(text.strip())
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


def graph_values(quads) -> tuple[set[str], set[Decimal], set[str], set[str]]:
    """Texts, numbers, IRI local names and boolean values of one trial's quads."""
    texts, numbers, names, booleans = set(), set(), set(), set()
    for q in quads:
        o = q.object
        if hasattr(o, "datatype"):
            texts.add(o.value)
            if o.datatype.value == BOOLEAN:
                booleans.add(o.value)
            elif (number := _decimal(o.value)) is not None:
                numbers.add(number)
        else:
            names.add(re.split(r"[/#]", o.value)[-1])
    return texts, numbers, names, booleans


def covered(leaf: object, values: tuple[set[str], set[Decimal], set[str], set[str]]) -> bool:
    texts, numbers, names, booleans = values
    if isinstance(leaf, bool):
        return str(leaf).lower() in booleans
    text = str(leaf).strip()
    if text in texts or text in names:
        return True
    number = _decimal(text)
    return number is not None and number in numbers


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--every", type=int, default=1, help="take every Nth results record")
    args = parser.parse_args()
    total, hit, missed = Counter(), Counter(), Counter()
    records = 0
    for path in sorted(SHARED.glob("*.json")):
        data = json.loads(path.read_bytes())
        if "resultsSection" not in data:
            continue
        records += 1
        if (records - 1) % args.every:
            continue
        study, _ = study_from_v2(data)
        values = graph_values(map_study(study))
        for leaf_path, leaf in leaves(data["resultsSection"], ""):
            table = leaf_path.split(".")[1]
            total[table] += 1
            if covered(leaf, values):
                hit[table] += 1
            else:
                missed[leaf_path] += 1
    if not total:
        sys.exit(f"no results records found in {SHARED}")
    print(f"{'table':32} {'leaves':>8} {'in graph':>9} {'share':>7}")
    for table in sorted(total):
        print(f"{table:32} {total[table]:>8} {hit[table]:>9} {hit[table] / total[table]:>7.2%}")
    all_total, all_hit = sum(total.values()), sum(hit.values())
    print(f"{'all':32} {all_total:>8} {all_hit:>9} {all_hit / all_total:>7.2%}")
    print("\nnot in the graph (path: leaves)")
    for leaf_path, n in missed.most_common(25):
        print(f"  {leaf_path}: {n}")


if __name__ == "__main__":
    main()
