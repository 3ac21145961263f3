"""Draw the places news articles mention on an interactive Folium map.

One circle per resolved place (mentions are aggregated by GeoNames id), sized by the
square root of its mention count and coloured by feature kind. Its popup lists the
spellings the articles used and, for every article, the sentence around the mention
with a link back to that exact passage: the article's own URL, or a highlighted copy of
the article written next to the map (``articles/<safe-name>.html#m-<start>``).

The map also has marker clustering, a heat-map layer, a toggleable layer per article (or
per date when there are many), each article's footprint, a legend, a place search box,
and the GeoNames attribution.

Everything taken from an article (text, title, URL) or a place record is untrusted: it is
escaped by autoescaping Jinja templates on the Python side, embedded into scripts as
HTML-safe JSON, shown in the browser with ``textContent``, and links are kept only when
they are http(s) or relative.

Examples
--------
>>> from geo.records import Article, Extraction, Mention, Place
>>> kharkiv = Place(706483, "Kharkiv", 49.98177, 36.25475, "UA", "", "city", 1421125)
>>> text = "Shelling hit Kharkiv on Monday."
>>> ex = Extraction(Article(id="a.txt", text=text, title="Shelling"),
...                 (Mention(13, 20, "Kharkiv", kharkiv, score=0.9),))
>>> m = make_map([ex], title="Demo")
>>> type(m).__name__
'Map'
"""

from __future__ import annotations

import csv
import functools
import hashlib
import html
import json
import math
import os
import re
import warnings
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from geo.errors import DataError, InputError
from geo.output import write_files_atomically
from geo.records import Article, Extraction, Mention, Place

__all__ = [
    "KIND_STYLES",
    "MapBuild",
    "build_map",
    "make_map",
    "write_map",
    "places_frame",
    "read_map_inputs",
    "parse_bbox",
    "load_area",
    "safe_url",
    "safe_name",
]

#: Feature kind -> (colour, legend label). Unknown kinds are drawn grey.
KIND_STYLES: dict[str, tuple[str, str]] = {
    "city": ("#d7301f", "City or town"),
    "facility": ("#ff7f00", "Facility"),
    "island": ("#1a9850", "Island"),
    "water": ("#2c7fb8", "Sea, lake or river"),
    "region": ("#a6611a", "Region"),
    "admin2": ("#9e9ac8", "District or county (admin2)"),
    "admin1": ("#807dba", "Province (admin1)"),
    "country": ("#54278f", "Country"),
}
OTHER_STYLE = ("#737373", "Other")

#: Kinds drawn faint and small (or not at all with ``countries=False``).
MINOR_KINDS = frozenset({"country", "admin1"})

#: Kinds left out of an article's footprint when it has more specific places.
BROAD_KINDS = MINOR_KINDS | {"admin2", "region", "water"}

#: Radius in pixels: ``BASE + SCALE * sqrt(mentions)``, capped at ``MAX``.
RADIUS_BASE, RADIUS_SCALE, RADIUS_MAX = 5.0, 3.0, 24.0
MINOR_RADIUS_BASE, MINOR_RADIUS_SCALE, MINOR_RADIUS_MAX = 4.0, 1.5, 12.0

#: Popups list at most this many articles, and this many passages per article.
MAX_POPUP_ARTICLES = 100
MAX_POPUP_SNIPPETS = 3
#: Characters of context kept on each side of a mention when no sentence end is near.
SNIPPET_CONTEXT = 160

#: More articles than this are grouped by date (and by month past ``MAX_DATE_LAYERS``).
MAX_ARTICLE_LAYERS = 30
MAX_DATE_LAYERS = 60

#: Degrees by which an article's footprint hull is buffered.
FOOTPRINT_BUFFER = 0.1

ARTICLE_LINKS = ("auto", "local", "url", "none")

GEONAMES_ATTRIBUTION = (
    '<a href="https://www.geonames.org/" target="_blank" rel="noopener">'
    "Place data © GeoNames (CC BY 4.0)</a>"
)
OSM_ATTRIBUTION = (
    '<a href="https://www.openstreetmap.org/copyright" target="_blank" rel="noopener">'
    "© OpenStreetMap contributors, ODbL</a>"
)
OSM_SOURCES = frozenset({"nominatim", "photon"})

_TEMPLATES = Path(__file__).with_name("templates")
_SENTENCE_END = re.compile(r"[.!?…](?=[\s\"”’)\]]|$)|\n")
_SLUG_BAD = re.compile(r"[^A-Za-z0-9_-]+")
_URL_OK = re.compile(r"https?://[^\s\x00-\x1f\x7f<>\"'`\\]+", re.IGNORECASE)


# --------------------------------------------------------------------------- helpers


def _env():
    """Return the (cached) Jinja environment; autoescape is on for every template."""
    global _ENV
    try:
        return _ENV
    except NameError:
        pass
    import jinja2

    _ENV = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(_TEMPLATES)),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )
    return _ENV


