"""The per-record work that runs in worker processes: parse, map, serialise.

Kept apart from ``kg.build.pipeline`` so what crosses the process boundary is small and plain:
raw records in, N-Quads bytes (or a problem) out. Any error in one record becomes a
``Problem`` naming it; it never takes the chunk or the build down with it.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

import pyoxigraph as ox

from kg.iris import trial_graph
from kg.mapping import emit_study, provenance_quads
from kg.model import Problem
from kg.sources import RawRecord, RecordError, reader


@dataclass(slots=True, kw_only=True)
class Mapped:
    """One trial ready to load: its graph IRI, record date and N-Quads text."""

    nct_id: str
    graph: str
    last_updated: str | None
    digest: str
    nquads: bytes
    quads: int
    warnings: list[str]
    origin: object
    labelled: list[str]  # IRIs of the shared entities given a spelling (skos:altLabel): choose_labels looks at these


def map_record(
    record: RawRecord, base: str, build_time: str, tool_version: str, contacts: bool = True
) -> Mapped | Problem:
    """Parse and map one record; a bad record becomes a problem, never an exception."""
    try:
        parsed = reader(record.origin.format).parse(record)
    except RecordError as err:
        return Problem(origin=record.origin, reason=str(err))
    except Exception as err:  # a reader bug must not lose the other records
        return Problem(origin=record.origin, reason=f"unexpected {type(err).__name__} while reading: {err}")
    study = parsed.study
    try:
        emitted = emit_study(study, base=base, contacts=contacts)
        body = emitted.nquads()
        digest = hashlib.sha256(body).hexdigest()
        provenance = provenance_quads(
            study,
            record.origin,
            base=base,
            build_time=build_time,
            tool_version=tool_version,
            digest=digest,
            contacts=contacts,
        )
        nquads = body + ox.serialize(provenance, format=ox.RdfFormat.N_QUADS)
    except Exception as err:  # a mapping bug on one odd record: report it, keep going
        return Problem(
            origin=record.origin,
            nct_id=study.nct_id,
            reason=f"could not map {study.nct_id}: {type(err).__name__}: {err}",
        )
    return Mapped(
        nct_id=study.nct_id,
        graph=trial_graph(study.nct_id, base=base).value,
        last_updated=study.last_updated,
        digest=digest,
        nquads=nquads,
        quads=len(emitted.lines) + len(provenance),
        warnings=parsed.warnings,
        origin=record.origin,
        labelled=emitted.spelled(),
    )


def map_chunk(
    chunk: list[RawRecord], base: str, build_time: str, tool_version: str, contacts: bool = True
) -> list[Mapped | Problem]:
    """Map a chunk of records (the unit sent to a worker process, to amortise the hand-off)."""
    return [map_record(record, base, build_time, tool_version, contacts) for record in chunk]
