"""One validation result, as plain strings: what crosses process boundaries and fills reports."""

from __future__ import annotations

from dataclasses import asdict, dataclass

from kg.vocab import SHACL_NS


@dataclass(frozen=True, slots=True, order=True)
class ValidationResult:
    """A SHACL validation result, flattened.

    ``focus``, ``path`` and ``shape`` are IRIs; ``value`` is the value node in N-Triples form
    (``<iri>`` or ``"lexical"^^<datatype>``), so a literal's type is not lost; ``nct_id`` is
    the trial whose graph holds the focus node (``""`` for a shared entity).
    """

    severity: str
    shape: str
    component: str
    focus: str
    path: str
    value: str
    message: str
    nct_id: str = ""

    @property
    def key(self) -> tuple[str, str, str, str, str, str]:
        """What identifies a result across engines and runs (the message wording does not)."""
        return (self.focus, self.path, self.component, self.shape, self.severity, self.value)

    @property
    def severity_name(self) -> str:
        """``Violation``, ``Warning`` or ``Info``."""
        return self.severity.removeprefix(SHACL_NS)

    def as_raw(self) -> dict[str, str]:
        """The fields as they are (full IRIs)."""
        return asdict(self)

    def as_dict(self) -> dict[str, str]:
        data = asdict(self)
        data["severity"] = self.severity_name
        data["component"] = self.component.removeprefix(SHACL_NS)
        return data
