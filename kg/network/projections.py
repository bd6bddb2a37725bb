"""The store projected into networkx graphs that Gephi users and ``kg analyze`` work on.

Read with SPARQL over the union of the trial and shared graphs, so the projections see what
the catalogue queries see. Node ids are IRIs; every node has ``kind`` and ``label``, trials
also phase, status, enrollment, country, start year and sponsor class (the attributes Gephi
users filter and colour by). Absent attributes are left out, not filled with a default.

- ``full``: trials and the shared entities they link to (conditions, interventions,
  sponsors, countries of their sites, condition MeSH terms), typed edges (``relation``), one
  per relation, so a sponsor that is both lead and collaborator of a trial keeps both roles;
- ``trials``: trial to trial, weighted by the conditions and interventions they share (a
  feature shared by more than ``max_shared`` trials links no pair by itself; counted in the
  graph's attributes);
- ``sponsors``: organisations that sponsor or collaborate on the same trial, weighted by trials;
- ``conditions-interventions``: condition to intervention, weighted by trials testing both;
- ``interventions-adverse-events``: intervention to adverse-event term, weighted by participants affected.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from itertools import combinations

import networkx as nx

from kg.store import TrialStore
from kg.vocab import RDFS_NS, SKOS_NS, TG_NS

PROJECTIONS = ("full", "trials", "sponsors", "conditions-interventions", "interventions-adverse-events")
#: In the ``trials`` projection, a condition or intervention shared by more trials than this
#: links no pair by itself (see ``trials``); ``kg analyze`` uses the same cap for candidates.
MAX_SHARED = 500
_P = f"PREFIX tg: <{TG_NS}> PREFIX skos: <{SKOS_NS}> PREFIX rdfs: <{RDFS_NS}>\n"

_TRIALS = (
    _P
    + """SELECT ?t ?label ?status ?enrollment ?start ?class
  (GROUP_CONCAT(DISTINCT ?phase; separator="/") AS ?phases)
  (GROUP_CONCAT(DISTINCT ?country; separator="; ") AS ?countries)
WHERE { GRAPH ?g { ?g tg:describesTrial ?t . ?t rdfs:label ?label
  OPTIONAL { ?t tg:overallStatus ?st . GRAPH ?os { ?st skos:notation ?status } }
  OPTIONAL { ?t tg:enrollment ?enrollment } OPTIONAL { ?t tg:startDate ?start }
  OPTIONAL { ?t tg:phase ?p . GRAPH ?o { ?p skos:notation ?phase } }
  OPTIONAL { ?t tg:leadSponsor ?s . ?s tg:agencyClass ?c . GRAPH ?o2 { ?c skos:notation ?class } }
  OPTIONAL { ?t tg:hasSite/tg:country ?k . GRAPH ?sh { ?k rdfs:label ?country } } } }
