"""Namespaces and the terms of the trialgraph ontology, as pyoxigraph nodes.

``ontology/trialgraph.ttl`` and ``ontology/vocab.ttl`` are the source of truth. The names
below are written out so the mapping can use plain attribute access (fast, no parsing at
import time); ``tests/test_ontology.py`` fails when any of them is not declared in the
ontology, or when ``SCHEMES`` and the SKOS concepts in ``vocab.ttl`` differ in any code or label.

>>> TG.ClinicalTrial.value
'https://w3id.org/trialgraph/ontology#ClinicalTrial'
>>> concept("phase", "PHASE2").value
'https://w3id.org/trialgraph/vocab/phase/PHASE2'
"""

from __future__ import annotations

from pyoxigraph import NamedNode

TG_NS = "https://w3id.org/trialgraph/ontology#"
VOCAB_NS = "https://w3id.org/trialgraph/vocab/"
RDF_NS = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS_NS = "http://www.w3.org/2000/01/rdf-schema#"
OWL_NS = "http://www.w3.org/2002/07/owl#"
XSD_NS = "http://www.w3.org/2001/XMLSchema#"
SKOS_NS = "http://www.w3.org/2004/02/skos/core#"
PROV_NS = "http://www.w3.org/ns/prov#"
SCHEMA_NS = "https://schema.org/"
WD_NS = "http://www.wikidata.org/entity/"
WDT_NS = "http://www.wikidata.org/prop/direct/"
OBO_NS = "http://purl.obolibrary.org/obo/"
MESH_NS = "http://id.nlm.nih.gov/mesh/"


class Namespace:
    """A fixed set of terms under one IRI prefix; unknown names raise ``AttributeError``."""

    def __init__(self, prefix: str, names: str) -> None:
        self.prefix = prefix
        self.terms: dict[str, NamedNode] = {n: NamedNode(prefix + n) for n in names.split()}
        self.__dict__.update(self.terms)

    def __getitem__(self, name: str) -> NamedNode:
        return self.terms[name]


TG = Namespace(
    TG_NS,
    """
    ClinicalTrial InterventionalTrial ObservationalStudy ExpandedAccessProgram
    Organization Condition Intervention TrialIntervention Arm Outcome Eligibility
    EligibilityCriterion InclusionCriterion ExclusionCriterion Site Facility Country
    Official ResponsibleParty Reference Publication Document SecondaryIdentifier MeshTerm
    nctId nctIdAlias orgStudyId briefTitle officialTitle acronym briefSummary detailedDescription
    keyword unrecognisedCode
    overallStatus lastKnownStatus whyStopped statusVerifiedDate
    startDate startDateType primaryCompletionDate primaryCompletionDateType
    completionDate completionDateType firstSubmittedDate firstPostedDate firstPostedDateType
    resultsFirstPostedDate resultsFirstPostedDateType lastUpdatePostedDate lastUpdatePostedDateType
    lastUpdateSubmittedDate hasResults
    studyType phase allocation interventionModel observationalModel primaryPurpose
    timePerspective masking maskedRole enrollment enrollmentType
    leadSponsor collaborator registeringOrganization agencyClass
    hasResponsibleParty responsiblePartyType investigatorName investigatorTitle
    investigatorAffiliation hasOfficial officialRole personName affiliation
    condition conditionName conditionMesh conditionMeshAncestor interventionMesh
    interventionMeshAncestor meshId meshExactMatch
    hasIntervention intervention testsIntervention interventionType interventionName
    description otherName
    hasArm armGroupType armIntervention unmatchedInterventionName
    hasOutcome outcomeType measure timeFrame position
    hasEligibility criteriaText minimumAge minimumAgeYears maximumAge maximumAgeYears sex
    healthyVolunteers ageGroup studyPopulation samplingMethod
    hasCriterion criterionKind criterionText criterionNumber
    hasSite facility facilityName city state postalCode country recruitmentStatus latitude longitude
    hasReference referenceType citation pmid publication
    hasDocument documentType fileName documentDate uploadDate documentUrl
    includesProtocol includesStatisticalAnalysisPlan includesInformedConsentForm
    hasSecondaryId identifierValue secondaryIdType issuer link
    relatedTrial
    describesTrial sourceFile sourcePosition sourceFormat recordLastUpdated recordDigest toolVersion
    """,
)
RDF = Namespace(RDF_NS, "type")
RDFS = Namespace(RDFS_NS, "label comment domain range subClassOf subPropertyOf Literal")
OWL = Namespace(OWL_NS, "sameAs Class ObjectProperty DatatypeProperty Ontology")
SKOS = Namespace(SKOS_NS, "Concept ConceptScheme prefLabel altLabel notation inScheme closeMatch")
PROV = Namespace(PROV_NS, "Entity generatedAtTime")
SCHEMA = Namespace(SCHEMA_NS, "MedicalTrial MedicalObservationalStudy MedicalStudy ScholarlyArticle")
XSD = Namespace(XSD_NS, "string integer decimal boolean date gYearMonth gYear dateTime anyURI")

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
}

_CONCEPTS: dict[tuple[str, str], NamedNode | None] = {}


def concept(scheme: str, code: str) -> NamedNode | None:
    """The SKOS concept for an API code, or ``None`` when the scheme does not know the code.

    >>> concept("sex", "MARTIAN") is None
    True
    """
    key = (scheme, code)
    node = _CONCEPTS.get(key, False)
    if node is False:
        node = NamedNode(f"{VOCAB_NS}{scheme}/{code}") if code in SCHEMES[scheme] else None
        _CONCEPTS[key] = node
    return node  # type: ignore[return-value]


def scheme_iri(scheme: str) -> NamedNode:
    """The IRI of a concept scheme (``https://w3id.org/trialgraph/vocab/phase``)."""
    return NamedNode(VOCAB_NS + scheme)
