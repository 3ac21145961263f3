"""Online geocoding against a fake Nominatim/Photon on 127.0.0.1 (never the internet)."""

from __future__ import annotations

import json
import socket
import ssl
import subprocess
import sys
import threading
import time
import warnings
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from geo.errors import DataError, GeocoderError, InputError, UnknownSource
from geo.geocache import Geocache
from geo.records import Candidate, Place
from geo.sources import get_source, online
from geo.sources.nominatim import Nominatim
from geo.sources.online import OnlineGeocoder, OnlineWarning, QueryFailed, ServiceDown, geocode_missing

REPO = Path(__file__).resolve().parents[1]

# What the fake server knows, shaped like real Nominatim `format=json` output.
NOMINATIM_DATA = {
    "kutuzivka": [{
        "place_id": 178254310, "licence": "Data © OpenStreetMap contributors, ODbL 1.0.",
        "osm_type": "node", "osm_id": 337594510, "lat": "49.8756718", "lon": "36.6009125",
        "class": "place", "type": "village", "place_rank": 19, "importance": 0.2832,
        "addresstype": "village", "name": "Kutuzivka",
        "display_name": "Kutuzivka, Kharkiv Raion, Kharkiv Oblast, 62495, Ukraine",
        "address": {"village": "Kutuzivka", "district": "Kharkiv Raion", "state": "Kharkiv Oblast",
                    "ISO3166-2-lvl4": "UA-63", "postcode": "62495", "country": "Ukraine",
                    "country_code": "ua"},
        "extratags": {"population": "2102"},
        "boundingbox": ["49.8556718", "49.8956718", "36.5809125", "36.6209125"],
    }],
    "maiorsk": [{
        "place_id": 16612345, "licence": "Data © OpenStreetMap contributors, ODbL 1.0.",
        "osm_type": "node", "osm_id": 1560917201, "lat": "48.3138386", "lon": "38.0122577",
        "class": "place", "type": "town", "place_rank": 18, "importance": 0.3705,
        "addresstype": "town", "name": "Maiorsk",
        "display_name": "Maiorsk, Horlivka Raion, Donetsk Oblast, 85693, Ukraine",
        "address": {"town": "Maiorsk", "district": "Horlivka Raion", "state": "Donetsk Oblast",
                    "postcode": "85693", "country": "Ukraine", "country_code": "ua"},
        "boundingbox": ["48.2938386", "48.3338386", "37.9922577", "38.0322577"],
    }],
    "donetsk oblast": [{
        "place_id": 1234, "osm_type": "relation", "osm_id": 71973, "lat": "48.0", "lon": "37.8",
        "class": "boundary", "type": "administrative", "place_rank": 8, "importance": 0.95,
        "addresstype": "state", "name": "Donetsk Oblast",
        "display_name": "Donetsk Oblast, Ukraine",
        "address": {"state": "Donetsk Oblast", "country": "Ukraine", "country_code": "ua"},
    }],
    "sumska street": [{
        "place_id": 99, "osm_type": "way", "osm_id": 26150337, "lat": "50.0010", "lon": "36.2350",
        "class": "highway", "type": "primary", "place_rank": 26,
        "display_name": "Sumska Street, Kharkiv, Kharkiv Oblast, Ukraine",
        "address": {"road": "Sumska Street", "city": "Kharkiv", "state": "Kharkiv Oblast",
                    "country_code": "ua"},
    }],
}

PHOTON_DATA = {
    "kutuzivka": [
        {"type": "Feature", "geometry": {"type": "Point", "coordinates": [27.1, 53.2]},
         "properties": {"osm_type": "N", "osm_id": 1, "osm_key": "place", "osm_value": "village",
                        "name": "Kutuzivka", "countrycode": "BY", "country": "Belarus",
                        "type": "city"}},
        {"type": "Feature", "geometry": {"type": "Point", "coordinates": [36.6009125, 49.8756718]},
         "properties": {"osm_type": "N", "osm_id": 337594510, "osm_key": "place",
                        "osm_value": "village", "name": "Kutuzivka", "countrycode": "UA",
                        "state": "Kharkiv Oblast", "country": "Ukraine", "type": "city"}},
    ],
}


