"""The participant flow: periods, milestones and drop/withdraw reasons with numbers per group.

``<base>flow-period/<NCT>-1`` is the first period; ``<base>milestone/<NCT>-1-2`` its second
milestone (``STARTED``, ``COMPLETED``, ``NOT COMPLETED`` or the registry's own title) and
``<base>drop-reason/<NCT>-1-3`` its third reason for leaving; each count per group is a
``tg:FlowCount`` (``<base>flow-count/<NCT>-1-m2-1``) naming the reconciled group.
"""

from __future__ import annotations

from pyoxigraph import Literal, NamedNode

from kg.mapping.emit import Emitter
from kg.mapping.results_groups import ResultGroups, link_group
from kg.mapping.results_values import emit_count
from kg.model import GroupCount, ParticipantFlow
from kg.vocab import TG

__all__ = ["map_flow"]


def map_flow(em: Emitter, flow: ParticipantFlow, groups: ResultGroups) -> None:
    """Periods with their milestones and reasons; the details of recruitment on the trial."""
    table = groups.table(flow.groups)
    em.text(em.trial, TG.recruitmentDetails, flow.recruitment_details)
    em.text(em.trial, TG.preAssignmentDetails, flow.pre_assignment_details)
    for p, period in enumerate(flow.periods, 1):
        node = em.node("flow-period", str(p))
        em.part(node, TG.FlowPeriod, period.title or f"Period {p} of {em.nct}")
        em.add(em.trial, TG.hasFlowPeriod, node)
        em.add(node, TG.resultsPosition, Literal(p))
        for m, milestone in enumerate(period.milestones, 1):
            m_node = em.node("milestone", f"{p}-{m}")
            em.part(m_node, TG.Milestone, milestone.title)
            em.add(node, TG.hasMilestone, m_node)
            em.add(m_node, TG.resultsPosition, Literal(m))
            em.text(m_node, TG.resultsComment, milestone.comment)
            _counts(em, m_node, f"{p}-m{m}", milestone.title, milestone.counts, table, groups)
        for r, reason in enumerate(period.drop_reasons, 1):
            r_node = em.node("drop-reason", f"{p}-{r}")
            em.part(r_node, TG.DropReason, reason.reason)
            em.add(node, TG.hasDropReason, r_node)
            em.add(r_node, TG.resultsPosition, Literal(r))
            _counts(em, r_node, f"{p}-r{r}", reason.reason, reason.counts, table, groups)


def _counts(
    em: Emitter,
    owner: NamedNode,
    prefix: str,
    title: str,
    counts: list[GroupCount],
    table: dict[str, NamedNode],
    groups: ResultGroups,
) -> None:
    for i, count in enumerate(counts, 1):
        node = em.node("flow-count", f"{prefix}-{i}")
        group, label = groups.named(table, count.group)
        em.part(node, TG.FlowCount, f"{title}, {label}")
        em.add(owner, TG.hasCount, node)
        link_group(em, node, group, count.group)
        emit_count(em, node, TG.participants, TG.participantsText, count.value)
        em.text(node, TG.resultsComment, count.comment)
