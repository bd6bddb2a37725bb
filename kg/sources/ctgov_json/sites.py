"""The sites of an API v2 study: ``contactsLocationsModule.locations`` (and ``locations_nested``).

Each site is read from its own location object only, so a site never takes another site's
status or address, and a location missing any optional part (no facility, no geo point) is
still a site. Some real records (written by a third-party tool in mid-2023) also carry a
``locations_nested`` list; in every such record seen it repeated ``locations`` exactly, so
its entries are taken only where they differ from a ``locations`` entry (a warning says how
many), and it stands in for ``locations`` when that is missing.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from typing import Any

from kg.model import GeoPoint, Site
from kg.sources.ctgov_json.contacts import read_contacts
from kg.sources.ctgov_json.fields import Fields

__all__ = ["read_sites"]

_WHERE = "protocolSection.contactsLocationsModule"


def read_sites(module: Mapping[str, Any], fields: Fields) -> list[Site]:
    """Every site of the module, in record order, with ``locations_nested`` merged in."""
    locations = list(_non_empty(fields.items(module, "locations", _WHERE), fields))
    sites = [_site(location, path, fields) for path, location in locations]
    if "locations_nested" in module:
        seen = {_key(location) for _, location in locations}
        nested = list(_non_empty(fields.items(module, "locations_nested", _WHERE), fields))
        extra = [(path, location) for path, location in nested if _key(location) not in seen]
        sites.extend(_site(location, path, fields) for path, location in extra)
        fields.warn(
            f"{_WHERE}.locations_nested (a non-standard key) has {len(nested)} sites: "
            f"{len(nested) - len(extra)} repeated an entry of locations (skipped), {len(extra)} were added"
        )
    return sites


def _non_empty(
    items: Iterator[tuple[str, Mapping[str, Any]]], fields: Fields
) -> Iterator[tuple[str, Mapping[str, Any]]]:
    """Locations that say something; an empty ``{}`` is no site (and is warned about)."""
    for path, location in items:
        if location:
            yield path, location
        else:
            fields.warn(f"{path} is empty: ignored")


def _key(location: Mapping[str, Any]) -> str:
    """A location's full content as a hashable key (linear in its size)."""
    return json.dumps(location, sort_keys=True, default=str)


def _site(location: Mapping[str, Any], path: str, fields: Fields) -> Site:
    return Site(
        facility=fields.text(location, "facility", path),
        city=fields.text(location, "city", path),
        state=fields.text(location, "state", path),
        zip=fields.text(location, "zip", path),
        country=fields.text(location, "country", path),
        status=fields.code(location, "status", path, codes="locationStatus"),
        geo=_geo(fields.obj(location, "geoPoint", path), f"{path}.geoPoint", fields),
        contacts=read_contacts(location, "contacts", path, fields),
    )


def _geo(point: Mapping[str, Any], path: str, fields: Fields) -> GeoPoint | None:
    if not point:
        return None
    lat, lon = point.get("lat"), point.get("lon")
    try:
        lat, lon = float(lat), float(lon)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        fields.warn(f"{path} is not a pair of numbers ({lat!r}, {lon!r}): ignored")
        return None
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        fields.warn(f"{path} ({lat}, {lon}) is outside the globe: ignored")
        return None
    return GeoPoint(lat=lat, lon=lon)
