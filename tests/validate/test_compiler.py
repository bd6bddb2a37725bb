"""Every constraint shapes/ uses is one the fast engine compiles; anything else fails loudly."""

from __future__ import annotations

import pytest
import rdflib
from rdflib.namespace import SH

from kg.validate.compiler import SUPPORTED, compile_checks
from kg.validate.shapes import UnsupportedShape, shapes_graph


def test_every_parameter_in_shapes_is_supported() -> None:
    """Fails when someone adds a SHACL feature to shapes/ that the compiler does not translate."""
    shapes = shapes_graph()
    shape_nodes = set(shapes.subjects(SH.path, None)) | set(shapes.subjects(rdflib.RDF.type, SH.NodeShape))
    used = {p for s in shape_nodes for p in shapes.predicates(s, None) if str(p).startswith(str(SH))}
    assert used <= SUPPORTED, sorted(used - SUPPORTED)
    assert compile_checks(shapes, {})


def test_an_unsupported_parameter_raises_at_compile_time() -> None:
    shapes = rdflib.Graph().parse(
        data="""@prefix sh: <http://www.w3.org/ns/shacl#> . @prefix ex: <urn:ex:> .
        ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:property [ sh:path ex:p ; sh:minLength 3 ] .""",
        format="turtle",
    )
    with pytest.raises(UnsupportedShape, match="minLength"):
        compile_checks(shapes, {})
