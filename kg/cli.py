"""The ``kg`` command: a thin shell over the library, one subcommand per job."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from kg import __version__

DEFAULT_OUT = Path("output")


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``kg`` command; returns the exit status."""
    parser = _parser()
    args = parser.parse_args(argv)
    if not hasattr(args, "run"):
        parser.print_help()
        return 2
    return args.run(args)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="kg",
        description="trialgraph: build a validated, queryable knowledge graph of clinical trials "
        "from ClinicalTrials.gov records.",
    )
    parser.add_argument("--version", action="version", version=f"trialgraph {__version__}")
    commands = parser.add_subparsers(title="commands", metavar="COMMAND")
    _add_build(commands)
    _add_validate(commands)
    _add_fetch(commands)
    _add_export(commands)
    _add_analyze(commands)
    _add_query(commands)
    _add_serve(commands)
    return parser


def _add_build(commands: argparse._SubParsersAction) -> None:
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
        "--fetch",
        metavar="QUERY",
        help="first fetch the studies matching QUERY from the API into OUT/fetch (QUERY is the API's "
        "query.term: words, or an Essie expression such as 'AREA[Condition]asthma AND AREA[Phase]PHASE3'), "
        "then build them with the PATHs; an unfinished earlier fetch of the same QUERY is resumed",
    )
    fetching = build.add_argument_group("fetching, with --fetch")
    fetching.add_argument("--since", metavar="DATE", help="only studies updated on or after DATE")
    _add_http_options(fetching)
    build.set_defaults(run=_run_build)


def _run_build(args: argparse.Namespace) -> int:
    from kg.build import SAMPLE, BuildOptions, build
    from kg.mapping import DEFAULT_BASE
    from kg.summary import render

    inputs = list(args.inputs)
    if args.fetch is not None:
        from kg.fetch import Query

        fetched = _fetch_into(args.out / "fetch", Query(term=args.fetch, since=args.since), args, restart=False)
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
    )
    report = build(options)
    print(render(report))
    return 1 if args.strict and report.problems else 0


def _add_fetch(commands: argparse._SubParsersAction) -> None:
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
    _add_http_options(fetch)
    fetch.set_defaults(run=_run_fetch)


def _add_http_options(parser: argparse.ArgumentParser | argparse._ArgumentGroup) -> None:
    parser.add_argument("--api-url", default=None, help="the API base (default: https://clinicaltrials.gov/api/v2)")
    parser.add_argument("--rate", type=float, default=1.0, help="requests per second at most (default: 1)")
    parser.add_argument("--timeout", type=float, default=60.0, help="seconds to wait for data (default: 60)")
    parser.add_argument("--retries", type=int, default=8, help="attempts per request (default: 8)")
    parser.add_argument("--backoff", type=float, default=2.0, help="first backoff in seconds, doubled (default: 2)")


def _run_fetch(args: argparse.Namespace) -> int:
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
    return 0 if _fetch_into(args.out, query, args, restart=args.restart) is not None else 1


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


def _fetch_into(out: Path, query, args: argparse.Namespace, *, restart: bool) -> Path | None:
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


def _add_export(commands: argparse._SubParsersAction) -> None:
    """``kg export FORMAT``: one sub-command per registered exporter, each adding its own options."""
    from kg.export import EXPORTERS, exporter

    export = commands.add_parser(
        "export",
        help="write the graph as files other tools load (" + ", ".join(sorted(EXPORTERS)) + ")",
        description="Read the store and write files for another tool. Only reads the store.",
    )
    formats = export.add_subparsers(title="formats", metavar="FORMAT", required=True)
    for name in sorted(EXPORTERS):
        module = exporter(name)
        sub = formats.add_parser(name, help=(module.__doc__ or "").split("\n")[0], description=module.__doc__)
        sub.add_argument(
            "--store", type=Path, default=DEFAULT_OUT, metavar="DIR", help="a build's output folder (default: ./output)"
        )
        sub.add_argument("--out", type=Path, default=None, help=f"output folder (default: DIR/export/{name})")
        before = {a.dest for a in sub._actions}
        module.add_arguments(sub)
        options = [a.dest for a in sub._actions if a.dest not in before]
        sub.set_defaults(run=_run_export, export_name=name, export_options=options)


