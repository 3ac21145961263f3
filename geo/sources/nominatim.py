"""Nominatim, OpenStreetMap's geocoder (https://nominatim.org/), as a source.

The public instance allows at most one request a second and asks for a User-Agent that
names the application (https://operations.osmfoundation.org/policies/nominatim/); a
self-hosted one is set with ``GEO_NOMINATIM_URL`` or ``domain=``.

Examples
--------
>>> raw = {"place_id": 1, "osm_type": "node", "osm_id": 42, "lat": "48.3", "lon": "38.0",
...        "class": "place", "type": "town", "importance": 0.41,
...        "display_name": "Maiorsk, Donetsk Oblast, Ukraine",
...        "address": {"town": "Maiorsk", "state": "Donetsk Oblast", "country_code": "ua"}}
>>> [c] = Nominatim(cache=False).parse([raw], "Maiorsk", "")
>>> c.place  # doctest: +NORMALIZE_WHITESPACE
Place(geonameid=0, name='Maiorsk', lat=48.3, lon=38.0, country_code='UA', admin1='Donetsk Oblast',
      feature='city', population=0, source='nominatim', source_id='osm:node/42')
>>> c.match, c.score
('online:nominatim', 0.41)
"""

from __future__ import annotations

from geo.features import osm_feature
from geo.records import Candidate, Place
from geo.sources import osm
from geo.sources.http import BadAnswer
from geo.sources.online import OnlineGeocoder, answer_score, json_type, valid_point

__all__ = ["Nominatim"]


class Nominatim(OnlineGeocoder):
    """Nominatim (``format=json`` search API); parameters of :class:`OnlineGeocoder`."""

    name = "nominatim"
    attribution = osm.ATTRIBUTION
    attribution_url = osm.ATTRIBUTION_URL
    default_domain = "nominatim.openstreetmap.org"
    path = "/search"
    env_url = "GEO_NOMINATIM_URL"
    policy = "https://operations.osmfoundation.org/policies/nominatim/"
    public_min_delay = 1.0

    def request(self, query: str, country: str, limit: int) -> dict[str, object]:
        """Search parameters: address details and extra tags, ``countrycodes`` for a country."""
        params: dict[str, object] = {"q": query, "format": "json", "limit": limit, "addressdetails": 1,
                                     "extratags": 1}
        if country:
            params["countrycodes"] = country.lower()
        return params

    def parse(self, answer: object, query: str, country: str) -> list[Candidate]:
        """Candidates from a JSON array of results; results without a point or a display name are dropped."""
        if not isinstance(answer, list):
            raise BadAnswer(f"wrong shape: a JSON {json_type(answer)}, not an array of places")
        return [c for c in (self._candidate(r, query) for r in answer) if c is not None]

    def _candidate(self, raw: object, query: str) -> Candidate | None:
        if not isinstance(raw, dict):
            return None
        point = valid_point(raw.get("lat"), raw.get("lon"))
        display = osm.text(raw.get("display_name"))
        if point is None or not display:
            return None
        address = raw.get("address") if isinstance(raw.get("address"), dict) else {}
        extratags = raw.get("extratags") if isinstance(raw.get("extratags"), dict) else {}
        namedetails = raw.get("namedetails") if isinstance(raw.get("namedetails"), dict) else {}
        name = (osm.text(raw.get("name")) or osm.text(namedetails.get("name")) or display.split(",")[0].strip()
                or query)
        feature = osm_feature(osm.text(raw.get("class")) or osm.text(raw.get("category")), osm.text(raw.get("type")),
                              raw.get("admin_level") or extratags.get("admin_level"),
                              osm.text(raw.get("addresstype")), raw.get("place_rank"))
        source_id = osm.id_of(raw.get("osm_type"), raw.get("osm_id"))
        if not source_id and isinstance(raw.get("place_id"), (int, str)):
            source_id = f"{self.name}:{raw['place_id']}"
        admin1 = osm.text(address.get("state")) or osm.text(address.get("province")) or osm.text(address.get("region"))
        place = Place(0, name, point[0], point[1], osm.text(address.get("country_code")).upper()[:2], admin1, feature,
                      osm.population(extratags), source=self.name, source_id=source_id)
        return Candidate(place, query, f"online:{self.name}", answer_score(raw.get("importance")),
                         (f"{self.name}: {display}",))
