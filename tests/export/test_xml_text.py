"""Characters XML 1.0 cannot carry: every XML writer (GEXF, GraphML, RDF/XML) refuses them with
an error naming the node and the character before it writes anything; the other formats carry
them as they are. The store is edited to hold them, since the readers now replace them."""

from __future__ import annotations

import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.cli import main
from kg.export import exporter
from kg.export.xml_text import UnwritableText
from kg.network.projections import PROJECTIONS
from kg.store import TrialStore

LABEL = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
TRIAL = "https://w3id.org/trialgraph/trial/"


@pytest.fixture(scope="module")
def control_build(roles_build: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of a small real build whose first trial's label and first condition's label hold
    U+000B and U+001F (as the registry's text can); the output folder."""
    out = tmp_path_factory.mktemp("control-build")
    shutil.copytree(roles_build / "store", out / "store")
    store = ox.Store(str(out / "store"))
    trial = sorted(q.subject for q in store.quads_for_pattern(None, LABEL, None) if q.subject.value.startswith(TRIAL))
    condition = sorted(
        q.subject for q in store.quads_for_pattern(None, LABEL, None) if "/condition/" in q.subject.value
    )
    for node, bad in ((trial[0], "\x0b"), (condition[0], "\x1f")):
        for quad in list(store.quads_for_pattern(node, LABEL, None)):
            store.remove(quad)
            store.add(ox.Quad(node, LABEL, ox.Literal(f"{quad.object.value}{bad}end"), quad.graph_name))
    store.flush()
    del store
    return out


@pytest.mark.parametrize("projection", PROJECTIONS)
def test_gephi_refuses_before_writing(control_build: Path, tmp_path: Path, projection: str) -> None:
    if projection in ("sponsors", "interventions-adverse-events"):  # no trial or condition label: must still export
        report = exporter("gephi").export(TrialStore.open(control_build), tmp_path, projection=projection)
        assert all(p.stat().st_size > 0 for p in report.files)
        return
    with pytest.raises(UnwritableText, match=r"U\+00(0B|1F) at character \d+.*nothing was written"):
        exporter("gephi").export(TrialStore.open(control_build), tmp_path, projection=projection)
    assert list(tmp_path.glob("*")) == []


def test_rdf_xml_refuses_before_writing_and_nquads_carries_the_text(control_build: Path, tmp_path: Path) -> None:
    store = TrialStore.open(control_build)
    with pytest.raises(UnwritableText, match=r"rdf-schema#label> of <https://w3id.org/trialgraph/.*U\+00"):
        exporter("rdf").export(store, tmp_path / "xml", rdf_format="xml")
    assert not (tmp_path / "xml" / "graph.rdf").exists()
    [path] = exporter("rdf").export(store, tmp_path / "nq", rdf_format="nquads").files
    labels = {q.object.value for q in ox.parse(path=str(path), format=ox.RdfFormat.N_QUADS) if q.predicate == LABEL}
    assert any("\x0bend" in label for label in labels) and any("\x1fend" in label for label in labels)


def test_cli_names_the_node_and_exits_2(control_build: Path, tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    argv = ["export", "gephi", "--store", str(control_build / "store"), "--out", str(tmp_path)]
    assert main([*argv, "--projection", "full"]) == 2
    error = capsys.readouterr().err
    assert "kg export gephi:" in error and "U+000B" in error and TRIAL in error
    assert list(tmp_path.glob("*")) == []
