"""``kg fetch``: records from the ClinicalTrials.gov API, for ``kg build``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def add(commands: argparse._SubParsersAction) -> None:
    fetch = commands.add_parser(
        "fetch",
        help="download trial records from the ClinicalTrials.gov API (a search, or the whole registry)",
        description="Page through the API's /studies search (1,000 studies a request, at most one request "
        "a second by default, retrying failures with backoff) into OUT/studies.jsonl, which kg build reads. "
        "A run that is stopped resumes where it left off when started again with the same query. "
        "With --bulk, download the registry's full JSON ZIP instead (resumable). The registry's data "
        "timestamp (/version) is recorded in OUT/.fetch.json.",
    )
    for name, api in (
        ("condition", "query.cond"),
        ("term", "query.term"),
        ("sponsor", "query.spons"),
        ("intervention", "query.intr"),
        ("location", "query.locn"),
    ):
        fetch.add_argument(f"--{name}", help=f"search text for the API's {api}")
    fetch.add_argument("--status", action="append", default=[], help="overall status code(s), e.g. RECRUITING")
    fetch.add_argument("--ids", nargs="+", default=[], metavar="NCT", help="only these NCT ids (filter.ids)")
    fetch.add_argument("--since", metavar="DATE", help="only studies whose last update was posted on or after DATE")
    fetch.add_argument(
        "--param", action="append", default=[], metavar="K=V", help="any other API parameter, passed through"
    )
    fetch.add_argument("--out", type=Path, default=Path("fetched"), help="output folder (default: ./fetched)")
    fetch.add_argument("--gzip", action="store_true", help="write studies.jsonl.gz instead of studies.jsonl")
    fetch.add_argument("--bulk", action="store_true", help="download the whole registry as its JSON ZIP")
    fetch.add_argument("--bulk-url", default=None, help="the ZIP's URL (default: API/studies/download?format=json.zip)")
    fetch.add_argument("--restart", action="store_true", help="discard an unfinished earlier fetch in OUT")
    add_http_options(fetch)
    fetch.set_defaults(run=run)


def add_http_options(parser: argparse.ArgumentParser | argparse._ArgumentGroup) -> None:
    parser.add_argument("--api-url", default=None, help="the API base (default: https://clinicaltrials.gov/api/v2)")
    parser.add_argument("--rate", type=float, default=1.0, help="requests per second at most (default: 1)")
    parser.add_argument("--timeout", type=float, default=60.0, help="seconds to wait for data (default: 60)")
    parser.add_argument("--retries", type=int, default=8, help="attempts per request (default: 8)")
    parser.add_argument("--backoff", type=float, default=2.0, help="first backoff in seconds, doubled (default: 2)")


def run(args: argparse.Namespace) -> int:
    from kg.fetch import Query, parse_param

    try:
        extra = dict(parse_param(p) for p in args.param)
    except ValueError as err:
        print(f"kg fetch: {err}", file=sys.stderr)
        return 2
    if args.bulk:
        return _run_bulk(args)
    query = Query(
        condition=args.condition,
        term=args.term,
        sponsor=args.sponsor,
        intervention=args.intervention,
        location=args.location,
        status=[s for item in args.status for s in item.split(",") if s],
        ids=[i for item in args.ids for i in item.split(",") if i],
        since=args.since,
        extra=extra,
    )
    return 0 if fetch_into(args.out, query, args, restart=args.restart) is not None else 1


def _client(args: argparse.Namespace):
    from kg.fetch import DEFAULT_API_URL, ApiClient, RetryPolicy

    policy = RetryPolicy(
        attempts=max(1, getattr(args, "retries", 8)),
        base=getattr(args, "backoff", 2.0),
        timeout=getattr(args, "timeout", 60.0),
    )
    rate = getattr(args, "rate", 1.0)
    return ApiClient(
        api_url=args.api_url or DEFAULT_API_URL,
        min_interval=1.0 / rate if rate > 0 else 0.0,
        retry=policy,
        on_retry=lambda message: print(f"kg fetch: {message}", file=sys.stderr),
    )


def fetch_into(out: Path, query, args: argparse.Namespace, *, restart: bool) -> Path | None:
    """Run a search fetch; the file written, or ``None`` after printing why it failed."""
    from kg.fetch import FetchError, FetchOptions, fetch_studies

    try:
        options = FetchOptions(out=out, query=query, gzip=getattr(args, "gzip", False), restart=restart)
        report = fetch_studies(options, _client(args))
    except (FetchError, ValueError) as err:
        print(f"kg fetch: {err}", file=sys.stderr)
        return None
    resumed = " (resumed)" if report.resumed else ""
    print(
        f"kg fetch: {report.written:,} studies in {report.output}{resumed}; {report.pages} pages, "
        f"{report.duplicates} repeats skipped, {report.retries} retries, {report.seconds:.1f} s; "
        f"registry data as of {report.data_timestamp or 'unknown'}"
    )
    return report.output


def _run_bulk(args: argparse.Namespace) -> int:
    from kg.fetch import FetchError, bulk_url, fetch_bulk

    client = _client(args)
    try:
        report = fetch_bulk(args.bulk_url or bulk_url(client.api_url), args.out, client)
    except FetchError as err:
        print(f"kg fetch: {err}", file=sys.stderr)
        return 1
    print(
        f"kg fetch: {report.output} ({report.bytes:,} bytes, {report.entries:,} entries; resumed from byte "
        f"{report.resumed_from:,}); registry data as of {report.data_timestamp or 'unknown'}"
    )
    return 0
