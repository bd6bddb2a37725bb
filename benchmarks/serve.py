"""Load on ``kg serve``: 20 concurrent clients, 2,000 catalogue queries in all, on a 10,000-trial store.

Not a test: it prints figures for the issue notes. It synthesises the store (the real records
repeated under new NCT ids, as ``benchmarks/build.py`` does) unless ``--store`` names a build's
output folder, starts ``kg serve`` as a subprocess on 127.0.0.1 with a free port, then runs two
phases, each bounded in time (``--deadline``):

1. the load alone: zero errors expected; p50/p95 latency and queries per second;
2. the same load while one more client sends a pathological query again and again, each
   stopped at the time limit (503).

The mix is interactive use: half trial cards (a point lookup, random trial), half small
rankings and counts (``MIX``). Slow reports such as countries-ranked (8 s alone at 10k) are left
out: 2,000 of them would measure the engine, not the server.

    python benchmarks/serve.py [--trials 10000] [--store OUT] [--clients 20] [--queries 2000] [--timeout 10]
"""

from __future__ import annotations

import argparse
import json
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent))

#: (catalogue query, parameters); trial-card's nct is drawn per request.
MIX = [
    ("trials-per-year", {}),
    ("stopped-trials", {}),
    ("status-counts", {}),
    ("trials-by-sponsor", {"sponsor": "Pfizer"}),
    ("phase-status-counts", {"condition": "cancer"}),
    ("related-trials", {"nct": "NCT90000042"}),
    ("sponsors-ranked", {}),
]
PATHOLOGICAL = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


def synthesise(trials: int, work: Path) -> Path:
    from build import write_input

    from kg.build import BuildOptions, build

    data = work / "studies.jsonl"
    write_input(trials, data)
    out = work / "out"
    build(BuildOptions(inputs=[data], out=out, workers=2, validate=False, write_files=False))
    data.unlink()
    return out


def start_server(store: Path, timeout: float) -> tuple[subprocess.Popen, str]:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    command = [sys.executable, "-m", "kg", "serve", "--store", str(store), "--port", str(port)]
    proc = subprocess.Popen([*command, "--timeout", str(timeout)], stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    for _ in range(300):
        try:
            with urllib.request.urlopen(f"{url}/health", timeout=2) as reply:
                return proc, url if reply.status == 200 else ""
        except OSError:
            time.sleep(0.2)
    proc.kill()
    sys.exit("kg serve did not start")


def call(url: str) -> tuple[int, float]:
    started = time.monotonic()
    try:
        with urllib.request.urlopen(url, timeout=120) as reply:
            reply.read()
            status = reply.status
    except urllib.error.HTTPError as err:
        status = err.code
    except OSError:
        status = 0
    return status, time.monotonic() - started


def load(url: str, *, clients: int, queries: int, deadline: float, seed: int) -> dict:
    """``queries`` catalogue requests from ``clients`` threads; stops early at the deadline."""
    rng = random.Random(seed)
    jobs = []
    for i in range(queries):
        name, params = ("trial-card", {"nct": f"NCT9{rng.randrange(10_000):07d}"}) if i % 2 else rng.choice(MIX)
        jobs.append(f"{url}/api/queries/{name}?{urlencode(params)}")
    results: list[tuple[int, float]] = []
    lock = threading.Lock()
    stop_at = time.monotonic() + deadline

    def client(mine: list[str]) -> None:
        for job in mine:
            if time.monotonic() > stop_at:
                return
            outcome = call(job)
            with lock:
                results.append(outcome)

    started = time.monotonic()
    threads = [threading.Thread(target=client, args=(jobs[k::clients],)) for k in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return summarise(results, time.monotonic() - started, queries)


def summarise(results: list[tuple[int, float]], seconds: float, asked: int) -> dict:
    latencies = sorted(t for _, t in results)
    errors = [s for s, _ in results if s != 200]
    return {
        "asked": asked,
        "answered": len(results),
        "errors": len(errors),
        "error_statuses": sorted(set(errors)),
        "seconds": round(seconds, 1),
        "queries_per_s": round(len(results) / seconds, 1),
        "p50_ms": round(statistics.median(latencies) * 1000, 1),
        "p95_ms": round(latencies[int(0.95 * (len(latencies) - 1))] * 1000, 1),
        "max_ms": round(latencies[-1] * 1000, 1),
    }


def with_pathological(url: str, args: argparse.Namespace) -> dict:
    """Phase 2: the load while one more client keeps sending a query that hits the time limit."""
    done = threading.Event()
    long: list[tuple[int, float]] = []

    def hog() -> None:
        while not done.is_set():
            long.append(call(f"{url}/sparql?{urlencode({'query': PATHOLOGICAL})}"))

    thread = threading.Thread(target=hog)
    thread.start()
    time.sleep(1.0)  # the long query is running before the load starts
    figures = load(url, clients=args.clients, queries=args.queries, deadline=args.deadline, seed=2)
    done.set()
    thread.join()
    figures["pathological"] = {
        "sent": len(long),
        "statuses": sorted({s for s, _ in long}),
        "seconds_each": [round(t, 1) for _, t in long],
    }
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--trials", type=int, default=10_000)
    parser.add_argument("--store", type=Path, default=None, help="a build's output folder (default: synthesise)")
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--queries", type=int, default=2_000)
    parser.add_argument("--timeout", type=float, default=10.0, help="kg serve --timeout (default: 10 s)")
    parser.add_argument("--deadline", type=float, default=600.0, help="seconds at most per phase (default: 600)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="kg-serve-bench-") as tmp:
        store = args.store or synthesise(args.trials, Path(tmp))
        proc, url = start_server(store, args.timeout)
        try:
            health = json.loads(urllib.request.urlopen(f"{url}/health").read())
            report = {"store": str(store), "workers": health["workers"], "timeout_s": args.timeout}
            report["load"] = load(url, clients=args.clients, queries=args.queries, deadline=args.deadline, seed=1)
            report["load_with_pathological_query"] = with_pathological(url, args)
        finally:
            proc.terminate()
            proc.wait(10)
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
