"""Careful access to the loosely typed fields of one API v2 study object.

Real records miss optional fields, and hand-made or older files put a list where an object
belongs. ``Fields`` reads a value only if it has the expected type and writes a warning
(with the field's path) when it has not, so one odd field never sinks the record. Each
access looks only at the item in hand: cost stays linear in the record's size.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from kg.model import Age, MeshTerm, Organization, PartialDate
from kg.sources.ages import parse_age
from kg.sources.api_codes import FIELD_CODES as CODES
from kg.sources.numbers import whole_number

__all__ = ["Fields"]


class Fields:
    """Typed getters over API v2 objects that collect warnings instead of raising."""

    def __init__(self) -> None:
        self.warnings: list[str] = []

    def warn(self, message: str) -> None:
        self.warnings.append(message)

    def obj(self, parent: Mapping[str, Any], key: str, where: str) -> Mapping[str, Any]:
        """A nested object, or ``{}`` when absent or not an object."""
        value = parent.get(key)
        if value is None:
            return {}
        if not isinstance(value, Mapping):
            self.warn(f"{where}.{key} is a {type(value).__name__}, not an object: ignored")
            return {}
        return value

    def items(self, parent: Mapping[str, Any], key: str, where: str) -> Iterator[tuple[str, Mapping[str, Any]]]:
        """``(path, object)`` for each object of a list field; non-objects are warned about."""
        values = parent.get(key)
        if values is None:
            return
        if not isinstance(values, list):
            self.warn(f"{where}.{key} is a {type(values).__name__}, not a list: ignored")
            return
        for index, value in enumerate(values):
            path = f"{where}.{key}[{index}]"
            if isinstance(value, Mapping):
                yield path, value
            else:
                self.warn(f"{path} is a {type(value).__name__}, not an object: ignored")

    def text(self, parent: Mapping[str, Any], key: str, where: str) -> str | None:
        """A non-empty string (numbers are taken as their text), else ``None``."""
        value = parent.get(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            self.warn(f"{where}.{key} is a {type(value).__name__}, not text: ignored")
            return None
        value = str(value).strip()
        return value or None

    def texts(self, parent: Mapping[str, Any], key: str, where: str) -> list[str]:
        """The non-empty strings of a list-of-strings field."""
        values = parent.get(key)
        if values is None:
            return []
        if not isinstance(values, list):
            values = [values]  # a lone string where a list belongs: keep it
        out = []
        for index, value in enumerate(values):
            if isinstance(value, str) and value.strip():
                out.append(value.strip())
            else:
                self.warn(f"{where}.{key}[{index}] is {value!r}, not text: ignored")
        return out

    def code(self, parent: Mapping[str, Any], key: str, where: str, *, codes: str) -> str | None:
        """An enumeration code, kept as given; an unknown code is kept with a warning."""
        value = self.text(parent, key, where)
        if value is not None and value not in CODES[codes]:
            self.warn(f"{where}.{key}: unknown code {value!r}, kept as given")
        return value

    def codes(self, parent: Mapping[str, Any], key: str, where: str, *, codes: str) -> list[str]:
        known = CODES[codes]
        values = self.texts(parent, key, where)
        for value in values:
            if value not in known:
                self.warn(f"{where}.{key}: unknown code {value!r}, kept as given")
        return values

    def flag(self, parent: Mapping[str, Any], key: str, where: str) -> bool | None:
        value = parent.get(key)
        if value is None or isinstance(value, bool):
            return value
        self.warn(f"{where}.{key} is {value!r}, not true/false: ignored")
        return None

    def named(
        self, parent: Mapping[str, Any], key: str, name_key: str, where: str
    ) -> Iterator[tuple[str, Mapping[str, Any], str]]:
        """``(path, object, name)`` for each object of a list field that has its naming field;
        one without it (an arm with no label, an outcome with no measure) is warned about."""
        for path, value in self.items(parent, key, where):
            name = self.text(value, name_key, path)
            if name is None:
                self.warn(f"{path} has no {name_key}: ignored")
                continue
            yield path, value, name

    def count(self, parent: Mapping[str, Any], key: str, where: str) -> int | None:
        value = parent.get(key)
        if value is None:
            return None
        number = whole_number(value)
        if number is None:
            self.warn(f"{where}.{key} is {value!r}, not a whole number the store can hold (64 bits): ignored")
        return number

    def date(self, parent: Mapping[str, Any], key: str, where: str) -> PartialDate | None:
        """A ``{"date": ..., "type": ...}`` struct as a ``PartialDate``."""
        struct = self.obj(parent, key, where)
        value = self.text(struct, "date", f"{where}.{key}")
        if value is None:
            return None
        return PartialDate(value=value, type=self.code(struct, "type", f"{where}.{key}", codes="dateType"))

    def organization(self, value: Mapping[str, Any], where: str, *, name_key: str = "name") -> Organization | None:
        name = self.text(value, name_key, where)
        if name is None:
            if value:
                self.warn(f"{where} has no {name_key}: ignored")
            return None
        return Organization(name=name, agency_class=self.code(value, "class", where, codes="agencyClass"))

    def age(self, parent: Mapping[str, Any], key: str, where: str) -> Age | None:
        age = parse_age(self.text(parent, key, where))
        if age is not None and age.years is None:
            self.warn(f"{where}.{key}: {age.text!r} is not an age in years, months, weeks, days, hours or minutes")
        return age

    def meshes(self, browse: Mapping[str, Any], key: str, where: str) -> list[MeshTerm]:
        terms = []
        for path, value in self.items(browse, key, where):
            mesh_id, term = self.text(value, "id", path), self.text(value, "term", path)
            if mesh_id is None or term is None:
                self.warn(f"{path} lacks an id or a term: ignored")
                continue
            terms.append(MeshTerm(id=mesh_id, term=term))
        return terms
