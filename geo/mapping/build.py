"""Building the map page: the data block, the layers, the assets and the files written.

The page is one HTML file (``geo/templates/map.html``) holding a compact JSON data block
(places, articles, layers); geo's script (``static/geo-map.js``) draws the map from it in
the browser, and builds each popup only when it is opened. Leaflet and the plugins are
loaded from ``lib/`` next to the map, or inlined with ``self_contained=True``.
"""

from __future__ import annotations

import contextlib
import gc
import math
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from geo.dates import article_date
from geo.errors import DataError, GeoError, InputError
from geo.mapping import assets as _assets
from geo.mapping.aggregate import (
    KIND_STYLES,
    MINOR_KINDS,
    OTHER_STYLE,
    ArticleInfo,
    PlaceAgg,
    collect,
    radius,
    snippet,
    span_ok,
)
from geo.mapping.areas import area_filter
from geo.mapping.credits import place_credits
from geo.mapping.layers import MapContext, default_layers
from geo.mapping.layers.tiles import resolve_tiles
from geo.mapping.pages import ARTICLE_LINKS, article_page, article_title, assign_pages, links, stale_pages
from geo.mapping.safety import clip, js_json
from geo.mapping.templates import env
from geo.output import write_files_atomically
from geo.records import Extraction, Place

__all__ = ["MapBuild", "build_map", "make_map", "write_map"]

#: Popups list at most this many articles, and this many passages per article.
MAX_POPUP_ARTICLES = 100
MAX_POPUP_SNIPPETS = 3
#: Search knows at most this many other names of a place (besides the spellings used).
MAX_OTHER_NAMES = 100
#: Articles are grouped by day in the article menu, by month past this many days.
MAX_DATE_GROUPS = 60


def _where(p: Place) -> str:
    return ", ".join(x for x in (p.admin1, p.country_code) if x)


def _source(info: ArticleInfo) -> str:
    """Return the article's source: its URL's host, else the folder of its file."""
    if info.url:
        from urllib.parse import urlsplit

        host = urlsplit(info.url).hostname or ""
        return host.removeprefix("www.")
    path = info.article.path or ""
    if path:
        return Path(path).parent.name or Path(path).name
    return ""


def _other_names(names: Callable[[Place], Iterable[str]] | None, p: Place, known: set[str]) -> list[str]:
    if names is None:
        return []
    import unicodedata

    out, seen = [], {k.casefold() for k in known}
    try:
        candidates = list(names(p))
    except (LookupError, ValueError, OSError):
        return []
    for n in candidates:
        n = clip(str(n), 80)
        key = n.casefold()
        # Latin and Cyrillic names are the ones the articles' readers type
        if not n or key in seen or not all(
                not c.isalpha() or unicodedata.name(c, "").startswith(("LATIN", "CYRILLIC")) for c in n):
            continue
        seen.add(key)
        out.append(n)
        if len(out) >= MAX_OTHER_NAMES:
            break
    return out


def _weighted_bounds(aggs: list[PlaceAgg], share: float = 0.7) -> list[list[float]] | None:
    """Return the bounds of the fewest places around the mention-weighted median holding ``share`` of mentions.

    Countries and provinces are left out when there are other places: their centroids
    say little about where the news happens.

    Examples
    --------
    >>> from geo.records import Place
    >>> def agg(lat, lon, n):
    ...     return PlaceAgg(("name", lat, lon), Place(0, "x", lat, lon), count=n)
    >>> _weighted_bounds([agg(50, 30, 5), agg(49, 36, 5), agg(48, 38, 4), agg(38.9, -77, 1)])
    [[48, 30], [50, 38]]
    """
    pts = [g for g in aggs if g.place.feature not in MINOR_KINDS] or aggs
    if not pts:
        return None

    def median(values: list[tuple[float, int]]) -> float:
        values = sorted(values)
        half, acc = sum(w for _, w in values) / 2, 0
        for v, w in values:
            acc += w
            if acc >= half:
                return v
        return values[-1][0]

    lat = median([(g.place.lat, g.count) for g in pts])
    lon = median([(g.place.lon, g.count) for g in pts])
    coslat = math.cos(math.radians(lat))
    near = sorted(pts, key=lambda g: (g.place.lat - lat) ** 2 + ((g.place.lon - lon) * coslat) ** 2)
    total, acc, keep = sum(g.count for g in pts), 0, []
    for g in near:
        keep.append(g)
        acc += g.count
        if acc >= share * total:
            break
    lats = [g.place.lat for g in keep]
    lons = [g.place.lon for g in keep]
    return [[round(min(lats), 4), round(min(lons), 4)], [round(max(lats), 4), round(max(lons), 4)]]


