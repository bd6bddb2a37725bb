"""The results section in the graph, compared cell by cell with the JSON walked here.

Every measurement cell, denominator, statistical analysis, participant-flow count and
adverse-event statistic of the record is found on its documented flat IRI and compared
with the record's own value (numbers by ``decimal.Decimal``, text verbatim) and with the
title of the group its code names *in that table*: a group code that means another arm in
another table would fail here. Every 10th results record by default; all 330 with ``-m slow``.
"""

from __future__ import annotations

from collections import defaultdict

import pytest
from pyoxigraph import Literal
from results_walk import BASE, LABEL, Graph, check_limit, check_number, same

from kg.sources.ctgov_json.study import study_from_v2


def _titles(groups: list[dict]) -> dict[str, str]:
    return {g["id"]: same(g.get("title", "")) for g in groups}


def _check_table(g: Graph, prefix: str, measure: dict, titles: dict[str, str]) -> int:
    cells = 0
    for c, cls in enumerate(measure.get("classes", []), 1):
        for d, denom in enumerate(cls.get("denoms", []), 1):
            for j, count in enumerate(denom["counts"], 1):
                props = g.node("denominator", f"{prefix}-{c}-d{d}-{j}")
                check_number(props, "count", count["value"])
                assert g.group_title(props) == titles[count["groupId"]]
        for k, category in enumerate(cls.get("categories", []), 1):
            for m, cell in enumerate(category.get("measurements", []), 1):
                props = g.node("measurement", f"{prefix}-{c}-{k}-{m}")
                assert g.group_title(props) == titles[cell["groupId"]]
                check_number(props, "value", cell.get("value"))
                check_number(props, "spread", cell.get("spread"))
                check_limit(props, "lowerLimit", cell.get("lowerLimit"))
                check_limit(props, "upperLimit", cell.get("upperLimit"))
                assert [x.value for x in props.get("resultsComment", [])] == (
                    [cell["comment"].strip()] if "comment" in cell else []
                )
                cells += 1
    return cells


def _check_denoms(g: Graph, prefix: str, denoms: list[dict], titles: dict[str, str]) -> None:
    for d, denom in enumerate(denoms, 1):
        for j, count in enumerate(denom["counts"], 1):
            props = g.node("denominator", f"{prefix}-d{d}-{j}")
            check_number(props, "count", count["value"])
            assert g.group_title(props) == titles[count["groupId"]]
            assert [u.value for u in props.get("denominatorUnits", [])] == [denom["units"]]


def _check_outcomes(g: Graph, module: dict) -> int:
    cells = 0
    for n, measure in enumerate(module.get("outcomeMeasures", []), 1):
        titles = _titles(measure.get("groups", []))
        props = g.node("outcome-result", str(n))
        assert props[LABEL][0].value == measure["title"].strip()
        _check_denoms(g, f"o{n}", measure.get("denoms", []), titles)
        cells += _check_table(g, f"o{n}", measure, titles)
        for a, analysis in enumerate(measure.get("analyses", []), 1):
            props = g.node("analysis", f"o{n}-{a}")
            compared = {same(g.index[x.value][LABEL][0].value) for x in props.get("comparesGroup", [])}
            assert compared == {titles[i] for i in analysis.get("groupIds", [])}
            check_limit(props, "pValue", analysis.get("pValue"))
            check_limit(props, "ciLowerLimit", analysis.get("ciLowerLimit"))
            check_limit(props, "ciUpperLimit", analysis.get("ciUpperLimit"))
            check_number(props, "estimateValue", analysis.get("paramValue"))
            check_number(props, "estimateDispersion", analysis.get("dispersionValue"))
            check_number(props, "ciPercent", analysis.get("ciPctValue"))
            method = analysis.get("statisticalMethod")
            assert [x.value for x in props.get("statisticalMethod", [])] == ([method.strip()] if method else [])
            cells += 1
    return cells


def _check_flow(g: Graph, module: dict) -> int:
    titles, counted = _titles(module.get("groups", [])), 0
    for p, period in enumerate(module.get("periods", []), 1):
        for kind, key, value_key in (
            ("milestone", "milestones", "achievements"),
            ("drop-reason", "dropWithdraws", "reasons"),
        ):
            for m, item in enumerate(period.get(key, []), 1):
                assert g.node(kind, f"{p}-{m}")[LABEL][0].value == item["type"].strip()
                for i, count in enumerate(item.get(value_key, []), 1):
                    props = g.node("flow-count", f"{p}-{kind[0] if kind == 'milestone' else 'r'}{m}-{i}")
                    assert g.group_title(props) == titles[count["groupId"]]
                    check_number(props, "participants", count["numSubjects"])
                    counted += 1
    return counted


def _check_adverse_events(g: Graph, module: dict) -> int:
    titles, stats = _titles(module.get("eventGroups", [])), 0
    for group in module.get("eventGroups", []):
        node = next(
            props
            for props in g.index.values()
            if props.get("adverseEventGroup") and Literal(group["id"]) in props.get("groupCode", [])
        )
        assert same(node[LABEL][0].value) == same(group["title"])
        for prop, key in (("seriousAffected", "seriousNumAffected"), ("otherAtRisk", "otherNumAtRisk")):
            check_number(node, prop, group.get(key))
    for letter, key in (("s", "seriousEvents"), ("o", "otherEvents")):
        for n, event in enumerate(module.get(key, []), 1):
            props = g.node("adverse-event", f"{letter}{n}")
            assert props["eventTerm"][0].value == event["term"].strip()
            assert props["seriousEvent"][0].value == ("true" if letter == "s" else "false")
            for i, stat in enumerate(event.get("stats", []), 1):
                count = g.node("adverse-event-count", f"{letter}{n}-{i}")
                assert g.group_title(count) == titles[stat["groupId"]]
                for prop, field in (
                    ("numEvents", "numEvents"),
                    ("numAffected", "numAffected"),
                    ("numAtRisk", "numAtRisk"),
                ):
                    check_number(count, prop, stat.get(field))
                stats += 1
    return stats


