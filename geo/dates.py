"""Article dates as ISO 8601, with the year taken only from the article itself.

Scraped articles give dates as written: "2024-01-23", "February 24", "15th May", "Dec. 26",
"24 февраля 2022". :func:`normalise_date` turns them into ISO 8601:

* a full date becomes ``YYYY-MM-DD``;
* a day and month without a year take the year of the article's own metadata (a
  ``/2023/05/`` in its URL or path) or, failing that, the year its text names most
  (more than half of the years it names); the result says where the year came from;
* otherwise the year stays unknown and the date is ISO 8601's truncated ``--MM-DD``;
  nothing is guessed silently, and an unreadable date is ``""`` (undated).

Parsing is python-dateutil's, with Ukrainian and Russian month names added.

Reading an article, :func:`find_date` takes the first date near the top of its text and
:func:`source_date` writes a date its source gives as ``YYYY-MM-DD`` when it can.

Examples
--------
>>> normalise_date("2024-01-23T14:38:00+02:00").iso
'2024-01-23'
>>> normalise_date("May 13").iso, normalise_date("May 13").label
('--05-13', '13 May (year unknown)')
>>> d = normalise_date("Dec. 26", url="https://example.org/news/2022/12/26/story")
>>> d.iso, d.year_from, d.label
('2022-12-26', 'url', '26 Dec 2022 (year from the URL)')
>>> normalise_date("24 февраля 2022").iso, normalise_date("yesterday").iso
('2022-02-24', '')
"""

from __future__ import annotations

import codecs
import datetime as _dt
import heapq
import re
from collections import Counter
from dataclasses import dataclass

__all__ = ["ArticleDate", "normalise_date", "article_date", "find_date", "source_date"]

_MONTHS = [
    ("January", "Jan", "січня", "січень", "января", "январь", "янв"),
    ("February", "Feb", "лютого", "лютий", "февраля", "февраль", "фев"),
    ("March", "Mar", "березня", "березень", "марта", "март", "мар"),
    ("April", "Apr", "квітня", "квітень", "апреля", "апрель", "апр"),
    ("May", "травня", "травень", "мая", "май"),
    ("June", "Jun", "червня", "червень", "июня", "июнь"),
    ("July", "Jul", "липня", "липень", "июля", "июль"),
    ("August", "Aug", "серпня", "серпень", "августа", "август", "авг"),
    ("September", "Sep", "Sept", "вересня", "вересень", "сентября", "сентябрь", "сен"),
    ("October", "Oct", "жовтня", "жовтень", "октября", "октябрь", "окт"),
    ("November", "Nov", "листопада", "листопад", "ноября", "ноябрь", "ноя"),
    ("December", "Dec", "грудня", "грудень", "декабря", "декабрь", "дек"),
]
_SHORT = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
_YEAR = re.compile(r"(?<!\d)(19[5-9]\d|20\d\d)(?!\d)")
_PATH_YEAR = re.compile(r"(?:^|[/_-])(19[5-9]\d|20\d\d)(?:[/_-](0[1-9]|1[0-2]))?(?=[/_.-]|$)")
_ISO = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_YEAR_FROM_LABEL = {"date": "", "url": " (year from the URL)", "path": " (year from the file path)",
                    "text": " (year from the text)"}


def _parserinfo():
    from dateutil import parser

    class Info(parser.parserinfo):
        MONTHS = _MONTHS
        # "г." / "року" after a year in Cyrillic datelines
        JUMP = [*parser.parserinfo.JUMP, "г", "года", "року", "р", "of", "the"]

    return Info()


_INFO = None


@dataclass(frozen=True)
class ArticleDate:
    """An article's date in ISO 8601, and where its year came from.

    Attributes
    ----------
    iso : str
        ``YYYY-MM-DD``; ``--MM-DD`` when the year is unknown; ``""`` when undated.
    raw : str
        The date as the article gave it.
    year_from : str
        ``"date"`` (the date itself has it), ``"url"``, ``"path"`` or ``"text"``;
        ``""`` when the year is unknown.
    """

    iso: str
    raw: str
    year_from: str = ""

    @property
    def known(self) -> bool:
        """True when the full date, year included, is known."""
        return len(self.iso) == 10 and not self.iso.startswith("--")

    @property
    def label(self) -> str:
        """The date for people: "23 Jan 2024", "13 May (year unknown)", "undated"."""
        if not self.iso:
            return f"undated ({self.raw})" if self.raw else "undated"
        if self.iso.startswith("--"):
            return f"{int(self.iso[5:7])} {_SHORT[int(self.iso[2:4]) - 1]} (year unknown)"
        y, m, d = self.iso.split("-")
        return f"{int(d)} {_SHORT[int(m) - 1]} {y}{_YEAR_FROM_LABEL.get(self.year_from, '')}"