def _date_groups(arts: list[ArticleInfo], dates: list) -> list[dict]:
    """Articles by real (ISO) day, by month when there are many days; undated last."""
    by: dict[str, list[int]] = {}
    for info in arts:
        if info.kept:
            d = dates[info.index]
            by.setdefault(d.iso if d.known else "", []).append(info.index)
    if len([k for k in by if k]) > MAX_DATE_GROUPS:
        months: dict[str, list[int]] = {}
        for k, items in by.items():
            months.setdefault(k[:7], []).extend(items)
        by = months
    out = []
    for key in sorted(by, key=lambda k: (k == "", k)):
        n = len(by[key])
        label = key or "date unknown"
        out.append({"label": f"{label} ({n} article{'s' if n != 1 else ''})", "articles": by[key]})
    return out


def _page_data(title: str, aggs: list[PlaceAgg], arts: list[ArticleInfo], article_links: str,
               names: Callable[[Place], Iterable[str]] | None, ctx: MapContext) -> dict[str, Any]:
    """Return the page's data block: articles, places (popup content included), layers, view.

    Short keys keep 10,000 places within a few MB; ``static/*.js`` reads them:

    * ``articles[i]``: ``t`` title, ``d`` ISO day or ``""`` (undated or year unknown),
      ``dl`` date label, ``u`` title link, ``pp`` local page (passage links add
      ``#m-<start>``), ``pf`` passage link without a page, ``s`` source index, ``k`` 1 when
      any of its places is drawn;
    * ``places[j]``: ``n`` name, ``k`` kind, ``y``/``x`` lat/lon, ``c`` mentions, ``r``
      radius, ``sp`` spellings used, ``al`` other names (search), ``w`` admin1 and country,
      ``f`` feature when not a known kind, ``i`` key, ``m`` ``[[article, [[before, text,
      after, start], ...], more], ...]``, ``ma`` articles past the popup's list;
    * ``groups`` (article menu by day), ``sources``, ``kinds``, ``layers`` (each
      :class:`~geo.mapping.layers.Layer`'s spec with its ``kind``), ``view.bounds``,
      ``credits``, ``notes``.
    """
    dates = [article_date(info.article) for info in arts]
    sources: dict[str, int] = {}
    articles = []
    for info in arts:
        title_href, _ = links(info, article_links, None)
        page = info.page if article_links in ("auto", "local") else None
        fallback = {"auto": info.url, "local": info.page or info.url, "url": info.url, "none": None}[article_links]
        src = _source(info)
        d = dates[info.index]
        articles.append({
            "t": article_title(info.article), "d": d.iso if d.known else "", "dl": d.label if d.raw else "",
            "u": title_href, "pp": page, "pf": fallback,
            "s": sources.setdefault(src, len(sources)), "k": 1 if info.kept else 0,
        })
    places = []
    for g in aggs:
        p = g.place
        spellings = sorted(g.spellings, key=lambda s: -g.spellings[s])
        m = []
        for idx in list(g.by_article)[:MAX_POPUP_ARTICLES]:
            info = arts[idx]
            snips = []
            mentions = g.by_article[idx]
            for mm in mentions[:MAX_POPUP_SNIPPETS]:
                if span_ok(info.article.text, mm):
                    before, text, after = snippet(info.article.text, mm.start, mm.end)
                    start = mm.start
                else:
                    before, text, after, start = "", " ".join(mm.text.split()), "", -1
                snips.append([before, text, after, start])
            m.append([idx, snips, max(0, len(mentions) - MAX_POPUP_SNIPPETS)])
        kind = p.feature if p.feature in KIND_STYLES else "other"
        rec = {"n": clip(p.name, 200), "k": kind, "y": round(p.lat, 5), "x": round(p.lon, 5), "c": g.count,
               "r": radius(g.count, p.feature in MINOR_KINDS), "sp": spellings, "m": m,
               "i": ":".join(map(str, g.key))}
        where = _where(p)
        if where:
            rec["w"] = where
        if kind == "other" and p.feature:
            rec["f"] = p.feature
        others = _other_names(names, p, {p.name, *spellings}) if p.geonameid else []
        if others:
            rec["al"] = others
        if len(g.by_article) > MAX_POPUP_ARTICLES:
            rec["ma"] = len(g.by_article) - MAX_POPUP_ARTICLES
        places.append(rec)
    kinds = [[k, c, label, k in MINOR_KINDS] for k, (c, label) in KIND_STYLES.items()]
    kinds.append(["other", OTHER_STYLE[0], OTHER_STYLE[1], False])
    layers = []
    for layer in default_layers(ctx):
        spec = layer.spec(ctx)
        if spec is not None:
            layers.append({"kind": layer.kind, "needs": list(layer.needs), **spec})
    return {
        "title": title, "credits": place_credits(g.place for g in aggs), "kinds": kinds,
        "articles": articles, "sources": list(sources), "groups": _date_groups(arts, dates),
        "places": places, "layers": layers, "view": {"bounds": _weighted_bounds(aggs)}, "notes": ctx.notes,
    }


