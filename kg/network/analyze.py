"""``kg analyze``: network analytics on projections of the store, and similar trials.

Rankings, components and communities are printed (and optionally saved as JSON); the
similar trials of each trial are written back into the store as their own named graph
``<base>analysis/similar-trials``, outside ``<base>graph/`` so they are never taken for a
trial's graph and a re-run replaces them as a unit. Each link is a direct
``tg:similarTrial`` (one hop for the catalogue query) plus a ``tg:TrialSimilarity`` node
carrying the score and the method, so trials read from JSON get related trials too.

Similarity is weighted Jaccard: features are a trial's conditions and interventions
(weight 1) and its condition and intervention MeSH ancestors (weight 0.5, broader, so
they count less); score = sum of shared weights / sum of the union's weights. Candidate
pairs come from an inverted index that skips features shared by more than ``max_shared``
trials (default ``MAX_SHARED``, such as MeSH "Diseases"), which would make the pairing
quadratic; those features still count in the score. The trials projection that components
and communities are computed on is capped the same way; the figures say how many features
each skipped.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from typing import Any

import networkx as nx
import pyoxigraph as ox

from kg.network.projections import MAX_SHARED, full, trials
from kg.store import TrialStore
from kg.vocab import RDF, RDFS, TG, XSD

METHOD = "weighted Jaccard: conditions, interventions (1.0); condition and intervention MeSH ancestors (0.5)"
WEIGHTS = {"condition": 1.0, "testsIntervention": 1.0, "conditionMeshAncestor": 0.5, "interventionMeshAncestor": 0.5}
Similar = dict[str, list[tuple[str, float]]]  # trial -> [(similar trial, score)], best first
_PREDICATES = " ".join(f"<{TG[name].value}>" for name in WEIGHTS)
_FEATURES = f"""
SELECT ?t ?p ?x WHERE {{ GRAPH ?g {{ ?g <{TG.describesTrial.value}> ?t . ?t ?p ?x VALUES ?p {{ {_PREDICATES} }} }} }}
"""


def features(store: TrialStore) -> dict[str, dict[str, float]]:
    """Trial IRI -> {feature IRI: weight}."""
    out: dict[str, dict[str, float]] = defaultdict(dict)
    for row in store.query(_FEATURES):
        weight = WEIGHTS[row["p"].value.rsplit("#", 1)[1]]
        feats = out[row["t"].value]
        feats[row["x"].value] = max(weight, feats.get(row["x"].value, 0.0))
    return out


def similar_trials(
    feats: dict[str, dict[str, float]], *, k: int, min_score: float, max_shared: int = MAX_SHARED
) -> Similar:
    """Trial -> up to k (other trial, score) with score >= min_score, best first."""
    index: dict[str, set[str]] = defaultdict(set)
    for trial, fs in feats.items():
        for f in fs:
            index[f].add(trial)
    out: dict[str, list[tuple[str, float]]] = {}
    for trial, fs in feats.items():
        candidates = {o for f in fs if len(index[f]) <= max_shared for o in index[f]} - {trial}
        scored = []
        for other in candidates:
            ofs = feats[other]
            shared = sum(min(w, ofs[f]) for f, w in fs.items() if f in ofs)
            union = sum(fs.values()) + sum(ofs.values()) - shared
            score = shared / union if union else 0.0
            if score >= min_score:
                scored.append((other, round(score, 4)))
        scored.sort(key=lambda s: (-s[1], s[0]))
        if scored:
            out[trial] = scored[:k]
    return out


def _nct(iri: str) -> str:
    return iri.rsplit("/", 1)[1]


def write_similarities(store: TrialStore, similar: Similar) -> ox.NamedNode:
    """Replace the similar-trials graph with these links; returns its IRI."""
    base = store.shared.value.removesuffix("graph/shared")
    graph = ox.NamedNode(f"{base}analysis/similar-trials")
    quads = []
    for trial, others in similar.items():
        a = ox.NamedNode(trial)
        for other, score in others:
            b = ox.NamedNode(other)
            node = ox.NamedNode(f"{base}similarity/{_nct(trial)}--{_nct(other)}")
            quads += [
                ox.Quad(a, TG.similarTrial, b, graph),
                ox.Quad(node, RDF.type, TG.TrialSimilarity, graph),
                ox.Quad(node, RDFS.label, ox.Literal(f"{_nct(other)} similar to {_nct(trial)}"), graph),
                ox.Quad(node, TG.similaritySource, a, graph),
                ox.Quad(node, TG.similarityTarget, b, graph),
                ox.Quad(node, TG.similarityScore, ox.Literal(str(score), datatype=XSD.decimal), graph),
                ox.Quad(node, TG.similarityMethod, ox.Literal(METHOD), graph),
            ]
    store.remove_graph(graph)
    store.add(quads)
    store.flush()
    return graph


def _common(feats: dict[str, dict[str, float]], max_shared: int) -> int:
    """How many features are shared by more than ``max_shared`` trials (no candidates from them)."""
    trials_of: dict[str, int] = defaultdict(int)
    for fs in feats.values():
        for f in fs:
            trials_of[f] += 1
    return sum(1 for n in trials_of.values() if n > max_shared)


def _top(graph: nx.Graph, kind: str, n: int) -> list[dict[str, Any]]:
    degree = graph.degree(weight="weight")
    ranked = sorted((node for node, k in graph.nodes(data="kind") if k == kind), key=lambda x: (-degree[x], x))
    return [{"iri": x, "label": graph.nodes[x].get("label"), "trials": int(degree[x])} for x in ranked[:n]]


def analyze(
    path: Path, *, top: int = 10, similar: int = 5, min_score: float = 0.2, max_shared: int = MAX_SHARED
) -> dict[str, Any]:
    """Run every analysis on the store at ``path``; write similar trials back; return figures."""
    store = TrialStore(path)
    whole = nx.Graph(full(store))  # one edge per pair: an organisation in two roles counts one trial
    projection = trials(store, max_shared=max_shared)
    components = sorted(nx.connected_components(projection), key=len, reverse=True)
    communities = nx.community.louvain_communities(projection, weight="weight", seed=1)
    feats = features(store)
    links = similar_trials(feats, k=similar, min_score=min_score, max_shared=max_shared)
    graph = write_similarities(store, links)
    return {
        "central": {kind: _top(whole, kind, top) for kind in ("condition", "intervention", "organization")},
        "projection": {
            "max_shared": max_shared,
            "skipped_features": projection.graph["skipped_features"],
            "skipped_feature_labels": projection.graph["skipped_feature_labels"],
        },
        "components": {"count": len(components), "largest": [len(c) for c in components[:5]]},
        "communities": {"count": len(communities), "largest": sorted((len(c) for c in communities), reverse=True)[:5]},
        "similar_trials": {
            "graph": graph.value,
            "trials": len(links),
            "links": sum(len(v) for v in links.values()),
            "skipped_features": _common(feats, max_shared),
        },
    }


def render(result: dict[str, Any]) -> str:
    """The figures as a short text report."""
    lines = []
    for kind, rows in result["central"].items():
        lines.append(f"most central {kind}s (by trials linked):")
        lines += [f"  {r['trials']:>6}  {r['label']}" for r in rows]
    c, m, s, p = result["components"], result["communities"], result["similar_trials"], result["projection"]
    skipped = f": {p['skipped_feature_labels']}" if p["skipped_features"] else ""
    lines.append(
        f"trial projection: {p['skipped_features']} condition(s)/intervention(s) shared by more than "
        f"{p['max_shared']} trials link no pair by themselves{skipped}"
    )
    lines.append(f"trial components (shared conditions/interventions): {c['count']}, largest {c['largest']}")
    lines.append(f"trial communities (Louvain): {m['count']}, largest {m['largest']}")
    lines.append(f"similar trials: {s['links']} links for {s['trials']} trials, written to graph <{s['graph']}>")
    lines.append(
        f"  ({s['skipped_features']} feature(s) shared by more than {p['max_shared']} trials proposed no candidates; "
        "they still count in scores)"
    )
    return "\n".join(lines)
