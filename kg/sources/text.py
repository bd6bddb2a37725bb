"""The one rule for characters in the registry's text that no downstream format can hold.

The registry's JSON can carry C0 control characters (U+000B vertical tab and U+001F unit
separator occur in real titles and labels), lone surrogates (a ``\\ud800`` escape) and the
non-characters U+FFFE/U+FFFF. XML 1.0 cannot hold any of them, even escaped, so GEXF,
GraphML and RDF/XML could not be written, and they carry no meaning a reader could use. The
rule, applied once to every ``Study`` a reader returns, whatever its format:

- tab, newline and carriage return are kept (paragraphs and lists in descriptions);
- every other C0 control (U+0000-U+0008, U+000B, U+000C, U+000E-U+001F) becomes a space, since
  in the registry's text they stand where a separator or line break was;
- lone surrogates, U+FFFE and U+FFFF become U+FFFD (the replacement character), marking
  that something unreadable was there;
- each field changed gives one warning naming the field and the characters replaced, so
  nothing is changed silently (warnings reach ``problems.jsonl`` and the build summary).

>>> from kg.model import Condition, Study
>>> study = Study(nct_id="NCT00000001", brief_title="Asthma\\x0bin adults", conditions=[Condition(name="A\\x1fB")])
>>> replace_unholdable(study)
['brief_title: replaced U+000B (1) with a space', 'conditions[0].name: replaced U+001F (1) with a space']
>>> study.brief_title, study.conditions[0].name
('Asthma in adults', 'A B')
"""

from __future__ import annotations

import dataclasses
import re
from collections import Counter
from typing import Any

_CONTROL = "\x00-\x08\x0b\x0c\x0e-\x1f"
_NONCHARACTER = "\ud800-\udfff\ufffe\uffff"
UNHOLDABLE = re.compile(f"[{_CONTROL}{_NONCHARACTER}]")
_IS_CONTROL = re.compile(f"[{_CONTROL}]")


def clean(text: str) -> tuple[str, str | None]:
    """``text`` with the rule applied, and what was replaced (None when nothing was).

    >>> clean("ok\\ttab")
    ('ok\\ttab', None)
    >>> clean("a\\x00b\\ud800c")
    ('a b\\ufffdc', 'replaced U+0000 (1) with a space; U+D800 (1) with U+FFFD')
    """
    if not UNHOLDABLE.search(text):
        return text, None
    found = Counter(UNHOLDABLE.findall(text))
    parts = [
        f"U+{ord(ch):04X} ({n}) with {'a space' if _IS_CONTROL.match(ch) else 'U+FFFD'}"
        for ch, n in sorted(found.items())
    ]
    fixed = UNHOLDABLE.sub(lambda m: " " if _IS_CONTROL.match(m.group()) else "\ufffd", text)
    return fixed, "replaced " + "; ".join(parts)


def replace_unholdable(study: Any) -> list[str]:
    """Apply the rule to every text field of a study (walking its dataclasses and lists) in
    place; one warning per field changed, named by its path (``sites[3].facility``)."""
    warnings: list[str] = []
    _walk(study, "", warnings)
    return warnings


def _walk(value: Any, path: str, warnings: list[str]) -> Any:
    """The value with the rule applied; dataclasses and lists are changed in place."""
    if isinstance(value, str):
        fixed, what = clean(value)
        if what:
            warnings.append(f"{path}: {what}")
        return fixed
    if isinstance(value, list):
        for n, item in enumerate(value):
            value[n] = _walk(item, f"{path}[{n}]", warnings)
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for f in dataclasses.fields(value):
            item = getattr(value, f.name)
            if item is not None and not isinstance(item, int | float | bool):
                setattr(value, f.name, _walk(item, f"{path}.{f.name}" if path else f.name, warnings))
    return value