class FakeServer:
    """A Nominatim (/search) and Photon (/api) look-alike that records every request."""

    def __init__(self, tls: ssl.SSLContext | None = None):
        self.requests: list[dict] = []
        self.statuses: list[int] = []  # answered (in order) before any real answer
        self.delay = 0.0
        self.retry_after: str | None = None
        self.raw: dict[str, bytes] = {}  # query -> the body answered instead of the real one
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_GET(self):
                url = urlsplit(self.path)
                params = {k: v[0] for k, v in parse_qs(url.query).items()}
                server.requests.append({"t": time.monotonic(), "path": url.path,
                                        "params": params, "headers": dict(self.headers)})
                if server.delay:
                    time.sleep(server.delay)
                if server.statuses:
                    status = server.statuses.pop(0)
                    self.send_response(status)
                    if server.retry_after is not None:
                        self.send_header("Retry-After", server.retry_after)
                    body = b'{"error": "busy"}'
                elif url.path.startswith("/moved/"):  # a redirect on the same host
                    self.send_response(301)
                    self.send_header("Location", url.path[len("/moved"):] + "?" + url.query)
                    body = b""
                else:
                    status = 200
                    q = " ".join(params.get("q", "").split()).casefold()
                    if q in server.raw:
                        body = server.raw[q]
                    elif url.path == "/search":
                        found = NOMINATIM_DATA.get(q, [])
                        cc = params.get("countrycodes")
                        if cc:
                            found = [r for r in found if r["address"]["country_code"] in cc.split(",")]
                        body = json.dumps(found[: int(params.get("limit", 10))]).encode()
                    elif url.path == "/api":
                        feats = PHOTON_DATA.get(q, [])[: int(params.get("limit", 10))]
                        body = json.dumps({"type": "FeatureCollection", "features": feats}).encode()
                    else:
                        status, body = 404, b"{}"
                    self.send_response(status)
                self.send_header("Content-Type", "application/json; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                try:
                    self.wfile.write(body)
                except OSError:  # the client gave up (time-out test)
                    pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        if tls is not None:
            self.httpd.socket = tls.wrap_socket(self.httpd.socket, server_side=True)
        self.httpd.daemon_threads = True
        self.port = self.httpd.server_address[1]
        self.thread = threading.Thread(target=self.httpd.serve_forever, args=(0.05,), daemon=True)
        self.thread.start()

    def searches(self) -> list[dict]:
        return [r for r in self.requests if r["path"] == "/search"]

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture(autouse=True)
def _isolated(tmp_path, monkeypatch):
    monkeypatch.setenv("GEO_CACHE_DIR", str(tmp_path / "cache"))
    for var in ("GEO_USER_AGENT", "GEO_NOMINATIM_URL", "GEO_PHOTON_URL"):
        monkeypatch.delenv(var, raising=False)
    online.reset_circuit_breakers()
    yield
    online.reset_circuit_breakers()


@pytest.fixture
def server():
    s = FakeServer()
    yield s
    s.close()


def make(server, service="nominatim", **kw) -> OnlineGeocoder:
    kw.setdefault("min_delay_seconds", 0.0)
    kw.setdefault("error_wait_seconds", 0.05)
    kw.setdefault("timeout", 5)
    return get_source(service, domain=f"127.0.0.1:{server.port}", scheme="http", **kw)


def free_port() -> int:
    """A port on 127.0.0.1 where nothing listens (bound, then closed)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# -- resolution ----------------------------------------------------------------------


def test_resolves_villages_to_served_coordinates(server):
    g = make(server)
    [kut] = g.lookup("Kutuzivka")
    assert (kut.place.lat, kut.place.lon) == (49.8756718, 36.6009125)
    assert kut.match == "online:nominatim" and kut.matched == "Kutuzivka"
    assert kut.place.geonameid == 0
    assert kut.place.source == "nominatim" and kut.place.source_id == "osm:node/337594510"
    assert kut.place.country_code == "UA" and kut.place.admin1 == "Kharkiv Oblast"
    assert kut.place.feature == "city" and kut.place.population == 2102
    assert kut.score == pytest.approx(0.2832)
    [mai] = g.lookup("Maiorsk")
    assert (mai.place.lat, mai.place.lon) == (48.3138386, 38.0122577)
    assert mai.place.name == "Maiorsk" and mai.match == "online:nominatim"
    assert mai.to_dict()["source_id"] == "osm:node/1560917201"


def test_feature_and_score_mapping(server):
    g = make(server, cache=False)
    [oblast] = g.lookup("Donetsk Oblast")
    assert oblast.place.feature == "admin1" and oblast.score < 0.9
    [street] = g.lookup("Sumska Street")
    assert street.place.feature == "facility" and street.score == 0.5
    assert street.place.source_id == "osm:way/26150337"


def test_request_parameters_and_default_user_agent(server):
    make(server, cache=False).lookup("Kutuzivka", limit=3)
    [req] = server.searches()
    assert req["params"]["q"] == "Kutuzivka"
    assert req["params"]["format"] == "json"
    assert req["params"]["addressdetails"] == "1"
    assert req["params"]["limit"] == "3"
    assert "countrycodes" not in req["params"]
    ua = req["headers"]["User-Agent"]
    assert ua.startswith("geo-news/") and "https://pypi.org/project/geo-news/" in ua


def test_user_agent_configurable(server, monkeypatch):
    make(server, cache=False, user_agent="newsroom-tool/2 (desk@example.org)").lookup("Maiorsk")
    monkeypatch.setenv("GEO_USER_AGENT", "from-env/1.0")
    make(server, cache=False).lookup("Maiorsk")
    assert [r["headers"]["User-Agent"] for r in server.searches()] == [
        "newsroom-tool/2 (desk@example.org)", "from-env/1.0"]


def test_country_bias_sent_as_countrycodes(server):
    g = make(server, cache=False)
    assert g.lookup("Kutuzivka", country="ua")
    assert g.lookup("Kutuzivka", country="PL") == []
    assert [r["params"]["countrycodes"] for r in server.searches()] == ["ua", "pl"]
    assert g.lookup("Kutuzivka", country="Ukraine")  # a name, as the gazetteer takes it
    assert server.searches()[-1]["params"]["countrycodes"] == "ua"
    with pytest.raises(InputError, match="unknown country 'Ukrainia'"):
        g.lookup("Kutuzivka", country="Ukrainia")


def test_unknown_name_and_blank_name(server):
    g = make(server, cache=False)
    assert g.lookup("Nowhere-on-earth") == []
    assert g.lookup("   ") == []
    assert len(server.searches()) == 1


def test_domain_from_env_and_local_scheme(server, monkeypatch):
    monkeypatch.setenv("GEO_NOMINATIM_URL", f"127.0.0.1:{server.port}")
    g = Nominatim(min_delay_seconds=0, cache=False)  # http, since it is local
    assert g.url == f"http://127.0.0.1:{server.port}/search"
    assert g.lookup("Maiorsk")[0].place.lat == 48.3138386
    monkeypatch.setenv("GEO_NOMINATIM_URL", "https://nominatim.example.org/")
    assert Nominatim(cache=False).url == "https://nominatim.example.org/search"


def test_public_instance_never_faster_than_one_per_second():
    g = Nominatim(min_delay_seconds=0.1, cache=False)  # no request made
    assert g.min_delay_seconds == 1.0
    assert g.url == "https://nominatim.openstreetmap.org/search"


def test_registry_factories(server):
    g = get_source("nominatim", domain=f"127.0.0.1:{server.port}", min_delay_seconds=0)
    assert isinstance(g, Nominatim) and g.name == "nominatim"
    assert g.attribution == "© OpenStreetMap contributors, ODbL 1.0"
    assert get_source("photon", cache=False).name == "photon"
    with pytest.raises(UnknownSource):
        get_source("google")


def test_photon(server):
    g = make(server, "photon", cache=False)
    first = g.lookup("Kutuzivka")
    assert first[0].place.country_code == "BY" and first[0].match == "online:photon"
    [biased] = g.lookup("Kutuzivka", country="UA")
    assert (biased.place.lat, biased.place.lon) == (49.8756718, 36.6009125)
    assert biased.place.source == "photon" and biased.place.source_id == "osm:node/337594510"
    assert all(r["path"] == "/api" for r in server.requests)


# -- cache ---------------------------------------------------------------------------


def test_cache_hit_across_instances(server, tmp_path):
    first = make(server).lookup("Kutuzivka")
    second = make(server).lookup("  kutuzivka ")  # a new geocoder, same GEO_CACHE_DIR
    assert len(server.searches()) == 1
    assert second[0].place == first[0].place and second[0].matched == "kutuzivka"
    assert (tmp_path / "cache" / "geocode.sqlite").exists()


def test_cache_keyed_by_country_and_limit(server):
    g = make(server)
    g.lookup("Maiorsk")
    g.lookup("Maiorsk", country="UA")
    g.lookup("Maiorsk", limit=5)
    g.lookup("Maiorsk", country="ua")
    assert len(server.searches()) == 3


def test_negative_answers_cached(server):
    g = make(server)
    assert g.lookup("Atlantis") == []
    assert make(server).lookup("atlantis") == []
    assert len(server.searches()) == 1
    info = Geocache().info()
    assert (info["positive"], info["negative"]) == (0, 1)


def test_expiry_honoured(server, tmp_path):
    now = [1_700_000_000.0]
    cache = Geocache(tmp_path / "c", clock=lambda: now[0])
    g = make(server, cache=cache, cache_ttl_days=30, negative_ttl_days=7)
    g.lookup("Maiorsk")
    g.lookup("Atlantis")
    now[0] += 8 * 86400  # the negative answer expired, the positive one not
    g.lookup("Maiorsk")
    g.lookup("Atlantis")
    assert [r["params"]["q"] for r in server.searches()] == ["Maiorsk", "Atlantis", "Atlantis"]
    now[0] += 31 * 86400
    assert cache.info()["expired"] == 2
    g.lookup("Maiorsk")
    assert len(server.searches()) == 4
    assert cache.clear(expired_only=True) == 1  # Atlantis; Maiorsk was just refreshed
    assert cache.info()["entries"] == 1


def test_failures_are_not_cached(server):
    server.statuses = [503, 503]
    g = make(server, max_retries=1)
    with warnings.catch_warnings(record=True):
        warnings.simplefilter("always")
        assert g.lookup("Maiorsk") == []
    online.reset_circuit_breakers()
    assert make(server).lookup("Maiorsk")
    assert len(server.searches()) == 3


def test_corrupt_cache_raises_data_error_and_clear_repairs(tmp_path, server):
    path = tmp_path / "bad" / "geocode.sqlite"
    path.parent.mkdir()
    path.write_bytes(b"this is not a database at all" * 100)
    cache = Geocache(path)
    with pytest.raises(DataError, match="geo cache clear") as exc:
        cache.get("nominatim", "Maiorsk")
    assert "\n" not in str(exc.value)
    with pytest.raises(DataError, match="geo cache clear"):
        make(server, cache=cache).lookup("Maiorsk")
    with pytest.raises(DataError):
        cache.info()
    assert cache.clear() == 0 and not path.exists()
    assert make(server, cache=cache).lookup("Maiorsk")
    assert cache.info()["entries"] == 1


def test_cache_concurrent_writers(tmp_path):
    code = (
        "import sys\n"
        "from geo.geocache import Geocache\n"
        "from geo.records import Candidate, Place\n"
        "c = Geocache(sys.argv[1])\n"
        "for i in range(40):\n"
        "    p = Place(0, f'P{i}', 1.0, 2.0, source='nominatim', source_id=str(i))\n"
        "    c.put('nominatim', f'{sys.argv[2]}-{i}', [Candidate(p, 'x', 'online:nominatim', 0.3)])\n"
    )
    procs = [subprocess.Popen([sys.executable, "-c", code, str(tmp_path), f"w{k}"], cwd=REPO)
             for k in range(4)]
    assert [p.wait(timeout=60) for p in procs] == [0, 0, 0, 0]
    info = Geocache(tmp_path).info()
    assert info["entries"] == 160 and info["positive"] == 160


# -- politeness and failures ---------------------------------------------------------


def test_rate_limiting(server):
    g = make(server, min_delay_seconds=0.2, cache=False)
    for name in ("Kutuzivka", "Maiorsk", "Atlantis"):
        g.lookup(name)
    times = [r["t"] for r in server.searches()]
    assert len(times) == 3
    assert times[2] - times[0] >= 0.4 - 0.01
    assert min(b - a for a, b in zip(times, times[1:], strict=False)) >= 0.2 - 0.01


def test_rate_limit_shared_between_instances(server):
    make(server, min_delay_seconds=0.2, cache=False).lookup("Kutuzivka")
    make(server, min_delay_seconds=0.2, cache=False).lookup("Maiorsk")
    a, b = (r["t"] for r in server.searches())
    assert b - a >= 0.2 - 0.01


def test_429_then_success(server):
    server.statuses = [429]
    server.retry_after = "0"
    g = make(server, cache=False)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        [c] = g.lookup("Maiorsk")
    assert c.place.lat == 48.3138386
    assert len(server.searches()) == 2
    assert not [w for w in caught if issubclass(w.category, OnlineWarning)]
    assert g.available


def test_backoff_doubles_between_retries(server):
    server.statuses = [500, 502, 503]
    g = make(server, cache=False, error_wait_seconds=0.1, max_retries=3)
    assert g.lookup("Maiorsk")
    t = [r["t"] for r in server.searches()]
    assert len(t) == 4
    gaps = [b - a for a, b in zip(t, t[1:], strict=False)]
    assert gaps[0] >= 0.09 and gaps[1] >= 0.19 and gaps[2] >= 0.39


def test_retries_exhausted(server):
    server.statuses = [429] * 10
    g = make(server, cache=False, max_retries=2)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        assert g.lookup("Maiorsk") == []
        assert g.lookup("Kutuzivka") == []  # breaker open: no more requests
    assert len(server.searches()) == 3
    [w] = [w for w in caught if issubclass(w.category, OnlineWarning)]
    assert "429" in str(w.message) and "\n" not in str(w.message)
    assert not g.available


def test_rejected_query_warns_but_keeps_going(server):
    server.statuses = [400]
    g = make(server, cache=False)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        assert g.lookup("Maiorsk") == []
        assert g.lookup("Kutuzivka")  # only that one query failed
    assert len(server.searches()) == 2 and g.available
    [w] = [w for w in caught if issubclass(w.category, OnlineWarning)]
    assert "rejected 'Maiorsk'" in str(w.message) and w.filename == __file__


def test_timeout_degrades(server):
    server.delay = 1.5
    g = make(server, cache=False, timeout=0.3)
    start = time.monotonic()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        assert g.lookup("Maiorsk") == []
        assert g.lookup("Kutuzivka") == []
    assert time.monotonic() - start < 1.4
    ours = [w for w in caught if issubclass(w.category, OnlineWarning)]
    assert len(ours) == 1 and "no complete answer within 0.3 s" in str(ours[0].message)
    assert len(server.searches()) == 1


def test_server_down(tmp_path):
    port = free_port()
    g = Nominatim(domain=f"127.0.0.1:{port}", scheme="http", min_delay_seconds=0,
                  timeout=2, cache=Geocache(tmp_path))
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        assert g.lookup("Kutuzivka") == []
        start = time.monotonic()
        assert g.lookup("Maiorsk") == []
        assert time.monotonic() - start < 0.05
    ours = [w for w in caught if issubclass(w.category, OnlineWarning)]
    assert len(ours) == 1 and "cannot connect" in str(ours[0].message)
    assert ours[0].filename == __file__  # points at the caller of lookup()
    assert not g.available
    assert Geocache(tmp_path).info()["entries"] == 0  # failures are not negative answers


def test_circuit_breaker_stops_connection_attempts():
    """A listener that hangs up on every client counts connection attempts."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(16)
    accepted = []

    def serve():
        while True:
            try:
                conn, _ = listener.accept()
            except OSError:
                return
            accepted.append(time.monotonic())
            conn.close()

    threading.Thread(target=serve, daemon=True).start()
    try:
        g = Nominatim(domain=f"127.0.0.1:{listener.getsockname()[1]}", scheme="http",
                      min_delay_seconds=0, error_wait_seconds=0.01, timeout=2, cache=False)
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            assert g.lookup("Kutuzivka") == []
            time.sleep(0.1)
            before = len(accepted)
            for name in ("Maiorsk", "Sumska Street", "Donetsk Oblast"):
                assert g.lookup(name) == []
            # a second geocoder for the same server in the same process is off too
            assert Nominatim(domain=f"127.0.0.1:{listener.getsockname()[1]}",
                             scheme="http", cache=False).lookup("Maiorsk") == []
            time.sleep(0.1)
        assert before >= 1 and len(accepted) == before
        [w] = [w for w in caught if issubclass(w.category, OnlineWarning)]
        # A hang-up is not a time-out (#13 item 20).
        assert "closed the connection" in str(w.message) and "time" not in str(w.message)
    finally:
        listener.close()


def test_cached_answers_still_served_when_breaker_open(server, tmp_path):
    cache = Geocache(tmp_path)
    assert make(server, cache=cache).lookup("Maiorsk")
    server.close()
    g = make(server, cache=cache)
    with warnings.catch_warnings(record=True):
        warnings.simplefilter("always")
        assert g.lookup("Kutuzivka") == []
    assert not g.available
    assert g.lookup("Maiorsk")[0].place.name == "Maiorsk"


def test_geocode_missing_looks_up_each_distinct_name_once(server):
    g = make(server, cache=False)
    names = ["Kutuzivka", "Maiorsk", "kutuzivka", "Kutuzivka", "Atlantis", "Maiorsk"]
    out = geocode_missing(names, g, country="UA")
    assert list(out) == ["Kutuzivka", "Maiorsk", "kutuzivka", "Atlantis"]
    assert isinstance(out["Kutuzivka"][0], Candidate) and out["Atlantis"] == []
    assert out["kutuzivka"] == out["Kutuzivka"]
    assert sorted(r["params"]["q"] for r in server.searches()) == ["Atlantis", "Kutuzivka", "Maiorsk"]


def test_geocoder_is_a_source(server):
    from geo.sources import Source

    assert isinstance(make(server, cache=False), Source)


def test_candidates_roundtrip_through_cache(tmp_path):
    c = Candidate(Place(0, "Київ", 50.45, 30.52, "UA", "Kyiv", "city", 3, "nominatim", "osm:relation/1"),
                  "Kyiv", "online:nominatim", 0.6, ("nominatim: Київ, Україна",))
    cache = Geocache(tmp_path / "x.sqlite")
    cache.put("nominatim", "Kyiv", [c], "UA", 2)
    [back] = cache.get("nominatim", "kyiv", "ua", 2)
    assert back == c and back.why == c.why
    assert cache.get("nominatim", "kyiv", "UA", 1) is None


# -- bad answers, slow and hostile servers (#13: 3, 6, 11, 12, 20) -----------------------


class RawServer:
    """A TCP listener on 127.0.0.1 that hands each connection to ``serve(conn, stop)``.

    Every loop is bounded and ends when the test closes the server.
    """

    def __init__(self, serve):
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(8)
        self.sock.settimeout(0.05)
        self.port = self.sock.getsockname()[1]
        self.stop = threading.Event()
        self.sent = 0
        self.requests: list[bytes] = []
        self._serve = serve
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self):
        while not self.stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except (TimeoutError, OSError):
                continue
            threading.Thread(target=self._run, args=(conn,), daemon=True).start()

    def _run(self, conn):
        with conn:
            try:
                conn.settimeout(5)
                self.requests.append(read_request(conn))
                self._serve(conn, self)
            except OSError:
                pass  # the client hung up: what the limits are for

    def send(self, conn, data: bytes):
        conn.sendall(data)
        self.sent += len(data)

    def close(self):
        self.stop.set()
        self.sock.close()


