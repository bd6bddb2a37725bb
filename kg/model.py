"""The typed trial record every reader produces and the mapping reads.

Every source format (API v2 JSON, rendered page text, legacy XML) meets here, so the
same trial read from two formats gives the same ``Study`` wherever both carry the fact.
Values stay as the registry gives them: enumerations keep the API v2 codes
(``PHASE2``, ``COMPLETED``, ``INDUSTRY``), free text stays verbatim. Readers of other
formats translate *into* these codes; nothing downstream re-interprets text.

The classes are plain data: no parsing, no I/O, no RDF.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(slots=True, kw_only=True)
class PartialDate:
    """A registry date: ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``, and whether it is
    ``ACTUAL`` or ``ESTIMATED`` (``None`` when the record does not say)."""

    value: str
    type: str | None = None


@dataclass(slots=True, kw_only=True)
class SecondaryId:
    """Another identifier of the trial: EudraCT number, grant, sponsor's own id..."""

    id: str
    type: str | None = None  # API code: NIH, FDA, EUDRACT_NUMBER, OTHER_GRANT, REGISTRY, OTHER
    domain: str | None = None  # issuing body or registry name
    link: str | None = None


@dataclass(slots=True, kw_only=True)
class Organization:
    """A sponsor, collaborator or the organisation that registered the trial."""

    name: str
    agency_class: str | None = None  # NIH, FED, OTHER_GOV, INDIV, INDUSTRY, NETWORK, AMBIG, OTHER, UNKNOWN


@dataclass(slots=True, kw_only=True)
class ResponsibleParty:
    """Who answers for the record: the sponsor or a named investigator."""

    type: str | None = None  # SPONSOR, PRINCIPAL_INVESTIGATOR, SPONSOR_INVESTIGATOR
    investigator_name: str | None = None
    investigator_title: str | None = None
    investigator_affiliation: str | None = None
    old_name_title: str | None = None  # the pre-2007 "name/official title" field
    old_organization: str | None = None


@dataclass(slots=True, kw_only=True)
class Official:
    """An overall official (study chair, director, principal investigator)."""

    name: str
    role: str | None = None  # STUDY_CHAIR, STUDY_DIRECTOR, PRINCIPAL_INVESTIGATOR, SUB_INVESTIGATOR
    affiliation: str | None = None


@dataclass(slots=True, kw_only=True)
class Condition:
    """A condition as the registry record names it (submitted text, verbatim)."""

    name: str


@dataclass(slots=True, kw_only=True)
class MeshTerm:
    """A MeSH descriptor the registry derived for the trial's conditions or interventions."""

    id: str  # D000690
    term: str


@dataclass(slots=True, kw_only=True)
class Intervention:
    """What the trial gives participants, with the arms that receive it."""

    name: str
    type: str | None = None  # DRUG, DEVICE, BIOLOGICAL, PROCEDURE, RADIATION, BEHAVIORAL, ...
    description: str | None = None
    other_names: list[str] = field(default_factory=list)
    arm_labels: list[str] = field(default_factory=list)


@dataclass(slots=True, kw_only=True)
class Arm:
    """An arm or cohort, with the names of the interventions it receives."""

    label: str
    type: str | None = None  # EXPERIMENTAL, ACTIVE_COMPARATOR, PLACEBO_COMPARATOR, ...
    description: str | None = None
    intervention_names: list[str] = field(default_factory=list)


@dataclass(slots=True, kw_only=True)
class Outcome:
    """A pre-specified outcome measure: PRIMARY, SECONDARY or OTHER."""

    kind: str
    measure: str
    description: str | None = None
    time_frame: str | None = None


@dataclass(slots=True, kw_only=True)
class Criterion:
    """One inclusion or exclusion criterion, split from the free-text criteria."""

    kind: str  # INCLUSION or EXCLUSION
    text: str
    number: str | None = None  # the label the record gives it ("3", "a", "iv"), if any


@dataclass(slots=True, kw_only=True)
class Age:
    """An age limit: the registry's text and its value in years."""

    text: str  # as given: "18 Years", "6 Months"
    years: float | None = None


