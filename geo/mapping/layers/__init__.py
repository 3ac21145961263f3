"""The map's layers, each behind one small interface.

A layer is a Python object that says what it draws as JSON (:meth:`Layer.spec`) and the
name of the JavaScript factory that draws it: ``static/layers/<kind>.js`` registers
``GeoMap.layers[kind] = function (spec, app) { ... return leafletLayer; }``. Adding a
layer means one module here and one script there; :func:`default_layers` lists them
in drawing order.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from typing import Any, ClassVar

__all__ = ["Layer", "MapContext", "default_layers"]


@dataclass
class MapContext:
    """What the layers draw from: the places in drawing order and the articles.

    Attributes
    ----------
    places : list of geo.mapping.aggregate.PlaceAgg
        The places on the map; a place's position in this list is its index in the page data.
    articles : list of geo.mapping.aggregate.ArticleInfo
        Every input article (``kept`` empty when none of its places is drawn).
    tiles : tuple or None
        The online tiles (url, attribution html, label, options), or None.
    """

    places: list
    articles: list
    tiles: tuple | None = None
    notes: list[str] = field(default_factory=list)


class Layer(ABC):
    """One layer of the map.

    Subclasses set :attr:`kind` (the JavaScript factory that draws it) and :attr:`needs`
    (asset bundles its script needs besides Leaflet), and return the layer's JSON
    from :meth:`spec`.
    """

    kind: ClassVar[str]
    needs: ClassVar[tuple[str, ...]] = ()

    @abstractmethod
    def spec(self, ctx: MapContext) -> dict[str, Any] | None:
        """Return the layer's JSON for the page (``name``, ``show``, data...), or None to leave it out."""


def default_layers(ctx: MapContext) -> list[Layer]:
    """Return the layers of a map, bottom first.

    Examples
    --------
    >>> [type(x).__name__ for x in default_layers(MapContext([], [], None))]
    ['BasemapLayer', 'FootprintsLayer', 'HeatLayer', 'PlacesLayer']
    """
    from geo.mapping.layers.basemap import BasemapLayer
    from geo.mapping.layers.footprints import FootprintsLayer
    from geo.mapping.layers.heat import HeatLayer
    from geo.mapping.layers.places import PlacesLayer
    from geo.mapping.layers.tiles import TilesLayer

    layers: list[Layer] = [BasemapLayer()]
    if ctx.tiles is not None:
        layers.append(TilesLayer())
    layers += [FootprintsLayer(), HeatLayer(), PlacesLayer()]
    return layers
