"""Eligibility: ``<base>eligibility/<NCT>`` and one node per criterion,
``<base>criterion/<NCT>-i3`` / ``-e2`` (numbered per kind, in record order)."""

from __future__ import annotations

from pyoxigraph import Literal

from kg.mapping.emit import Emitter, decimal_literal
from kg.model import Age, Study
from kg.vocab import TG

_KIND = {
    "INCLUSION": ("i", "Inclusion", TG.InclusionCriterion),
    "EXCLUSION": ("e", "Exclusion", TG.ExclusionCriterion),
}


def _age(em: Emitter, node, text_p, years_p, age: Age | None) -> None:
    if age is None:
        return
    em.text(node, text_p, age.text)
    if age.years is not None:
        em.add(node, years_p, decimal_literal(age.years))


def map_eligibility(em: Emitter, study: Study) -> None:
    """Ages (text and years), sex, healthy volunteers, age groups, population, criteria."""
    el = study.eligibility
    if el is None:
        return
    node = em.node("eligibility")
    em.part(node, TG.Eligibility, f"Eligibility of {em.nct}")
    em.add(em.trial, TG.hasEligibility, node)
    em.text(node, TG.criteriaText, el.criteria_text)
    _age(em, node, TG.minimumAge, TG.minimumAgeYears, el.minimum_age)
    _age(em, node, TG.maximumAge, TG.maximumAgeYears, el.maximum_age)
    em.code(node, TG.sex, "sex", el.sex)
    if el.healthy_volunteers is not None:
        em.add(node, TG.healthyVolunteers, Literal(el.healthy_volunteers))
    for group in el.std_ages:
        em.code(node, TG.ageGroup, "age-group", group)
    em.text(node, TG.studyPopulation, el.study_population)
    em.code(node, TG.samplingMethod, "sampling-method", el.sampling_method)
    counters: dict[str, int] = {}
    for criterion in el.criteria:
        kind = (criterion.kind or "").upper()
        letter, word, cls = _KIND.get(kind, ("c", "Criterion", TG.EligibilityCriterion))
        n = counters[letter] = counters.get(letter, 0) + 1
        crit = em.node("criterion", f"{letter}{n}")
        em.part(crit, cls, f"{word} {n} of {em.nct}")
        em.add(node, TG.hasCriterion, crit)
        em.code(crit, TG.criterionKind, "criterion-kind", kind)
        em.add(crit, TG.position, Literal(n))
        em.text(crit, TG.criterionText, criterion.text)
        em.text(crit, TG.criterionNumber, criterion.number)
