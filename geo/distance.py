"""The one distance function: great-circle kilometres on geopy's mean Earth radius.

geopy's ``great_circle`` with :data:`geopy.distance.EARTH_RADIUS`, written out as the
haversine formula: building geopy ``Point`` objects costs more than the formula, the
resolver runs it for every candidate against every anchor, and importing geopy costs a
third of a second in every worker process. The tests check both against geopy.
"""

from __future__ import annotations

import math

__all__ = ["EARTH_RADIUS_KM", "distance_km", "haversine", "km_of_haversine"]

#: geopy's mean Earth radius in km (``geopy.distance.EARTH_RADIUS``).
EARTH_RADIUS_KM = 6371.009


def haversine(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Return the haversine term of two points in radians: monotonic in their distance.

    Comparing this term and converting the winner only (:func:`km_of_haversine`) saves a
    square root and an arc sine per comparison.
    """
    return math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2


def km_of_haversine(h: float) -> float:
    """Return the kilometres of a :func:`haversine` term."""
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float, radius: float = EARTH_RADIUS_KM) -> float:
    """Return the great-circle distance between two points in kilometres.

    Parameters
    ----------
    lat1, lon1, lat2, lon2 : float
        WGS84 degrees.
    radius : float
        The sphere's radius in km; geopy's by default. The benchmark scorer passes the
        reference scorer's IUGG radius so its figures agree to the last digit.

    Examples
    --------
    >>> round(distance_km(50.45466, 30.5238, 49.83826, 24.02324))  # Kyiv to Lviv
    468
    >>> distance_km(51.5, -0.1, 51.5, -0.1)
    0.0
    """
    h = haversine(*map(math.radians, (lat1, lon1, lat2, lon2)))
    return 2 * radius * math.asin(min(1.0, math.sqrt(h)))
