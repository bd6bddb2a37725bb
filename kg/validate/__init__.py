"""Validation of a built graph against the SHACL shapes in ``shapes/``.

>>> from kg.validate import FORMATS
>>> FORMATS
('text', 'json', 'csv', 'turtle')
"""

from __future__ import annotations

from kg.validate.report import FORMATS, Report
from kg.validate.result import Result
from kg.validate.run import validate_store

__all__ = ["FORMATS", "Report", "Result", "validate_store"]
