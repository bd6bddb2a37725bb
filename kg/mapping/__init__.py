"""Study -> quads: a pure function, deterministic IRIs, pyoxigraph terms.

Trial-specific triples go in the trial's named graph ``<base>graph/<NCT>``; identity
triples of shared entities (type, labels) go in ``<base>graph/shared``; links from a trial
to a shared entity, and anything one record claims about a shared entity (an
organisation's agency class, a condition's MeSH grounding), stay in the trial's graph, so
replacing a trial's graph replaces everything that record said.

>>> from kg.iris import trial_graph
>>> from kg.model import Study
>>> quads = map_study(Study(nct_id="NCT04632225", brief_title="A trial"))
>>> all(q.graph_name == trial_graph("NCT04632225") for q in quads)
True
"""

from __future__ import annotations

from pyoxigraph import Literal, NamedNode, Quad

from kg.iris import DEFAULT_BASE, shared_graph, trial_graph, trial_iri
from kg.mapping.arms import map_arms, map_interventions
from kg.mapping.browse import map_browse
from kg.mapping.contacts import map_contacts
from kg.mapping.design import map_conditions, map_design
from kg.mapping.details import map_details
from kg.mapping.eligibility import map_eligibility
from kg.mapping.emit import Emitter, date_literal
from kg.mapping.ipd import map_sharing
from kg.mapping.outcomes import map_outcomes
from kg.mapping.parties import map_parties
from kg.mapping.references import map_documents, map_references, map_secondary_ids
from kg.mapping.registry import map_registry
from kg.mapping.results_section import map_results
from kg.mapping.sites import map_sites
from kg.mapping.trial import map_identity, map_related, map_status
from kg.model import Origin, Study
from kg.vocab import PROV, RDF, TG, XSD

__all__ = ["emit_study", "map_study", "provenance_quads"]


def map_study(study: Study, *, base: str = DEFAULT_BASE, contacts: bool = True) -> list[Quad]:
    """Every quad of one study (trial graph and shared graph), in a stable order; with
    ``contacts=False``, without the people's names, phones and e-mails of ``map_contacts``."""
    return emit_study(study, base=base, contacts=contacts).quads


def emit_study(study: Study, *, base: str = DEFAULT_BASE, contacts: bool = True) -> Emitter:
    """The study mapped: its emitter, holding every quad as N-Quads text (what the build loads)."""
    em = Emitter(
        base=base, nct_id=study.nct_id, graph=trial_graph(study.nct_id, base=base), shared=shared_graph(base=base)
    )
    map_identity(em, study)
    map_status(em, study)
    map_design(em, study)
    map_conditions(em, study)
    map_parties(em, study)
    map_arms(em, study, map_interventions(em, study))
    map_outcomes(em, study)
    map_eligibility(em, study)
    map_sites(em, study)
    map_references(em, study)
    map_documents(em, study)
    map_secondary_ids(em, study)
    map_related(em, study)
    map_results(em, study)
    if contacts:
        map_contacts(em, study)
    map_browse(em, study)
    map_sharing(em, study)
    map_registry(em, study)
    map_details(em, study)
    return em


def provenance_quads(
    study: Study,
    origin: Origin,
    *,
    base: str = DEFAULT_BASE,
    build_time: str,
    tool_version: str,
    digest: str | None = None,
    contacts: bool = True,
) -> list[Quad]:
    """Quads about the trial's named graph, in that graph: source, record date, build time.

    ``tg:recordLastUpdated`` (the record's last-update date) decides which copy of a trial
    the store keeps; it is left out when the record has no such date. ``tg:registryVersion``
    is the registry's data version the record was taken from; ``tg:contactsIncluded`` says
    whether the build kept contact details (``kg build --no-contacts``).
    """
    g = trial_graph(study.nct_id, base=base)

    def q(p: NamedNode, o: NamedNode | Literal) -> Quad:
        return Quad(g, p, o, g)

    quads = [
        q(RDF.type, PROV.Entity),
        q(TG.describesTrial, trial_iri(study.nct_id, base=base)),
        q(TG.sourceFile, Literal(origin.path)),
        q(TG.sourcePosition, Literal(origin.position)),
        q(TG.sourceFormat, Literal(origin.format)),
    ]
    if study.last_updated:
        quads.append(q(TG.recordLastUpdated, date_literal(study.last_updated)))
    if study.registry.version_holder:
        quads.append(q(TG.registryVersion, date_literal(study.registry.version_holder)))
    quads.append(q(TG.contactsIncluded, Literal(contacts)))
    if digest:
        quads.append(q(TG.recordDigest, Literal(digest)))
    quads.append(q(PROV.generatedAtTime, Literal(build_time, datatype=XSD.dateTime)))
    quads.append(q(TG.toolVersion, Literal(tool_version)))
    return quads
