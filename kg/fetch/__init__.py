"""Fetching records from ClinicalTrials.gov: paged API searches and the bulk ZIP.

- ``client``: HTTP with a rate limit, retries, backoff and ``Retry-After`` (stdlib only);
- ``query``: the search options as the API's ``query.*`` / ``filter.*`` parameters;
- ``studies``: the paged ``/studies`` search into JSON Lines, resumable;
- ``checkpoint``: what makes a killed search continue without writing a study twice;
- ``bulk``: the full registry ZIP, streamed and resumed with HTTP ``Range``;
- ``sidecar``: the ``.fetch.json`` record of what was fetched, as of which data timestamp.

Everything written lands in one folder that ``kg build`` reads as it is. Fetching is a
source of files, not a reader: it sits before ``kg.sources`` and never makes triples.
"""

from __future__ import annotations

from kg.fetch.bulk import BulkReport, bulk_url, fetch_bulk
from kg.fetch.client import DEFAULT_API_URL, ApiClient, FetchError, RetryPolicy
from kg.fetch.query import Query, parse_param
from kg.fetch.studies import FetchOptions, FetchReport, fetch_studies

__all__ = [
    "DEFAULT_API_URL",
    "ApiClient",
    "BulkReport",
    "FetchError",
    "FetchOptions",
    "FetchReport",
    "Query",
    "RetryPolicy",
    "bulk_url",
    "fetch_bulk",
    "fetch_studies",
    "parse_param",
]
