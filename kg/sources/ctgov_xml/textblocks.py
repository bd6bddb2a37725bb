"""Hard-wrapped, indented legacy XML ``<textblock>`` text turned back into paragraphs.

The legacy XML wraps prose at about 80 columns and indents it to the element's depth, so the
same summary read from XML and from JSON differs in every line break. Paragraphs (blank-line
separated) are kept; the lines inside one are joined with single spaces, except before a line
that starts a list item, where the break is part of the text's structure.
"""

from __future__ import annotations

import re
import textwrap

_LIST_ITEM = re.compile(r"^(?:[-*+\u2022\u00b7o]\s|\d{1,3}[.)]\s|\(?[a-zA-Z][.)]\s)")


def dedent_block(text: str | None) -> str | None:
    """The block without its common indentation and surrounding blank lines; ``None`` when empty."""
    if text is None:
        return None
    lines = [line.rstrip() for line in text.replace("\r\n", "\n").split("\n")]
    block = textwrap.dedent("\n".join(lines)).strip("\n")
    return block if block.strip() else None


def paragraphs(text: str | None) -> str | None:
    """Prose with wrapping undone and paragraph breaks kept.

    >>> paragraphs('''
    ...       The purpose of this study is to
    ...       determine safety.
    ...
    ...       Addendum: five subjects
    ...       more.
    ...     ''')
    'The purpose of this study is to determine safety.\\n\\nAddendum: five subjects more.'
    >>> paragraphs("Doses:\\n  - one\\n  - two")
    'Doses:\\n- one\\n- two'
    """
    block = dedent_block(text)
    if block is None:
        return None
    out = []
    for paragraph in re.split(r"\n\s*\n", block):
        joined = ""
        for line in (raw.strip() for raw in paragraph.split("\n")):
            if not joined:
                joined = line
            elif _LIST_ITEM.match(line):
                joined += "\n" + line
            else:
                joined += " " + line
        if joined:
            out.append(re.sub(r"[ \t]+", " ", joined))
    return "\n\n".join(out) or None
