"""What the OpenStreetMap-based geocoders (Nominatim, Photon) share: their credit and ids.

Examples
--------
>>> id_of("node", 42), id_of("R", 7), id_of("", 1)
('osm:node/42', 'osm:relation/7', '')
"""

from __future__ import annotations

#: The credit the OpenStreetMap licence asks for wherever its data is shown.
ATTRIBUTION = "© OpenStreetMap contributors, ODbL 1.0"
ATTRIBUTION_URL = "https://www.openstreetmap.org/copyright"

_OSM_TYPES = {"n": "node", "w": "way", "r": "relation"}


def id_of(osm_type, osm_id) -> str:
    """Return the ``source_id`` of an OSM object: ``"osm:<type>/<id>"``, or ``""``."""
    if not osm_type or osm_id in (None, "") or not isinstance(osm_id, (int, str)):
        return ""
    t = str(osm_type).lower()
    return f"osm:{_OSM_TYPES.get(t, t)}/{osm_id}"


def population(tags) -> int:
    """Return the ``population`` tag as an int, 0 when missing or unreadable.

    Examples
    --------
    >>> population({"population": "2 102"}), population({"population": "about 50"}), population(None)
    (2102, 0, 0)
    """
    if not isinstance(tags, dict):
        return 0
    raw = str(tags.get("population", "")).replace(",", "").replace(" ", "")
    return int(raw) if raw.isdigit() else 0


def text(value) -> str:
    """Return a string field of an answer ("" for anything that is not a string)."""
    return value.strip() if isinstance(value, str) else ""
