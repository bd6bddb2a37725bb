"""Numbers of the results tables: typed literals, and the registry's text beside them.

The registry writes numbers as text, and sometimes text that is no number ("NA",
"<0.001", "0.05 (two-sided)"). A number becomes an ``xsd:integer`` or ``xsd:decimal``;
the verbatim text is kept on the ``...Text`` property whenever it differs from the typed
literal's form, so nothing the registry wrote is lost and no number is invented. A p-value
or a limit written with a comparator (``< 0.001``, ``≤ 0.05``) keeps the comparator apart,
so "p below 0.05" can be asked. Oxigraph's ``xsd:decimal`` holds 18 fractional digits and
about 1.7e20, and its integers 64 bits: a value beyond that stays text only.

>>> canonical_decimal("12.50"), canonical_decimal("1.5E-3"), canonical_decimal("NA")
('12.5', '0.0015', None)
>>> canonical_decimal("0.0000000000000000001"), canonical_decimal("3e25")  # beyond Oxigraph: text only
(None, None)
>>> split_comparator("< 0.001"), split_comparator("≤0.05"), split_comparator("0.05 (two-sided)")
(('<', '0.001'), ('<=', '0.05'), None)
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from pyoxigraph import Literal, NamedNode

from kg.mapping.emit import Emitter
from kg.vocab import XSD

__all__ = ["canonical_decimal", "emit_count", "emit_decimal", "emit_limit", "split_comparator"]

_INTEGER = re.compile(r"[+-]?\d{1,18}")
_DECIMAL = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?")
_COMPARED = re.compile(r"(<=|>=|<|>|≤|≥|=)\s*([+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)")
_COMPARATORS = {"≤": "<=", "≥": ">="}
_MAX_DECIMAL = Decimal("1e20")
_MAX_FRACTION_DIGITS = 18


def canonical_decimal(text: str) -> str | None:
    """The plain ``xsd:decimal`` form of a number written as text, or ``None`` when it is no
    number or beyond what Oxigraph holds."""
    text = text.strip()
    if not _DECIMAL.fullmatch(text):
        return None
    try:
        number = Decimal(text)
    except InvalidOperation:  # pragma: no cover - the pattern admits only numbers
        return None
    exponent = number.as_tuple().exponent
    if abs(number) >= _MAX_DECIMAL or (isinstance(exponent, int) and -exponent > _MAX_FRACTION_DIGITS):
        return None
    plain = format(number, "f")
    if "." in plain:
        plain = plain.rstrip("0").rstrip(".")
    return "0" if plain in ("-0", "+0", "") else plain


def split_comparator(text: str) -> tuple[str, str] | None:
    """``(comparator, number)`` of a value written as ``< 0.001``, else ``None``."""
    match = _COMPARED.fullmatch(text.strip())
    if match is None:
        return None
    return _COMPARATORS.get(match.group(1), match.group(1)), match.group(2)


def emit_count(em: Emitter, node: NamedNode, prop: NamedNode, text_prop: NamedNode, text: str | None) -> None:
    """A count as ``xsd:integer``; anything else the registry wrote, verbatim on ``text_prop``."""
    if text is None:
        return
    text = text.strip()
    if _INTEGER.fullmatch(text):
        em.add(node, prop, Literal(str(int(text)), datatype=XSD.integer))
        if str(int(text)) != text:
            em.add(node, text_prop, Literal(text))
    else:
        em.add(node, text_prop, Literal(text))


def emit_decimal(em: Emitter, node: NamedNode, prop: NamedNode, text_prop: NamedNode, text: str | None) -> None:
    """A number as ``xsd:decimal``; the verbatim text too when it reads differently."""
    if text is None:
        return
    plain = canonical_decimal(text)
    if plain is not None:
        em.add(node, prop, Literal(plain, datatype=XSD.decimal))
    if plain != text:
        em.add(node, text_prop, Literal(text))


def emit_limit(em: Emitter, node: NamedNode, props: tuple[NamedNode, NamedNode, NamedNode], text: str | None) -> None:
    """A p-value or limit: ``props`` are (number, comparator, text); ``< 0.001`` gives all three."""
    if text is None:
        return
    number, comparator, text_prop = props
    compared = split_comparator(text)
    if compared is None:
        emit_decimal(em, node, number, text_prop, text)
        return
    plain = canonical_decimal(compared[1])
    if plain is not None:
        em.add(node, number, Literal(plain, datatype=XSD.decimal))
        em.add(node, comparator, Literal(compared[0]))
    em.add(node, text_prop, Literal(text))
