"""Query worker processes, and who runs next: bounded in time, memory and waiting, fair to clients.

A query running in a thread cannot be stopped: Oxigraph checks no deadline while it joins
or counts. A process can be ended. So each query goes to a worker process, watched by the
request's thread: past the time limit, or past the memory limit (its resident size, read
every 50 ms), the worker is killed, which really stops the work, and a fresh one is started.

Starvation: there are ``size + QUICK_LANES`` processes but at most ``size`` queries may run
longer than ``quick`` seconds at once. A query past ``quick`` s that finds no long-query slot
free is stopped (503 with ``Retry-After``) as soon as a light client (one that used under
``quick`` s of worker time lately) waits for a process; heavy clients wait their turn, since
stopping one runaway to start another helps nobody. So a cheap query from a light client does
not wait for runaway ones to reach the time limit: it waits for the first of them to pass
``quick`` s, then a look (50 ms), as a started spare takes the stopped worker's place (two are
kept; when both are used up, for a worker's restart: about a second, longer on a loaded
machine). Measured: ``benchmarks/serve.py``, ``tests/serve/test_load.py``. (Tried and dropped:
stopping for any waiting request, which under load turned away queries of a few seconds to
start others like them; counting CPU time instead of wall time, which on a loaded machine let
runaways hold every process past the time limit; renicing long queries, whose workers then had
to be restarted, which cost more CPU than it gave.)

Waiting requests are taken fairly: first the client (by address) that used the least worker
time lately (halved every minute), then the one with the fewest queries running, then arrival
order. The queue is bounded: past ``max_waiting`` waiting requests, or after
``wait`` seconds of waiting, the answer is 503 with ``Retry-After``, never an unbounded
wait.

What a worker process is, and how it walls itself in, is ``kg.serve.worker``.
"""

from __future__ import annotations

import itertools
import math
import signal
import sys
import threading
import time
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from kg.serve.execute import Answer, Job
from kg.serve.sandbox import resident_bytes
from kg.serve.worker import Worker

__all__ = ["Pool"]

QUICK = 3.0  # seconds after which a query counts as long
QUICK_LANES = 2  # processes beyond the long-query slots
SPARES = 2  # started workers kept aside, so a stopped one is replaced at once, not after a restart
POLL = 0.05  # seconds between two looks at a busy worker
HALF_LIFE = 60.0  # seconds for a client's recorded worker time to halve


@dataclass(eq=False, slots=True)
class _Ticket:
    client: str
    seq: int


