"""The registry's browse index: MeSH leaves (``<base>browse-leaf/<NCT>-c<n>`` for conditions,
``-i<n>`` for interventions) and branches, the registry's therapeutic areas.

A leaf is this trial's filing under a MeSH term, so it carries what qualifies that link: the
relevance (HIGH when the record names the term, LOW for a broader term), the text it was found
from, and the registry's leaf id; it points at the MeSH term's NLM node when the record's MeSH
lists (``meshes``, ``ancestors``) give the term's descriptor id. A branch ("BC04",
"Neoplasms") is shared: ``<base>browse-branch/condition-BC04`` (the same abbreviation "All"
names different branches for conditions and interventions, so the kind is part of the key).
The record does not say which leaf falls under which branch, so branches hang on the trial.
"""

from __future__ import annotations

from pyoxigraph import Literal, NamedNode

from kg.iris import slug
from kg.mapping.emit import Emitter
from kg.model import Browse, MeshTerm, Study
from kg.vocab import MESH_NS, RDF, RDFS, TG

__all__ = ["map_browse"]


def map_browse(em: Emitter, study: Study) -> None:
    """Leaves and branches of the condition and intervention browse modules."""
    _browse(
        em,
        study.condition_browse,
        "condition",
        (TG.conditionBrowseLeaf, TG.conditionBrowseBranch),
        study.condition_meshes + study.condition_mesh_ancestors,
    )
    _browse(
        em,
        study.intervention_browse,
        "intervention",
        (TG.interventionBrowseLeaf, TG.interventionBrowseBranch),
        study.intervention_meshes + study.intervention_mesh_ancestors,
    )


def _browse(
    em: Emitter, browse: Browse | None, kind: str, links: tuple[NamedNode, NamedNode], meshes: list[MeshTerm]
) -> None:
    if browse is None:
        return
    leaf_link, branch_link = links
    mesh_ids = {term.term: term.id for term in meshes}
    for n, leaf in enumerate(browse.leaves, 1):
        node = em.node("browse-leaf", f"{kind[0]}{n}")
        em.add(node, RDF.type, TG.BrowseLeaf)
        em.add(node, RDFS.label, Literal(leaf.name))
        em.add(em.trial, leaf_link, node)
        em.text(node, TG.browseLeafId, leaf.id)
        em.text(node, TG.asFound, leaf.as_found)
        em.code(node, TG.meshRelevance, "mesh-relevance", leaf.relevance)
        mesh_id = mesh_ids.get(leaf.name)
        if mesh_id is not None:
            em.add(node, TG.meshTerm, NamedNode(MESH_NS + mesh_id))
    for branch in browse.branches:
        node = NamedNode(f"{em.base}browse-branch/{kind}-{slug(branch.abbrev)}")
        em.add_shared(node, RDF.type, TG.BrowseBranch)
        em.add_shared(node, RDFS.label, Literal(branch.name))
        em.add_shared(node, TG.branchAbbrev, Literal(branch.abbrev))
        em.add(em.trial, branch_link, node)
