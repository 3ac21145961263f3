"""The offline basemap: country outlines and coastlines drawn from local data.

The outlines are the Natural Earth (public domain) country polygons that the
``countryinfo`` package ships, simplified to about 2 km and rounded to 0.01 degree
(160 KB for the world). They are drawn under the markers in their own pane, below the
online tiles, so the map has land and sea with no network at all.
"""

from __future__ import annotations

import functools
import json
from pathlib import Path

from geo.mapping.layers import Layer, MapContext

__all__ = ["BasemapLayer", "countries"]

ATTRIBUTION = "Outlines: Natural Earth (public domain), via countryinfo"

#: Douglas-Peucker tolerance in degrees.
SIMPLIFY = 0.02


def _round(coords):
    if coords and isinstance(coords[0], (int, float)):
        return [round(coords[0], 2), round(coords[1], 2)]
    return [_round(c) for c in coords]


@functools.cache
def countries() -> dict | None:
    """Return the country outlines as a GeoJSON FeatureCollection, or None without ``countryinfo``.

    Examples
    --------
    >>> fc = countries()
    >>> len(fc["features"]) > 150, "Ukraine" in {f["properties"]["n"] for f in fc["features"]}
    (True, True)
    """
    try:
        import countryinfo
    except ImportError:
        return None
    from shapely.geometry import mapping, shape

    feats = []
    for path in sorted((Path(countryinfo.__file__).parent / "data").glob("*.json")):
        try:
            record = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        for f in (record.get("geoJSON") or {}).get("features", []):
            try:
                geom = mapping(shape(f["geometry"]).simplify(SIMPLIFY, preserve_topology=True))
            except (KeyError, TypeError, ValueError, AttributeError):
                continue
            feats.append({"type": "Feature", "properties": {"n": str(record.get("name", ""))},
                          "geometry": {"type": geom["type"], "coordinates": _round(geom["coordinates"])}})
    return {"type": "FeatureCollection", "features": feats} if feats else None


class BasemapLayer(Layer):
    """Country outlines from local data, always present, under everything else."""

    kind = "basemap"

    def spec(self, ctx: MapContext):
        """Return the outlines, or a note for the page when they are missing."""
        fc = countries()
        if fc is None:
            ctx.notes.append("The offline basemap is missing (install the countryinfo package).")
            return None
        return {"name": "Countries (offline, Natural Earth)", "show": True, "geojson": fc,
                "attribution": ATTRIBUTION}
