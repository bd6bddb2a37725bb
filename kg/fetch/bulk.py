"""``kg fetch --bulk``: the registry's whole JSON ZIP, streamed to disk and resumable.

The archive is about 2.5 GB, so it is never held in memory and a broken download is not
started over: bytes go to a hidden ``.part`` file, and a retry asks only for the rest with an
HTTP ``Range`` request. ``If-Range`` (the ETag or Last-Modified date of the first answer)
makes the server send the whole new file instead if the archive changed in between, and a
server that ignores ranges (answers 200) restarts the file. Only a complete archive, checked
against its announced length and ZIP directory, is renamed to its final name, where
``kg build`` reads it entry by entry.
"""

from __future__ import annotations

import json
import re
import time
import urllib.error
import zipfile
from dataclasses import dataclass
from pathlib import Path

from kg.fetch.client import TRANSIENT, ApiClient, FetchError, Retryable, classify_http_error
from kg.fetch.sidecar import read_version, write_sidecar
from kg.progress import Progress

__all__ = ["BULK_NAME", "BulkReport", "bulk_url", "fetch_bulk"]

BULK_NAME = "ctg-studies.json.zip"
CHUNK = 1 << 20
_CONTENT_RANGE = re.compile(r"bytes (\d+)-(\d+)/(\d+|\*)")


def bulk_url(api_url: str) -> str:
    """The bulk download beside an API base: ``<api>/studies/download?format=json.zip``."""
    return f"{api_url.rstrip('/')}/studies/download?format=json.zip"


@dataclass(slots=True, kw_only=True)
class BulkReport:
    """What a bulk download did."""

    output: Path
    bytes: int = 0
    resumed_from: int = 0
    entries: int = 0
    requests: int = 0
    retries: int = 0
    data_timestamp: str | None = None
    seconds: float = 0.0


def fetch_bulk(url: str, out: Path, client: ApiClient, *, progress: Progress | None = None) -> BulkReport:
    """Download the ZIP at ``url`` to ``out/ctg-studies.json.zip``, resuming a partial download."""
    started = time.monotonic()
    out.mkdir(parents=True, exist_ok=True)
    part = _Part(out / f".{BULK_NAME}.part", url)
    report = BulkReport(output=out / BULK_NAME, resumed_from=part.size())
    version = read_version(client)
    progress = progress or Progress(label="bytes")
    failures = 0
    while not part.complete():
        before = part.size()
        try:
            _transfer(client, part, progress)
        except Retryable as err:
            failures = _pause(client, failures, part.size() > before, err.reason, err.wait)
        except TRANSIENT as err:
            failures = _pause(client, failures, part.size() > before, f"{type(err).__name__}: {err}", None)
    progress.close()
    report.entries = part.finish(report.output)
    report.bytes = report.output.stat().st_size
    report.data_timestamp = version.get("dataTimestamp")
    report.requests, report.retries = client.requests, client.retries
    report.seconds = time.monotonic() - started
    write_sidecar(out, kind="bulk", client=client, params={"url": url}, report=report, version=version)
    return report


def _pause(client: ApiClient, failures: int, progressed: bool, reason: str, wait: float | None) -> int:
    """Count a failed transfer (bytes gained reset the count) and wait before the next; raise when spent."""
    failures = 0 if progressed else failures + 1
    if failures >= client.retry.attempts:
        raise FetchError(f"bulk download failed {failures} times without progress; last: {reason}")
    client.retries += 1
    client.pause(reason, wait, failures)
    return failures


def _transfer(client: ApiClient, part: _Part, progress: Progress) -> None:
    """One request: ask for the bytes not yet on disk and append them as they arrive."""
    offset = part.size()
    headers = {"Accept": "application/zip"}
    if offset:
        headers["Range"] = f"bytes={offset}-"
        if part.validator:
            headers["If-Range"] = part.validator
    try:
        response = client.open(part.url, headers)
    except urllib.error.HTTPError as err:
        if err.code == 416 and offset and part.total == offset:
            err.close()
            part.done = True  # nothing left to send: the file is already whole
            return
        raise classify_http_error(err, part.url) from None
    with response:
        start = part.accept(response.status, response.headers, offset)
        progress.total, progress.done = part.total, start
        with part.path.open("r+b" if part.path.exists() else "wb") as stream:
            stream.truncate(start)
            stream.seek(start)
            while chunk := response.read(CHUNK):
                stream.write(chunk)
                progress.advance(len(chunk))
    if part.total is not None and part.size() < part.total:
        raise ConnectionError(f"the answer ended after {part.size():,} of {part.total:,} bytes")
    part.done = part.total is None or part.size() == part.total


class _Part:
    """The partial download and what is known about the file it will become (kept in ``.json``)."""

    def __init__(self, path: Path, url: str) -> None:
        self.path, self.url = path, url
        self.meta = path.with_name(path.name + ".json")
        self.total: int | None = None
        self.validator: str | None = None
        self.done = False
        known = json.loads(self.meta.read_text()) if self.meta.exists() else {}
        if known.get("url") == url and path.exists():
            self.total, self.validator = known.get("total"), known.get("validator")
        else:
            path.unlink(missing_ok=True)

    def size(self) -> int:
        return self.path.stat().st_size if self.path.exists() else 0

    def complete(self) -> bool:
        return self.done

    def accept(self, status: int, headers, offset: int) -> int:
        """Where this answer's bytes start: ``offset`` for a matching 206, 0 for a whole file."""
        if status == 206:
            match = _CONTENT_RANGE.match(headers.get("Content-Range", ""))
            if not match or int(match.group(1)) != offset:
                raise FetchError(f"the server sent the range {headers.get('Content-Range')!r}, not from byte {offset}")
            self.total = int(match.group(3)) if match.group(3) != "*" else self.total
            return offset
        length = headers.get("Content-Length")
        self.total = int(length) if length and length.isdigit() else None
        self.validator = headers.get("ETag") or headers.get("Last-Modified")
        self.meta.write_text(json.dumps({"url": self.url, "total": self.total, "validator": self.validator}))
        return 0

    def finish(self, target: Path) -> int:
        """Check the archive is whole, move it into place; the number of its entries."""
        try:
            with zipfile.ZipFile(self.path) as archive:
                entries = len(archive.infolist())
        except zipfile.BadZipFile as err:
            self.path.unlink(missing_ok=True)
            self.meta.unlink(missing_ok=True)
            raise FetchError(f"the downloaded file is not a whole ZIP archive ({err}); run again to restart") from None
        self.path.replace(target)
        self.meta.unlink(missing_ok=True)
        return entries
