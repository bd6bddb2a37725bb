"""Sites: ``<base>site/<NCT>-<n>``, each linked to a shared facility and country, with its
own status and coordinates (never another site's). A site without facility name, city or
country still maps; it just has fewer links."""

from __future__ import annotations

from kg.mapping.emit import Emitter, decimal_literal
from kg.mapping.shared import country_node, facility_node
from kg.model import Study
from kg.vocab import TG


def map_sites(em: Emitter, study: Study) -> None:
    """One node per site, labelled "facility, city, country"."""
    for n, site in enumerate(study.sites, 1):
        node = em.node("site", str(n))
        place = ", ".join(p for p in (site.facility, site.city, site.country) if p)
        em.part(node, TG.Site, place or f"Site {n} of {em.nct}")
        em.add(em.trial, TG.hasSite, node)
        if site.facility and site.facility.strip():
            em.add(node, TG.facility, facility_node(em, site.facility, site.city, site.state, site.country))
            em.text(node, TG.facilityName, site.facility)
        em.text(node, TG.city, site.city)
        em.text(node, TG.state, site.state)
        em.text(node, TG.postalCode, site.zip)
        if site.country and site.country.strip():
            em.add(node, TG.country, country_node(em, site.country))
        em.code(node, TG.recruitmentStatus, "recruitment-status", site.status)
        if site.geo is not None:
            em.add(node, TG.latitude, decimal_literal(site.geo.lat))
            em.add(node, TG.longitude, decimal_literal(site.geo.lon))
