"""The embedded, on-disk RDF store that holds the graph: one named graph per trial.

Oxigraph (``pyoxigraph``) is the engine: it persists to a folder with no server to run,
bulk-loads N-Quads at hundreds of thousands of quads per second, and answers SPARQL
10-30x faster than rdflib's in-memory graph at the same size (DESIGN.md). Trials are
replaced as a unit by dropping and reloading their named graph, so an update never
touches another trial. Shared entities (conditions, organisations, MeSH terms...) live
in one shared graph that every trial adds to.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import NamedTuple

import pyoxigraph as ox

from kg.mapping import shared_graph
from kg.resources import ontology_dir

TG = "https://w3id.org/trialgraph/ontology#"
#: The ontology and its SKOS vocabularies are loaded into this graph, so queries can read
#: concept labels ("Phase 2") and validation can check classes without another file.
ONTOLOGY_GRAPH = ox.NamedNode("https://w3id.org/trialgraph/ontology")
ONTOLOGY_FILES = ("trialgraph.ttl", "vocab.ttl")
_CLASS_COUNTS = f"""
SELECT ?class (COUNT(DISTINCT ?s) AS ?n) WHERE {{
  GRAPH ?g {{ ?s a ?class }} FILTER(?g != <{ONTOLOGY_GRAPH.value}>)
}} GROUP BY ?class
"""
RECORD_DIGEST = ox.NamedNode(f"{TG}recordDigest")
RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
PROV_ENTITY = ox.NamedNode("http://www.w3.org/ns/prov#Entity")
RDFS_LABEL = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
SKOS_ALT_LABEL = ox.NamedNode("http://www.w3.org/2004/02/skos/core#altLabel")

#: Prefixes written into Turtle and TriG dumps so people can read them.
PREFIXES = {
    "tg": TG,
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "schema": "https://schema.org/",
    "prov": "http://www.w3.org/ns/prov#",
    "mesh": "http://id.nlm.nih.gov/mesh/",
    "tgv": "https://w3id.org/trialgraph/vocab/",
}

_VERSIONS = f"""
SELECT ?g ?date ?digest WHERE {{
  GRAPH ?g {{ ?g <{TG}describesTrial> ?trial
    OPTIONAL {{ ?g <{TG}recordLastUpdated> ?date }} OPTIONAL {{ ?g <{TG}recordDigest> ?digest }} }}
}}
"""


def store_path(folder: Path) -> Path:
    """The store of a build's output folder (``folder/store``), or ``folder`` when it is a store itself.

    Every command that reads a built graph takes the build's output folder, as ``kg build --out``
    names it; passing the store folder itself works too.
    """
    if (folder / "store").is_dir():
        return folder / "store"
    if (folder / "CURRENT").is_file():
        return folder
    raise FileNotFoundError(f"no store in {folder} (build one with: kg build --out {folder})")


class Version(NamedTuple):
    """Which copy of a trial record a graph was built from."""

    last_updated: str | None
    digest: str | None


class TrialStore:
    """A folder on disk holding the trial graph; open it, load trials, read it back.

    >>> store = TrialStore(None)  # in memory, for tests and examples
    >>> store.trial_count()
    0
    """

    def __init__(self, path: Path | None, *, base: str | None = None, read_only: bool = False) -> None:
        if path is None:
            self._store = ox.Store()
        elif read_only:
            self._store = ox.Store.read_only(str(path))
        else:
            path.mkdir(parents=True, exist_ok=True)
            self._store = ox.Store(str(path))
        self.path = path
        self.shared = shared_graph(base=base) if base else shared_graph()
        self.trial_prefix = self.shared.value.rsplit("/", 1)[0] + "/"

    @property
    def oxigraph(self) -> ox.Store:
        """The underlying pyoxigraph store, for queries the class does not wrap."""
        return self._store

    def versions(self) -> dict[str, Version]:
        """Trial graph IRI -> the version of the record it was built from (date, digest)."""
        versions: dict[str, Version] = dict.fromkeys(self.trial_graphs(), Version(None, None))
        for row in self._store.query(_VERSIONS):
            date, digest = row["date"], row["digest"]
            versions[row["g"].value] = Version(date.value if date else None, digest.value if digest else None)
        return versions

    def load(self, nquads: bytes, *, replace: Iterable[str] = ()) -> None:
        """Drop the named graphs in ``replace``, then bulk-load the N-Quads text."""
        for graph in replace:
            self._store.remove_graph(ox.NamedNode(graph))
        if nquads:
            self._store.bulk_load(input=nquads, format=ox.RdfFormat.N_QUADS)

    def trial_graphs(self) -> Iterator[str]:
        """IRIs of the trial graphs: every named graph but the shared and ontology ones."""
        for graph in self._store.named_graphs():
            if isinstance(graph, ox.NamedNode) and graph.value.startswith(self.trial_prefix) and graph != self.shared:
                yield graph.value

    def load_ontology(self) -> None:
        """Load the ontology and SKOS vocabularies that ship with kg, unless already there.

        Its OWL lists are blank nodes, which get new identifiers at every load; reloading only
        when the files changed (by digest) keeps rebuilds of the same input byte-identical.
        """
        folder = ontology_dir()
        data = [folder.joinpath(name).read_bytes() for name in ONTOLOGY_FILES]
        digest = ox.Literal(hashlib.sha256(b"".join(data)).hexdigest())
        marker = ox.Quad(ONTOLOGY_GRAPH, RECORD_DIGEST, digest, ONTOLOGY_GRAPH)
        if marker in self._store:
            return
        self._store.remove_graph(ONTOLOGY_GRAPH)
        for text in data:
            self._store.load(input=text, format=ox.RdfFormat.TURTLE, to_graph=ONTOLOGY_GRAPH)
        self._store.extend([marker, ox.Quad(ONTOLOGY_GRAPH, RDF_TYPE, PROV_ENTITY, ONTOLOGY_GRAPH)])

    def choose_labels(self) -> int:
        """Give each shared entity that has only alternative labels one ``rdfs:label``.

        The mapping records every spelling the registry used as ``skos:altLabel``; the
        preferred one is chosen here, once the whole input is in, deterministically: a
        mixed-case spelling before an all-caps or all-lower one, then alphabetical order.
        Returns how many labels were added.
        """
        spellings: dict[ox.NamedNode, list[str]] = defaultdict(list)
        unlabelled = f"""SELECT ?e ?alt WHERE {{ GRAPH <{self.shared.value}> {{
            ?e <{SKOS_ALT_LABEL.value}> ?alt FILTER NOT EXISTS {{ ?e <{RDFS_LABEL.value}> ?label }} }} }}"""
        for row in self._store.query(unlabelled):  # in the engine: 5x faster than probing each node
            spellings[row["e"]].append(row["alt"].value)
        added = [
            ox.Quad(node, RDFS_LABEL, ox.Literal(min(names, key=_spelling_rank)), self.shared)
            for node, names in spellings.items()
        ]
        self._store.extend(added)
        return len(added)

    def class_counts(self) -> dict[str, int]:
        """Number of distinct nodes of each class in the data (the ontology's own terms left out)."""
        return {row["class"].value: int(row["n"].value) for row in self._store.query(_CLASS_COUNTS)}

    def quad_count(self) -> int:
        return len(self._store)

    def trial_count(self) -> int:
        return sum(1 for _ in self.trial_graphs())

    def dump_trig(self, path: Path) -> None:
        """Every quad, one named graph per trial, as TriG."""
        self._store.dump(str(path), ox.RdfFormat.TRIG, prefixes=PREFIXES)

    def dump_turtle(self, path: Path) -> None:
        """Every triple of every graph merged into one Turtle file."""
        ox.serialize(self._triples(), str(path), ox.RdfFormat.TURTLE, prefixes=PREFIXES)

    def _triples(self) -> Iterator[ox.Triple]:
        for quad in self._store:
            yield quad.triple

    def flush(self) -> None:
        self._store.flush()


def _spelling_rank(name: str) -> tuple[bool, str]:
    """Sort key that prefers a mixed-case spelling ("Helixmith Co., Ltd.") to shouting."""
    return (name.isupper() or name.islower(), name)
