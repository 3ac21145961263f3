"""Interchangeable place sources behind one small interface, and the one registry of them.

Like geopy's geocoders: every source answers ``lookup(name, country=None, limit=...)``
with ranked :class:`~geo.records.Candidate` objects, and carries the ``attribution`` a
map must show when its places are drawn. The CLI gets every source it uses through
:func:`get_source`.

==========  =========  ================================================================
name        kind       what
==========  =========  ================================================================
builtin     gazetteer  the built-in index: GeoNames data from registry packages
geonames    gazetteer  an index built from GeoNames dumps (``path=`` its folder)
supplement  gazetteer  the hand-checked supplement alone (``data/gazetteer/``)
nominatim   online     :class:`geo.sources.nominatim.Nominatim`
photon      online     :class:`geo.sources.photon.Photon`
==========  =========  ================================================================

Adding a geocoder is one module: a subclass of
:class:`geo.sources.online.OnlineGeocoder` with its ``request`` and ``parse``, and one
:func:`register` line below.

Examples
--------
>>> available()
['builtin', 'geonames', 'nominatim', 'photon', 'supplement']
>>> available("online")
['nominatim', 'photon']
>>> from geo.records import Place
>>> [c.text for c in attribution_for([Place(703448, "Kyiv", 50.45, 30.52),
...                                   Place(0, "Maiorsk", 48.3, 38.0, source="nominatim")])]
['Place data © GeoNames (CC BY 4.0)', '© OpenStreetMap contributors, ODbL 1.0']
"""

from __future__ import annotations

import html
import importlib
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol, runtime_checkable

from geo.errors import UnknownSource
from geo.records import Candidate, Place

__all__ = ["Credit", "Source", "attribution_for", "available", "get_source", "register", "source_of"]


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


# name -> ("module:factory", kind); factories take keyword options and return a Source,
# and carry the ``attribution`` (and ``attribution_url``) of their places.
_REGISTRY: dict[str, tuple[str, str]] = {}


def register(name: str, target: str, kind: str = "gazetteer") -> None:
    """Register a source factory given as ``"module:callable"``, of kind ``gazetteer`` or ``online``."""
    _REGISTRY[name] = (target, kind)


register("builtin", "geo.sources.gazetteers:builtin")
register("geonames", "geo.sources.gazetteers:geonames")
register("supplement", "geo.sources.gazetteers:supplement")
register("nominatim", "geo.sources.nominatim:Nominatim", "online")
register("photon", "geo.sources.photon:Photon", "online")


def available(kind: str | None = None) -> list[str]:
    """Names of the registered sources (of one ``kind``: "gazetteer" or "online")."""
    return sorted(name for name, (_, k) in _REGISTRY.items() if kind is None or k == kind)


def _factory(name: str):
    try:
        target, _ = _REGISTRY[name]
    except KeyError:
        raise UnknownSource(f"unknown source {name!r}; choose one of: {', '.join(available())}") from None
    module, _, attr = target.partition(":")
    obj = importlib.import_module(module)
    for part in attr.split("."):
        obj = getattr(obj, part)
    return obj


def get_source(name: str, **options) -> Source:
    """Create the source registered as ``name``.

    Parameters
    ----------
    name : str
        One of :func:`available`.
    **options
        Passed to the source (``path=`` for ``geonames``; ``domain=``, ``timeout=``,
        ``cache=``, ``on_warning=``... for online geocoders, see
        :class:`geo.sources.online.OnlineGeocoder`).

    Raises
    ------
    UnknownSource
        If no source of that name is registered.

    Examples
    --------
    >>> get_source("photon", cache=False).url
    'https://photon.komoot.io/api'
    >>> get_source("google")
    Traceback (most recent call last):
    ...
    geo.errors.UnknownSource: unknown source 'google'; choose one of: builtin, geonames, nominatim, photon, supplement
    """
    return _factory(name)(**options)


# -- credits ----------------------------------------------------------------------------

#: Ids of the hand-checked supplement's own places (see data/gazetteer/README.md).
SUPPLEMENT_IDS = range(900_000_000, 920_000_000)


@dataclass(frozen=True)
class Credit:
    """The credit a source's places need wherever they are shown."""

    source: str
    text: str
    url: str = ""

    def html(self) -> str:
        """Return the credit as escaped HTML, a link when it has a URL.

        Examples
        --------
        >>> Credit("x", "Data © A & B", "https://example.org/?a=1&b=2").html()
        '<a href="https://example.org/?a=1&amp;b=2" target="_blank" rel="noopener">Data © A &amp; B</a>'
        """
        text = html.escape(self.text)
        if not self.url.startswith(("https://", "http://")):
            return text
        return f'<a href="{html.escape(self.url)}" target="_blank" rel="noopener">{text}</a>'


def source_of(place: Place) -> str:
    """Return the registered source a place comes from (``source``, else supplement or geonames).

    Examples
    --------
    >>> source_of(Place(703448, "Kyiv", 50.45, 30.52)), source_of(Place(900000001, "Donbas", 48.0, 37.8))
    ('geonames', 'supplement')
    """
    if place.source:
        return place.source
    return "supplement" if place.geonameid in SUPPLEMENT_IDS else "geonames"


def attribution_for(places: Iterable[Place]) -> list[Credit]:
    """Return the credits due for drawing ``places``: one per source they come from.

    GeoNames (CC BY 4.0) for gazetteer places, OpenStreetMap (ODbL) for Nominatim and
    Photon places, the supplement's credit for its own rows; places of no registered
    source (a user's own CSV points) need none. Gazetteer credits come first.

    Examples
    --------
    >>> attribution_for([])
    []
    >>> [c.source for c in attribution_for([Place(900000002, "Black Sea", 44.0, 35.0),
    ...                                     Place(0, "Kutuzivka", 49.9, 36.6, source="photon"),
    ...                                     Place(0, "Home", 1.0, 2.0, source="csv")])]
    ['supplement', 'photon']
    """
    names = {source_of(p) for p in places}
    credits = []
    for name in sorted(names & set(_REGISTRY), key=lambda n: (_REGISTRY[n][1] != "gazetteer", n)):
        factory = _factory(name)
        text = getattr(factory, "attribution", "")
        if text:
            credits.append(Credit(name, text, getattr(factory, "attribution_url", "")))
    return credits
