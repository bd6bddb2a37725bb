"""kg analyze: similar trials written back as their own graph, scores recomputable by hand."""

from __future__ import annotations

import shutil
from pathlib import Path

from kg.network.analyze import analyze, render
from kg.store import TrialStore

TG = "https://w3id.org/trialgraph/ontology#"


def test_similar_trials_are_written_back_with_score_and_method(sample_build: Path, tmp_path: Path) -> None:
    store_dir = shutil.copytree(sample_build / "store", tmp_path / "store")
    before = TrialStore(store_dir, read_only=True).trial_count()
    result = analyze(store_dir, similar=3, min_score=0.2)
    store = TrialStore(store_dir, read_only=True)
    assert store.trial_count() == before, "the analysis graph must not count as a trial"
    rows = list(
        store.query(
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
        for r in store.query(q):
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
    again = TrialStore(store_dir, read_only=True)
    assert len(list(again.quads(None, None, None, None))) == len(store)


def test_related_trials_query_lists_the_similarity_links(sample_build: Path, tmp_path: Path) -> None:
    """After kg analyze, the related-trials catalogue query gives each similar trial (either
    direction) with its score, ranked after stated links and before mere shared entities."""
    from kg.query import run_named

    store_dir = shutil.copytree(sample_build / "store", tmp_path / "store")
    before = TrialStore(store_dir, read_only=True)
    trial = "https://w3id.org/trialgraph/trial/"

    def related(store, nct: str) -> list[dict]:
        result = run_named(store, "related-trials", {"nct": nct})
        return [{c: (t.value if t else None) for c, t in zip(result.columns, row, strict=True)} for row in result.rows]

    analyze(store_dir, similar=3, min_score=0.2)
    store = TrialStore(store_dir, read_only=True)
    scores: dict[str, dict[str, float]] = {}
    query = (
        f"SELECT ?a ?b ?score {{ GRAPH ?g {{ ?s <{TG}similaritySource> ?a ; <{TG}similarityTarget> ?b ; "
        f"<{TG}similarityScore> ?score }} }}"
    )
    for r in store.query(query):
        a, b, score = r["a"].value.removeprefix(trial), r["b"].value.removeprefix(trial), float(r["score"].value)
        scores.setdefault(a, {})[b] = scores.setdefault(b, {})[a] = score
    nct = max(scores, key=lambda n: (len(scores[n]), n))
    rows = related(store, nct)
    got = {r["nct_id"]: float(r["similarity"]) for r in rows if r["similarity"] is not None}
    assert got == scores[nct] and got
    ranks = [(int(r["stated_link"] or 0), float(r["similarity"] or -1)) for r in rows]
    assert ranks == sorted(ranks, reverse=True)
    assert all(r["similarity"] is None for r in related(before, nct)), "no similarity before kg analyze"
