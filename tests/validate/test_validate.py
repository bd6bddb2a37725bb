"""SHACL shapes and ``kg validate``: fixtures per shape, meta-SHACL, the fast engine equals pyshacl."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest
import rdflib
from pyshacl.entrypoints import meta_validate
from rdflib.namespace import RDF, SH, SKOS

from kg.cli import main
from kg.resources import ontology_dir
from kg.store import TrialStore
from kg.validate import validate_store
from kg.validate.pyshacl_engine import reference_results
from kg.validate.report import short
from kg.validate.shapes import shape_name, shapes_graph
from kg.vocab import SHAPES_NS

FIXTURES = Path(__file__).parents[1] / "shapes"
CASES = sorted(FIXTURES.glob("*/*.ttl"))
SAMPLE = 150


def _graph(path: Path) -> rdflib.Graph:
    return rdflib.Graph().parse(path, format="turtle")


def _of_shape(results, shape_dir: str):
    base = shape_dir.removesuffix("Shape") + "-"
    return [r for r in results if shape_name(r.shape) == shape_dir or shape_name(r.shape).startswith(base)]


def _expected(path: Path) -> set[str]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return {line.split(":", 1)[1].strip() for line in lines if line.startswith("# expect:")}


def test_shapes_pass_meta_shacl() -> None:
    conforms, _report, text = meta_validate(shapes_graph())
    assert conforms, text


def test_every_node_shape_has_a_valid_and_an_invalid_fixture() -> None:
    names = {shape_name(str(s)) for s in shapes_graph().subjects(RDF.type, SH.NodeShape)}
    for name in names:
        assert list((FIXTURES / name).glob("valid-*.ttl")), f"{name}: no valid fixture"
        assert list((FIXTURES / name).glob("invalid-*.ttl")), f"{name}: no invalid fixture"
    assert {p.name for p in FIXTURES.iterdir() if p.is_dir()} <= names


def test_value_sets_are_the_skos_schemes() -> None:
    """Every sh:in list is exactly the concepts of one scheme in ontology/vocab.ttl."""
    vocab = rdflib.Graph().parse(data=ontology_dir().joinpath("vocab.ttl").read_text(), format="turtle")
    schemes: dict = {}
    for concept, scheme in vocab.subject_objects(SKOS.inScheme):
        schemes.setdefault(scheme, set()).add(concept)
    shapes = shapes_graph()
    lists = [set(rdflib.collection.Collection(shapes, head)) for head in shapes.objects(None, SH["in"])]
    assert lists
    for members in lists:
        assert members in schemes.values(), f"sh:in list matches no scheme: {sorted(members)[:3]}"


@pytest.mark.parametrize("case", CASES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_fixture(case: Path) -> None:
    """A valid fixture raises nothing from its shape; an invalid one exactly the expected constraints."""
    results = reference_results(_graph(case))
    mine = _of_shape(results, case.parent.name)
    if case.name.startswith("valid-"):
        assert mine == []
    else:
        got = set()
        for r in mine:
            component = r.component.removeprefix(str(SH))
            got.add(f"{shape_name(r.shape)} {component}" + (f" {short(r.path)}" if "SPARQL" in component else ""))
        assert got == _expected(case)


def _full(report) -> set[tuple[str, ...]]:
    return {(*r.key, r.message, r.nct_id) for r in report.results}


@pytest.mark.slow  # pyshacl on 150 real trials with results sections ran > 15 min on 2 cores: opt-in
def test_fast_engine_equals_pyshacl_on_a_sample_of_real_trials(v2_build: Path) -> None:
    """A random sample of real trials: the fast engine on the whole store, kept to the sample's
    nodes, == pyshacl on the sample (its trial graphs and the shared nodes they reference), message
    and owning trial included."""
    graphs = sorted(TrialStore(v2_build / "store", read_only=True).trial_graphs())
    sample = sorted(random.Random(4).sample(graphs, SAMPLE))
    fast = validate_store(v2_build, graphs=sample, workers=2)
    reference = validate_store(v2_build, graphs=sample, engine="pyshacl")
    assert _full(fast) == _full(reference)
    assert fast.violations == 0, fast.render("text")[:3000]


@pytest.mark.slow
def test_every_real_record_has_no_violation_and_engines_agree(v2_build: Path) -> None:
    fast = validate_store(v2_build, workers=2)
    assert fast.violations == 0, fast.render("text")[:3000]
    assert _full(fast) == _full(validate_store(v2_build, engine="pyshacl"))


def test_seed_build_writes_reports_without_violation(seed_page: Path, tmp_path: Path, capsys) -> None:
    out = tmp_path / "out"
    assert main(["build", str(seed_page.parent), "--out", str(out), "--no-files", "--workers", "1"]) == 0
    assert "violations" in capsys.readouterr().out
    assert (out / "validation.txt").read_text().startswith("validated 1 trials")
    report = rdflib.Graph().parse(out / "validation.ttl", format="turtle")
    assert (None, RDF.type, SH.ValidationReport) in report
    assert main(["validate", "--store", str(out), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["counts"]["Violation"] == 0 and data["trials"] == 1
    assert main(["validate", "--store", str(out), "--format", "csv"]) == 0
    assert capsys.readouterr().out.startswith("nct_id,severity,shape")


def test_validate_exits_1_on_a_violation(tmp_path: Path, capsys) -> None:
    base = "https://w3id.org/trialgraph/"
    g, t = f"<{base}graph/NCT01234567>", f"<{base}trial/NCT01234567>"
    tg = "https://w3id.org/trialgraph/ontology#"
    nquads = (
        f"{g} <{tg}describesTrial> {t} {g} .\n"
        f"{t} <{RDF.type}> <{tg}ClinicalTrial> {g} .\n"
        f'{t} <{tg}nctId> "NCT1234" {g} .\n'
    )
    TrialStore(tmp_path / "store").load(nquads.encode())
    assert main(["validate", "--store", str(tmp_path), "--workers", "1"]) == 1
    text = capsys.readouterr().out
    assert "ClinicalTrial-nctId" in text and "NCT01234567  Violation  tg:nctId" in text
    assert main(["validate", "--store", str(tmp_path / "missing")]) == 2


def test_shape_iris_are_in_the_shapes_namespace() -> None:
    for shape in shapes_graph().subjects(RDF.type, SH.NodeShape):
        assert str(shape).startswith(SHAPES_NS)
