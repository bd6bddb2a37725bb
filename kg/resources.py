"""Where the files that ship with kg live: ontology, shapes, bundled sample.

``ontology/`` and ``shapes/`` sit at the top of the repository and are packaged as
``kg.ontology`` and ``kg.shapes``. An installed kg finds them as packages; run from a
source checkout (``python -m kg`` in the repository), the checkout's folders are used.
"""

from __future__ import annotations

from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path

_CHECKOUT = Path(__file__).resolve().parents[1]
#: the bundled sample ``kg build`` builds when given no input (inside the package, so always on disk)
SAMPLE = Path(__file__).resolve().parent / "data" / "sample"


def _folder(name: str) -> Traversable:
    source = _CHECKOUT / name
    if source.is_dir():
        return source
    return files(f"kg.{name}")


def ontology_dir() -> Traversable:
    """The folder holding ``trialgraph.ttl`` and ``vocab.ttl``."""
    return _folder("ontology")


def shapes_dir() -> Traversable:
    """The folder holding the SHACL shapes."""
    return _folder("shapes")
