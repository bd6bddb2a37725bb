"""Outcome measures: ``<base>outcome/<NCT>-p1``, ``-s1``, ``-o1`` (numbered per kind)."""

from __future__ import annotations

from pyoxigraph import Literal

from kg.mapping.emit import Emitter
from kg.model import Study
from kg.vocab import TG

_KIND = {"PRIMARY": ("p", "Primary"), "SECONDARY": ("s", "Secondary"), "OTHER": ("o", "Other")}


def map_outcomes(em: Emitter, study: Study) -> None:
    """Every outcome with its own measure, description and time frame (never another's)."""
    counters: dict[str, int] = {}
    for outcome in study.outcomes:
        kind = (outcome.kind or "OTHER").upper()
        letter, word = _KIND.get(kind, ("x", kind.title()))
        n = counters[letter] = counters.get(letter, 0) + 1
        node = em.node("outcome", f"{letter}{n}")
        em.part(node, TG.Outcome, f"{word} outcome {n} of {em.nct}: {outcome.measure}")
        em.add(em.trial, TG.hasOutcome, node)
        em.code(node, TG.outcomeType, "outcome-type", kind)
        em.add(node, TG.position, Literal(n))
        em.text(node, TG.measure, outcome.measure)
        em.text(node, TG.description, outcome.description)
        em.text(node, TG.timeFrame, outcome.time_frame)
