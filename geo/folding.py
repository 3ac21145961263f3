"""Text folded for matching, with the way back to the original offsets.

:func:`fold_text` folds a text the way :func:`geo.names.fold` folds names (case,
diacritics, apostrophes, dots, hyphens), one character for one, deleting some, and keeps
where it deleted them, so a hit in the folded text maps back to the exact characters of
the original. For the scan (:mod:`geo.matcher`), the first letter of every lower-case
word is masked too.
"""

from __future__ import annotations

import bisect
import codecs
import itertools
import re
import unicodedata
from dataclasses import dataclass
from typing import NamedTuple

from geo.names import APOSTROPHES

_DELETE = "\x00"
#: What masks the first letter of a lower-case word in the folded text of a scan.
MASK = "\x01"

# The first letter of every lower-case word is masked before the scan: a place name
# starts with a capital, so the automaton need not report "the" or "in". Names holding
# lower-case connectors ("Sea of Azov") are also in the automaton in their masked form
# ("sea \x01f azov"): a plain pattern here runs four times faster than one that spares
# the connectors. It runs on the folded text before lower-casing, where apostrophes and
# dots are gone and every other non-letter is a space.
_LOWER_WORD = re.compile(r"\b[a-z\u00df-\u00f6\u00f8-\u00ff\u0430-\u045f\u0491]")
_POSSESSIVE = re.compile(r"[" + APOSTROPHES + r"](?=s\b)")
# The same, one pattern per apostrophe: the engine skips to a single character far
# faster than to any of a set (a third of the time), and most texts hold one or two
# of the apostrophes, most of them ASCII only.
_POSSESSIVES = [(a, re.compile(re.escape(a) + r"(?=s\b)")) for a in dict.fromkeys(APOSTROPHES)]
_ASCII_POSSESSIVES = [(a, pattern) for a, pattern in _POSSESSIVES if a.isascii()]
# "Kyiv.The mayor": a full stop between a lower-case word and a capital is a sentence
# end that lost its space, not an abbreviation's dot ("U.S.", "W.Va.").
# The dot comes first in the pattern so the engine can skip to dots; a leading
# lookbehind would be tried at every position (fifty times slower).
_RUN_ON = re.compile(r"\.(?=[A-Z\u0400-\u042f])(?<=[^\W\d_][a-z\u00df-\u024f\u0430-\u045f]\.)")


def _breaks(text: str) -> str:
    """Turn possessive apostrophes and run-on full stops into spaces.

    What ``_POSSESSIVE.sub`` then ``_RUN_ON.sub`` give, where the engine skips through
    the text to each apostrophe the text holds, then to a dot: one pattern with both
    alternatives took twice as long. No replacement changes what another sees: each
    turns a non-letter into a space, where the patterns need letters (or, after a
    possessive "s", any non-word character).
    """
    for apostrophe, pattern in _ASCII_POSSESSIVES if text.isascii() else _POSSESSIVES:
        if apostrophe in text:
            text = pattern.sub(" ", text)
    return _RUN_ON.sub(" ", text)


def _fold_table(cased: bool = False) -> dict[int, str]:
    """Return a same-length translation table: one character in, one (or a deletion mark) out.

    With ``cased``, letters keep their case (diacritics still go), for masking
    lower-case words before the final lower-casing.
    """
    return {cp: _fold_char(chr(cp), cased) for cp in range(_TABLE_SIZE)}


def _fold_char(ch: str, cased: bool) -> str:
    """Return what :func:`_fold_table` maps ``ch`` to."""
    if ch in APOSTROPHES or ch == ".":  # before isalnum: ʼ (U+02BC) counts as a letter
        return _DELETE
    if ch.isalnum():
        low = ch if cased else ch.lower()
        if len(low) != 1:
            low = ch
        decomposed = unicodedata.normalize("NFKD", low)
        base = "".join(c for c in decomposed if not unicodedata.combining(c))
        return base if len(base) == 1 else low
    if unicodedata.combining(ch):
        return _DELETE
    return MASK if ch == MASK else " "


_TABLE = None
_CASED_TABLE = None


def _tables() -> tuple[dict[int, str], dict[int, str]]:
    """Return the fold table and the cased one (0.03 s to build: not for the byte fold)."""
    global _TABLE, _CASED_TABLE
    if _TABLE is None:
        _TABLE, _CASED_TABLE = _fold_table(), _fold_table(cased=True)
    return _TABLE, _CASED_TABLE


@dataclass(frozen=True, slots=True)
class FoldedText:
    """A text folded for matching, and the way back to the original offsets."""

    text: str
    folded: str
    _shifts: tuple[int, ...]

    def original(self, pos: int) -> int:
        """Map a folded offset of a kept character to its offset in ``text``."""
        return pos + bisect.bisect_right(self._shifts, pos)


