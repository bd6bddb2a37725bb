"""The one-screen summary a build prints: what was read, what the graph now holds."""

from __future__ import annotations

from kg.build import BuildReport

_SHORT = {
    "https://w3id.org/trialgraph/ontology#": "tg:",
    "https://schema.org/": "schema:",
    "http://www.w3.org/ns/prov#": "prov:",
    "http://www.w3.org/2004/02/skos/core#": "skos:",
    "http://www.w3.org/2002/07/owl#": "owl:",
}
TOP_CLASSES = 16


def render(report: BuildReport) -> str:
    """The build report as a short block of text for the terminal."""
    lines = [
        f"trialgraph {report.tool_version}: built {report.out}",
        f"  records read     {report.records_read:>10,}   ({_formats(report.formats)})",
        f"  trials built     {report.studies_built:>10,}   new {report.studies_new:,}, replaced "
        f"{report.studies_replaced:,}; unchanged {report.studies_unchanged:,}, stale {report.studies_stale:,}",
        f"  problems         {report.problems:>10,}   records that could not be read (problems.jsonl)",
        f"  warnings         {report.warnings:>10,}   {_kinds(report.warning_kinds)}",
        f"  quads loaded     {report.quads_loaded:>10,}",
        f"  store now holds  {report.store_quads:>10,} quads in {report.store_trials:,} trial graphs",
        *_validation(report),
        f"  time             {report.seconds:>10.2f} s  {report.studies_per_second:,.0f} records/s "
        f"on {report.workers} worker(s)",
        "  nodes per class:",
    ]
    classes = list(report.nodes_per_class.items())
    for iri, count in classes[:TOP_CLASSES]:
        lines.append(f"    {_short(iri):<34} {count:>10,}")
    if len(classes) > TOP_CLASSES:
        lines.append(f"    ... {len(classes) - TOP_CLASSES} more classes in summary.json")
    return "\n".join(lines)


def _validation(report: BuildReport) -> list[str]:
    """One line about SHACL validation, when the build ran it."""
    if report.validation is None:
        return []
    v = report.validation
    return [
        f"  violations       {v.get('Violation', 0):>10,}   "
        f"warnings {v.get('Warning', 0):,}, infos {v.get('Info', 0):,} against shapes/ (validation.txt)"
    ]


def _formats(formats: dict[str, int]) -> str:
    return ", ".join(f"{name} {count:,}" for name, count in sorted(formats.items())) or "none"


def _kinds(kinds: dict[str, int]) -> str:
    shown = sorted(kinds.items(), key=lambda kv: -kv[1])[:3]
    return "; ".join(f"{kind} x{count:,}" for kind, count in shown)


def _short(iri: str) -> str:
    for long, prefix in _SHORT.items():
        if iri.startswith(long):
            return prefix + iri[len(long) :]
    return iri
