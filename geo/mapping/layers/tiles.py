"""Online map tiles: a choice on top of the offline basemap, used when reachable.

The page asks for one tile first; only when it loads is the tile layer switched on, so
an offline reader never sees a grid of broken images.
"""

from __future__ import annotations

import html
import re
import warnings
from typing import Any

from geo.errors import InputError
from geo.mapping.layers import Layer, MapContext
from geo.mapping.safety import safe_url

__all__ = ["TilesLayer", "resolve_tiles"]


def resolve_tiles(tiles) -> tuple[str, str, str, dict[str, Any]] | None:
    """Return (url template, html attribution, label, options) for a provider name or URL.

    Raises
    ------
    InputError
        For an unknown provider, one that needs an API key, or a bad URL template.

    Examples
    --------
    >>> resolve_tiles("OpenStreetMap.Mapnik")[0]
    'https://tile.openstreetmap.org/{z}/{x}/{y}.png'
    >>> resolve_tiles("none") is None
    True
    """
    if tiles is None or str(tiles).strip().lower() in ("", "none", "off", "no"):
        return None
    if not isinstance(tiles, str):
        raise InputError(f"tiles must be a provider name, a URL template or 'none', not {type(tiles).__name__}")
    name = tiles.strip()
    opts: dict[str, Any] = {}
    if re.match(r"https?://", name, re.IGNORECASE):
        if "{z}" not in name or not re.fullmatch(r"https?://(?:[^{}\s<>\"'`\\]|\{[szxyr]\})+", name, re.I) \
                or not safe_url(re.sub(r"\{[szxyr]\}", "a", name)):
            raise InputError(f"bad tiles URL {name!r}: expected an http(s) template with {{z}}, {{x}} and {{y}}")
        from urllib.parse import urlsplit

        host = urlsplit(name.replace("{s}", "a")).hostname or "custom"
        return name, "Tiles: " + html.escape(host), "custom tiles", opts
    import xyzservices

    try:
        provider = xyzservices.providers.query_name(name)
    except ValueError:
        raise InputError(
            f"unknown tiles {name!r}: use an xyzservices provider such as 'CartoDB positron' or "
            "'OpenStreetMap.Mapnik', an http(s) URL template, or 'none'"
        ) from None
    if provider.requires_token() and not provider.name.startswith("CartoDB"):
        raise InputError(f"tiles {provider.name!r} need an API key; pick another provider or pass a URL template")
    with warnings.catch_warnings():
        # xyzservices asks for a CARTO key but serves the basemaps without one
        warnings.simplefilter("ignore")
        url = provider.build_url(fill_subdomain=False, scale_factor="")
    attr = provider.get("html_attribution") or html.escape(provider.get("attribution", provider.name))
    if provider.get("max_zoom"):
        opts["maxZoom"] = provider["max_zoom"]
    if provider.get("subdomains"):
        opts["subdomains"] = provider["subdomains"]
    return url, attr, provider.name, opts


class TilesLayer(Layer):
    """The online tiles chosen with ``tiles=``, as a base layer over the offline outlines."""

    kind = "tiles"

    def spec(self, ctx: MapContext):
        """Return the tiles' URL template, attribution and options."""
        if ctx.tiles is None:
            return None
        url, attr, label, opts = ctx.tiles
        return {"name": f"{label} (online)", "show": True, "url": url, "attribution": attr, "options": opts}