def _parse(raw: str) -> tuple[int | None, int, int] | None:
    """Return (year or None, month, day) of a date string, or None when it has no day and month."""
    global _INFO
    m = _ISO.match(raw)
    if m:
        try:
            d = _dt.date(*map(int, m.groups()))
        except ValueError:
            return None
        return d.year, d.month, d.day
    if len(raw) > 80 or not re.search(r"\d", raw):
        return None
    from dateutil import parser

    if _INFO is None:
        _INFO = _parserinfo()
    text = re.sub(r"(?<=\d)(st|nd|rd|th)\b", "", raw.replace(".", " "))
    try:
        # Parsed twice with different defaults: a field that changes with the default
        # was not in the string.
        a = parser.parse(text, _INFO, default=_dt.datetime(2000, 1, 1), fuzzy=True)
        b = parser.parse(text, _INFO, default=_dt.datetime(1996, 2, 2), fuzzy=True)
    except (ValueError, OverflowError, TypeError):
        return None
    if a.month != b.month or a.day != b.day:
        return None  # a year or a month alone is not a day
    return (a.year if a.year == b.year else None), a.month, a.day


def _year_from_metadata(url: str, path: str) -> tuple[int, str] | None:
    for where, value in (("url", url), ("path", path)):
        if value:
            m = _PATH_YEAR.search(value.replace("\\", "/"))
            if m:
                return int(m.group(1)), where
    return None


def _year_from_text(text: str) -> int | None:
    years = Counter(int(y) for y in _YEAR.findall(text[:20000]))
    if not years:
        return None
    year, n = years.most_common(1)[0]
    return year if n * 2 > sum(years.values()) else None


def normalise_date(raw: str | None, *, text: str = "", url: str = "", path: str = "") -> ArticleDate:
    """Return the ISO 8601 date of an article whose date is written ``raw``.

    Parameters
    ----------
    raw : str
        The date as the article or its source gave it.
    text, url, path : str
        The article's text, URL and file path, read only for a year when ``raw`` has none.

    Examples
    --------
    >>> normalise_date("15th May", text="Kharkiv, 2022. Today the 15th May in 2022.").iso
    '2022-05-15'
    >>> normalise_date("February 24", text="In 2022 and 2023 and 2024.").iso
    '--02-24'
    >>> normalise_date("").iso, normalise_date("").label
    ('', 'undated')
    """
    raw = " ".join(str(raw or "").split())
    if not raw:
        return ArticleDate("", "")
    parsed = _parse(raw)
    if parsed is None:
        return ArticleDate("", raw)
    year, month, day = parsed
    year_from = "date" if year is not None else ""
    if year is None:
        found = _year_from_metadata(url, path)
        if found:
            year, year_from = found
        else:
            year = _year_from_text(text)
            year_from = "text" if year is not None else ""
    if year is None:
        return ArticleDate(f"--{month:02d}-{day:02d}", raw)
    try:
        return ArticleDate(_dt.date(year, month, day).isoformat(), raw, year_from)
    except ValueError:  # 29 February of a year that has none
        return ArticleDate(f"--{month:02d}-{day:02d}", raw)


def article_date(article) -> ArticleDate:
    """Return the ISO date of a :class:`geo.records.Article` (its date, text, URL and path).

    Examples
    --------
    >>> from geo.records import Article
    >>> article_date(Article("a", "Talks in 2023 went on. In 2023 too.", date="Dec. 26")).iso
    '2023-12-26'
    """
    return normalise_date(article.date, text=article.text or "", url=article.url or "", path=article.path or "")


# -- dates as the readers find them ------------------------------------------------

_MONTHS_EN = {s.lower(): i + 1 for i, s in enumerate(_SHORT)}
# The genitives ("24 февраля", "24 лютого"): in each row of _MONTHS the Cyrillic forms
# come as Ukrainian genitive, nominative, then Russian genitive, nominative.
_MONTHS_CYR = {w: i + 1 for i, forms in enumerate(_MONTHS)
               for w in [f for f in forms if not f.isascii()][0:3:2]}