class Pool:
    """``size + QUICK_LANES`` worker processes over the store at ``store_path``; ``run`` gives a job to one."""

    def __init__(
        self, store_path: Path, *, size: int, timeout: float, memory: int = 1 << 30, max_waiting: int = 64
    ) -> None:
        self.store_path = store_path
        self.size = size
        self.timeout = timeout
        self.memory = memory
        self.quick = min(QUICK, timeout)
        self.wait = max(60.0, 2 * timeout)
        self.max_waiting = max_waiting
        self.stopped = 0  # queries stopped at the time limit, for /health
        self.stopped_memory = 0
        self.turned_away = 0  # 503s for a busy server
        self.pids: set[int] = set()  # live workers (the tests check a kill with it)
        self._cond = threading.Condition()
        self._idle: list[Worker] = []
        self._waiting: list[_Ticket] = []
        self._running: dict[str, int] = defaultdict(int)
        self._usage: dict[str, tuple[float, float]] = {}
        self._long = 0
        self._seq = itertools.count()
        self._closed = False
        started = [self._start() for _ in range(size + QUICK_LANES + SPARES)]  # at once: each takes ~1 s to start
        ready = [self._ready(worker) for worker in started]
        self._idle, self._spares = ready[: self.processes], ready[self.processes :]
        self._active = self.processes  # processes taking queries (idle or busy); the spares wait apart

    @property
    def processes(self) -> int:
        return self.size + QUICK_LANES

    @property
    def idle_pids(self) -> list[int]:
        """The idle workers' process ids (the tests kill one)."""
        return [worker.pid for worker in self._idle]

    @property
    def idle(self) -> int:
        return len(self._idle)

    @property
    def waiting(self) -> int:
        return len(self._waiting)

    def _start(self) -> Worker:
        worker = Worker.start(self.store_path, self.memory)
        self.pids.add(worker.pid)
        return worker

    def _ready(self, worker: Worker) -> Worker:
        """Wait until the worker's store is open, so a failure shows at start-up, not at the first query."""
        try:
            return worker.ready()
        finally:
            if not worker.process.is_alive():
                self.pids.discard(worker.pid)

    def run(self, job: Job, client: str = "") -> Answer:
        """The job's answer; 503 (with ``Retry-After``) when the server is too busy or the query too long."""
        worker = self._take(client)
        if isinstance(worker, Answer):
            return worker
        started = time.monotonic()
        long = False
        try:
            answer, long = self._supervise(worker, job)
        finally:
            self._finish(client, time.monotonic() - started, long)
        return answer

    def _take(self, client: str) -> Worker | Answer:
        """An idle worker when it is this client's turn, or a 503 answer."""
        with self._cond:
            if len(self._waiting) >= self.max_waiting:
                return self._busy(f"{len(self._waiting)} requests are already waiting for a query worker")
            ticket = _Ticket(client, next(self._seq))
            self._waiting.append(ticket)
            deadline = time.monotonic() + self.wait
            while True:
                if self._idle and self._next() is ticket:
                    worker = self._idle.pop()
                    if worker.process.is_alive():
                        break
                    self._replace(worker)  # died while idle: never given a query
                    continue
                left = deadline - time.monotonic()
                if left <= 0 or self._closed:
                    self._waiting.remove(ticket)
                    self._cond.notify_all()
                    return self._busy(f"no query worker was free for {self.wait:g} s")
                self._cond.wait(left)
            self._waiting.remove(ticket)
            self._running[client] += 1
            self._cond.notify_all()
            return worker

    def _next(self) -> _Ticket:
        now = time.monotonic()
        return min(self._waiting, key=lambda t: (self._used(t.client, now), self._running.get(t.client, 0), t.seq))

    def _used(self, client: str, now: float) -> float:
        seconds, when = self._usage.get(client, (0.0, now))
        return seconds * math.pow(0.5, (now - when) / HALF_LIFE)

    def _finish(self, client: str, seconds: float, long: bool) -> None:
        with self._cond:
            now = time.monotonic()
            self._usage[client] = (self._used(client, now) + seconds, now)
            self._running[client] -= 1
            if not self._running[client]:
                del self._running[client]
            if long:
                self._long -= 1
            if len(self._usage) > 10_000:  # forget clients whose time has decayed away
                self._usage = {c: u for c, u in self._usage.items() if self._used(c, now) > 0.01}
            self._cond.notify_all()

    def _supervise(self, worker: Worker, job: Job) -> tuple[Answer, bool]:
        """Send the job and watch the worker until it answers or passes a limit; (answer, counted long)."""
        started = time.monotonic()
        long = False
        try:
            worker.conn.send(job)
            while not worker.conn.poll(POLL):
                elapsed = time.monotonic() - started
                stop = self._limit(worker, elapsed)
                if stop is None and not long and elapsed > self.quick:
                    long = self._claim_long()
                    if not long and self._light_waiting():  # stopped only for a request that deserves it
                        stop = self._busy(f"{self.size} long queries are running; this one passed {self.quick:g} s")
                if stop is not None:
                    self._replace(worker)
                    return stop, long
            answer = worker.conn.recv()
        except (EOFError, OSError):
            return self._died(worker), long
        self._give_back(worker)
        return answer, long

    def _limit(self, worker: Worker, elapsed: float) -> Answer | None:
        if elapsed > self.timeout:
            self.stopped += 1
            return Answer.error(
                503, f"query stopped: it ran past the time limit of {self.timeout:g} s ({elapsed:.1f} s); it was ended"
            )
        used = resident_bytes(worker.pid)
        if used > self.memory:
            self.stopped_memory += 1
            return Answer.error(
                507, f"query stopped: it used {used >> 20:,} MB, past the limit of {self.memory >> 20:,} MB per query"
            )
        return None

    def _light_waiting(self) -> bool:
        """Whether a request waits from a light client: one that used under ``quick`` s of worker time lately.

        Stopping a runaway to start another runaway helps nobody, so heavy clients wait their turn.
        """
        with self._cond:
            now = time.monotonic()
            return any(self._used(ticket.client, now) < self.quick for ticket in self._waiting)

    def _claim_long(self) -> bool:
        """Count the query as long, if a slot is free."""
        with self._cond:
            if self._long >= self.size:
                return False
            self._long += 1
            return True

    def _busy(self, why: str) -> Answer:
        self.turned_away += 1
        answer = Answer.error(503, f"the server is busy: {why}; try again in {math.ceil(self.quick)} s")
        answer.headers["Retry-After"] = str(math.ceil(self.quick))
        return answer

    def _died(self, worker: Worker) -> Answer:
        worker.process.join(5)  # it ended by itself: its exit code says how
        code = worker.process.exitcode
        self._replace(worker)
        if code == -signal.SIGABRT:  # Rust and RocksDB abort when an allocation fails (the address-space cap)
            self.stopped_memory += 1
            return Answer.error(507, "query stopped: it ran out of the memory a query may use; it was ended")
        return Answer.error(500, f"the query worker died (exit {code}); it has been replaced")

    def _give_back(self, worker: Worker) -> None:
        with self._cond:
            self._idle.append(worker)
            self._cond.notify_all()

    def _replace(self, worker: Worker) -> None:
        """End the worker now (its work stops with it); a spare takes its place, another starts in the background."""
        worker.process.kill()
        worker.process.join(5)  # reaped: the work and the memory are gone before the answer goes out
        worker.conn.close()
        self.pids.discard(worker.pid)
        with self._cond:
            self._active -= 1
            if self._spares:
                self._active += 1
                self._idle.append(self._spares.pop())
                self._cond.notify_all()
        if not self._closed:
            threading.Thread(target=self._respawn, daemon=True).start()

    def _respawn(self) -> None:
        while not self._closed:
            try:
                fresh = self._ready(self._start())
                with self._cond:
                    if self._active < self.processes:
                        self._active += 1
                        self._idle.append(fresh)
                        self._cond.notify_all()
                    else:
                        self._spares.append(fresh)
                return
            except RuntimeError as exc:
                if self._closed:
                    return
                print(f"kg serve: {exc}; trying again in 5 s", file=sys.stderr, flush=True)
                time.sleep(5)

    def close(self) -> None:
        """End every idle worker and wake every waiting request (they get 503)."""
        with self._cond:
            self._closed = True
            idle, self._idle = self._idle + self._spares, []
            self._spares = []
            self._cond.notify_all()
        for worker in idle:
            worker.conn.close()
            worker.process.kill()
            worker.process.join(5)