def _run_export(args: argparse.Namespace) -> int:
    from kg.export import exporter
    from kg.store import TrialStore, store_path

    try:
        path = store_path(args.store)
    except FileNotFoundError as error:
        print(f"kg export: {error}", file=sys.stderr)
        return 2
    out = args.out or args.store / "export" / args.export_name
    store = TrialStore(path, read_only=True).oxigraph
    options = {name: getattr(args, name) for name in args.export_options}
    try:
        report = exporter(args.export_name).export(store, out, **options)
    except (KeyError, ValueError) as error:  # a bad option combination: say which, no traceback
        print(f"kg export {args.export_name}: {error.args[0]}", file=sys.stderr)
        return 2
    print(f"kg export {args.export_name}: {out}\n{report.render()}")
    return 0


def _add_analyze(commands: argparse._SubParsersAction) -> None:
    analyze = commands.add_parser(
        "analyze",
        help="network analytics: central entities, components, communities, similar trials",
        description="Project the graph with networkx, print the most central conditions, interventions and "
        "sponsors, components and communities, and write each trial's most similar trials (weighted Jaccard "
        "over conditions, interventions and MeSH ancestors) back into the store as their own named graph.",
    )
    analyze.add_argument(
        "--store", type=Path, default=DEFAULT_OUT, metavar="DIR", help="a build's output folder (default: ./output)"
    )
    analyze.add_argument("--top", type=int, default=10, help="entries per ranking (default: 10)")
    analyze.add_argument("--similar", type=int, default=5, help="similar trials kept per trial (default: 5)")
    analyze.add_argument("--min-score", type=float, default=0.2, help="smallest similarity kept (default: 0.2)")
    analyze.add_argument("--json", type=Path, default=None, help="also write the figures as JSON to this file")
    analyze.set_defaults(run=_run_analyze)


def _run_analyze(args: argparse.Namespace) -> int:
    from kg.analyze import analyze, render
    from kg.store import store_path

    try:
        path = store_path(args.store)
    except FileNotFoundError as error:
        print(f"kg analyze: {error}", file=sys.stderr)
        return 2
    result = analyze(path, top=args.top, similar=args.similar, min_score=args.min_score)
    print(render(result))
    if args.json:
        import json

        args.json.write_text(json.dumps(result, indent=2), encoding="utf-8")
    return 0


def _add_validate(commands: argparse._SubParsersAction) -> None:
    from kg.validate.report import FORMATS

    validate = commands.add_parser(
        "validate",
        help="check a built graph against the SHACL shapes and report what to fix",
        description="Validate the store of a build against shapes/ (by default the shapes compiled to SPARQL "
        "and run over the whole store, equal to pyshacl's results), and print the report: counts by severity "
        "and shape, the trials with the most problems, then one line per result. Exit status 1 when any "
        "Violation is found.",
    )
    validate.add_argument(
        "--store", type=Path, default=DEFAULT_OUT, metavar="DIR", help="a build's output folder (default: ./output)"
    )
    validate.add_argument("--format", choices=FORMATS, default="text", help="report format (default: text)")
    validate.add_argument("--workers", type=int, default=0, help="worker processes (default: one per core)")
    validate.add_argument(
        "--whole-graph",
        action="store_true",
        help="run plain pyshacl on the whole graph at once (slow; the reference the default mode equals)",
    )
    validate.add_argument(
        "--engine",
        choices=("fast", "pyshacl"),
        default="fast",
        help="fast: the shapes compiled to SPARQL over the whole store (default); pyshacl: pyshacl trial by trial",
    )
    validate.set_defaults(run=_run_validate)


