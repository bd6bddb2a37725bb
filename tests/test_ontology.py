"""The ontology is well formed, documented, and agrees with kg.vocab."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import OWL, RDF, RDFS, SKOS, Graph, Literal, URIRef

from kg import vocab

ONTOLOGY = Path(__file__).resolve().parents[1] / "ontology"
TG = vocab.TG_NS


@pytest.fixture(scope="module")
def onto() -> Graph:
    return Graph().parse(ONTOLOGY / "trialgraph.ttl").parse(ONTOLOGY / "results.ttl")


@pytest.fixture(scope="module")
def skos() -> Graph:
    return Graph().parse(ONTOLOGY / "vocab.ttl")


def _tg_terms(g: Graph, kind: URIRef) -> set[URIRef]:
    return {s for s in g.subjects(RDF.type, kind) if isinstance(s, URIRef) and str(s).startswith(TG)}


def test_ontology_header(onto: Graph) -> None:
    header = URIRef("https://w3id.org/trialgraph/ontology")
    assert (header, RDF.type, OWL.Ontology) in onto
    assert onto.value(header, OWL.versionInfo) is not None


def test_every_class_is_documented(onto: Graph) -> None:
    classes = _tg_terms(onto, OWL.Class)
    assert len(classes) > 20
    for cls in classes:
        assert onto.value(cls, RDFS.label), cls
        assert onto.value(cls, RDFS.comment), cls


def test_every_property_has_label_comment_domain_range(onto: Graph) -> None:
    props = _tg_terms(onto, OWL.ObjectProperty) | _tg_terms(onto, OWL.DatatypeProperty)
    assert len(props) > 100
    for prop in props:
        for p in (RDFS.label, RDFS.comment, RDFS.domain, RDFS.range):
            assert onto.value(prop, p) is not None, (prop, p)


def test_vocab_constants_are_exactly_the_ontology_terms(onto: Graph) -> None:
    declared = _tg_terms(onto, OWL.Class) | _tg_terms(onto, OWL.ObjectProperty) | _tg_terms(onto, OWL.DatatypeProperty)
    constants = {URIRef(node.value) for node in vocab.TG.terms.values()}
    assert constants - declared == set(), "constants in kg/vocab.py not declared in trialgraph.ttl"
    assert declared - constants == set(), "ontology terms missing from kg/vocab.py"


def test_every_concept_has_notation_preflabel_scheme(skos: Graph) -> None:
    concepts = set(skos.subjects(RDF.type, SKOS.Concept))
    assert len(concepts) > 120
    for c in concepts:
        assert skos.value(c, SKOS.notation) is not None, c
        assert skos.value(c, SKOS.prefLabel) is not None, c
        scheme = skos.value(c, SKOS.inScheme)
        assert (scheme, RDF.type, SKOS.ConceptScheme) in skos, c


def test_schemes_in_python_match_vocab_ttl(skos: Graph) -> None:
    in_ttl: dict[str, dict[str, str]] = {}
    for c in skos.subjects(RDF.type, SKOS.Concept):
        scheme = str(skos.value(c, SKOS.inScheme)).rsplit("/", 1)[1]
        code = str(skos.value(c, SKOS.notation))
        assert str(c) == f"{vocab.VOCAB_NS}{scheme}/{code}"
        in_ttl.setdefault(scheme, {})[code] = str(skos.value(c, SKOS.prefLabel))
    assert in_ttl == vocab.SCHEMES


def test_required_schemes_exist() -> None:
    required = [
        "phase",
        "overall-status",
        "study-type",
        "allocation",
        "intervention-model",
        "observational-model",
        "primary-purpose",
        "time-perspective",
        "masking",
        "who-masked",
        "enrollment-type",
        "date-type",
        "agency-class",
        "responsible-party-type",
        "official-role",
        "intervention-type",
        "arm-group-type",
        "outcome-type",
        "sex",
        "age-group",
        "recruitment-status",
        "secondary-id-type",
        "reference-type",
        "criterion-kind",
    ]
    assert set(required) <= set(vocab.SCHEMES)
    legacy = {"AVAILABLE", "WITHHELD", "TEMPORARILY_NOT_AVAILABLE", "APPROVED_FOR_MARKETING", "NO_LONGER_AVAILABLE"}
    assert legacy <= set(vocab.SCHEMES["overall-status"])


def test_alignments_present(onto: Graph) -> None:
    schema, wdt = "https://schema.org/", "http://www.wikidata.org/prop/direct/"
    tg = lambda n: URIRef(TG + n)  # noqa: E731
    assert (tg("nctId"), OWL.equivalentProperty, URIRef(wdt + "P3098")) in onto
    assert (tg("InterventionalTrial"), RDFS.subClassOf, URIRef(schema + "MedicalTrial")) in onto
    assert (tg("ObservationalStudy"), RDFS.subClassOf, URIRef(schema + "MedicalObservationalStudy")) in onto
    assert (tg("condition"), RDFS.subPropertyOf, URIRef(schema + "healthCondition")) in onto
    obo = "http://purl.obolibrary.org/obo/"
    assert (tg("InclusionCriterion"), RDFS.subClassOf, URIRef(obo + "OBI_0500027")) in onto
    assert (tg("ExclusionCriterion"), RDFS.subClassOf, URIRef(obo + "OBI_0500028")) in onto


def test_labels_are_english_literals(onto: Graph) -> None:
    for label in onto.objects(None, RDFS.label):
        assert isinstance(label, Literal) and label.language == "en"


# (scheme, path into the API v2 study JSON; "*" walks a list)
_CODE_PATHS = [
    ("phase", "protocolSection.designModule.phases.*"),
    ("overall-status", "protocolSection.statusModule.overallStatus"),
    ("overall-status", "protocolSection.statusModule.lastKnownStatus"),
    ("study-type", "protocolSection.designModule.studyType"),
    ("allocation", "protocolSection.designModule.designInfo.allocation"),
    ("intervention-model", "protocolSection.designModule.designInfo.interventionModel"),
    ("observational-model", "protocolSection.designModule.designInfo.observationalModel"),
    ("primary-purpose", "protocolSection.designModule.designInfo.primaryPurpose"),
    ("time-perspective", "protocolSection.designModule.designInfo.timePerspective"),
    ("masking", "protocolSection.designModule.designInfo.maskingInfo.masking"),
    ("who-masked", "protocolSection.designModule.designInfo.maskingInfo.whoMasked.*"),
    ("enrollment-type", "protocolSection.designModule.enrollmentInfo.type"),
    ("date-type", "protocolSection.statusModule.startDateStruct.type"),
    ("date-type", "protocolSection.statusModule.completionDateStruct.type"),
    ("agency-class", "protocolSection.sponsorCollaboratorsModule.leadSponsor.class"),
    ("agency-class", "protocolSection.sponsorCollaboratorsModule.collaborators.*.class"),
    ("agency-class", "protocolSection.identificationModule.organization.class"),
    ("responsible-party-type", "protocolSection.sponsorCollaboratorsModule.responsibleParty.type"),
    ("official-role", "protocolSection.contactsLocationsModule.overallOfficials.*.role"),
    ("intervention-type", "protocolSection.armsInterventionsModule.interventions.*.type"),
    ("arm-group-type", "protocolSection.armsInterventionsModule.armGroups.*.type"),
    ("sex", "protocolSection.eligibilityModule.sex"),
    ("age-group", "protocolSection.eligibilityModule.stdAges.*"),
    ("sampling-method", "protocolSection.eligibilityModule.samplingMethod"),
    ("recruitment-status", "protocolSection.contactsLocationsModule.locations.*.status"),
    ("secondary-id-type", "protocolSection.identificationModule.secondaryIdInfos.*.type"),
    ("reference-type", "protocolSection.referencesModule.references.*.type"),
]


def _walk(node: object, keys: list[str]):
    if not keys:
        yield node
        return
    head, rest = keys[0], keys[1:]
    if head == "*":
        for item in node if isinstance(node, list) else []:
            yield from _walk(item, rest)
    elif isinstance(node, dict) and head in node:
        yield from _walk(node[head], rest)


def test_vocabulary_knows_every_code_in_the_real_records(v2_json_dir: Path) -> None:
    import json

    unknown: set[tuple[str, str]] = set()
    for path in v2_json_dir.glob("*.json"):
        study = json.loads(path.read_bytes())
        for scheme, dotted in _CODE_PATHS:
            for code in _walk(study, dotted.split(".")):
                if code is not None and code not in vocab.SCHEMES[scheme]:
                    unknown.add((scheme, code))
    assert unknown == set()