def fold_text(text: str, mask_lower: bool = False) -> FoldedText:
    """Fold ``text`` for matching: lower case, no diacritics, punctuation to spaces.

    Apostrophes and dots are deleted (Kup'yans'k matches kupyansk, U.S. matches us),
    except the apostrophe of a possessive, which becomes a space (Russia's -> russia s).

    Examples
    --------
    >>> f = fold_text("Shelling in Kup’yans’k and Kyïv's suburbs, U.S. says")
    >>> f.folded
    'shelling in kupyansk and kyiv s suburbs  us says'
    >>> start = f.folded.index("kupyansk")
    >>> f.text[f.original(start): f.original(start + len("kupyansk") - 1) + 1]
    'Kup’yans’k'
    """
    if mask_lower:
        marked = _breaks(text)
        found = _fold_masked_bytes(marked)
        if found is not None:
            return FoldedText(text, found[1], found[0])
        shifts, folded = _fold_masked(marked)
        lowered = folded.lower()
        if len(lowered) != len(folded):  # a letter whose lower case is longer: keep it
            lowered = "".join(c if len(c.lower()) != 1 else c.lower() for c in folded)
        return FoldedText(text, lowered, shifts)
    marked = _breaks(text).translate(_tables()[0])
    if _DELETE not in marked:
        return FoldedText(text, marked, ())
    shifts, folded = _drop_deleted(marked)
    return FoldedText(text, folded, shifts)


_TABLE_SIZE = 0x3000  # what _fold_table covers; characters above stay as they are
_LOWER_SIZE = 0x500  # past every letter of _LOWER_WORD's class
_WORD = re.compile(r"\w")


class _ByteTables(NamedTuple):
    """What :func:`_fold_masked_bytes` folds Latin-1 bytes with (``bytes.translate`` tables)."""

    cased: bytes  # the cased fold; deletions to 0, a fold past Latin-1 (µ) to _NO_BYTE
    lower_flag: bytes  # 0xff for a letter _LOWER_WORD masks, else 0
    non_word_flag: bytes  # 0xff for a character that is not a word character, else 0
    lower: bytes  # the lower case
    masked: bytes  # 0xff, flagged in the lower case (no folded character is ÿ), to MASK


class _ArrayTables(NamedTuple):
    np: object  # numpy, imported on the first array fold: the only user
    cased: object  # the cased fold table as an array, by code point below _TABLE_SIZE
    lower: object  # True for the letters _LOWER_WORD masks, by code point below _LOWER_SIZE
    word: object  # True for a regex word character, by code point below _TABLE_SIZE


_NO_BYTE = 2  # a control character: folds to a space, so never a folded byte
_BYTE_TABLES: _ByteTables | None = None
_ARRAY_TABLES: _ArrayTables | None = None
_ERRORS = "geo.folding.stand-ins"


class _NoStandIn(Exception):
    """A character of the text folds past Latin-1: the text takes the array fold."""


class _StandIns(dict):
    """Code point past Latin-1 -> a Latin-1 character with the same cased fold, or None.

    Filled as characters are met: a few dozen in news, where the table of every
    character _fold_table covers takes longer to build than a thousand articles' folds.
    """

    def __missing__(self, cp: int) -> str | None:
        cased = _byte_tables().cased
        f = _fold_char(chr(cp), cased=True) if cp < _TABLE_SIZE else None
        if f == _DELETE:
            found = "."
        elif f is not None and ord(f) < 256 and cased[ord(f)] == ord(f):
            found = f
        else:
            found = None
        self[cp] = found
        return found


_STAND_INS = _StandIns()


def _stand_in(exc: UnicodeEncodeError) -> tuple[str, int]:
    found = [_STAND_INS[ord(c)] for c in exc.object[exc.start:exc.end]]
    if None in found:
        raise _NoStandIn
    return "".join(found), exc.end


codecs.register_error(_ERRORS, _stand_in)


def _byte_tables() -> _ByteTables:
    global _BYTE_TABLES
    if _BYTE_TABLES is None:
        # Taken from the fold table and the regular expressions themselves, so the byte
        # fold cannot drift from what _LOWER_WORD.sub would mask.
        chars = [chr(b) for b in range(256)]
        folded = [_fold_char(c, cased=True) for c in chars]
        cased = bytes(0 if f == _DELETE else ord(f) if ord(f) < 256 else _NO_BYTE for f in folded)
        lower = bytes(ord(c.lower()) for c in chars)  # raises if one were not a Latin-1 character
        kept = [ord(f) for f in folded if f != _DELETE and ord(f) < 256]
        assert _NO_BYTE not in kept and 0xFF not in bytes(kept).translate(lower), "marks must not be folded bytes"
        _BYTE_TABLES = _ByteTables(
            cased,
            bytes(0xFF if _LOWER_WORD.match(c) else 0 for c in chars),
            bytes(0 if _WORD.match(c) else 0xFF for c in chars),
            lower,
            bytes(range(0xFF)) + MASK.encode(),
        )
    return _BYTE_TABLES