@dataclass(slots=True, kw_only=True)
class Eligibility:
    """Who may join: criteria items, ages, sex, healthy volunteers, age groups."""

    criteria_text: str | None = None
    criteria: list[Criterion] = field(default_factory=list)
    minimum_age: Age | None = None
    maximum_age: Age | None = None
    sex: str | None = None  # ALL, FEMALE, MALE
    healthy_volunteers: bool | None = None
    std_ages: list[str] = field(default_factory=list)  # CHILD, ADULT, OLDER_ADULT
    study_population: str | None = None
    sampling_method: str | None = None
    gender_based: bool | None = None
    gender_description: str | None = None


@dataclass(slots=True, kw_only=True)
class GeoPoint:
    """Latitude and longitude in decimal degrees (WGS 84)."""

    lat: float
    lon: float


@dataclass(slots=True, kw_only=True)
class Contact:
    """A person (or desk) the registry publishes so patients can reach the trial or one site."""

    name: str | None = None
    role: str | None = None  # CONTACT, PRINCIPAL_INVESTIGATOR, SUB_INVESTIGATOR, STUDY_CHAIR, STUDY_DIRECTOR
    phone: str | None = None
    phone_ext: str | None = None
    email: str | None = None


@dataclass(slots=True, kw_only=True)
class Site:
    """A location where the trial runs, with its own recruitment status."""

    facility: str | None = None
    city: str | None = None
    state: str | None = None
    zip: str | None = None
    country: str | None = None
    status: str | None = None  # RECRUITING, COMPLETED, ...
    geo: GeoPoint | None = None
    contacts: list[Contact] = field(default_factory=list)


@dataclass(slots=True, kw_only=True)
class Reference:
    """A publication about the trial (BACKGROUND, RESULT or DERIVED)."""

    citation: str | None = None
    pmid: str | None = None
    type: str | None = None


@dataclass(slots=True, kw_only=True)
class Document:
    """A large document posted with the record: protocol, SAP, consent form."""

    label: str  # "Study Protocol", "Statistical Analysis Plan"
    type_abbrev: str | None = None  # Prot, SAP, ICF, Prot_SAP, ...
    filename: str | None = None
    date: str | None = None
    upload_date: str | None = None
    has_protocol: bool | None = None
    has_sap: bool | None = None
    has_icf: bool | None = None


@dataclass(slots=True, kw_only=True)
class RelatedTrial:
    """Another trial this record points at, with the title the source gives it."""

    nct_id: str
    title: str | None = None


@dataclass(slots=True, kw_only=True)
class Design:
    """How the trial is built. Codes are the API v2 enumerations."""

    study_type: str | None = None  # INTERVENTIONAL, OBSERVATIONAL, EXPANDED_ACCESS
    phases: list[str] = field(default_factory=list)  # EARLY_PHASE1, PHASE1..PHASE4, NA
    allocation: str | None = None
    intervention_model: str | None = None
    observational_model: str | None = None
    primary_purpose: str | None = None
    time_perspective: str | None = None
    masking: str | None = None
    who_masked: list[str] = field(default_factory=list)
    enrollment: int | None = None
    enrollment_type: str | None = None  # ACTUAL or ESTIMATED
    intervention_model_description: str | None = None
    masking_description: str | None = None
    bio_spec_retention: str | None = None  # NONE_RETAINED, SAMPLES_WITH_DNA, SAMPLES_WITHOUT_DNA
    bio_spec_description: str | None = None
    patient_registry: bool | None = None
    target_duration: str | None = None  # "3 Years", as given
    expanded_access_types: list[str] = field(default_factory=list)  # INDIVIDUAL, INTERMEDIATE, TREATMENT


@dataclass(slots=True, kw_only=True)
class IpdSharing:
    """The plan to share individual participant data (``ipdSharingStatementModule``)."""

    sharing: str | None = None  # YES, NO, UNDECIDED
    description: str | None = None
    info_types: list[str] = field(default_factory=list)  # STUDY_PROTOCOL, SAP, ICF, CSR, ANALYTIC_CODE
    time_frame: str | None = None
    access_criteria: str | None = None
    url: str | None = None


@dataclass(slots=True, kw_only=True)
class SeeAlsoLink:
    """A web page the record points readers to."""

    url: str
    label: str | None = None


@dataclass(slots=True, kw_only=True)
class AvailableIpd:
    """A data set or document shared from the trial (``availIpds``): where and what it is."""

    id: str | None = None
    type: str | None = None  # free text: "Individual Participant Data Set", "Study Protocol"
    url: str | None = None
    comment: str | None = None


