"""The store's own rules: one preferred label per shared entity, the --store folder rule."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.store import TrialStore, find_store
from kg.vocab import RDFS, SKOS, TG


def _labels(store: TrialStore, node: ox.NamedNode) -> list[str]:
    return [q.object.value for q in store.quads(node, RDFS.label, None, store.shared)]


def test_a_mixed_case_spelling_is_preferred_and_a_chosen_label_is_kept() -> None:
    store = TrialStore(None)
    org, other = ox.NamedNode("https://example.org/org/helixmith"), ox.NamedNode("https://example.org/org/b")
    spellings = {org: ["HELIXMITH CO LTD", "Helixmith Co., Ltd.", "helixmith inc"], other: ["B Corp"]}
    store.add(
        ox.Quad(node, SKOS.altLabel, ox.Literal(name), store.shared)
        for node, names in spellings.items()
        for name in names
    )
    store.add([ox.Quad(other, RDFS.label, ox.Literal("Chosen before"), store.shared)])
    assert store.choose_labels() == 1
    assert _labels(store, org) == ["Helixmith Co., Ltd."]
    assert _labels(store, other) == ["Chosen before"]
    assert store.choose_labels() == 0  # idempotent: nothing left to label


def test_find_store_takes_a_build_folder_or_the_store_itself(tmp_path: Path) -> None:
    TrialStore(tmp_path / "out" / "store").flush()
    assert find_store(tmp_path / "out") == tmp_path / "out" / "store"
    assert find_store(tmp_path / "out" / "store") == tmp_path / "out" / "store"
    with pytest.raises(FileNotFoundError, match="kg build --out"):
        find_store(tmp_path / "elsewhere")


def test_labels_chosen_for_the_named_entities_only() -> None:
    store = TrialStore(None)
    touched, untouched = ox.NamedNode("https://example.org/org/a"), ox.NamedNode("https://example.org/org/b")
    store.add(
        ox.Quad(node, SKOS.altLabel, ox.Literal(name), store.shared)
        for node, name in [(touched, "ACME"), (touched, "Acme"), (untouched, "B Corp")]
    )
    assert store.choose_labels([touched.value, "https://example.org/org/absent"]) == 1
    assert _labels(store, touched) == ["Acme"]
    assert _labels(store, untouched) == []  # an update leaves entities it did not touch alone
    assert store.choose_labels([touched.value]) == 0


def test_version_of_one_trial_graph_matches_versions() -> None:
    store = TrialStore(None)
    base = store.trial_prefix
    dated, bare = ox.NamedNode(f"{base}NCT00000001"), ox.NamedNode(f"{base}NCT00000002")
    store.add(
        [
            ox.Quad(dated, TG.describesTrial, ox.NamedNode("https://example.org/trial/1"), dated),
            ox.Quad(dated, TG.recordLastUpdated, ox.Literal("2024-05-01"), dated),
            ox.Quad(dated, TG.recordDigest, ox.Literal("abc"), dated),
            ox.Quad(bare, TG.describesTrial, ox.NamedNode("https://example.org/trial/2"), bare),
        ]
    )
    every = store.versions()
    assert every[dated.value] == store.version(dated.value) == ("2024-05-01", "abc")
    assert every[bare.value] == store.version(bare.value) == (None, None)
    assert store.version(f"{base}NCT00000003") is None