def _fold_masked_bytes(marked: str) -> tuple[tuple[int, ...], str] | None:
    """Return what :func:`_fold_masked` returns, lower-cased, for text that folds into Latin-1.

    English news is ASCII but for some ten curly quotes and dashes in 1.8 KB: an encoding
    error handler replaces each character past Latin-1 by one with the same cased fold
    (everything after the cased fold reads only the folded characters, and the break
    patterns, which read the characters themselves, have run), then ``bytes.translate``
    tables fold and the letters to mask are found with bitwise operations on the bytes as
    integers, a byte per character: 0.13 s over 18 MB of news where the arrays took
    0.21 (numpy's cost per call dominated on 1.8 KB articles), and numpy, 0.08 s to
    import, is not needed. None when a character folds past Latin-1 (Cyrillic, "ł"):
    the text takes the array fold.
    """
    t = _byte_tables()
    try:
        cased = marked.encode("latin-1", _ERRORS).translate(t.cased)
    except _NoStandIn:
        return None
    if _NO_BYTE in cased:
        return None
    shifts, cased = _drop_deleted_bytes(cased)
    size = len(cased)
    lower = int.from_bytes(cased.translate(t.lower_flag), "little")
    non_word = int.from_bytes(cased.translate(t.non_word_flag), "little")
    # 0xff on each letter to mask: one with a non-word character (or the text's start)
    # before it, what \b means before a letter; << 8 moves each flag one character on.
    starts = lower & (non_word << 8 | 0xFF)
    folded = int.from_bytes(cased.translate(t.lower), "little") | starts
    return shifts, folded.to_bytes(size, "little").translate(t.masked).decode("latin-1")


def _drop_deleted_bytes(marked: bytes) -> tuple[tuple[int, ...], bytes]:
    """:func:`_drop_deleted` for bytes whose deletion mark is the byte 0."""
    if 0 not in marked:
        return (), marked
    # A deletion's shift is the number of kept characters before it: the lengths of the
    # pieces between the marks, added up (in C, where a find per mark looped in Python).
    pieces = marked.split(b"\0")
    return tuple(itertools.accumulate(map(len, pieces[:-1]))), b"".join(pieces)


def _array_tables() -> _ArrayTables:
    global _ARRAY_TABLES
    if _ARRAY_TABLES is None:
        import numpy as np

        cased = _tables()[1]
        chars = [chr(cp) for cp in range(_TABLE_SIZE)]
        _ARRAY_TABLES = _ArrayTables(
            np,
            np.array([ord(cased[cp]) for cp in range(_TABLE_SIZE)], dtype=np.uint32),
            np.array([_LOWER_WORD.match(c) is not None for c in chars[:_LOWER_SIZE]], dtype=bool),
            np.array([_WORD.match(c) is not None for c in chars], dtype=bool),
        )
    return _ARRAY_TABLES


def _fold_masked(marked: str) -> tuple[tuple[int, ...], str]:
    """Fold ``marked`` keeping case, masking the first letter of every lower-case word.

    Returns what :func:`_drop_deleted` returns, for the text that
    ``_LOWER_WORD.sub(MASK, ...)`` would give after it. Done on an array of code
    points, it takes a third of the time: the substitution made one replacement per
    lower-case word, some three million over 18 MB of news.
    """
    t = _array_tables()
    np = t.np
    a = np.frombuffer(marked.encode("utf-32-le"), dtype=np.uint32)
    high = a >= _TABLE_SIZE
    has_high = bool(high.any())
    a = np.where(high, a, t.cased[np.minimum(a, _TABLE_SIZE - 1)]) if has_high else t.cased[a]
    deleted = a == ord(_DELETE)
    where = np.flatnonzero(deleted)
    shifts: tuple[int, ...] = ()
    if len(where):
        # the folded index of the next kept character after each deletion
        shifts = tuple((where - np.arange(len(where))).tolist())
        a = a[~deleted]
    if has_high:
        word = t.word[np.minimum(a, _TABLE_SIZE - 1)]
        high = a >= _TABLE_SIZE
        values, inverse = np.unique(a[high], return_inverse=True)
        word[high] = np.array([_WORD.match(chr(v)) is not None for v in values.tolist()], dtype=bool)[inverse]
    else:
        word = t.word[a]
    # A masked letter starts a word: the text's start, or after a character that is
    # not a word character (what \b means before a letter).
    mask = t.lower[np.minimum(a, _LOWER_SIZE - 1)]
    mask[1:] &= ~word[:-1]
    a[mask] = ord(MASK)
    return shifts, a.tobytes().decode("utf-32-le")


def _drop_deleted(marked: str) -> tuple[tuple[int, ...], str]:
    """Remove deletion marks; return where they were (in folded offsets) and the rest."""
    shifts = []
    pos = marked.find(_DELETE)
    removed = 0
    while pos != -1:
        # the folded index of the next kept character after this deletion
        shifts.append(pos - removed)
        removed += 1
        pos = marked.find(_DELETE, pos + 1)
    return tuple(shifts), marked.replace(_DELETE, "") if shifts else marked
