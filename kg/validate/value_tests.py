"""Value tests that decide, exactly as pyshacl does, the rows a compiled query could not settle.

The compiled SPARQL only accepts a value when it is sure pyshacl would accept it too (the
"sure" conditions below are deliberately narrower than pyshacl: a canonical lexical form of
the right datatype, a safe regular expression); every other value comes back as a candidate
and is judged here, on the rdflib term pyshacl would see, with pyshacl's own logic copied or
imported. So literal-comparison quirks (xsd:string vs plain, rdflib's lenient parsers, the
DESIGN.md date pitfall) cannot make the two engines disagree: Oxigraph never has the last word
on a value it might judge differently.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time
from decimal import Decimal

import pyoxigraph as ox
import rdflib
from pyshacl.rdfutil.compare import compare_literal
from rdflib.namespace import RDF, RDFS, XSD

_STRING = str(XSD.string)
_TERMS: dict[object, rdflib.term.Node] = {}

#: SPARQL tests of ``?value`` that imply pyshacl's sh:datatype check passes (narrower on purpose).
_SURE_LEXICAL = {
    XSD.integer: "^-?[0-9]+$",
    XSD.decimal: "^-?[0-9]+([.][0-9]+)?$",
    XSD.boolean: "^(true|false)$",
    XSD.date: "^[1-9][0-9]{3}-(0[1-9]|1[0-2])-(0[1-9]|1[0-9]|2[0-8])$",
    XSD.gYearMonth: "^[1-9][0-9]{3}-(0[1-9]|1[0-2])$",
    XSD.gYear: "^[1-9][0-9]{3}$",
    XSD.dateTime: "^[1-9][0-9]{3}-(0[1-9]|1[0-2])-(0[1-9]|1[0-9]|2[0-8])T([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9]"
    "([.][0-9]{1,6})?(Z|[+-](0[0-9]|1[0-3]):[0-5][0-9])?$",
}
#: Regular expressions whose meaning is the same in Python ``re`` and Oxigraph's Rust regex
#: (literal text, character classes, anchors, counted repeats), except that Python's ``$``
#: also matches before a final newline, which only makes Python accept more: safe to pre-accept.
_SAFE_REGEX = re.compile(r"^[A-Za-z0-9^$\[\]{},.\-+*?:/_ ()|]*$")
_NUMBER = "^-?[0-9]{1,15}([.][0-9]{1,15})?$"


def to_rdflib(node: ox.NamedNode | ox.Literal | ox.BlankNode) -> rdflib.term.Node:
    """pyoxigraph term -> the rdflib term the reference validator sees (xsd:string literals
    become plain ones, as rdflib parses them); short terms repeat a lot, so they are cached."""
    cached = _TERMS.get(node)
    if cached is not None:
        return cached
    if isinstance(node, ox.NamedNode):
        converted: rdflib.term.Node = rdflib.URIRef(node.value)
    elif isinstance(node, ox.Literal):
        if node.language:
            converted = rdflib.Literal(node.value, lang=node.language)
        elif node.datatype.value == _STRING:
            converted = rdflib.Literal(node.value)
        else:
            converted = rdflib.Literal(node.value, datatype=rdflib.URIRef(node.datatype.value))
    else:
        converted = rdflib.BNode(node.value)
    if (
        isinstance(converted, rdflib.Literal)
        and isinstance(converted.value, Decimal)
        and not converted.value.is_finite()
    ):
        _ill_typed(converted)
    if len(_TERMS) < 200_000 and (not isinstance(node, ox.Literal) or len(node.value) < 40):
        _TERMS[node] = converted
    return converted


def _ill_typed(literal: rdflib.Literal) -> None:
    """Mark a literal rdflib read but XSD does not allow ("NaN"^^xsd:decimal): no value, ill-typed.

    rdflib reads "NaN" and "Infinity" as decimals, which no comparison accepts (decimal raises
    InvalidOperation); XSD's decimal has no such values, so they are what rdflib calls ill-typed,
    and sh:datatype reports them, as it does any other unreadable literal."""
    literal._value = None  # the slots rdflib's own constructor sets for a lexical form it cannot read
    literal._ill_typed = True


def sure_datatype(var: str, datatype: rdflib.URIRef) -> str:
    """A SPARQL condition on ``var`` under which pyshacl's sh:datatype surely passes ("false" if none)."""
    if datatype == XSD.string:
        return f"(isLiteral({var}) && datatype({var}) = <{XSD.string}>)"
    lexical = _SURE_LEXICAL.get(datatype)
    if lexical is None:
        return "false"
    return f'(isLiteral({var}) && datatype({var}) = <{datatype}> && REGEX(STR({var}), "{lexical}"))'


