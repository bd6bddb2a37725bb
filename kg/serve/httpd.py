"""A threading HTTP server that bounds its connections and can drain: stop taking, finish what runs.

One thread per connection is fine for a query endpoint whose work happens in worker
processes, as long as the number of threads is bounded: past ``MAX_CONNECTIONS`` open
connections a new one gets a bare 503 and is closed. ``drain`` is what SIGTERM does
(``kg.serve.serve``): no new connections, the requests in flight answered, then the end.
"""

from __future__ import annotations

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

__all__ = ["MAX_CONNECTIONS", "BoundedServer"]

MAX_CONNECTIONS = 256  # open connections (one thread each); more are answered 503 and closed
_BUSY = b"HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\nRetry-After: 5\r\nConnection: close\r\n\r\n"


class BoundedServer(ThreadingHTTPServer):
    """A threading HTTP server with a bound on open connections, that counts requests in flight."""

    daemon_threads = True

    def __init__(self, address: tuple[str, int], handler: type[BaseHTTPRequestHandler]) -> None:
        super().__init__(address, handler)
        self.draining = False
        self._lock = threading.Condition()
        self._connections = 0
        self._in_flight = 0

    def process_request(self, request, client_address) -> None:  # type: ignore[override]
        """One thread per connection, up to ``MAX_CONNECTIONS``; past that a 503 and a close."""
        with self._lock:
            full = self._connections >= MAX_CONNECTIONS
            if not full:
                self._connections += 1
        if full:
            try:
                request.settimeout(1)
                request.sendall(_BUSY)
            except OSError:
                pass
            self.shutdown_request(request)
            return
        super().process_request(request, client_address)

    def process_request_thread(self, request, client_address) -> None:  # type: ignore[override]
        try:
            super().process_request_thread(request, client_address)
        finally:
            with self._lock:
                self._connections -= 1

    def begin(self) -> None:
        with self._lock:
            self._in_flight += 1

    def end(self) -> None:
        with self._lock:
            self._in_flight -= 1
            self._lock.notify_all()

    def drain(self, grace: float) -> bool:
        """Stop taking connections, then wait up to ``grace`` s for the requests in flight; True if all ended."""
        self.draining = True
        self.shutdown()
        deadline = time.monotonic() + grace
        with self._lock:
            while self._in_flight and time.monotonic() < deadline:
                self._lock.wait(deadline - time.monotonic())
            return not self._in_flight
