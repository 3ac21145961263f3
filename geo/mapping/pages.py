"""The highlighted copies of the articles written next to the map (``articles/*.html``).

Each copy has every place mention highlighted with the anchor ``m-<offset>``, so a popup's
passage link lands on the exact mention; the copies allow no script at all (their
Content-Security-Policy). Pages a previous run wrote that the new map no longer links to
are removed: only files named like geo's pages whose head carries geo's generator mark.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

from geo.mapping.aggregate import ArticleInfo, place_key, span_ok
from geo.mapping.safety import clip, safe_name
from geo.mapping.templates import env
from geo.records import Article, Mention

__all__ = ["ARTICLE_LINKS", "GENERATOR", "article_title", "assign_pages", "links", "article_page", "stale_pages"]

ARTICLE_LINKS = ("auto", "local", "url", "none")

#: The ``<meta name="generator">`` every page geo writes carries: how stale pages are recognised.
GENERATOR = "geo-news map"

_PAGE_NAME = re.compile(r"[A-Za-z0-9_-]+-[0-9a-f]{8}(?:-\d+)?\.html")


def article_title(a: Article) -> str:
    """Return the title shown for an article (its id when it has none), clipped."""
    return clip(a.title or a.id or "Untitled article", 200)


def assign_pages(arts: list[ArticleInfo], article_links: str) -> None:
    """Decide which articles get a highlighted local copy, with unique safe names."""
    if article_links not in ("auto", "local"):
        return
    used: set[str] = set()
    for info in arts:
        if not info.kept or not info.article.text:
            continue
        if not any(span_ok(info.article.text, m) for m in info.kept):
            continue
        stem = safe_name(info.article.id)
        n = 2
        while stem in used:
            stem = f"{safe_name(info.article.id)}-{n}"
            n += 1
        used.add(stem)
        info.page = f"articles/{stem}.html"


def links(info: ArticleInfo, article_links: str, m: Mention | None):
    """Return (title href, passage href) for an article (and one of its mentions)."""
    if article_links == "none":
        return None, None
    anchor = None
    if info.page and m is not None and span_ok(info.article.text, m):
        anchor = f"{info.page}#m-{m.start}"
    if article_links == "url":
        return info.url, info.url
    if article_links == "local":
        return info.page or info.url, anchor or info.page or info.url
    return info.url or info.page, anchor or info.url  # auto



def article_page(info: ArticleInfo, all_mentions: Sequence[Mention], places_shown: set, map_name: str) -> str:
    """Render the highlighted copy of one article."""
    from urllib.parse import quote

    text = info.article.text
    segments, pos = [], 0
    kept_ids = {id(m) for m in info.kept}
    for m in sorted(all_mentions, key=lambda m: (m.start, -m.end)):
        if m.place is None or m.start < pos or not span_ok(text, m):
            continue
        if m.start > pos:
            segments.append({"mark": False, "text": text[pos:m.start]})
        shown = id(m) in kept_ids and place_key(m.place) in places_shown
        p = m.place
        label = f"{p.name} ({', '.join(x for x in (p.admin1, p.country_code) if x) or p.feature})"
        segments.append({"mark": True, "text": m.text, "start": m.start, "label": label,
                         "cls": "geo-mention" if shown else "geo-mention geo-off"})
        pos = m.end
    if pos < len(text):
        segments.append({"mark": False, "text": text[pos:]})
    return env().get_template("article.html").render(
        lang="en", title=article_title(info.article), date=clip(info.article.date, 40),
        url=info.url, map_href="../" + quote(map_name), segments=segments,
        n_mentions=sum(1 for s in segments if s["mark"]),
    )



def stale_pages(folder: Path, keep: set[str]) -> list[Path]:
    """Return the article pages in ``folder`` that geo wrote and that are not in ``keep``.

    A file counts as geo's when its name is one :func:`geo.mapping.safety.safe_name`
    gives and its first kilobyte has geo's generator mark (or, for pages of earlier
    versions, their exact Content-Security-Policy); anything else is left alone.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (d / "old-0123abcd.html").write_text(f'<meta name="generator" content="{GENERATOR}">')
    >>> _ = (d / "mine-0123abcd.html").write_text("<p>my own notes</p>")
    >>> [p.name for p in stale_pages(d, keep=set())]
    ['old-0123abcd.html']
    """
    if not folder.is_dir():
        return []
    marks = (f'<meta name="generator" content="{GENERATOR}">',
             # pages written before the generator mark carried this exact policy
             "content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">\n<title>")
    out = []
    for p in sorted(folder.iterdir()):
        if p.name in keep or not _PAGE_NAME.fullmatch(p.name) or not p.is_file():
            continue
        try:
            with p.open(encoding="utf-8", errors="replace") as fh:
                head = fh.read(1024)
        except OSError:
            continue
        if any(mark in head for mark in marks):
            out.append(p)
    return out
