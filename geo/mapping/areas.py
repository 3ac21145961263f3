"""Areas that limit a map: a ``W,S,E,N`` box and GeoJSON polygons."""

from __future__ import annotations

import json
import math
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from geo.errors import InputError

__all__ = ["parse_bbox", "load_area", "area_filter"]


def parse_bbox(value: str | Sequence[float] | None) -> tuple[float, float, float, float] | None:
    """Parse a ``W,S,E,N`` bounding box in degrees.

    Raises
    ------
    InputError
        When it is not four numbers, or out of range, or west >= east / south >= north.

    Examples
    --------
    >>> parse_bbox("22,44,41,53")
    (22.0, 44.0, 41.0, 53.0)
    >>> parse_bbox("41,44,22,53")
    Traceback (most recent call last):
    ...
    geo.errors.InputError: bad bbox '41,44,22,53': west must be less than east (W,S,E,N in degrees, e.g. 22,44,41,53)
    """
    if value is None:
        return None
    hint = "(W,S,E,N in degrees, e.g. 22,44,41,53)"
    raw = value if isinstance(value, str) else ",".join(map(str, value))
    parts = raw.replace(";", ",").split(",") if isinstance(value, str) else list(value)
    try:
        w, s, e, n = (float(p) for p in parts)
    except (TypeError, ValueError):
        raise InputError(f"bad bbox {raw!r}: expected four numbers {hint}") from None
    if not all(math.isfinite(v) for v in (w, s, e, n)):
        raise InputError(f"bad bbox {raw!r}: numbers must be finite {hint}")
    if not (-180 <= w <= 180 and -180 <= e <= 180 and -90 <= s <= 90 and -90 <= n <= 90):
        raise InputError(f"bad bbox {raw!r}: longitudes must be in [-180, 180], latitudes in [-90, 90] {hint}")
    if w >= e:
        raise InputError(f"bad bbox {raw!r}: west must be less than east {hint}")
    if s >= n:
        raise InputError(f"bad bbox {raw!r}: south must be less than north {hint}")
    return (w, s, e, n)


def load_area(within: Any):
    """Return a polygonal shapely geometry from GeoJSON.

    Parameters
    ----------
    within : str, os.PathLike, dict or shapely geometry
        A GeoJSON file, a GeoJSON mapping (FeatureCollection, Feature or geometry), or
        a shapely geometry. Invalid rings (self-intersections) are repaired.

    Raises
    ------
    InputError
        When the file cannot be read, is not JSON or GeoJSON, or has no area.

    Examples
    --------
    >>> area = load_area({"type": "Polygon", "coordinates": [[[22, 44], [41, 44], [41, 53], [22, 53], [22, 44]]]})
    >>> area.bounds
    (22.0, 44.0, 41.0, 53.0)
    >>> load_area({"type": "Feature"})
    Traceback (most recent call last):
    ...
    geo.errors.InputError: not valid GeoJSON: a Feature without a geometry
    """
    import shapely
    from shapely.geometry.base import BaseGeometry

    if within is None:
        return None
    if isinstance(within, BaseGeometry):
        geom, where = within, "area"
    else:
        where = ""
        data = within
        if isinstance(within, (str, os.PathLike)):
            where = f"{os.fspath(within)}: "
            try:
                raw = Path(within).read_text(encoding="utf-8-sig")
            except FileNotFoundError:
                raise InputError(f"cannot read {os.fspath(within)}: no such file") from None
            except IsADirectoryError:
                raise InputError(f"cannot read {os.fspath(within)}: it is a folder") from None
            except (OSError, UnicodeDecodeError) as exc:
                reason = getattr(exc, "strerror", None) or str(exc)
                raise InputError(f"cannot read {os.fspath(within)}: {reason}") from None
            try:
                data = json.loads(raw)
            except json.JSONDecodeError as exc:
                raise InputError(f"{where}not valid JSON (line {exc.lineno}: {exc.msg})") from None
        geom = _geojson_geometry(data, where)
    if not geom.is_valid:
        geom = shapely.make_valid(geom)
    area = shapely.get_parts(geom)
    polys = [g for g in area if g.geom_type in ("Polygon", "MultiPolygon") and not g.is_empty]
    if not polys:
        # make_valid may return a collection that mixes polygons and lines
        polys = [g for g in shapely.get_parts(shapely.get_parts(geom)) if g.area > 0]
    if not polys:
        raise InputError(f"{where}the GeoJSON has no polygon: nothing can be inside it")
    return shapely.union_all(polys)


def _geojson_geometry(data: Any, where: str):
    from shapely.geometry import shape

    def bad(why: str):
        return InputError(f"{where}not valid GeoJSON: {why}")

    if not isinstance(data, dict):
        raise bad("expected a JSON object")
    kind = data.get("type")
    if kind == "FeatureCollection":
        feats = data.get("features")
        if not isinstance(feats, list) or not feats:
            raise bad("a FeatureCollection without features")
        geoms = [_geojson_geometry(f, where) for f in feats]
        import shapely

        return shapely.union_all(geoms)
    if kind == "Feature":
        if not isinstance(data.get("geometry"), dict):
            raise bad("a Feature without a geometry")
        return _geojson_geometry(data["geometry"], where)
    if kind not in ("Polygon", "MultiPolygon", "GeometryCollection", "Point", "MultiPoint",
                    "LineString", "MultiLineString"):
        raise bad(f"unknown type {kind!r}")
    try:
        return shape(data)
    except Exception as exc:  # shapely raises several types for malformed coordinates
        raise bad(f"bad {kind} coordinates ({type(exc).__name__})") from None


def area_filter(bbox, within):
    """Combine ``bbox`` and ``within`` into one prepared geometry, or ``None``."""
    import shapely
    from shapely.geometry import box

    geom = None
    bb = parse_bbox(bbox)
    if bb is not None:
        geom = box(*bb)
    area = load_area(within)
    if area is not None:
        geom = area if geom is None else geom.intersection(area)
        if geom.is_empty:
            raise InputError("the --bbox and --within areas do not overlap")
    if geom is not None:
        shapely.prepare(geom)
    return geom

