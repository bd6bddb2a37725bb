"""The enumeration codes ClinicalTrials.gov API v2 documents, by the field that uses them.

The model keeps the registry's own codes, so a reader checks a value against this table
only to *warn* about a code it does not know (a newer API version, a typo in a hand-made
file); the value is still kept as given, so nothing is lost. Codes are from the API v2
data dictionary (``EnumTypes``).
"""

from __future__ import annotations

__all__ = ["CODES"]

_RECRUITMENT = {
    "ACTIVE_NOT_RECRUITING",
    "COMPLETED",
    "ENROLLING_BY_INVITATION",
    "NOT_YET_RECRUITING",
    "RECRUITING",
    "SUSPENDED",
    "TERMINATED",
    "WITHDRAWN",
    "AVAILABLE",
}
_AGENCY = {"NIH", "FED", "OTHER_GOV", "INDIV", "INDUSTRY", "NETWORK", "AMBIG", "OTHER", "UNKNOWN"}
_DATE_TYPE = {"ACTUAL", "ESTIMATED"}

#: field name (as the reader names it in warnings) -> known codes.
CODES: dict[str, frozenset[str]] = {
    name: frozenset(codes)
    for name, codes in {
        "overallStatus": _RECRUITMENT
        | {"NO_LONGER_AVAILABLE", "TEMPORARILY_NOT_AVAILABLE", "APPROVED_FOR_MARKETING", "WITHHELD", "UNKNOWN"},
        "lastKnownStatus": _RECRUITMENT,
        "locationStatus": _RECRUITMENT,
        "dateType": _DATE_TYPE,
        "enrollmentType": _DATE_TYPE,
        "agencyClass": _AGENCY,
        "secondaryIdType": {
            "NIH", "FDA", "VA", "CDC", "AHRQ", "SAMHSA", "OTHER_GRANT", "EUDRACT_NUMBER", "CTIS", "REGISTRY", "OTHER",
        },
        "responsiblePartyType": {"SPONSOR", "PRINCIPAL_INVESTIGATOR", "SPONSOR_INVESTIGATOR"},
        "officialRole": {"STUDY_CHAIR", "STUDY_DIRECTOR", "PRINCIPAL_INVESTIGATOR", "SUB_INVESTIGATOR"},
        "studyType": {"INTERVENTIONAL", "OBSERVATIONAL", "EXPANDED_ACCESS"},
        "phase": {"NA", "EARLY_PHASE1", "PHASE1", "PHASE2", "PHASE3", "PHASE4"},
        "allocation": {"RANDOMIZED", "NON_RANDOMIZED", "NA"},
        "interventionModel": {"SINGLE_GROUP", "PARALLEL", "CROSSOVER", "FACTORIAL", "SEQUENTIAL"},
        "observationalModel": {
            "COHORT", "CASE_CONTROL", "CASE_ONLY", "CASE_CROSSOVER", "ECOLOGIC_OR_COMMUNITY",
            "FAMILY_BASED", "DEFINED_POPULATION", "NATURAL_HISTORY", "OTHER",
        },
        "primaryPurpose": {
            "TREATMENT", "PREVENTION", "DIAGNOSTIC", "ECT", "SUPPORTIVE_CARE", "SCREENING",
            "HEALTH_SERVICES_RESEARCH", "BASIC_SCIENCE", "DEVICE_FEASIBILITY", "OTHER",
        },
        "timePerspective": {"RETROSPECTIVE", "PROSPECTIVE", "CROSS_SECTIONAL", "OTHER"},
        "masking": {"NONE", "SINGLE", "DOUBLE", "TRIPLE", "QUADRUPLE"},
        "whoMasked": {"PARTICIPANT", "CARE_PROVIDER", "INVESTIGATOR", "OUTCOMES_ASSESSOR"},
        "armGroupType": {
            "EXPERIMENTAL", "ACTIVE_COMPARATOR", "PLACEBO_COMPARATOR", "SHAM_COMPARATOR", "NO_INTERVENTION", "OTHER",
        },
        "interventionType": {
            "BEHAVIORAL", "BIOLOGICAL", "COMBINATION_PRODUCT", "DEVICE", "DIAGNOSTIC_TEST",
            "DIETARY_SUPPLEMENT", "DRUG", "GENETIC", "PROCEDURE", "RADIATION", "OTHER",
        },
        "sex": {"FEMALE", "MALE", "ALL"},
        "stdAge": {"CHILD", "ADULT", "OLDER_ADULT"},
        "samplingMethod": {"PROBABILITY_SAMPLE", "NON_PROBABILITY_SAMPLE"},
        "referenceType": {"BACKGROUND", "RESULT", "DERIVED"},
    }.items()
}  # fmt: skip