GROUP BY ?t ?label ?status ?enrollment ?start ?class"""
)
# (relation, property path from the trial, kind of the target)
LINKS = (
    ("CONDITION", "tg:condition", "condition"),
    ("TESTS_INTERVENTION", "tg:testsIntervention", "intervention"),
    ("LEAD_SPONSOR", "tg:leadSponsor", "organization"),
    ("COLLABORATOR", "tg:collaborator", "organization"),
    ("SITE_COUNTRY", "tg:hasSite/tg:country", "country"),
    ("CONDITION_MESH", "tg:conditionMesh", "mesh"),
)


def _links(store: TrialStore, path: str) -> list[tuple[str, str, str, int]]:
    """(trial, target, target label) for one link path, one row per site for countries."""
    query = (
        _P
        + f"""SELECT ?t ?x (SAMPLE(?l) AS ?label) (COUNT(*) AS ?n) WHERE {{
  GRAPH ?g {{ ?g tg:describesTrial ?t . ?t {path} ?x }} OPTIONAL {{ GRAPH ?s {{ ?x rdfs:label ?l }} }}
}} GROUP BY ?t ?x"""
    )
    return [
        (r["t"].value, r["x"].value, r["label"].value if r["label"] else r["x"].value, int(r["n"].value))
        for r in store.query(query)
    ]


def trial_attributes(store: TrialStore) -> dict[str, dict[str, object]]:
    """Trial IRI -> its Gephi attributes."""
    out: dict[str, dict[str, object]] = {}
    for r in store.query(_TRIALS):
        attrs: dict[str, object] = {"kind": "trial", "label": r["label"].value}
        if r["phases"] and r["phases"].value:
            attrs["phase"] = "/".join(sorted(r["phases"].value.split("/")))
        if r["status"]:
            attrs["status"] = r["status"].value
        if r["enrollment"]:
            attrs["enrollment"] = int(r["enrollment"].value)
        if r["countries"] and r["countries"].value:
            attrs["country"] = "; ".join(sorted(r["countries"].value.split("; ")))
        if r["start"]:
            attrs["start_year"] = int(r["start"].value[:4])
        if r["class"]:
            attrs["sponsor_class"] = r["class"].value
        out[r["t"].value] = attrs
    return out


def full(store: TrialStore) -> nx.MultiDiGraph:
    """Trials and the shared entities they link to, one typed, weighted edge per relation.

    A multigraph keyed by relation, so a trial whose lead sponsor is also listed as a
    collaborator keeps both edges (``LEAD_SPONSOR`` and ``COLLABORATOR``), as the store keeps
    both ``tg:leadSponsor`` and ``tg:collaborator``. Gephi loads such parallel edges because
    their kinds differ (``kind`` in the GEXF, see ``kg/export/gephi.py``).
    """
    graph = nx.MultiDiGraph(name="trialgraph full")
    for iri, attrs in trial_attributes(store).items():
        graph.add_node(iri, **attrs)
    for relation, path, kind in LINKS:
        for trial, target, label, n in _links(store, path):
            if trial not in graph:
                continue
            if target not in graph:
                graph.add_node(target, kind=kind, label=label)
            graph.add_edge(trial, target, key=relation, relation=relation, weight=float(n))
    return graph


def memberships(store: TrialStore, relations: Iterable[str]) -> tuple[dict[str, set[str]], dict[str, dict]]:
    """Trial -> linked entities over some relations, and the entities' attributes."""
    by_trial: dict[str, set[str]] = defaultdict(set)
    nodes: dict[str, dict] = {}
    for relation, path, kind in LINKS:
        if relation in relations:
            for trial, target, label, _ in _links(store, path):
                by_trial[trial].add(target)
                nodes[target] = {"kind": kind, "label": label}
    return by_trial, nodes


def _co_occurrence(groups: Iterable[Iterable[str]]) -> Counter[tuple[str, str]]:
    pairs: Counter[tuple[str, str]] = Counter()
    for group in groups:
        pairs.update(combinations(sorted(group), 2))
    return pairs


def trials(store: TrialStore, *, max_shared: int = MAX_SHARED) -> nx.Graph:
    """Trial to trial, weighted by shared conditions and interventions.

    A feature (condition or intervention) shared by more than ``max_shared`` trials (Placebo,
    say) links no pair on its own: it alone would add ``n * (n - 1) / 2`` edges, quadratic in
    its trials (the 10,000-trial benchmark ran out of memory on them). It still adds to the
    weight of the pairs that other features link, as ``kg analyze``'s similarity does. The
    graph says what was skipped: ``max_shared``, ``skipped_features`` (how many) and
    ``skipped_feature_labels`` ("label (n trials)" joined with "; ", most trials first).
    """
    by_trial, nodes = memberships(store, ("CONDITION", "TESTS_INTERVENTION"))
    by_entity: dict[str, set[str]] = defaultdict(set)
    for trial, entities in by_trial.items():
        for entity in entities:
            by_entity[entity].add(trial)
    common = {e: ts for e, ts in by_entity.items() if len(ts) > max_shared}
    skipped = sorted(common, key=lambda e: (-len(common[e]), nodes[e]["label"]))
    graph = nx.Graph(
        name="trialgraph trials",
        max_shared=max_shared,
        skipped_features=len(skipped),
        skipped_feature_labels="; ".join(f"{nodes[e]['label']} ({len(common[e])} trials)" for e in skipped),
    )
    graph.add_nodes_from(trial_attributes(store).items())
    pairs = _co_occurrence(ts for e, ts in by_entity.items() if e not in common)
    for (a, b), n in pairs.items():
        if common:
            n += sum(1 for e in by_trial[a] & by_trial[b] if e in common)
        graph.add_edge(a, b, relation="SHARES_CONDITION_OR_INTERVENTION", weight=float(n))
    return graph


