"""Each article's footprint: the convex hull of its places, buffered a little."""

from __future__ import annotations

import json

from geo.mapping.aggregate import BROAD_KINDS, place_key
from geo.mapping.layers import Layer, MapContext

__all__ = ["FootprintsLayer", "footprint"]

#: Degrees by which an article's footprint hull is buffered.
FOOTPRINT_BUFFER = 0.1


def footprint(points: list[tuple[float, float]]) -> dict:
    """Return a GeoJSON geometry for (lat, lon) points: a point, a line, or the buffered hull.

    Examples
    --------
    >>> footprint([(50.45, 30.52)])
    {'type': 'Point', 'coordinates': [30.52, 50.45]}
    >>> footprint([(50.45, 30.52), (46.48, 30.74)])["type"]
    'LineString'
    """
    from shapely.geometry import LineString, MultiPoint, Point, mapping

    pts = list(dict.fromkeys((round(lon, 5), round(lat, 5)) for lat, lon in points))
    if len(pts) == 1:
        geom = Point(pts[0])
    elif len(pts) == 2:
        geom = LineString(pts)
    else:
        geom = MultiPoint(pts).convex_hull.buffer(FOOTPRINT_BUFFER, quad_segs=4).simplify(0.01)
    return json.loads(json.dumps(mapping(geom), allow_nan=False), parse_float=lambda s: round(float(s), 5))


class FootprintsLayer(Layer):
    """One footprint per article; the page shows those of the articles the filters keep."""

    kind = "footprints"

    def spec(self, ctx: MapContext):
        """Return ``[article index, geometry]`` pairs."""
        index = {g.key: g for g in ctx.places}
        out = []
        for info in ctx.articles:
            keys = [k for k in dict.fromkeys(place_key(m.place) for m in info.kept) if k in index]
            if not keys:
                continue
            # countries, provinces, seas and continents would stretch the hull: use the
            # specific places when there are any
            pts = [(index[k].place.lat, index[k].place.lon) for k in keys
                   if index[k].place.feature not in BROAD_KINDS] or \
                  [(index[k].place.lat, index[k].place.lon) for k in keys]
            out.append([info.index, footprint(pts)])
        if not out:
            return None
        return {"name": "Article footprints", "show": False, "footprints": out}
