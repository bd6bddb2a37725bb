"""Deterministic IRIs: the trial and graph IRIs, normalised keys for shared entities, readable slugs.

Shared entities (conditions, interventions, organisations, facilities, countries) are
identified by a *key*, a normalised form of their name, so trivially different spellings
meet in one node. The IRI carries a readable *slug* of that key, never a bare hash.

>>> name_key("  Amyotrophic   Lateral Sclerosis (ALS) ")
'amyotrophic lateral sclerosis als'
>>> organization_key("Helixmith Co., Ltd.") == organization_key("HELIXMITH CO LTD")
True
>>> slug("β-Thalassemia")
'beta-thalassemia'
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

# Legal-form words dropped from the END of an organisation's key (repeatedly), so
# "Helixmith Co., Ltd.", "HELIXMITH CO LTD" and "Helixmith Inc" are one organisation.
# Business words that tell affiliates apart ("Pharmaceuticals", "Pharma", "Research",
# "Holdings") are kept: "Novartis" and "Novartis Pharmaceuticals" stay two nodes.
LEGAL_SUFFIXES = frozenset(
    [
        "co",
        "company",
        "corp",
        "corporation",
        "inc",
        "incorporated",
        "ltd",
        "limited",
        "llc",
        "llp",
        "lp",
        "plc",
        "gmbh",
        "ag",
        "kg",
        "kgaa",
        "sa",
        "sas",
        "sarl",
        "srl",
        "spa",
        "sl",
        "bv",
        "nv",
        "ab",
        "asa",
        "oy",
        "oyj",
        "kk",
        "pty",
        "pte",
        "bhd",
        "sdn",
    ]
)


@lru_cache(maxsize=65536)
def name_key(name: str) -> str:
    """Normalised key of a name: NFKC, case folded, punctuation stripped, spaces collapsed."""
    text = unicodedata.normalize("NFKC", name).casefold()
    text = _PUNCT.sub(" ", _DROP.sub("", text))
    return _SPACE.sub(" ", text).strip()


@lru_cache(maxsize=65536)
def organization_key(name: str) -> str:
    """Key of an organisation: ``name_key`` without a leading "the" or trailing legal forms.

    >>> organization_key("The Johns Hopkins University")
    'johns hopkins university'
    >>> organization_key("Bayer AG"), organization_key("Co.")
    ('bayer', 'co')
    """
    words = name_key(name).split(" ")
    if len(words) > 1 and words[0] == "the":
        words = words[1:]
    while len(words) > 1 and words[-1] in LEGAL_SUFFIXES:
        words.pop()
    return " ".join(words)


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
