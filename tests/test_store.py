"""The store's own rules: one preferred label per shared entity, the --store folder rule."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.store import RDFS_LABEL, SKOS_ALT_LABEL, TrialStore, store_path


def _labels(store: TrialStore, node: ox.NamedNode) -> list[str]:
    return [q.object.value for q in store.oxigraph.quads_for_pattern(node, RDFS_LABEL, None, store.shared)]


def test_a_mixed_case_spelling_is_preferred_and_a_chosen_label_is_kept() -> None:
    store = TrialStore(None)
    org, other = ox.NamedNode("https://example.org/org/helixmith"), ox.NamedNode("https://example.org/org/b")
    spellings = {org: ["HELIXMITH CO LTD", "Helixmith Co., Ltd.", "helixmith inc"], other: ["B Corp"]}
    store.oxigraph.extend(
        ox.Quad(node, SKOS_ALT_LABEL, ox.Literal(name), store.shared)
        for node, names in spellings.items()
        for name in names
    )
    store.oxigraph.add(ox.Quad(other, RDFS_LABEL, ox.Literal("Chosen before"), store.shared))
    assert store.choose_labels() == 1
    assert _labels(store, org) == ["Helixmith Co., Ltd."]
    assert _labels(store, other) == ["Chosen before"]
    assert store.choose_labels() == 0  # idempotent: nothing left to label


def test_store_path_takes_a_build_folder_or_the_store_itself(tmp_path: Path) -> None:
    TrialStore(tmp_path / "out" / "store").flush()
    assert store_path(tmp_path / "out") == tmp_path / "out" / "store"
    assert store_path(tmp_path / "out" / "store") == tmp_path / "out" / "store"
    with pytest.raises(FileNotFoundError, match="kg build --out"):
        store_path(tmp_path / "elsewhere")