def read_request(conn) -> bytes:
    data = b""
    while b"\r\n\r\n" not in data and len(data) < 65536:
        chunk = conn.recv(4096)
        if not chunk:
            break
        data += chunk
    return data


def raw_geocoder(port, **kw):
    kw.setdefault("timeout", 5)
    return Nominatim(domain=f"127.0.0.1:{port}", scheme="http", min_delay_seconds=0, error_wait_seconds=0.01,
                     cache=False, **kw)


def caught_warnings(func):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        result = func()
    return result, [str(w.message) for w in caught if issubclass(w.category, OnlineWarning)]


@pytest.mark.parametrize("body, why", [
    (b'[{"osm_type": "node", "osm_id": 1, "lat": "48.3", "lon": "38.0", "name": "Maiorsk"}]', "no usable place"),
    (b'[{"osm_type": "node", "osm_id": 1, "lat": "nan", "lon": "38.0", "display_name": "Maiorsk"}]',
     "no usable place"),
    (b'[{"lat": 48.3, "lon": 1e999, "display_name": "Maiorsk"}, 7, null, "x"]', "no usable place"),
])
def test_bad_result_leaves_that_name_unresolved_with_one_warning(server, body, why):
    server.raw["maiorsk"] = body
    g = make(server, cache=False)
    found, warned = caught_warnings(lambda: (g.lookup("Maiorsk"), g.lookup("Kutuzivka")))
    assert found[0] == [] and found[1][0].place.name == "Kutuzivka"  # the run goes on
    assert len(warned) == 1 and why in warned[0] and "'Maiorsk'" in warned[0]
    assert g.available
    with pytest.raises(QueryFailed):
        g.search("Maiorsk")