def _js_json(obj: Any) -> str:
    """Serialise ``obj`` as JSON that is safe inside an HTML ``<script>`` element.

    ``<``, ``>``, ``&`` and ``'`` are written as ``\\u`` escapes, so no string in the
    data can close the script or start a tag, whatever it contains.

    Examples
    --------
    >>> _js_json({"t": "</script><img src=x>"})
    '{"t":"\\\\u003c/script\\\\u003e\\\\u003cimg src=x\\\\u003e"}'
    """
    s = json.dumps(obj, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return (
        s.replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
        .replace("'", "\\u0027")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )


def _layer_name(label: str) -> str:
    """Escape a layer name: Leaflet's layer control shows it with innerHTML, and folium
    passes its output through Jinja once more, so braces become entities too.

    Examples
    --------
    >>> _layer_name("Article: <b>{{ 7*7 }}</b>")
    'Article: &lt;b&gt;&#123;&#123; 7*7 &#125;&#125;&lt;/b&gt;'
    """
    return html.escape(label).replace("{", "&#123;").replace("}", "&#125;")


def _verbatim(name: str, *, script: str | None = None, html: str | None = None):
    """Return a branca element that adds ``script``/``html`` to the page as they are.

    branca turns the output of an element's macros into a *new* Jinja template, so
    untrusted text in it (``{{ ... }}``) would be evaluated; this element inserts the
    finished code as a value instead, which also spares re-parsing megabytes of data.
    """
    from branca.element import MacroElement

    class Verbatim(MacroElement):
        def render(self, **kwargs):
            figure = self.get_root()
            if html is not None:
                figure.html.add_child(_code_element(html), name=self.get_name())
            if script is not None:
                figure.script.add_child(_code_element(script), name=self.get_name())

    el = Verbatim()
    el._name = name
    return el


def _code_element(code: str):
    from branca.element import Element
    from jinja2 import Template

    el = Element()
    el._template = Template("{{ this.code }}")  # inserted as a value, never parsed
    el.code = code
    return el


def safe_url(url: str | None) -> str | None:
    """Return ``url`` if it is a plain absolute http(s) URL, else ``None``.

    Examples
    --------
    >>> safe_url("https://kyivindependent.com/news?id=1")
    'https://kyivindependent.com/news?id=1'
    >>> safe_url("javascript:alert(1)") is None, safe_url("  ") is None
    (True, True)
    >>> safe_url("http://x.org/a b") is None
    True
    """
    if not url:
        return None
    url = url.strip()
    if not _URL_OK.fullmatch(url):
        return None
    from urllib.parse import urlsplit

    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return None
    return url


def safe_name(article_id: str, *, max_len: int = 60) -> str:
    """Return a file name stem for an article: a slug of its id plus a short hash.

    The result has only ``[A-Za-z0-9_-]`` (no path separators, no ``..``), at most
    ``max_len + 9`` characters, and differs for different ids.

    Examples
    --------
    >>> safe_name("000_fdaf78911eb850d2.txt")
    '000_fdaf78911eb850d2-txt-...'
    >>> "/" in safe_name("../../etc/passwd"), safe_name("../../etc/passwd").startswith("etc-")
    (False, True)
    >>> len(safe_name("x" * 500)) <= 69
    True
    """
    digest = hashlib.sha1(article_id.encode("utf-8", "surrogatepass")).hexdigest()[:8]
    slug = _SLUG_BAD.sub("-", article_id).strip("-_")[:max_len].strip("-_")
    return f"{slug}-{digest}" if slug else f"article-{digest}"


def _place_key(place: Place) -> tuple:
    if place.geonameid:
        return ("geonames", place.geonameid)
    if place.source_id:
        return (place.source, place.source_id)
    return ("name", place.name, round(place.lat, 5), round(place.lon, 5))


def _style(kind: str) -> tuple[str, str]:
    return KIND_STYLES.get(kind, OTHER_STYLE)


def _radius(count: int, minor: bool) -> float:
    if minor:
        r = MINOR_RADIUS_BASE + MINOR_RADIUS_SCALE * math.sqrt(count)
        return round(min(r, MINOR_RADIUS_MAX), 1)
    return round(min(RADIUS_BASE + RADIUS_SCALE * math.sqrt(count), RADIUS_MAX), 1)


def _clip(s: str, n: int) -> str:
    s = " ".join(s.split())
    return s if len(s) <= n else s[: n - 1].rstrip() + "…"


def _snippet(text: str, start: int, end: int) -> tuple[str, str, str]:
    """Return ``(before, mention, after)``: the sentence around ``text[start:end]``.

    Examples
    --------
    >>> _snippet("Calm in Lviv. Shelling hit Kharkiv overnight. More later.", 27, 34)
    ('Shelling hit ', 'Kharkiv', ' overnight.')
    """
    lo = max(0, start - SNIPPET_CONTEXT)
    cut = None
    for m in _SENTENCE_END.finditer(text, lo, start):
        cut = m.end()
    b = lo if cut is None else cut
    before = text[b:start]
    if cut is None and lo > 0:
        before = "…" + before
    hi = min(len(text), end + SNIPPET_CONTEXT)
    m = _SENTENCE_END.search(text, end, hi)
    e = m.end() if m else hi
    after = text[end:e]
    if m is None and hi < len(text):
        after += "…"
    before = " ".join(before.split())
    after = " ".join(after.split())
    # keep the single spaces that separate the mention from its neighbours
    if before and text[start - 1 : start].isspace():
        before += " "
    if after and text[end : end + 1].isspace():
        after = " " + after
    return before, " ".join(text[start:end].split()), after


def _span_ok(text: str, m: Mention) -> bool:
    return bool(text) and 0 <= m.start < m.end <= len(text) and text[m.start : m.end] == m.text


# --------------------------------------------------------------------------- areas


def parse_bbox(value: str | Sequence[float] | None) -> tuple[float, float, float, float] | None:
    """Parse a ``W,S,E,N`` bounding box in degrees.

    Raises
    ------
    InputError
        When it is not four numbers, or out of range, or west >= east / south >= north.

    Examples
    --------
    >>> parse_bbox("22,44,41,53")
    (22.0, 44.0, 41.0, 53.0)
    >>> parse_bbox("41,44,22,53")
    Traceback (most recent call last):
    ...
    geo.errors.InputError: bad bbox '41,44,22,53': west must be less than east (W,S,E,N in degrees, e.g. 22,44,41,53)
    """
    if value is None:
        return None
    hint = "(W,S,E,N in degrees, e.g. 22,44,41,53)"
    raw = value if isinstance(value, str) else ",".join(map(str, value))
    parts = raw.replace(";", ",").split(",") if isinstance(value, str) else list(value)
    try:
        w, s, e, n = (float(p) for p in parts)
    except (TypeError, ValueError):
        raise InputError(f"bad bbox {raw!r}: expected four numbers {hint}") from None
    if not all(math.isfinite(v) for v in (w, s, e, n)):
        raise InputError(f"bad bbox {raw!r}: numbers must be finite {hint}")
    if not (-180 <= w <= 180 and -180 <= e <= 180 and -90 <= s <= 90 and -90 <= n <= 90):
        raise InputError(f"bad bbox {raw!r}: longitudes must be in [-180, 180], latitudes in [-90, 90] {hint}")
    if w >= e:
        raise InputError(f"bad bbox {raw!r}: west must be less than east {hint}")
    if s >= n:
        raise InputError(f"bad bbox {raw!r}: south must be less than north {hint}")
    return (w, s, e, n)


def load_area(within: Any):
    """Return a polygonal shapely geometry from GeoJSON.

    Parameters
    ----------
    within : str, os.PathLike, dict or shapely geometry
        A GeoJSON file, a GeoJSON mapping (FeatureCollection, Feature or geometry), or
        a shapely geometry. Invalid rings (self-intersections) are repaired.

    Raises
    ------
    InputError
        When the file cannot be read, is not JSON or GeoJSON, or has no area.

    Examples
    --------
    >>> area = load_area({"type": "Polygon", "coordinates": [[[22, 44], [41, 44], [41, 53], [22, 53], [22, 44]]]})
    >>> area.bounds
    (22.0, 44.0, 41.0, 53.0)
    >>> load_area({"type": "Feature"})
    Traceback (most recent call last):
    ...
    geo.errors.InputError: not valid GeoJSON: a Feature without a geometry
    """
    import shapely
    from shapely.geometry.base import BaseGeometry

    if within is None:
        return None
    if isinstance(within, BaseGeometry):
        geom, where = within, "area"
    else:
        where = ""
        data = within
        if isinstance(within, (str, os.PathLike)):
            where = f"{os.fspath(within)}: "
            try:
                raw = Path(within).read_text(encoding="utf-8-sig")
            except FileNotFoundError:
                raise InputError(f"cannot read {os.fspath(within)}: no such file") from None
            except IsADirectoryError:
                raise InputError(f"cannot read {os.fspath(within)}: it is a folder") from None
            except (OSError, UnicodeDecodeError) as exc:
                reason = getattr(exc, "strerror", None) or str(exc)
                raise InputError(f"cannot read {os.fspath(within)}: {reason}") from None
            try:
                data = json.loads(raw)
            except json.JSONDecodeError as exc:
                raise InputError(f"{where}not valid JSON (line {exc.lineno}: {exc.msg})") from None
        geom = _geojson_geometry(data, where)
    if not geom.is_valid:
        geom = shapely.make_valid(geom)
    area = shapely.get_parts(geom)
    polys = [g for g in area if g.geom_type in ("Polygon", "MultiPolygon") and not g.is_empty]
    if not polys:
        # make_valid may return a collection that mixes polygons and lines
        polys = [g for g in shapely.get_parts(shapely.get_parts(geom)) if g.area > 0]
    if not polys:
        raise InputError(f"{where}the GeoJSON has no polygon: nothing can be inside it")
    return shapely.union_all(polys)


def _geojson_geometry(data: Any, where: str):
    from shapely.geometry import shape

    def bad(why: str):
        return InputError(f"{where}not valid GeoJSON: {why}")

    if not isinstance(data, dict):
        raise bad("expected a JSON object")
    kind = data.get("type")
    if kind == "FeatureCollection":
        feats = data.get("features")
        if not isinstance(feats, list) or not feats:
            raise bad("a FeatureCollection without features")
        geoms = [_geojson_geometry(f, where) for f in feats]
        import shapely

        return shapely.union_all(geoms)
    if kind == "Feature":
        if not isinstance(data.get("geometry"), dict):
            raise bad("a Feature without a geometry")
        return _geojson_geometry(data["geometry"], where)
    if kind not in ("Polygon", "MultiPolygon", "GeometryCollection", "Point", "MultiPoint",
                    "LineString", "MultiLineString"):
        raise bad(f"unknown type {kind!r}")
    try:
        return shape(data)
    except Exception as exc:  # shapely raises several types for malformed coordinates
        raise bad(f"bad {kind} coordinates ({type(exc).__name__})") from None


def _area_filter(bbox, within):
    """Combine ``bbox`` and ``within`` into one prepared geometry, or ``None``."""
    import shapely
    from shapely.geometry import box

    geom = None
    bb = parse_bbox(bbox)
    if bb is not None:
        geom = box(*bb)
    area = load_area(within)
    if area is not None:
        geom = area if geom is None else geom.intersection(area)
        if geom.is_empty:
            raise InputError("the --bbox and --within areas do not overlap")
    if geom is not None:
        shapely.prepare(geom)
    return geom


# --------------------------------------------------------------------------- inputs


def read_map_inputs(paths: Iterable[str | os.PathLike], extractor=None, jobs: int = 1) -> Iterator[Extraction]:
    """Read extractions from articles, ``geo extract`` JSONL, or a CSV of places.

    Parameters
    ----------
    paths : iterable of path
        Each is one of

        * an article file or folder: read with :func:`geo.articles.read_articles` and
          extracted on the fly with :func:`geo.extract.extract_articles`;
        * a ``.jsonl`` written by ``geo extract`` (its first record has ``"mentions"``);
          the article text is re-read from each record's ``"path"`` when that exists;
        * a ``.csv`` of places with ``lat``, ``lon`` and ``name`` columns (plus optional
          ``url``, ``title``, ``date``, ``text``, ``feature``, ``geonameid``).
    extractor : geo.extract.Extractor, optional
        Extracts the articles (default: the built-in one); e.g. one with an online
        geocoder.
    jobs : int
        Worker processes for extraction.

    Raises
    ------
    InputError
        When a path does not exist or a JSONL/CSV is malformed.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (d / "p.csv").write_text("name,lat,lon,url\\nKharkiv,49.98177,36.25475,https://example.org/a\\n")
    >>> [e.mentions[0].place.name for e in read_map_inputs([d / "p.csv"])]
    ['Kharkiv']
    """
    articles: list[Path] = []

    def flush():
        if articles:
            batch = list(articles)
            articles.clear()
            yield from _extract_articles(batch, extractor, jobs)

    for p in paths:
        path = Path(p)
        if not path.exists():
            raise InputError(f"no such file or folder: {os.fspath(p)}")
        kind = _input_kind(path)
        if kind == "articles":
            articles.append(path)
            continue
        yield from flush()
        if kind == "jsonl":
            from geo.extract import read_extractions_jsonl

            yield from read_extractions_jsonl(path)
        else:
            yield from _read_places_csv(path)
    yield from flush()


def _input_kind(path: Path) -> str:
    if path.is_dir():
        return "articles"
    suffix = path.suffix.lower()
    if suffix in (".jsonl", ".ndjson"):
        first = _first_json_record(path)
        return "jsonl" if isinstance(first, dict) and "mentions" in first else "articles"
    if suffix == ".csv":
        header = _csv_header(path)
        cols = {c.strip().lower() for c in header}
        if cols & {"lat", "latitude"} and cols & {"lon", "lng", "long", "longitude"}:
            return "csv"
    return "articles"


def _first_json_record(path: Path):
    try:
        with path.open(encoding="utf-8-sig") as fh:
            for line in fh:
                if line.strip():
                    return json.loads(line)
    except (OSError, UnicodeDecodeError, json.JSONDecodeError):
        return None
    return None


def _csv_header(path: Path) -> list[str]:
    try:
        with path.open(encoding="utf-8-sig", newline="") as fh:
            return next(csv.reader(fh), [])
    except (OSError, UnicodeDecodeError, csv.Error):
        return []


def _extract_articles(paths: list[Path], extractor=None, jobs: int = 1) -> Iterator[Extraction]:
    from geo.articles import read_articles
    from geo.extract import default_extractor

    extractor = extractor or default_extractor()
    yield from extractor.extract_articles(read_articles([os.fspath(p) for p in paths]), jobs=jobs)


_CSV_ALIASES = {
    "lat": ("lat", "latitude"),
    "lon": ("lon", "lng", "long", "longitude"),
    "name": ("name", "place", "place_name", "toponym"),
}


def _read_places_csv(path: Path) -> Iterator[Extraction]:
    """One Extraction per article (rows grouped by url/title/date/text)."""
    try:
        fh = path.open(encoding="utf-8-sig", newline="")
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror}") from None
    with fh:
        try:
            reader = csv.DictReader(fh)
            header = {(c or "").strip().lower(): c for c in reader.fieldnames or ()}
            cols = {}
            for want, aliases in _CSV_ALIASES.items():
                col = next((header[a] for a in aliases if a in header), None)
                if col is None:
                    raise InputError(f"{path}: no {want!r} column (columns: {', '.join(header) or 'none'})")
                cols[want] = col

            def get(row, name):
                col = header.get(name)
                return (row.get(col) or "").strip() if col else ""

            groups: dict[tuple, list[Mention]] = {}
            arts: dict[tuple, Article] = {}
            for lineno, row in enumerate(reader, 2):
                name = (row.get(cols["name"]) or "").strip()
                try:
                    lat = float(row.get(cols["lat"]) or "nan")
                    lon = float(row.get(cols["lon"]) or "nan")
                except ValueError:
                    raise InputError(f"{path}:{lineno}: lat/lon must be numbers") from None
                if not name or not (-90 <= lat <= 90 and -180 <= lon <= 180):
                    raise InputError(f"{path}:{lineno}: a place needs a name and lat/lon in range")
                url, title, date, text = (get(row, k) for k in ("url", "title", "date", "text"))
                try:
                    gid = int(get(row, "geonameid") or 0)
                except ValueError:
                    raise InputError(f"{path}:{lineno}: geonameid must be an integer") from None
                feature = get(row, "feature") or "city"
                place = Place(gid, name, lat, lon, get(row, "country_code"), "", feature, 0,
                              source="" if gid else "csv",
                              source_id="" if gid else f"{name}|{lat:.5f}|{lon:.5f}")
                key = (url, title, date, text)
                if key not in arts:
                    aid = url or title or f"{path.name}:{lineno}"
                    arts[key] = Article(id=aid, text=text, title=title or url or name, date=date, url=url,
                                        path=os.fspath(path))
                    groups[key] = []
                at = text.find(name) if text else -1
                if at >= 0 and not any(m.start == at for m in groups[key]):
                    mention = Mention(at, at + len(name), name, place, score=1.0, match="exact")
                else:
                    mention = Mention(0, 0, name, place, score=1.0, match="exact")
                groups[key].append(mention)
        except csv.Error as exc:
            raise InputError(f"{path}: not a readable CSV ({exc})") from None
        except UnicodeDecodeError:
            raise InputError(f"{path}: not UTF-8 text") from None
    for key, art in arts.items():
        yield Extraction(art, tuple(sorted(groups[key], key=lambda m: m.start)))