def sponsors(store: TrialStore) -> nx.Graph:
    """Organisations linked when they sponsor or collaborate on the same trial."""
    by_trial, nodes = memberships(store, ("LEAD_SPONSOR", "COLLABORATOR"))
    graph = nx.Graph(name="trialgraph sponsors")
    graph.add_nodes_from(nodes.items())
    for (a, b), n in _co_occurrence(by_trial.values()).items():
        graph.add_edge(a, b, relation="COLLABORATES_WITH", weight=float(n))
    return graph


def conditions_interventions(store: TrialStore) -> nx.Graph:
    """Condition to intervention, weighted by the trials that study both."""
    by_trial, nodes = memberships(store, ("CONDITION", "TESTS_INTERVENTION"))
    graph = nx.Graph(name="trialgraph conditions-interventions")
    graph.add_nodes_from(nodes.items())
    pairs: Counter[tuple[str, str]] = Counter()
    for entities in by_trial.values():
        conds = [e for e in entities if nodes[e]["kind"] == "condition"]
        drugs = [e for e in entities if nodes[e]["kind"] == "intervention"]
        pairs.update((c, d) for c in conds for d in drugs)
    for (c, d), n in pairs.items():
        graph.add_edge(c, d, relation="STUDIED_WITH", weight=float(n))
    return graph


def project(store: TrialStore, name: str, *, max_shared: int = MAX_SHARED) -> nx.Graph:
    """The projection called ``name`` (one of ``PROJECTIONS``); ``max_shared`` is for ``trials``."""
    builders = {
        "full": full,
        "trials": trials,
        "sponsors": sponsors,
        "conditions-interventions": conditions_interventions,
        "interventions-adverse-events": interventions_adverse_events,
    }
    if name not in builders:
        raise KeyError(f"unknown projection {name!r}; valid projections: {', '.join(PROJECTIONS)}")
    if name == "trials":
        return trials(store, max_shared=max_shared)
    return builders[name](store)


_INTERVENTION_EVENTS = (
    _P
    + """SELECT ?i ?term (SUM(?a) AS ?affected) (COUNT(DISTINCT ?trial) AS ?trials) WHERE {
  { SELECT DISTINCT ?trial ?count ?i ?term ?a WHERE {
      ?trial tg:hasAdverseEvent ?event . ?event tg:adverseEventTerm ?term ; tg:hasEventCount ?count .
      ?count tg:group ?group ; tg:numAffected ?a .
      ?group tg:reportsArm ?arm . ?arm tg:armIntervention ?ti . ?ti tg:intervention ?i } }
} GROUP BY ?i ?term"""
)


def interventions_adverse_events(store: TrialStore) -> nx.Graph:
    """Intervention to adverse-event term, weighted by the participants affected in the reporting
    groups that received the intervention (a group counts only when it is linked to its protocol
    arm, so a placebo group's events are never put on the drug it was compared with)."""
    graph = nx.Graph(name="trialgraph interventions-adverse-events")
    labels = _labels(store)
    for row in store.query(_INTERVENTION_EVENTS, union=True):
        i, term, affected = row["i"].value, row["term"].value, float(row["affected"].value)
        if affected <= 0:  # a term only other groups had: no participant on this intervention links them
            continue
        graph.add_node(i, kind="intervention", label=labels.get(i, i))
        graph.add_node(term, kind="adverse-event-term", label=labels.get(term, term))
        graph.add_edge(i, term, relation="REPORTED_WITH", weight=affected, trials=int(row["trials"].value))
    return graph


def _labels(store: TrialStore) -> dict[str, str]:
    query = (
        _P
        + """SELECT ?x (SAMPLE(?l) AS ?label) WHERE {
  { ?x a tg:Intervention } UNION { ?x a tg:AdverseEventTerm } ?x rdfs:label ?l } GROUP BY ?x"""
    )
    return {r["x"].value: r["label"].value for r in store.query(query, union=True)}
