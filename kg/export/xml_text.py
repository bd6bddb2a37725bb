"""Text XML 1.0 cannot carry, found before an XML writer (GEXF, GraphML, RDF/XML) starts.

XML 1.0 allows tab, newline and carriage return but no other C0 control (U+0000-U+001F),
no lone surrogate and neither U+FFFE nor U+FFFF, not even as a character reference
(``&#11;`` is as ill-formed as the raw character). Since no escape exists, the XML writers
refuse such text with an error naming the node and the character, before they open a file:
a half-written or empty file is never left behind. The readers replace these characters as
they read (``kg/sources/text.py``), so only a store built by an older version or edited by
hand holds them; the other exports (N-Quads, Turtle, JSON-LD, Neo4j CSV) carry them as they are.

>>> first_unwritable("tab\\tand\\nnewline are fine")
>>> first_unwritable("vertical\\x0btab")
'U+000B at character 8'
"""

from __future__ import annotations

import re

NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


class UnwritableText(ValueError):
    """A value holds a character XML 1.0 cannot carry; nothing was written."""


def first_unwritable(text: str) -> str | None:
    """The first character of ``text`` XML 1.0 cannot carry, and where, or None."""
    found = NOT_XML.search(text)
    return f"U+{ord(found.group()):04X} at character {found.start()}" if found else None


def refuse(where: str, text: str, *, fmt: str) -> None:
    """Raise ``UnwritableText`` when ``text`` (found at ``where``) cannot go into ``fmt``."""
    bad = first_unwritable(text)
    if bad:
        raise UnwritableText(
            f"{where} holds {bad}, which {fmt} (XML 1.0) cannot carry, escaped or not; nothing was written. "
            "Rebuild the store (the readers now replace such characters) or choose a format that is not XML"
        )
