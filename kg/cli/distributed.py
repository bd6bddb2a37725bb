"""``kg build --engine dask|spark`` and ``kg build --from-shards DIR``: the build past one machine.

``kg build`` declares these options through ``add_options`` and hands over to ``run`` first;
``run`` answers ``None`` when neither is asked for, and the local build goes on as before.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

ENGINES = ("local", "dask", "spark")


def add_options(build: argparse.ArgumentParser) -> None:
    """The options of ``kg build`` for mapping on a cluster engine and loading its shards."""
    group = build.add_argument_group(
        "past one machine",
        "map on Dask or Spark into sharded N-Quads (pip install 'trialgraph[dask]' or 'trialgraph[spark]'), "
        "then load the shards into the store, or into any triple store",
    )
    group.add_argument(
        "--engine",
        choices=ENGINES,
        default="local",
        help="where the records are parsed and mapped: local worker processes (default, builds the store), "
        "or Dask or Spark, which write OUT/shards/graph-*.nq, problems.jsonl and summary.json",
    )
    group.add_argument(
        "--cluster",
        metavar="ADDRESS",
        help="the cluster to run on: a Dask scheduler (tcp://host:8786) or a Spark master (spark://host:7077); "
        "default: a local one with --workers workers",
    )
    group.add_argument(
        "--shard-size", type=int, default=1000, metavar="N", help="trial graphs per shard file (default 1000)"
    )
    group.add_argument(
        "--from-shards",
        type=Path,
        metavar="DIR",
        help="load the N-Quads shards in DIR (from --engine, or kg export rdf --shard-size) into OUT/store, "
        "newest record of each trial winning; with --update, into the store already there",
    )


def run(args: argparse.Namespace) -> int | None:
    """Run ``kg build`` on an engine or from shards; ``None`` when the local build should run."""
    if args.from_shards is None and args.engine == "local" and not args.cluster:
        return None
    problem = _conflict(args)
    if problem:
        print(f"kg build: {problem}", file=sys.stderr)
        return 2
    if args.from_shards is not None:
        return _from_shards(args)
    return _on_engine(args)


def _conflict(args: argparse.Namespace) -> str | None:
    if args.from_shards is not None and (args.inputs or args.engine != "local" or args.fetch):
        return "--from-shards loads shards alone: give no PATH, --engine or --fetch with it"
    if args.from_shards is not None and not args.from_shards.is_dir():
        return f"no such folder: {args.from_shards}"
    if args.engine != "local" and (args.update or args.fetch):
        return "--engine writes shards, not a store: load them with --from-shards (and --update), fetch with kg fetch"
    if args.cluster and args.engine == "local":
        return "--cluster needs --engine dask or --engine spark"
    if args.engine != "local" and not args.inputs:
        return f"--engine {args.engine} needs the PATHs of the records to map"
    missing = [str(p) for p in args.inputs if not p.exists()]
    if missing:
        return f"no such file or folder: {', '.join(missing)}"
    if args.shard_size < 1:
        return "--shard-size must be at least 1"
    return None


def _on_engine(args: argparse.Namespace) -> int:
    from kg.distributed import EngineMissing, ShardOptions, engine, map_to_shards
    from kg.iris import DEFAULT_BASE

    options = ShardOptions(
        inputs=list(args.inputs),
        out=args.out / "shards",
        base=args.base or DEFAULT_BASE,
        shard_size=args.shard_size,
        contacts=not args.no_contacts,
    )
    try:
        with engine(args.engine, workers=args.workers or os.cpu_count() or 1, address=args.cluster) as running:
            summary = map_to_shards(options, running, engine_name=args.engine)
    except EngineMissing as err:
        print(f"kg build: {err}", file=sys.stderr)
        return 2
    print(summary.render())
    return 1 if args.strict and summary.report.problems else 0


def _from_shards(args: argparse.Namespace) -> int:
    from kg.build.report import render
    from kg.distributed.from_shards import LoadOptions, load_shards
    from kg.iris import DEFAULT_BASE

    options = LoadOptions(
        shards=args.from_shards,
        out=args.out,
        base=args.base or DEFAULT_BASE,
        update=args.update,
        write_files=not args.no_files,
        validate=not args.no_validate,
        workers=args.workers,
    )
    report = load_shards(options)
    print(render(report))
    return 1 if args.strict and report.problems else 0
