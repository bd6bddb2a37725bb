"""``kg analyze``: network analytics over a projection of the graph."""

from __future__ import annotations

import argparse
from pathlib import Path

from kg.cli.options import add_store_option


def add(commands: argparse._SubParsersAction) -> None:
    analyze = commands.add_parser(
        "analyze",
        help="network analytics: central entities, components, communities, similar trials",
        description="Project the graph with networkx, print the most central conditions, interventions and "
        "sponsors, components and communities, and write each trial's most similar trials (IDF-weighted "
        "Jaccard over conditions and interventions with their MeSH terms, averaged over the two; see the "
        "README) back into the store as their own named graph.",
    )
    add_store_option(analyze)
    analyze.add_argument("--top", type=int, default=10, help="entries per ranking (default: 10)")
    analyze.add_argument("--similar", type=int, default=5, help="similar trials kept per trial (default: 5)")
    analyze.add_argument("--min-score", type=float, default=0.2, help="smallest similarity kept (default: 0.2)")
    analyze.add_argument(
        "--max-shared",
        type=int,
        default=500,
        metavar="K",
        help="a feature shared by more than K trials (placebo, a broad MeSH term) proposes no pair by itself "
        "in the trials projection and the similarity search, only adds weight (counted in the report; default: 500)",
    )
    analyze.add_argument("--json", type=Path, default=None, help="also write the figures as JSON to this file")
    analyze.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from kg.network.analyze import analyze, render
    from kg.store import find_store

    result = analyze(
        find_store(args.store), top=args.top, similar=args.similar, min_score=args.min_score, max_shared=args.max_shared
    )
    print(render(result))
    if args.json:
        import json

        args.json.write_text(json.dumps(result, indent=2), encoding="utf-8")
    return 0
