"""geo.sources: the one registry of place sources, and the credits of the places drawn."""

from __future__ import annotations

import pytest

import geo.sources
from geo.errors import InputError, UnknownSource
from geo.records import Place
from geo.sources import Credit, Source, attribution_for, available, get_source, source_of
from geo.sources.nominatim import Nominatim
from geo.sources.photon import Photon

# A Nominatim answer as the public instance gives it (format=json, addressdetails=1).
MAIORSK = {"place_id": 16612345, "licence": "Data © OpenStreetMap contributors, ODbL 1.0.",
           "osm_type": "node", "osm_id": 1560917201, "lat": "48.3138386", "lon": "38.0122577",
           "class": "place", "type": "town", "place_rank": 18, "importance": 0.3705, "addresstype": "town",
           "name": "Maiorsk", "display_name": "Maiorsk, Horlivka Raion, Donetsk Oblast, 85693, Ukraine",
           "address": {"town": "Maiorsk", "state": "Donetsk Oblast", "country_code": "ua"}}


@pytest.fixture(autouse=True)
def _cache(tmp_path, monkeypatch):
    monkeypatch.setenv("GEO_CACHE_DIR", str(tmp_path / "cache"))


def test_registry_lists_every_kind_of_source():
    assert available() == ["builtin", "geonames", "nominatim", "photon", "supplement"]
    assert available("gazetteer") == ["builtin", "geonames", "supplement"]
    assert available("online") == ["nominatim", "photon"]
    with pytest.raises(UnknownSource) as exc:
        get_source("google")
    assert "\n" not in str(exc.value) and "nominatim" in str(exc.value)


def test_online_sources_are_classes_of_one_base():
    nom, pho = get_source("nominatim", cache=False), get_source("photon", cache=False)
    assert isinstance(nom, Nominatim) and isinstance(pho, Photon)
    assert isinstance(nom, Source) and isinstance(pho, Source)
    assert (nom.url, pho.url) == ("https://nominatim.openstreetmap.org/search", "https://photon.komoot.io/api")
    # What differs between services is what each asks and reads, nothing else.
    assert nom.request("Maiorsk", "UA", 2)["countrycodes"] == "ua"
    assert pho.request("Maiorsk", "UA", 2) == {"q": "Maiorsk", "limit": 6}


def test_supplement_source_holds_the_hand_checked_places_alone():
    sup = get_source("supplement")
    assert isinstance(sup, Source) and sup.name == "supplement"
    [donbas] = sup.lookup("Donbass", limit=1)
    assert (donbas.place.geonameid, donbas.place.feature) == (900000001, "region")
    assert sup.lookup("Kharkiv") == []  # GeoNames places are not in it
    assert sup.info()["places"] < 1000
    assert get_source("supplement").path == sup.path  # built once, then reused


def test_geonames_source_needs_a_path():
    with pytest.raises(InputError, match="path="):
        get_source("geonames")


def test_credits_follow_the_places_drawn():
    sup = get_source("supplement")
    black_sea = sup.lookup("Black Sea", limit=1)[0].place
    [maiorsk] = Nominatim(cache=False).parse([MAIORSK], "Maiorsk", "")
    kyiv = Place(703448, "Kyiv", 50.45466, 30.5238, "UA", "Kyiv", "city", 2952301)
    home = Place(0, "Our office", 50.0, 30.0, source="csv")  # a user's own point: no credit due

    assert [source_of(p) for p in (kyiv, black_sea, maiorsk.place, home)] == [
        "geonames", "supplement", "nominatim", "csv"]
    assert attribution_for([kyiv]) == [Credit("geonames", "Place data © GeoNames (CC BY 4.0)",
                                              "https://www.geonames.org/")]
    credits = attribution_for([maiorsk.place, home, kyiv, black_sea, kyiv])
    assert [c.source for c in credits] == ["geonames", "supplement", "nominatim"]
    assert credits[2].text == "© OpenStreetMap contributors, ODbL 1.0"
    assert credits[2].html() == ('<a href="https://www.openstreetmap.org/copyright" target="_blank" '
                                 'rel="noopener">© OpenStreetMap contributors, ODbL 1.0</a>')
    assert attribution_for([home]) == [] and attribution_for([]) == []


def test_credits_come_from_the_registered_sources(monkeypatch):
    """A newly registered source is credited with its own attribution."""
    monkeypatch.setitem(geo.sources._REGISTRY, "photon-copy", ("geo.sources.photon:Photon", "online"))
    place = Place(0, "Kutuzivka", 49.87, 36.6, "UA", source="photon-copy", source_id="osm:node/1")
    assert [(c.source, c.text) for c in attribution_for([place])] == [
        ("photon-copy", "© OpenStreetMap contributors, ODbL 1.0")]


def test_no_second_registry_of_services():
    import geo.sources.online as online

    assert not hasattr(online, "SERVICES")