# --------------------------------------------------------------------------- aggregation


@dataclass
class _Art:
    index: int
    article: Article
    url: str | None
    page: str | None = None  # "articles/<safe>.html" when a highlighted copy is written
    kept: list[Mention] = field(default_factory=list)


@dataclass
class _Agg:
    key: tuple
    place: Place
    count: int = 0
    spellings: dict[str, int] = field(default_factory=dict)
    by_article: dict[int, list[Mention]] = field(default_factory=dict)


def _collect(extractions, *, min_score, countries, area):
    """Aggregate kept mentions by place; return (places by key, one _Art per extraction)."""
    places: dict[tuple, _Agg] = {}
    arts: list[_Art] = []
    for ex in extractions:
        a = ex.article
        info = _Art(len(arts), a, safe_url(a.url))
        for m in ex.mentions:
            p = m.place
            if p is None or m.score < min_score:
                continue
            if not countries and p.feature in MINOR_KINDS:
                continue
            if not (math.isfinite(p.lat) and math.isfinite(p.lon)):
                continue
            key = _place_key(p)
            agg = places.get(key)
            if agg is None:
                agg = places[key] = _Agg(key, p)
            agg.count += 1
            spelled = " ".join(m.text.split()) or p.name
            agg.spellings[spelled] = agg.spellings.get(spelled, 0) + 1
            agg.by_article.setdefault(info.index, []).append(m)
            info.kept.append(m)
        arts.append(info)

    if area is not None and places:
        import numpy as np
        import shapely

        aggs = list(places.values())
        inside = shapely.intersects_xy(area, np.array([g.place.lon for g in aggs]),
                                       np.array([g.place.lat for g in aggs]))
        drop = {g.key for g, ok in zip(aggs, inside, strict=False) if not ok}
        for key in drop:
            del places[key]
        if drop:
            for info in arts:
                info.kept = [m for m in info.kept if _place_key(m.place) not in drop]
    return places, arts


