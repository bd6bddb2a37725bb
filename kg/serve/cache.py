"""Answers kept in memory: the store is read-only, so the same request gets the same answer.

``kg serve`` opens the store read-only, and Oxigraph does not allow another process to write
a store opened so, so an answer stays right for the life of the server. Repeated requests
(the query page's catalogue, dashboards polling a count) are answered from here without a
worker; identical requests arriving together run once, the others wait for that answer
(single flight), and get that answer whatever it is (a 503 too: running it again at once
would only add to the load that caused it). Bounded in bytes, least recently used first out; only 200 answers are kept,
and none larger than an eighth of the bound.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable

from kg.serve.execute import Answer

__all__ = ["AnswerCache"]


class _Flight:
    """One request being run, and its answer once there, for identical requests that wait on it."""

    __slots__ = ("answer", "done")

    def __init__(self) -> None:
        self.done = threading.Event()
        self.answer: Answer | None = None


class AnswerCache:
    """At most ``max_bytes`` of answer bodies; ``0`` keeps nothing (every request runs)."""

    def __init__(self, max_bytes: int) -> None:
        self.max_bytes = max_bytes
        self.hits = 0
        self._bytes = 0
        self._items: OrderedDict[Hashable, Answer] = OrderedDict()
        self._running: dict[Hashable, _Flight] = {}
        self._lock = threading.Lock()

    def answer(self, key: Hashable, run: Callable[[], Answer], *, wait: float) -> Answer:
        """The kept answer for ``key``, or ``run()``'s (kept when it is a 200 small enough)."""
        if not self.max_bytes:
            return run()
        with self._lock:
            kept = self._kept(key)
            if kept is not None:
                return kept
            flight = self._running.get(key)
            leader = flight is None
            if flight is None:
                flight = self._running[key] = _Flight()
        if not leader:  # the same request is running: wait for its answer rather than run it twice
            flight.done.wait(wait)
            return flight.answer if flight.answer is not None else run()
        try:
            flight.answer = run()
            self._keep(key, flight.answer)
            return flight.answer
        finally:
            with self._lock:
                del self._running[key]
            flight.done.set()

    def _kept(self, key: Hashable) -> Answer | None:
        kept = self._items.get(key)
        if kept is not None:
            self._items.move_to_end(key)
            self.hits += 1
        return kept

    def _keep(self, key: Hashable, answer: Answer) -> None:
        size = len(answer.body)
        if answer.status != 200 or size > self.max_bytes // 8:
            return
        with self._lock:
            if key in self._items:
                return
            self._items[key] = answer
            self._bytes += size
            while self._bytes > self.max_bytes:
                _, dropped = self._items.popitem(last=False)
                self._bytes -= len(dropped.body)
