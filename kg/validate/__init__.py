"""Validation of a built graph against the SHACL shapes in ``shapes/``.

>>> from kg.validate import FORMATS
>>> FORMATS
('text', 'json', 'csv', 'turtle')
"""

from __future__ import annotations

from kg.validate.modes import validate_store
from kg.validate.report import FORMATS, ValidationReport
from kg.validate.result import ValidationResult

__all__ = ["FORMATS", "ValidationReport", "ValidationResult", "validate_store"]