def places_frame(extractions: Iterable[Extraction], *, min_score: float = 0.0, countries: bool = True,
                 bbox=None, within=None):
    """Return one row per mapped place as a pandas DataFrame.

    Columns: ``key``, ``geonameid``, ``name``, ``lat``, ``lon``, ``feature``,
    ``country_code``, ``admin1``, ``source``, ``source_id``, ``mentions``, ``articles``
    and ``spellings`` (the distinct texts the articles used, most frequent first).
    Rows are sorted by mention count, most mentioned first.

    Examples
    --------
    >>> from geo.records import Article, Extraction, Mention, Place
    >>> kyiv = Place(703448, "Kyiv", 50.45466, 30.5238, "UA", "", "city", 2952301)
    >>> text = "Kiev, or Kyiv, is the capital."
    >>> ex = Extraction(Article("a", text), (Mention(0, 4, "Kiev", kyiv), Mention(9, 13, "Kyiv", kyiv)))
    >>> df = places_frame([ex])
    >>> print(df[["name", "mentions", "articles", "spellings"]].to_string(index=False))
    name  mentions  articles    spellings
    Kyiv         2         1 [Kiev, Kyiv]
    """
    import pandas as pd

    places, _ = _collect(extractions, min_score=min_score, countries=countries,
                         area=_area_filter(bbox, within))
    rows = []
    for agg in sorted(places.values(), key=lambda g: -g.count):
        p = agg.place
        rows.append({
            "key": ":".join(map(str, agg.key)), "geonameid": p.geonameid, "name": p.name,
            "lat": p.lat, "lon": p.lon, "feature": p.feature, "country_code": p.country_code,
            "admin1": p.admin1, "source": p.source, "source_id": p.source_id,
            "mentions": agg.count, "articles": len(agg.by_article),
            "spellings": sorted(agg.spellings, key=lambda s: -agg.spellings[s]),
        })
    columns = ["key", "geonameid", "name", "lat", "lon", "feature", "country_code", "admin1",
               "source", "source_id", "mentions", "articles", "spellings"]
    return pd.DataFrame(rows, columns=columns)


