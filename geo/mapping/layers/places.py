"""The places: one circle per place, clustered; popups built in the page on demand."""

from __future__ import annotations

from geo.mapping.layers import Layer, MapContext

__all__ = ["PlacesLayer", "CANVAS_FROM"]

#: The most mentioned places (countries and provinces aside) carry a permanent name label.
LABELS = 12

#: From this many places on, circles are drawn on a canvas rather than as SVG elements.
CANVAS_FROM = 3000


class PlacesLayer(Layer):
    """Every place of the shared data block, clustered with Leaflet.markercluster."""

    kind = "places"
    needs = ("markercluster",)

    def spec(self, ctx: MapContext):
        """Return the clustering options."""
        return {"name": "Places", "show": True, "canvas": len(ctx.places) >= CANVAS_FROM, "labels": LABELS,
                "cluster": {"maxClusterRadius": 80, "spiderfyOnMaxZoom": True, "showCoverageOnHover": False,
                            "chunkedLoading": True, "disableClusteringAtZoom": 11}}
