"""pyshacl, the reference validator, made total; and the SPARQL rules run on Oxigraph.

``reference_results`` is plain pyshacl with every shape on an rdflib Memory graph built from
pyoxigraph terms (pyshacl over an Oxigraph-backed rdflib graph gave false ``sh:in`` results and
ran slowly: DESIGN.md pitfalls), the yardstick the fast engine must equal. pyshacl 0.40 raises
on two kinds of value where SHACL says "a result": a blank node (or a pair of values that cannot
be ordered) under ``sh:lessThanOrEquals``, and an ``xsd:decimal`` that is not a number (the bridge,
``value_tests.to_rdflib``, makes that one ill-typed). ``total_pyshacl`` replaces the one method
so that these are results, as the specification says ("or where the two values cannot be
compared, there is a validation result"), and validation never stops on a value.
"""

from __future__ import annotations

import functools
import re

import pyoxigraph as ox
import rdflib
from pyshacl import Validator
from pyshacl.constraints.core.property_pair_constraints import LessThanOrEqualsConstraintComponent
from pyshacl.graph_abstraction import DataGraph
from rdflib.namespace import SH

from kg.store import TrialStore
from kg.validate.result import ValidationResult
from kg.validate.shapes import SparqlRule, shapes_graph
from kg.validate.value_tests import less_or_equal_ok, to_rdflib

_SPARQL_COMPONENT = str(SH.SPARQLConstraintComponent)
_OPTIONS = {"inference": "none", "advanced": False, "inplace": True, "allow_warnings": True, "allow_infos": True}


def reference_results(graph: rdflib.Graph) -> list[ValidationResult]:
    """Plain pyshacl with every shape, SPARQL rules included: the reference results."""
    total_pyshacl()
    validator = Validator(DataGraph.from_rdflib(graph), shacl_graph=shapes_graph(), options=dict(_OPTIONS))
    _conforms, report, _text = validator.run()
    return report_results(report)


def report_results(report: rdflib.Graph) -> list[ValidationResult]:
    """The results of a ``sh:ValidationReport`` graph, flattened."""
    results = []
    for node in report.subjects(rdflib.RDF.type, SH.ValidationResult):
        value = report.value(node, SH.value)
        path = report.value(node, SH.resultPath)
        results.append(
            ValidationResult(
                severity=str(report.value(node, SH.resultSeverity)),
                shape=str(report.value(node, SH.sourceShape)),
                component=str(report.value(node, SH.sourceConstraintComponent)),
                focus=str(report.value(node, SH.focusNode)),
                path=str(path) if isinstance(path, rdflib.URIRef) else "",
                value=value.n3() if value is not None else "",
                message=str(report.value(node, SH.resultMessage) or ""),
            )
        )
    return results


def rule_results(store: TrialStore, rule: SparqlRule, *, union: bool) -> list[ValidationResult]:
    """One SPARQL rule over a whole Oxigraph data graph (the default graph, or with ``union`` every
    graph): a result per solution, as pyshacl makes them."""
    results = []
    for row in store.query(rule.query, union=union):
        this, value, path = row["this"], row["value"], row["path"]
        results.append(
            ValidationResult(
                severity=rule.severity,
                shape=rule.shape,
                component=_SPARQL_COMPONENT,
                focus=this.value,
                path=path.value if isinstance(path, ox.NamedNode) else "",
                value=to_rdflib(value if value is not None else this).n3(),  # as rdflib writes it, like pyshacl
                message=_message(rule.message, row),
            )
        )
    return results


def _message(template: str, row: ox.QuerySolution) -> str:
    """``{?var}`` / ``{$var}`` replaced by the bound value, as SHACL-SPARQL says: every variable
    the template names (a rule's message may show any variable it selects, not only ``?value``)."""

    def bound(match: re.Match[str]) -> str:
        try:
            value = row[match.group(1)]
        except KeyError:
            return match.group(0)
        return match.group(0) if value is None else str(to_rdflib(value))

    return _TEMPLATE_VARIABLE.sub(bound, template)


_TEMPLATE_VARIABLE = re.compile(r"\{[?$](\w+)\}")


@functools.cache
def total_pyshacl() -> None:
    """Make pyshacl's sh:lessThanOrEquals total: a value it cannot compare is a result, not an error."""

    def compare(self, value_nodes, compare_values, datagraph, focus):
        reports = []
        for value in value_nodes:
            for other in compare_values:
                if not less_or_equal_ok(value, other):
                    reports.append(self.make_v_result(datagraph, focus, value_node=value))
        return bool(reports), reports

    LessThanOrEqualsConstraintComponent._compare_ltoe = compare  # type: ignore[method-assign]
