"""The protocol's remaining details, on nodes other modules mint: design texts and biospecimens
on the trial, gender-based eligibility on ``<base>eligibility/<NCT>``, the responsible party's
pre-2007 name/title and organisation on ``<base>responsible-party/<NCT>``, and each arm's
intervention names as the registry wrote them ("Drug: Engensis") on ``<base>arm/<NCT>-<n>``
(the links ``kg.mapping.arms`` makes from them lose the spelling)."""

from __future__ import annotations

from pyoxigraph import Literal

from kg.mapping.emit import Emitter
from kg.model import Study
from kg.vocab import TG

__all__ = ["map_details"]


def map_details(em: Emitter, study: Study) -> None:
    """Texts and flags that qualify nodes the other mapping modules made."""
    t, d = em.trial, study.design
    em.text(t, TG.interventionModelDescription, d.intervention_model_description)
    em.text(t, TG.maskingDescription, d.masking_description)
    em.code(t, TG.bioSpecRetention, "bio-spec-retention", d.bio_spec_retention)
    em.text(t, TG.bioSpecDescription, d.bio_spec_description)
    if d.patient_registry is not None:
        em.add(t, TG.patientRegistry, Literal(d.patient_registry))
    em.text(t, TG.targetDuration, d.target_duration)
    for kind in d.expanded_access_types:
        em.code(t, TG.expandedAccessType, "expanded-access-type", kind)
    el = study.eligibility
    if el is not None:
        node = em.node("eligibility")
        if el.gender_based is not None:
            em.add(node, TG.genderBased, Literal(el.gender_based))
        em.text(node, TG.genderDescription, el.gender_description)
    rp = study.responsible_party
    if rp is not None:
        node = em.node("responsible-party")
        em.text(node, TG.oldNameTitle, rp.old_name_title)
        em.text(node, TG.oldOrganization, rp.old_organization)
    for n, arm in enumerate(study.arms, 1):
        node = em.node("arm", str(n))
        for name in arm.intervention_names:
            em.text(node, TG.armInterventionName, name)
