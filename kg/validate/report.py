"""The validation report people act on, in text, JSON, CSV or Turtle (``sh:ValidationReport``).

Text starts with what to look at first: counts by severity and by shape, the trials with the
most problems; then one line per result with NCT id, path, value and message.
"""

from __future__ import annotations

import csv
import io
import json
from collections import Counter
from dataclasses import dataclass, field

import rdflib
from rdflib.namespace import SH

from kg.iris import DEFAULT_BASE
from kg.validate.result import ValidationResult
from kg.validate.shapes import shape_name
from kg.vocab import SHAPES_NS, TG_NS, shorten

FORMATS = ("text", "json", "csv", "turtle")
TOP_TRIALS = 10


@dataclass(slots=True, kw_only=True)
class ValidationReport:
    """Every result of one validation run, sorted, with what was validated and how fast."""

    results: list[ValidationResult] = field(default_factory=list)
    trials: int = 0
    seconds: float = 0.0
    mode: str = ""

    def count(self, severity: str) -> int:
        return sum(1 for r in self.results if r.severity_name == severity)

    @property
    def violations(self) -> int:
        return self.count("Violation")

    def by_shape(self) -> Counter[tuple[str, str]]:
        """(severity, shape name) -> number of results."""
        return Counter((r.severity_name, shape_name(r.shape)) for r in self.results)

    def worst_trials(self, n: int = TOP_TRIALS) -> list[tuple[str, int]]:
        return Counter(r.nct_id or "(shared)" for r in self.results).most_common(n)

    def render(self, fmt: str) -> str:
        """The report in one of ``FORMATS``."""
        if fmt not in FORMATS:
            raise ValueError(f"unknown report format {fmt!r}; choose one of {', '.join(FORMATS)}")
        return {"text": _text, "json": _json, "csv": _csv, "turtle": _turtle}[fmt](self)


def short(iri: str) -> str:
    """An IRI for people: a known namespace as its prefix, a minted node without the base."""
    return shorten(iri, base=DEFAULT_BASE)


def _text(report: ValidationReport) -> str:
    rate = report.trials / report.seconds if report.seconds else 0.0
    lines = [
        f"validated {report.trials:,} trials in {report.seconds:.1f} s ({rate:,.0f} trials/s), {report.mode}",
        "  " + ", ".join(f"{report.count(s):,} {s.lower()}s" for s in ("Violation", "Warning", "Info")),
    ]
    if report.results:
        lines.append("by shape:")
        for (severity, shape), n in sorted(report.by_shape().items(), key=lambda kv: (-kv[1], kv[0])):
            lines.append(f"  {n:>8,}  {severity:<9}  {shape}")
        lines.append("trials with the most problems:")
        lines += [f"  {n:>8,}  {nct}" for nct, n in report.worst_trials()]
        lines.append("results:")
        for r in report.results:
            value = short(r.value.strip("<>")) if r.value.startswith("<") else r.value
            lines.append(
                f"  {r.nct_id or '(shared)'}  {r.severity_name}  {short(r.path) or '-'}  {value or '-'}  "
                f"{r.message}  [{shape_name(r.shape)} on {short(r.focus)}]"
            )
    return "\n".join(lines) + "\n"


def _json(report: ValidationReport) -> str:
    data = {
        "trials": report.trials,
        "seconds": round(report.seconds, 3),
        "mode": report.mode,
        "counts": {s: report.count(s) for s in ("Violation", "Warning", "Info")},
        "by_shape": [{"severity": s, "shape": n, "count": c} for (s, n), c in sorted(report.by_shape().items())],
        "results": [r.as_dict() for r in report.results],
    }
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def _csv(report: ValidationReport) -> str:
    buffer = io.StringIO()
    columns = ["nct_id", "severity", "shape", "component", "focus", "path", "value", "message"]
    writer = csv.DictWriter(buffer, fieldnames=columns, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    for r in report.results:
        writer.writerow({**r.as_dict(), "shape": shape_name(r.shape)})
    return buffer.getvalue()


def _turtle(report: ValidationReport) -> str:
    """The standard ``sh:ValidationReport`` (conforms only when there is no result at all)."""
    graph = rdflib.Graph()
    graph.bind("sh", SH)
    graph.bind("tg", TG_NS)
    graph.bind("tgsh", SHAPES_NS)
    root = rdflib.BNode()
    graph.add((root, rdflib.RDF.type, SH.ValidationReport))
    graph.add((root, SH.conforms, rdflib.Literal(not report.results)))
    for r in report.results:
        node = rdflib.BNode()
        graph.add((root, SH.result, node))
        graph.add((node, rdflib.RDF.type, SH.ValidationResult))
        graph.add((node, SH.focusNode, rdflib.URIRef(r.focus)))
        graph.add((node, SH.resultSeverity, rdflib.URIRef(r.severity)))
        graph.add((node, SH.sourceShape, rdflib.URIRef(r.shape)))
        graph.add((node, SH.sourceConstraintComponent, rdflib.URIRef(r.component)))
        if r.path:
            graph.add((node, SH.resultPath, rdflib.URIRef(r.path)))
        if r.value:
            graph.add((node, SH.value, _node(r.value)))
        if r.message:
            graph.add((node, SH.resultMessage, rdflib.Literal(r.message)))
    return graph.serialize(format="turtle")


def _node(n3: str) -> rdflib.term.Node:
    """An N-Triples term back to rdflib (values are kept in that form)."""
    parsed = rdflib.Graph().parse(data=f"<urn:s> <urn:p> {n3} .", format="nt")
    return next(iter(parsed.objects()))
