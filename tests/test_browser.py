"""The seeds map in headless Chromium: markers drawn, a popup opened, its link followed to
the highlighted passage, and no script injected through article text ever runs.

Needs the Debian ``chromium`` package, the ``playwright`` Python package (never
``playwright install``: the system Chromium is used) and ``npm`` to fetch Leaflet and
its plugins once into ``.cache/browser-assets`` (or ``$GEO_BROWSER_ASSETS``). The map's
CDN requests are answered from those files; every other external request (tiles) gets
a blank PNG or is aborted, so the test runs offline once the assets are cached.
Screenshots go to ``tests/artifacts/``.
"""

from __future__ import annotations

import functools
import http.server
import os
import re
import shutil
import subprocess
import threading
from dataclasses import replace
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from geo.mapping import write_map
from geo.records import Article, Extraction, Mention

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[1]
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
ASSETS = Path(os.environ.get("GEO_BROWSER_ASSETS") or ROOT / ".cache" / "browser-assets")
CHROMIUM = os.environ.get("GEO_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]

#: npm packages holding the files folium's CDN URLs point at (versions as folium 0.20 pins).
NPM_PACKAGES = ["leaflet@1.9.3", "leaflet.markercluster@1.1.0", "leaflet-search@2.9.7",
                "leaflet.heat@0.2.0", "jquery@3.7.1", "bootstrap@5.2.2"]

#: A 1x1 transparent PNG for map tiles and any other image.
BLANK_PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)


def _assets() -> Path:
    mods = ASSETS / "node_modules"
    if all((mods / p.rsplit("@", 1)[0] / "package.json").is_file() for p in NPM_PACKAGES):
        return mods
    npm = shutil.which("npm")
    if npm is None:
        pytest.skip("npm is missing: cannot fetch Leaflet and its plugins (apt-get install -y npm)")
    ASSETS.mkdir(parents=True, exist_ok=True)
    try:
        subprocess.run([npm, "install", "--prefix", str(ASSETS), "--no-audit", "--no-fund", "--silent",
                        *NPM_PACKAGES], check=True, capture_output=True, timeout=300)
    except (subprocess.SubprocessError, OSError) as exc:
        pytest.skip(f"npm install of the map's JS assets failed: {exc}")
    return mods


