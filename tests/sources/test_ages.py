"""Registry age limits to years."""

from __future__ import annotations

import pytest

from kg.model import Age
from kg.sources.ages import age_years, parse_age


@pytest.mark.parametrize(
    ("text", "years"),
    [
        ("18 Years", 18.0),
        ("1 Year", 1.0),
        ("6 Months", 0.5),
        ("1 Month", 1 / 12),
        ("3 Weeks", 21 / 365.25),
        ("10 Days", 10 / 365.25),
        ("12 Hours", 0.5 / 365.25),
        ("30 Minutes", 30 / (365.25 * 24 * 60)),
        ("0 Days", 0.0),
        ("65 years", 65.0),
    ],
)
def test_age_years(text: str, years: float) -> None:
    assert age_years(text) == pytest.approx(years)


@pytest.mark.parametrize("text", ["N/A", "", "  ", None])
def test_no_limit(text: str | None) -> None:
    assert parse_age(text) is None


def test_unparsable_age_keeps_its_text() -> None:
    assert parse_age("adult") == Age(text="adult", years=None)
    assert parse_age(" 18 Years ") == Age(text="18 Years", years=18.0)
