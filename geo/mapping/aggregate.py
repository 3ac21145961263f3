"""Mentions merged into places: one record per place, with its spellings and articles.

Mentions are merged by GeoNames id (places from online geocoders, whose geonameid is 0,
by service and service id). The kind styles, marker radii and the sentence around a
mention are decided here, once, for every layer.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from geo.mapping.areas import area_filter
from geo.mapping.safety import safe_url
from geo.records import Article, Extraction, Mention, Place

__all__ = ["KIND_STYLES", "OTHER_STYLE", "MINOR_KINDS", "BROAD_KINDS", "RADIUS_MAX", "places_frame", "collect"]


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

_SENTENCE_END = re.compile(r"[.!?…](?=[\s\"”’)\]]|$)|\n")


def place_key(place: Place) -> tuple:
    """Return the key mentions of one place share: its geonameid, else its source id."""
    if place.geonameid:
        return ("geonames", place.geonameid)
    if place.source_id:
        return (place.source, place.source_id)
    return ("name", place.name, round(place.lat, 5), round(place.lon, 5))


def style(kind: str) -> tuple[str, str]:
    """Return (colour, legend label) of a feature kind."""
    return KIND_STYLES.get(kind, OTHER_STYLE)


def radius(count: int, minor: bool) -> float:
    """Return a marker's radius in pixels for a mention count."""
    if minor:
        r = MINOR_RADIUS_BASE + MINOR_RADIUS_SCALE * math.sqrt(count)
        return round(min(r, MINOR_RADIUS_MAX), 1)
    return round(min(RADIUS_BASE + RADIUS_SCALE * math.sqrt(count), RADIUS_MAX), 1)


def snippet(text: str, start: int, end: int) -> tuple[str, str, str]:
    """Return ``(before, mention, after)``: the sentence around ``text[start:end]``.

    Examples
    --------
    >>> snippet("Calm in Lviv. Shelling hit Kharkiv overnight. More later.", 27, 34)
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


def span_ok(text: str, m: Mention) -> bool:
    """Return True when the mention's span holds its text in the article."""
    return bool(text) and 0 <= m.start < m.end <= len(text) and text[m.start : m.end] == m.text


@dataclass
class ArticleInfo:
    """One input article: its index, whether it gets a local page, its kept mentions."""

    index: int
    article: Article
    url: str | None
    page: str | None = None  # "articles/<safe>.html" when a highlighted copy is written
    kept: list[Mention] = field(default_factory=list)


@dataclass
class PlaceAgg:
    """One place: its mention count, the spellings used, its mentions by article index."""

    key: tuple
    place: Place
    count: int = 0
    spellings: dict[str, int] = field(default_factory=dict)
    by_article: dict[int, list[Mention]] = field(default_factory=dict)


def collect(extractions, *, min_score, countries, area) -> tuple[dict, list[ArticleInfo]]:
    """Aggregate kept mentions by place; return (places by key, one ArticleInfo per extraction)."""
    places: dict[tuple, PlaceAgg] = {}
    arts: list[ArticleInfo] = []
    for ex in extractions:
        a = ex.article
        info = ArticleInfo(len(arts), a, safe_url(a.url))
        for m in ex.mentions:
            p = m.place
            if p is None or m.score < min_score:
                continue
            if not countries and p.feature in MINOR_KINDS:
                continue
            if not (math.isfinite(p.lat) and math.isfinite(p.lon)):
                continue
            key = place_key(p)
            agg = places.get(key)
            if agg is None:
                agg = places[key] = PlaceAgg(key, p)
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
                info.kept = [m for m in info.kept if place_key(m.place) not in drop]
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

    places, _ = collect(extractions, min_score=min_score, countries=countries,
                         area=area_filter(bbox, within))
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