def _run_validate(args: argparse.Namespace) -> int:
    from kg.validate import validate_store

    try:
        report = validate_store(args.store, workers=args.workers, whole=args.whole_graph, engine=args.engine)
    except (FileNotFoundError, ValueError) as err:
        print(f"kg validate: {err}", file=sys.stderr)
        return 2
    sys.stdout.write(report.render(args.format))
    return 1 if report.violations else 0


def _add_query(commands: argparse._SubParsersAction) -> None:
    from kg.tables import FORMATS

    query = commands.add_parser(
        "query",
        help="run a named question from the catalogue, or any SPARQL, against a build's store",
        description="Run catalogue query NAME with --param key=value (see --list), or your own SPARQL with "
        "--sparql FILE (- for standard input). The default graph is the union of every graph in the store. "
        "Prints a table on a terminal and CSV otherwise, unless --format says.",
    )
    query.add_argument("name", nargs="?", metavar="NAME", help="catalogue query to run")
    query.add_argument("--store", type=Path, default=DEFAULT_OUT, help="a build's output folder (default: ./output)")
    query.add_argument("--list", action="store_true", help="list the catalogue: names, titles, parameters")
    query.add_argument("--param", action="append", default=[], metavar="KEY=VALUE", help="a parameter (repeatable)")
    query.add_argument("--sparql", metavar="FILE", help="run the SPARQL in FILE, or - for standard input")
    query.add_argument("--format", choices=list(FORMATS), help="table, csv, tsv, json or markdown")
    query.add_argument("--limit", type=int, default=None, help="print at most this many rows")
    query.set_defaults(run=_run_query)


def _run_query(args: argparse.Namespace) -> int:
    from kg.query import QueryFailed
    from kg.query_cli import run

    try:
        return run(args)
    except QueryFailed as exc:
        print(f"kg query: {exc}", file=sys.stderr)
        return 2


def _add_serve(commands: argparse._SubParsersAction) -> None:
    serve = commands.add_parser(
        "serve",
        help="serve the store as a read-only SPARQL 1.1 endpoint with a query page",
        description="Serve a build's store over HTTP: the SPARQL 1.1 Protocol at /sparql (read-only; the default "
        "graph is the union of all graphs unless default-graph-uri/named-graph-uri say otherwise), a query page "
        "at /, the query catalogue at /api/queries, and /health. Queries run in worker processes; one that "
        "passes the time limit is stopped and answered with 503.",
    )
    serve.add_argument(
        "--store", type=Path, default=DEFAULT_OUT, metavar="DIR", help="a build's output folder (default: ./output)"
    )
    serve.add_argument(
        "--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1, this machine only)"
    )
    serve.add_argument("--port", type=int, default=7878, help="port (default: 7878; 0 picks a free one)")
    serve.add_argument("--timeout", type=float, default=30.0, help="time limit per query in seconds (default: 30)")
    serve.add_argument("--max-rows", type=int, default=10_000, help="row cap per result; 0 for none (default: 10000)")
    serve.add_argument(
        "--workers", type=int, default=0, help="query worker processes (default: one per core, at least 2)"
    )
    serve.set_defaults(run=_run_serve)


def _run_serve(args: argparse.Namespace) -> int:
    from kg.query import QueryFailed
    from kg.serve import ServeOptions, serve

    if args.timeout <= 0 or args.max_rows < 0 or args.workers < 0:
        print("kg serve: --timeout must be above 0, --max-rows and --workers 0 or more", file=sys.stderr)
        return 2
    options = ServeOptions(
        store=args.store,
        host=args.host,
        port=args.port,
        timeout=args.timeout,
        max_rows=args.max_rows or None,
        workers=args.workers,
    )
    try:
        serve(options)
    except (QueryFailed, OSError, RuntimeError) as exc:
        print(f"kg serve: {exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
