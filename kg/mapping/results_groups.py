"""Reporting groups of the results tables, reconciled into one node per group of a trial.

Every table numbers its own groups (``FG000``, ``BG000``, ``OG000``, ``EG000``), and in about
a quarter of the registry's results records the same code names different arms in different
tables, so codes never join tables. A table's group is the trial's group with the same title
and description; failing that, the one group of another table with the same title; failing
that, a new group. Two groups of one table are never merged. Each node keeps every code it
had (``tg:groupCode``) and links to the protocol arm it reports when the arm has the same
title or, failing that, the same description (``tg:armMatch`` says which), never by force.
Lookups are per-trial dictionaries, so cost stays linear in the number of groups.
"""

from __future__ import annotations

from pyoxigraph import Literal, NamedNode

from kg.iris import name_key
from kg.mapping.emit import Emitter
from kg.model import ResultGroup, Study
from kg.vocab import SKOS, TG

__all__ = ["ResultGroups", "link_group"]


class ResultGroups:
    """The trial's group nodes; ``table(groups)`` gives one table's ``code -> node``."""

    def __init__(self, em: Emitter, study: Study) -> None:
        self.em = em
        self.by_key: dict[tuple[str, str], NamedNode] = {}
        self.by_title: dict[str, list[NamedNode]] = {}
        self.seen: set[tuple[NamedNode, NamedNode, str]] = set()
        self.titles: dict[NamedNode, str] = {}
        self.arm_title: dict[str, list[int]] = {}
        self.arm_description: dict[str, list[int]] = {}
        for n, arm in enumerate(study.arms, 1):
            self.arm_title.setdefault(name_key(arm.label or ""), []).append(n)
            if arm.description:
                self.arm_description.setdefault(name_key(arm.description), []).append(n)

    def table(self, groups: list[ResultGroup]) -> dict[str, NamedNode]:
        """Reconcile one table's groups with the trial's; returns the table's code -> node."""
        nodes: dict[str, NamedNode] = {}
        taken: set[NamedNode] = set()
        for group in groups:
            title, description = name_key(group.title or ""), name_key(group.description or "")
            node = self.by_key.get((title, description))
            if node is None or node in taken:
                same_title = [n for n in self.by_title.get(title, ()) if n not in taken] if title else []
                node = same_title[0] if len(same_title) == 1 else self._new(group, title)
            self.by_key.setdefault((title, description), node)
            taken.add(node)
            nodes[group.code] = node
            self._once(node, TG.groupCode, group.code)
            if group.title and group.title != self.titles[node]:
                self._once(node, SKOS.altLabel, group.title)
            self._once(node, TG.resultsDescription, group.description)
        return nodes

    def named(self, table: dict[str, NamedNode], code: str) -> tuple[NamedNode | None, str]:
        """The group a table's code names and its title for labels; the bare code when the table
        has no such group (a reader warning already named it)."""
        group = table.get(code)
        return group, self.titles.get(group, code) if group is not None else code

    def _new(self, group: ResultGroup, title: str) -> NamedNode:
        em = self.em
        node = em.node("result-group", str(len(self.titles) + 1))
        self.by_title.setdefault(title, []).append(node)
        self.titles[node] = group.title or f"Group {group.code} of {em.nct}"
        em.part(node, TG.ResultGroup, self.titles[node])
        em.add(em.trial, TG.hasResultGroup, node)
        self._link_arm(node, group)
        return node

    def _link_arm(self, node: NamedNode, group: ResultGroup) -> None:
        """The arm with this group's title, else with its description; only when exactly one."""
        for index, key, method in (
            (self.arm_title, name_key(group.title or ""), "TITLE"),
            (self.arm_description, name_key(group.description or ""), "DESCRIPTION"),
        ):
            arms = index.get(key, []) if key else []
            if len(arms) == 1:
                self.em.add(node, TG.reportsArm, self.em.node("arm", str(arms[0])))
                self.em.code(node, TG.armMatch, "group-arm-match", method)
                return

    def _once(self, node: NamedNode, prop: NamedNode, value: str | None) -> None:
        if value and (node, prop, value) not in self.seen:
            self.seen.add((node, prop, value))
            self.em.add(node, prop, Literal(value))


def link_group(em: Emitter, node: NamedNode, group: NamedNode | None, code: str, prop: NamedNode = TG.group) -> None:
    """``node`` names its group by ``prop``; a code the table does not define is kept as the code."""
    if group is not None:
        em.add(node, prop, group)
    else:
        em.add(node, TG.groupCode, Literal(code))
