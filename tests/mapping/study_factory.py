"""A fully populated Study (every field of the model set) and helpers to read quads."""

from __future__ import annotations

from pyoxigraph import NamedNode, Quad

from kg.model import (
    Age,
    Arm,
    Condition,
    Criterion,
    Design,
    Document,
    Eligibility,
    GeoPoint,
    Intervention,
    MeshTerm,
    Official,
    Organization,
    Outcome,
    PartialDate,
    Reference,
    RelatedTrial,
    ResponsibleParty,
    SecondaryId,
    Site,
    Study,
)  # fmt: skip

NCT = "NCT04632225"
TG = "https://w3id.org/trialgraph/ontology#"
BASE = "https://w3id.org/trialgraph/"


def full_study(nct_id: str = NCT) -> Study:
    """Every field set, with values shaped like the registry's (Helixmith's ALS trial)."""
    return Study(
        nct_id=nct_id,
        brief_title="Engensis in Amyotrophic Lateral Sclerosis",
        official_title="A Phase 2a Study of Engensis (VM202) in Participants With ALS",
        acronym="REViVALS-1A",
        nct_id_aliases=["NCT00000001"],
        org_study_id="VMALS-002",
        secondary_ids=[SecondaryId(id="2020-001234-11", type="EUDRACT_NUMBER", domain="EudraCT", link="https://x.org/1")],
        organization=Organization(name="Helixmith Co., Ltd.", agency_class="INDUSTRY"),
        overall_status="COMPLETED",
        last_known_status="RECRUITING",
        why_stopped="Sponsor decision",
        status_verified_date="2022-05",
        start_date=PartialDate(value="2020-12-21", type="ACTUAL"),
        primary_completion_date=PartialDate(value="2021-11", type="ACTUAL"),
        completion_date=PartialDate(value="2022", type="ESTIMATED"),
        first_submitted_date="2020-11-12",
        first_posted_date=PartialDate(value="2020-11-17", type="ACTUAL"),
        results_first_posted_date=PartialDate(value="2023-01-05", type="ACTUAL"),
        last_update_posted_date=PartialDate(value="2023-02-01", type="ACTUAL"),
        last_update_submitted_date="2023-01-30",
        lead_sponsor=Organization(name="Helixmith Co., Ltd.", agency_class="INDUSTRY"),
        collaborators=[Organization(name="Massachusetts General Hospital", agency_class="OTHER"),
                       Organization(name="Cedars-Sinai Medical Center", agency_class="OTHER")],
        responsible_party=ResponsibleParty(type="PRINCIPAL_INVESTIGATOR", investigator_name="Jane Roe",
                                           investigator_title="Professor", investigator_affiliation="MGH"),
        officials=[Official(name="John Doe, MD", role="STUDY_DIRECTOR", affiliation="Helixmith")],
        brief_summary="Summary.",
        detailed_description="Details.",
        conditions=[Condition(name="Amyotrophic Lateral Sclerosis"), Condition(name="Motor Neuron Disease")],
        keywords=["ALS", "gene therapy"],
        design=Design(study_type="INTERVENTIONAL", phases=["PHASE1", "PHASE2"], allocation="RANDOMIZED",
                      intervention_model="PARALLEL", observational_model="COHORT", primary_purpose="TREATMENT",
                      time_perspective="PROSPECTIVE", masking="DOUBLE", who_masked=["PARTICIPANT", "INVESTIGATOR"],
                      enrollment=18, enrollment_type="ACTUAL"),
        arms=[Arm(label="Engensis", type="EXPERIMENTAL", description="VM202 injections",
                  intervention_names=["Drug: Engensis"]),
              Arm(label="Placebo", type="PLACEBO_COMPARATOR", description="Saline",
                  intervention_names=["Drug: Placebo", "Other: Not listed anywhere"])],
        interventions=[Intervention(name="Engensis", type="DRUG", description="Plasmid DNA",
                                    other_names=["VM202"], arm_labels=["Engensis"]),
                       Intervention(name="Placebo", type="DRUG", description="Normal saline", arm_labels=[])],
        outcomes=[Outcome(kind="PRIMARY", measure="Adverse events", description="AEs", time_frame="6 months"),
                  Outcome(kind="SECONDARY", measure="ALSFRS-R", description="Score", time_frame="3 months"),
                  Outcome(kind="SECONDARY", measure="Muscle strength", description=None, time_frame="6 months"),
                  Outcome(kind="OTHER", measure="Biomarkers", time_frame="1 year")],
        eligibility=Eligibility(
            criteria_text="Inclusion Criteria:\n* adult\nExclusion Criteria:\n* pregnant",
            criteria=[Criterion(kind="INCLUSION", text="Age 18 to 80", number="1"),
                      Criterion(kind="INCLUSION", text="ALS diagnosis", number="2"),
                      Criterion(kind="EXCLUSION", text="Pregnant", number="1")],
            minimum_age=Age(text="18 Years", years=18.0), maximum_age=Age(text="6 Months", years=0.5),
            sex="ALL", healthy_volunteers=False, std_ages=["ADULT", "OLDER_ADULT"],
            study_population="People with ALS", sampling_method="NON_PROBABILITY_SAMPLE"),
        sites=[Site(facility="Massachusetts General Hospital", city="Boston", state="Massachusetts",
                    zip="02114", country="United States", status="RECRUITING",
                    geo=GeoPoint(lat=42.35843, lon=-71.05977)),
               Site(facility="Cedars-Sinai", city="Los Angeles", state="California", country="United States",
                    status="COMPLETED"),
               Site()],
        references=[Reference(citation="Smith J. ALS. 2020.", pmid="31234567", type="BACKGROUND"),
                    Reference(citation="Unpublished.", type="RESULT")],
        documents=[Document(label="Study Protocol", type_abbrev="Prot", filename="Prot_000.pdf",
                            date="2020-10-01", upload_date="2021-05-18T09:58", has_protocol=True,
                            has_sap=False, has_icf=False)],
        related_trials=[RelatedTrial(nct_id="NCT05176093", title="Extension study")],
        condition_meshes=[MeshTerm(id="D000690", term="Amyotrophic Lateral Sclerosis")],
        condition_mesh_ancestors=[MeshTerm(id="D016472", term="Motor Neuron Disease")],
        intervention_meshes=[MeshTerm(id="D000069000", term="Engensis-like")],
        intervention_mesh_ancestors=[MeshTerm(id="D045505", term="Physiological Effects of Drugs")],
        has_results=True,
    )  # fmt: skip


def tg(name: str) -> NamedNode:
    return NamedNode(TG + name)


def objects(quads: list[Quad], subject: NamedNode, predicate: NamedNode) -> list:
    return [q.object for q in quads if q.subject == subject and q.predicate == predicate]


def values(quads: list[Quad], subject: NamedNode, predicate: NamedNode) -> list[str]:
    return sorted(o.value for o in objects(quads, subject, predicate))


def node(kind: str, local: str) -> NamedNode:
    return NamedNode(f"{BASE}{kind}/{local}")