@dataclass(slots=True, kw_only=True)
class BrowseLeaf:
    """A MeSH term the registry's browse index files the trial under, and how relevant it is."""

    id: str  # the registry's own leaf id, "M11997"
    name: str
    as_found: str | None = None  # the record's text the term was found from
    relevance: str | None = None  # HIGH (named by the record) or LOW (an ancestor)


@dataclass(slots=True, kw_only=True)
class BrowseBranch:
    """A branch of the registry's browse index: its therapeutic area ("BC04", "Neoplasms")."""

    abbrev: str
    name: str


@dataclass(slots=True, kw_only=True)
class Browse:
    """The registry's browse index of a trial's conditions or interventions (``derivedSection``)."""

    leaves: list[BrowseLeaf] = field(default_factory=list)
    branches: list[BrowseBranch] = field(default_factory=list)


@dataclass(slots=True, kw_only=True)
class ResultsSubmission:
    """One round of results submission while the results were not yet public: released to the
    registry, reset (returned with comments) or unreleased (``submissionTracking.submissionInfos``)."""

    release_date: str | None = None
    reset_date: str | None = None
    unrelease_date: str | None = None
    unrelease_date_unknown: bool | None = None
    mcp_release_n: int | None = None  # the submission's number in the registry's QC review


@dataclass(slots=True, kw_only=True)
class Oversight:
    """FDA regulation and monitoring flags (``oversightModule``)."""

    has_dmc: bool | None = None
    fda_regulated_drug: bool | None = None
    fda_regulated_device: bool | None = None
    unapproved_device: bool | None = None
    ppsd: bool | None = None  # pediatric post-market surveillance of a device
    us_export: bool | None = None
    fdaaa801_violation: bool | None = None


@dataclass(slots=True, kw_only=True)
class RegistryRecord:
    """The registry's own dates and bookkeeping for the record: quality-control, results and
    certificate-of-delay submission dates, the data version, removed countries, predictions."""

    first_submitted_qc_date: str | None = None
    results_first_submitted_date: str | None = None
    results_first_submitted_qc_date: str | None = None
    disp_first_submitted_date: str | None = None  # certificate of delay
    disp_first_submitted_qc_date: str | None = None
    disp_first_posted_date: PartialDate | None = None
    last_update_submitted_qc_date: str | None = None  # legacy XML only
    has_expanded_access: bool | None = None
    expanded_access_status: str | None = None  # the status of the linked expanded-access record
    version_holder: str | None = None  # the registry's data version the record was taken from
    removed_countries: list[str] = field(default_factory=list)
    min_bmi: float | None = None  # the registry's model predictions
    max_bmi: float | None = None
    estimated_results_first_submitted_date: str | None = None
    first_mcp_posted_date: PartialDate | None = None
    results_submissions: list[ResultsSubmission] = field(default_factory=list)
    unposted_responsible_party: str | None = None  # who submitted results not yet posted (annotationSection)


@dataclass(slots=True, kw_only=True)
class Study:
    """One clinical trial record, whatever format it was read from."""

    nct_id: str
    brief_title: str | None = None
    official_title: str | None = None
    acronym: str | None = None
    nct_id_aliases: list[str] = field(default_factory=list)
    org_study_id: str | None = None
    secondary_ids: list[SecondaryId] = field(default_factory=list)
    organization: Organization | None = None

    overall_status: str | None = None
    last_known_status: str | None = None
    why_stopped: str | None = None
    status_verified_date: str | None = None
    start_date: PartialDate | None = None
    primary_completion_date: PartialDate | None = None
    completion_date: PartialDate | None = None
    first_submitted_date: str | None = None
    first_posted_date: PartialDate | None = None
    results_first_posted_date: PartialDate | None = None
    last_update_posted_date: PartialDate | None = None
    last_update_submitted_date: str | None = None

    lead_sponsor: Organization | None = None
    collaborators: list[Organization] = field(default_factory=list)
    responsible_party: ResponsibleParty | None = None
    officials: list[Official] = field(default_factory=list)

    brief_summary: str | None = None
    detailed_description: str | None = None
    conditions: list[Condition] = field(default_factory=list)
    keywords: list[str] = field(default_factory=list)
    design: Design = field(default_factory=Design)
    arms: list[Arm] = field(default_factory=list)
    interventions: list[Intervention] = field(default_factory=list)
    outcomes: list[Outcome] = field(default_factory=list)
    eligibility: Eligibility | None = None
    sites: list[Site] = field(default_factory=list)
    references: list[Reference] = field(default_factory=list)
    documents: list[Document] = field(default_factory=list)
    related_trials: list[RelatedTrial] = field(default_factory=list)

    condition_meshes: list[MeshTerm] = field(default_factory=list)
    condition_mesh_ancestors: list[MeshTerm] = field(default_factory=list)
    intervention_meshes: list[MeshTerm] = field(default_factory=list)
    intervention_mesh_ancestors: list[MeshTerm] = field(default_factory=list)

    has_results: bool | None = None
    results: Results | None = None

    central_contacts: list[Contact] = field(default_factory=list)
    ipd_sharing: IpdSharing | None = None
    see_also_links: list[SeeAlsoLink] = field(default_factory=list)
    available_ipds: list[AvailableIpd] = field(default_factory=list)
    condition_browse: Browse | None = None
    intervention_browse: Browse | None = None
    registry: RegistryRecord = field(default_factory=RegistryRecord)
    oversight: Oversight | None = None

    @property
    def last_updated(self) -> str | None:
        """The record's last-update date, which decides whether it replaces a stored copy."""
        if self.last_update_posted_date is not None:
            return self.last_update_posted_date.value
        return self.last_update_submitted_date