_GRAPHS: dict[str, Graph] = {}


def _graph(nct: str, data: dict) -> Graph:
    """Each record is mapped once per session, whichever tests read it."""
    if nct not in _GRAPHS:
        _GRAPHS[nct] = Graph(nct, study_from_v2(data)[0])
    return _GRAPHS[nct]


def _check_record(nct: str, data: dict) -> dict[str, int]:
    g = _graph(nct, data)
    section = data["resultsSection"]
    baseline = section.get("baselineCharacteristicsModule", {})
    titles = _titles(baseline.get("groups", []))
    _check_denoms(g, "b", baseline.get("denoms", []), titles)
    cells = sum(_check_table(g, f"b{n}", m, titles) for n, m in enumerate(baseline.get("measures", []), 1))
    return {
        "baseline cells": cells,
        "outcome cells and analyses": _check_outcomes(g, section.get("outcomeMeasuresModule", {})),
        "flow counts": _check_flow(g, section.get("participantFlowModule", {})),
        "adverse-event stats": _check_adverse_events(g, section.get("adverseEventsModule", {})),
    }


def _results_records(v2_studies: dict[str, dict], step: int) -> list[tuple[str, dict]]:
    records = [(nct, data) for nct, data in sorted(v2_studies.items()) if "resultsSection" in data]
    assert len(records) == 330
    return records[::step]


def test_results_match_the_json_every_10th_record(v2_studies: dict[str, dict]) -> None:
    totals: dict[str, int] = defaultdict(int)
    for nct, data in _results_records(v2_studies, 10):
        for key, n in _check_record(nct, data).items():
            totals[key] += n
    assert all(n > 100 for n in totals.values()), dict(totals)


@pytest.mark.slow
def test_results_match_the_json_all_330_records(v2_studies: dict[str, dict]) -> None:
    totals: dict[str, int] = defaultdict(int)
    for nct, data in _results_records(v2_studies, 1):
        for key, n in _check_record(nct, data).items():
            totals[key] += n
    print(dict(totals))
    assert totals["adverse-event stats"] == 41188 + 23144


def test_a_code_naming_different_groups_in_two_tables_gives_two_nodes(v2_studies: dict[str, dict]) -> None:
    """Records where flow ``FG000`` and adverse-event ``EG000`` (same number) carry different titles."""
    conflicts = 0
    for nct, data in _results_records(v2_studies, 1):
        section = data["resultsSection"]
        flow = _titles(section.get("participantFlowModule", {}).get("groups", []))
        events = _titles(section.get("adverseEventsModule", {}).get("eventGroups", []))
        pairs = [(code, "EG" + code[2:]) for code in flow if "EG" + code[2:] in events]
        if not any(flow[f] != events[e] for f, e in pairs) or conflicts >= 15:
            continue
        conflicts += 1
        g = _graph(nct, data)
        for f, e in pairs:
            flow_node, event_node = _node_with_code(g, f), _node_with_code(g, e)
            assert same(g.index[flow_node][LABEL][0].value) == flow[f]
            assert same(g.index[event_node][LABEL][0].value) == events[e]
            if flow[f] != events[e]:
                assert flow_node != event_node, (nct, f, e)
    assert conflicts >= 15


def _node_with_code(g: Graph, code: str) -> str:
    (node,) = [
        s
        for s, props in g.index.items()
        if s.startswith(f"{BASE}result-group/") and Literal(code) in props["groupCode"]
    ]
    return node


def test_groups_link_to_arms_only_when_titles_or_descriptions_match(v2_studies: dict[str, dict]) -> None:
    linked = unlinked = 0
    for nct, data in _results_records(v2_studies, 5):
        arms = data["protocolSection"].get("armsInterventionsModule", {}).get("armGroups", [])
        g = _graph(nct, data)
        for s, props in g.index.items():
            if not s.startswith(f"{BASE}result-group/"):
                continue
            if "reportsArm" not in props:
                unlinked += 1
                continue
            linked += 1
            (arm,) = props["reportsArm"]
            n = int(arm.value.rsplit("-", 1)[1])
            method = props["armMatch"][0].value.rsplit("/", 1)[1]
            if method == "TITLE":
                assert same(arms[n - 1]["label"]) == same(props[LABEL][0].value)
            else:
                assert method == "DESCRIPTION"
    assert linked > 20 and unlinked > 5


def test_adverse_event_terms_are_shared_nodes(v2_studies: dict[str, dict]) -> None:
    """The same term in the same organ system is one node in every trial that reports it."""
    trials_by_term: dict[str, set[str]] = defaultdict(set)
    for nct, data in _results_records(v2_studies, 5):
        g = _graph(nct, data)
        for props in g.index.values():
            for term in props.get("adverseEventTerm", []):
                trials_by_term[term.value].add(nct)
    assert sum(len(trials) >= 5 for trials in trials_by_term.values()) >= 10
