"""The files the map page loads, taken from installed packages, never from the network.

Leaflet and its marker-cluster plugin come from the ``XStatic-Leaflet`` and
``XStatic-Leaflet-MarkerCluster`` packages, the heat-map plugin from the copy folium ships,
and geo's own script, styles and layer scripts from ``geo/mapping/static/``. They are
written next to the map in ``lib/`` (like the article pages in ``articles/``) or inlined
in the page for one self-contained file.

A bundle whose package is missing is reported, not fatal: the page says on screen what
did not load, rather than showing a blank map.
"""

from __future__ import annotations

import base64
import functools
import importlib
import importlib.util
import re
from dataclasses import dataclass
from pathlib import Path

__all__ = ["Asset", "bundle", "STATIC", "inline_css", "inline_js"]

#: geo's own JavaScript and CSS, shipped inside the package.
STATIC = Path(__file__).resolve().parent / "static"


@dataclass(frozen=True)
class Asset:
    """One file the page needs: where it is written (``lib/...``) and where it comes from."""

    href: str  # relative to the map: "lib/leaflet/leaflet.js"
    source: Path | None  # None when its package is not installed
    package: str  # what to install when it is missing

    @property
    def kind(self) -> str:
        """``"css"``, ``"js"`` or ``"file"`` (images the CSS refers to)."""
        return {".css": "css", ".js": "js"}.get(Path(self.href).suffix, "file")


def _xstatic_dir(module: str) -> Path | None:
    try:
        return Path(importlib.import_module(module).BASE_DIR)
    except ImportError:
        return None


def _folium_templates() -> Path | None:
    # found, not imported: importing folium costs half a second and nothing else is needed
    spec = importlib.util.find_spec("folium")
    if spec is None or not spec.origin:
        return None
    return Path(spec.origin).resolve().parent / "templates"


@functools.cache
def bundle(name: str) -> tuple[Asset, ...]:
    """Return the files of one asset bundle: ``leaflet``, ``markercluster``, ``heat`` or ``geo``.

    Examples
    --------
    >>> [a.href.rsplit("/", 1)[1] for a in bundle("markercluster")]
    ['MarkerCluster.css', 'MarkerCluster.Default.css', 'leaflet.markercluster.js']
    >>> all(a.source.is_file() for a in bundle("leaflet"))
    True
    """
    if name == "leaflet":
        d = _xstatic_dir("xstatic.pkg.leaflet")
        files = ["leaflet.css", "leaflet.js", "images/layers.png", "images/layers-2x.png"]
        pkg = "XStatic-Leaflet"
    elif name == "markercluster":
        d = _xstatic_dir("xstatic.pkg.leaflet_markercluster")
        files = ["MarkerCluster.css", "MarkerCluster.Default.css", "leaflet.markercluster.js"]
        pkg = "XStatic-Leaflet-MarkerCluster"
    elif name == "heat":
        d = _folium_templates()
        files = ["leaflet_heat.min.js"]
        pkg = "folium"
    elif name == "geo":
        d = STATIC
        files = ["geo-map.css", "geo-map.js", "popup.js", "search.js", "export.js", "panel.js"]
        pkg = "geo-news"
    elif name.startswith("layer:"):
        d = STATIC / "layers"
        files = [f"{name[6:]}.js"]
        pkg = "geo-news"
        name = "geo/layers"
    else:
        raise ValueError(f"no asset bundle {name!r}")
    return tuple(Asset(f"lib/{name}/{f}", (d / f) if d is not None and (d / f).is_file() else None, pkg)
                 for f in files)


_CSS_URL = re.compile(r"url\((images/[A-Za-z0-9_.-]+\.png)\)")


def inline_css(asset: Asset) -> str:
    """Return a stylesheet's text with the images it refers to inlined as data URLs."""
    text = asset.source.read_text(encoding="utf-8")
    folder = asset.source.parent

    def data_url(m: re.Match) -> str:
        img = folder / m.group(1)
        if not img.is_file():
            return m.group(0)
        return f"url(data:image/png;base64,{base64.b64encode(img.read_bytes()).decode('ascii')})"

    return _CSS_URL.sub(data_url, text).replace("</", "<\\/")


def inline_js(asset: Asset) -> str:
    """Return a script's text, safe to put inside a ``<script>`` element."""
    text = asset.source.read_text(encoding="utf-8")
    # "</script" would close the element (and "<!--" would change how it is parsed); in
    # a JavaScript string or regular expression "<\/" means the same as "</".
    return re.sub(r"</(script)", r"<\\/\1", text, flags=re.I).replace("<!--", "<\\u0021--")
