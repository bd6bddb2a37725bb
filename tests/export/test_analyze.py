"""kg analyze: similar trials written back as their own graph, scores recomputable by hand."""

from __future__ import annotations

import shutil
from pathlib import Path

from kg.analyze import analyze, render
from kg.store import TrialStore

TG = "https://w3id.org/trialgraph/ontology#"


def test_similar_trials_are_written_back_with_score_and_method(sample_build: Path, tmp_path: Path) -> None:
    store_dir = shutil.copytree(sample_build / "store", tmp_path / "store")
    before = TrialStore(store_dir, read_only=True).trial_count()
    result = analyze(store_dir, similar=3, min_score=0.2)
    store = TrialStore(store_dir, read_only=True)
    assert store.trial_count() == before, "the analysis graph must not count as a trial"
    rows = list(
        store.oxigraph.query(
            f"SELECT ?a ?b ?score ?method WHERE {{ GRAPH <{result['similar_trials']['graph']}> {{ "
            f"?s <{TG}similaritySource> ?a ; <{TG}similarityTarget> ?b ; <{TG}similarityScore> ?score ; "
            f"<{TG}similarityMethod> ?method . ?a <{TG}similarTrial> ?b }} }}"
        )
    )
    assert len(rows) == result["similar_trials"]["links"] > 0
    a, b, score = rows[0]["a"].value, rows[0]["b"].value, float(rows[0]["score"].value)

    def feats(t: str) -> dict[str, float]:
        q = f"SELECT ?p ?x {{ GRAPH ?g {{ <{t}> ?p ?x }} }}"
        weights = {"condition": 1.0, "testsIntervention": 1.0, "conditionMeshAncestor": 0.5}
        weights["interventionMeshAncestor"] = 0.5
        out = {}
        for r in store.oxigraph.query(q):
            name = r["p"].value.rsplit("#", 1)[-1]
            if r["p"].value.startswith(TG) and name in weights:
                out[r["x"].value] = weights[name]
        return out

    fa, fb = feats(a), feats(b)
    shared = sum(fa[x] for x in fa.keys() & fb.keys())
    assert abs(score - shared / (sum(fa.values()) + sum(fb.values()) - shared)) < 1e-3
    assert result["central"]["condition"][0]["trials"] >= 2
    assert result["projection"]["max_shared"] == 500 and result["projection"]["skipped_features"] == 0
    assert "link no pair by themselves" in render(result)
    # a second run replaces the graph instead of adding to it
    analyze(store_dir, similar=3, min_score=0.2)
    again = TrialStore(store_dir, read_only=True).oxigraph
    assert len(list(again.quads_for_pattern(None, None, None, None))) == len(store.oxigraph)