@dataclass
class MapBuild:
    """A built map: the page, the article pages it links to, and what went into it.

    Attributes
    ----------
    data : dict
        The page's data block (places, articles, layers).
    n_places, n_mentions, n_articles : int
        What is on the map after the filters.
    """

    data: dict
    n_places: int
    n_mentions: int
    n_articles: int
    _page_data: list = field(default_factory=list, repr=False)

    @property
    def n_pages(self) -> int:
        """How many highlighted article copies :meth:`write` writes."""
        return len(self._page_data)

    @property
    def assets(self) -> list[_assets.Asset]:
        """The files the page loads, in loading order."""
        names = ["leaflet", "geo"]
        for layer in self.data["layers"]:
            names += [n for n in layer["needs"] if n not in names]
            names.append(f"layer:{layer['kind']}")
        return [a for n in dict.fromkeys(names) for a in _assets.bundle(n)]

    def html(self, *, self_contained: bool = False) -> str:
        """Return the map page; with ``self_contained`` every script and style is inlined."""
        missing = sorted({a.package for a in self.assets if a.source is None})
        css, js = [], []
        for a in self.assets:
            if a.source is None or a.kind == "file":
                continue
            if self_contained:
                (css if a.kind == "css" else js).append({"text": _assets.inline_css(a) if a.kind == "css"
                                                         else _assets.inline_js(a)})
            else:
                (css if a.kind == "css" else js).append({"href": a.href})
        return env().get_template("map.html").render(
            title=self.data["title"], css=css, js=js, data=js_json(self.data), missing=missing,
        )

    # folium's spelling, for code that rendered the map it returned
    def render(self) -> str:
        """Return the map page (assets in ``lib/``), like :meth:`html`."""
        return self.html()

    def get_root(self):
        """Return self: ``make_map(...).get_root().render()`` still gives the page."""
        return self

    def _repr_html_(self) -> str:
        import html as _html

        return (f'<iframe srcdoc="{_html.escape(self.html(self_contained=True))}" '
                'style="width:100%;height:520px;border:0"></iframe>')

    def pages(self, map_name: str = "index.html") -> dict[str, str]:
        """Return relative path (``articles/<safe-name>.html``) -> HTML of each article copy.

        Their "back" links point to ``map_name``.
        """
        return {info.page: article_page(info, mentions, shown, map_name)
                for info, mentions, shown in self._page_data}

    def write(self, path: str | os.PathLike = "maps/index.html", *, self_contained: bool = False) -> Path:
        """Write the map to ``path``, its assets to ``lib/`` and the article pages to ``articles/``.

        Every file is first written to a temporary file in its own folder, then moved in
        place with :func:`os.replace` (the map last); on failure the temporary files are
        removed and nothing half-written remains. Article pages of an earlier run that
        the new map does not link to are removed afterwards.

        Raises
        ------
        InputError
            When ``path`` is not an .html file.
        OutputError
            When the output layer cannot write a file (a folder that is a file, a full disk).
        DataError
            When a stale article page cannot be removed.
        """
        out = check_map_output(path)
        with _gc_paused():
            html_text = self.html(self_contained=self_contained)
            pages = self.pages(out.name)
        files = [(out.parent / rel, text) for rel, text in pages.items()]
        if not self_contained:
            # stylesheets carry their images as data URLs: lib/ holds only text files
            files += [(out.parent / a.href, _assets.inline_css(a) if a.kind == "css" else a.source.read_text("utf-8"))
                      for a in self.assets if a.source is not None and a.kind != "file"]
        files.append((out, html_text))
        try:
            write_files_atomically(files)
            for stale in stale_pages(out.parent / "articles", {Path(rel).name for rel in pages}):
                stale.unlink()
        except GeoError:
            raise  # the output layer's own one-line message (an OutputError is an OSError too)
        except OSError as exc:
            where = getattr(exc, "filename", None) or out
            raise DataError(f"cannot write the map to {where}: {exc.strerror or exc}") from None
        return out