@pytest.mark.parametrize("body, why", [
    (b'{"error": "Unable to geocode"}', "wrong shape: a JSON object, not an array of places"),
    (b'"Maiorsk"', "wrong shape: a JSON string"),
    (b"null", "wrong shape: a JSON null"),
])
def test_answer_of_the_wrong_shape_leaves_that_name_unresolved(server, body, why):
    server.raw["maiorsk"] = body
    g = make(server, cache=False)
    found, warned = caught_warnings(lambda: [g.lookup(n) for n in ("Maiorsk", "Kutuzivka")])
    assert found[0] == [] and found[1][0].place.name == "Kutuzivka"
    assert len(warned) == 1 and why in warned[0] and "'Maiorsk'" in warned[0] and g.available


def test_a_server_that_keeps_answering_garbage_is_switched_off(server):
    for name in ("maiorsk", "kutuzivka", "atlantis", "donetsk oblast"):
        server.raw[name] = b'{"error": "Unable to geocode"}'
    g = make(server, cache=False)
    found, warned = caught_warnings(lambda: [g.lookup(n) for n in ("Maiorsk", "Kutuzivka", "Atlantis",
                                                                   "Donetsk Oblast", "Sumska Street")])
    assert found == [[]] * 5
    assert len(server.searches()) == 3 and not g.available
    assert len(warned) == 3 and "3 unusable answers in a row" in warned[2]