def _local_asset(url: str, mods: Path) -> Path | None:
    """Map a CDN URL folium uses to the file of the npm package that holds it."""
    u = urlsplit(url)
    path = u.path
    if u.hostname == "cdn.jsdelivr.net" and path.endswith("/leaflet_heat.min.js"):
        return mods / "leaflet.heat" / "dist" / "leaflet-heat.js"
    m = re.match(r"/npm/((?:@[^/]+/)?[^@/]+)@[^/]+/(.+)", path)
    if u.hostname == "cdn.jsdelivr.net" and m:
        return mods / m.group(1) / m.group(2)
    m = re.match(r"/ajax/libs/leaflet\.markercluster/[^/]+/(.+)", path)
    if u.hostname == "cdnjs.cloudflare.com" and m:
        return mods / "leaflet.markercluster" / "dist" / m.group(1)
    m = re.match(r"/jquery-([\d.]+)(\.min)?\.js", path)
    if u.hostname == "code.jquery.com" and m:
        return mods / "jquery" / "dist" / f"jquery{m.group(2) or ''}.js"
    return None


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.skip("headless Chromium is missing (apt-get install -y chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.skip("the playwright Python package is missing (pip install playwright)")
    mods = _assets()
    with sync_playwright() as p:
        try:
            b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        except Exception as exc:  # noqa: BLE001 - any launch failure means "cannot test here"
            pytest.skip(f"Chromium does not start: {str(exc).splitlines()[0]}")
        b.geo_assets = mods
        yield b
        b.close()


@pytest.fixture()
def serve(tmp_path):
    """Serve ``tmp_path`` over http on localhost; return its origin."""
    handler = functools.partial(_QuietHandler, directory=str(tmp_path))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture()
def context(browser, serve):
    ctx = browser.new_context(viewport={"width": 1280, "height": 900})
    served, stubbed = [], []

    def handle(route):
        url = route.request.url
        if url.startswith(serve + "/"):
            return route.continue_()
        local = _local_asset(url, browser.geo_assets)
        if local is not None and local.is_file():
            served.append(url)
            ctype = "text/css" if local.suffix == ".css" else (
                "image/png" if local.suffix == ".png" else "application/javascript")
            return route.fulfill(status=200, body=local.read_bytes(), content_type=ctype)
        stubbed.append(url)
        path = urlsplit(url).path
        if path.endswith(".css"):
            return route.fulfill(status=200, body="", content_type="text/css")
        if path.endswith(".js"):
            return route.fulfill(status=200, body="", content_type="application/javascript")
        if re.search(r"\.(png|jpe?g|gif|webp)$", path) or "{z}" in url or "/tiles/" in path \
                or "basemaps" in url or "tile" in url:
            return route.fulfill(status=200, body=BLANK_PNG, content_type="image/png")
        return route.abort()

    ctx.route("**/*", handle)
    ctx.geo_served, ctx.geo_stubbed = served, stubbed
    yield ctx
    ctx.close()


def _watch(page, dialogs: list, errors: list):
    def on_dialog(d):
        dialogs.append(d.message)
        d.dismiss()

    page.on("dialog", on_dialog)
    page.on("pageerror", lambda exc: errors.append(str(exc)))


def _click_place(page, kind: str = "city"):
    """Click, with the real mouse, a place marker not covered by another one."""
    page.wait_for_function(
        "[...document.querySelectorAll('path.geo-place')].some(e => e.getBoundingClientRect().width > 0)",
        timeout=15_000)
    point = page.evaluate(
        """(kind) => {
            for (const el of document.querySelectorAll('path.geo-place.geo-kind-' + kind)) {
                const r = el.getBoundingClientRect();
                const x = r.left + r.width / 2, y = r.top + r.height / 2;
                if (r.width > 0 && x > 60 && y > 60 && x < innerWidth - 60 && y < innerHeight - 60
                    && document.elementFromPoint(x, y) === el) { return [x, y]; }
            }
            return null;
        }""",
        kind,
    )
    assert point, f"no clickable {kind} marker"
    page.mouse.click(*point)
    page.wait_for_selector(".leaflet-popup-content .geo-popup", timeout=10_000)


@pytest.fixture(scope="module")
def real_seed_extractions(seeds_dir):
    """The seed articles through the real reader and geoparser, as `geo map seeds` does."""
    from geo.mapping import read_map_inputs

    return list(read_map_inputs([seeds_dir]))


def test_seeds_map_popup_links_to_highlighted_mention(context, serve, real_seed_extractions, tmp_path):
    seed_extraction_list = real_seed_extractions
    write_map(seed_extraction_list, tmp_path / "index.html", title="Seed articles")
    ARTIFACTS.mkdir(exist_ok=True)
    page = context.new_page()
    dialogs, errors = [], []
    _watch(page, dialogs, errors)
    page.goto(f"{serve}/index.html", wait_until="load")
    page.wait_for_function("document.querySelectorAll('path.geo-place, .marker-cluster').length > 0",
                           timeout=15_000)

    # the Leaflet assets came from the local npm packages, nothing external was needed
    served = " ".join(context.geo_served)
    for asset in ("leaflet.js", "leaflet.markercluster.js", "leaflet-search.min.js", "leaflet_heat.min.js"):
        assert asset in served, asset
    markers = page.locator("path.geo-place").count() + page.locator(".marker-cluster").count()
    assert markers > 0
    assert "Place data © GeoNames (CC BY 4.0)" in page.inner_text(".leaflet-control-attribution")
    assert page.locator(".leaflet-control-search input").count() == 1
    assert page.locator(".leaflet-control-layers").count() == 1
    page.screenshot(path=str(ARTIFACTS / "map.png"))

    # The seeds span Ukraine to Washington: zoom to Kharkiv, as a reader would, so that
    # city markers leave their clusters.
    page.evaluate("""() => { const k = Object.keys(window).find(k => /^map_[0-9a-f]+$/.test(k));
                             window[k].setView([49.99, 36.25], 9, {animate: false}); }""")
    page.wait_for_timeout(800)
    _click_place(page)
    popup = page.locator(".leaflet-popup-content .geo-popup")
    name = popup.locator(".geo-name").inner_text()
    assert name in {p.name for ex in seed_extraction_list for p in (m.place for m in ex.mentions)}
    link = popup.locator("a.geo-go").first
    href = link.get_attribute("href")
    m = re.fullmatch(r"articles/([A-Za-z0-9_-]+)\.html#m-(\d+)", href)
    assert m, href
    mention = link.locator("xpath=..").locator("mark").inner_text()
    page.wait_for_timeout(400)  # popup fade-in
    page.screenshot(path=str(ARTIFACTS / "popup.png"))

    with context.expect_page() as opened:
        link.click()
    article = opened.value
    article.wait_for_load_state("load")
    assert article.evaluate("location.hash") == f"#m-{m.group(2)}"
    target = article.evaluate(
        """(id) => { const el = document.getElementById(id);
                     return el && [el.tagName, el.textContent, el.matches(':target')]; }""",
        f"m-{m.group(2)}",
    )
    assert target == ["MARK", mention, True]
    start = int(m.group(2))
    ex = next(ex for ex in seed_extraction_list if any(x.start == start and x.text == mention for x in ex.mentions))
    assert ex.article.text[start:start + len(mention)] == mention
    article.screenshot(path=str(ARTIFACTS / "article.png"))
    assert not dialogs and not errors, (dialogs, errors)


def test_hostile_article_runs_no_script(context, serve, seed_extraction_list, tmp_path):
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
    evil_place = Extraction(Article(id="p", text=f"At {img}", title=img),
                            (Mention(3, 3 + len(img), img, spoof),))
    write_map([hostile, evil_place], tmp_path / "index.html", title=f"{xss}{img}")
    page = context.new_page()
    dialogs, errors = [], []
    _watch(page, dialogs, errors)
    page.goto(f"{serve}/index.html", wait_until="load")
    page.wait_for_selector("path.geo-place, .marker-cluster", timeout=15_000)
    assert page.title() == f"{xss}{img}"
    assert page.locator("#geo-legend h4").inner_text() == f"{xss}{img}"

    # open every place's popup, show the layer names, and let search list the evil name
    page.evaluate("""() => { for (const el of document.querySelectorAll('.leaflet-control-layers'))
                               el.classList.add('leaflet-control-layers-expanded'); }""")
    page.locator(".leaflet-control-search input").press_sequentially("Evil", delay=40)
    page.wait_for_selector(".search-tooltip .search-tip", timeout=5_000)
    tips = page.locator(".search-tooltip .search-tip")
    assert tips.count() >= 1 and tips.first.inner_text() == f"Evil {img}"
    _click_place(page)
    links = page.locator(".leaflet-popup-content a")
    hrefs = [links.nth(i).get_attribute("href") for i in range(links.count())]
    assert hrefs and all(h.startswith("articles/") for h in hrefs), hrefs
    with context.expect_page() as opened:
        page.locator(".leaflet-popup-content a.geo-go").first.click()
    art = opened.value
    art.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    art.wait_for_load_state("load")
    assert xss in art.inner_text("article")
    page.wait_for_timeout(500)
    page.screenshot(path=str(ARTIFACTS / "hostile.png"))
    assert dialogs == [], dialogs
    assert page.evaluate("document.querySelectorAll('img[src=\"x\"], script:not([src])').length") <= \
        page.evaluate("document.querySelectorAll('script:not([src])').length")
    assert page.evaluate("document.querySelectorAll('img[src=\"x\"]').length") == 0
    assert art.evaluate("document.querySelectorAll('img, script').length") == 0
