"""Every real API v2 record builds, and the graph holds as many of each thing as its JSON.

The expected counts are walked out of the source JSON here, with plain dict access, so they
do not depend on the reader or the mapping under test.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from kg.store import TrialStore

TG = "https://w3id.org/trialgraph/ontology#"

#: what the test counts -> the trial's property that links to (or names) one such thing
LINKS = {
    "conditions": "conditionName",
    "interventions": "hasIntervention",
    "arms": "hasArm",
    "sites": "hasSite",
    "outcomes": "hasOutcome",
    "condition_mesh": "conditionMesh",
    "condition_mesh_ancestors": "conditionMeshAncestor",
    "intervention_mesh": "interventionMesh",
    "intervention_mesh_ancestors": "interventionMeshAncestor",
    "collaborators": "collaborator",
}


def _named(items: list, key: str) -> list:
    return [item for item in items if isinstance(item, dict) and str(item.get(key) or "").strip()]


def _site_key(site: dict) -> tuple:
    return tuple(site.get(k) for k in ("facility", "city", "state", "zip", "country", "status"))


def _sites(contacts: dict) -> int:
    """``locations`` plus the entries of the odd ``locations_nested`` key that are not repeats."""
    sites = [s for s in contacts.get("locations", []) if isinstance(s, dict) and s]
    seen = Counter(_site_key(s) for s in sites)
    for site in contacts.get("locations_nested", []):
        if isinstance(site, dict) and site and not seen[_site_key(site)]:
            sites.append(site)
    return len(sites)


def _mesh(derived: dict, module: str, key: str) -> int:
    return len({m["id"] for m in derived.get(module, {}).get(key, []) if m.get("id")})


def expected_counts(study: dict) -> dict[str, int]:
    """Counts of each linked thing, straight from one API v2 study."""
    ps = study["protocolSection"]
    derived = study.get("derivedSection", {})
    arms_module = ps.get("armsInterventionsModule", {})
    outcomes = ps.get("outcomesModule", {})
    names = {c.strip() for c in ps.get("conditionsModule", {}).get("conditions", []) if c and c.strip()}
    collaborators = _named(ps.get("sponsorCollaboratorsModule", {}).get("collaborators", []), "name")
    return {
        "conditions": len(names),
        "interventions": len(_named(arms_module.get("interventions", []), "name")),
        "arms": len(_named(arms_module.get("armGroups", []), "label")),
        "sites": _sites(ps.get("contactsLocationsModule", {})),
        "outcomes": sum(
            len(_named(outcomes.get(kind, []), "measure"))
            for kind in ("primaryOutcomes", "secondaryOutcomes", "otherOutcomes")
        ),
        "condition_mesh": _mesh(derived, "conditionBrowseModule", "meshes"),
        "condition_mesh_ancestors": _mesh(derived, "conditionBrowseModule", "ancestors"),
        "intervention_mesh": _mesh(derived, "interventionBrowseModule", "meshes"),
        "intervention_mesh_ancestors": _mesh(derived, "interventionBrowseModule", "ancestors"),
        "collaborators": len({c["name"].strip().casefold() for c in collaborators}),
    }


def graph_counts(store: TrialStore) -> dict[str, Counter]:
    """For each property in LINKS: NCT id -> number of distinct values the trial has."""
    counts: dict[str, Counter] = {}
    for what, prop in LINKS.items():
        query = f"""
            SELECT ?nct (COUNT(DISTINCT ?o) AS ?n) WHERE {{
              GRAPH ?g {{ ?trial <{TG}nctId> ?nct ; <{TG}{prop}> ?o }}
            }} GROUP BY ?nct"""
        counts[what] = Counter({row["nct"].value: int(row["n"].value) for row in store.query(query)})
    return counts


def test_every_real_record_is_in_the_graph(v2_build: Path, v2_studies: dict[str, dict]) -> None:
    store = TrialStore(v2_build / "store", read_only=True)
    summary = json.loads((v2_build / "summary.json").read_text())
    assert summary["problems"] == 0
    built = {graph.rsplit("/", 1)[1] for graph in store.trial_graphs()}
    assert built == set(v2_studies)
    assert len(built) == 3232


def test_graph_counts_equal_the_json(v2_build: Path, v2_studies: dict[str, dict]) -> None:
    counts = graph_counts(TrialStore(v2_build / "store", read_only=True))
    mismatches = []
    for nct, study in v2_studies.items():
        for what, expected in expected_counts(study).items():
            if counts[what][nct] != expected:
                mismatches.append((nct, what, expected, counts[what][nct]))
    assert mismatches == []
    totals = {what: sum(c.values()) for what, c in counts.items()}
    assert totals["sites"] > 50_000 and totals["outcomes"] > 20_000  # the test is not vacuous
