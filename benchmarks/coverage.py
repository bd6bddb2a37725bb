"""How much of the protocol and derived sections reaches the graph, per module.

For every real API v2 record in ../shared/data/ctgov/v2-json (or every Nth with ``--every``),
each non-empty leaf value of ``protocolSection`` and ``derivedSection`` counts as present when
the study's quads hold it verbatim as a literal (text stripped of surrounding spaces, as the
reader keeps it; true/false and numbers by value), or as the code of a SKOS concept the graph
links to (``.../vocab/phase/PHASE2`` holds ``PHASE2``). Not a test: it prints a table for the
issue notes, then the leaf paths that are missing most often.

    python benchmarks/coverage.py [--every 20] [--missing 25] [--no-contacts]

It also prints how many quads per study the protocol parts of issue 16 add (contacts, browse
index, data sharing, registry bookkeeping, details, and their two provenance quads), median
and mean, beside the study's whole count.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
from collections import Counter
from decimal import Decimal, InvalidOperation
from pathlib import Path

from pyoxigraph import Literal, NamedNode

from kg.iris import shared_graph, trial_graph
from kg.mapping import map_study, provenance_quads
from kg.mapping.browse import map_browse
from kg.mapping.contacts import map_contacts
from kg.mapping.details import map_details
from kg.mapping.emit import Emitter
from kg.mapping.ipd import map_sharing
from kg.mapping.registry import map_registry
from kg.model import Origin
from kg.sources.ctgov_json.study import study_from_v2
from kg.vocab import VOCAB_NS

SHARED = Path(__file__).resolve().parents[2] / "shared" / "data" / "ctgov" / "v2-json"
SECTIONS = ("protocolSection", "derivedSection")


def leaves(value: object, path: str):
    """``(path, value)`` for every non-empty scalar under ``value``; list indices become ``[]``."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield from leaves(item, f"{path}.{key}")
    elif isinstance(value, list):
        for item in value:
            yield from leaves(item, f"{path}[]")
    elif value is not None and value != "" and not (isinstance(value, str) and not value.strip()):
        yield path, value


def number_key(text: str) -> str | None:
    """A number's value as a canonical string, so ``40.70`` (JSON) equals ``40.7`` (xsd:decimal)."""
    try:
        return str(Decimal(text).normalize())
    except (InvalidOperation, ValueError):
        return None


def graph_values(quads) -> set[str]:
    """Every literal's lexical value (and numeric value), and the code of every linked concept."""
    found: set[str] = set()
    for quad in quads:
        obj = quad.object
        if isinstance(obj, Literal):
            found.add(obj.value)
            key = number_key(obj.value)
            if key is not None:
                found.add(key)
        elif isinstance(obj, NamedNode) and obj.value.startswith(VOCAB_NS):
            found.add(obj.value.rsplit("/", 1)[1])
    return found


def present(value: object, found: set[str]) -> bool:
    if isinstance(value, bool):
        return ("true" if value else "false") in found
    if isinstance(value, int | float):
        return str(value) in found or number_key(str(value)) in found
    return str(value).strip() in found


def added_quads(study, *, contacts: bool) -> int:
    """The quads the protocol parts of issue 16 emit for one study (and their provenance quads)."""
    em = Emitter(
        base="https://w3id.org/trialgraph/", nct_id=study.nct_id, graph=trial_graph(study.nct_id), shared=shared_graph()
    )
    if contacts:
        map_contacts(em, study)
    for part in (map_browse, map_sharing, map_registry, map_details):
        part(em, study)
    return len(em.quads) + 1 + bool(study.registry.version_holder)


def measure(paths: list[Path], *, contacts: bool, sizes: list[tuple[int, int]]) -> tuple[Counter, Counter, Counter]:
    """(leaves per module, present per module, missing per leaf path); appends (all, added) quads per study."""
    total, hit, missing = Counter(), Counter(), Counter()
    for path in paths:
        data = json.loads(path.read_bytes())
        study, _ = study_from_v2(data)
        quads = map_study(study, contacts=contacts)
        origin = Origin(path=str(path), position="file", format="ctgov-json")
        quads += provenance_quads(study, origin, build_time="2026-01-01T00:00:00", tool_version="-", contacts=contacts)
        found = graph_values(quads)
        sizes.append((len(quads), added_quads(study, contacts=contacts)))
        for section in SECTIONS:
            for leaf, value in leaves(data.get(section) or {}, section):
                module = ".".join(leaf.split(".")[:2]).split("[")[0]
                total[module] += 1
                if present(value, found):
                    hit[module] += 1
                else:
                    missing[leaf] += 1
    return total, hit, missing


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--every", type=int, default=1, help="take every Nth record (default: all)")
    parser.add_argument("--missing", type=int, default=25, help="how many missing leaf paths to list")
    parser.add_argument("--no-contacts", action="store_true", help="map as kg build --no-contacts does")
    args = parser.parse_args()
    paths = sorted(SHARED.glob("*.json"))[:: args.every]
    if not paths:
        sys.exit(f"no records found in {SHARED}")
    sizes: list[tuple[int, int]] = []
    total, hit, missing = measure(paths, contacts=not args.no_contacts, sizes=sizes)
    print(f"{len(paths)} records from {SHARED}")
    print(f"{'module':<55} {'values':>8} {'in graph':>9} {'coverage':>9}")
    for module in sorted(total):
        print(f"{module:<55} {total[module]:>8,} {hit[module]:>9,} {hit[module] / total[module]:>9.1%}")
    all_total, all_hit = sum(total.values()), sum(hit.values())
    print(f"{'all':<55} {all_total:>8,} {all_hit:>9,} {all_hit / all_total:>9.1%}")
    whole, added = [w for w, _ in sizes], [a for _, a in sizes]
    print(
        f"\nquads per study: median {statistics.median(whole):,.0f}, mean {statistics.mean(whole):,.1f}; "
        f"added by issue 16's parts: median {statistics.median(added):,.0f}, mean {statistics.mean(added):,.1f} "
        f"({sum(added) / sum(whole):.1%} of all quads)"
    )
    print(f"\nmissing values by leaf path (top {args.missing}):")
    for leaf, count in missing.most_common(args.missing):
        print(f"  {count:>7,}  {leaf}")


if __name__ == "__main__":
    main()
