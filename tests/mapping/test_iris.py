"""Keys and slugs of shared entities (kg/iris.py)."""

from __future__ import annotations

import pytest

from kg.iris import name_key, organization_key, safe_nct, slug


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Helixmith Co., Ltd.", "HELIXMITH CO LTD"),
        ("Helixmith Co., Ltd.", "Helixmith Inc"),
        ("Bayer AG", "Bayer"),
        ("Novo Nordisk A/S", "Novo Nordisk A/S"),
        ("Acme B.V.", "ACME BV"),
        ("Roche S.A.", "roche"),
        ("The University of Texas", "University of Texas"),
    ],
)
def test_organisation_spellings_merge(a: str, b: str) -> None:
    assert organization_key(a) == organization_key(b)


def test_business_words_are_kept() -> None:
    assert organization_key("Novartis Pharmaceuticals") != organization_key("Novartis")
    assert organization_key("Limited") == "limited"  # never reduced to nothing


def test_name_key_normalises_case_width_punctuation_space() -> None:
    assert (
        name_key("COVID-19")
        == name_key("Covid 19")
        == name_key("\uff23\uff2f\uff36\uff29\uff24\uff0d\uff11\uff19")
        == "covid 19"
    )
    assert name_key("Crohn's  Disease") == "crohns disease"


def test_slugs_are_readable_and_distinct() -> None:
    assert slug(name_key("Amyotrophic Lateral Sclerosis (ALS)")) == "amyotrophic-lateral-sclerosis-als"
    assert slug("β-thalassemia") == "beta-thalassemia"
    assert slug("sjögren syndrome") == "sjogren-syndrome"
    chinese = slug("肺癌")
    assert chinese.startswith("x-") and chinese == slug("肺癌") and chinese != slug("胃癌")
    long = slug("a" * 200)
    assert len(long) < 100 and long != slug("a" * 201)


def test_safe_nct() -> None:
    assert safe_nct("NCT04632225") == "NCT04632225"
    assert " " not in safe_nct("NCT 123/<x>")
