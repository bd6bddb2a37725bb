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
from typing import IO, NamedTuple

import pyoxigraph as ox

from kg.iris import shared_graph
from kg.resources import ontology_dir
from kg.vocab import ONTOLOGY_GRAPH, PREFIXES, PROV, RDF, RDFS, SKOS, TG, TG_NS

ONTOLOGY_FILES = ("trialgraph.ttl", "vocab.ttl", "results.ttl")
_CLASS_COUNTS = f"""
SELECT ?class (COUNT(DISTINCT ?s) AS ?n) WHERE {{
  GRAPH ?g {{ ?s a ?class }} FILTER(?g != <{ONTOLOGY_GRAPH.value}>)
}} GROUP BY ?class
"""
_VERSIONS = f"""
SELECT ?g ?date ?digest WHERE {{
  GRAPH ?g {{ ?g <{TG_NS}describesTrial> ?trial
    OPTIONAL {{ ?g <{TG_NS}recordLastUpdated> ?date }} OPTIONAL {{ ?g <{TG_NS}recordDigest> ?digest }} }}
}}
"""
Term = ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple
GraphName = ox.NamedNode | ox.BlankNode | ox.DefaultGraph


class StoreNotFound(FileNotFoundError):
    """No store where the user pointed (or one that cannot be opened); the message says how to make one."""


