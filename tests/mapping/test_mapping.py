"""Study -> quads: declared terms, determinism, merging, labels, field values, counts."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from pyoxigraph import Literal, NamedNode
from rdflib import Graph
from study_factory import BASE, NCT, full_study, node, objects, tg, values

from kg.iris import shared_graph, trial_graph, trial_iri
from kg.mapping import map_study, provenance_quads
from kg.model import Intervention, Organization, Origin, Study
from kg.sources.ctgov_json import reader as ctgov_json
from kg.sources.reader import RawRecord
from kg.vocab import RDF, RDFS, SKOS, VOCAB_NS, XSD

ONTOLOGY = Path(__file__).resolve().parents[2] / "ontology"
BUILT_INS = {RDF.type.value, RDFS.label.value, SKOS.altLabel.value, "http://www.w3.org/2002/07/owl#sameAs"}
SHARED_CLASSES = {tg(n) for n in ("Condition", "Intervention", "Organization", "Facility", "Country", "MeshTerm")}
T = trial_iri(NCT)


@pytest.fixture
def study() -> Study:
    return full_study()


@pytest.fixture(scope="module")
def declared() -> set[str]:
    g = Graph().parse(ONTOLOGY / "trialgraph.ttl").parse(ONTOLOGY / "vocab.ttl").parse(ONTOLOGY / "results.ttl")
    return {str(s) for s in g.subjects()}


def _real_studies(v2_json_dir: Path, limit: int) -> list[Study]:
    studies = []
    for path in sorted(v2_json_dir.glob("*.json"))[:limit]:
        origin = Origin(path=str(path), position="file", format="ctgov-json")
        studies.append(ctgov_json.parse(RawRecord(origin=origin, payload=path.read_bytes())).study)
    return studies


def _assert_declared(quads: list, declared: set[str]) -> None:
    for q in quads:
        assert q.predicate.value in declared | BUILT_INS, q.predicate
        if q.predicate == RDF.type:
            assert q.object.value in declared, q.object
        if isinstance(q.object, NamedNode) and q.object.value.startswith(VOCAB_NS):
            assert q.object.value in declared, q.object


def test_every_emitted_term_is_declared(study: Study, declared: set[str]) -> None:
    _assert_declared(map_study(study), declared)


def test_every_term_emitted_for_real_records_is_declared(v2_json_dir: Path, declared: set[str]) -> None:
    for real in _real_studies(v2_json_dir, 400):
        quads = map_study(real)
        _assert_declared(quads, declared)
        assert not [q for q in quads if q.predicate == tg("unrecognisedCode")], real.nct_id


def test_mapping_is_deterministic(study: Study) -> None:
    assert map_study(study) == map_study(full_study())
    assert map_study(study, base="http://example.org/kg/")[0].subject.value.startswith("http://example.org/kg/")


def test_graphs(study: Study) -> None:
    quads = map_study(study)
    assert {q.graph_name for q in quads} == {trial_graph(NCT), shared_graph()}
    shared = [q for q in quads if q.graph_name == shared_graph()]
    assert {q.predicate for q in shared} <= {RDF.type, RDFS.label, SKOS.altLabel, tg("meshId"), tg("countryCode")}
    assert trial_graph(NCT).value == f"{BASE}graph/{NCT}" and shared_graph().value == f"{BASE}graph/shared"


def test_organisations_merge_across_spellings() -> None:
    spellings = ["Helixmith Co., Ltd.", "HELIXMITH CO., LTD", "Helixmith Company Limited"]
    quads = []
    for n, name in enumerate(spellings):
        quads += map_study(Study(nct_id=f"NCT0000000{n}", lead_sponsor=Organization(name=name)))
    sponsors = {q.object for q in quads if q.predicate == tg("leadSponsor")}
    assert sponsors == {node("organization", "helixmith-co-ltd")}
    org = sponsors.pop()
    assert values(quads, org, SKOS.altLabel) == sorted(spellings)
    assert objects(quads, org, RDFS.label) == []


def test_every_stated_role_keeps_its_name_and_class() -> None:
    """One organisation as lead sponsor and collaborator (NCT05756322's shape), under two
    spellings and classes: both roles survive, each with what the record said."""
    study = Study(
        nct_id="NCT05756322",
        lead_sponsor=Organization(name="AstraZeneca K.K.", agency_class="INDUSTRY"),
        collaborators=[Organization(name="ASTRAZENECA K.K.", agency_class="OTHER")],
    )
    quads = map_study(study)
    trial = trial_iri("NCT05756322")
    roles = {p.value.rsplit("#")[-1]: objects(quads, trial, p) for p in (tg("leadSponsorRole"), tg("collaboratorRole"))}
    stated = {
        kind: (values(quads, role, tg("statedName")), values(quads, role, tg("statedAgencyClass")))
        for kind, (role,) in roles.items()
    }
    assert stated == {
        "leadSponsorRole": (["AstraZeneca K.K."], [VOCAB_NS + "agency-class/INDUSTRY"]),
        "collaboratorRole": (["ASTRAZENECA K.K."], [VOCAB_NS + "agency-class/OTHER"]),
    }
    for (role,) in roles.values():
        assert values(quads, role, tg("roleOrganization")) == [BASE + "organization/astrazeneca-kk"]


def test_shared_labelling_rule(study: Study) -> None:
    quads = map_study(study)
    for q in quads:
        if q.predicate == RDF.type and q.object in SHARED_CLASSES:
            labels = objects(quads, q.subject, RDFS.label)
            if q.object == tg("MeshTerm"):
                assert len(labels) == 1, q.subject
            else:
                assert labels == [] and objects(quads, q.subject, SKOS.altLabel), q.subject


def test_every_trial_specific_node_has_a_label(study: Study) -> None:
    quads = map_study(study)
    subjects = {q.subject for q in quads if q.graph_name == trial_graph(NCT) and q.predicate == RDF.type}
    assert len(subjects) > 20
    for s in subjects:
        assert objects(quads, s, RDFS.label), s


def test_trial_fields(study: Study) -> None:
    quads = map_study(study)
    v = lambda p: values(quads, T, tg(p))  # noqa: E731
    assert {o.value for o in objects(quads, T, RDF.type)} >= {TG_CT, "https://schema.org/MedicalTrial"}
    assert v("nctId") == [NCT] and v("acronym") == ["REViVALS-1A"] and v("nctIdAlias") == ["NCT00000001"]
    assert values(quads, T, NamedNode("http://www.w3.org/2002/07/owl#sameAs")) == [
        f"https://clinicaltrials.gov/study/{NCT}",
        f"https://identifiers.org/clinicaltrials:{NCT}",
    ]
    assert values(quads, T, RDFS.label) == ["Engensis in Amyotrophic Lateral Sclerosis"]
    assert v("overallStatus") == [VOCAB_NS + "overall-status/COMPLETED"]
    assert v("phase") == [VOCAB_NS + "phase/PHASE1", VOCAB_NS + "phase/PHASE2"]
    assert v("maskedRole") == [VOCAB_NS + "who-masked/INVESTIGATOR", VOCAB_NS + "who-masked/PARTICIPANT"]
    assert objects(quads, T, tg("enrollment")) == [Literal("18", datatype=XSD.integer)]
    assert objects(quads, T, tg("hasResults")) == [Literal(True)]
    assert objects(quads, T, tg("startDate")) == [Literal("2020-12-21", datatype=XSD.date)]
    assert objects(quads, T, tg("primaryCompletionDate")) == [Literal("2021-11", datatype=XSD.gYearMonth)]
    assert objects(quads, T, tg("completionDate")) == [Literal("2022", datatype=XSD.gYear)]
    assert v("completionDateType") == [VOCAB_NS + "date-type/ESTIMATED"]
    assert v("leadSponsor") == v("registeringOrganization") == [BASE + "organization/helixmith-co-ltd"]
    assert v("collaborator") == [BASE + "organization/cedars-sinai-medical-center",
                                 BASE + "organization/massachusetts-general-hospital"]  # fmt: skip
    assert v("conditionMesh") == ["http://id.nlm.nih.gov/mesh/D000690"]
    assert v("interventionMeshAncestor") == ["http://id.nlm.nih.gov/mesh/D045505"]
    assert v("relatedTrial") == [BASE + "trial/NCT05176093"]
    assert values(quads, trial_iri("NCT05176093"), RDFS.label) == ["Extension study"]
    agency = values(quads, node("organization", "helixmith-co-ltd"), tg("agencyClass"))
    assert agency == [VOCAB_NS + "agency-class/INDUSTRY"]


TG_CT = "https://w3id.org/trialgraph/ontology#ClinicalTrial"


def test_conditions_and_grounding(study: Study) -> None:
    quads = map_study(study)
    als = node("condition", "amyotrophic-lateral-sclerosis")
    assert values(quads, T, tg("condition")) == [als.value, node("condition", "motor-neuron-disease").value]
    assert values(quads, T, tg("conditionName")) == ["Amyotrophic Lateral Sclerosis", "Motor Neuron Disease"]
    assert values(quads, als, tg("meshExactMatch")) == ["http://id.nlm.nih.gov/mesh/D000690"]
    # "Motor Neuron Disease" is only an ancestor, not a derived condition term: no grounding
    assert objects(quads, node("condition", "motor-neuron-disease"), tg("meshExactMatch")) == []
    assert values(quads, NamedNode("http://id.nlm.nih.gov/mesh/D000690"), RDFS.label) == [
        "Amyotrophic Lateral Sclerosis"
    ]


def test_arms_link_interventions_from_both_sides(study: Study) -> None:
    quads = map_study(study)
    arm1, arm2 = node("arm", f"{NCT}-1"), node("arm", f"{NCT}-2")
    ti1, ti2 = node("trial-intervention", f"{NCT}-1"), node("trial-intervention", f"{NCT}-2")
    assert objects(quads, arm1, tg("armIntervention")) == [ti1]  # both sides say so: one link
    assert objects(quads, arm2, tg("armIntervention")) == [ti2]  # only from "Drug: Placebo"
    assert values(quads, arm2, tg("unmatchedInterventionName")) == ["Other: Not listed anywhere"]
    assert values(quads, ti1, tg("intervention")) == [BASE + "intervention/engensis"]
    assert values(quads, T, tg("testsIntervention")) == [BASE + "intervention/engensis", BASE + "intervention/placebo"]
    assert values(quads, ti1, tg("otherName")) == ["VM202"]
    assert values(quads, ti1, tg("interventionType")) == [VOCAB_NS + "intervention-type/DRUG"]


def test_each_item_keeps_its_own_values(study: Study) -> None:
    quads = map_study(study)
    measures = [values(quads, node("outcome", f"{NCT}-{k}"), tg("measure")) for k in ("p1", "s1", "s2", "o1")]
    assert measures == [["Adverse events"], ["ALSFRS-R"], ["Muscle strength"], ["Biomarkers"]]
    assert values(quads, node("outcome", f"{NCT}-s2"), tg("timeFrame")) == ["6 months"]
    assert values(quads, node("outcome", f"{NCT}-s2"), RDFS.label) == [f"Secondary outcome 2 of {NCT}: Muscle strength"]
    excl = node("criterion", f"{NCT}-e1")
    assert values(quads, excl, tg("criterionText")) == ["Pregnant"]
    assert values(quads, excl, RDF.type) == [TG_EX]
    assert values(quads, excl, RDFS.label) == [f"Exclusion 1 of {NCT}"]
    statuses = [values(quads, node("site", f"{NCT}-{n}"), tg("recruitmentStatus")) for n in (1, 2, 3)]
    assert statuses == [[VOCAB_NS + "recruitment-status/RECRUITING"], [VOCAB_NS + "recruitment-status/COMPLETED"], []]


TG_EX = "https://w3id.org/trialgraph/ontology#ExclusionCriterion"


def test_eligibility_ages_sites_references(study: Study) -> None:
    quads = map_study(study)
    el = node("eligibility", NCT)
    assert objects(quads, el, tg("minimumAgeYears")) == [Literal("18", datatype=XSD.decimal)]
    assert objects(quads, el, tg("maximumAgeYears")) == [Literal("0.5", datatype=XSD.decimal)]
    assert values(quads, el, tg("maximumAge")) == ["6 Months"]
    assert objects(quads, el, tg("healthyVolunteers")) == [Literal(False)]
    site = node("site", f"{NCT}-1")
    assert values(quads, site, RDFS.label) == ["Massachusetts General Hospital, Boston, United States"]
    assert objects(quads, site, tg("latitude")) == [Literal("42.35843", datatype=XSD.decimal)]
    facility = "massachusetts-general-hospital--boston--massachusetts--us"
    assert values(quads, site, tg("facility")) == [BASE + "facility/" + facility]
    assert values(quads, site, tg("country")) == [BASE + "country/US"]
    assert values(quads, node("country", "US"), SKOS.altLabel) == ["United States"]
    assert values(quads, node("country", "US"), tg("countryCode")) == ["US"]
    ref = node("reference", f"{NCT}-1")
    assert values(quads, ref, tg("publication")) == ["https://pubmed.ncbi.nlm.nih.gov/31234567/"]
    assert objects(quads, node("reference", f"{NCT}-2"), tg("publication")) == []
    doc = node("document", f"{NCT}-1")
    assert values(quads, doc, tg("documentUrl")) == [f"https://cdn.clinicaltrials.gov/large-docs/25/{NCT}/Prot_000.pdf"]


def test_counts_match_the_study(study: Study) -> None:
    quads = map_study(study)
    for prop, items in [
        ("hasArm", study.arms), ("hasOutcome", study.outcomes), ("hasSite", study.sites),
        ("hasIntervention", study.interventions), ("condition", study.conditions),
        ("collaborator", study.collaborators), ("hasReference", study.references),
        ("hasOfficial", study.officials), ("hasSecondaryId", study.secondary_ids),
        ("hasDocument", study.documents),
    ]:  # fmt: skip
        assert len(set(objects(quads, T, tg(prop)))) == len(items), prop
    criteria = objects(quads, node("eligibility", NCT), tg("hasCriterion"))
    assert len(set(criteria)) == len(study.eligibility.criteria)


def test_unknown_code_is_kept_not_lost(study: Study) -> None:
    odd = replace(study, design=replace(study.design, phases=["PHASE5"]), overall_status="MARTIAN")
    quads = map_study(odd)
    assert values(quads, T, tg("unrecognisedCode")) == ["overall-status:MARTIAN", "phase:PHASE5"]
    assert objects(quads, T, tg("phase")) == []


def test_sparse_records_map_without_error() -> None:
    bare = Study(nct_id=NCT)
    quads = map_study(bare)
    assert values(quads, T, RDFS.label) == [NCT]
    odd = Study(nct_id=NCT, interventions=[Intervention(name="")], lead_sponsor=Organization(name="  "))
    assert map_study(odd)


def test_provenance(study: Study) -> None:
    origin = Origin(path="data/NCT04632225.json", position="file", format="ctgov-json")
    quads = provenance_quads(study, origin, build_time="2024-01-02T03:04:05Z", tool_version="0.1.0")
    g = trial_graph(NCT)
    assert all(q.subject == g and q.graph_name == g for q in quads)
    assert objects(quads, g, tg("recordLastUpdated")) == [Literal("2023-02-01", datatype=XSD.date)]
    assert objects(quads, g, tg("describesTrial")) == [T]
    assert values(quads, g, tg("sourceFormat")) == ["ctgov-json"]
    no_date = replace(study, last_update_posted_date=None, last_update_submitted_date=None)
    later = provenance_quads(no_date, origin, build_time="2024-01-02T03:04:05Z", tool_version="0.1.0")
    assert objects(later, g, tg("recordLastUpdated")) == []
