"""Questions asked of a built store: the named catalogue and any SPARQL the user brings.

- ``questions/*.rq``: the catalogue, one SPARQL file per question with a header (title,
  description, typed parameters); a new question is one new file there;
- ``catalogue.py``: reads the headers, checks parameters and binds them as RDF terms;
- ``run.py``: runs a query on a ``TrialStore`` and returns columns and rows;
- ``tables.py``: writes rows as a table, CSV, TSV, JSON or Markdown.
"""

from __future__ import annotations

from kg.query.run import QueryFailed, QueryResult, run_named, run_sparql

__all__ = ["QueryFailed", "QueryResult", "run_named", "run_sparql"]