@pytest.mark.parametrize("body", [b"<html>busy</html>", b"\xff\xfe\x00garbage"])
def test_an_answer_that_is_not_json_switches_the_server_off(server, body):
    server.raw["maiorsk"] = body
    g = make(server, cache=False)
    found, warned = caught_warnings(lambda: [g.lookup(n) for n in ("Maiorsk", "Kutuzivka")])
    assert found == [[], []]
    assert len(warned) == 1 and "not JSON" in warned[0]
    assert len(server.searches()) == 1 and not g.available


def test_photon_answer_of_the_wrong_shape(server):
    server.raw["kutuzivka"] = b'[{"lat": 1, "lon": 2}]'
    g = make(server, "photon", cache=False)
    found, warned = caught_warnings(lambda: g.lookup("Kutuzivka"))
    assert found == [] and len(warned) == 1 and "a JSON array, not a GeoJSON FeatureCollection" in warned[0]


def test_search_raises_geocoder_errors(server):
    server.statuses = [400]
    g = make(server, cache=False)
    with pytest.raises(QueryFailed) as exc:
        g.search("Maiorsk")
    assert isinstance(exc.value, GeocoderError) and "HTTP 400" in str(exc.value)
    down = raw_geocoder(free_port())
    with pytest.raises(ServiceDown, match="cannot connect") as exc:
        down.search("Maiorsk")
    assert exc.value.first and isinstance(exc.value, GeocoderError)
    with pytest.raises(ServiceDown, match="switched off"):
        down.search("Kutuzivka")


