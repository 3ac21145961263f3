"""Place-name normalisation and spelling variants.

Two spellings of one place should meet at one *key*. :func:`fold` makes the key (case,
diacritics, apostrophes, hyphens, "St."/"Saint"); :func:`latin_variants` writes Latin
forms of a Cyrillic name in the transliteration schemes news agencies actually use
(Ukrainian national KMU 2010, BGN/PCGN, British, German, French, ALA-LC; Russian
Wikipedia, BGN/PCGN, GOST, Yandex, ...), so *Syevyerodonets'k*, *Sievierodonetsk* and
*Severodonetsk* all reach the same place even where GeoNames lacks that exact spelling.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

__all__ = [
    "fold",
    "is_cyrillic",
    "latin_variants",
    "split_admin_suffix",
    "split_qualifier",
]

# Every way an apostrophe or soft sign is written in transliterated names; they are
# dropped, so Kup'yans'k, Kup’yans’k and Kupyansk share one key.
APOSTROPHES = "'’ʼ`‘′´ʹʻ\u02bc\u02b9\u2032"
# Dots go too, so "U.S." is "US" and "St. Petersburg" is "St Petersburg".
_DROP = str.maketrans("", "", APOSTROPHES + ".")
_SEPARATORS = re.compile(r"[\s\-‐‑‒–—―_,;:/()\[\]\"“”«»]+")
# Abbreviations that name the same thing in full.
_ABBREVIATIONS = {"st": "saint", "ste": "sainte", "mt": "mount", "ft": "fort"}
# Suffixes that turn a name into its administrative region ("Donetsk Oblast").
_ADMIN_SUFFIXES = (
    "oblast",
    "region",
    "province",
    "governorate",
    "krai",
    "kray",
    "raion",
    "district",
    "state",
    "county",
    "voivodeship",
    "obl",
)
_ADMIN_SUFFIX_RE = re.compile(
    r"^(?:the\s+)?(?P<base>.+?)[\s\-]+(?P<suffix>" + "|".join(_ADMIN_SUFFIXES) + r")\.?$",
    re.IGNORECASE,
)
_CYRILLIC = re.compile(r"[\u0400-\u04FF]")


@lru_cache(maxsize=65536)
def fold(name: str) -> str:
    """Return the matching key of a place name.

    Case, diacritics, apostrophes, hyphens, dots and repeated spaces are folded away,
    and St./Mt./Ft. are written out. Cyrillic and other scripts keep their letters
    (only their diacritics go: й→и, ё→е, ї→і), so Cyrillic names match Cyrillic input.

    Parameters
    ----------
    name : str
        A place name in any script.

    Returns
    -------
    str
        The key; ``""`` for a name with no letters or digits.

    Examples
    --------
    >>> fold("Kup'yans'k") == fold("Kupyansk") == fold("KUP’YANS’K")
    True
    >>> fold("Sievierodonetsk"), fold("St. Petersburg"), fold("Zaporizhzhia-Sich")
    ('sievierodonetsk', 'saint petersburg', 'zaporizhzhia sich')
    >>> fold("U.S."), fold("Washington, D.C.")
    ('us', 'washington dc')
    >>> fold("Київ"), fold("Москва́")
    ('киів', 'москва')
    """
    s = unicodedata.normalize("NFKD", name.translate(_DROP).casefold())
    s = "".join(ch for ch in s if not unicodedata.combining(ch))
    s = s.translate(_DROP)
    words = _SEPARATORS.sub(" ", s).split()
    return " ".join(_ABBREVIATIONS.get(w, w) for w in words)


def is_cyrillic(name: str) -> bool:
    """Return True when ``name`` has Cyrillic letters.

    Examples
    --------
    >>> is_cyrillic("Харків"), is_cyrillic("Kharkiv")
    (True, False)
    """
    return bool(_CYRILLIC.search(name))


def _ukrainian_tables():
    import translitua

    names = (
        "UkrainianKMU",
        "UkrainianBGN",
        "UkrainianBritish",
        "UkrainianGerman",
        "UkrainianFrench",
        "UkrainianALALC",
        "UkrainianSimple",
        "UkrainianPassport2004Alt",
        "UkrainianWWS",
    )
    return translitua.translit, [getattr(translitua, n) for n in names if hasattr(translitua, n)]


def _russian_schemas():
    import iuliia

    names = ("WIKIPEDIA", "BGN_PCGN", "BS_2979", "GOST_779", "MOSMETRO", "YANDEX_MAPS", "ICAO_DOC_9303", "SCIENTIFIC",
             "TELEGRAM")
    return [getattr(iuliia, n) for n in names if hasattr(iuliia, n)]


_TABLES = None


def latin_variants(name: str, lang: str = "") -> set[str]:
    """Return the folded Latin transliterations of a Cyrillic place name.

    Ukrainian schemes are applied to names with Ukrainian letters (і ї є ґ) or when
    ``lang == "uk"``; Russian schemes always, since Russian-language news spells
    Ukrainian places the Russian way too ("Mala Rogan" for Мала Рогань).

    Parameters
    ----------
    name : str
        A Cyrillic name; other names give an empty set.
    lang : str, optional
        ``"uk"`` or ``"ru"`` when the language is known.

    Returns
    -------
    set of str
        Folded keys (see :func:`fold`), without the name's own key.

    Examples
    --------
    >>> v = latin_variants("Сєвєродонецьк")
    >>> sorted(k for k in ("sievierodonetsk", "syevyerodonetsk") if k in v)
    ['sievierodonetsk', 'syevyerodonetsk']
    >>> "severodonetsk" in latin_variants("Северодонецк")
    True
    >>> {"kyiv", "kyyiv"} <= latin_variants("Київ")
    True
    >>> "mala rogan" in latin_variants("Мала Рогань")
    True
    >>> latin_variants("Kharkiv")
    set()
    """
    global _TABLES
    if not is_cyrillic(name):
        return set()
    if _TABLES is None:
        translit, ua = _ukrainian_tables()
        _TABLES = (translit, ua, _russian_schemas())
    translit, ua, ru = _TABLES
    out: set[str] = set()
    ukrainian = lang == "uk" or any(ch in name for ch in "іїєґІЇЄҐ")
    if ukrainian or lang != "ru":
        for table in ua:
            out.add(fold(translit(name, table)))
    for schema in ru:
        out.add(fold(schema.translate(name)))
    out.discard(fold(name))
    out.discard("")
    # A variant that still holds Cyrillic letters is no Latin spelling.
    return {v for v in out if not is_cyrillic(v)}


@lru_cache(maxsize=65536)
def split_admin_suffix(query: str) -> tuple[str, str]:
    """Split "Donetsk Oblast" into ("Donetsk", "oblast").

    Returns ``(query, "")`` when the query has no administrative suffix.

    Examples
    --------
    >>> split_admin_suffix("the Kharkiv region")
    ('Kharkiv', 'region')
    >>> split_admin_suffix("Luhansk Oblast")
    ('Luhansk', 'oblast')
    >>> split_admin_suffix("Kramatorsk")
    ('Kramatorsk', '')
    """
    m = _ADMIN_SUFFIX_RE.match(query.strip())
    if not m:
        return query.strip(), ""
    return m.group("base").strip(), m.group("suffix").lower()


def split_qualifier(query: str) -> tuple[str, str]:
    """Split "Moscow, Idaho" into the name and its qualifier.

    Only the last comma separates, so "Washington, D.C." gives ("Washington", "D.C.").

    Examples
    --------
    >>> split_qualifier("Moscow, Idaho")
    ('Moscow', 'Idaho')
    >>> split_qualifier("Kyiv")
    ('Kyiv', '')
    """
    head, sep, tail = query.rpartition(",")
    if not sep or not head.strip() or not tail.strip():
        return query.strip(), ""
    return head.strip(), tail.strip()
