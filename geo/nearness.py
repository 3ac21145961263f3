"""Which of an article's anchors a candidate lies near: the nearness term's geometry.

:mod:`geo.resolve` favours a candidate within :data:`~geo.scoring.NEAR_KM` of a confident
place of the article (an anchor), the more the nearer. This runs for every candidate of
every name: the anchors are turned into points once per article (:func:`near_points`),
with a box no point outside of is near any, and :func:`nearest` compares haversine terms,
converting only the winner's to kilometres.

Examples
--------
>>> from geo.records import Place
>>> kharkiv = Place(706483, "Kharkiv", 49.98177, 36.25475, "UA", "Kharkiv Oblast", "city", 1421125)
>>> near = near_points([(kharkiv, "kharkiv")])
>>> import math
>>> km, anchor = nearest(math.radians(50.0), math.radians(36.5), math.cos(math.radians(50.0)), near.points, "")
>>> round(km), anchor.name
(18, 'Kharkiv')
>>> nearest(math.radians(50.0), math.radians(30.5), math.cos(math.radians(50.0)), near.points, "")
(None, None)
"""

from __future__ import annotations

import math
from typing import NamedTuple

from geo.distance import EARTH_RADIUS_KM, km_of_haversine
from geo.scoring import NEAR_KM

__all__ = ["Near", "near_points", "nearest"]

# NEAR_KM as a difference of latitude in radians, a little more (rounding): a point
# this far north or south of another is farther than NEAR_KM from it.
_NEAR_DLAT = NEAR_KM / EARTH_RADIUS_KM * 1.001
# The haversine term of NEAR_KM, a little more.
_NEAR_H = math.sin(_NEAR_DLAT / 2) ** 2


class Near(NamedTuple):
    """The article's anchors as :func:`nearest` reads them, and the box of points that may be near any."""

    points: list
    lat_lo: float
    lat_hi: float
    lon_lo: float = -math.inf
    lon_hi: float = math.inf


def near_points(anchors) -> Near:
    """Return the anchors with what :func:`nearest` needs of them, computed once per article."""
    out = []
    radians, cos = math.radians, math.cos
    for a, key in anchors:
        lat = radians(a.lat)
        out.append((lat, radians(a.lon), cos(lat), a, key))
    if not out:
        return Near(out, 0.0, 0.0)
    lats = [p[0] for p in out]
    lat_lo, lat_hi = min(lats) - _NEAR_DLAT, max(lats) + _NEAR_DLAT
    # Within NEAR_KM the haversine term is at most _NEAR_H, and it is at least
    # cos(lat1) cos(lat2) sin²(dlon / 2): with both latitudes in the band, a difference of
    # longitude over dlon puts a point out of reach of every anchor. Not across the
    # antimeridian, nor near a pole.
    cos_min = min(math.cos(max(lat_lo, -math.pi / 2)), math.cos(min(lat_hi, math.pi / 2)))
    if cos_min > 0.05:
        dlon = 2 * math.asin(min(1.0, math.sqrt(_NEAR_H) / cos_min))
        lons = [p[1] for p in out]
        lon_lo, lon_hi = min(lons) - dlon, max(lons) + dlon
        if -math.pi < lon_lo and lon_hi < math.pi:
            return Near(out, lat_lo, lat_hi, lon_lo, lon_hi)
    return Near(out, lat_lo, lat_hi)


def nearest(lat1: float, lon1: float, cos1: float, points, skip_key) -> tuple[float | None, object]:
    """``(km, anchor)`` of the anchor nearest a point not named ``skip_key`` if within reach, or ``(None, None)``.

    The point in radians with the cosine of its latitude. The formula of
    :func:`geo.distance.distance_km`, comparing the haversine term and converting the
    winner's only: this runs for every candidate of every name. Only anchors within
    :data:`NEAR_KM` (a little more) count, the only ones a reading takes: those more than
    that away in latitude alone are skipped before any trigonometry.
    """
    sin = math.sin
    best_h, best = _NEAR_H, None
    for lat2, lon2, cos2, a, key in points:
        if key != skip_key and -_NEAR_DLAT <= lat2 - lat1 <= _NEAR_DLAT:
            h = sin((lat2 - lat1) / 2) ** 2 + cos1 * cos2 * sin((lon2 - lon1) / 2) ** 2
            if h < best_h:
                best_h, best = h, a
    if best is None:
        return None, None
    return km_of_haversine(best_h), best