def check_map_output(path: str | os.PathLike, inputs: Iterable[str | os.PathLike] = ()) -> Path:
    """Check, before any work, that a map may be written to ``path``; return it as a Path.

    The map and its ``articles/`` and ``lib/`` folders must have room there, and the
    map must not land among the article files ``inputs`` reads: the next run would read
    the map and its article pages as news.

    Raises
    ------
    InputError
        When ``path`` is not an .html file, or lies among the inputs.
    OutputError
        When the place cannot take the files (a folder that is a file, a name too long).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> news = pathlib.Path(tempfile.mkdtemp())
    >>> check_map_output(news / "out" / "map.html").name
    'map.html'
    >>> check_map_output(news / "map.html", inputs=[news])
    Traceback (most recent call last):
    ...
    geo.errors.InputError: cannot write the map to ...map.html: the next run would read it as an article; ...
    """
    from geo.output import check_output
    from geo.readers.walk import would_read

    out = Path(path)
    if out.suffix.lower() not in (".html", ".htm"):
        raise InputError(f"the map must be written to an .html file, not {os.fspath(path)!r}")
    check_output(out, inputs=inputs)
    for folder in ("articles", "lib"):
        check_output(out.parent / folder / "x.html")
    if would_read(out, inputs):
        raise InputError(f"cannot write the map to {os.fspath(path)}: the next run would read it as an article; "
                         "write it outside the input folders")
    return out


def build_map(
    extractions: Iterable[Extraction],
    *,
    title: str | None = None,
    tiles: str | None = "CartoDB positron",
    min_score: float = 0.0,
    countries: bool = True,
    bbox=None,
    within=None,
    article_links: str = "auto",
    names: Callable[[Place], Iterable[str]] | None = None,
) -> MapBuild:
    """Build the map and the article pages; see :func:`make_map` for the parameters.

    Examples
    --------
    >>> from geo.records import Article, Extraction, Mention, Place
    >>> odesa = Place(698740, "Odesa", 46.48572, 30.74383, "UA", "", "city", 1010537)
    >>> ex = Extraction(Article("a.txt", "Fire in Odessa."), (Mention(8, 14, "Odessa", odesa),))
    >>> b = build_map([ex])
    >>> b.n_places, b.n_mentions, b.n_articles, sorted(b.pages())
    (1, 1, 1, ['articles/a-txt-....html'])
    """
    if article_links not in ARTICLE_LINKS:
        raise InputError(f"article_links must be one of {', '.join(ARTICLE_LINKS)}, not {article_links!r}")
    try:
        min_score = float(min_score)
    except (TypeError, ValueError):
        raise InputError(f"min_score must be a number, not {min_score!r}") from None
    if not math.isfinite(min_score):
        raise InputError(f"min_score must be a finite number, not {min_score!r}")
    area = area_filter(bbox, within)
    resolved_tiles = resolve_tiles(tiles)  # option errors surface before any extraction
    extractions = list(extractions)
    with _gc_paused():
        return _build(extractions, title, min_score, countries, area, article_links, names, resolved_tiles)


@contextlib.contextmanager
def _gc_paused():
    """Pause the cyclic garbage collector while the page is built.

    Building makes hundreds of thousands of small acyclic containers, and each collection
    would walk the caller's whole heap again (half the build time with a gazetteer or a
    big input in memory).
    """
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def _build(extractions, title, min_score, countries, area, article_links, names, resolved_tiles) -> MapBuild:
    places, arts = collect(extractions, min_score=min_score, countries=countries, area=area)
    assign_pages(arts, article_links)

    n_articles = sum(1 for a in arts if a.kept)
    n_mentions = sum(g.count for g in places.values())
    title = clip(title, 200) if title else (
        f"Places in {n_articles} article{'s' if n_articles != 1 else ''}" if n_articles else "No places")
    # Order: faint countries first, then big circles below small ones (small stay clickable).
    aggs = sorted(places.values(), key=lambda g: (g.place.feature not in MINOR_KINDS, -g.count))
    ctx = MapContext(aggs, arts, resolved_tiles)
    data = _page_data(title, aggs, arts, article_links, names, ctx)
    shown = set(places)
    page_data = [(info, extractions[info.index].mentions, shown) for info in arts if info.page]
    return MapBuild(data, len(aggs), n_mentions, n_articles, page_data)


