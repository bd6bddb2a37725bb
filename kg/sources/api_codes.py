"""The ClinicalTrials.gov API v2 codes, as sets readers test values against.

The model stores these codes verbatim. The page text prints them without labels, so the page
reader tells one field from another by which set a value belongs to; the legacy XML reader
translates its English phrases into them; the JSON reader warns about a code it does not know.
The sets are views of ``kg.codes``, the project's one table of codes.
"""

from __future__ import annotations

from kg.codes import codes

OVERALL_STATUS = codes("overall-status")
PHASES = codes("phase")
STUDY_TYPES = codes("study-type")
ALLOCATIONS = codes("allocation")
INTERVENTION_MODELS = codes("intervention-model")
PRIMARY_PURPOSES = codes("primary-purpose")
MASKINGS = codes("masking")
WHO_MASKED = codes("who-masked")
OBSERVATIONAL_MODELS = codes("observational-model")
TIME_PERSPECTIVES = codes("time-perspective")
AGENCY_CLASSES = codes("agency-class")
SEXES = codes("sex")
RESPONSIBLE_PARTY_TYPES = codes("responsible-party-type")
OFFICIAL_ROLES = codes("official-role")
ARM_TYPES = codes("arm-group-type")
INTERVENTION_TYPES = codes("intervention-type")
RECRUITMENT_STATUSES = codes("recruitment-status")
SAMPLING_METHODS = codes("sampling-method")
DATE_TYPES = codes("date-type")
CONTACT_ROLES = codes("contact-role")
IPD_SHARING = codes("ipd-sharing")
IPD_INFO_TYPES = codes("ipd-info-type")
BIO_SPEC_RETENTIONS = codes("bio-spec-retention")

#: API v2 JSON field name (as the JSON reader names it in warnings) -> the codes it may hold.
FIELD_CODES: dict[str, frozenset[str]] = {
    field: codes(scheme)
    for field, scheme in {
        "overallStatus": "overall-status",
        "lastKnownStatus": "recruitment-status",
        "locationStatus": "recruitment-status",
        "dateType": "date-type",
        "enrollmentType": "enrollment-type",
        "agencyClass": "agency-class",
        "secondaryIdType": "secondary-id-type",
        "responsiblePartyType": "responsible-party-type",
        "officialRole": "official-role",
        "studyType": "study-type",
        "phase": "phase",
        "allocation": "allocation",
        "interventionModel": "intervention-model",
        "observationalModel": "observational-model",
        "primaryPurpose": "primary-purpose",
        "timePerspective": "time-perspective",
        "masking": "masking",
        "whoMasked": "who-masked",
        "armGroupType": "arm-group-type",
        "interventionType": "intervention-type",
        "sex": "sex",
        "stdAge": "age-group",
        "samplingMethod": "sampling-method",
        "referenceType": "reference-type",
        "contactRole": "contact-role",
        "ipdSharing": "ipd-sharing",
        "ipdInfoType": "ipd-info-type",
        "meshRelevance": "mesh-relevance",
        "bioSpecRetention": "bio-spec-retention",
    }.items()
}

#: Large-document labels and the abbreviation the API gives them (``documentSection``).
DOCUMENT_ABBREVS = {
    "Study Protocol": "Prot",
    "Statistical Analysis Plan": "SAP",
    "Informed Consent Form": "ICF",
    "Study Protocol and Statistical Analysis Plan": "Prot_SAP",
    "Study Protocol and Informed Consent Form": "Prot_ICF",
    "Statistical Analysis Plan and Informed Consent Form": "SAP_ICF",
    "Study Protocol, Statistical Analysis Plan, and Informed Consent Form": "Prot_SAP_ICF",
}
