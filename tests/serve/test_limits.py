"""The time limit really stops a query (its worker process is ended) and others are served meanwhile."""

from __future__ import annotations

import json
import os
import threading
import time

from .client import request
from .conftest import TIMEOUT

#: Three unconstrained triple patterns: 24k^3 combinations, which no engine finishes.
PATHOLOGICAL = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def test_long_query_is_stopped_with_503_while_others_are_served(endpoint: str, server) -> None:
    before = json.loads(request(f"{endpoint}/health").body)
    pids_before = set(server.pool.pids)
    long: dict = {}

    def run_long() -> None:
        started = time.monotonic()
        long["reply"] = request(f"{endpoint}/sparql", params={"query": PATHOLOGICAL})
        long["seconds"] = time.monotonic() - started

    thread = threading.Thread(target=run_long)
    thread.start()
    time.sleep(0.5)
    started = time.monotonic()
    quick = request(f"{endpoint}/sparql", params={"query": "ASK { ?s ?p ?o } # limits"})
    assert quick.status == 200
    # served while the long query still runs (it cannot end before TIMEOUT), with room for a busy machine
    assert time.monotonic() - started < TIMEOUT - 0.5
    thread.join(TIMEOUT + 10)
    reply = long["reply"]
    assert reply.status == 503
    assert "time limit" in reply.text
    assert TIMEOUT <= long["seconds"] < TIMEOUT + 8  # stopped at the limit, not run to its end (minutes)
    after = json.loads(request(f"{endpoint}/health").body)
    assert after["queries_stopped_at_time_limit"] == before["queries_stopped_at_time_limit"] + 1
    gone = pids_before - server.pool.pids
    assert len(gone) == 1 and not _alive(gone.pop())  # the process doing the work is ended: the work stopped
    deadline = time.monotonic() + 20
    while json.loads(request(f"{endpoint}/health").body)["idle_workers"] < 4 and time.monotonic() < deadline:
        time.sleep(0.2)  # a replacement worker starts in the background
    assert json.loads(request(f"{endpoint}/health").body)["idle_workers"] == 4
