"""The parts of an API v2 study that came to the graph with issue 16: central contacts, data
sharing, the browse index, the registry's bookkeeping, and the design and eligibility texts; and
a warning for an arm's intervention name that names none of the trial's interventions."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from kg.model import Study
from kg.sources.ctgov_json.browse import read_browse
from kg.sources.ctgov_json.contacts import read_contacts
from kg.sources.ctgov_json.fields import Fields
from kg.sources.ctgov_json.registry import read_registry
from kg.sources.ctgov_json.sharing import read_sharing

__all__ = ["read_protocol_parts"]

_PS = "protocolSection"


def read_protocol_parts(study: Study, data: Mapping[str, Any], protocol: Mapping[str, Any], f: Fields) -> None:
    """Contacts, data sharing, browse index, the registry's dates and flags, design and eligibility texts."""
    where = f"{_PS}.contactsLocationsModule"
    study.central_contacts = read_contacts(f.obj(protocol, "contactsLocationsModule", _PS), "centralContacts", where, f)
    read_sharing(study, protocol, f)
    read_browse(study, f.obj(data, "derivedSection", "study"), f)
    read_registry(study, data, f)
    design, where = f.obj(protocol, "designModule", _PS), f"{_PS}.designModule"
    info = f.obj(design, "designInfo", where)
    study.design.intervention_model_description = f.text(info, "interventionModelDescription", f"{where}.designInfo")
    masking = f.obj(info, "maskingInfo", f"{where}.designInfo")
    study.design.masking_description = f.text(masking, "maskingDescription", f"{where}.designInfo.maskingInfo")
    bio_spec = f.obj(design, "bioSpec", where)
    study.design.bio_spec_retention = f.code(bio_spec, "retention", f"{where}.bioSpec", codes="bioSpecRetention")
    study.design.bio_spec_description = f.text(bio_spec, "description", f"{where}.bioSpec")
    study.design.patient_registry = f.flag(design, "patientRegistry", where)
    study.design.target_duration = f.text(design, "targetDuration", where)
    types = f.obj(design, "expandedAccessTypes", where)
    study.design.expanded_access_types = [
        k.upper() for k in ("individual", "intermediate", "treatment") if types.get(k) is True
    ]
    if study.eligibility is not None:
        module, where = f.obj(protocol, "eligibilityModule", _PS), f"{_PS}.eligibilityModule"
        study.eligibility.gender_based = f.flag(module, "genderBased", where)
        study.eligibility.gender_description = f.text(module, "genderDescription", where)
    _unmatched_arm_names(study, f)


def _unmatched_arm_names(study: Study, f: Fields) -> None:
    """Warn about an arm's intervention name that names none of the trial's interventions (a typo or
    a renamed intervention in the registry): the mapping keeps it as text on the arm."""
    known = {_loose(item.name) for item in study.interventions}
    for arm in study.arms:
        for name in arm.intervention_names:
            if _loose(name) not in known and _loose(name.split(":", 1)[-1]) not in known:
                f.warn(f"arm {arm.label!r} lists intervention {name!r}, which is none of the trial's interventions")


def _loose(name: str) -> str:
    return " ".join("".join(c if c.isalnum() else " " for c in name.casefold()).split())
