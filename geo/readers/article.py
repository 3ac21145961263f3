"""What every reader shares once it has a text: fields, titles, URLs, the size policy.

A reader turns a file into texts and metadata; :func:`make_article` turns those into an
:class:`geo.records.Article` the same way for every format.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Callable

from geo.dates import find_date, source_date
from geo.records import Article

#: Field names tried, in order, when no ``*_field`` option names one.
DEFAULT_FIELDS = {
    "text": ("text", "body", "content"),
    "title": ("title", "headline"),
    "url": ("url", "link"),
    "date": ("date", "published", "published_at", "publish_date", "pubDate"),
    "id": ("id",),
}

#: The largest article geo reads, in MB, unless ``GEO_MAX_ARTICLE_MB`` or the
#: ``max_article_mb`` argument of :func:`geo.readers.read_articles` says otherwise.
#: Matching a text costs about 20 times its size in memory; a news article is rarely
#: over 1 MB, and a file past this is more likely a dump than an article.
MAX_ARTICLE_MB = 10.0

OnSkip = Callable[[str, str], None]


class SkippedFile(UserWarning):
    """Warning issued for a file or record that was skipped, when no ``on_skip`` is given."""


def warn(path: str, reason: str) -> None:
    """Warn, the default ``on_skip``: a :class:`SkippedFile` warning."""
    warnings.warn(f"{path}: {reason}", SkippedFile, stacklevel=3)


def max_article_bytes(max_article_mb: float | None = None) -> int:
    """Return the size cap for one article, in bytes (see :data:`MAX_ARTICLE_MB`).

    Raises
    ------
    geo.errors.InputError
        If ``GEO_MAX_ARTICLE_MB`` or ``max_article_mb`` is not a positive number.

    Examples
    --------
    >>> max_article_bytes(1.5)
    1572864
    """
    from geo.errors import InputError
    from geo.settings import max_article_mb as from_env

    value = max_article_mb
    if value is None:
        env = from_env()
        if env:
            try:
                value = float(env)
            except ValueError:
                raise InputError(f"GEO_MAX_ARTICLE_MB={env!r} is not a number of megabytes") from None
        else:
            value = MAX_ARTICLE_MB
    if not value > 0:
        raise InputError(f"the article size limit must be a positive number of MB, not {value}")
    return int(value * (1 << 20))


def too_big(size: int, cap: int) -> str:
    """Return the reason given for an article over the size cap.

    Examples
    --------
    >>> too_big(30 << 20, 10 << 20)
    'article of 30 MB is over the 10 MB limit (GEO_MAX_ARTICLE_MB), skipped'
    """
    return (f"article of {size / (1 << 20):.3g} MB is over the {cap / (1 << 20):.3g} MB limit "
            "(GEO_MAX_ARTICLE_MB), skipped")


class Fields:
    """The field / column names chosen by the caller (None: use the defaults)."""

    __slots__ = ("text", "title", "id", "url", "date")

    def __init__(self, text=None, title=None, id_=None, url=None, date=None):
        self.text, self.title, self.id, self.url, self.date = text, title, id_, url, date

    def explicit(self) -> dict[str, str]:
        """Return the fields the caller named, by key."""
        return {k: getattr(self, k) for k in self.__slots__ if getattr(self, k)}

    def candidates(self, key: str) -> tuple[str, ...]:
        """Return the names tried for ``key``, in order."""
        chosen = getattr(self, key)
        return (chosen,) if chosen else DEFAULT_FIELDS[key]


def make_article(ident: str, text: str, where: str, *, title="", date="", url="", body: str | None = None,
                 markdown: bool = False) -> Article:
    """Build the :class:`Article` of a text and what its source says about it.

    A missing title is the first headline-like line of ``body`` (default: ``text``), a
    missing date the first date near its top; ``url`` is kept only if http(s).
    """
    body = text if body is None else body
    title = shorten(" ".join(str(title).split())) if title not in (None, "") else ""
    return Article(
        id=ident,
        text=text,
        title=title or guess_title(body, markdown),
        date=source_date(date) or find_date(body),
        url=http_url(url),
        path=where,
    )


def http_url(value) -> str:
    """Return ``value`` if it is an absolute http(s) URL, else ``""``.

    Examples
    --------
    >>> http_url(" https://kyivindependent.com/a "), http_url("javascript:alert(1)")
    ('https://kyivindependent.com/a', '')
    """
    if not value or not isinstance(value, str):  # most articles have none: no regex for them
        return ""
    value = value.strip()
    return value if _HTTP.match(value) else ""


_HTTP = re.compile(r"https?://[^\s/]", re.I)


# Lines that open scraped articles but are not their headline: ad markers, site logos'
# alt text, section labels, reading times, bylines, counters and image links.
_BOILERPLATE = re.compile(
    r"""^(?:
        \[ad_\d+\]
      | [-–—\s]*advert(?:isement)?[-–—\s]*
      | sponsored(?:\s+content)?
      | site\s+icon\b.*
      | news\s*feed | breaking(?:\s+news)? | latest(?:\s+news)? | live(?:\s+updates?)?
      | home | menu | skip\s+to\s+(?:main\s+)?content | share(?:\s+this(?:\s+article)?)?
      | subscribe | follow\s+us | print | e-?mail | facebook | twitter | whatsapp | telegram
      | related(?:\s+(?:articles|news|stories))?
      | \d+\s*min(?:ute)?s?\s+read
      | by\s+\S+(?:\s+\S+){0,4}
      | (?:photo|image|video)(?:\s*:.*)?
      | !\[[^\]]*\]\([^)]*\).*
    )$""",
    re.I | re.X,
)
_LETTER = re.compile(r"[^\W\d_]")
_TITLE_MAX = 250
_TITLE_LINES = 40


def guess_title(text: str, markdown: bool = False) -> str:
    r"""Return the first line that looks like a headline.

    Examples
    --------
    >>> guess_title("[ad_1]\n\nSite icon NewsWep\nRussia asks NATO to stop\nBody")
    'Russia asks NATO to stop'
    >>> guess_title("## Strikes on Dnipro ##\ntext", markdown=True)
    'Strikes on Dnipro'
    """
    first = ""
    # Only the first lines are read: spare splitting a whole long text into lines.
    end, pos = 0, -1
    for _ in range(_TITLE_LINES):
        end = text.find("\n", pos + 1)
        if end < 0:
            break
        pos = end
    head = text if end < 0 else text[:pos]
    for n, raw in enumerate(head.splitlines()):
        if n >= _TITLE_LINES:
            break
        # A title is at most _TITLE_MAX characters: spare splitting a one-line article.
        line = _single_spaced(raw[: 4 * _TITLE_MAX])
        if len(line) <= _TITLE_MAX < len(raw):
            line = " ".join(raw.split())
        if markdown:
            line = line.lstrip("#").rstrip("#").strip()
        if not line:
            continue
        first = first or line
        if _BOILERPLATE.match(line) or not _LETTER.search(line):
            continue
        return shorten(line)
    return shorten(first)


def _single_spaced(text: str) -> str:
    """Return ``" ".join(text.split())``, without splitting text already in that form.

    Most lines are: words between single spaces. The space is the one whitespace
    character ``isprintable()`` accepts, so such a line is told by two scans in C
    rather than cut into its words and joined again.

    >>> _single_spaced("Strikes on Dnipro"), _single_spaced(" Strikes\ton\u00a0 Dnipro ")
    ('Strikes on Dnipro', 'Strikes on Dnipro')
    """
    if text.isprintable() and "  " not in text and text[:1] != " " and text[-1:] != " ":
        return text
    return " ".join(text.split())


def shorten(title: str) -> str:
    """Cut a title to at most 250 characters at a word boundary, marked with an ellipsis."""
    # A file with no line breaks would otherwise make the whole article its own title.
    if len(title) <= _TITLE_MAX:
        return title
    return title[:_TITLE_MAX].rsplit(" ", 1)[0].rstrip(" ,;:") + "…"
