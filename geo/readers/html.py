"""Saved web pages: the article's text without the page's boilerplate.

The text is the main element's (the longest ``<article>``, else ``<main>``, else
``<body>``), blocks on lines of their own, navigation, scripts, forms and hidden
elements dropped. Title, canonical URL and publication date come from the page's
metadata when it has them.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from geo.readers.article import OnSkip, http_url, make_article
from geo.records import Article

_DROP_TAGS = frozenset(
    "script style noscript template nav header footer aside form iframe svg canvas "
    "button select option input textarea dialog menu".split()
)
_DROP_ROLES = frozenset({"navigation", "banner", "contentinfo", "complementary", "search"})
_BLOCK_TAGS = frozenset(
    "address article blockquote body dd details div dl dt fieldset figcaption figure h1 "
    "h2 h3 h4 h5 h6 hr li main ol p pre section summary table tbody thead tfoot tr td th "
    "ul caption center".split()
)
_CELL_TAGS = frozenset({"td", "th"})
_END = object()

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)


def declared_charset(data: bytes) -> str | None:
    """Return the encoding a page names in its ``<meta charset>``, if any.

    Examples
    --------
    >>> declared_charset(b'<html><head><meta charset="windows-1251">')
    'windows-1251'
    """
    match = _META_CHARSET.search(data[:4096])
    return match.group(1).decode("ascii") if match else None


#: Elements nested deeper than this are flattened into their ancestor at this depth
#: (Chromium's HTML parser stops nesting at 512 too). HTML parsers take time quadratic in
#: the depth: 200,000 nested ``<div>`` took minutes.
MAX_DEPTH = 512

# [^<>]: a "<" without its ">" must not make every later "<" scan to the end of the page.
_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9-]*)\b[^<>]*?(/?)>")
# Elements a parser closes by itself (a new <p> ends the last one) or never opens.
_NOT_NESTING = frozenset(
    "p li dt dd tr td th thead tbody tfoot option optgroup rb rt rp colgroup caption "
    "area base br col embed hr img input link meta param source track wbr".split()
)


def flatten_deep_nesting(html: str, max_depth: int = MAX_DEPTH) -> str:
    """Return ``html`` with the tags nested deeper than ``max_depth`` removed, text kept.

    A page nested less deeply is returned as it is.

    Examples
    --------
    >>> flatten_deep_nesting("<div><div><b>Kyiv</b></div></div>", max_depth=1)
    '<div>Kyiv</div>'
    >>> page = "<div><p>Lviv</p></div>"
    >>> flatten_deep_nesting(page) is page
    True
    """
    depth = deepest = 0
    for m in _TAG.finditer(html):
        if m.group(3) or m.group(2).lower() in _NOT_NESTING:
            continue
        depth = max(0, depth - 1) if m.group(1) else depth + 1
        deepest = max(deepest, depth)
        if deepest > max_depth:
            break
    if deepest <= max_depth:
        return html
    depth = dropped = 0

    def keep(m: re.Match) -> str:
        nonlocal depth, dropped
        if m.group(3) or m.group(2).lower() in _NOT_NESTING:
            return m.group(0)
        if m.group(1):
            if dropped:
                dropped -= 1
                return ""
            depth = max(0, depth - 1)
            return m.group(0)
        if depth >= max_depth:
            dropped += 1
            return ""
        depth += 1
        return m.group(0)

    return _TAG.sub(keep, html)


def read_html(text: str, ident: str, where: str, on_skip: OnSkip) -> Iterator[Article]:
    """Yield the article of a saved web page (none, reported to ``on_skip``, if it has no text)."""
    from selectolax.lexbor import LexborHTMLParser  # only needed when there is HTML

    try:
        tree = LexborHTMLParser(flatten_deep_nesting(text))
        title = _html_title(tree)
        url = _html_url(tree)
        date = _html_date(tree)
        body = _html_text(_html_root(tree))
    except Exception as exc:  # noqa: BLE001 - a malformed page must not stop the run
        on_skip(where, f"could not parse HTML ({type(exc).__name__}), skipped")
        return
    if not body.strip():
        on_skip(where, "no text in HTML page, skipped")
        return
    yield make_article(ident, body, where, title=title, date=date, url=url)


def _meta(tree, *selectors: str) -> str:
    for selector in selectors:
        node = tree.css_first(selector)
        if node is not None:
            value = node.attributes.get("content") or node.attributes.get("datetime") or ""
            value = " ".join(value.split())
            if value:
                return value
    return ""


def _html_title(tree) -> str:
    title = _meta(tree, 'meta[property="og:title"]', 'meta[name="twitter:title"]')
    if not title:
        for selector in ("title", "h1"):
            node = tree.css_first(selector)
            if node is not None:
                title = " ".join(node.text(deep=True).split())
                if title:
                    break
    return title


def _html_url(tree) -> str:
    for node in tree.css('link[rel="canonical"]'):
        url = http_url(node.attributes.get("href"))
        if url:
            return url
    return http_url(_meta(tree, 'meta[property="og:url"]'))


def _html_date(tree) -> str:
    return _meta(
        tree,
        'meta[property="article:published_time"]',
        'meta[property="og:published_time"]',
        'meta[itemprop="datePublished"]',
        'meta[name="pubdate"]',
        'meta[name="publishdate"]',
        'meta[name="date"]',
        'meta[name="dc.date"]',
        "time[datetime]",
    )


def _html_root(tree):
    # Several <article>s usually means teasers around the real one: take the longest.
    articles = tree.css("article")
    if articles:
        best = max(articles, key=lambda n: len(n.text(deep=True, strip=True)))
        if best.text(deep=True, strip=True):
            return best
    main = tree.css_first("main")
    if main is not None and main.text(deep=True, strip=True):
        return main
    return tree.body if tree.body is not None else tree.root


def _html_text(root) -> str:
    """Text of an element: blocks on lines of their own, boilerplate elements dropped."""
    if root is None:
        return ""
    parts: list[str] = []
    stack: list = [root]
    while stack:
        node = stack.pop()
        if node is _END:
            parts.append("\n")
            continue
        if node.is_text_node:
            parts.append(node.text_content or "")
            continue
        if not node.is_element_node:
            continue
        tag = node.tag
        attrs = node.attributes
        if (
            tag in _DROP_TAGS
            or (attrs.get("role") or "").lower() in _DROP_ROLES
            or "hidden" in attrs
            or (attrs.get("aria-hidden") or "").lower() == "true"
        ):
            continue
        if tag == "br":
            parts.append("\n")
            continue
        if tag in _CELL_TAGS:
            parts.append(" ")
        elif tag in _BLOCK_TAGS:
            parts.append("\n")
            stack.append(_END)
        stack.extend(reversed(list(node.iter(include_text=True))))
    lines = (" ".join(line.split()) for line in "".join(parts).split("\n"))
    return "\n".join(line for line in lines if line)
