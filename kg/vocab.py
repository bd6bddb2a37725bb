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

from kg.codes import SCHEMES

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
SHACL_NS = "http://www.w3.org/ns/shacl#"
SHAPES_NS = "https://w3id.org/trialgraph/shapes#"

#: The ontology and its SKOS vocabularies are loaded into this graph of the store, so queries
#: can read concept labels ("Phase 2") and validation can check classes without another file.
ONTOLOGY_GRAPH = NamedNode("https://w3id.org/trialgraph/ontology")

#: The one prefix table: written into Turtle and TriG dumps, and used by ``shorten``.
PREFIXES = {
    "tg": TG_NS,
    "rdf": RDF_NS,
    "rdfs": RDFS_NS,
    "xsd": XSD_NS,
    "owl": OWL_NS,
    "skos": SKOS_NS,
    "schema": SCHEMA_NS,
    "prov": PROV_NS,
    "mesh": MESH_NS,
    "tgv": VOCAB_NS,
}
_LONGEST_FIRST = sorted(((ns, f"{name}:") for name, ns in PREFIXES.items()), key=lambda kv: -len(kv[0]))


def shorten(iri: str, *, base: str | None = None) -> str:
    """An IRI with a known namespace written as ``prefix:name``, for people; with ``base``,
    a minted node loses the base instead (``trial/NCT04632225``).

    >>> shorten("https://w3id.org/trialgraph/ontology#hasSite")
    'tg:hasSite'
    >>> shorten("https://w3id.org/trialgraph/trial/NCT04632225", base="https://w3id.org/trialgraph/")
    'trial/NCT04632225'
    """
    for namespace, prefix in _LONGEST_FIRST:
        if iri.startswith(namespace):
            return prefix + iri[len(namespace) :]
    if base and iri.startswith(base):
        return iri[len(base) :]
    return iri


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
    TrialSimilarity similarTrial similaritySource similarityTarget similarityScore similarityMethod
    describesTrial sourceFile sourcePosition sourceFormat recordLastUpdated recordDigest toolVersion
    ResultGroup FlowPeriod Milestone DropReason FlowCount Denominator BaselineMeasure OutcomeResult
    MeasureClass MeasureCategory Measurement StatisticalAnalysis AdverseEvent AdverseEventTerm
    AdverseEventCount ResultsContact hasResultGroup reportsArm armMatch hasFlowPeriod hasMilestone
    hasDropReason hasCount group hasDenominator hasBaselineMeasure hasOutcomeResult reportsOutcome
    resultGroup hasClass hasCategory hasMeasurement paramType dispersionType resultsOutcomeType
    reportingStatus hasAnalysis comparesGroup nonInferiorityType estimateDispersionType ciSides
    hasAdverseEvent adverseEventTerm assessmentType hasEventCount restrictionType resultsContact
    groupCode resultsDescription resultsPosition resultsComment recruitmentDetails
    preAssignmentDetails participants participantsText denominatorUnits count countText
    baselinePopulationDescription populationDescription dispersionTypeText unitOfMeasure
    calculatePercent denominatorUnitsSelected resultsTimeFrame anticipatedPostingDate
    typeUnitsAnalyzed value valueText spread spreadText lowerLimit lowerLimitComparator
    lowerLimitText upperLimit upperLimitComparator upperLimitText groupDescription
    nonInferiorityComment testedNonInferiority pValue pValueComparator pValueText pValueComment
    statisticalMethod statisticalComment estimateParameter estimateValue estimateValueText
    estimateDispersion estimateDispersionText estimateComment ciPercent ciPercentText ciLowerLimit
    ciLowerLimitComparator ciLowerLimitText ciUpperLimit ciUpperLimitComparator ciUpperLimitText
    otherAnalysisDescription adverseEventsTimeFrame adverseEventsDescription frequencyThreshold
    frequencyThresholdText allCauseMortalityComment adverseEventGroup deathsAffected
    deathsAffectedText deathsAtRisk deathsAtRiskText seriousAffected seriousAffectedText
    seriousAtRisk seriousAtRiskText otherAffected otherAffectedText otherAtRisk otherAtRiskText
    seriousEvent eventTerm organSystem sourceVocabulary numEvents numEventsText numAffected
    numAffectedText numAtRisk numAtRiskText limitationsAndCaveats piSponsorEmployee
    restrictiveAgreement agreementDetails contactTitle contactOrganization contactEmail contactPhone
    contactPhoneExt
    Contact BrowseLeaf BrowseBranch IpdSharingStatement AvailableIpd SeeAlsoLink ResultsSubmission hasContact
    contactName contactRole phone phoneExtension email conditionBrowseLeaf interventionBrowseLeaf
    conditionBrowseBranch interventionBrowseBranch browseLeafId asFound meshRelevance meshTerm branchAbbrev
    hasIpdSharingStatement ipdSharing ipdDescription ipdInfoType ipdTimeFrame ipdAccessCriteria ipdUrl
    hasAvailableIpd availableIpdId availableIpdType availableIpdUrl availableIpdComment hasSeeAlsoLink
    linkLabel linkUrl firstSubmittedQcDate resultsFirstSubmittedDate resultsFirstSubmittedQcDate
    dispositionFirstSubmittedDate dispositionFirstSubmittedQcDate dispositionFirstPostedDate
    dispositionFirstPostedDateType lastUpdateSubmittedQcDate estimatedResultsFirstSubmittedDate
    firstQcCommentsPostedDate firstQcCommentsPostedDateType hasResultsSubmission releaseDate resetDate
    unreleaseDate unreleaseDateUnknown qcReviewNumber hasExpandedAccess expandedAccessStatus
    expandedAccessType removedCountry predictedMinimumBmi predictedMaximumBmi hasDataMonitoringCommittee
    fdaRegulatedDrug fdaRegulatedDevice unapprovedDevice pediatricPostmarketSurveillance usExport
    fdaaa801Violation interventionModelDescription maskingDescription bioSpecRetention bioSpecDescription
    patientRegistry targetDuration genderBased genderDescription oldNameTitle oldOrganization
    armInterventionName registryVersion contactsIncluded unpostedResponsibleParty
    OrganizationRole leadSponsorRole collaboratorRole registeringOrganizationRole roleOrganization
    statedName statedAgencyClass countryCode
    """,
)
RDF = Namespace(RDF_NS, "type")
RDFS = Namespace(RDFS_NS, "label comment domain range subClassOf subPropertyOf Literal")
OWL = Namespace(OWL_NS, "sameAs Class ObjectProperty DatatypeProperty Ontology")
SKOS = Namespace(SKOS_NS, "Concept ConceptScheme prefLabel altLabel notation inScheme closeMatch")
PROV = Namespace(PROV_NS, "Entity generatedAtTime")
SCHEMA = Namespace(SCHEMA_NS, "MedicalTrial MedicalObservationalStudy MedicalStudy ScholarlyArticle")
XSD = Namespace(XSD_NS, "string integer decimal boolean date gYearMonth gYear dateTime anyURI")


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
