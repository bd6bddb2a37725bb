"""Every enumeration the registry uses: scheme -> {API v2 code: preferred label}.

One table for the whole project. The readers check and translate values against it, the
mapping turns codes into SKOS concepts (``kg.vocab``), and ``tests/test_ontology.py`` checks
that ``ontology/vocab.ttl`` declares exactly these concepts, so a code is never typed twice.
Plain data: no RDF, no parsing.
"""

from __future__ import annotations

# Every enumeration: scheme name (last IRI segment) -> {API v2 code: preferred label}.
_STATUS = {
    "NOT_YET_RECRUITING": "Not yet recruiting",
    "RECRUITING": "Recruiting",
    "ENROLLING_BY_INVITATION": "Enrolling by invitation",
    "ACTIVE_NOT_RECRUITING": "Active, not recruiting",
    "SUSPENDED": "Suspended",
    "TERMINATED": "Terminated",
    "COMPLETED": "Completed",
    "WITHDRAWN": "Withdrawn",
    "AVAILABLE": "Available",
}
_ACTUAL_ESTIMATED = {"ACTUAL": "Actual", "ESTIMATED": "Estimated"}
SCHEMES: dict[str, dict[str, str]] = {
    "phase": {
        "EARLY_PHASE1": "Early Phase 1",
        "PHASE1": "Phase 1",
        "PHASE2": "Phase 2",
        "PHASE3": "Phase 3",
        "PHASE4": "Phase 4",
        "NA": "Not Applicable",
    },
    "overall-status": _STATUS
    | {
        "NO_LONGER_AVAILABLE": "No longer available",
        "TEMPORARILY_NOT_AVAILABLE": "Temporarily not available",
        "APPROVED_FOR_MARKETING": "Approved for marketing",
        "WITHHELD": "Withheld",
        "UNKNOWN": "Unknown status",
    },
    "recruitment-status": dict(_STATUS),
    "study-type": {
        "INTERVENTIONAL": "Interventional",
        "OBSERVATIONAL": "Observational",
        "EXPANDED_ACCESS": "Expanded access",
    },
    "allocation": {"RANDOMIZED": "Randomized", "NON_RANDOMIZED": "Non-randomized", "NA": "Not applicable"},
    "intervention-model": {
        "SINGLE_GROUP": "Single group assignment",
        "PARALLEL": "Parallel assignment",
        "CROSSOVER": "Crossover assignment",
        "FACTORIAL": "Factorial assignment",
        "SEQUENTIAL": "Sequential assignment",
    },
    "observational-model": {
        "COHORT": "Cohort",
        "CASE_CONTROL": "Case-control",
        "CASE_ONLY": "Case-only",
        "CASE_CROSSOVER": "Case-crossover",
        "ECOLOGIC_OR_COMMUNITY": "Ecologic or community",
        "FAMILY_BASED": "Family-based",
        "DEFINED_POPULATION": "Defined population",
        "NATURAL_HISTORY": "Natural history",
        "OTHER": "Other",
    },
    "primary-purpose": {
        "TREATMENT": "Treatment",
        "PREVENTION": "Prevention",
        "DIAGNOSTIC": "Diagnostic",
        "ECT": "Educational/counseling/training",
        "SUPPORTIVE_CARE": "Supportive care",
        "SCREENING": "Screening",
        "HEALTH_SERVICES_RESEARCH": "Health services research",
        "BASIC_SCIENCE": "Basic science",
        "DEVICE_FEASIBILITY": "Device feasibility",
        "OTHER": "Other",
    },
    "time-perspective": {
        "RETROSPECTIVE": "Retrospective",
        "PROSPECTIVE": "Prospective",
        "CROSS_SECTIONAL": "Cross-sectional",
        "OTHER": "Other",
    },
    "masking": {
        "NONE": "None (open label)",
        "SINGLE": "Single",
        "DOUBLE": "Double",
        "TRIPLE": "Triple",
        "QUADRUPLE": "Quadruple",
    },
    "who-masked": {
        "PARTICIPANT": "Participant",
        "CARE_PROVIDER": "Care provider",
        "INVESTIGATOR": "Investigator",
        "OUTCOMES_ASSESSOR": "Outcomes assessor",
    },
    "enrollment-type": dict(_ACTUAL_ESTIMATED),
    "date-type": dict(_ACTUAL_ESTIMATED),
    "agency-class": {
        "NIH": "NIH",
        "FED": "U.S. federal agency",
        "OTHER_GOV": "Other government",
        "INDIV": "Individual",
        "INDUSTRY": "Industry",
        "NETWORK": "Network",
        "AMBIG": "Ambiguous",
        "OTHER": "Other",
        "UNKNOWN": "Unknown",
    },
    "responsible-party-type": {
        "SPONSOR": "Sponsor",
        "PRINCIPAL_INVESTIGATOR": "Principal investigator",
        "SPONSOR_INVESTIGATOR": "Sponsor-investigator",
    },
    "official-role": {
        "STUDY_CHAIR": "Study chair",
        "STUDY_DIRECTOR": "Study director",
        "PRINCIPAL_INVESTIGATOR": "Principal investigator",
        "SUB_INVESTIGATOR": "Sub-investigator",
    },
    "intervention-type": {
        "BEHAVIORAL": "Behavioral",
        "BIOLOGICAL": "Biological",
        "COMBINATION_PRODUCT": "Combination Product",
        "DEVICE": "Device",
        "DIAGNOSTIC_TEST": "Diagnostic Test",
        "DIETARY_SUPPLEMENT": "Dietary Supplement",
        "DRUG": "Drug",
        "GENETIC": "Genetic",
        "PROCEDURE": "Procedure",
        "RADIATION": "Radiation",
        "OTHER": "Other",
    },
    "arm-group-type": {
        "EXPERIMENTAL": "Experimental",
        "ACTIVE_COMPARATOR": "Active comparator",
        "PLACEBO_COMPARATOR": "Placebo comparator",
        "SHAM_COMPARATOR": "Sham comparator",
        "NO_INTERVENTION": "No intervention",
        "OTHER": "Other",
    },
    "outcome-type": {"PRIMARY": "Primary", "SECONDARY": "Secondary", "OTHER": "Other pre-specified"},
    "sex": {"ALL": "All", "FEMALE": "Female", "MALE": "Male"},
    "age-group": {"CHILD": "Child", "ADULT": "Adult", "OLDER_ADULT": "Older adult"},
    "secondary-id-type": {
        "NIH": "U.S. NIH grant/contract",
        "FDA": "U.S. FDA grant/contract",
        "VA": "U.S. VA grant/contract",
        "CDC": "U.S. CDC grant/contract",
        "AHRQ": "U.S. AHRQ grant/contract",
        "SAMHSA": "U.S. SAMHSA grant/contract",
        "OTHER_GRANT": "Other grant/funding number",
        "EUDRACT_NUMBER": "EudraCT number",
        "CTIS": "EU CT number (CTIS)",
        "REGISTRY": "Registry identifier",
        "OTHER": "Other identifier",
    },
    "reference-type": {"BACKGROUND": "Background", "RESULT": "Result", "DERIVED": "Derived"},
    "criterion-kind": {"INCLUSION": "Inclusion criterion", "EXCLUSION": "Exclusion criterion"},
    "sampling-method": {
        "PROBABILITY_SAMPLE": "Probability sample",
        "NON_PROBABILITY_SAMPLE": "Non-probability sample",
    },
    # results tables
    "measure-param-type": {
        "MEAN": "Mean",
        "MEDIAN": "Median",
        "NUMBER": "Number",
        "COUNT_OF_PARTICIPANTS": "Count of Participants",
        "COUNT_OF_UNITS": "Count of Units",
        "LEAST_SQUARES_MEAN": "Least Squares Mean",
        "GEOMETRIC_MEAN": "Geometric Mean",
        "GEOMETRIC_LEAST_SQUARES_MEAN": "Geometric Least Squares Mean",
        "LOG_MEAN": "Log Mean",
    },
    "measure-dispersion-type": {
        "NA": "Not Applicable",
        "STANDARD_DEVIATION": "Standard Deviation",
        "STANDARD_ERROR": "Standard Error",
        "INTER_QUARTILE_RANGE": "Inter-Quartile Range",
        "FULL_RANGE": "Full Range",
        "CONFIDENCE_80": "80% Confidence Interval",
        "CONFIDENCE_90": "90% Confidence Interval",
        "CONFIDENCE_95": "95% Confidence Interval",
        "CONFIDENCE_975": "97.5% Confidence Interval",
        "CONFIDENCE_99": "99% Confidence Interval",
        "CONFIDENCE_OTHER": "Other Confidence Interval",
        "GEOMETRIC_COEFFICIENT": "Geometric Coefficient of Variation",
    },
    "reporting-status": {
        "POSTED": "Posted",
        "NOT_POSTED": "Not posted",
    },
    "results-outcome-type": {
        "PRIMARY": "Primary",
        "SECONDARY": "Secondary",
        "OTHER_PRE_SPECIFIED": "Other Pre-specified",
        "POST_HOC": "Post-Hoc",
    },
    "non-inferiority-type": {
        "SUPERIORITY": "Superiority",
        "NON_INFERIORITY": "Non-Inferiority",
        "EQUIVALENCE": "Equivalence",
        "OTHER": "Other",
        "NON_INFERIORITY_OR_EQUIVALENCE": "Non-Inferiority or Equivalence",
        "SUPERIORITY_OR_OTHER": "Superiority or Other",
        "NON_INFERIORITY_OR_EQUIVALENCE_LEGACY": "Non-Inferiority or Equivalence (legacy)",
        "SUPERIORITY_OR_OTHER_LEGACY": "Superiority or Other (legacy)",
    },
    "ci-sides": {
        "ONE_SIDED": "1-Sided",
        "TWO_SIDED": "2-Sided",
    },
    "analysis-dispersion-type": {
        "STANDARD_DEVIATION": "Standard Deviation",
        "STANDARD_ERROR_OF_MEAN": "Standard Error of the Mean",
    },
    "ae-assessment-type": {
        "SYSTEMATIC_ASSESSMENT": "Systematic Assessment",
        "NON_SYSTEMATIC_ASSESSMENT": "Non-systematic Assessment",
    },
    "agreement-restriction-type": {
        "LTE60": "Embargo of 60 days or less",
        "GT60": "Embargo of more than 60 days",
        "OTHER": "Other restriction",
    },
    "group-arm-match": {
        "TITLE": "Same title as the arm",
        "DESCRIPTION": "Same description as the arm",
    },
    "contact-role": {
        "CONTACT": "Contact",
        "PRINCIPAL_INVESTIGATOR": "Principal investigator",
        "SUB_INVESTIGATOR": "Sub-investigator",
        "STUDY_CHAIR": "Study chair",
        "STUDY_DIRECTOR": "Study director",
    },
    "ipd-sharing": {"YES": "Yes", "NO": "No", "UNDECIDED": "Undecided"},
    "ipd-info-type": {
        "STUDY_PROTOCOL": "Study protocol",
        "SAP": "Statistical analysis plan",
        "ICF": "Informed consent form",
        "CSR": "Clinical study report",
        "ANALYTIC_CODE": "Analytic code",
    },
    "mesh-relevance": {"HIGH": "High", "LOW": "Low"},
    "bio-spec-retention": {
        "NONE_RETAINED": "None retained",
        "SAMPLES_WITH_DNA": "Samples with DNA",
        "SAMPLES_WITHOUT_DNA": "Samples without DNA",
    },
    "expanded-access-type": {
        "INDIVIDUAL": "Individual patients",
        "INTERMEDIATE": "Intermediate-size population",
        "TREATMENT": "Treatment IND/protocol",
    },
}


def codes(scheme: str) -> frozenset[str]:
    """The codes of one scheme, e.g. ``codes("phase")``.

    >>> sorted(codes("sex"))
    ['ALL', 'FEMALE', 'MALE']
    """
    return frozenset(SCHEMES[scheme])
