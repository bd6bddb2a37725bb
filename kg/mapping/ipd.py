"""Sharing beyond the record: the plan to share individual participant data
(``<base>ipd-sharing/<NCT>``, its answer and info types as SKOS concepts), the data sets and
documents already shared (``<base>available-ipd/<NCT>-<n>``) and the see-also links
(``<base>see-also/<NCT>-<n>``)."""

from __future__ import annotations

from pyoxigraph import Literal, NamedNode

from kg.mapping.emit import Emitter
from kg.model import Study
from kg.vocab import TG, XSD

__all__ = ["map_sharing"]


def _url(em: Emitter, node: NamedNode, p: NamedNode, url: str | None) -> None:
    if url:
        em.add(node, p, Literal(url, datatype=XSD.anyURI))


def map_sharing(em: Emitter, study: Study) -> None:
    """IPD sharing statement, available IPD and documents, see-also links."""
    plan = study.ipd_sharing
    if plan is not None:
        node = em.node("ipd-sharing")
        em.part(node, TG.IpdSharingStatement, f"Plan to share participant data of {em.nct}")
        em.add(em.trial, TG.hasIpdSharingStatement, node)
        em.code(node, TG.ipdSharing, "ipd-sharing", plan.sharing)
        em.text(node, TG.ipdDescription, plan.description)
        for info_type in plan.info_types:
            em.code(node, TG.ipdInfoType, "ipd-info-type", info_type)
        em.text(node, TG.ipdTimeFrame, plan.time_frame)
        em.text(node, TG.ipdAccessCriteria, plan.access_criteria)
        _url(em, node, TG.ipdUrl, plan.url)
    for n, ipd in enumerate(study.available_ipds, 1):
        node = em.node("available-ipd", str(n))
        em.part(node, TG.AvailableIpd, f"{ipd.type or ipd.id or 'Shared data'} ({em.nct} shared data {n})")
        em.add(em.trial, TG.hasAvailableIpd, node)
        em.text(node, TG.availableIpdId, ipd.id)
        em.text(node, TG.availableIpdType, ipd.type)
        _url(em, node, TG.availableIpdUrl, ipd.url)
        em.text(node, TG.availableIpdComment, ipd.comment)
    for n, link in enumerate(study.see_also_links, 1):
        node = em.node("see-also", str(n))
        em.part(node, TG.SeeAlsoLink, link.label or link.url)
        em.add(em.trial, TG.hasSeeAlsoLink, node)
        em.text(node, TG.linkLabel, link.label)
        _url(em, node, TG.linkUrl, link.url)
