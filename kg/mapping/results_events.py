"""Adverse events: per group totals, and each serious or other event with its numbers per group.

The totals (deaths, serious and other events: participants affected and at risk) sit on the
reconciled group node. Each reported event is ``<base>adverse-event/<NCT>-s4`` (serious) or
``-o4`` (other), linked to a shared ``tg:AdverseEventTerm`` keyed by term and organ system
(``<base>adverse-event-term/headache--nervous-system-disorders``), so "every trial that
reported this term" is one hop. Its numbers per group are ``tg:AdverseEventCount`` nodes.
"""

from __future__ import annotations

from pyoxigraph import Literal, NamedNode

from kg.iris import name_key, slug
from kg.mapping.emit import Emitter
from kg.mapping.results_groups import ResultGroups, link_group
from kg.mapping.results_values import emit_count, emit_decimal
from kg.model import AdverseEvent, AdverseEvents
from kg.vocab import TG

__all__ = ["map_adverse_events"]

_TOTALS = (
    ("deaths_affected", TG.deathsAffected, TG.deathsAffectedText),
    ("deaths_at_risk", TG.deathsAtRisk, TG.deathsAtRiskText),
    ("serious_affected", TG.seriousAffected, TG.seriousAffectedText),
    ("serious_at_risk", TG.seriousAtRisk, TG.seriousAtRiskText),
    ("other_affected", TG.otherAffected, TG.otherAffectedText),
    ("other_at_risk", TG.otherAtRisk, TG.otherAtRiskText),
)


def map_adverse_events(em: Emitter, ae: AdverseEvents, groups: ResultGroups) -> None:
    """The adverse-events table of one trial."""
    table = groups.table([g.group for g in ae.groups])
    em.text(em.trial, TG.adverseEventsTimeFrame, ae.time_frame)
    em.text(em.trial, TG.adverseEventsDescription, ae.description)
    emit_decimal(em, em.trial, TG.frequencyThreshold, TG.frequencyThresholdText, ae.frequency_threshold)
    em.text(em.trial, TG.allCauseMortalityComment, ae.mortality_comment)
    for event_group in ae.groups:
        node = table[event_group.group.code]
        em.add(node, TG.adverseEventGroup, Literal(True))
        for attr, prop, text_prop in _TOTALS:
            emit_count(em, node, prop, text_prop, getattr(event_group, attr))
    numbers = {True: 0, False: 0}
    for event in ae.events:
        numbers[event.serious] += 1
        letter = "s" if event.serious else "o"
        _event(em, f"{letter}{numbers[event.serious]}", event, table, groups)


def term_node(em: Emitter, term: str, organ_system: str | None) -> NamedNode:
    """The shared node of an adverse-event term within its organ system."""
    key = slug(name_key(term)) + (f"--{slug(name_key(organ_system))}" if organ_system else "")
    node = NamedNode(f"{em.base}adverse-event-term/{key}")
    em.shared_entity(node, TG.AdverseEventTerm, term)
    return node


def _event(em: Emitter, suffix: str, event: AdverseEvent, table: dict[str, NamedNode], groups: ResultGroups) -> None:
    node = em.node("adverse-event", suffix)
    kind = "serious" if event.serious else "other"
    em.part(node, TG.AdverseEvent, f"{event.term} ({kind} adverse event of {em.nct})")
    em.add(em.trial, TG.hasAdverseEvent, node)
    em.add(node, TG.seriousEvent, Literal(event.serious))
    em.add(node, TG.adverseEventTerm, term_node(em, event.term, event.organ_system))
    em.text(node, TG.eventTerm, event.term)
    em.text(node, TG.organSystem, event.organ_system)
    em.text(node, TG.sourceVocabulary, event.source_vocabulary)
    em.code(node, TG.assessmentType, "ae-assessment-type", event.assessment_type)
    em.text(node, TG.resultsComment, event.notes)
    for i, stat in enumerate(event.stats, 1):
        count = em.node("adverse-event-count", f"{suffix}-{i}")
        group, label = groups.named(table, stat.group)
        em.part(count, TG.AdverseEventCount, f"{event.term}, {label}")
        em.add(node, TG.hasEventCount, count)
        link_group(em, count, group, stat.group)
        emit_count(em, count, TG.numEvents, TG.numEventsText, stat.events)
        emit_count(em, count, TG.numAffected, TG.numAffectedText, stat.affected)
        emit_count(em, count, TG.numAtRisk, TG.numAtRiskText, stat.at_risk)
