"""A search of the registry, as the API's ``query.*`` and ``filter.*`` parameters.

Each option maps to one documented parameter of ``GET /studies``; ``extra`` passes any other
parameter through unchanged (``--param filter.phase=PHASE3``), so the client never lags the API.
``since`` becomes the API's Essie range expression on the last-update date, joined with AND to
any ``filter.advanced`` given raw.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

__all__ = ["OPTION_PARAMS", "Query", "parse_param"]

#: option name -> API parameter
OPTION_PARAMS = {
    "condition": "query.cond",
    "term": "query.term",
    "sponsor": "query.spons",
    "intervention": "query.intr",
    "location": "query.locn",
}
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@dataclass(slots=True, kw_only=True)
class Query:
    """What to ask the registry for; empty means every study.

    >>> Query(condition="asthma", status=["RECRUITING"], since="2025-01-01").params()
    ... # doctest: +NORMALIZE_WHITESPACE
    {'query.cond': 'asthma', 'filter.overallStatus': 'RECRUITING',
     'filter.advanced': 'AREA[LastUpdatePostDate]RANGE[2025-01-01,MAX]'}
    """

    condition: str | None = None
    term: str | None = None
    sponsor: str | None = None
    intervention: str | None = None
    location: str | None = None
    status: list[str] = field(default_factory=list)
    ids: list[str] = field(default_factory=list)
    since: str | None = None
    extra: dict[str, str] = field(default_factory=dict)

    def params(self) -> dict[str, str]:
        """The API parameters, in a stable order (the checkpoint compares them)."""
        params = {api: getattr(self, name) for name, api in OPTION_PARAMS.items() if getattr(self, name)}
        if self.status:
            params["filter.overallStatus"] = ",".join(s.strip().upper() for s in self.status)
        if self.ids:
            params["filter.ids"] = ",".join(i.strip().upper() for i in self.ids)
        params.update(self.extra)
        if self.since:
            if not _DATE.match(self.since):
                raise ValueError(f"--since wants a date as YYYY-MM-DD, not {self.since!r}")
            since = f"AREA[LastUpdatePostDate]RANGE[{self.since},MAX]"
            raw = params.get("filter.advanced")
            params["filter.advanced"] = f"({raw}) AND {since}" if raw else since
        return params


def parse_param(text: str) -> tuple[str, str]:
    """``"filter.phase=PHASE3"`` -> ``("filter.phase", "PHASE3")``; a clear error otherwise.

    >>> parse_param("filter.phase=PHASE2|PHASE3")
    ('filter.phase', 'PHASE2|PHASE3')
    """
    key, sep, value = text.partition("=")
    if not sep or not key.strip():
        raise ValueError(f"--param wants KEY=VALUE (an API parameter such as filter.phase=PHASE3), not {text!r}")
    return key.strip(), value
