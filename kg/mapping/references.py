"""References (``<base>reference/<NCT>-<n>``), documents and secondary identifiers."""

from __future__ import annotations

from pyoxigraph import Literal, NamedNode

from kg.mapping.emit import Emitter
from kg.model import Study
from kg.vocab import RDF, RDFS, TG, XSD

PUBMED = "https://pubmed.ncbi.nlm.nih.gov/"
LARGE_DOCS = "https://cdn.clinicaltrials.gov/large-docs/"


def map_references(em: Emitter, study: Study) -> None:
    """Citations with their type and PubMed record (a shared tg:Publication)."""
    for n, ref in enumerate(study.references, 1):
        node = em.node("reference", str(n))
        pmid = (ref.pmid or "").strip()
        em.part(node, TG.Reference, f"Reference {n} of {em.nct}" + (f" (PMID {pmid})" if pmid else ""))
        em.add(em.trial, TG.hasReference, node)
        em.code(node, TG.referenceType, "reference-type", ref.type)
        em.text(node, TG.citation, ref.citation)
        if pmid:
            em.add(node, TG.pmid, Literal(pmid))
            if pmid.isdigit():
                pub = NamedNode(f"{PUBMED}{pmid}/")
                em.add_shared(pub, RDF.type, TG.Publication)
                em.add_shared(pub, RDFS.label, Literal(f"PMID {pmid}"))
                em.add(node, TG.publication, pub)


def map_documents(em: Emitter, study: Study) -> None:
    """Large documents, with the registry's download address when the file name is known."""
    for n, doc in enumerate(study.documents, 1):
        node = em.node("document", str(n))
        em.part(node, TG.Document, f"{doc.label or 'Document'} of {em.nct}")
        em.add(em.trial, TG.hasDocument, node)
        em.text(node, TG.documentType, doc.type_abbrev)
        em.text(node, TG.fileName, doc.filename)
        em.date(node, TG.documentDate, doc.date)
        em.text(node, TG.uploadDate, doc.upload_date)
        if doc.filename and em.nct.startswith("NCT"):
            url = f"{LARGE_DOCS}{em.nct[-2:]}/{em.nct}/{doc.filename}"
            em.add(node, TG.documentUrl, Literal(url, datatype=XSD.anyURI))
        for p, flag in (
            (TG.includesProtocol, doc.has_protocol),
            (TG.includesStatisticalAnalysisPlan, doc.has_sap),
            (TG.includesInformedConsentForm, doc.has_icf),
        ):
            if flag is not None:
                em.add(node, p, Literal(flag))


def map_secondary_ids(em: Emitter, study: Study) -> None:
    """``<base>secondary-id/<NCT>-<n>``."""
    for n, sid in enumerate(study.secondary_ids, 1):
        node = em.node("secondary-id", str(n))
        em.part(node, TG.SecondaryIdentifier, f"{sid.id} (secondary id {n} of {em.nct})")
        em.add(em.trial, TG.hasSecondaryId, node)
        em.text(node, TG.identifierValue, sid.id)
        em.code(node, TG.secondaryIdType, "secondary-id-type", sid.type)
        em.text(node, TG.issuer, sid.domain)
        if sid.link:
            em.add(node, TG.link, Literal(sid.link, datatype=XSD.anyURI))
