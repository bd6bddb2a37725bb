"""Load on ``kg serve``: throughput and latency on the catalogue mix, and starvation by runaway queries.

Not a test: it prints tables for the issue notes. It synthesises a store (the real records
repeated under new NCT ids, as ``benchmarks/build.py`` does) unless ``--store`` names a build's
output folder. Each variant is a ``kg serve`` started as a subprocess on 127.0.0.1: this
checkout with the answer cache, this checkout without it (``--cache 0``), and, with
``--compare DIR``, another checkout of the code (``DIR/kg``, e.g. ``git archive main kg | tar
-x -C DIR``) so before and after are measured in the same run, alternated row by row, with
the load average printed beside each row.

1. The load: ``--clients`` threads (e.g. 20 and 50) share ``--queries`` catalogue requests,
   half trial cards of random real trials, half small rankings and counts (``MIX``); each
   phase stops at ``--deadline``. Errors are counted by status (503: turned away, with
   ``Retry-After``).
2. Starvation: six clients, each from its own loopback address, send a query that no engine
   finishes (``RUNAWAY``) again and again, while a seventh asks a cheap ASK every 2 s; the
   ASK's latencies show whether cheap queries wait behind runaway ones.

    python benchmarks/serve.py --store OUT [--compare DIR] [--clients 20 50] [--queries 400]
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent))

HERE = Path(__file__).resolve().parents[1]
#: (catalogue query, parameters); trial-card's nct is drawn per request from the store's trials.
MIX = [
    ("trials-per-year", {}),
    ("stopped-trials", {}),
    ("status-counts", {}),
    ("trials-by-sponsor", {"sponsor": "Pfizer"}),
    ("phase-status-counts", {"condition": "cancer"}),
    ("related-trials", {}),
    ("sponsors-ranked", {}),
]
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


def synthesise(trials: int, work: Path) -> Path:
    from build import write_input

    from kg.build import BuildOptions, build

    data = work / "studies.jsonl"
    write_input(trials, data)
    out = work / "out"
    build(BuildOptions(inputs=[data], out=out, workers=2, validate=False, write_files=False))
    data.unlink()
    return out


def trial_ids(store: Path) -> list[str]:
    from kg.store import TrialStore

    query = "SELECT ?id WHERE { ?t <https://w3id.org/trialgraph/ontology#nctId> ?id }"
    found = TrialStore.open(store).query(query, union=True)
    return sorted({row["id"].value for row in found})


def start_server(code: Path, store: Path, timeout: float, extra: list[str]) -> tuple[subprocess.Popen, int]:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    command = [sys.executable, "-m", "kg", "serve", "--store", str(store), "--port", str(port)]
    env = {**os.environ, "PYTHONPATH": str(code)}
    # cwd too: ``python -m`` puts the working folder first on sys.path, before PYTHONPATH
    proc = subprocess.Popen([*command, "--timeout", str(timeout), *extra], stderr=subprocess.DEVNULL, env=env, cwd=code)
    for _ in range(600):
        if call(port, "/health")[0] == 200:
            return proc, port
        time.sleep(0.2)
    proc.kill()
    sys.exit("kg serve did not start")


def call(port: int, target: str, *, source: str = "127.0.0.1", query: str | None = None) -> tuple[int, float]:
    """(status, seconds) of one request; status 0 when the connection failed."""
    started = time.monotonic()
    try:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120, source_address=(source, 0))
        if query is None:
            conn.request("GET", target)
        else:
            conn.request("POST", target, body=query.encode(), headers={"Content-Type": "application/sparql-query"})
        reply = conn.getresponse()
        reply.read()
        conn.close()
        status = reply.status
    except OSError:
        status = 0
    return status, time.monotonic() - started


def load(port: int, ids: list[str], *, clients: int, queries: int, deadline: float) -> dict:
    """``queries`` catalogue requests from ``clients`` threads; stops early at the deadline."""
    rng = random.Random(1)
    jobs = []
    for i in range(queries):
        name, params = ("trial-card", {"nct": rng.choice(ids)}) if i % 2 else rng.choice(MIX)
        if name == "related-trials":
            params = {"nct": rng.choice(ids)}
        jobs.append(f"/api/queries/{name}?{urlencode(params)}")
    results: list[tuple[int, float]] = []
    stop_at = time.monotonic() + deadline

    def client(mine: list[str]) -> None:
        for job in mine:
            if time.monotonic() > stop_at:
                return
            results.append(call(port, job))

    started = time.monotonic()
    threads = [threading.Thread(target=client, args=(jobs[k::clients],)) for k in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return summarise(results, time.monotonic() - started)


def summarise(results: list[tuple[int, float]], seconds: float) -> dict:
    latencies = sorted(t for _, t in results) or [0.0]
    statuses: dict[int, int] = {}
    for status, _ in results:
        statuses[status] = statuses.get(status, 0) + 1
    return {
        "answered": len(results),
        "statuses": statuses,
        "q_per_s": round(len(results) / seconds, 1),
        "p50_ms": round(statistics.median(latencies) * 1000),
        "p95_ms": round(latencies[int(0.95 * (len(latencies) - 1))] * 1000),
        "max_ms": round(latencies[-1] * 1000),
    }


def starvation(port: int, seconds: float) -> dict:
    """Six runaway clients, one cheap ASK every 2 s from a seventh; the ASK's latencies."""
    done = threading.Event()
    runaway: list[tuple[int, float]] = []

    def hog(source: str) -> None:
        while not done.is_set():
            text = f"{RUNAWAY} # {source} {len(runaway)}"  # each different: identical ones share one run
            runaway.append(call(port, "/sparql", source=source, query=text))

    hogs = [threading.Thread(target=hog, args=(f"127.0.0.{k}",)) for k in range(2, 8)]
    for thread in hogs:
        thread.start()
    time.sleep(1.0)
    asks: list[tuple[int, float]] = []
    stop_at = time.monotonic() + seconds
    while time.monotonic() < stop_at:
        asks.append(call(port, "/sparql", source="127.0.0.9", query=f"ASK {{ ?s ?p ?o }} # {len(asks)}"))
        time.sleep(2.0)
    done.set()
    for thread in hogs:
        thread.join()
    figures = summarise(asks, 1.0)
    figures.pop("q_per_s")
    figures["runaway_statuses"] = summarise(runaway, 1.0)["statuses"]
    return figures


