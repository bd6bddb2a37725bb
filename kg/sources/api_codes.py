"""The ClinicalTrials.gov API v2 enumeration codes, as sets readers can test values against.

The model stores these codes verbatim. The page text prints them without labels, so the page
reader tells one field from another by which set a value belongs to; the legacy XML reader
translates its English phrases into them. Keeping the sets in one place lets tests check that
every translation lands on a real code.
"""

from __future__ import annotations

OVERALL_STATUS = frozenset(
    {
        "ACTIVE_NOT_RECRUITING",
        "COMPLETED",
        "ENROLLING_BY_INVITATION",
        "NOT_YET_RECRUITING",
        "RECRUITING",
        "SUSPENDED",
        "TERMINATED",
        "WITHDRAWN",
        "AVAILABLE",
        "NO_LONGER_AVAILABLE",
        "TEMPORARILY_NOT_AVAILABLE",
        "APPROVED_FOR_MARKETING",
        "WITHHELD",
        "UNKNOWN",
    }
)
PHASES = frozenset({"EARLY_PHASE1", "PHASE1", "PHASE2", "PHASE3", "PHASE4", "NA"})
STUDY_TYPES = frozenset({"INTERVENTIONAL", "OBSERVATIONAL", "EXPANDED_ACCESS"})

ALLOCATIONS = frozenset({"RANDOMIZED", "NON_RANDOMIZED", "NA"})
INTERVENTION_MODELS = frozenset({"SINGLE_GROUP", "PARALLEL", "CROSSOVER", "FACTORIAL", "SEQUENTIAL"})
PRIMARY_PURPOSES = frozenset(
    {
        "TREATMENT",
        "PREVENTION",
        "DIAGNOSTIC",
        "ECT",
        "SUPPORTIVE_CARE",
        "SCREENING",
        "HEALTH_SERVICES_RESEARCH",
        "BASIC_SCIENCE",
        "DEVICE_FEASIBILITY",
        "OTHER",
    }
)
MASKINGS = frozenset({"NONE", "SINGLE", "DOUBLE", "TRIPLE", "QUADRUPLE"})
WHO_MASKED = frozenset({"PARTICIPANT", "CARE_PROVIDER", "INVESTIGATOR", "OUTCOMES_ASSESSOR"})
OBSERVATIONAL_MODELS = frozenset(
    {
        "COHORT",
        "CASE_CONTROL",
        "CASE_ONLY",
        "CASE_CROSSOVER",
        "ECOLOGIC_OR_COMMUNITY",
        "FAMILY_BASED",
        "DEFINED_POPULATION",
        "NATURAL_HISTORY",
        "OTHER",
    }
)
TIME_PERSPECTIVES = frozenset({"RETROSPECTIVE", "PROSPECTIVE", "CROSS_SECTIONAL", "OTHER"})

AGENCY_CLASSES = frozenset({"NIH", "FED", "OTHER_GOV", "INDIV", "INDUSTRY", "NETWORK", "AMBIG", "OTHER", "UNKNOWN"})
SEXES = frozenset({"ALL", "FEMALE", "MALE"})
RESPONSIBLE_PARTY_TYPES = frozenset({"SPONSOR", "PRINCIPAL_INVESTIGATOR", "SPONSOR_INVESTIGATOR"})
OFFICIAL_ROLES = frozenset({"STUDY_CHAIR", "STUDY_DIRECTOR", "PRINCIPAL_INVESTIGATOR", "SUB_INVESTIGATOR"})
ARM_TYPES = frozenset(
    {"EXPERIMENTAL", "ACTIVE_COMPARATOR", "PLACEBO_COMPARATOR", "SHAM_COMPARATOR", "NO_INTERVENTION", "OTHER"}
)
INTERVENTION_TYPES = frozenset(
    {
        "BEHAVIORAL",
        "BIOLOGICAL",
        "COMBINATION_PRODUCT",
        "DEVICE",
        "DIAGNOSTIC_TEST",
        "DIETARY_SUPPLEMENT",
        "DRUG",
        "GENETIC",
        "PROCEDURE",
        "RADIATION",
        "OTHER",
    }
)
RECRUITMENT_STATUSES = frozenset(
    {
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
)
SAMPLING_METHODS = frozenset({"PROBABILITY_SAMPLE", "NON_PROBABILITY_SAMPLE"})
DATE_TYPES = frozenset({"ACTUAL", "ESTIMATED"})

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
