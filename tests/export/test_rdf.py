"""RDF export: every syntax parses back to the store's triples; N-Quads shards add up to it."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.export import exporter
from kg.export.rdf import FORMATS
from kg.store import TrialStore


@pytest.mark.parametrize("name", sorted(FORMATS))
def test_each_format_parses_back_to_the_store(sample_build: Path, tmp_path: Path, name: str) -> None:
    store = TrialStore.open(sample_build)
    report = exporter("rdf").export(store, tmp_path, rdf_format=name)
    [path] = report.files
    fmt = FORMATS[name]
    assert path.suffix == "." + fmt.file_extension
    parsed = list(ox.parse(path=str(path), format=fmt))
    if fmt.supports_datasets:
        assert set(parsed) == set(store)
    else:
        assert {q.triple for q in parsed} == {q.triple for q in store}


def test_nquads_shards_hold_every_quad_once_and_whole_trials(sample_build: Path, tmp_path: Path) -> None:
    store = TrialStore.open(sample_build)
    report = exporter("rdf").export(store, tmp_path, rdf_format="nquads", shard_size=10)
    seen: list[ox.Quad] = []
    graphs_per_file = []
    for path in report.files:
        quads = list(ox.parse(path=str(path), format=ox.RdfFormat.N_QUADS))
        seen += quads
        graphs_per_file.append({q.graph_name for q in quads})
    assert len(seen) == len(store) and set(seen) == set(store)
    trial_files = graphs_per_file[1:]
    assert all(len(g) <= 10 for g in trial_files)
    assert all(a.isdisjoint(b) for i, a in enumerate(graphs_per_file) for b in graphs_per_file[i + 1 :])


def test_unknown_format_lists_the_valid_ones(sample_build: Path, tmp_path: Path) -> None:
    with pytest.raises(KeyError, match="valid formats: jsonld, nquads"):
        exporter("rdf").export(TrialStore.open(sample_build), tmp_path, rdf_format="n3x")
