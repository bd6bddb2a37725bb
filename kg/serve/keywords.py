"""Which SPARQL keywords a request's text uses, read past strings, IRIs and comments.

pyoxigraph parses and runs the query but exposes no algebra, and it would follow a
``SERVICE`` clause out to any address (it has an HTTP client built in). The endpoint must
refuse that before the query runs, and must know whether the query names its own dataset
(``FROM``) or is an Update, so this module blanks out everything that is data (string
literals, IRIs, comments) and reports the keywords left. It errs towards finding a keyword:
a false find refuses a query with a clear message, a miss would let a request out.

>>> sorted(keywords('SELECT * WHERE { SERVICE <http://x/> { ?s ?p "SERVICE" } }'))
['SELECT', 'SERVICE', 'WHERE']
>>> "SERVICE" in keywords("SELECT ?service WHERE { ?service a ex:SERVICE } # SERVICE")
False
"""

from __future__ import annotations

import re

__all__ = ["UPDATE_VERBS", "keywords", "operation"]

#: The first word of each SPARQL 1.1 Update operation.
UPDATE_VERBS = frozenset({"INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "WITH"})

_DATA = re.compile(
    r"""
      '''(?:[^'\\]|\\.|'(?!''))*'''     # long strings first, so ''' is not read as '' + '
    | \"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"
    | '(?:[^'\\\n]|\\.)*'
    | "(?:[^"\\\n]|\\.)*"
    | <[^<>"{}|^`\\\x00-\x20]*>         # IRIREF: no spaces, so "?a < 3" is not one
    | \#[^\n]*                          # comment to the end of the line
    """,
    re.VERBOSE | re.DOTALL,
)
#: A word that is not part of a variable (?x $x), a prefixed name (ex:x x:y) or a language tag.
_WORD = re.compile(r"(?<![\w:?$@.\-])[A-Za-z]+(?![\w:\-])")


def words(text: str) -> list[str]:
    """The upper-cased bare words of ``text``, in order, once strings, IRIs and comments are blanked."""
    return [word.upper() for word in _WORD.findall(_DATA.sub(" ", text))]


def keywords(text: str) -> set[str]:
    """The set of bare words of ``text`` (see ``words``)."""
    return set(words(text))


def operation(text: str) -> str | None:
    """The first word after the prologue (``BASE``/``PREFIX``): ``SELECT``, ``INSERT``...

    >>> operation("PREFIX ex: <http://ex/> # a comment\\nINSERT DATA { ex:a ex:b ex:c }")
    'INSERT'
    """
    return next((word for word in words(text) if word not in ("BASE", "PREFIX")), None)
