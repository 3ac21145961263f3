"""The seeds map in headless Chromium, opened from the file system with no network.

Every request outside the map's folder is aborted, so whatever the page shows comes from
the files ``geo map`` wrote (``lib/``, ``articles/``). The tests find Leaflet loaded,
markers, the offline basemap, a popup whose passage link lands highlighted, search by a
spelling ("Kiev" opens Kyiv), the time control changing the markers shown, export, the
view kept in the URL, a phone-sized screen, and no script injected through article text
ever running. Screenshots go to ``tests/artifacts/``.

Needs the Debian ``chromium`` package and the ``playwright`` Python package (never
``playwright install``: the system Chromium is used); skipped, saying why, without them.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import CliRunner

from geo.cli import main
from geo.mapping import write_map
from geo.records import Article, Extraction, Mention

pytestmark = [pytest.mark.browser, pytest.mark.slow]

ROOT = Path(__file__).resolve().parents[1]
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
CHROMIUM = os.environ.get("GEO_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.skip("headless Chromium is missing (apt-get install -y chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.skip("the playwright Python package is missing (pip install playwright)")
    with sync_playwright() as p:
        try:
            b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        except Exception as exc:  # noqa: BLE001 - any launch failure means "cannot test here"
            pytest.skip(f"Chromium does not start: {str(exc).splitlines()[0]}")
        yield b
        b.close()


@pytest.fixture(scope="module")
def seeds_map(tmp_path_factory) -> Path:
    """``geo map seeds`` as a user runs it: real reader, geoparser and gazetteer names."""
    out = tmp_path_factory.mktemp("seedsmap") / "index.html"
    res = CliRunner().invoke(main, ["map", str(ROOT / "seeds"), "-o", str(out), "--title", "Seed articles"],
                             catch_exceptions=False)
    assert res.exit_code == 0, res.output
    return out


def offline_context(browser, folder: Path, **kwargs):
    """A browser context in which every request outside ``folder`` is aborted."""
    ctx = browser.new_context(accept_downloads=True, **kwargs)
    inside = folder.resolve().as_uri() + "/"
    ctx.geo_aborted = []

    def handle(route):
        url = route.request.url
        if url.startswith(inside) or url.startswith(("data:", "blob:")):
            return route.continue_()
        ctx.geo_aborted.append(url)
        return route.abort()

    ctx.route("**/*", handle)
    return ctx


def open_map(ctx, path: Path, hash_: str = ""):
    page = ctx.new_page()
    page.geo_errors, page.geo_dialogs = [], []
    page.on("pageerror", lambda exc: page.geo_errors.append(str(exc)))

    def on_dialog(d):
        page.geo_dialogs.append(d.message)
        d.dismiss()

    page.on("dialog", on_dialog)
    page.goto(path.resolve().as_uri() + hash_, wait_until="load")
    page.wait_for_function("window.GeoMap && window.GeoMap.app && window.GeoMap.app.placesLayer", timeout=15_000)
    page.wait_for_timeout(300)
    return page


def basemap_drawn(page) -> bool:
    """True when the offline outlines' canvas has land (its fill colour) and borders painted."""
    return page.evaluate("""() => {
        const c = document.querySelector('.leaflet-geo-basemap-pane canvas');
        if (!c || !c.width) return false;
        const px = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
        let land = 0, border = 0;
        for (let i = 0; i < px.length; i += 4 * 7) {
            if (px[i + 3] === 0) continue;
            if (px[i] === 0xf6 && px[i + 1] === 0xf4 && px[i + 2] === 0xee) land++; else border++;
        }
        return land > 1000 && border > 100;
    }""")


def shown_markers(page) -> int:
    return page.evaluate("GeoMap.app.placesLayer.getLayers().length")


def click_place(page, kind: str = "city"):
    """Click, with the real mouse, a place marker not covered by another one."""
    page.wait_for_function(
        "[...document.querySelectorAll('path.geo-place')].some(e => e.getBoundingClientRect().width > 0)",
        timeout=15_000)
    point = page.evaluate(
        """(kind) => {
            for (const el of document.querySelectorAll('path.geo-place.geo-kind-' + kind)) {
                const r = el.getBoundingClientRect();
                const x = r.left + r.width / 2, y = r.top + r.height / 2;
                if (r.width > 0 && x > 60 && y > 60 && x < innerWidth - 320 && y < innerHeight - 60
                    && document.elementFromPoint(x, y) === el) { return [x, y]; }
            }
            return null;
        }""",
        kind,
    )
    assert point, f"no clickable {kind} marker"
    page.mouse.click(*point)
    page.wait_for_selector(".leaflet-popup-content .geo-popup", timeout=10_000)


