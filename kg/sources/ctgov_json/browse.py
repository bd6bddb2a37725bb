"""The registry's browse index of an API v2 study (``derivedSection``): for conditions and for
interventions, the MeSH leaves the trial is filed under (with their relevance) and the branches
(therapeutic areas) those leaves fall in."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from kg.model import Browse, BrowseBranch, BrowseLeaf, Study
from kg.sources.ctgov_json.fields import Fields

__all__ = ["read_browse"]


def read_browse(study: Study, derived: Mapping[str, Any], f: Fields) -> None:
    """Fill ``condition_browse`` and ``intervention_browse``."""
    study.condition_browse = _browse(derived, "conditionBrowseModule", f)
    study.intervention_browse = _browse(derived, "interventionBrowseModule", f)


def _browse(derived: Mapping[str, Any], key: str, f: Fields) -> Browse | None:
    where = f"derivedSection.{key}"
    module = f.obj(derived, key, "derivedSection")
    browse = Browse()
    for path, item in f.items(module, "browseLeaves", where):
        leaf_id, name = f.text(item, "id", path), f.text(item, "name", path)
        if leaf_id is None or name is None:
            f.warn(f"{path} lacks an id or a name: ignored")
            continue
        relevance = f.code(item, "relevance", path, codes="meshRelevance")
        browse.leaves.append(
            BrowseLeaf(id=leaf_id, name=name, as_found=f.text(item, "asFound", path), relevance=relevance)
        )
    for path, item in f.items(module, "browseBranches", where):
        abbrev, name = f.text(item, "abbrev", path), f.text(item, "name", path)
        if abbrev is None or name is None:
            f.warn(f"{path} lacks an abbrev or a name: ignored")
            continue
        browse.branches.append(BrowseBranch(abbrev=abbrev, name=name))
    return browse if browse.leaves or browse.branches else None
