"""Age limits as the registry writes them ("18 Years", "6 Months") turned into years.

Every reader meets the same texts (API v2 JSON, legacy XML and the rendered page all say
``"18 Years"``), so the conversion lives here once. Years are what the graph compares on
("trials open to 16-year-olds"); the original text is kept beside them, so nothing the
record says is lost when a unit is unusual.
"""

from __future__ import annotations

import re

from kg.model import Age

__all__ = ["AGE_DIGITS", "UNITS_PER_YEAR", "age_years", "parse_age"]

DAYS_PER_YEAR = 365.25

#: fractional digits an age in years keeps: a minute is 0.0000019 years, so 12 digits keep
#: every registry unit distinct, and stores whose decimals hold 18 digits (Oxigraph) compare
#: every age ("1 Day" as 1/365.25 has 19, and such a value compared with nothing).
AGE_DIGITS = 12

#: how many of each unit make one year (calendar-average year, so 365.25 days).
UNITS_PER_YEAR: dict[str, float] = {
    "year": 1.0,
    "month": 12.0,
    "week": DAYS_PER_YEAR / 7,
    "day": DAYS_PER_YEAR,
    "hour": DAYS_PER_YEAR * 24,
    "minute": DAYS_PER_YEAR * 24 * 60,
}

_AGE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(year|month|week|day|hour|minute)s?\.?\s*(?:old)?\s*$", re.IGNORECASE)
_NO_LIMIT = {"", "n/a", "na", "none", "no limit", "not applicable"}


def age_years(text: str | None) -> float | None:
    """The age in years, or ``None`` when there is no limit or the text is not an age.

    >>> age_years("18 Years")
    18.0
    >>> age_years("6 Months")
    0.5
    >>> round(age_years("3 Weeks"), 6)
    0.057495
    >>> round(age_years("10 Days") * 365.25, 6)
    10.0
    >>> age_years("1 Day"), age_years("1 Minute")
    (0.002737850787, 1.901285e-06)
    >>> age_years("N/A") is None, age_years("") is None, age_years("adult") is None
    (True, True, True)
    """
    if text is None:
        return None
    match = _AGE.match(text)
    if match is None:
        return None
    number, unit = match.groups()
    return round(float(number) / UNITS_PER_YEAR[unit.lower()], AGE_DIGITS)


def parse_age(text: str | None) -> Age | None:
    """An ``Age`` for a registry age limit; ``None`` when the record sets no limit.

    Unparsable text still gives an ``Age`` (with ``years=None``) so the text is kept;
    callers warn about it.

    >>> parse_age("1 Year")
    Age(text='1 Year', years=1.0)
    >>> parse_age("N/A") is None
    True
    >>> parse_age("about ten")
    Age(text='about ten', years=None)
    """
    if text is None or text.strip().lower() in _NO_LIMIT:
        return None
    return Age(text=text.strip(), years=age_years(text))
