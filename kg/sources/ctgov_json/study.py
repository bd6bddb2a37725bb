"""One ClinicalTrials.gov API v2 study object (a decoded dict) read into a ``Study``.

Shared by every source that yields API v2 objects (files, pages, JSON Lines, and later the
live API), so the mapping of fields exists once. Each module of the record is read by its
own function, and each list item is read from that item alone: no lookup searches the whole
record, so per-record cost is linear even with 1,218 sites, and no item can take another's
values (the converters' "every outcome has the first outcome's time frame" bug).
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import Any

from kg.model import (
    Arm,
    Condition,
    Design,
    Document,
    Eligibility,
    Intervention,
    Official,
    Outcome,
    Reference,
    RelatedTrial,
    ResponsibleParty,
    SecondaryId,
    Study,
)
from kg.sources.criteria import split_criteria
from kg.sources.ctgov_json.fields import Fields
from kg.sources.ctgov_json.protocol_parts import read_protocol_parts
from kg.sources.ctgov_json.results import read_results
from kg.sources.ctgov_json.sites import read_sites
from kg.sources.reader import RecordError

__all__ = ["NCT_ID", "study_from_v2"]

NCT_ID = re.compile(r"^NCT\d{8}$")
_PS = "protocolSection"


def study_from_v2(data: Mapping[str, Any]) -> tuple[Study, list[str]]:
    """The ``Study`` an API v2 study object describes, and warnings about fields it could not take.

    Raises ``RecordError`` when the object has no ``protocolSection`` or no valid NCT id.
    """
    protocol = data.get(_PS)
    if not isinstance(protocol, Mapping):
        keys = ", ".join(sorted(map(str, data))[:6]) or "none"
        raise RecordError(f"not an API v2 study: no protocolSection object (top-level keys: {keys})")
    fields = Fields()
    ident = fields.obj(protocol, "identificationModule", _PS)
    nct_id = ident.get("nctId")
    if not isinstance(nct_id, str) or not NCT_ID.match(nct_id.strip()):
        raise RecordError(f"no valid NCT id: identificationModule.nctId is {nct_id!r} (expected NCT + 8 digits)")
    study = Study(nct_id=nct_id.strip())
    _identification(study, ident, fields)
    _status(study, fields.obj(protocol, "statusModule", _PS), fields)
    _sponsors(study, protocol, fields)
    _description(study, protocol, fields)
    study.design = _design(fields.obj(protocol, "designModule", _PS), fields)
    _arms_interventions(study, fields.obj(protocol, "armsInterventionsModule", _PS), fields)
    study.outcomes = _outcomes(fields.obj(protocol, "outcomesModule", _PS), fields)
    study.eligibility = _eligibility(protocol, fields)
    study.sites = read_sites(fields.obj(protocol, "contactsLocationsModule", _PS), fields)
    study.references = _references(fields.obj(protocol, "referencesModule", _PS), fields)
    study.documents = _documents(data, fields)
    _derived(study, fields.obj(data, "derivedSection", "study"), fields)
    study.has_results = fields.flag(data, "hasResults", "study")
    study.results = read_results(data, fields)
    read_protocol_parts(study, data, protocol, fields)
    return study, fields.warnings


def _identification(study: Study, ident: Mapping[str, Any], f: Fields) -> None:
    where = f"{_PS}.identificationModule"
    study.brief_title = f.text(ident, "briefTitle", where)
    study.official_title = f.text(ident, "officialTitle", where)
    study.acronym = f.text(ident, "acronym", where)
    study.nct_id_aliases = f.texts(ident, "nctIdAliases", where)
    study.org_study_id = f.text(f.obj(ident, "orgStudyIdInfo", where), "id", f"{where}.orgStudyIdInfo")
    study.organization = f.organization(
        f.obj(ident, "organization", where), f"{where}.organization", name_key="fullName"
    )
    for path, info, value in f.named(ident, "secondaryIdInfos", "id", where):
        study.secondary_ids.append(
            SecondaryId(
                id=value,
                type=f.code(info, "type", path, codes="secondaryIdType"),
                domain=f.text(info, "domain", path),
                link=f.text(info, "link", path),
            )
        )


def _status(study: Study, status: Mapping[str, Any], f: Fields) -> None:
    where = f"{_PS}.statusModule"
    study.overall_status = f.code(status, "overallStatus", where, codes="overallStatus")
    study.last_known_status = f.code(status, "lastKnownStatus", where, codes="lastKnownStatus")
    study.why_stopped = f.text(status, "whyStopped", where)
    study.status_verified_date = f.text(status, "statusVerifiedDate", where)
    study.start_date = f.date(status, "startDateStruct", where)
    study.primary_completion_date = f.date(status, "primaryCompletionDateStruct", where)
    study.completion_date = f.date(status, "completionDateStruct", where)
    study.first_submitted_date = f.text(status, "studyFirstSubmitDate", where)
    study.first_posted_date = f.date(status, "studyFirstPostDateStruct", where)
    study.results_first_posted_date = f.date(status, "resultsFirstPostDateStruct", where)
    study.last_update_posted_date = f.date(status, "lastUpdatePostDateStruct", where)
    study.last_update_submitted_date = f.text(status, "lastUpdateSubmitDate", where)
    expanded = f.text(f.obj(status, "expandedAccessInfo", where), "nctId", f"{where}.expandedAccessInfo")
    if expanded is not None and NCT_ID.match(expanded):
        study.related_trials.append(RelatedTrial(nct_id=expanded))


def _sponsors(study: Study, protocol: Mapping[str, Any], f: Fields) -> None:
    where = f"{_PS}.sponsorCollaboratorsModule"
    module = f.obj(protocol, "sponsorCollaboratorsModule", _PS)
    study.lead_sponsor = f.organization(f.obj(module, "leadSponsor", where), f"{where}.leadSponsor")
    for path, value in f.items(module, "collaborators", where):  # every one, each with its own class
        collaborator = f.organization(value, path)
        if collaborator is not None:
            study.collaborators.append(collaborator)
    party = f.obj(module, "responsibleParty", where)
    if party:
        path = f"{where}.responsibleParty"
        study.responsible_party = ResponsibleParty(
            type=f.code(party, "type", path, codes="responsiblePartyType"),
            investigator_name=f.text(party, "investigatorFullName", path),
            investigator_title=f.text(party, "investigatorTitle", path),
            investigator_affiliation=f.text(party, "investigatorAffiliation", path),
            old_name_title=f.text(party, "oldNameTitle", path),
            old_organization=f.text(party, "oldOrganization", path),
        )
    where = f"{_PS}.contactsLocationsModule"
    for path, value, name in f.named(
        f.obj(protocol, "contactsLocationsModule", _PS), "overallOfficials", "name", where
    ):
        role = f.code(value, "role", path, codes="officialRole")
        study.officials.append(Official(name=name, role=role, affiliation=f.text(value, "affiliation", path)))


def _description(study: Study, protocol: Mapping[str, Any], f: Fields) -> None:
    where = f"{_PS}.descriptionModule"
    description = f.obj(protocol, "descriptionModule", _PS)
    study.brief_summary = f.text(description, "briefSummary", where)
    study.detailed_description = f.text(description, "detailedDescription", where)
    where = f"{_PS}.conditionsModule"
    conditions = f.obj(protocol, "conditionsModule", _PS)
    study.conditions = [Condition(name=name) for name in f.texts(conditions, "conditions", where)]
    study.keywords = f.texts(conditions, "keywords", where)


def _design(module: Mapping[str, Any], f: Fields) -> Design:
    where = f"{_PS}.designModule"
    info = f.obj(module, "designInfo", where)
    info_where = f"{where}.designInfo"
    masking = f.obj(info, "maskingInfo", info_where)
    enrollment = f.obj(module, "enrollmentInfo", where)
    return Design(
        study_type=f.code(module, "studyType", where, codes="studyType"),
        phases=f.codes(module, "phases", where, codes="phase"),
        allocation=f.code(info, "allocation", info_where, codes="allocation"),
        intervention_model=f.code(info, "interventionModel", info_where, codes="interventionModel"),
        observational_model=f.code(info, "observationalModel", info_where, codes="observationalModel"),
        primary_purpose=f.code(info, "primaryPurpose", info_where, codes="primaryPurpose"),
        time_perspective=f.code(info, "timePerspective", info_where, codes="timePerspective"),
        masking=f.code(masking, "masking", f"{info_where}.maskingInfo", codes="masking"),
        who_masked=f.codes(masking, "whoMasked", f"{info_where}.maskingInfo", codes="whoMasked"),
        enrollment=f.count(enrollment, "count", f"{where}.enrollmentInfo"),
        enrollment_type=f.code(enrollment, "type", f"{where}.enrollmentInfo", codes="enrollmentType"),
    )


def _arms_interventions(study: Study, module: Mapping[str, Any], f: Fields) -> None:
    where = f"{_PS}.armsInterventionsModule"
    for path, arm, label in f.named(module, "armGroups", "label", where):
        study.arms.append(
            Arm(
                label=label,
                type=f.code(arm, "type", path, codes="armGroupType"),
                description=f.text(arm, "description", path),
                intervention_names=f.texts(arm, "interventionNames", path),
            )
        )
    for path, item in f.items(module, "interventions", where):
        name = f.text(item, "name", path)
        if name is None:
            f.warn(f"{path} has no name: ignored (type {item.get('type')!r}, {item.get('description')!r})")
            continue
        study.interventions.append(
            Intervention(
                name=name,
                type=f.code(item, "type", path, codes="interventionType"),
                description=f.text(item, "description", path),
                other_names=f.texts(item, "otherNames", path),
                arm_labels=f.texts(item, "armGroupLabels", path),
            )
        )


def _outcomes(module: Mapping[str, Any], f: Fields) -> list[Outcome]:
    outcomes = []
    for kind, key in (("PRIMARY", "primaryOutcomes"), ("SECONDARY", "secondaryOutcomes"), ("OTHER", "otherOutcomes")):
        for path, item, measure in f.named(module, key, "measure", f"{_PS}.outcomesModule"):
            description, time_frame = f.text(item, "description", path), f.text(item, "timeFrame", path)
            outcomes.append(Outcome(kind=kind, measure=measure, description=description, time_frame=time_frame))
    return outcomes


def _eligibility(protocol: Mapping[str, Any], f: Fields) -> Eligibility | None:
    where = f"{_PS}.eligibilityModule"
    module = f.obj(protocol, "eligibilityModule", _PS)
    if not module:
        return None
    text = f.text(module, "eligibilityCriteria", where)
    return Eligibility(
        criteria_text=text,
        criteria=split_criteria(text),
        minimum_age=f.age(module, "minimumAge", where),
        maximum_age=f.age(module, "maximumAge", where),
        sex=f.code(module, "sex", where, codes="sex"),
        healthy_volunteers=f.flag(module, "healthyVolunteers", where),
        std_ages=f.codes(module, "stdAges", where, codes="stdAge"),
        study_population=f.text(module, "studyPopulation", where),
        sampling_method=f.code(module, "samplingMethod", where, codes="samplingMethod"),
    )


def _references(module: Mapping[str, Any], f: Fields) -> list[Reference]:
    references = []
    for path, item in f.items(module, "references", f"{_PS}.referencesModule"):
        citation, pmid = f.text(item, "citation", path), f.text(item, "pmid", path)
        kind = f.code(item, "type", path, codes="referenceType")
        references.append(Reference(citation=citation, pmid=pmid, type=kind))
    return references


def _documents(data: Mapping[str, Any], f: Fields) -> list[Document]:
    where = "documentSection.largeDocumentModule"
    module = f.obj(f.obj(data, "documentSection", "study"), "largeDocumentModule", "documentSection")
    documents = []
    for path, doc in f.items(module, "largeDocs", where):
        label = f.text(doc, "label", path) or f.text(doc, "typeAbbrev", path) or f.text(doc, "filename", path)
        if label is None:
            f.warn(f"{path} has no label, type or file name: ignored ({json.dumps(doc)[:80]})")
            continue
        documents.append(
            Document(
                label=label,
                type_abbrev=f.text(doc, "typeAbbrev", path),
                filename=f.text(doc, "filename", path),
                date=f.text(doc, "date", path),
                upload_date=f.text(doc, "uploadDate", path),
                has_protocol=f.flag(doc, "hasProtocol", path),
                has_sap=f.flag(doc, "hasSap", path),
                has_icf=f.flag(doc, "hasIcf", path),
            )
        )
    return documents


def _derived(study: Study, derived: Mapping[str, Any], f: Fields) -> None:
    conditions = f.obj(derived, "conditionBrowseModule", "derivedSection")
    interventions = f.obj(derived, "interventionBrowseModule", "derivedSection")
    where_c, where_i = "derivedSection.conditionBrowseModule", "derivedSection.interventionBrowseModule"
    study.condition_meshes = f.meshes(conditions, "meshes", where_c)
    study.condition_mesh_ancestors = f.meshes(conditions, "ancestors", where_c)
    study.intervention_meshes = f.meshes(interventions, "meshes", where_i)
    study.intervention_mesh_ancestors = f.meshes(interventions, "ancestors", where_i)
