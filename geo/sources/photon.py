"""Photon, komoot's geocoder over OpenStreetMap data (https://photon.komoot.io/), as a source.

Photon has no country filter: with a country bias, more results are asked for and those
in the country are ranked first. A self-hosted server is set with ``GEO_PHOTON_URL``.

Examples
--------
>>> raw = {"type": "Feature", "geometry": {"type": "Point", "coordinates": [36.54, 49.87]},
...        "properties": {"osm_type": "N", "osm_id": 7, "osm_key": "place", "osm_value": "village",
...                       "name": "Kutuzivka", "countrycode": "UA", "state": "Kharkiv Oblast"}}
>>> [c] = Photon(cache=False).parse({"type": "FeatureCollection", "features": [raw]}, "Kutuzivka", "")
>>> c.place.source_id, c.place.feature, c.place.lat, c.score
('osm:node/7', 'city', 49.87, 0.5)
"""

from __future__ import annotations

from geo.features import osm_feature
from geo.records import Candidate, Place
from geo.sources import osm
from geo.sources.http import BadAnswer
from geo.sources.online import OnlineGeocoder, answer_score, json_type, valid_point

__all__ = ["Photon"]


class Photon(OnlineGeocoder):
    """Photon (GeoJSON ``/api``); parameters of :class:`OnlineGeocoder`."""

    name = "photon"
    attribution = osm.ATTRIBUTION
    attribution_url = osm.ATTRIBUTION_URL
    default_domain = "photon.komoot.io"
    path = "/api"
    env_url = "GEO_PHOTON_URL"
    policy = "https://photon.komoot.io/ (fair use)"

    def request(self, query: str, country: str, limit: int) -> dict[str, object]:
        """Search parameters; three times the results (at most 50) to rank a country's first."""
        return {"q": query, "limit": min(limit * 3, 50) if country else limit}

    def parse(self, answer: object, query: str, country: str) -> list[Candidate]:
        """Candidates from a GeoJSON FeatureCollection, those in ``country`` first."""
        features = answer.get("features") if isinstance(answer, dict) else None
        if not isinstance(features, list):
            raise BadAnswer(f"wrong shape: a JSON {json_type(answer)}, not a GeoJSON FeatureCollection")
        found = [c for c in (self._candidate(f, query) for f in features) if c is not None]
        if country:
            found.sort(key=lambda c: c.place.country_code != country)  # stable: keeps Photon's order
        return found

    def _candidate(self, raw: object, query: str) -> Candidate | None:
        if not isinstance(raw, dict):
            return None
        props = raw.get("properties") if isinstance(raw.get("properties"), dict) else {}
        geometry = raw.get("geometry") if isinstance(raw.get("geometry"), dict) else {}
        coords = geometry.get("coordinates")
        point = valid_point(coords[1], coords[0]) if isinstance(coords, list) and len(coords) >= 2 else None
        name = osm.text(props.get("name")) or osm.text(props.get("street")) or query
        if point is None:
            return None
        feature = osm_feature(osm.text(props.get("osm_key")), osm.text(props.get("osm_value")),
                              addresstype=osm.text(props.get("type")))
        place = Place(0, name, point[0], point[1], osm.text(props.get("countrycode")).upper()[:2],
                      osm.text(props.get("state")), feature, osm.population(props.get("extra")), source=self.name,
                      source_id=osm.id_of(props.get("osm_type"), props.get("osm_id")))
        where = ", ".join(filter(None, (osm.text(props.get(k)) for k in ("name", "city", "state", "country"))))
        return Candidate(place, query, f"online:{self.name}", answer_score(props.get("importance")),
                         (f"{self.name}: {where or name}",))
