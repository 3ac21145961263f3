"""Draw the places news articles mention on an interactive map that works offline.

One circle per resolved place (mentions are aggregated by GeoNames id), sized by the
square root of its mention count and coloured by feature kind. Its popup lists the
spellings the articles used and, for every article, the sentence around the mention
with a link back to that exact passage: the article's own URL, or a highlighted copy of
the article written next to the map (``articles/<safe-name>.html#m-<start>``).

The page needs no network: Leaflet and its plugins come from installed packages and are
written to ``lib/`` next to the map (or inlined), and country outlines from local data
lie under the markers; online tiles are used when reachable. It has a time control over
the articles' ISO dates, search by every name and spelling, filters by kind and by
article or source, export of the places shown as CSV or GeoJSON, and a URL that keeps
the view.

Modules, one per concern: :mod:`~geo.mapping.inputs` (what maps are drawn from),
:mod:`~geo.mapping.areas` (bbox and polygons), :mod:`~geo.mapping.aggregate` (mentions
into places), :mod:`~geo.mapping.layers` (one module per layer behind one interface),
:mod:`~geo.mapping.assets` (Leaflet and plugins from packages), :mod:`~geo.mapping.pages`
(the article copies), :mod:`~geo.mapping.templates`, :mod:`~geo.mapping.safety`
(escaping), :mod:`~geo.mapping.credits` and :mod:`~geo.mapping.build` (the page).

Examples
--------
>>> from geo.records import Article, Extraction, Mention, Place
>>> kharkiv = Place(706483, "Kharkiv", 49.98177, 36.25475, "UA", "", "city", 1421125)
>>> text = "Shelling hit Kharkiv on Monday."
>>> ex = Extraction(Article(id="a.txt", text=text, title="Shelling"),
...                 (Mention(13, 20, "Kharkiv", kharkiv, score=0.9),))
>>> m = make_map([ex], title="Demo")
>>> m.n_places, "lib/leaflet/leaflet.js" in m.html()
(1, True)
"""

from __future__ import annotations

from geo.mapping.aggregate import KIND_STYLES, RADIUS_MAX, places_frame
from geo.mapping.areas import load_area, parse_bbox
from geo.mapping.build import MapBuild, build_map, make_map, write_map
from geo.mapping.inputs import read_map_inputs
from geo.mapping.safety import safe_name, safe_url

__all__ = [
    "KIND_STYLES",
    "RADIUS_MAX",
    "MapBuild",
    "build_map",
    "make_map",
    "write_map",
    "places_frame",
    "read_map_inputs",
    "parse_bbox",
    "load_area",
    "safe_url",
    "safe_name",
]