# --------------------------------------------------------------------------- rendering


def _article_title(a: Article) -> str:
    return _clip(a.title or a.id or "Untitled article", 200)


def _assign_pages(arts: list[_Art], article_links: str) -> None:
    """Decide which articles get a highlighted local copy, with unique safe names."""
    if article_links not in ("auto", "local"):
        return
    used: set[str] = set()
    for info in arts:
        if not info.kept or not info.article.text:
            continue
        if not any(_span_ok(info.article.text, m) for m in info.kept):
            continue
        stem = safe_name(info.article.id)
        n = 2
        while stem in used:
            stem = f"{safe_name(info.article.id)}-{n}"
            n += 1
        used.add(stem)
        info.page = f"articles/{stem}.html"


def _links(info: _Art, article_links: str, m: Mention | None):
    """Return (title href, passage href) for an article (and one of its mentions)."""
    if article_links == "none":
        return None, None
    anchor = None
    if info.page and m is not None and _span_ok(info.article.text, m):
        anchor = f"{info.page}#m-{m.start}"
    if article_links == "url":
        return info.url, info.url
    if article_links == "local":
        return info.page or info.url, anchor or info.page or info.url
    return info.url or info.page, anchor or info.url  # auto


def _popup_html(agg: _Agg, arts: list[_Art], article_links: str, tpl) -> str:
    p = agg.place
    entries = []
    for idx in list(agg.by_article)[:MAX_POPUP_ARTICLES]:
        info = arts[idx]
        mentions = agg.by_article[idx]
        snippets = []
        for m in mentions[:MAX_POPUP_SNIPPETS]:
            if _span_ok(info.article.text, m):
                before, text, after = _snippet(info.article.text, m.start, m.end)
            else:
                before, text, after = "", " ".join(m.text.split()), ""
            snippets.append({"before": before, "text": text, "after": after,
                             "href": _links(info, article_links, m)[1]})
        entries.append({
            "title": _article_title(info.article), "date": _clip(info.article.date, 40),
            "href": _links(info, article_links, None)[0], "snippets": snippets,
            "more": max(0, len(mentions) - MAX_POPUP_SNIPPETS),
        })
    where = ", ".join(x for x in (p.admin1, p.country_code) if x)
    ns = "N" if p.lat >= 0 else "S"
    ew = "E" if p.lon >= 0 else "W"
    ctx = {
        "name": _clip(p.name, 200), "kind_label": _style(p.feature)[1] if p.feature in KIND_STYLES else (p.feature or "place"),
        "where": where, "coords": f"{abs(p.lat):.4f}° {ns}, {abs(p.lon):.4f}° {ew}",
        "spellings": sorted(agg.spellings, key=lambda s: -agg.spellings[s]),
        "count": agg.count, "n_articles": len(agg.by_article), "articles": entries,
        "more_articles": max(0, len(agg.by_article) - MAX_POPUP_ARTICLES),
    }
    # every untrusted value has its whitespace collapsed, so the only newlines are the
    # template's own: drop them to keep 10,000 popups compact
    return tpl.render(p=ctx).replace("\n", "")


def _article_page(info: _Art, all_mentions: Sequence[Mention], places_shown: set, map_name: str) -> str:
    """Render the highlighted copy of one article."""
    from urllib.parse import quote

    text = info.article.text
    segments, pos = [], 0
    kept_ids = {id(m) for m in info.kept}
    for m in sorted(all_mentions, key=lambda m: (m.start, -m.end)):
        if m.place is None or m.start < pos or not _span_ok(text, m):
            continue
        if m.start > pos:
            segments.append({"mark": False, "text": text[pos:m.start]})
        shown = id(m) in kept_ids and _place_key(m.place) in places_shown
        p = m.place
        label = f"{p.name} ({', '.join(x for x in (p.admin1, p.country_code) if x) or p.feature})"
        segments.append({"mark": True, "text": m.text, "start": m.start, "label": label,
                         "cls": "geo-mention" if shown else "geo-mention geo-off"})
        pos = m.end
    if pos < len(text):
        segments.append({"mark": False, "text": text[pos:]})
    return _env().get_template("article.html").render(
        lang="en", title=_article_title(info.article), date=_clip(info.article.date, 40),
        url=info.url, map_href="../" + quote(map_name), segments=segments,
        n_mentions=sum(1 for s in segments if s["mark"]),
    )


