"""One query worker process: walled in, the store open read-only, answering jobs over a pipe.

Workers are started with ``spawn``: forking a threaded HTTP server (or a process holding an
open RocksDB) is not safe. A worker walls itself in before anything else (``kg.serve.sandbox``):
no network socket from then on, for any thread; once the store is open, a cap on its address
space as a backstop to the server's watch on its resident memory (``kg.serve.pool``).
"""

from __future__ import annotations

import multiprocessing
import sys
from dataclasses import dataclass
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from pathlib import Path

__all__ = ["Worker"]

_CONTEXT = multiprocessing.get_context("spawn")


def _main(store_path: str, memory: int, conn: Connection) -> None:
    """Body of a worker process: wall it in, open the store, then answer jobs until the pipe closes."""
    from kg.serve.sandbox import SandboxUnavailable, address_space, forbid_network, limit_memory

    try:
        forbid_network()  # first, before any other thread exists (the filter covers all threads anyway)
    except SandboxUnavailable as exc:
        conn.send(f"failed: {exc}")
        return
    sys.setrecursionlimit(20_000)  # rdflib's parser takes ~20 frames per nesting level (kg.serve.check)
    from kg.serve.execute import run_job
    from kg.store import TrialStore

    store = TrialStore(Path(store_path), read_only=True)
    limit_memory(address_space() + 2 * memory)  # a backstop; the server watches the resident size
    conn.send("ready")
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        conn.send(run_job(store, job))


@dataclass(slots=True)
class Worker:
    """A worker process and the server's end of its pipe."""

    process: BaseProcess
    conn: Connection
    store_path: Path

    @classmethod
    def start(cls, store_path: Path, memory: int) -> Worker:
        """Start a worker over the store at ``store_path`` that may reach ``memory`` bytes (not yet ready)."""
        parent, child = _CONTEXT.Pipe()
        process = _CONTEXT.Process(target=_main, args=(str(store_path), memory, child), daemon=True)
        process.start()
        child.close()
        return cls(process, parent, store_path)

    @property
    def pid(self) -> int:
        return self.process.pid or 0

    def ready(self) -> Worker:
        """The worker once its store is open; ``RuntimeError`` (the worker ended) when it cannot start."""
        try:
            said = self.conn.recv() if self.conn.poll(120) else "no answer in 120 s"
        except (EOFError, OSError):
            said = "it ended"
        if said != "ready":
            self.process.kill()
            self.process.join(5)
            reason = said.removeprefix("failed: ") if isinstance(said, str) else said
            raise RuntimeError(f"a query worker could not start over {self.store_path}: {reason}")
        return self