def make_map(
    extractions: Iterable[Extraction],
    *,
    title: str | None = None,
    tiles: str | None = "CartoDB positron",
    min_score: float = 0.0,
    countries: bool = True,
    bbox=None,
    within=None,
    article_links: str = "auto",
    names: Callable[[Place], Iterable[str]] | None = None,
) -> MapBuild:
    """Return the map of the places the extractions mention (see :class:`MapBuild`).

    Parameters
    ----------
    extractions : iterable of Extraction
        Articles with their place mentions; mentions without a place are ignored.
    title : str, optional
        Shown in the legend and as the page title (default: "Places in N articles").
    tiles : str or None
        Online tiles offered over the offline basemap, used when reachable: an
        xyzservices provider name ("CartoDB positron", "OpenStreetMap.Mapnik", ...), an
        http(s) URL template, or "none".
    min_score : float
        Drop mentions scored below this.
    countries : bool
        Draw country and admin1 places (faint and small); ``False`` drops them.
    bbox : str or (W, S, E, N), optional
        Keep only places inside this box (degrees).
    within : path, GeoJSON mapping or shapely geometry, optional
        Keep only places inside this area.
    article_links : {"auto", "local", "url", "none"}
        Where popups link: "auto" to the article's URL when it is http(s), else to
        the highlighted copy ``articles/<safe-name>.html#m-<start>``; "local" always
        to the copy; "url" only to URLs; "none" nowhere. The copies are written by
        :meth:`MapBuild.write` (``make_map`` only links to them).
    names : callable, optional
        ``names(place)`` gives every name the place is known by (e.g.
        ``Gazetteer.alternate_names`` of its geonameid), so that search finds it by any
        of them; the spellings the articles used are searchable anyway.

    Returns
    -------
    MapBuild
        ``.html()`` is the page, ``.write(path)`` writes it with its files.

    Raises
    ------
    InputError
        For a bad bbox, unreadable or invalid GeoJSON, unknown tiles or option values.

    Examples
    --------
    >>> from geo.records import Article, Extraction, Mention, Place
    >>> kyiv = Place(703448, "Kyiv", 50.45466, 30.5238, "UA", "", "city", 2952301)
    >>> ex = Extraction(Article("a", "Sirens in Kyiv.", title="Sirens"), (Mention(10, 14, "Kyiv", kyiv),))
    >>> m = make_map([ex], tiles="OpenStreetMap.Mapnik")
    >>> "Place data © GeoNames (CC BY 4.0)" in m.data["credits"][0]
    True
    """
    return build_map(extractions, title=title, tiles=tiles, min_score=min_score, countries=countries,
                     bbox=bbox, within=within, article_links=article_links, names=names)


def write_map(
    extractions: Iterable[Extraction],
    path: str | os.PathLike = "maps/index.html",
    *,
    self_contained: bool = False,
    **options,
) -> Path:
    """Write the map to ``path``, with ``lib/`` and ``articles/`` next to it.

    Takes the same keyword options as :func:`make_map`. Files are written atomically
    (temporary file in the same folder, then :func:`os.replace`).

    Returns
    -------
    pathlib.Path
        The map file.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from geo.records import Article, Extraction, Mention, Place
    >>> lviv = Place(702550, "Lviv", 49.83826, 24.02324, "UA", "", "city", 717273)
    >>> ex = Extraction(Article("b.txt", "Calm in Lviv."), (Mention(8, 12, "Lviv", lviv),))
    >>> out = write_map([ex], pathlib.Path(tempfile.mkdtemp()) / "index.html", tiles="none")
    >>> out.name, sorted(p.name[:6] for p in (out.parent / "articles").iterdir())
    ('index.html', ['b-txt-'])
    >>> (out.parent / "lib" / "leaflet" / "leaflet.js").is_file()
    True
    """
    return build_map(extractions, **options).write(path, self_contained=self_contained)
