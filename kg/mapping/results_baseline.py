"""The baseline-characteristics table: ``<base>baseline-measure/<NCT>-3`` per measure, the
overall denominators on the trial (``<base>denominator/<NCT>-b-d1-2``), each measure's
classes, categories and cells (``kg.mapping.results_measures``)."""

from __future__ import annotations

from pyoxigraph import Literal

from kg.mapping.emit import Emitter
from kg.mapping.results_groups import ResultGroups
from kg.mapping.results_measures import map_denominators, map_measure_fields, map_measure_table
from kg.model import Baseline
from kg.vocab import TG

__all__ = ["map_baseline"]


def map_baseline(em: Emitter, baseline: Baseline, groups: ResultGroups) -> None:
    """Every baseline measure with its table; the groups reconciled with the other tables'."""
    table = groups.table(baseline.groups)
    em.text(em.trial, TG.baselinePopulationDescription, baseline.population_description)
    map_denominators(em, em.trial, "b", baseline.denoms, table)
    for n, measure in enumerate(baseline.measures, 1):
        node = em.node("baseline-measure", str(n))
        em.part(node, TG.BaselineMeasure, measure.title)
        em.add(em.trial, TG.hasBaselineMeasure, node)
        em.add(node, TG.resultsPosition, Literal(n))
        map_measure_fields(em, node, measure)
        map_measure_table(em, node, f"b{n}", measure, table, groups)
