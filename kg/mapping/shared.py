"""Shared entities: one node per normalised name, identity triples in the shared graph.

Conditions, intervention concepts, organisations and facilities get every verbatim
spelling as ``skos:altLabel`` and no ``rdfs:label`` (the store picks one per node later).
Countries and MeSH terms have one authoritative name, given as ``rdfs:label``.
"""

from __future__ import annotations

from pyoxigraph import Literal, NamedNode

from kg.iris import country_code, country_local, mesh_id, name_key, organization_key, slug
from kg.mapping.emit import Emitter
from kg.model import MeshTerm
from kg.vocab import MESH_NS, RDF, RDFS, TG


def condition_node(em: Emitter, name: str) -> NamedNode:
    """``<base>condition/<slug of name key>``."""
    node = NamedNode(f"{em.base}condition/{slug(name_key(name))}")
    em.shared_entity(node, TG.Condition, name)
    return node


def intervention_node(em: Emitter, name: str) -> NamedNode:
    """``<base>intervention/<slug of name key>``: the concept, whatever its type in one trial."""
    node = NamedNode(f"{em.base}intervention/{slug(name_key(name))}")
    em.shared_entity(node, TG.Intervention, name)
    return node


def organization_node(em: Emitter, name: str) -> NamedNode:
    """``<base>organization/<slug of organisation key>`` (the legal form kept, its spelling unified)."""
    node = NamedNode(f"{em.base}organization/{slug(organization_key(name))}")
    em.shared_entity(node, TG.Organization, name)
    return node


def country_node(em: Emitter, name: str) -> NamedNode:
    """``<base>country/<ISO 3166-1 alpha-2>`` (``country/KR``), or a slug of the name for a place
    the ISO table lacks (``country/kosovo``). Registry spellings vary ("Korea, Republic of" and
    "South Korea", "Turkey (Türkiye)"), so each is an alternative label, the store picks one
    ``rdfs:label``, and the code is the node's ``tg:countryCode``."""
    code = country_code(name)
    node = NamedNode(f"{em.base}country/{code or slug(name_key(name))}")
    em.shared_entity(node, TG.Country, name)
    if code is not None:
        em.add_shared(node, TG.countryCode, Literal(code))
    return node


def facility_node(em: Emitter, name: str, city: str | None, state: str | None, country: str | None) -> NamedNode:
    """``<base>facility/<name>--<city>--<state>--<country>``: facility names such as
    "Research Site" repeat across cities, so the place is part of the key."""
    parts = [slug(name_key(p)) for p in (name, city, state) if p]
    if country:
        parts.append(slug(name_key(country_local(country))))
    node = NamedNode(f"{em.base}facility/{'--'.join(parts)}")
    em.shared_entity(node, TG.Facility, name)
    return node


def mesh_node(em: Emitter, term: MeshTerm) -> NamedNode:
    """The NLM IRI of a MeSH term, typed and labelled in the shared graph. The id is
    written as NLM writes it (``D000003920`` -> ``D003920``, ``kg.iris.mesh_id``), so the
    registry's two spellings of one descriptor meet in one node."""
    canonical = mesh_id(term.id)
    node = NamedNode(MESH_NS + canonical)
    if node not in em.shared_seen:
        em.shared_seen.add(node)
        em.add_shared(node, RDF.type, TG.MeshTerm)
        em.add_shared(node, RDFS.label, Literal(term.term))
        em.add_shared(node, TG.meshId, Literal(canonical))
    return node