def find_store(folder: Path) -> Path:
    """The store of a build's output folder (``folder/store``), or ``folder`` when it is a store itself.

    Every command that reads a built graph takes the build's output folder, as ``kg build --out``
    names it; passing the store folder itself works too. This is the one place that rule lives.
    """
    if (folder / "store").is_dir():
        return folder / "store"
    if (folder / "CURRENT").is_file():
        return folder
    raise StoreNotFound(f"no store in {folder} (build one with: kg build --out {folder})")


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
        """The store in the folder ``path`` (created unless ``read_only``), or in memory when ``None``."""
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

    @classmethod
    def open(cls, folder: Path, *, base: str | None = None) -> TrialStore:
        """The store of a build's output folder (see ``find_store``), read-only, for the reading commands."""
        path = find_store(folder)
        try:
            return cls(path, base=base, read_only=True)
        except OSError as exc:
            raise StoreNotFound(f"cannot open the store in {path}: {' '.join(str(exc).split())}") from None

    def query(
        self,
        sparql: str,
        *,
        union: bool = False,
        default_graph: Iterable[GraphName] | None = None,
        named_graphs: Iterable[ox.NamedNode | ox.BlankNode] | None = None,
        base_iri: str | None = None,
    ) -> ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples:
        """Run SPARQL; with ``union`` the default graph is the union of every graph (what users query).

        Without it the default graph is the store's (empty) default graph, so a query reads named
        graphs through ``GRAPH`` patterns only; ``default_graph``/``named_graphs`` set the dataset.
        ``base_iri`` resolves relative IRIs in the query (``kg serve`` gives its endpoint's).
        """
        options: dict[str, object] = {"use_default_graph_as_union": union, "base_iri": base_iri}
        if default_graph is not None:
            options["default_graph"] = list(default_graph)
        if named_graphs is not None:
            options["named_graphs"] = list(named_graphs)
        return self._store.query(sparql, **options)

    def quads(
        self,
        subject: ox.NamedNode | ox.BlankNode | None = None,
        predicate: ox.NamedNode | None = None,
        obj: Term | None = None,
        graph: GraphName | None = None,
    ) -> Iterator[ox.Quad]:
        """The quads matching a pattern (``None`` matches anything)."""
        return self._store.quads_for_pattern(subject, predicate, obj, graph)

    def __iter__(self) -> Iterator[ox.Quad]:
        return iter(self._store)

    def __len__(self) -> int:
        return len(self._store)

    def __contains__(self, quad: ox.Quad) -> bool:
        return quad in self._store

    def named_graphs(self) -> Iterator[ox.NamedNode | ox.BlankNode]:
        return self._store.named_graphs()

    def add(self, quads: Iterable[ox.Quad]) -> None:
        """Add quads (a few: bulk loads go through ``load``)."""
        self._store.extend(quads)

    def remove_graph(self, graph: ox.NamedNode) -> None:
        self._store.remove_graph(graph)

    def dump(self, output: Path | IO[bytes], rdf_format: ox.RdfFormat, *, graph: GraphName | None = None) -> None:
        """Write the store (or one graph of it) in ``rdf_format``, with the project's prefixes where it has them."""
        options: dict[str, object] = {}
        if rdf_format in (ox.RdfFormat.TURTLE, ox.RdfFormat.TRIG, ox.RdfFormat.RDF_XML):
            options["prefixes"] = PREFIXES
        if graph is not None:
            options["from_graph"] = graph
        self._store.dump(str(output) if isinstance(output, Path) else output, rdf_format, **options)

    def versions(self) -> dict[str, Version]:
        """Trial graph IRI -> the version of the record it was built from (date, digest)."""
        versions: dict[str, Version] = dict.fromkeys(self.trial_graphs(), Version(None, None))
        for row in self._store.query(_VERSIONS):
            date, digest = row["date"], row["digest"]
            versions[row["g"].value] = Version(date.value if date else None, digest.value if digest else None)
        return versions

    def version(self, graph: str) -> Version | None:
        """The version of one trial graph (``versions()[graph]``), by index lookups: an update asks
        this for each record it reads, so its cost follows the delta, not the store."""
        node = ox.NamedNode(graph)
        if not self._store.contains_named_graph(node):
            return None
        date = next(self._store.quads_for_pattern(node, TG.recordLastUpdated, None, node), None)
        digest = next(self._store.quads_for_pattern(node, TG.recordDigest, None, node), None)
        return Version(date.object.value if date else None, digest.object.value if digest else None)

    def load(self, nquads: bytes, *, replace: Iterable[str] = (), lenient: bool = False) -> None:
        """Drop the named graphs in ``replace``, then bulk-load the N-Quads text.

        ``lenient`` skips Oxigraph's IRI checks (14% less load CPU, measured): only for text this
        package wrote itself from checked ``NamedNode`` terms, as a build's workers do.
        """
        for graph in replace:
            self._store.remove_graph(ox.NamedNode(graph))
        if nquads:
            self._store.bulk_load(input=nquads, format=ox.RdfFormat.N_QUADS, lenient=lenient)

    def trial_graphs(self) -> Iterator[str]:
        """IRIs of the trial graphs: every named graph but the shared and ontology ones."""
        for graph in self._store.named_graphs():
            if isinstance(graph, ox.NamedNode) and graph.value.startswith(self.trial_prefix) and graph != self.shared:
                yield graph.value

    def load_ontology(self) -> bool:
        """Load the ontology and SKOS vocabularies that ship with kg, unless already there.

        Its OWL lists are blank nodes, which get new identifiers at every load; reloading only
        when the files changed (by digest) keeps rebuilds of the same input byte-identical.
        Returns whether it (re)loaded them.
        """
        folder = ontology_dir()
        data = [folder.joinpath(name).read_bytes() for name in ONTOLOGY_FILES]
        digest = ox.Literal(hashlib.sha256(b"".join(data)).hexdigest())
        marker = ox.Quad(ONTOLOGY_GRAPH, TG.recordDigest, digest, ONTOLOGY_GRAPH)
        if marker in self._store:
            return False
        self._store.remove_graph(ONTOLOGY_GRAPH)
        for text in data:
            self._store.load(input=text, format=ox.RdfFormat.TURTLE, to_graph=ONTOLOGY_GRAPH)
        self._store.extend([marker, ox.Quad(ONTOLOGY_GRAPH, RDF.type, PROV.Entity, ONTOLOGY_GRAPH)])
        return True

    def choose_labels(self, entities: Iterable[str] | None = None) -> int:
        """Give each shared entity that has only alternative labels one ``rdfs:label``.

        The mapping records every spelling the registry used as ``skos:altLabel``; the
        preferred one is chosen here, once the whole input is in, deterministically: a
        mixed-case spelling before an all-caps or all-lower one, then alphabetical order.
        ``entities`` (IRIs) limits the work to the entities an update touched, by index
        lookups; without it every unlabelled entity of the store is labelled.
        Returns how many labels were added.
        """
        if entities is not None:
            return self._label(self._spellings(entities))
        spellings: dict[ox.NamedNode, list[str]] = defaultdict(list)
        unlabelled = f"""SELECT ?e ?alt WHERE {{ GRAPH <{self.shared.value}> {{
            ?e <{SKOS.altLabel.value}> ?alt FILTER NOT EXISTS {{ ?e <{RDFS.label.value}> ?label }} }} }}"""
        for row in self._store.query(unlabelled):  # in the engine: 5x faster than probing each node
            spellings[row["e"]].append(row["alt"].value)
        return self._label(spellings)

    def _spellings(self, entities: Iterable[str]) -> dict[ox.NamedNode, list[str]]:
        """The spellings of each of ``entities`` that has no ``rdfs:label`` yet."""
        spellings: dict[ox.NamedNode, list[str]] = {}
        for iri in entities:
            node = ox.NamedNode(iri)
            if next(self._store.quads_for_pattern(node, RDFS.label, None, self.shared), None) is None:
                names = [q.object.value for q in self._store.quads_for_pattern(node, SKOS.altLabel, None, self.shared)]
                if names:
                    spellings[node] = names
        return spellings

    def _label(self, spellings: dict[ox.NamedNode, list[str]]) -> int:
        added = [
            ox.Quad(node, RDFS.label, ox.Literal(min(names, key=_spelling_rank)), self.shared)
            for node, names in spellings.items()
        ]
        self._store.extend(added)
        return len(added)

    def class_counts(self) -> dict[str, int]:
        """Number of distinct nodes of each class in the data (the ontology's own terms left out)."""
        return {row["class"].value: int(row["n"].value) for row in self._store.query(_CLASS_COUNTS)}

    def trial_count(self) -> int:
        return sum(1 for _ in self.trial_graphs())

    def dump_trig(self, path: Path) -> None:
        """Every quad, one named graph per trial, as TriG."""
        self.dump(path, ox.RdfFormat.TRIG)

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
