"""A heat map of mentions (Leaflet.heat, from the copy folium ships)."""

from __future__ import annotations

from geo.mapping.layers import Layer, MapContext

__all__ = ["HeatLayer"]


class HeatLayer(Layer):
    """Mentions as heat; weights come from the shared place data, so it follows the filters."""

    kind = "heat"
    needs = ("heat",)

    def spec(self, ctx: MapContext):
        """Return the heat options (the points are the places shown)."""
        if not ctx.places:
            return None
        return {"name": "Heat map (mentions)", "show": False, "radius": 22, "blur": 18, "minOpacity": 0.25,
                "maxZoom": 12}
