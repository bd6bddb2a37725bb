"""The table every baseline measure and outcome measure shares: denominators, classes,
categories and one ``tg:Measurement`` node per cell, each naming its reconciled group.

IRIs are flat and positional under the measure's own prefix (``b3`` for baseline measure 3,
``o3`` for outcome measure 3): ``<base>measurement/<NCT>-b3-2-1-4`` is class 2, category 1,
cell 4. A cell that names a group its table does not have is still built, without a group
link (the reader has warned about it).
"""

from __future__ import annotations

from pyoxigraph import Literal, NamedNode

from kg.codes import SCHEMES
from kg.mapping.emit import Emitter
from kg.mapping.results_groups import ResultGroups, link_group
from kg.mapping.results_values import emit_count, emit_decimal, emit_limit
from kg.model import Denominator, Measure, MeasureClass, Measurement
from kg.vocab import TG

__all__ = ["map_denominators", "map_measure_fields", "map_measure_table"]

_DISPERSION_CODES = SCHEMES["measure-dispersion-type"]
_DISPERSION_LABELS = {label: code for code, label in _DISPERSION_CODES.items()}
_LOWER = (TG.lowerLimit, TG.lowerLimitComparator, TG.lowerLimitText)
_UPPER = (TG.upperLimit, TG.upperLimitComparator, TG.upperLimitText)


def map_measure_fields(em: Emitter, node: NamedNode, measure: Measure) -> None:
    """What a baseline measure and an outcome measure both state about themselves."""
    em.text(node, TG.resultsDescription, measure.description)
    em.text(node, TG.populationDescription, measure.population_description)
    em.code(node, TG.paramType, "measure-param-type", measure.param_type)
    dispersion = measure.dispersion_type
    if dispersion:
        if dispersion in _DISPERSION_CODES:
            em.code(node, TG.dispersionType, "measure-dispersion-type", dispersion)
        else:
            em.code(node, TG.dispersionType, "measure-dispersion-type", _DISPERSION_LABELS.get(dispersion))
            em.add(node, TG.dispersionTypeText, Literal(dispersion))
    em.text(node, TG.unitOfMeasure, measure.unit)
    if measure.calculate_pct is not None:
        em.add(node, TG.calculatePercent, Literal(measure.calculate_pct))
    em.text(node, TG.denominatorUnitsSelected, measure.denom_units_selected)


def map_denominators(
    em: Emitter, owner: NamedNode, prefix: str, denoms: list[Denominator], groups: dict[str, NamedNode]
) -> None:
    """One ``tg:Denominator`` per group count: ``<base>denominator/<NCT>-<prefix>-d<i>-<j>``."""
    for i, denom in enumerate(denoms, 1):
        for j, count in enumerate(denom.counts, 1):
            node = em.node("denominator", f"{prefix}-d{i}-{j}")
            em.part(node, TG.Denominator, f"{denom.units or 'Participants'} analysed, {count.group}")
            em.add(owner, TG.hasDenominator, node)
            em.text(node, TG.denominatorUnits, denom.units)
            link_group(em, node, groups.get(count.group), count.group)
            emit_count(em, node, TG.count, TG.countText, count.value)


def map_measure_table(
    em: Emitter, node: NamedNode, prefix: str, measure: Measure, groups: dict[str, NamedNode], titles: ResultGroups
) -> None:
    """Classes, categories and measurement cells of one measure."""
    for c, cls in enumerate(measure.classes, 1):
        class_node = em.node("measure-class", f"{prefix}-{c}")
        em.part(class_node, TG.MeasureClass, cls.title or f"{measure.title} (class {c})")
        em.add(node, TG.hasClass, class_node)
        em.add(class_node, TG.resultsPosition, Literal(c))
        map_denominators(em, class_node, f"{prefix}-{c}", cls.denoms, groups)
        _categories(em, class_node, f"{prefix}-{c}", measure, cls, groups, titles)


def _categories(
    em: Emitter,
    class_node: NamedNode,
    prefix: str,
    measure: Measure,
    cls: MeasureClass,
    groups: dict[str, NamedNode],
    titles: ResultGroups,
) -> None:
    for k, category in enumerate(cls.categories, 1):
        cat_node = em.node("measure-category", f"{prefix}-{k}")
        row = " / ".join(t for t in (cls.title, category.title) if t)
        em.part(cat_node, TG.MeasureCategory, category.title or cls.title or f"{measure.title} (row {k})")
        em.add(class_node, TG.hasCategory, cat_node)
        em.add(cat_node, TG.resultsPosition, Literal(k))
        for m, cell in enumerate(category.measurements, 1):
            cell_node = em.node("measurement", f"{prefix}-{k}-{m}")
            group, label = titles.named(groups, cell.group)
            em.part(cell_node, TG.Measurement, f"{measure.title}{': ' + row if row else ''}, {label}")
            em.add(cat_node, TG.hasMeasurement, cell_node)
            _cell(em, cell_node, cell, group)


def _cell(em: Emitter, node: NamedNode, cell: Measurement, group: NamedNode | None) -> None:
    link_group(em, node, group, cell.group)
    emit_decimal(em, node, TG.value, TG.valueText, cell.value)
    emit_decimal(em, node, TG.spread, TG.spreadText, cell.spread)
    emit_limit(em, node, _LOWER, cell.lower_limit)
    emit_limit(em, node, _UPPER, cell.upper_limit)
    em.text(node, TG.resultsComment, cell.comment)
