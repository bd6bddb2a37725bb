"""The ``.fetch.json`` sidecar: what was fetched, from where, and as of which registry snapshot.

The API's ``/version`` gives ``dataTimestamp``, the moment of the registry's last data
refresh; with the query and the counts it tells a reader of the graph which state of the
registry it reflects. The file is hidden (its name starts with a dot) so ``kg build`` on the
fetch folder does not take it for a trial record.
"""

from __future__ import annotations

import json
from dataclasses import asdict, is_dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from kg import __version__
from kg.fetch.client import ApiClient, FetchError

__all__ = ["SIDECAR", "read_sidecar", "read_version", "write_sidecar"]

SIDECAR = ".fetch.json"


def read_version(client: ApiClient) -> dict[str, Any]:
    """The API's ``/version`` answer (``apiVersion``, ``dataTimestamp``), or ``{}`` if it has none.

    A missing version only costs the sidecar a field, so it never stops a fetch.
    """
    try:
        version = client.get_json("version")
    except FetchError as err:
        return {"error": str(err)}
    return version if isinstance(version, dict) else {}


def write_sidecar(
    out: Path, *, kind: str, client: ApiClient, params: dict[str, str] | None, report: Any, version: dict
) -> Path:
    """Write ``out/.fetch.json`` describing this fetch; returns its path."""
    counts = asdict(report) if is_dataclass(report) else dict(report)
    data = {
        "kind": kind,
        "api_url": client.api_url,
        "params": params,
        "api_version": version.get("apiVersion"),
        "data_timestamp": version.get("dataTimestamp"),
        "version_error": version.get("error"),
        "finished": datetime.now(UTC).replace(microsecond=0).isoformat(),
        "tool_version": __version__,
        **{k: (str(v) if isinstance(v, Path) else v) for k, v in counts.items()},
    }
    path = out / SIDECAR
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return path


def read_sidecar(out: Path) -> dict[str, Any] | None:
    """The sidecar of the fetch in ``out``, if there is one."""
    path = out / SIDECAR
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else None
