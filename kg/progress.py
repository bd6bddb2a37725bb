"""A one-line progress meter for long runs: records done, rate, ETA.

It draws only on a terminal, so piped or logged output stays clean, and redraws at most
a few times a second so it never costs the work it reports on.
"""

from __future__ import annotations

import sys
import time
from typing import TextIO


class Progress:
    """Counts records and redraws ``done/total  rate/s  ETA`` on stderr when it is a TTY.

    >>> import io
    >>> meter = Progress(total=10, stream=io.StringIO())  # not a terminal: draws nothing
    >>> meter.advance(3)
    >>> meter.done
    3
    """

    def __init__(
        self,
        *,
        total: int | None = None,
        label: str = "records",
        stream: TextIO | None = None,
        interval: float = 0.25,
    ) -> None:
        self.stream = stream if stream is not None else sys.stderr
        self.enabled = bool(getattr(self.stream, "isatty", lambda: False)())
        self.total = total
        self.label = label
        self.done = 0
        self.interval = interval
        self._start = time.monotonic()
        self._last_draw = 0.0

    def advance(self, count: int = 1) -> None:
        self.done += count
        now = time.monotonic()
        if self.enabled and now - self._last_draw >= self.interval:
            self._last_draw = now
            self._draw(now)

    def close(self) -> None:
        """Draw the final state and end the line (only on a terminal)."""
        if self.enabled:
            self._draw(time.monotonic())
            self.stream.write("\n")
            self.stream.flush()

    def _draw(self, now: float) -> None:
        elapsed = max(now - self._start, 1e-9)
        rate = self.done / elapsed
        shown = f"{self.done:,}" if self.total is None else f"{self.done:,}/{self.total:,}"
        line = f"\r{self.label} {shown}  {rate:,.0f}/s  elapsed {_clock(elapsed)}"
        if self.total and rate > 0:
            line += f"  ETA {_clock(max(self.total - self.done, 0) / rate)}"
        self.stream.write(line + "   ")
        self.stream.flush()


def _clock(seconds: float) -> str:
    seconds = int(seconds)
    return f"{seconds // 3600}:{seconds % 3600 // 60:02d}:{seconds % 60:02d}"
