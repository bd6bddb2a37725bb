"""Readers of trial records: one package per input format, found by sniffing content.

- ``kg/sources/<format>/reader.py``: one reader per format (``ctgov_json``, ``ctgov_xml``,
  ``page_text``), a module that satisfies ``kg.sources.reader.Reader`` (``FORMAT``, ``sniff``,
  ``split``, ``parse``); the rest of the package holds what only that format needs;
- ``registry.py``: format name -> reader module, imported on first use;
- ``containers.py``: files, folders, ZIP archives and gzip, whatever the format inside;
- ``criteria.py``, ``ages.py``, ``api_codes.py``: what every reader shares.

A new format is one package plus one line in ``READERS``. ZIP archives are not a format of
their own: each entry is sniffed and handed to its reader, streamed one entry at a time.
Nor is gzip: a file starting with the gzip magic is decompressed as it is read (``kg fetch
--gzip`` writes ``studies.jsonl.gz``), whatever its name.
"""

from __future__ import annotations

from kg.sources.containers import input_files, raw_records, zip_records
from kg.sources.reader import Parsed, RawRecord, Reader, RecordError
from kg.sources.registry import READERS, detect, reader

__all__ = [
    "READERS",
    "Parsed",
    "RawRecord",
    "Reader",
    "RecordError",
    "detect",
    "input_files",
    "raw_records",
    "reader",
    "zip_records",
]