# Capitalised only: "may" and "march" are common English words.
_MONTH_EN = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
    r"|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\b\.?"
)
_MONTH_CYR = "(?i:" + "|".join(_MONTHS_CYR) + r")\b"
_ORD = r"(?:st|nd|rd|th)?"
# (?<!\d) rather than \b before numbers: scraped bylines glue names to dates
# ("Maryam Zakir-Hussain23 January 2024").
_DATE = re.compile(
    rf"""
      (?<!\d)(?P<iy>\d{{4}})-(?P<im>\d{{1,2}})-(?P<id>\d{{1,2}})(?!\d)
    | (?<!\d)(?P<dd>\d{{1,2}}){_ORD}(?:\s+of)?\s+(?P<dm>{_MONTH_EN})(?:,?\s+(?P<dy>\d{{4}})(?!\d))?
    | \b(?P<mm>{_MONTH_EN})\s+(?P<md>\d{{1,2}}){_ORD}(?!\d)(?:,?\s+(?P<my>\d{{4}})(?!\d))?
    | (?<![\d.])(?P<nd>\d{{1,2}})\.(?P<nm>\d{{1,2}})\.(?P<ny>\d{{4}})(?![\d])
    | (?<!\d)(?P<cd>\d{{1,2}})\s+(?P<cm>{_MONTH_CYR})(?:\s+(?P<cy>\d{{4}})(?!\d))?
    """,
    re.X,
)
_DATE_LINES = 40
_DATE_CHARS = 3000
_DIGITS = re.compile(r"\d+")
# ASCII digits to "0", every other byte to a space.
_DIGIT_MARKS = bytes(48 if 48 <= b <= 57 else 32 for b in range(256))
# No leading \b, which would keep the engine from skipping to the months' first letters;
# _DATE checks the boundary.
_MONTH_WORD = re.compile(_MONTH_EN)


def find_date(text: str) -> str:
    """Return the first date-like expression in the first lines of ``text``.

    ISO ``YYYY-MM-DD`` when it has a year, else the text as written; ``""`` if none.

    Examples
    --------
    >>> find_date("Maryam Zakir-Hussain23 January 2024 14:38")
    '2024-01-23'
    >>> find_date("Posted January 23, 2024."), find_date("On 2024-01-23")
    ('2024-01-23', '2024-01-23')
    >>> find_date("Mayor said on May 13 that"), find_date("Today the 15th May, ...")
    ('May 13', '15th May')
    >>> find_date("Обстрел 24 февраля 2022 года"), find_date("no date here")
    ('2022-02-24', '')
    """
    head = text
    cut = -1
    for _ in range(_DATE_LINES):
        cut = text.find("\n", cut + 1)
        if cut < 0:
            break
    if cut >= 0:
        head = text[:cut]
    # A dateline sits near the top; one-paragraph articles would otherwise be scanned whole.
    head = head[:_DATE_CHARS]
    # A date starts with a run of digits or an English month name: try the (slow) date
    # pattern only there, in text order, rather than searching with it.
    starts = heapq.merge(_digit_runs(head), (m.start() for m in _MONTH_WORD.finditer(head)))
    for pos in starts:
        m = _DATE.match(head, pos)
        if m:
            found = _date_from_match(m)
            if found:
                return found
    return ""


def _digit_runs(head: str):
    """Yield where each run of digits in ``head`` starts, as ``_DIGITS.finditer`` would.

    The text is searched as bytes marked by a translation table, a quarter of the
    regular expression's time; its non-ASCII characters (some ten curly quotes and
    dashes in English news) are marked by an encoding error handler, which marks a
    decimal digit of any script a digit, as ``\\d`` has it.
    """
    find = head.encode("ascii", _DIGIT_ERRORS).translate(_DIGIT_MARKS).find
    pos = find(b"0")
    while pos >= 0:
        yield pos
        end = find(b" ", pos)
        if end < 0:
            return
        pos = find(b"0", end)


def _mark_digits(exc: UnicodeEncodeError) -> tuple[str, int]:
    return "".join(["0" if c.isdecimal() else " " for c in exc.object[exc.start:exc.end]]), exc.end


_DIGIT_ERRORS = "geo.dates.digit-marks"
codecs.register_error(_DIGIT_ERRORS, _mark_digits)


def _date_from_match(m: re.Match) -> str:
    g = m.groupdict()
    if g["iy"]:
        year, month, day = g["iy"], g["im"], g["id"]
    elif g["dm"]:
        year, month, day = g["dy"], _MONTHS_EN[g["dm"][:3].lower()], g["dd"]
    elif g["mm"]:
        year, month, day = g["my"], _MONTHS_EN[g["mm"][:3].lower()], g["md"]
    elif g["nm"]:
        year, month, day = g["ny"], g["nm"], g["nd"]
    else:
        year, month, day = g["cy"], _MONTHS_CYR[g["cm"].lower()], g["cd"]
    try:
        # Leap year 2000 lets "February 29" without a year through.
        date = _dt.date(int(year) if year else 2000, int(month), int(day))
    except ValueError:
        return ""
    return date.isoformat() if year else m.group(0).rstrip(".")


def source_date(value) -> str:
    """Turn a date given by the source into ``YYYY-MM-DD`` when possible.

    Examples
    --------
    >>> source_date("2024-01-23T14:38:00+02:00"), source_date("Tue, 23 Jan 2024")
    ('2024-01-23', '2024-01-23')
    >>> source_date("yesterday")
    'yesterday'
    """
    if value is None:
        return ""
    value = " ".join(str(value).split())
    m = _DATE.search(value)
    found = _date_from_match(m) if m else ""
    return found or value