@dataclass(slots=True, kw_only=True)
class Origin:
    """Where a record came from: the file, the position inside it, and its format.

    ``position`` is human-readable: ``"line 12"``, ``"studies[3]"``, ``"entry NCT01.json"``.
    """

    path: str
    position: str
    format: str


@dataclass(slots=True, kw_only=True)
class Problem:
    """A record that could not be read, or a warning about one that was.

    Readers yield these instead of raising, so one bad record never loses the others.
    """

    origin: Origin
    reason: str
    severity: str = "error"  # "error": record skipped; "warning": record built with a caveat
    nct_id: str | None = None


# ---- results: the four results tables and more information (numbers kept as the registry's text) ----


@dataclass(slots=True, kw_only=True)
class ResultGroup:
    """A reporting group of one results table, under that table's own code (``FG000``, ``OG001``)."""

    code: str
    title: str | None = None
    description: str | None = None


@dataclass(slots=True, kw_only=True)
class GroupCount:
    """A number for one group of a table (participants, a denominator), as the registry wrote it."""

    group: str  # the table's group code
    value: str | None = None
    comment: str | None = None


@dataclass(slots=True, kw_only=True)
class Denominator:
    """The number analysed per group, and what was counted (``Participants``, ``eyes``)."""

    units: str | None = None
    counts: list[GroupCount] = field(default_factory=list)


@dataclass(slots=True, kw_only=True)
class Measurement:
    """One cell of a baseline or outcome table: value, spread, limits as the registry wrote them."""

    group: str
    value: str | None = None
    spread: str | None = None
    lower_limit: str | None = None
    upper_limit: str | None = None
    comment: str | None = None


@dataclass(slots=True, kw_only=True)
class MeasureCategory:
    """A row of a measure's table (``Female``, ``Male``), with one measurement per group."""

    title: str | None = None
    measurements: list[Measurement] = field(default_factory=list)


@dataclass(slots=True, kw_only=True)
class MeasureClass:
    """A block of rows (``Age``, a country, a time point), with its own denominators when it has them."""

    title: str | None = None
    denoms: list[Denominator] = field(default_factory=list)
    categories: list[MeasureCategory] = field(default_factory=list)


@dataclass(slots=True, kw_only=True)
class Analysis:
    """A statistical analysis of an outcome measure comparing some of its groups."""

    group_codes: list[str] = field(default_factory=list)
    group_description: str | None = None
    non_inferiority_type: str | None = None
    non_inferiority_comment: str | None = None
    tested_non_inferiority: bool | None = None
    p_value: str | None = None
    p_value_comment: str | None = None
    statistical_method: str | None = None
    statistical_comment: str | None = None
    param_type: str | None = None
    param_value: str | None = None
    dispersion_type: str | None = None
    dispersion_value: str | None = None
    ci_pct: str | None = None
    ci_sides: str | None = None
    ci_lower: str | None = None
    ci_upper: str | None = None
    estimate_comment: str | None = None
    other_description: str | None = None