def sure_number(var: str) -> str:
    """``var`` is an xsd:integer or xsd:decimal both engines read as the same exact number."""
    return (
        f'(isLiteral({var}) && datatype({var}) IN (<{XSD.integer}>, <{XSD.decimal}>) && REGEX(STR({var}), "{_NUMBER}"))'
    )


def sure_pattern(var: str, pattern: str) -> str:
    """``var`` surely matches ``pattern`` for pyshacl (IRIs and plain strings only: rdflib may
    rewrite other literals' lexical forms); "false" when the pattern is not in the safe subset."""
    if not _SAFE_REGEX.match(pattern):
        return "false"
    escaped = pattern.replace("\\", "\\\\").replace('"', '\\"')
    plain = f"(isLiteral({var}) && datatype({var}) = <{XSD.string}>)"  # isLiteral first: a blank node has no datatype
    return f'((isIRI({var}) || {plain}) && REGEX(STR({var}), "{escaped}"))'


def datatype_ok(value: rdflib.term.Node, rule: rdflib.URIRef) -> bool:
    """pyshacl 0.40's DatatypeConstraintComponent on one value node."""
    if not isinstance(value, rdflib.Literal):
        return False
    if value.datatype == rule:
        return getattr(value, "ill_typed", None) is not True and _actual(value, rule)
    if rule == RDFS.Literal:
        return True
    if rule == RDFS.Datatype and value.datatype:
        return True
    if value.datatype is None and value.language is None and rule == XSD.string:
        return _actual(value, rule)
    return rule == RDF.langString and bool(value.language) and _actual(value, rule)


def _actual(value: rdflib.Literal, rule: rdflib.URIRef) -> bool:
    python = value.value
    kinds: dict[rdflib.URIRef, type | tuple[type, ...]] = {
        XSD.string: (str, bytes),
        RDF.langString: (str, bytes),
        XSD.integer: int,
        XSD.float: float,
        XSD.decimal: Decimal,
        XSD.boolean: bool,
        XSD.date: date,
        XSD.time: time,
        XSD.dateTime: datetime,
    }
    kind = kinds.get(rule)
    return True if kind is None else isinstance(python, kind)


def range_ok(value: rdflib.term.Node, bound: rdflib.Literal, component: str) -> bool:
    """pyshacl's min/max inclusive/exclusive test of one value node against ``bound``."""
    if not isinstance(value, rdflib.Literal):
        return False
    if isinstance(bound.value, str) != isinstance(value.value, str):
        return False
    try:
        order = compare_literal(value, bound)
    except (TypeError, NotImplementedError):
        return False
    return {"MinInclusive": order >= 0, "MaxInclusive": order <= 0, "MinExclusive": order > 0}.get(component, order < 0)


def pattern_ok(value: rdflib.term.Node, matcher: re.Pattern[str]) -> bool:
    """pyshacl's sh:pattern on one value node (blank nodes never match)."""
    if isinstance(value, rdflib.BNode):
        return False
    text = str(value)
    return bool(matcher.match(text) or matcher.search(text))


def less_or_equal_ok(value: rdflib.term.Node, other: rdflib.term.Node) -> bool:
    """pyshacl's sh:lessThanOrEquals on one (value, compared value) pair, made total: a blank
    node or a pair that cannot be ordered does not conform (pyshacl 0.40 raises on both)."""
    if isinstance(value, rdflib.BNode) or isinstance(other, rdflib.BNode):
        return False
    left, left_str = _comparable(value)
    right, right_str = _comparable(other)
    if left_str != right_str:
        return False
    try:
        return bool(left <= right)
    except (TypeError, ArithmeticError):
        return False


def _comparable(node: rdflib.term.Node) -> tuple[object, bool]:
    if isinstance(node, rdflib.URIRef):
        return str(node), True
    if isinstance(node, rdflib.Literal) and isinstance(node.value, str):
        return node.value, True
    return node, False
