"""Interchangeable place sources behind one small interface, and their registry.

Like geopy's geocoders: every source answers ``lookup(name, country=None, limit=10)``
with ranked :class:`~geo.records.Candidate` objects, and carries the ``attribution`` a
map must show when its places are drawn. The built-in gazetteer, a gazetteer built
from GeoNames dumps and the online geocoders all fit here.

>>> sorted(available())[:2]
['builtin', 'geonames']
"""

from __future__ import annotations

import importlib
from typing import Protocol, runtime_checkable

from geo.errors import UnknownSource
from geo.records import Candidate


@runtime_checkable
class Source(Protocol):
    """What every place source offers."""

    #: Short name used on the command line and in ``Candidate.match`` ("online:<name>").
    name: str
    #: Licence / attribution text to show wherever its places are shown.
    attribution: str

    def lookup(self, name: str, country: str | None = None, limit: int = 10) -> list[Candidate]:
        """Return ranked candidates for ``name``, best first (may be empty)."""
        ...


# name -> "module:factory"; factories take keyword options and return a Source.
_REGISTRY: dict[str, str] = {
    "builtin": "geo.gazetteer:Gazetteer.default",
    "geonames": "geo.gazetteer:Gazetteer.open",
    "nominatim": "geo.online:nominatim",
    "photon": "geo.online:photon",
}


def register(name: str, target: str) -> None:
    """Register a source factory given as ``"module:callable"``."""
    _REGISTRY[name] = target


def available() -> list[str]:
    """Names of the registered sources."""
    return sorted(_REGISTRY)


def get_source(name: str, **options) -> Source:
    """Create the source registered as ``name``.

    Raises
    ------
    UnknownSource
        If no source of that name is registered.
    """
    try:
        target = _REGISTRY[name]
    except KeyError:
        raise UnknownSource(
            f"unknown source {name!r}; choose one of: {', '.join(available())}"
        ) from None
    module, _, attr = target.partition(":")
    obj = importlib.import_module(module)
    for part in attr.split("."):
        obj = getattr(obj, part)
    return obj(**options)
