"""``kg fetch``: page through the API's ``/studies`` search into a JSON Lines file ``kg build`` reads.

One request per page of up to 1,000 studies (the API's maximum), following ``nextPageToken``
until there is none; ``countTotal`` on the first page sizes the progress bar. Each page is
appended whole (with gzip, as one gzip member, so the file is valid at every page boundary)
and then checkpointed (see ``kg.fetch.checkpoint``). A study already written (the same NCT id
can come back on a later page while the registry changes under a long run) is skipped.
"""

from __future__ import annotations

import gzip
import json
import os
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from kg.fetch.checkpoint import Checkpoint
from kg.fetch.client import ApiClient, FetchError
from kg.fetch.query import Query
from kg.fetch.sidecar import read_version, write_sidecar
from kg.progress import Progress

__all__ = ["PAGE_SIZE", "FetchOptions", "FetchReport", "fetch_studies"]

PAGE_SIZE = 1000


@dataclass(slots=True, kw_only=True)
class FetchOptions:
    """What to fetch and where to write it."""

    out: Path
    query: Query = field(default_factory=Query)
    gzip: bool = False
    page_size: int = PAGE_SIZE
    restart: bool = False  # forget an unfinished earlier run instead of resuming it

    @property
    def output_name(self) -> str:
        return "studies.jsonl.gz" if self.gzip else "studies.jsonl"


@dataclass(slots=True, kw_only=True)
class FetchReport:
    """What a fetch did, for the screen and the ``.fetch.json`` sidecar."""

    output: Path
    written: int = 0
    duplicates: int = 0
    pages: int = 0
    total: int | None = None
    resumed: bool = False
    api_version: str | None = None
    data_timestamp: str | None = None
    requests: int = 0
    retries: int = 0
    seconds: float = 0.0


def fetch_studies(options: FetchOptions, client: ApiClient, *, progress: Progress | None = None) -> FetchReport:
    """Fetch every study the query matches into ``options.out``, resuming an unfinished run."""
    started = time.monotonic()
    out = options.out
    out.mkdir(parents=True, exist_ok=True)
    params = options.query.params()
    point = _start(out, params, options)
    report = FetchReport(output=out / options.output_name, resumed=point.pages > 0)
    version = read_version(client)
    report.api_version = version.get("apiVersion")
    point.data_timestamp = point.data_timestamp or version.get("dataTimestamp")
    progress = progress or Progress(total=point.total, label="studies")
    progress.total, progress.done = point.total, point.written
    while not point.done:
        page = _page(client, params, point.next_page_token, options.page_size, first=point.pages == 0)
        if point.pages == 0:
            point.total = progress.total = page.get("totalCount", point.total)
        ids = _append(out / point.output, page["studies"], point, compress=options.gzip)
        point.record_page(out, ids, page.get("nextPageToken") or None)
        progress.advance(len(ids))
    progress.close()
    report.written, report.duplicates, report.pages, report.total = (
        point.written,
        point.duplicates,
        point.pages,
        point.total,
    )
    report.data_timestamp = point.data_timestamp
    report.requests, report.retries = client.requests, client.retries
    report.seconds = time.monotonic() - started
    write_sidecar(out, kind="query", client=client, params=params, report=report, version=version)
    return report


def _start(out: Path, params: dict[str, str], options: FetchOptions) -> Checkpoint:
    """The checkpoint to continue from: the unfinished run of the same query, or a fresh one."""
    point = Checkpoint.load(out)
    if point is not None and not point.done and not options.restart:
        if not point.matches(params, options.output_name):
            raise FetchError(
                f"{out} holds an unfinished fetch of another query ({point.params}); "
                "use --restart to discard it, or another --out"
            )
        point.truncate(out)
        return point
    Checkpoint.discard(out)
    (out / options.output_name).unlink(missing_ok=True)
    started = datetime.now(UTC).replace(microsecond=0).isoformat()
    point = Checkpoint(params=params, output=options.output_name, started=started)
    point.save(out)
    return point


def _page(client: ApiClient, params: dict[str, str], token: str | None, size: int, *, first: bool) -> dict:
    """One page of studies; a body without a ``studies`` list is retried like a broken one."""
    query = {**params, "pageSize": str(size), "format": "json"}
    if first:
        query["countTotal"] = "true"
    if token:
        query["pageToken"] = token
    return client.get_json("studies", query, check=_page_problem)


def _page_problem(body: Any) -> str | None:
    if not isinstance(body, dict) or not isinstance(body.get("studies"), list):
        return "the answer is JSON but not a page of studies (no 'studies' list)"
    return None


def _append(path: Path, studies: list[Any], point: Checkpoint, *, compress: bool) -> list[str]:
    """Append the page's studies not written before; their NCT ids, in order."""
    ids: dict[str, None] = {}  # ordered, and a set for the lookups
    lines: list[bytes] = []
    for study in studies:
        nct = _nct_id(study)
        if nct is not None and (nct in point.seen or nct in ids):
            point.duplicates += 1
            continue
        if nct is not None:
            ids[nct] = None
        lines.append(json.dumps(study, ensure_ascii=False, separators=(",", ":")).encode("utf-8") + b"\n")
    with path.open("ab") as raw:
        if compress:
            with gzip.GzipFile(fileobj=raw, mode="ab") as member:  # one member per page
                member.writelines(lines)
        else:
            raw.writelines(lines)
        raw.flush()
        os.fsync(raw.fileno())
    return list(ids)


def _nct_id(study: Any) -> str | None:
    try:
        nct = study["protocolSection"]["identificationModule"]["nctId"]
    except (KeyError, TypeError):
        return None
    return nct if isinstance(nct, str) and nct.isascii() and nct.strip() else None
