"""Keys and slugs of shared entities (kg/iris.py)."""

from __future__ import annotations

import pytest

from kg.iris import country_code, country_local, mesh_id, name_key, organization_key, safe_nct, slug


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Helixmith Co., Ltd.", "HELIXMITH CO LTD"),
        ("Helixmith Company Limited", "Helixmith Co., Ltd."),
        ("Pfizer Incorporated", "PFIZER, INC."),
        ("Novo Nordisk A/S", "Novo Nordisk A/S"),
        ("Acme B.V.", "ACME BV"),
        ("The University of Texas", "University of Texas"),
    ],
)
def test_organisation_spellings_merge(a: str, b: str) -> None:
    assert organization_key(a) == organization_key(b)


@pytest.mark.parametrize(
    ("a", "b"),
    [  # the shared records' pairs that differ by a legal form: different legal entities
        ("AstraZeneca", "AstraZeneca K.K."),
        ("Lin BioScience, Inc", "Lin BioScience Pty Ltd"),
        ("DIREX SYSTEMS CORPORATION", "Direx Systems GmbH"),
        ("Big Health Inc.", "Big Health Ltd."),
        ("Bayer AG", "Bayer"),
        ("Helixmith Co., Ltd.", "Helixmith Inc"),
    ],
)
def test_legal_forms_keep_organisations_apart(a: str, b: str) -> None:
    assert organization_key(a) != organization_key(b)


def test_mesh_ids_take_nlm_form() -> None:
    assert mesh_id("D000003920") == mesh_id("D003920") == "D003920"  # minted before NLM widened ids
    assert mesh_id("D000068877") == "D000068877"  # minted after: NLM writes 9 digits
    assert mesh_id("C000657245") == "C000657245" and mesh_id("C000012345") == "C012345"
    assert mesh_id(" d001943 ") == "D001943" and mesh_id("asthma") == "ASTHMA"


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("Korea, Republic of", "KR"),
        ("South Korea", "KR"),
        ("Korea", "KR"),
        ("Turkey (Türkiye)", "TR"),
        ("Turkey", "TR"),
        ("Russia", "RU"),
        ("Russian Federation", "RU"),
        ("Czech Republic", "CZ"),
        ("Czechia", "CZ"),
        ("Iran, Islamic Republic of", "IR"),
        ("Iran", "IR"),
        ("Congo, The Democratic Republic of the", "CD"),
        ("Taiwan", "TW"),
        ("Côte d\u2019Ivoire", "CI"),
        ("Côte D'Ivoire", "CI"),
        ("Moldova, Republic of", "MD"),
        ("Palestinian Territories, Occupied", "PS"),
        ("usa", "US"),
        ("UK", "GB"),
        ("fra", "FR"),
        ("de", "DE"),
    ],
)
def test_country_spellings_meet_at_their_iso_code(name: str, code: str) -> None:
    assert country_code(name) == code


def test_a_place_without_an_iso_code_keeps_a_slug() -> None:
    assert country_code("Kosovo") is None and country_local("Kosovo") == "kosovo"


def test_business_words_are_kept() -> None:
    assert organization_key("Novartis Pharmaceuticals") != organization_key("Novartis")
    assert organization_key("The") == "the"  # never reduced to nothing


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


def test_every_country_spelling_of_the_shared_records_has_a_code(v2_json_dir, legacy_xml_dir) -> None:
    """Both readers' spellings (JSON and legacy XML) reach an ISO code: none is left a slug."""
    import json
    import xml.etree.ElementTree as ET

    spellings = {
        loc["country"]
        for path in v2_json_dir.glob("*.json")
        for loc in json.loads(path.read_bytes())["protocolSection"]
        .get("contactsLocationsModule", {})
        .get("locations", [])
        if loc.get("country")
    }
    spellings |= {
        c.text for path in legacy_xml_dir.glob("*.xml") for c in ET.parse(path).getroot().iter("country") if c.text
    }
    assert len(spellings) > 100
    assert {name for name in spellings if country_code(name) is None} == set()
    assert country_code("Former Yugoslavia") == "YU" and country_code("Former Serbia and Montenegro") == "CS"
