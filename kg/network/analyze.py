"""``kg analyze``: network analytics on projections of the store, and similar trials.

Rankings, components and communities are printed (and optionally saved as JSON); the
similar trials of each trial are written back into the store as their own named graph
``<base>analysis/similar-trials``, outside ``<base>graph/`` so they are never taken for a
trial's graph and a re-run replaces them as a unit. Each link is a direct
``tg:similarTrial`` (one hop for the catalogue query) plus a ``tg:TrialSimilarity`` node
carrying the score and the method, so trials read from JSON get related trials too.

Similarity (``similar_trials``) is what a reader would call "the same kind of trial": two
facets, what is studied (the trial's conditions, their MeSH descriptors and MeSH ancestors)
and what is tested (its interventions, their MeSH descriptors and ancestors). Each feature
weighs ``base * log(N / df)``, ``df`` being the number of trials that have it among ``N``
(IDF): placebo, saline or MeSH "Diseases" count next to nothing, a specific drug or a rare
disease a lot; ``base`` is 1 for a condition, an intervention and their MeSH descriptors
and 0.5 for MeSH ancestors (broader than what the record said). Per facet the score is the
weighted Jaccard (shared weight / weight of the union); the trial's score is the mean of the
two facets, and a facet either trial lacks counts 0 (nothing stated is not agreement), so two
trials without interventions score at most 0.5 however alike their conditions. Candidate
pairs come from an inverted index that skips features shared by more than ``max_shared``
trials (default ``MAX_SHARED``), which would make the pairing quadratic; those features still
count in the score. The trials projection that components and communities are computed on is
capped the same way; the figures say how many features each skipped.
"""

from __future__ import annotations

import math
from collections import defaultdict
from pathlib import Path
from typing import Any

import networkx as nx
import pyoxigraph as ox

from kg.network.projections import MAX_SHARED, full, trials
from kg.store import TrialStore
from kg.vocab import RDF, RDFS, TG, XSD

METHOD = (
    "IDF-weighted Jaccard per facet (conditions with their MeSH terms; interventions with theirs), "
    "MeSH ancestors at half weight, mean of the two facets, a facet missing from either trial counting 0"
)
#: feature predicate -> (facet, base weight)
FEATURES = {
    "condition": (0, 1.0),
    "conditionMesh": (0, 1.0),
    "conditionMeshAncestor": (0, 0.5),
    "testsIntervention": (1, 1.0),
    "interventionMesh": (1, 1.0),
    "interventionMeshAncestor": (1, 0.5),
}
FACETS = 2
Similar = dict[str, list[tuple[str, float]]]  # trial -> [(similar trial, score)], best first
Features = dict[str, dict[tuple[int, str], float]]  # trial -> {(facet, feature IRI): base weight}
_PREDICATES = " ".join(f"<{TG[name].value}>" for name in FEATURES)
_FEATURES = f"""
SELECT ?t ?p ?x WHERE {{ GRAPH ?g {{ ?g <{TG.describesTrial.value}> ?t . ?t ?p ?x VALUES ?p {{ {_PREDICATES} }} }} }}
"""


def features(store: TrialStore) -> Features:
    """Trial IRI -> {(facet, feature IRI): base weight}; a feature reached by two predicates of
    one facet (a descriptor that is also an ancestor) keeps the larger weight."""
    out: Features = defaultdict(dict)
    for row in store.query(_FEATURES):
        facet, weight = FEATURES[row["p"].value.rsplit("#", 1)[1]]
        feats, key = out[row["t"].value], (facet, row["x"].value)
        feats[key] = max(weight, feats.get(key, 0.0))
    return out


def idf_weighted(feats: Features) -> Features:
    """Each base weight times ``log(N / df)``: a feature every trial has weighs nothing."""
    df: dict[tuple[int, str], int] = defaultdict(int)
    for fs in feats.values():
        for key in fs:
            df[key] += 1
    n = len(feats)
    return {t: {key: w * math.log(n / df[key]) for key, w in fs.items()} for t, fs in feats.items()}


def score(a: dict[tuple[int, str], float], b: dict[tuple[int, str], float]) -> float:
    """The mean over facets of the weighted Jaccard of two trials' weighted features; a facet
    either trial lacks (no weight) counts 0.

    >>> cond, drug = (0, "asthma"), (1, "drug")
    >>> score({cond: 2.0, drug: 1.0}, {cond: 2.0, drug: 1.0}), score({cond: 2.0}, {cond: 2.0})
    (1.0, 0.5)
    """
    shared, totals = [0.0] * FACETS, [0.0] * FACETS
    for key, w in a.items():
        totals[key[0]] += w
        if key in b:
            shared[key[0]] += min(w, b[key])
    for key, w in b.items():
        totals[key[0]] += w
    return sum(s / (t - s) for s, t in zip(shared, totals, strict=True) if t - s > 0) / FACETS


def similar_trials(feats: Features, *, k: int, min_score: float, max_shared: int = MAX_SHARED) -> Similar:
    """Trial -> up to k (other trial, score) with score >= min_score, best first (features as
    ``features`` gives them; IDF weights are computed here, over these trials).

    Computes ``score`` for every candidate pair without building it pair by pair: shared
    weight is summed along the inverted index (features under the cap), then the few features
    over the cap are added for the candidates found."""
    weighted = idf_weighted(feats)
    totals = {t: _facet_totals(fs) for t, fs in weighted.items()}
    index: dict[tuple[int, str], list[tuple[str, float]]] = defaultdict(list)
    for trial, fs in weighted.items():
        for key, w in fs.items():
            index[key].append((trial, w))
    out: Similar = {}
    for trial, fs in weighted.items():
        shared: dict[str, list[float]] = defaultdict(lambda: [0.0] * FACETS)
        common = []
        for key, w in fs.items():
            if len(index[key]) > max_shared:
                common.append((key, w))
                continue
            for other, wo in index[key]:
                shared[other][key[0]] += min(w, wo)
        shared.pop(trial, None)
        scored = []
        for other, sums in shared.items():
            for key, w in common:
                wo = weighted[other].get(key)
                if wo:
                    sums[key[0]] += min(w, wo)
            union = [ta + tb - s for ta, tb, s in zip(totals[trial], totals[other], sums, strict=True)]
            value = round(sum(s / u for s, u in zip(sums, union, strict=True) if u > 0) / FACETS, 4)
            if value >= min_score and value > 0:
                scored.append((other, value))
        scored.sort(key=lambda s: (-s[1], s[0]))
        if scored:
            out[trial] = scored[:k]
    return out


def _facet_totals(fs: dict[tuple[int, str], float]) -> list[float]:
    totals = [0.0] * FACETS
    for (facet, _), w in fs.items():
        totals[facet] += w
    return totals


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


def _common(feats: Features, max_shared: int) -> int:
    """How many features are shared by more than ``max_shared`` trials (no candidates from them)."""
    trials_of: dict[tuple[int, str], int] = defaultdict(int)
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
