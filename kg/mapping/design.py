"""Design facts of a trial, its conditions, and the MeSH terms the registry derived."""

from __future__ import annotations

from pyoxigraph import Literal

from kg.iris import name_key
from kg.mapping.emit import Emitter
from kg.mapping.shared import condition_node, mesh_node
from kg.model import Study
from kg.vocab import TG


def map_design(em: Emitter, study: Study) -> None:
    """Study type, phases, allocation, models, purpose, masking, enrollment."""
    t, d = em.trial, study.design
    em.code(t, TG.studyType, "study-type", d.study_type)
    for phase in d.phases:
        em.code(t, TG.phase, "phase", phase)
    em.code(t, TG.allocation, "allocation", d.allocation)
    em.code(t, TG.interventionModel, "intervention-model", d.intervention_model)
    em.code(t, TG.observationalModel, "observational-model", d.observational_model)
    em.code(t, TG.primaryPurpose, "primary-purpose", d.primary_purpose)
    em.code(t, TG.timePerspective, "time-perspective", d.time_perspective)
    em.code(t, TG.masking, "masking", d.masking)
    for role in d.who_masked:
        em.code(t, TG.maskedRole, "who-masked", role)
    if d.enrollment is not None:
        em.add(t, TG.enrollment, Literal(int(d.enrollment)))
    em.code(t, TG.enrollmentType, "enrollment-type", d.enrollment_type)


def map_conditions(em: Emitter, study: Study) -> None:
    """Conditions (shared nodes plus the verbatim name on the trial), MeSH terms, and the
    grounding of a condition in a derived MeSH term whose normalised name equals its own."""
    t = em.trial
    mesh_by_key = {}
    for term in study.condition_meshes:
        node = mesh_node(em, term)
        em.add(t, TG.conditionMesh, node)
        mesh_by_key.setdefault(name_key(term.term), node)
    for term in study.condition_mesh_ancestors:
        em.add(t, TG.conditionMeshAncestor, mesh_node(em, term))
    for term in study.intervention_meshes:
        em.add(t, TG.interventionMesh, mesh_node(em, term))
    for term in study.intervention_mesh_ancestors:
        em.add(t, TG.interventionMeshAncestor, mesh_node(em, term))
    seen = set()
    for condition in study.conditions:
        if not condition.name:
            continue
        node = condition_node(em, condition.name)
        em.add(t, TG.conditionName, Literal(condition.name))
        if node in seen:
            continue
        seen.add(node)
        em.add(t, TG.condition, node)
        mesh = mesh_by_key.get(name_key(condition.name))
        if mesh is not None:
            em.add(node, TG.meshExactMatch, mesh)
