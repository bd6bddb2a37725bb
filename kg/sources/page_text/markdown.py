"""Undo the Markdown backslash escapes the registry puts into its free text.

The registry stores descriptions and criteria as Markdown, so the page text shows ``\\[``, ``\\>``
and ``\\<`` where the author wrote ``[``, ``>`` and ``<``. The graph carries the text a person
reads, so the escapes go; a backslash before anything but ASCII punctuation is kept, as
CommonMark does.
"""

from __future__ import annotations

import re

_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")


def unescape(text: str) -> str:
    r"""The text without Markdown backslash escapes.

    >>> unescape(r"score \>0 and \< 6 months \[Sufit et al.\]")
    'score >0 and < 6 months [Sufit et al.]'
    >>> unescape(r"C:\Users stays")
    'C:\\Users stays'
    """
    return _ESCAPE.sub(r"\1", text)
