"""What a build did: the counters, ``summary.json`` and the one-screen summary it prints."""

from __future__ import annotations

from dataclasses import dataclass, field

from kg import __version__
from kg.vocab import shorten

TOP_CLASSES = 16


@dataclass(slots=True, kw_only=True)
class BuildReport:
    """What a build did. The loader counts straight into it; the pipeline adds what the store holds."""

    inputs: list[str]
    out: str
    records_read: int = 0
    studies_built: int = 0
    studies_new: int = 0
    studies_replaced: int = 0
    studies_unchanged: int = 0
    studies_stale: int = 0
    problems: int = 0
    warnings: int = 0
    warning_kinds: dict[str, int] = field(default_factory=dict)
    formats: dict[str, int] = field(default_factory=dict)
    quads_loaded: int = 0
    store_quads: int = 0
    store_trials: int = 0
    nodes_per_class: dict[str, int] = field(default_factory=dict)
    validation: dict[str, int] | None = None  # results by severity, when the build validated
    seconds: float = 0.0
    workers: int = 1
    build_time: str = ""
    tool_version: str = __version__
    contacts: bool = True  # whether contact details were kept (False with --no-contacts)

    @property
    def studies_per_second(self) -> float:
        return self.records_read / self.seconds if self.seconds else 0.0

    def to_json(self) -> dict:
        """The report as ``summary.json`` holds it."""
        data = {name: getattr(self, name) for name in self.__dataclass_fields__}
        data["studies_per_second"] = round(self.studies_per_second, 1)
        data["seconds"] = round(self.seconds, 3)
        return data


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
        "  contacts         "
        + ("kept       (names, phones, e-mails)" if report.contacts else "left out   (--no-contacts)"),
        f"  store now holds  {report.store_quads:>10,} quads in {report.store_trials:,} trial graphs",
        *_validation(report),
        f"  time             {report.seconds:>10.2f} s  {report.studies_per_second:,.0f} records/s "
        f"on {report.workers} worker(s)",
        "  nodes per class:",
    ]
    classes = list(report.nodes_per_class.items())
    for iri, count in classes[:TOP_CLASSES]:
        lines.append(f"    {shorten(iri):<34} {count:>10,}")
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