@pytest.mark.parametrize("headers_too", [False, True])
def test_whole_request_time_is_capped(headers_too):
    """A server answering one byte every 50 ms (for 10 s at most) cannot hold a request past its limit."""
    head = b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 200\r\n\r\n"

    def trickle(conn, srv):
        data = (head if headers_too else b"") + b"[" + b" " * 198 + b"]"
        if not headers_too:
            srv.send(conn, head)
        for i in range(len(data)):
            if srv.stop.is_set():
                return
            srv.send(conn, data[i:i + 1])
            time.sleep(0.05)

    srv = RawServer(trickle)
    try:
        g = raw_geocoder(srv.port, timeout=0.5)
        start = time.monotonic()
        found, warned = caught_warnings(lambda: g.lookup("Maiorsk"))
        took = time.monotonic() - start
    finally:
        srv.close()
    assert found == [] and took < 1.5
    assert len(warned) == 1 and "no complete answer within 0.5 s" in warned[0]
    assert srv.sent < len(head) + 30  # about 10 bytes after the headers: the client hung up at the limit


def test_redirect_off_the_configured_host_is_not_followed(server):
    def redirect(conn, srv):
        srv.send(conn, f"HTTP/1.1 302 Found\r\nLocation: http://127.0.0.1:{server.port}/search?q=Maiorsk"
                       f"&format=json\r\nContent-Length: 0\r\n\r\n".encode())

    srv = RawServer(redirect)
    try:
        found, warned = caught_warnings(lambda: raw_geocoder(srv.port).lookup("Maiorsk"))
    finally:
        srv.close()
    assert found == [] and server.requests == []  # never went to the other server
    assert len(warned) == 1 and f"redirected to another server (http://127.0.0.1:{server.port})" in warned[0]