def _resolve_tiles(tiles):
    """Return (url, html attribution, name, options) for a provider name or URL template,
    or None for no tiles.
    """
    if tiles is None or str(tiles).strip().lower() in ("", "none", "off", "no"):
        return None
    if not isinstance(tiles, str):
        raise InputError(f"tiles must be a provider name, a URL template or 'none', not {type(tiles).__name__}")
    name = tiles.strip()
    opts: dict[str, Any] = {}
    if re.match(r"https?://", name, re.IGNORECASE):
        if "{z}" not in name or not re.fullmatch(r"https?://(?:[^{}\s<>\"'`\\]|\{[szxyr]\})+", name, re.I) \
                or not safe_url(re.sub(r"\{[szxyr]\}", "a", name)):
            raise InputError(f"bad tiles URL {name!r}: expected an http(s) template with {{z}}, {{x}} and {{y}}")
        from urllib.parse import urlsplit

        url, attr, label = name, "Tiles: " + html.escape(urlsplit(name.replace("{s}", "a")).hostname or "custom"), "custom tiles"
    else:
        import xyzservices

        try:
            provider = xyzservices.providers.query_name(name)
        except ValueError:
            raise InputError(
                f"unknown tiles {name!r}: use an xyzservices provider such as 'CartoDB positron' or "
                "'OpenStreetMap.Mapnik', an http(s) URL template, or 'none'"
            ) from None
        if provider.requires_token() and not provider.name.startswith("CartoDB"):
            raise InputError(f"tiles {provider.name!r} need an API key; pick another provider or pass a URL template")
        with warnings.catch_warnings():
            # xyzservices asks for a CARTO key but serves the basemaps without one
            warnings.simplefilter("ignore")
            url = provider.build_url(fill_subdomain=False, scale_factor="{r}")
        attr = provider.get("html_attribution") or html.escape(provider.get("attribution", provider.name))
        label = provider.name
        if provider.get("max_zoom"):
            opts["max_zoom"] = provider["max_zoom"]
        if provider.get("subdomains"):
            opts["subdomains"] = provider["subdomains"]
    return url, attr, label, opts


def _tile_layer(resolved, extra_attr: str):
    """Return a folium TileLayer for :func:`_resolve_tiles`' result, or None."""
    import folium

    if resolved is None:
        return None
    url, attr, label, opts = resolved
    return folium.TileLayer(tiles=url, attr=f"{attr} | {extra_attr}", name=html.escape(label), **opts)


def _footprint(points: list[tuple[float, float]]):
    """Return a GeoJSON geometry: a point, a line, or the buffered convex hull."""
    from shapely.geometry import LineString, MultiPoint, Point, mapping

    pts = list(dict.fromkeys((round(lon, 5), round(lat, 5)) for lat, lon in points))
    if len(pts) == 1:
        geom = Point(pts[0])
    elif len(pts) == 2:
        geom = LineString(pts)
    else:
        geom = MultiPoint(pts).convex_hull.buffer(FOOTPRINT_BUFFER, quad_segs=4).simplify(0.01)
    return json.loads(json.dumps(mapping(geom), allow_nan=False), parse_float=lambda s: round(float(s), 5))


def _group_articles(arts: list[_Art]) -> list[tuple[str, list[_Art]]]:
    """Return (layer label, articles) pairs: per article, or per date/month when many."""
    shown = [a for a in arts if a.kept]
    if len(shown) <= MAX_ARTICLE_LAYERS:
        labels = []
        for a in shown:
            date = f" ({_clip(a.article.date, 10)})" if a.article.date else ""
            labels.append((f"Article: {_clip(_article_title(a.article), 60)}{date}", [a]))
        return labels
    by: dict[str, list[_Art]] = {}
    for a in shown:
        by.setdefault(a.article.date[:10].strip() or "undated", []).append(a)
    if len(by) > MAX_DATE_LAYERS:
        months: dict[str, list[_Art]] = {}
        for key, items in by.items():
            months.setdefault(key[:7] if key != "undated" else key, []).extend(items)
        by = months
    out = []
    for key in sorted(by, key=lambda k: (k == "undated", k)):
        n = len(by[key])
        out.append((f"Date: {_clip(key, 20)} ({n} article{'s' if n != 1 else ''})", by[key]))
    return out