def search(page, text: str):
    box = page.locator(".geo-search input")
    box.fill("")
    box.press_sequentially(text, delay=30)
    page.wait_for_selector(".geo-search li", timeout=5_000)


def test_seeds_map_offline(browser, seeds_map):
    ARTIFACTS.mkdir(exist_ok=True)
    ctx = offline_context(browser, seeds_map.parent, viewport={"width": 1400, "height": 900})
    page = open_map(ctx, seeds_map)

    # Leaflet and the plugins came from lib/, nothing from outside the folder
    assert page.evaluate("typeof L === 'object' && L.version") == "1.9.3"
    assert page.evaluate("typeof L.markerClusterGroup === 'function' && typeof L.heatLayer === 'function'")
    assert not any(u.endswith((".js", ".css")) for u in ctx.geo_aborted), ctx.geo_aborted
    assert page.locator("#geo-status").is_hidden()
    # the markers, and the offline basemap drawn under them
    assert page.locator("path.geo-place").count() + page.locator(".marker-cluster").count() > 0
    assert basemap_drawn(page)
    attribution = page.inner_text(".leaflet-control-attribution")
    assert "Place data © GeoNames (CC BY 4.0)" in attribution and "Natural Earth" in attribution
    # the first view is where the mentions are: Kharkiv and Kyiv in view, not the world
    assert page.evaluate("GeoMap.app.map.getBounds().contains([49.98, 36.25])")
    assert page.evaluate("GeoMap.app.map.getZoom()") >= 4
    # online tiles unreachable: said on the page, no broken tiles
    page.wait_for_function("document.querySelector('.geo-notes') && "
                           "document.body.innerText.includes('Online tiles are unreachable')", timeout=10_000)
    assert page.locator("img.leaflet-tile").count() == 0
    page.screenshot(path=str(ARTIFACTS / "map-desktop.png"))

    # a popup opened with the mouse, and its passage link landing on the highlighted mention
    page.evaluate("void GeoMap.app.map.setView([49.99, 36.25], 9, {animate: false})")
    page.wait_for_timeout(600)
    click_place(page)
    popup = page.locator(".leaflet-popup-content .geo-popup")
    assert popup.locator(".geo-name").inner_text()
    link = popup.locator("a.geo-go").first
    href = link.get_attribute("href")
    m = re.fullmatch(r"articles/([A-Za-z0-9_-]+)\.html#m-(\d+)", href)
    assert m, href
    mention = link.locator("xpath=..").locator("mark").inner_text()
    page.wait_for_timeout(300)
    page.screenshot(path=str(ARTIFACTS / "popup.png"))
    with ctx.expect_page() as opened:
        link.click()
    article = opened.value
    article.wait_for_load_state("load")
    target = article.evaluate(
        """(id) => { const el = document.getElementById(id);
                     return el && [el.tagName, el.textContent, el.matches(':target'),
                                   getComputedStyle(el).backgroundColor]; }""",
        f"m-{m.group(2)}",
    )
    assert target[:3] == ["MARK", mention, True]
    assert target[3] == "rgb(255, 179, 71)"  # the :target highlight
    article.screenshot(path=str(ARTIFACTS / "article.png"))
    article.close()

    # search by a spelling an article used opens that place's popup
    page.keyboard.press("Escape")
    page.evaluate("GeoMap.app.fitWorld()")
    search(page, "Kiev")
    first = page.locator(".geo-search li").first
    assert first.inner_text().startswith("Kyiv")
    first.click()
    page.wait_for_function("document.querySelector('.leaflet-popup-content .geo-name') && "
                           "document.querySelector('.leaflet-popup-content .geo-name').textContent === 'Kyiv'",
                           timeout=5_000)
    assert "Kiev" in page.inner_text(".leaflet-popup-content .geo-spell")
    # ... and by a name only the gazetteer knows, with a message when nothing matches
    search(page, "Kijev")
    assert page.locator(".geo-search li").first.inner_text().startswith("Kyiv")
    search(page, "Qwxyzzy")
    assert page.inner_text(".geo-search li.geo-nomatch") == "No place matches “Qwxyzzy”"
    page.locator(".geo-search input").fill("")

    # the time control changes the markers shown
    page.evaluate("GeoMap.app.fitWorld()")
    all_places = shown_markers(page)
    dates = page.evaluate("GeoMap.app.dates")
    assert len(dates) >= 2 and all(re.fullmatch(r"\d{4}-\d{2}-\d{2}", d) for d in dates)
    page.locator(".geo-undated").uncheck()
    dated = shown_markers(page)
    assert 0 < dated < all_places
    page.locator(".geo-from").fill(str(len(dates) - 1))
    last_day = shown_markers(page)
    assert 0 < last_day < dated
    assert page.evaluate("GeoMap.app.state.from") == dates[-1]
    page.wait_for_timeout(300)
    page.screenshot(path=str(ARTIFACTS / "map-time.png"))
    # playback: a one-day window on the first day steps to the next
    page.locator(".geo-to").fill("0")
    assert page.evaluate("[GeoMap.app.state.from, GeoMap.app.state.to]") == [dates[0], dates[0]]
    page.locator(".geo-play").click()
    page.wait_for_function(f"GeoMap.app.state.from === '{dates[1]}'", timeout=5_000)
    page.wait_for_function(f"GeoMap.app.state.from === '{dates[-1]}'", timeout=5_000 * len(dates))
    assert shown_markers(page) == last_day

    # the view and the filters are in the URL: a link reopens them
    url = page.url
    assert f"from={dates[-1]}" in url and "undated=0" in url
    again = open_map(ctx, seeds_map, "#" + url.split("#", 1)[1])
    assert shown_markers(again) == last_day
    assert not again.locator(".geo-undated").is_checked()

    # export of the places shown
    with page.expect_download() as dl:
        page.locator(".geo-csv").click()
    rows = list(csv.DictReader(io.StringIO(Path(dl.value.path()).read_text(encoding="utf-8"))))
    assert len(rows) == page.evaluate("GeoMap.app.visible.length") and rows[0]["name"] and rows[0]["lat"]
    with page.expect_download() as dl:
        page.locator(".geo-geojson").click()
    fc = json.loads(Path(dl.value.path()).read_text(encoding="utf-8"))
    assert len(fc["features"]) == len(rows)

    # kind filter: no countries
    page.locator(".geo-kinds input[value=country]").uncheck()
    assert shown_markers(page) <= last_day
    assert not page.geo_errors and not page.geo_dialogs, (page.geo_errors, page.geo_dialogs)
    assert not again.geo_errors
    ctx.close()