def test_redirect_on_the_same_host_is_followed(server):
    g = get_source("nominatim", domain=f"127.0.0.1:{server.port}/moved", scheme="http", min_delay_seconds=0,
                   cache=False)
    [c] = g.lookup("Maiorsk")
    assert c.place.name == "Maiorsk"
    assert [r["path"] for r in server.requests] == ["/moved/search", "/search"]


@pytest.mark.parametrize("announce", [False, True])
def test_answer_size_is_capped(announce):
    """A 200 MB answer is refused: announced, before reading; streamed, at the cap."""
    def huge(conn, srv):
        length = f"Content-Length: {200 * 2**20}\r\n" if announce else ""
        srv.send(conn, f"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n{length}\r\n".encode())
        chunk = b"[" + b"0," * 32767
        for _ in range(200 * 16):  # 200 MB at most
            if srv.stop.is_set():
                return
            srv.send(conn, chunk)

    srv = RawServer(huge)
    try:
        g = raw_geocoder(srv.port, max_bytes=2**20)
        found, warned = caught_warnings(lambda: g.lookup("Maiorsk"))
    finally:
        srv.close()
    assert found == [] and len(warned) == 1 and "answer too large" in warned[0]
    assert srv.sent < 20 * 2**20  # the rest was never read


@pytest.mark.parametrize("sent, said", [
    (b"", "closed the connection before answering"),
    (b"HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n[{\"lat\"", "closed the connection in the middle"),
])
def test_closed_connection_is_not_called_a_timeout(sent, said):
    srv = RawServer(lambda conn, s: s.send(conn, sent))
    try:
        found, warned = caught_warnings(lambda: raw_geocoder(srv.port).lookup("Maiorsk"))
    finally:
        srv.close()
    assert found == [] and len(warned) == 1
    assert said in warned[0] and "time" not in warned[0]


