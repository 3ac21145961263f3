"""geo: find the places news articles mention, resolve them offline, map them.

The public API is imported lazily so that ``import geo`` stays cheap:

>>> import geo
>>> geo.Place.__name__
'Place'

Place data: GeoNames (https://www.geonames.org/), CC BY 4.0.
"""

from __future__ import annotations

import importlib

__version__ = "0.1.0"

_EXPORTS = {
    "Place": "geo.records",
    "Candidate": "geo.records",
    "Mention": "geo.records",
    "Article": "geo.records",
    "Gazetteer": "geo.gazetteer",
    "extract": "geo.extract",
    "read_articles": "geo.articles",
    "extract_articles": "geo.extract",
    "mentions_frame": "geo.extract",
    "make_map": "geo.mapping",
    "GeoError": "geo.errors",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name):
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'geo' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__():
    return sorted(set(globals()) | set(__all__))
