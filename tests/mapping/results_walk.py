"""Helpers the results graph tests share: one trial's quads as a lookup, and value checks
that read the registry's own text with ``decimal.Decimal`` (never with the mapping's code)."""

from __future__ import annotations

import re
from collections import defaultdict
from decimal import Decimal, InvalidOperation

from kg.iris import DEFAULT_BASE as BASE
from kg.mapping import map_study
from kg.model import Study

__all__ = ["BASE", "LABEL", "Graph", "check_limit", "check_number", "same"]

TG = "https://w3id.org/trialgraph/ontology#"
LABEL = "http://www.w3.org/2000/01/rdf-schema#label"


class Graph:
    """The quads of one trial as subject -> predicate local name -> objects."""

    def __init__(self, nct: str, study: Study) -> None:
        self.nct = nct
        self.index: dict[str, dict[str, list]] = defaultdict(lambda: defaultdict(list))
        for q in map_study(study):
            p = q.predicate.value
            self.index[q.subject.value][p[len(TG) :] if p.startswith(TG) else p].append(q.object)

    def node(self, kind: str, suffix: str) -> dict[str, list]:
        iri = f"{BASE}{kind}/{self.nct}-{suffix}"
        assert iri in self.index, f"{iri} missing"
        return self.index[iri]

    def group_title(self, props: dict[str, list], prop: str = "group") -> str:
        (group,) = props[prop]
        return same(self.index[group.value][LABEL][0].value)


def check_number(props: dict[str, list], prop: str, raw: object) -> None:
    """The graph holds the registry's number as a typed literal, or its text verbatim."""
    if raw is None:
        assert prop not in props and f"{prop}Text" not in props
        return
    text = str(raw).strip()
    try:
        number = Decimal(text)
        finite = number.is_finite()
    except InvalidOperation:
        finite = False
    if finite:
        (literal,) = props[prop]
        assert Decimal(literal.value) == number, (prop, text)
        assert text in {literal.value, *(t.value for t in props.get(f"{prop}Text", []))}
    else:
        assert [t.value for t in props[f"{prop}Text"]] == [text], (prop, text)


def check_limit(props: dict[str, list], prop: str, raw: str | None) -> None:
    """Like ``_number``; a value written with a leading comparator keeps it apart."""
    text = (raw or "").strip()
    comparator = next((c for c in ("<=", ">=", "≤", "≥", "<", ">", "=") if text.startswith(c)), None)
    if comparator is None:
        check_number(props, prop, raw)
        return
    assert [t.value for t in props[f"{prop}Text"]] == [text]
    rest = text[len(comparator) :].strip()
    try:
        expected = Decimal(rest)
    except InvalidOperation:
        assert prop not in props
        return
    assert Decimal(props[prop][0].value) == expected
    assert props[f"{prop}Comparator"][0].value == {"≤": "<=", "≥": ">="}.get(comparator, comparator)


def same(title: str) -> str:
    """Titles as groups are reconciled: case, spacing and punctuation aside ("Placebo TID" = "Placebo Tid")."""
    return " ".join(re.sub(r"[^\w]+", " ", title.lower().replace("'", "")).split())
