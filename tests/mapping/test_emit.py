"""The Emitter writes N-Quads text itself: it must be the text Oxigraph writes for the same quads."""

from __future__ import annotations

from itertools import islice
from pathlib import Path

import pyoxigraph as ox

from kg.mapping import emit_study
from kg.mapping.emit import quoted
from kg.sources import raw_records, reader


def test_every_control_character_is_escaped_as_oxigraph_escapes_it() -> None:
    for code in [*range(0x00, 0x80), 0x85, 0x2028, 0xFEFF, 0x1F600]:
        value = f'a{chr(code)}b"\\'
        assert quoted(value) == str(ox.Literal(value)), hex(code)


def test_emitted_text_is_what_oxigraph_serialises_for_the_same_quads(v2_json_dir: Path, legacy_xml_dir: Path) -> None:
    records = [*islice(raw_records([v2_json_dir]), 150), *islice(raw_records([legacy_xml_dir]), 50)]
    assert len(records) == 200
    for record in records:
        text = emit_study(reader(record.origin.format).parse(record).study).nquads()
        quads = list(ox.parse(text, format=ox.RdfFormat.N_QUADS))
        assert ox.serialize(quads, format=ox.RdfFormat.N_QUADS) == text, record.origin.path