def test_http_proxy_from_the_environment_is_used(monkeypatch):
    """As with requests: http_proxy carries the request (the target host is never resolved)."""
    body = json.dumps(NOMINATIM_DATA["maiorsk"]).encode()
    proxy = RawServer(lambda conn, srv: srv.send(
        conn, b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n" % len(body)
        + body))
    monkeypatch.setenv("http_proxy", f"http://127.0.0.1:{proxy.port}")
    monkeypatch.delenv("no_proxy", raising=False)
    monkeypatch.delenv("NO_PROXY", raising=False)
    try:
        g = Nominatim(domain="nominatim.example.invalid", scheme="http", min_delay_seconds=0, cache=False)
        [c] = g.lookup("Maiorsk")
    finally:
        proxy.close()
    assert c.place.lat == 48.3138386
    [request] = proxy.requests
    assert request.startswith(b"GET http://nominatim.example.invalid/search?q=Maiorsk&")


def test_https_servers_are_checked_against_the_ca_bundle(monkeypatch, tmp_path):
    """TLS as requests does it: REQUESTS_CA_BUNDLE trusts a private CA; an unknown one is refused."""
    import trustme

    ca = trustme.CA()
    tls = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ca.issue_cert("127.0.0.1").configure_cert(tls)
    srv = FakeServer(tls=tls)
    for var in ("CURL_CA_BUNDLE", "SSL_CERT_FILE"):
        monkeypatch.delenv(var, raising=False)
    try:
        ca.cert_pem.write_to_path(str(tmp_path / "ca.pem"))
        monkeypatch.setenv("REQUESTS_CA_BUNDLE", str(tmp_path / "ca.pem"))
        g = Nominatim(domain=f"https://127.0.0.1:{srv.port}", min_delay_seconds=0, cache=False)
        assert g.url.startswith("https://") and g.lookup("Maiorsk")[0].place.name == "Maiorsk"
        monkeypatch.delenv("REQUESTS_CA_BUNDLE")  # certifi's bundle does not know this CA
        online.reset_circuit_breakers()
        found, warned = caught_warnings(lambda: g.lookup("Kutuzivka"))
    finally:
        srv.close()
    assert found == [] and len(warned) == 1 and "TLS failed (CERTIFICATE_VERIFY_FAILED)" in warned[0]
    assert len(srv.searches()) == 1


def test_a_slow_name_resolution_counts_in_the_time_limit(monkeypatch):
    """Resolving the server's name is bounded too (a resolver taking 3 s here)."""
    real = socket.getaddrinfo

    def slow(host, *args, **kw):
        if host == "slow-dns.example.invalid":
            time.sleep(3)
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")  # never asks a real resolver
        return real(host, *args, **kw)

    monkeypatch.setattr(socket, "getaddrinfo", slow)
    g = Nominatim(domain="slow-dns.example.invalid", scheme="http", timeout=0.5, min_delay_seconds=0, cache=False)
    start = time.monotonic()
    found, warned = caught_warnings(lambda: g.lookup("Maiorsk"))
    assert found == [] and time.monotonic() - start < 1.5
    assert len(warned) == 1 and "no connection within 0.5 s" in warned[0]
