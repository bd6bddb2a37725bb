"""``kg build``: records in, graph out."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from kg.cli import distributed
from kg.cli.fetch import add_http_options, fetch_into
from kg.cli.options import DEFAULT_OUT


def add(commands: argparse._SubParsersAction) -> None:
    build = commands.add_parser(
        "build",
        help="turn trial records into the graph (default: the bundled sample)",
        description="Read trial records (ClinicalTrials.gov API v2 JSON: one study, a page, a JSON array, "
        "JSON Lines or the bulk ZIP; rendered trial pages; legacy XML; files and folders in any mix), "
        "map them to RDF and load them into the on-disk store under OUT. When a trial appears more than "
        "once, the record with the newest last-update date wins; with --update, the same rule applies "
        "against the trials already in the store. Writes OUT/store, graph.trig, graph.ttl, summary.json "
        "and problems.jsonl.",
    )
    build.add_argument(
        "inputs",
        nargs="*",
        type=Path,
        metavar="PATH",
        help="files or folders of trial records (default: the bundled sample)",
    )
    build.add_argument("--out", type=Path, default=DEFAULT_OUT, help="output folder (default: ./output)")
    build.add_argument("--base", default=None, help="base IRI for minted nodes (default: https://w3id.org/trialgraph/)")
    build.add_argument("--workers", type=int, default=0, help="worker processes (default: one per core)")
    build.add_argument(
        "--update",
        action="store_true",
        help="update the store already in OUT in place: add new trials, replace those whose record is newer, "
        "keep the rest (default: build a new store from the inputs alone)",
    )
    build.add_argument(
        "--no-files",
        action="store_true",
        help="skip writing graph.trig and graph.ttl (the store is still written)",
    )
    build.add_argument("--strict", action="store_true", help="exit with status 1 when any record could not be read")
    build.add_argument(
        "--no-validate",
        action="store_true",
        help="skip validating the graph against shapes/ (validation.txt and validation.ttl are not written)",
    )
    build.add_argument(
        "--no-contacts",
        action="store_true",
        help="leave the contact details of trials and sites (names, phones, e-mails) out of the graph, "
        "for publishing it; each trial graph's provenance records it (tg:contactsIncluded false)",
    )
    build.add_argument(
        "--fetch",
        metavar="QUERY",
        help="first fetch the studies matching QUERY from the API into OUT/fetch (QUERY is the API's "
        "query.term: words, or an Essie expression such as 'AREA[Condition]asthma AND AREA[Phase]PHASE3'), "
        "then build them with the PATHs; an unfinished earlier fetch of the same QUERY is resumed",
    )
    fetching = build.add_argument_group("fetching, with --fetch")
    fetching.add_argument("--since", metavar="DATE", help="only studies updated on or after DATE")
    add_http_options(fetching)
    distributed.add_options(build)
    build.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from kg.build import BuildOptions, build
    from kg.build.report import render
    from kg.iris import DEFAULT_BASE
    from kg.resources import SAMPLE

    if (status := distributed.run(args)) is not None:
        return status
    inputs = list(args.inputs)
    if args.fetch is not None:
        from kg.fetch import Query

        fetched = fetch_into(args.out / "fetch", Query(term=args.fetch, since=args.since), args, restart=False)
        if fetched is None:
            return 1
        inputs.append(fetched)
    inputs = inputs or [SAMPLE]
    missing = [str(p) for p in inputs if not p.exists()]
    if missing:
        print(f"kg build: no such file or folder: {', '.join(missing)}", file=sys.stderr)
        return 2
    options = BuildOptions(
        inputs=inputs,
        out=args.out,
        base=args.base or DEFAULT_BASE,
        workers=args.workers,
        update=args.update,
        write_files=not args.no_files,
        validate=not args.no_validate,
        contacts=not args.no_contacts,
    )
    report = build(options)
    print(render(report))
    return 1 if args.strict and report.problems else 0
