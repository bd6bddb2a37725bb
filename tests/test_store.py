"""The store's own rules: one preferred label per shared entity, the --store folder rule."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.store import TrialStore, find_store
from kg.vocab import RDFS, SKOS


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
