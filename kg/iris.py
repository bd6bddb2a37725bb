"""Deterministic IRIs: the trial and graph IRIs, normalised keys for shared entities, readable slugs.

Shared entities (conditions, interventions, organisations, facilities) are identified by a
*key*, a normalised form of their name, so trivially different spellings meet in one node;
countries by their ISO 3166-1 code and MeSH terms by NLM's form of their id. The IRI
carries a readable *slug* of that key, never a bare hash.

>>> name_key("  Amyotrophic   Lateral Sclerosis (ALS) ")
'amyotrophic lateral sclerosis als'
>>> organization_key("Helixmith Co., Ltd.") == organization_key("HELIXMITH CO LTD")
True
>>> slug("β-Thalassemia")
'beta-thalassemia'
>>> mesh_id("D000003920"), mesh_id("D000068877"), country_code("Korea, Republic of")
('D003920', 'D000068877', 'KR')
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from functools import lru_cache

from pyoxigraph import NamedNode

#: Where minted nodes live unless ``kg build --base`` says otherwise.
DEFAULT_BASE = "https://w3id.org/trialgraph/"

_DROP = re.compile(r"[.'\u2019`]")  # removed outright: "S.A." -> "sa", "Crohn's" -> "crohns"
_PUNCT = re.compile(r"[^\w\s]|_", re.UNICODE)  # every other punctuation mark -> space
_SPACE = re.compile(r"\s+")
_NON_SLUG = re.compile(r"[^a-z0-9]+")
# Greek letters are common in drug and condition names: spell them out ("beta-thalassemia").
_GREEK = {
    chr(code): unicodedata.name(chr(code)).rsplit(" ", 1)[-1].lower().replace("lamda", "lambda")
    for code in range(0x3B1, 0x3CA)
    if unicodedata.name(chr(code), "").startswith("GREEK SMALL LETTER")
}
_MAX_SLUG = 80

# Organisations: a legal form is part of an organisation's identity ("AstraZeneca" and
# "AstraZeneca K.K.", "Lin BioScience, Inc" and "Lin BioScience Pty Ltd" are different legal
# entities), so it is never dropped; only the ways of writing one form meet.
LEGAL_FORM_SPELLINGS = {
    "incorporated": "inc",
    "limited": "ltd",
    "corporation": "corp",
    "company": "co",
}


@lru_cache(maxsize=65536)
def name_key(name: str) -> str:
    """Normalised key of a name: NFKC, case folded, punctuation stripped, spaces collapsed."""
    text = unicodedata.normalize("NFKC", name).casefold()
    text = _PUNCT.sub(" ", _DROP.sub("", text))
    return _SPACE.sub(" ", text).strip()


@lru_cache(maxsize=65536)
def organization_key(name: str) -> str:
    """Key of an organisation: ``name_key`` without a leading "the", legal forms spelled one way.

    >>> organization_key("The Johns Hopkins University")
    'johns hopkins university'
    >>> organization_key("Pfizer Incorporated") == organization_key("PFIZER, INC."), organization_key("Bayer AG")
    (True, 'bayer ag')
    >>> organization_key("AstraZeneca K.K.") == organization_key("AstraZeneca")
    False
    """
    words = name_key(name).split(" ")
    if len(words) > 1 and words[0] == "the":
        words = words[1:]
    return " ".join(LEGAL_FORM_SPELLINGS.get(word, word) for word in words)


def _short_hash(text: str) -> str:
    return hashlib.blake2b(text.encode("utf-8"), digest_size=4).hexdigest()


@lru_cache(maxsize=65536)
def slug(key: str) -> str:
    """A readable ASCII slug for a key; a short stable hash is appended only when
    characters were lost (non-Latin script, truncation), so distinct keys stay distinct.

    >>> slug("amyotrophic lateral sclerosis")
    'amyotrophic-lateral-sclerosis'
    >>> slug("肺癌")
    'x-5264499f'
    """
    text = "".join(_GREEK.get(ch, ch) for ch in key.casefold())
    decomposed = unicodedata.normalize("NFKD", text)
    ascii_text = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    lossy = not ascii_text.isascii()
    out = _NON_SLUG.sub("-", ascii_text.encode("ascii", "ignore").decode().lower()).strip("-")
    if len(out) > _MAX_SLUG:
        out, lossy = out[:_MAX_SLUG].rstrip("-"), True
    if not out:
        return f"x-{_short_hash(key)}"
    return f"{out}-{_short_hash(key)}" if lossy else out


_NCT = re.compile(r"NCT\d{8}")


def safe_nct(nct_id: str) -> str:
    """The NCT id as used inside IRIs: as is when well formed, else a slug (never breaks an IRI)."""
    return nct_id if _NCT.fullmatch(nct_id) else slug(name_key(nct_id)) or "unknown"


def trial_iri(nct_id: str, *, base: str = DEFAULT_BASE) -> NamedNode:
    """``<base>trial/NCT04632225``.

    >>> trial_iri("NCT04632225").value
    'https://w3id.org/trialgraph/trial/NCT04632225'
    """
    return NamedNode(f"{base}trial/{safe_nct(nct_id)}")


def trial_graph(nct_id: str, *, base: str = DEFAULT_BASE) -> NamedNode:
    """``<base>graph/NCT04632225``: the named graph holding one trial's triples."""
    return NamedNode(f"{base}graph/{safe_nct(nct_id)}")


