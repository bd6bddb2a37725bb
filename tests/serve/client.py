"""A small urllib client for the raw-protocol tests: every status, header and body visible."""

from __future__ import annotations

import urllib.error
import urllib.request
from dataclasses import dataclass
from email.message import Message
from urllib.parse import urlencode


@dataclass
class Reply:
    status: int
    headers: Message
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8")

    @property
    def media(self) -> str:
        return (self.headers.get("Content-Type") or "").split(";")[0]


def request(
    url: str,
    *,
    method: str = "GET",
    params: dict | list | None = None,
    data: bytes | None = None,
    headers: dict[str, str] | None = None,
    timeout: float = 30,
) -> Reply:
    """Send one request; HTTP errors are returned as replies, not raised."""
    if params is not None and method == "GET":
        url = f"{url}?{urlencode(params, doseq=True)}"
    elif params is not None:
        data = urlencode(params, doseq=True).encode()
        headers = {"Content-Type": "application/x-www-form-urlencoded", **(headers or {})}
    req = urllib.request.Request(url, data=data, method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp:
            return Reply(resp.status, resp.headers, resp.read())
    except urllib.error.HTTPError as err:
        return Reply(err.code, err.headers, err.read())