@dataclass
class MapBuild:
    """A built map, the article pages it links to, and what went into it.

    Attributes
    ----------
    map : folium.Map
    n_places, n_mentions, n_articles : int
        What is on the map after the filters.
    """

    map: Any
    n_places: int
    n_mentions: int
    n_articles: int
    _page_data: list = field(default_factory=list, repr=False)

    @property
    def n_pages(self) -> int:
        """How many highlighted article copies :meth:`write` writes."""
        return len(self._page_data)

    def pages(self, map_name: str = "index.html") -> dict[str, str]:
        """Return relative path (``articles/<safe-name>.html``) -> HTML of each
        highlighted article copy; their "back" links point to ``map_name``.
        """
        return {info.page: _article_page(info, mentions, shown, map_name)
                for info, mentions, shown in self._page_data}

    def write(self, path: str | os.PathLike = "maps/index.html") -> Path:
        """Write the map to ``path`` and the article pages next to it, atomically.

        Every file is first written to a temporary file in its own folder, then moved in
        place with :func:`os.replace` (the pages first, the map last); on failure the
        temporary files are removed and nothing half-written remains.

        Raises
        ------
        DataError
            When a file cannot be written.
        """
        out = Path(path)
        if out.suffix.lower() not in (".html", ".htm"):
            raise InputError(f"the map must be written to an .html file, not {os.fspath(path)!r}")
        html_text = self.map.get_root().render()
        pages = self.pages(out.name)
        files = [(out.parent / rel, text) for rel, text in pages.items()] + [(out, html_text)]
        try:
            write_files_atomically(files)
        except OSError as exc:
            where = getattr(exc, "filename", None) or out
            raise DataError(f"cannot write the map to {where}: {exc.strerror or exc}") from None
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
    import folium
    import folium.plugins as plugins
    from branca.element import Figure

    if article_links not in ARTICLE_LINKS:
        raise InputError(f"article_links must be one of {', '.join(ARTICLE_LINKS)}, not {article_links!r}")
    try:
        min_score = float(min_score)
    except (TypeError, ValueError):
        raise InputError(f"min_score must be a number, not {min_score!r}") from None
    area = _area_filter(bbox, within)
    resolved_tiles = _resolve_tiles(tiles)  # option errors surface before any extraction
    extractions = list(extractions)
    places, arts = _collect(extractions, min_score=min_score, countries=countries, area=area)
    _assign_pages(arts, article_links)

    n_articles = sum(1 for a in arts if a.kept)
    n_mentions = sum(g.count for g in places.values())
    title = _clip(title, 200) if title else (
        f"Places in {n_articles} article{'s' if n_articles != 1 else ''}" if n_articles else "No places")

    # Order: faint countries first, then big circles below small ones (small stay clickable).
    aggs = sorted(places.values(), key=lambda g: (g.place.feature not in MINOR_KINDS, -g.count))
    names = {}
    for g in aggs:
        names[g.place.name] = names.get(g.place.name, 0) + 1
    popup_tpl = _env().get_template("popup.html")
    features, index = [], {}
    for i, g in enumerate(aggs):
        p = g.place
        minor = p.feature in MINOR_KINDS
        label = p.name
        if names[p.name] > 1:
            label = f"{p.name} ({', '.join(x for x in (p.admin1, p.country_code, p.feature) if x)})"
        index[g.key] = i
        features.append({
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [round(p.lon, 5), round(p.lat, 5)]},
            "properties": {
                "name": p.name, "search": label, "kind": p.feature if p.feature in KIND_STYLES else "other",
                "n": g.count, "r": _radius(g.count, minor),
                "popup": _popup_html(g, arts, article_links, popup_tpl),
            },
        })

    # ---- the map
    fig = Figure(title=html.escape(title))
    if aggs:
        lats = [g.place.lat for g in aggs]
        lons = [g.place.lon for g in aggs]
        bounds = [[min(lats), min(lons)], [max(lats), max(lons)]]
        center = [(bounds[0][0] + bounds[1][0]) / 2, (bounds[0][1] + bounds[1][1]) / 2]
    else:
        bounds, center = None, [30.0, 10.0]
    m = folium.Map(location=center, zoom_start=2 if not aggs else 5, tiles=None, control_scale=True)
    fig.add_child(m)
    attribution = GEONAMES_ATTRIBUTION
    if any(g.place.source.lower() in OSM_SOURCES for g in aggs):
        attribution += " | " + OSM_ATTRIBUTION
    tile = _tile_layer(resolved_tiles, attribution)
    if tile is not None:
        tile.add_to(m)

    cluster = plugins.MarkerCluster(
        name="Places", show=True,
        options={"maxClusterRadius": 40, "spiderfyOnMaxZoom": True, "showCoverageOnHover": False,
                 "chunkedLoading": True, "disableClusteringAtZoom": 11},
    ).add_to(m)
    if aggs:
        top = max((g.count for g in aggs if g.place.feature not in MINOR_KINDS), default=0) or \
            max(g.count for g in aggs)
        heat = [[round(g.place.lat, 5), round(g.place.lon, 5),
                 round(min(1.0, g.count / top) * (0.25 if g.place.feature in MINOR_KINDS else 1.0), 4)]
                for g in aggs]
        plugins.HeatMap(heat, name="Heat map (mentions)", show=False, radius=22, blur=18, min_opacity=0.25,
                        max_zoom=12).add_to(m)
    footprint_layer = folium.FeatureGroup(name="Article footprints", show=False).add_to(m)

    # ---- article/date layers and footprints
    groups_js, footprints, page_data = [], [], []
    layer_objs = []
    places_shown = set(places)
    for label, items in _group_articles(arts):
        fg = folium.FeatureGroup(name=_layer_name(label), show=False).add_to(m)
        layer_objs.append(fg)
        idxs, fps = [], []
        for info in items:
            keys = list(dict.fromkeys(_place_key(mm.place) for mm in info.kept))
            idxs.extend(index[k] for k in keys)
            # countries, provinces, seas and continents would stretch the hull: use the
            # specific places when there are any
            pts = [(places[k].place.lat, places[k].place.lon) for k in keys
                   if places[k].place.feature not in BROAD_KINDS] or \
                  [(places[k].place.lat, places[k].place.lon) for k in keys]
            fps.append(len(footprints))
            footprints.append({"type": "Feature", "geometry": _footprint(pts),
                               "properties": {"title": _article_title(info.article), "n": len(keys)}})
        groups_js.append({"places": sorted(set(idxs)), "footprints": fps})
    for info in arts:
        if info.page:
            page_data.append((info, extractions[info.index].mentions, places_shown))

    data = {
        "places": {"type": "FeatureCollection", "features": features},
        "footprints": {"type": "FeatureCollection", "features": footprints},
        "groups": groups_js,
        "kinds": {k: v[0] for k, v in KIND_STYLES.items()} | {"other": OTHER_STYLE[0]},
        "minor": sorted(MINOR_KINDS),
        "attribution": None if tile is not None else attribution,
    }
    js = (_PLACES_JS.replace("__MAP__", m.get_name())
          .replace("__CLUSTER__", cluster.get_name())
          .replace("__FOOTPRINTS__", footprint_layer.get_name())
          .replace("__LAYERS__", ",".join(g.get_name() for g in layer_objs))
          .replace("__DATA__", _js_json(data)))  # last: the data may contain anything
    m.add_child(_verbatim("GeoPlaces", script=js))

    if aggs:
        search = _PlaceSearch(cluster, search_label="search", placeholder="Search places",
                              collapsed=False, position="topleft")
        m.add_child(search)

    kinds_present: dict[str, int] = {}
    for g in aggs:
        k = g.place.feature if g.place.feature in KIND_STYLES else "other"
        kinds_present[k] = kinds_present.get(k, 0) + 1
    order = list(KIND_STYLES) + ["other"]
    legend_ctx = {
        "title": title, "n_places": len(aggs), "n_mentions": n_mentions, "n_articles": n_articles,
        "kinds": [{"label": (KIND_STYLES.get(k) or OTHER_STYLE)[1], "color": (KIND_STYLES.get(k) or OTHER_STYLE)[0],
                   "count": kinds_present[k], "minor": k in MINOR_KINDS}
                  for k in order if k in kinds_present],
        "minor": any(k in MINOR_KINDS for k in kinds_present),
    }
    m.add_child(_verbatim("GeoLegend", html=_env().get_template("legend.html").render(**legend_ctx)))

    folium.LayerControl(collapsed=True).add_to(m)
    if bounds:
        m.fit_bounds(bounds, padding=(30, 30), max_zoom=9)
    return MapBuild(m, len(aggs), n_mentions, n_articles, page_data)


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
):
    """Return a Folium map of the places the extractions mention.

    Parameters
    ----------
    extractions : iterable of Extraction
        Articles with their place mentions; mentions without a place are ignored.
    title : str, optional
        Shown in the legend and as the page title (default: "Places in N articles").
    tiles : str or None
        An xyzservices/folium provider name ("CartoDB positron",
        "OpenStreetMap.Mapnik", ...), an http(s) URL template, or "none".
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
        :func:`write_map` (``make_map`` only links to them).

    Returns
    -------
    folium.Map

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
    >>> [layer.options["attribution"] for layer in m._children.values()
    ...  if type(layer).__name__ == "TileLayer"][0].count("Place data © GeoNames (CC BY 4.0)")
    1
    """
    return build_map(extractions, title=title, tiles=tiles, min_score=min_score, countries=countries,
                     bbox=bbox, within=within, article_links=article_links).map