@dataclass(slots=True, kw_only=True)
class Measure:
    """A baseline measure or a results outcome measure: its groups, denominators and table."""

    title: str
    kind: str | None = None  # outcomes: PRIMARY, SECONDARY, OTHER_PRE_SPECIFIED, POST_HOC
    description: str | None = None
    time_frame: str | None = None
    reporting_status: str | None = None  # POSTED, NOT_POSTED
    anticipated_posting_date: str | None = None
    population_description: str | None = None
    param_type: str | None = None  # MEAN, COUNT_OF_PARTICIPANTS, ...
    dispersion_type: str | None = None  # a code (STANDARD_DEVIATION) or the registry's text
    unit: str | None = None
    calculate_pct: bool | None = None
    denom_units_selected: str | None = None
    type_units_analyzed: str | None = None
    groups: list[ResultGroup] = field(default_factory=list)
    denoms: list[Denominator] = field(default_factory=list)
    classes: list[MeasureClass] = field(default_factory=list)
    analyses: list[Analysis] = field(default_factory=list)


@dataclass(slots=True, kw_only=True)
class Milestone:
    """A participant-flow milestone (``STARTED``, ``COMPLETED``, ...) with participants per group."""

    title: str
    comment: str | None = None
    counts: list[GroupCount] = field(default_factory=list)


@dataclass(slots=True, kw_only=True)
class DropReason:
    """Why participants left a period (``Withdrawal by Subject``), with the number per group."""

    reason: str
    counts: list[GroupCount] = field(default_factory=list)


@dataclass(slots=True, kw_only=True)
class FlowPeriod:
    """A period of the participant flow (``Overall Study``, ``Treatment Period 1``)."""

    title: str | None = None
    milestones: list[Milestone] = field(default_factory=list)
    drop_reasons: list[DropReason] = field(default_factory=list)


@dataclass(slots=True, kw_only=True)
class ParticipantFlow:
    """The participant-flow table."""

    recruitment_details: str | None = None
    pre_assignment_details: str | None = None
    groups: list[ResultGroup] = field(default_factory=list)
    periods: list[FlowPeriod] = field(default_factory=list)


@dataclass(slots=True, kw_only=True)
class Baseline:
    """The baseline-characteristics table."""

    population_description: str | None = None
    groups: list[ResultGroup] = field(default_factory=list)
    denoms: list[Denominator] = field(default_factory=list)
    measures: list[Measure] = field(default_factory=list)


@dataclass(slots=True, kw_only=True)
class EventGroup:
    """An adverse-event group with its totals (affected and at risk) as the registry wrote them."""

    group: ResultGroup
    deaths_affected: str | None = None
    deaths_at_risk: str | None = None
    serious_affected: str | None = None
    serious_at_risk: str | None = None
    other_affected: str | None = None
    other_at_risk: str | None = None


@dataclass(slots=True, kw_only=True)
class EventStat:
    """One adverse event in one group: events, participants affected, participants at risk."""

    group: str
    events: str | None = None
    affected: str | None = None
    at_risk: str | None = None


@dataclass(slots=True, kw_only=True)
class AdverseEvent:
    """A serious or other adverse event term with its numbers per group."""

    serious: bool
    term: str
    organ_system: str | None = None
    source_vocabulary: str | None = None
    assessment_type: str | None = None  # SYSTEMATIC_ASSESSMENT, NON_SYSTEMATIC_ASSESSMENT
    notes: str | None = None
    stats: list[EventStat] = field(default_factory=list)


@dataclass(slots=True, kw_only=True)
class AdverseEvents:
    """The adverse-events table."""

    time_frame: str | None = None
    description: str | None = None
    frequency_threshold: str | None = None
    mortality_comment: str | None = None
    groups: list[EventGroup] = field(default_factory=list)
    events: list[AdverseEvent] = field(default_factory=list)


@dataclass(slots=True, kw_only=True)
class MoreInfo:
    """Limitations, the agreement on disclosing results, and the results point of contact."""

    limitations: str | None = None
    pi_sponsor_employee: bool | None = None
    restrictive_agreement: bool | None = None
    restriction_type: str | None = None  # LTE60, GT60, OTHER
    agreement_details: str | None = None
    contact_title: str | None = None
    contact_organization: str | None = None
    contact_email: str | None = None
    contact_phone: str | None = None
    contact_phone_ext: str | None = None


@dataclass(slots=True, kw_only=True)
class Results:
    """A record's results section: each table keeps its own groups and codes."""

    flow: ParticipantFlow | None = None
    baseline: Baseline | None = None
    outcomes: list[Measure] = field(default_factory=list)
    adverse_events: AdverseEvents | None = None
    more_info: MoreInfo | None = None