def test_seeds_map_on_a_phone(browser, seeds_map):
    ARTIFACTS.mkdir(exist_ok=True)
    ctx = offline_context(browser, seeds_map.parent, viewport={"width": 390, "height": 844}, is_mobile=True,
                          has_touch=True, device_scale_factor=2)
    page = open_map(ctx, seeds_map)
    # the legend starts collapsed
    assert page.evaluate("document.getElementById('geo-legend').open") is False
    legend = page.locator("#geo-legend").bounding_box()
    assert legend["width"] < 390 / 2 + 60
    page.screenshot(path=str(ARTIFACTS / "map-phone.png"))
    search(page, "Kiev")
    page.locator(".geo-search li").first.click()
    page.wait_for_selector(".leaflet-popup-content .geo-popup", timeout=5_000)
    page.wait_for_timeout(400)
    box = page.locator(".leaflet-popup").bounding_box()
    close = page.locator(".leaflet-popup-close-button").bounding_box()
    assert box["width"] <= 390 and box["x"] >= 0 and box["x"] + box["width"] <= 390, box
    assert 0 <= close["x"] and close["x"] + close["width"] <= 390, close
    page.screenshot(path=str(ARTIFACTS / "popup-phone.png"))
    page.keyboard.press("Escape")
    page.locator("#geo-legend summary").click()
    page.locator(".leaflet-control-layers").hover()
    page.wait_for_timeout(300)
    layers = page.locator(".leaflet-control-layers-list").bounding_box()
    assert layers["height"] <= 844 * 0.5
    page.screenshot(path=str(ARTIFACTS / "legend-phone.png"))
    assert not page.geo_errors, page.geo_errors
    ctx.close()


