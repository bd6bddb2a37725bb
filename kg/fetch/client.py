"""A polite, stubborn HTTP client for the ClinicalTrials.gov API, on the standard library alone.

Polite: at most one request per ``min_interval`` seconds (1 s by default, well under the
registry's published ~50 requests a minute), and a ``User-Agent`` naming trialgraph.
Stubborn: timeouts, dropped or reset connections, truncated bodies, 429 and 5xx answers and
bodies that are not JSON are all retried with exponential backoff and full jitter, and a
``Retry-After`` header is obeyed. A page that does not decode is never handed on, so a flaky
network cannot put half a page into the output. Other 4xx answers (a malformed query) are the
caller's mistake and fail at once, with the API's own message.
"""

from __future__ import annotations

import http.client
import json
import random
import socket
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime
from typing import Any

from kg import __version__

__all__ = [
    "DEFAULT_API_URL",
    "TRANSIENT",
    "USER_AGENT",
    "ApiClient",
    "FetchError",
    "RetryPolicy",
    "Retryable",
    "classify_http_error",
    "retry_after",
]

DEFAULT_API_URL = "https://clinicaltrials.gov/api/v2"
USER_AGENT = f"trialgraph/{__version__} (+https://w3id.org/trialgraph)"
#: errors of the network or of the server's side, worth another try.
TRANSIENT = (
    TimeoutError,
    socket.timeout,
    ConnectionError,
    http.client.IncompleteRead,
    http.client.RemoteDisconnected,
    http.client.BadStatusLine,
    urllib.error.URLError,
)


class FetchError(RuntimeError):
    """A request that failed for good: a client error, or a server that never recovered."""


@dataclass(slots=True, kw_only=True)
class RetryPolicy:
    """How often and how long to wait: ``base * 2**attempt`` seconds, capped, with full jitter.

    Full jitter (a uniform wait between 0 and the exponential bound) keeps many clients
    from retrying in step. Tests use a tiny ``base`` so a dozen faults cost milliseconds.

    >>> policy = RetryPolicy(base=1.0, cap=8.0, jitter=False)
    >>> [policy.backoff(n) for n in range(5)]
    [1.0, 2.0, 4.0, 8.0, 8.0]
    """

    attempts: int = 8
    base: float = 2.0
    cap: float = 120.0
    jitter: bool = True
    timeout: float = 60.0  # seconds without a byte before a read is abandoned
    max_retry_after: float = 600.0  # a Retry-After longer than this is cut short

    def backoff(self, attempt: int) -> float:
        bound = min(self.cap, self.base * 2**attempt)
        return random.uniform(0, bound) if self.jitter else bound


@dataclass(slots=True, kw_only=True)
class ApiClient:
    """GETs JSON from one API base URL, rate-limited and retried.

    ``sleep`` and ``clock`` are injectable so tests can count waits instead of waiting.
    """

    api_url: str = DEFAULT_API_URL
    min_interval: float = 1.0
    retry: RetryPolicy = field(default_factory=RetryPolicy)
    sleep: Callable[[float], None] = time.sleep
    clock: Callable[[], float] = time.monotonic
    on_retry: Callable[[str], None] | None = None
    requests: int = 0
    retries: int = 0
    _last: float | None = None

    def url(self, path: str, params: Mapping[str, str] | None = None) -> str:
        query = f"?{urllib.parse.urlencode(params)}" if params else ""
        return f"{self.api_url.rstrip('/')}/{path.lstrip('/')}{query}"

    def get_json(
        self, path: str, params: Mapping[str, str] | None = None, *, check: Callable[[Any], str | None] | None = None
    ) -> Any:
        """The decoded JSON body of ``GET path?params``, after as many tries as the policy allows.

        ``check`` returns why a decoded body is unusable (a proxy's JSON error page in place of
        a page of studies), or ``None``; an unusable body is retried like a broken one.
        """
        url = self.url(path, params)
        last_error = "no attempt made"
        for attempt in range(self.retry.attempts):
            if attempt:
                self.retries += 1
            try:
                body = json.loads(self._get(url))
                problem = check(body) if check else None
                if problem is None:
                    return body
                raise Retryable(problem, None)
            except Retryable as err:
                last_error, wait = err.reason, err.wait
            except (*TRANSIENT, json.JSONDecodeError, UnicodeDecodeError) as err:
                last_error, wait = f"{type(err).__name__}: {err}", None
            if attempt + 1 < self.retry.attempts:
                self.pause(last_error, wait, attempt)
        raise FetchError(f"GET {url} failed {self.retry.attempts} times; last: {last_error}")

    def pause(self, reason: str, retry_after: float | None, attempt: int) -> None:
        """Wait before retry ``attempt``: exponential backoff with jitter, or the server's
        ``Retry-After`` (capped) when it gave one; tell ``on_retry`` why."""
        wait = self.retry.backoff(attempt)
        if retry_after is not None:
            wait = min(max(retry_after, 0.0), self.retry.max_retry_after)
        if self.on_retry:
            self.on_retry(f"{reason}; retrying in {wait:.1f} s")
        self.sleep(wait)

    def throttle(self) -> None:
        """Wait until ``min_interval`` has passed since the previous request started."""
        now = self.clock()
        if self._last is not None and now - self._last < self.min_interval:
            self.sleep(self.min_interval - (now - self._last))
            now = self.clock()
        self._last = now
        self.requests += 1

    def open(self, url: str, headers: Mapping[str, str] | None = None) -> http.client.HTTPResponse:
        """One throttled request; the caller reads (and closes) the response. HTTP errors raise."""
        self.throttle()
        request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT, **(headers or {})})
        return urllib.request.urlopen(request, timeout=self.retry.timeout)

    def _get(self, url: str) -> bytes:
        try:
            with self.open(url, {"Accept": "application/json"}) as response:
                return _read_whole(response)
        except urllib.error.HTTPError as err:
            raise classify_http_error(err, url) from None


class Retryable(Exception):
    """An HTTP answer worth retrying, with the server's requested wait if it gave one."""

    def __init__(self, reason: str, wait: float | None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.wait = wait


def _read_whole(response: http.client.HTTPResponse) -> bytes:
    """The full body; a body shorter than its ``Content-Length`` is an error, never a page."""
    body = response.read()
    expected = response.headers.get("Content-Length")
    if expected is not None and expected.isdigit() and len(body) != int(expected):
        raise http.client.IncompleteRead(body, int(expected) - len(body))
    return body


def classify_http_error(err: urllib.error.HTTPError, url: str) -> Exception:
    """429 and 5xx become a retry (with ``Retry-After``); any other error status fails now."""
    try:
        detail = err.read(2000).decode("utf-8", "replace").strip()
    except (OSError, http.client.HTTPException):
        detail = ""
    finally:
        err.close()
    if err.code == 429 or err.code >= 500:
        return Retryable(f"HTTP {err.code}", retry_after(err.headers.get("Retry-After")))
    return FetchError(f"GET {url}: HTTP {err.code} {err.reason}: {detail[:500] or 'no message'}")


def retry_after(value: str | None, *, now: float | None = None) -> float | None:
    """Seconds to wait from a ``Retry-After`` header: delta-seconds or an HTTP date.

    >>> retry_after("3"), retry_after(None), retry_after("soon")
    (3.0, None, None)
    >>> retry_after("Thu, 01 Jan 1970 00:00:10 GMT", now=4.0)
    6.0
    """
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value).timestamp()
    except (TypeError, ValueError, IndexError):
        return None
    return max(0.0, when - (time.time() if now is None else now))
