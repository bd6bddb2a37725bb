"""Whole numbers from the registry's records, refused when the store could not hold them as numbers.

Oxigraph keeps an ``xsd:integer`` as a signed 64-bit number; a larger one (an enrollment of
``1e20`` written out) stays a string typed ``xsd:integer`` that no SPARQL comparison reads, so
the questions and rules about it fall silent. A reader keeps such a value out of the model and
warns, naming the field (the build reports the warning with the trial's NCT id).
"""

from __future__ import annotations

STORE_INT_MAX = 2**63 - 1


def whole_number(value: object) -> int | None:
    """``value`` (an int, or text such as ``" 12 "``) as a whole number the store can hold, else None.

    >>> whole_number(" 12 "), whole_number(-3), whole_number("1e20"), whole_number(10**20), whole_number(float("nan"))
    (12, -3, None, None, None)
    >>> whole_number(True), whole_number("\u00b2"), whole_number(12.5)
    (None, None, None)
    """
    if isinstance(value, bool | float):
        return None
    try:
        number = value if isinstance(value, int) else int(str(value).strip())
    except ValueError:
        return None
    return number if -STORE_INT_MAX - 1 <= number <= STORE_INT_MAX else None