def test_missing_lib_says_so(browser, seed_extraction_list, tmp_path):
    out = write_map(seed_extraction_list[:1], tmp_path / "index.html")
    ctx = offline_context(browser, tmp_path, viewport={"width": 1000, "height": 700})
    page = ctx.new_page()
    (tmp_path / "lib" / "geo" / "search.js").unlink()
    page.goto(out.resolve().as_uri(), wait_until="load")
    status = page.locator("#geo-status")
    assert status.is_visible() and "lib/geo/search.js is missing" in status.inner_text()
    shutil.rmtree(tmp_path / "lib")
    page.goto(out.resolve().as_uri(), wait_until="load")
    assert status.is_visible() and "the lib/ folder written next to this page is missing" in status.inner_text()
    ctx.close()


def test_hostile_article_runs_no_script(browser, seed_extraction_list, tmp_path):
    xss = "<script>alert(1)</script>"
    img = "<img src=x onerror=alert(1)>"
    base = seed_extraction_list[3]
    text = f"{xss} {img}\n" + base.article.text
    shift = len(text) - len(base.article.text)
    hostile = Extraction(
        Article(id="evil.txt", text=text, title=f"{xss}{img}", date=img, url="javascript:alert(1)"),
        tuple(replace(mm, start=mm.start + shift, end=mm.end + shift) for mm in base.mentions),
    )
    spoof = replace(base.mentions[0].place, geonameid=0, name=f"Evil {img}", source="csv", source_id="1")
    formula = replace(spoof, name="=HYPERLINK(\"http://x\")", source_id="2")
    evil_place = Extraction(Article(id="p", text=f"At {img} =HYPERLINK(\"http://x\")", title=img),
                            (Mention(3, 3 + len(img), img, spoof), Mention(4 + len(img), 5 + len(img) + 22,
                                                                           "=HYPERLINK(\"http://x\")", formula)))
    write_map([hostile, evil_place], tmp_path / "index.html", title=f"{xss}{img}")
    ctx = offline_context(browser, tmp_path, viewport={"width": 1280, "height": 900})
    # hostile URL state: ignored, never put in the page
    page = open_map(ctx, tmp_path / "index.html",
                    f"#map=3/{img}/1&sel=a:1<img src=x onerror=alert(2)>&from=<b>&kinds=<svg onload=alert(3)>")
    assert page.title() == f"{xss}{img}"
    assert page.locator("#geo-legend h4").inner_text() == f"{xss}{img}"
    assert page.evaluate("GeoMap.app.state.sel") == ""

    # the article menu, the search list and every popup show the text as text
    page.locator(".leaflet-control-layers").hover()
    search(page, "Evil")
    tip = page.locator(".geo-search li").first
    assert tip.inner_text().startswith(f"Evil {img}")
    tip.click()
    page.wait_for_selector(".leaflet-popup-content .geo-popup", timeout=5_000)
    assert page.inner_text(".leaflet-popup-content .geo-name") == f"Evil {img}"
    page.keyboard.press("Escape")
    search(page, "Kharkiv")
    page.locator(".geo-search li").first.click()
    page.wait_for_selector(".leaflet-popup-content .geo-popup", timeout=5_000)
    links = page.locator(".leaflet-popup-content a")
    hrefs = [links.nth(i).get_attribute("href") for i in range(links.count())]
    assert hrefs and all(h.startswith("articles/") for h in hrefs), hrefs
    with ctx.expect_page() as opened:
        page.locator(".leaflet-popup-content a.geo-go").first.click()
    art = opened.value
    art.on("dialog", lambda d: (page.geo_dialogs.append(d.message), d.dismiss()))
    art.wait_for_load_state("load")
    assert xss in art.inner_text("article")
    assert art.evaluate("document.querySelectorAll('img, script').length") == 0

    # export: names stay text, a formula is defused for spreadsheets
    with page.expect_download() as dl:
        page.locator(".geo-csv").click()
    rows = list(csv.DictReader(io.StringIO(Path(dl.value.path()).read_text(encoding="utf-8"))))
    names = {r["name"] for r in rows}
    assert f"Evil {img}" in names and "'=HYPERLINK(\"http://x\")" in names
    with page.expect_download() as dl:
        page.locator(".geo-geojson").click()
    fc = json.loads(Path(dl.value.path()).read_text(encoding="utf-8"))
    assert f"Evil {img}" in {f["properties"]["name"] for f in fc["features"]}
    page.wait_for_timeout(300)
    page.screenshot(path=str(ARTIFACTS / "hostile.png"))
    assert page.geo_dialogs == [] and page.geo_errors == [], (page.geo_dialogs, page.geo_errors)
    assert page.evaluate("document.querySelectorAll('img[src=\"x\"], svg[onload]').length") == 0
    ctx.close()
