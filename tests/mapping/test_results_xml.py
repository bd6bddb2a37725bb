"""Legacy ``<clinical_results>`` in the graph, compared cell by cell with the XML walked here;
and the one trial the shared data holds in both formats gives the same results facts.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections import defaultdict
from pathlib import Path

import pytest
from results_walk import LABEL, Graph, check_limit, check_number, same

from kg.model import Origin
from kg.sources.ctgov_json.study import study_from_v2
from kg.sources.ctgov_xml import reader
from kg.sources.reader import RawRecord

BOTH_FORMATS = "NCT01298141"


def _xml_graph(path: Path) -> Graph:
    record = RawRecord(origin=Origin(path=str(path), position="file", format="ctgov-xml"), payload=path.read_bytes())
    parsed = reader.parse(record)
    return Graph(parsed.study.nct_id, parsed.study)


def _titles(element: ET.Element) -> dict[str, str]:
    return {g.get("group_id"): same(g.findtext("title") or "") for g in element.findall("group_list/group")}


def _table(g: Graph, prefix: str, measure: ET.Element, titles: dict[str, str]) -> int:
    cells = 0
    for c, cls in enumerate(measure.findall("class_list/class"), 1):
        for k, category in enumerate(cls.findall("category_list/category"), 1):
            for m, cell in enumerate(category.findall("measurement_list/measurement"), 1):
                props = g.node("measurement", f"{prefix}-{c}-{k}-{m}")
                assert g.group_title(props) == titles[cell.get("group_id")]
                check_number(props, "value", cell.get("value"))
                check_number(props, "spread", cell.get("spread"))
                check_limit(props, "lowerLimit", cell.get("lower_limit"))
                check_limit(props, "upperLimit", cell.get("upper_limit"))
                cells += 1
    return cells


def _denoms(g: Graph, prefix: str, element: ET.Element, titles: dict[str, str]) -> int:
    n = 0
    for d, analyzed in enumerate(element.findall("analyzed_list/analyzed"), 1):
        for j, count in enumerate(analyzed.findall("count_list/count"), 1):
            props = g.node("denominator", f"{prefix}-d{d}-{j}")
            check_number(props, "count", count.get("value"))
            assert g.group_title(props) == titles[count.get("group_id")]
            n += 1
    return n


def _outcomes(g: Graph, section: ET.Element, totals: dict[str, int]) -> None:
    for n, outcome in enumerate(section.findall("outcome_list/outcome"), 1):
        titles = _titles(outcome)
        measure = outcome.find("measure")
        if measure is not None:
            totals["denominators"] += _denoms(g, f"o{n}", measure, titles)
            totals["cells"] += _table(g, f"o{n}", measure, titles)
        for a, analysis in enumerate(outcome.findall("analysis_list/analysis"), 1):
            props = g.node("analysis", f"o{n}-{a}")
            compared = {same(g.index[x.value][LABEL][0].value) for x in props.get("comparesGroup", [])}
            assert compared == {titles[x.text.strip()] for x in analysis.findall("group_id_list/group_id")}
            check_limit(props, "pValue", analysis.findtext("p_value"))
            check_limit(props, "ciLowerLimit", analysis.findtext("ci_lower_limit"))
            check_limit(props, "ciUpperLimit", analysis.findtext("ci_upper_limit"))
            check_number(props, "estimateValue", analysis.findtext("param_value"))
            totals["analyses"] += 1


def _adverse_events(g: Graph, events: ET.Element, totals: dict[str, int]) -> None:
    titles = _titles(events)
    for letter, kind in (("s", "serious_events"), ("o", "other_events")):
        n = 0
        for category in events.findall(f"{kind}/category_list/category"):
            for event in category.findall("event_list/event"):
                if (category.findtext("title") or "").strip() == "Total" or not (
                    event.findtext("sub_title") or ""
                ).strip():
                    continue  # group totals, and a term-less event the reader warns about
                n += 1
                props = g.node("adverse-event", f"{letter}{n}")
                assert props["eventTerm"][0].value == (event.findtext("sub_title") or "").strip()
                for i, count in enumerate(event.findall("counts"), 1):
                    stat = g.node("adverse-event-count", f"{letter}{n}-{i}")
                    assert g.group_title(stat) == titles[count.get("group_id")]
                    check_number(stat, "numAffected", count.get("subjects_affected"))
                    check_number(stat, "numAtRisk", count.get("subjects_at_risk"))
                    check_number(stat, "numEvents", count.get("events"))
                    totals["adverse-event stats"] += 1


@pytest.mark.slow
def test_legacy_results_match_the_xml_all_174_records(legacy_xml_dir: Path) -> None:
    totals = _walk_legacy(legacy_xml_dir, 1)
    print(dict(totals))
    assert totals["records"] == 174


def test_legacy_results_match_the_xml_every_6th_record(legacy_xml_dir: Path) -> None:
    totals = _walk_legacy(legacy_xml_dir, 6)
    assert totals["records"] == 29
    assert all(n > 50 for key, n in totals.items() if key != "records"), dict(totals)


def _walk_legacy(folder: Path, step: int) -> dict[str, int]:
    paths = [p for p in sorted(folder.glob("*.xml")) if b"<clinical_results>" in p.read_bytes()]
    totals: dict[str, int] = defaultdict(int)
    for path in paths[::step]:
        section = ET.parse(path).getroot().find("clinical_results")
        g = _xml_graph(path)
        baseline = section.find("baseline")
        if baseline is not None:
            titles = _titles(baseline)
            totals["denominators"] += _denoms(g, "b", baseline, titles)
            for n, measure in enumerate(baseline.findall("measure_list/measure"), 1):
                totals["cells"] += _table(g, f"b{n}", measure, titles)
        _outcomes(g, section, totals)
        if section.find("reported_events") is not None:
            _adverse_events(g, section.find("reported_events"), totals)
        totals["records"] += 1
    return totals


def _facts(g: Graph) -> set[tuple]:
    """Results facts independent of how each format numbers things: group titles, each
    cell's (measure, group, value), each AE (term, group, affected, at risk), each p-value."""
    facts: set[tuple] = set()
    for props in g.index.values():
        if "numAffected" in props:
            facts.add(("ae", g.group_title(props), props["numAffected"][0].value, props["numAtRisk"][0].value))
        if "value" in props and "group" in props:
            facts.add(("cell", g.group_title(props), props["value"][0].value))
        if "pValue" in props:
            facts.add(("p", props["pValue"][0].value, *(x.value for x in props.get("pValueComparator", []))))
        if "seriousAffected" in props:
            facts.add(("serious", same(props[LABEL][0].value), props["seriousAffected"][0].value))
    return facts


def test_one_trial_in_both_formats_gives_the_same_results_facts(
    v2_studies: dict[str, dict], legacy_xml_dir: Path
) -> None:
    from_json = Graph(BOTH_FORMATS, study_from_v2(v2_studies[BOTH_FORMATS])[0])
    from_xml = _xml_graph(legacy_xml_dir / f"{BOTH_FORMATS}.xml")
    json_facts, xml_facts = _facts(from_json), _facts(from_xml)
    assert len(json_facts) > 50
    assert json_facts == xml_facts, (sorted(json_facts - xml_facts)[:5], sorted(xml_facts - json_facts)[:5])