def write_map(
    extractions: Iterable[Extraction],
    path: str | os.PathLike = "maps/index.html",
    **options,
) -> Path:
    """Write the map to ``path`` and its article pages to ``<folder>/articles/``.

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
    """
    return build_map(extractions, **options).write(path)


@functools.cache
def _search_class():
    from folium.plugins import Search
    from folium.template import Template

    class PlaceSearch(Search):
        """folium's Search, wired to the cluster: found places are unclustered and
        opened, and the suggestions are built with textContent (names are untrusted).
        """

        _template = Template("""
        {% macro script(this, kwargs) %}
            var {{ this.get_name() }} = new L.Control.Search({
                layer: {{ this.layer.get_name() }},
                propertyName: {{ this.search_label|tojson }},
                collapsed: {{ this.collapsed|tojson }},
                textPlaceholder: {{ this.placeholder|tojson }},
                position: {{ this.position|tojson }},
                initial: false,
                zoom: 10,
                hideMarkerOnCollapse: true,
                buildTip: function(text, val) {
                    var li = document.createElement("li");
                    li.textContent = text;
                    return li;
                }
            });
            {{ this.get_name() }}.on("search:locationfound", function(e) {
                if (e.layer) {
                    {{ this.layer.get_name() }}.zoomToShowLayer(e.layer, function() { e.layer.openPopup(); });
                }
            });
            {{ this._parent.get_name() }}.addControl({{ this.get_name() }});
        {% endmacro %}
        """)

    return PlaceSearch


def _PlaceSearch(*args, **kwargs):
    return _search_class()(*args, **kwargs)


_PLACES_JS = """
(function() {
    var map = __MAP__;
    var cluster = __CLUSTER__;
    var footprintLayer = __FOOTPRINTS__;
    var layers = [__LAYERS__];
    var data = __DATA__;
    var minor = {};
    data.minor.forEach(function(k) { minor[k] = true; });
    if (data.attribution) { map.attributionControl.addAttribution(data.attribution); }

    function textNode(s) { return function() { return document.createTextNode(s); }; }
    function placeStyle(p) {
        var color = data.kinds[p.kind] || data.kinds.other;
        var faint = minor[p.kind];
        return {radius: p.r, color: color, fillColor: color, weight: faint ? 1 : 1.5,
                opacity: faint ? 0.6 : 0.9, fillOpacity: faint ? 0.12 : 0.55,
                dashArray: faint ? "3 3" : null, className: "geo-place geo-kind-" + p.kind};
    }
    function placeMarker(f) {
        var c = f.geometry.coordinates;
        var mk = L.circleMarker([c[1], c[0]], placeStyle(f.properties));
        mk.feature = f;
        mk.bindTooltip(textNode(f.properties.name), {direction: "top", sticky: false});
        mk.bindPopup(function() { return f.properties.popup; }, {maxWidth: 420, minWidth: 240, maxHeight: 380});
        return mk;
    }
    function footprint(f) {
        return L.geoJSON(f, {
            style: {color: "#3182bd", weight: 2, opacity: 0.8, fillOpacity: 0.08, dashArray: "4 4"},
            pointToLayer: function(g, ll) { return L.circleMarker(ll, {radius: 14}); },
            onEachFeature: function(g, layer) {
                layer.bindTooltip(textNode(g.properties.title), {sticky: true});
            }
        });
    }

    cluster.addLayers(data.places.features.map(placeMarker));
    data.footprints.features.forEach(function(f) { footprintLayer.addLayer(footprint(f)); });
    data.groups.forEach(function(g, i) {
        var layer = layers[i], filled = false;
        layer.on("add", function() {
            if (filled) { return; }
            filled = true;
            g.footprints.forEach(function(j) { layer.addLayer(footprint(data.footprints.features[j])); });
            g.places.forEach(function(j) { layer.addLayer(placeMarker(data.places.features[j])); });
        });
    });
})();
"""
