"""Who the map credits: the sources of the places actually drawn.

GeoNames is CC BY 4.0 and is always credited; OpenStreetMap (ODbL) when any place came
from Nominatim or Photon.
"""

from __future__ import annotations

from collections.abc import Iterable

from geo.records import Place

__all__ = ["GEONAMES_ATTRIBUTION", "OSM_ATTRIBUTION", "place_credits"]

GEONAMES_ATTRIBUTION = (
    '<a href="https://www.geonames.org/" target="_blank" rel="noopener">'
    "Place data © GeoNames (CC BY 4.0)</a>"
)
OSM_ATTRIBUTION = (
    '<a href="https://www.openstreetmap.org/copyright" target="_blank" rel="noopener">'
    "© OpenStreetMap contributors, ODbL</a>"
)
OSM_SOURCES = frozenset({"nominatim", "photon"})


def place_credits(places: Iterable[Place]) -> list[str]:
    """Return the HTML credits for the sources of ``places`` (trusted, fixed strings).

    Plug-in point: when ``geo.sources`` offers the credits of the sources actually used,
    return them from here; everything that draws a map asks this one function.

    Examples
    --------
    >>> kyiv = Place(703448, "Kyiv", 50.45466, 30.5238, "UA", "", "city", 2952301)
    >>> [c.count("GeoNames (CC BY 4.0)") for c in place_credits([kyiv])]
    [1]
    """
    credits = [GEONAMES_ATTRIBUTION]
    if any(p.source.lower() in OSM_SOURCES for p in places):
        credits.append(OSM_ATTRIBUTION)
    return credits
