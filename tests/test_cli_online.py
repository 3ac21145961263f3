"""`--online` on the lookup, extract and map commands, against a real HTTP server on
127.0.0.1 that speaks the Nominatim search API (no test touches the internet)."""

from __future__ import annotations

import http.server
import json
import threading
from urllib.parse import parse_qs, urlparse

import pytest
from click.testing import CliRunner

from geo.cli import main

MAIORSK = {"place_id": 7, "osm_type": "node", "osm_id": 337, "lat": "48.3711", "lon": "37.9522",
           "display_name": "Maiorsk, Donetsk Oblast, Ukraine", "class": "place", "type": "village",
           "importance": 0.35, "address": {"country_code": "ua", "state": "Donetsk Oblast"}}


def _local_nominatim(monkeypatch, tmp_path, tiny_gazetteer, answer):
    """Serve ``answer(query parameters)`` as JSON on 127.0.0.1 and point geo's Nominatim at it.

    The commands run on the tiny real gazetteer of tests/conftest.py; the geocoder's
    answers are cached in tmp_path. Returns the server; the caller shuts it down.
    """
    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            body = json.dumps(answer(parse_qs(urlparse(self.path).query))).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    monkeypatch.setenv("GEO_GAZETTEER", str(tiny_gazetteer.path.parent))
    monkeypatch.setenv("GEO_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("GEO_NOMINATIM_URL", f"127.0.0.1:{server.server_address[1]}")
    from geo.sources.online import reset_circuit_breakers

    reset_circuit_breakers()
    return server


@pytest.fixture()
def nominatim(monkeypatch, tmp_path, tiny_gazetteer):
    """A local Nominatim that knows Maiorsk; the geocoder cache goes to tmp_path."""
    seen = []

    def answer(q):
        seen.append(q)
        return [MAIORSK] if q.get("q") == ["Maiorsk"] else []

    server = _local_nominatim(monkeypatch, tmp_path, tiny_gazetteer, answer)
    yield seen
    server.shutdown()


def test_lookup_online_only_for_names_the_gazetteer_lacks(nominatim):
    result = CliRunner().invoke(main, ["lookup", "--online", "Maiorsk", "Kharkiv", "--json"])
    assert result.exit_code == 0, result.output
    maiorsk, kharkiv = (json.loads(line) for line in result.stdout.splitlines())
    assert maiorsk["best"]["match"] == "online:nominatim"
    assert (maiorsk["best"]["lat"], maiorsk["best"]["lon"]) == (48.3711, 37.9522)
    assert kharkiv["best"]["geonameid"] == 706483
    assert [q["q"] for q in nominatim] == [["Maiorsk"]]  # Kharkiv never left the machine
    again = CliRunner().invoke(main, ["lookup", "--online", "nominatim", "Maiorsk", "--json"])
    assert json.loads(again.stdout)["best"]["source"] == "nominatim"
    assert len(nominatim) == 1  # the second run was answered from the cache


def test_extract_online_finds_the_village_with_the_articles_country(nominatim, tmp_path):
    article = tmp_path / "a.txt"
    article.write_text("Heavy fighting in the areas of Bakhmut, Soledar, and Maiorsk.", encoding="utf-8")
    result = CliRunner().invoke(main, ["extract", "--online", str(article)])
    assert result.exit_code == 0, result.output
    mentions = {m["text"]: m for m in json.loads(result.stdout)["mentions"]}
    assert mentions["Maiorsk"]["match"] == "online:nominatim"
    assert mentions["Bakhmut"]["place"]["geonameid"] == 713174
    assert nominatim[0]["countrycodes"] == ["ua"]  # the article's focus biases the query


def test_map_online_credits_openstreetmap(nominatim, tmp_path):
    article = tmp_path / "a.txt"
    article.write_text("Heavy fighting in the areas of Bakhmut, Soledar, and Maiorsk.", encoding="utf-8")
    out = tmp_path / "map" / "index.html"
    result = CliRunner().invoke(main, ["map", str(article), "--online", "nominatim", "-o", str(out)])
    assert result.exit_code == 0, result.output
    html = out.read_text(encoding="utf-8")
    assert "Maiorsk" in html and "ODbL" in html and "GeoNames (CC BY 4.0)" in html
    offline = tmp_path / "offline" / "index.html"
    assert CliRunner().invoke(main, ["map", str(article), "-o", str(offline)]).exit_code == 0
    assert "ODbL" not in offline.read_text(encoding="utf-8")  # credited only when its places are drawn


@pytest.fixture()
def bad_nominatim(monkeypatch, tmp_path, tiny_gazetteer):
    """A local Nominatim whose answer about Maiorsk is valid JSON of the wrong shape."""
    server = _local_nominatim(monkeypatch, tmp_path, tiny_gazetteer,
                              lambda q: {"error": "Unable to geocode"} if q.get("q") == ["Maiorsk"] else [])
    yield server.server_address[1]
    server.shutdown()


def test_bad_answer_keeps_the_offline_work_and_warns_in_one_line(bad_nominatim, tmp_path):
    article = tmp_path / "a.txt"
    article.write_text("Heavy fighting in the areas of Bakhmut, Soledar, and Maiorsk.", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    result = CliRunner().invoke(main, ["extract", "--online", str(article), "-o", str(out)])
    assert result.exit_code == 0, result.output
    mentions = {m["text"] for m in json.loads(out.read_text(encoding="utf-8"))["mentions"]}
    assert "Bakhmut" in mentions and "Maiorsk" not in mentions
    [line] = [x for x in result.stderr.splitlines() if "nominatim" in x]
    assert line.startswith("geo: nominatim gave an unusable answer about 'Maiorsk' (wrong shape")
    assert line.endswith("left unresolved")
    assert "Warning" not in result.stderr and "warn(" not in result.stderr


def test_online_warnings_print_one_geo_line_each(monkeypatch, tmp_path, tiny_gazetteer):
    import socket

    with socket.socket() as s:  # a port where nothing listens
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    monkeypatch.setenv("GEO_GAZETTEER", str(tiny_gazetteer.path.parent))
    monkeypatch.setenv("GEO_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("GEO_NOMINATIM_URL", f"127.0.0.1:{port}")
    from geo.sources.online import reset_circuit_breakers

    reset_circuit_breakers()
    result = CliRunner().invoke(main, ["lookup", "--online", "Maiorsk", "Zzyzxovka", "Kharkiv", "--json"])
    assert result.exit_code == 1  # two names unknown
    assert result.stderr.splitlines() == [
        f"geo: online geocoding with nominatim at http://127.0.0.1:{port} failed (cannot connect "
        "(Connection refused)); no more requests will be sent to it in this run"]
    assert json.loads(result.stdout.splitlines()[2])["best"]["geonameid"] == 706483


def test_a_new_geocoder_is_one_class_and_one_registry_line(monkeypatch, tmp_path, tiny_gazetteer):
    """The CLI takes its geocoders from geo.sources: a service registered there works with --online."""
    import sys
    import types

    import geo.sources
    from geo.records import Candidate, Place
    from geo.sources.http import BadAnswer
    from geo.sources.online import OnlineGeocoder, reset_circuit_breakers, valid_point

    class Gazette(OnlineGeocoder):
        """A service answering {"results": [{"title", "y", "x"}]} at /find."""

        name = "gazette"
        attribution = "Gazette data"
        default_domain = "gazette.invalid"
        path = "/find"
        env_url = "GEO_GAZETTE_URL"

        def request(self, query, country, limit):
            return {"name": query, "max": limit}

        def parse(self, answer, query, country):
            if not isinstance(answer, dict) or not isinstance(answer.get("results"), list):
                raise BadAnswer("answer of the wrong shape")
            out = []
            for r in answer["results"]:
                point = valid_point(r.get("y"), r.get("x"))
                if point:
                    out.append(Candidate(Place(0, r["title"], *point, source=self.name, source_id=str(r["id"])),
                                         query, f"online:{self.name}", 0.4))
            return out

    seen = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            url = urlparse(self.path)
            seen.append((url.path, parse_qs(url.query)))
            body = json.dumps({"results": [{"id": 9, "title": "Maiorsk", "y": 48.3711, "x": 37.9522}]}).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        module = types.ModuleType("gazette_service")
        module.Gazette = Gazette
        monkeypatch.setitem(sys.modules, "gazette_service", module)
        monkeypatch.setitem(geo.sources._REGISTRY, "gazette", ("gazette_service:Gazette", "online"))
        monkeypatch.setenv("GEO_GAZETTE_URL", f"127.0.0.1:{server.server_address[1]}")
        monkeypatch.setenv("GEO_GAZETTEER", str(tiny_gazetteer.path.parent))
        monkeypatch.setenv("GEO_CACHE_DIR", str(tmp_path / "cache"))
        reset_circuit_breakers()
        result = CliRunner().invoke(main, ["lookup", "--online", "gazette", "Maiorsk", "--json"])
    finally:
        server.shutdown()
    assert result.exit_code == 0, result.output
    best = json.loads(result.stdout)["best"]
    assert (best["match"], best["source"], best["lat"]) == ("online:gazette", "gazette", 48.3711)
    assert seen == [("/find", {"name": ["Maiorsk"], "max": ["5"]})]
    place = Place(0, "Maiorsk", 48.3711, 37.9522, source="gazette")
    assert [c.text for c in geo.sources.attribution_for([place])] == ["Gazette data"]