def shared_graph(*, base: str = DEFAULT_BASE) -> NamedNode:
    """``<base>graph/shared``: identity triples of entities shared between trials."""
    return NamedNode(f"{base}graph/shared")


# MeSH ids as NLM writes them. NLM widened new ids from 7 to 10 characters in 2013-2014 and
# never rewrote the old ones ("the format of existing unique identifiers will not be
# changed", NLM Tech Bull 2013;391): D003920 stays, the next ones are D000066xxx onwards.
# The registry pads some old ids too (D000003920), so an id whose number was minted before
# the switch goes back to 6 digits. The cut-offs lie between the highest 6-digit and the lowest
# 9-digit-only number the shared records hold (D066298 / D000066888, C586847 / C000591245).
_MESH = re.compile(r"([CD])(\d{6}|\d{9})")
_LAST_SHORT = {"D": 66_500, "C": 588_000}


def mesh_id(text: str) -> str:
    """NLM's form of a MeSH descriptor or supplementary-concept id; anything else unchanged
    (upper-cased, trimmed).

    >>> mesh_id("D000001943"), mesh_id("d001943"), mesh_id("C000657245"), mesh_id("C000012345")
    ('D001943', 'D001943', 'C000657245', 'C012345')
    """
    text = text.strip().upper()
    match = _MESH.fullmatch(text)
    if match is None:
        return text
    letter, digits = match.groups()
    number = int(digits)
    return f"{letter}{number:06d}" if number <= _LAST_SHORT[letter] else f"{letter}{number:09d}"


def is_mesh_id(text: str) -> bool:
    """Whether the text is a MeSH descriptor or supplementary-concept id (either width)."""
    return _MESH.fullmatch(text.strip().upper()) is not None


# Countries: one node per ISO 3166-1 alpha-2 code (pycountry's table). Registry spellings and
# short names people type that the ISO table does not hold, by name_key. Kosovo has no ISO
# code: it keeps a slug of its name, as any place the table does not know.
COUNTRY_ALIASES = {
    "russia": "RU",
    "turkey": "TR",
    "turkey türkiye": "TR",
    "usa": "US",
    "us": "US",
    "united states of america": "US",
    "uk": "GB",
    "great britain": "GB",
    "britain": "GB",
    "korea": "KR",
    "south korea": "KR",
    "republic of korea": "KR",
    "north korea": "KP",
    "palestinian territories occupied": "PS",
    "palestinian territory occupied": "PS",
    "palestine": "PS",
    "cote divoire": "CI",
    "côte divoire": "CI",
    "ivory coast": "CI",
    "czech republic": "CZ",
    "former serbia and montenegro": "CS",  # withdrawn codes (ISO 3166-3), kept as their own place
    "former yugoslavia": "YU",
}


@lru_cache(maxsize=4096)
def country_code(name: str) -> str | None:
    """The ISO 3166-1 alpha-2 code of a country name, code or common short name
    (case-insensitive), or ``None`` when the ISO table does not know the place.

    >>> country_code("South Korea"), country_code("turkey (Türkiye)"), country_code("usa"), country_code("FRA")
    ('KR', 'TR', 'US', 'FR')
    >>> country_code("Kosovo") is None
    True
    """
    key = name_key(name)
    if key in COUNTRY_ALIASES:
        return COUNTRY_ALIASES[key]
    import pycountry  # imported here: its table costs start-up time that most commands never need

    try:
        return pycountry.countries.lookup(name.strip().replace("\u2019", "'")).alpha_2
    except LookupError:
        return None


def country_local(name: str) -> str:
    """The local part of a country's IRI: its ISO alpha-2 code, else a slug of its name.

    >>> country_local("Czechia"), country_local("Kosovo")
    ('CZ', 'kosovo')
    """
    return country_code(name) or slug(name_key(name))
