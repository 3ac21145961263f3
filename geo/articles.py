"""Articles: where they are read, and the dates found in them.

Reading lives in :mod:`geo.readers` (one module per format on a shared walker and
decoder); its public names are importable from here too, as they always were
(``from geo.articles import read_articles``). This module keeps the article date
finding: the first date near the top of a text, and dates given by a source turned
into ``YYYY-MM-DD`` when they can be.
"""

from __future__ import annotations

import datetime as _dt
import heapq
import importlib
import re

__all__ = ["ArticleFile", "ArticleStream", "SkippedFile", "iter_article_files", "read_article",  # noqa: F822
           "read_articles"]

# The reading API, imported on first use: geo.readers imports the dates below.
_READERS = {
    "ArticleFile": "geo.readers",
    "ArticleStream": "geo.readers",
    "iter_article_files": "geo.readers",
    "read_article": "geo.readers",
    "read_articles": "geo.readers",
    "EXTENSIONS": "geo.readers",
    "STDIN_ID": "geo.readers",
    "DEFAULT_FIELDS": "geo.readers",
    "SkippedFile": "geo.readers",
}


def __getattr__(name):
    module = _READERS.get(name)
    if module is None:
        raise AttributeError(f"module 'geo.articles' has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)


# ------------------------------------------------------------------------------ dates

_MONTHS_EN = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
_MONTHS_CYR = {
    "января": 1, "февраля": 2, "марта": 3, "апреля": 4, "мая": 5, "июня": 6,
    "июля": 7, "августа": 8, "сентября": 9, "октября": 10, "ноября": 11, "декабря": 12,
    "січня": 1, "лютого": 2, "березня": 3, "квітня": 4, "травня": 5, "червня": 6,
    "липня": 7, "серпня": 8, "вересня": 9, "жовтня": 10, "листопада": 11, "грудня": 12,
}  # fmt: skip

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
# No leading \b, which would keep the engine from skipping to the months' first letters;
# _DATE checks the boundary.
_MONTH_WORD = re.compile(_MONTH_EN)


def _find_date(text: str) -> str:
    """Return the first date-like expression in the first lines of ``text``.

    ISO ``YYYY-MM-DD`` when it has a year, else the text as written; ``""`` if none.

    Examples
    --------
    >>> _find_date("Maryam Zakir-Hussain23 January 2024 14:38")
    '2024-01-23'
    >>> _find_date("Posted January 23, 2024."), _find_date("On 2024-01-23")
    ('2024-01-23', '2024-01-23')
    >>> _find_date("Mayor said on May 13 that"), _find_date("Today the 15th May, ...")
    ('May 13', '15th May')
    >>> _find_date("Обстрел 24 февраля 2022 года"), _find_date("no date here")
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
    starts = heapq.merge((m.start() for m in _DIGITS.finditer(head)),
                         (m.start() for m in _MONTH_WORD.finditer(head)))
    for pos in starts:
        m = _DATE.match(head, pos)
        if m:
            found = _date_from_match(m)
            if found:
                return found
    return ""


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


def _normalise_date(value) -> str:
    """Turn a date given by the source into ``YYYY-MM-DD`` when possible.

    Examples
    --------
    >>> _normalise_date("2024-01-23T14:38:00+02:00"), _normalise_date("Tue, 23 Jan 2024")
    ('2024-01-23', '2024-01-23')
    >>> _normalise_date("yesterday")
    'yesterday'
    """
    if value is None:
        return ""
    value = " ".join(str(value).split())
    m = _DATE.search(value)
    found = _date_from_match(m) if m else ""
    return found or value
