"""A pool of query worker processes, each with the store open read-only.

A query running in a thread cannot be stopped: Oxigraph checks no deadline while it joins
or counts (measured: ``oxigraph serve-read-only --timeout-s 3`` kept a three-way join going
at full CPU long after its 3 s). A process can be ended. So each query goes to an idle
worker process; when it passes the time limit the worker is killed, which really stops the
work, and a fresh one takes its place. While one worker is stuck on a long query the
others keep answering, so other clients are served.

Workers are started with ``spawn``: forking a threaded HTTP server (or a process holding
an open RocksDB) is not safe.
"""

from __future__ import annotations

import multiprocessing
import queue
import threading
import time
from dataclasses import dataclass
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from pathlib import Path

from kg.serve.execute import Answer, Job

__all__ = ["Pool"]

_CONTEXT = multiprocessing.get_context("spawn")


def _worker_main(store_path: str, conn: Connection) -> None:
    """Body of a worker process: open the store, then answer jobs until the pipe closes."""

    from kg.serve.execute import run_job
    from kg.store import TrialStore

    store = TrialStore(Path(store_path), read_only=True)
    conn.send("ready")
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        conn.send(run_job(store, job))


@dataclass(slots=True)
class _Worker:
    process: BaseProcess
    conn: Connection


class Pool:
    """``size`` worker processes over the store at ``store_path``; ``run`` gives a job to one."""

    def __init__(self, store_path: Path, *, size: int, timeout: float) -> None:
        self.store_path = store_path
        self.size = size
        self.timeout = timeout
        # Waiting for a free worker is not query work, so it gets its own, longer bound: with one
        # worker held by a query heading for the time limit, a burst of 20 clients queued for the
        # other one past a 10 s limit (benchmarks/serve.py), and those 503s were not the client's fault.
        self.wait = max(60.0, 2 * timeout)
        self.stopped = 0  # queries stopped at the time limit, for /health
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._closed = False
        self.pids: set[int] = set()  # live workers, for /health (and the tests that check a kill)
        started = [self._start() for _ in range(size)]  # all at once: each takes ~1 s to import and open
        for worker in started:
            self._idle.put(self._ready(worker))

    def _start(self) -> _Worker:
        parent, child = _CONTEXT.Pipe()
        process = _CONTEXT.Process(target=_worker_main, args=(str(self.store_path), child), daemon=True)
        process.start()
        child.close()
        self.pids.add(process.pid)
        return _Worker(process, parent)

    def _ready(self, worker: _Worker) -> _Worker:
        """Wait until the worker's store is open, so a failure shows at start-up, not at the first query."""
        try:
            ready = worker.conn.poll(60) and worker.conn.recv() == "ready"
        except (EOFError, OSError):
            ready = False
        if not ready:
            worker.process.kill()
            raise RuntimeError(f"a query worker could not open the store in {self.store_path}")
        return worker

    def _spawn(self) -> _Worker:
        return self._ready(self._start())

    @property
    def idle(self) -> int:
        return self._idle.qsize()

    def run(self, job: Job) -> Answer:
        """The job's answer, or 503 when no worker is free in time or the query passes the limit."""
        waited = time.monotonic()
        try:
            worker = self._idle.get(timeout=self.wait)
        except queue.Empty:
            return Answer.error(503, f"all {self.size} query workers stayed busy for {self.wait:g} s; try again")
        try:
            worker.conn.send(job)
            limit = self.timeout
            if worker.conn.poll(limit):
                answer = worker.conn.recv()
                self._idle.put(worker)
                return answer
        except (EOFError, OSError):
            self._replace(worker)
            return Answer.error(500, "the query worker died; it has been replaced")
        self.stopped += 1
        self._replace(worker)
        spent = time.monotonic() - waited
        return Answer.error(
            503, f"query stopped: it ran past the time limit of {self.timeout:g} s ({spent:.1f} s); it was ended"
        )

    def _replace(self, worker: _Worker) -> None:
        """End the worker now (its work stops with it) and start another in the background."""
        worker.process.kill()
        worker.process.join(5)
        worker.conn.close()
        self.pids.discard(worker.process.pid)
        if not self._closed:
            threading.Thread(target=lambda: self._idle.put(self._spawn()), daemon=True).start()

    def close(self) -> None:
        """End every idle worker; busy ones are daemons and end with the server."""
        self._closed = True
        while True:
            try:
                worker = self._idle.get_nowait()
            except queue.Empty:
                return
            worker.conn.close()
            worker.process.kill()
            worker.process.join(5)