def uptime() -> str:
    return "load {:.1f} {:.1f} {:.1f}".format(*os.getloadavg())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--trials", type=int, default=10_000)
    parser.add_argument("--store", type=Path, default=None, help="a build's output folder (default: synthesise)")
    parser.add_argument("--compare", type=Path, default=None, help="another checkout's folder holding kg/")
    parser.add_argument("--clients", type=int, nargs="*", default=[20, 50], help="client counts; none: starvation only")
    parser.add_argument("--queries", type=int, default=400)
    parser.add_argument("--timeout", type=float, default=10.0, help="kg serve --timeout (default: 10 s)")
    parser.add_argument("--deadline", type=float, default=120.0, help="seconds at most per row (default: 120)")
    parser.add_argument("--starvation", type=float, default=40.0, help="seconds of the starvation phase")
    args = parser.parse_args()
    variants = [("this, cache", HERE, []), ("this, no cache", HERE, ["--cache", "0"])]
    if args.compare:
        variants.insert(0, (f"{args.compare.name}", args.compare, []))
    with tempfile.TemporaryDirectory(prefix="kg-serve-bench-") as tmp:
        store = args.store or synthesise(args.trials, Path(tmp))
        ids = trial_ids(store)
        print(f"store {store}: {len(ids):,} trials; {os.cpu_count()} cores; timeout {args.timeout:g} s", flush=True)
        rows = [(clients, variant) for clients in args.clients for variant in variants]
        rows += [("starvation", variant) for variant in variants]
        for what, (label, code, extra) in rows:
            proc, port = start_server(code, store, args.timeout, extra)
            try:
                if what == "starvation":
                    figures = starvation(port, args.starvation)
                else:
                    figures = load(port, ids, clients=what, queries=args.queries, deadline=args.deadline)
            finally:
                proc.terminate()
                proc.wait(60)
            print(f"{what!s:>10} | {label:<16} | {json.dumps(figures)} | {uptime()}", flush=True)


if __name__ == "__main__":
    main()
