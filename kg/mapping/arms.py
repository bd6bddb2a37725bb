"""Arms and interventions, and which arm receives which intervention.

Each intervention of a trial is a trial-specific ``tg:TrialIntervention`` linked to a
shared ``tg:Intervention`` concept (and the trial links straight to the concept with
``tg:testsIntervention``, so "trials testing X" is one hop). Arms are linked to the
trial's interventions from both sides the registry gives: ``interventions[].armGroupLabels``
and ``armGroups[].interventionNames`` ("Drug: Engensis" = "<type label>: <name>").
Matching uses per-trial dictionaries, so cost is linear in the number of items.
"""

from __future__ import annotations

from pyoxigraph import Literal, NamedNode

from kg.iris import name_key
from kg.mapping.emit import Emitter
from kg.mapping.shared import intervention_node
from kg.model import Study
from kg.vocab import SCHEMES, TG

_TYPE_LABELS = SCHEMES["intervention-type"]


def map_interventions(em: Emitter, study: Study) -> dict[str, NamedNode]:
    """Trial interventions; returns the lookup ``normalised name or '<type>: <name>' -> node``."""
    by_name: dict[str, NamedNode] = {}
    tested: set[NamedNode] = set()
    for n, item in enumerate(study.interventions, 1):
        node = em.node("trial-intervention", str(n))
        em.part(node, TG.TrialIntervention, f"{item.name} (intervention {n} of {em.nct})")
        em.add(em.trial, TG.hasIntervention, node)
        em.text(node, TG.interventionName, item.name)
        em.code(node, TG.interventionType, "intervention-type", item.type)
        em.text(node, TG.description, item.description)
        for other in item.other_names:
            em.text(node, TG.otherName, other)
        if item.name and item.name.strip():
            concept = intervention_node(em, item.name)
            em.add(node, TG.intervention, concept)
            if concept not in tested:
                tested.add(concept)
                em.add(em.trial, TG.testsIntervention, concept)
        key = name_key(item.name or "")
        type_label = _TYPE_LABELS.get(item.type or "", item.type or "")
        by_name.setdefault(name_key(f"{type_label}: {item.name}"), node)
        by_name.setdefault(key, node)
    return by_name


def _match(by_name: dict[str, NamedNode], listed: str) -> NamedNode | None:
    node = by_name.get(name_key(listed))
    if node is None and ":" in listed:
        node = by_name.get(name_key(listed.split(":", 1)[1]))
    return node


def map_arms(em: Emitter, study: Study, by_name: dict[str, NamedNode]) -> None:
    """``<base>arm/<NCT>-<n>``, with links to the trial interventions each arm receives."""
    arm_nodes: dict[str, NamedNode] = {}
    links: set[tuple[NamedNode, NamedNode]] = set()
    for n, arm in enumerate(study.arms, 1):
        node = em.node("arm", str(n))
        em.part(node, TG.Arm, arm.label or f"Arm {n} of {em.nct}")
        em.add(em.trial, TG.hasArm, node)
        em.code(node, TG.armGroupType, "arm-group-type", arm.type)
        em.text(node, TG.description, arm.description)
        arm_nodes.setdefault(name_key(arm.label or ""), node)
        for listed in arm.intervention_names:
            target = _match(by_name, listed)
            if target is None:
                em.add(node, TG.unmatchedInterventionName, Literal(listed))
            elif (node, target) not in links:
                links.add((node, target))
                em.add(node, TG.armIntervention, target)
    for n, item in enumerate(study.interventions, 1):
        target = em.node("trial-intervention", str(n))
        for label in item.arm_labels:
            arm_node = arm_nodes.get(name_key(label))
            if arm_node is not None and (arm_node, target) not in links:
                links.add((arm_node, target))
                em.add(arm_node, TG.armIntervention, target)
