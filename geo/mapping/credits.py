"""Who the map credits: the sources of the places actually drawn.

The credits come from the source registry (:func:`geo.sources.attribution_for`): GeoNames
(CC BY 4.0) for gazetteer places, OpenStreetMap (ODbL) for Nominatim and Photon places,
the supplement's own credit for its rows. GeoNames is always credited, since the search
names and the Ukrainian village tier the page carries are GeoNames data too.
"""

from __future__ import annotations

from collections.abc import Iterable

from geo.records import Place
from geo.sources import Credit, attribution_for
from geo.sources.gazetteers import GEONAMES_ATTRIBUTION, GEONAMES_URL

__all__ = ["place_credits"]


def place_credits(places: Iterable[Place]) -> list[str]:
    """Return the HTML credits for the sources of ``places`` (escaped by :class:`~geo.sources.Credit`).

    Examples
    --------
    >>> kyiv = Place(703448, "Kyiv", 50.45466, 30.5238, "UA", "", "city", 2952301)
    >>> [c.count("GeoNames (CC BY 4.0)") for c in place_credits([kyiv])]
    [1]
    >>> osm = Place(0, "Kutuzivka", 49.9, 36.6, source="photon")
    >>> [("GeoNames" in c, "OpenStreetMap" in c) for c in place_credits([osm])]
    [(True, False), (False, True)]
    """
    credits = attribution_for(places)
    if not any(c.source in ("builtin", "geonames") for c in credits):
        credits.insert(0, Credit("geonames", GEONAMES_ATTRIBUTION, GEONAMES_URL))
    return [c.html() for c in credits]
