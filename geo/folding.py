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
    table = {}
    for cp in range(0x3000):
        ch = chr(cp)
        if ch in APOSTROPHES or ch == ".":  # before isalnum: ʼ (U+02BC) counts as a letter
            table[cp] = _DELETE
        elif ch.isalnum():
            low = ch if cased else ch.lower()
            if len(low) != 1:
                low = ch
            decomposed = unicodedata.normalize("NFKD", low)
            base = "".join(c for c in decomposed if not unicodedata.combining(c))
            table[cp] = base if len(base) == 1 else low
        elif unicodedata.combining(ch):
            table[cp] = _DELETE
        elif ch == MASK:
            table[cp] = MASK
        else:
            table[cp] = " "
    return table


_TABLE = None
_CASED_TABLE = None


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
    global _TABLE, _CASED_TABLE
    if _TABLE is None:
        _TABLE, _CASED_TABLE = _fold_table(), _fold_table(cased=True)
    if mask_lower:
        marked = _breaks(text)
        data = _ascii_stand_ins(marked)
        if data is not None:
            shifts, folded = _fold_masked_ascii(data)
            return FoldedText(text, folded, shifts)
        shifts, folded = _fold_masked(marked)
        lowered = folded.lower()
        if len(lowered) != len(folded):  # a letter whose lower case is longer: keep it
            lowered = "".join(c if len(c.lower()) != 1 else c.lower() for c in folded)
        return FoldedText(text, lowered, shifts)
    marked = _breaks(text).translate(_TABLE)
    if _DELETE not in marked:
        return FoldedText(text, marked, ())
    shifts, folded = _drop_deleted(marked)
    return FoldedText(text, folded, shifts)


class _MaskTables(NamedTuple):
    np: object  # numpy, imported on the first masked fold: the only user
    cased: object  # the cased fold table as an array, by code point below _TABLE_SIZE
    lower: object  # True for the letters _LOWER_WORD masks, by code point below _LOWER_SIZE
    word: object  # True for a regex word character, by code point below _TABLE_SIZE
    # For ASCII text (_fold_masked_ascii), tables of bytes.translate:
    ascii_cased: bytes  # the cased fold, deletions as the byte 0
    ascii_lower_flag: bytes  # 0x80 for a letter _LOWER_WORD masks, else 0
    ascii_non_word_flag: bytes  # 0xff for a character that is not a word character, else 0
    ascii_masked: bytes  # bytes 0x80 and up (flagged letters) to MASK, the others unchanged


_TABLE_SIZE = 0x3000  # what _fold_table covers; characters above stay as they are
_LOWER_SIZE = 0x500  # past every letter of _LOWER_WORD's class
_WORD = re.compile(r"\w")
_MASK_TABLES: _MaskTables | None = None


def _mask_tables() -> _MaskTables:
    global _MASK_TABLES
    if _MASK_TABLES is None:
        import numpy as np

        # Taken from the regular expressions themselves, so the array version cannot
        # drift from what _LOWER_WORD.sub would mask.
        chars = [chr(cp) for cp in range(_TABLE_SIZE)]
        lower = [_LOWER_WORD.match(c) is not None for c in chars[:_LOWER_SIZE]]
        word = [_WORD.match(c) is not None for c in chars]
        ascii_cased = bytes([0 if _CASED_TABLE[cp] == _DELETE else ord(_CASED_TABLE[cp]) for cp in range(128)])
        for cp in range(128, _TABLE_SIZE):
            folded = _CASED_TABLE[cp]
            if folded == _DELETE:
                _STAND_INS[cp] = "."
            elif folded.isascii() and ascii_cased[ord(folded)] == ord(folded):
                _STAND_INS[cp] = folded
        _MASK_TABLES = _MaskTables(
            np,
            np.array([ord(_CASED_TABLE[cp]) for cp in range(_TABLE_SIZE)], dtype=np.uint32),
            np.array(lower, dtype=bool),
            np.array(word, dtype=bool),
            ascii_cased + bytes(128),
            bytes(0x80 if lower[b] else 0 for b in range(256)),
            bytes(0 if word[b] else 0xFF for b in range(256)),
            bytes(range(0x80)) + MASK.encode() * 0x80,
        )
    return _MASK_TABLES


def _fold_masked(marked: str) -> tuple[tuple[int, ...], str]:
    """Fold ``marked`` keeping case, masking the first letter of every lower-case word.

    Returns what :func:`_drop_deleted` returns, for the text that
    ``_LOWER_WORD.sub(MASK, ...)`` would give after it. Done on an array of code
    points, it takes a third of the time: the substitution made one replacement per
    lower-case word, some three million over 18 MB of news.
    """
    t = _mask_tables()
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


class _NoStandIn(Exception):
    """A character of the text folds to no ASCII character: the text takes the general path."""


_STAND_INS: dict[int, str] = {}  # code point -> an ASCII character folding (cased) the same
_ERRORS = "geo.folding.stand-ins"


def _stand_in(exc: UnicodeEncodeError) -> tuple[str, int]:
    try:
        return "".join([_STAND_INS[ord(c)] for c in exc.object[exc.start:exc.end]]), exc.end
    except KeyError:
        raise _NoStandIn from None


codecs.register_error(_ERRORS, _stand_in)


def _ascii_stand_ins(marked: str) -> bytes | None:
    """Return ``marked`` as ASCII, each other character replaced by one that folds the same.

    Everything :func:`_fold_masked` does after the cased fold reads only the folded
    characters, so the stand-ins change nothing in its result (the break patterns, which
    read the characters themselves, have run). Most English news is ASCII but for
    curly quotes and dashes (some ten characters in 1.8 KB), which an encoding error
    handler replaces at C speed between them. None when a character folds to no ASCII
    character (Cyrillic, "ł"): the text then takes the array fold.
    """
    _mask_tables()  # fills _STAND_INS
    try:
        return marked.encode("ascii", _ERRORS)
    except _NoStandIn:
        return None


def _fold_masked_ascii(data: bytes) -> tuple[tuple[int, ...], str]:
    """Return what :func:`_fold_masked` returns, for a text of ASCII bytes.

    Byte-wide tables and ``bytes.translate`` instead of 32-bit arrays indexed per
    character: three times faster on a 1.8 KB article, where numpy's cost per call
    dominates.
    """
    t = _mask_tables()
    shifts, cased = _drop_deleted_bytes(data.translate(t.ascii_cased))
    # With a space before the text, byte i of ``after`` is the folded character i and
    # byte i of ``before`` the one before it (the space: the start of the text).
    padded = b" " + cased
    np = t.np
    after = np.frombuffer(padded.translate(t.ascii_lower_flag), dtype=np.uint8)[1:]
    before = np.frombuffer(padded.translate(t.ascii_non_word_flag), dtype=np.uint8)[:-1]
    # 0x80 on a lower-case letter that starts a word; ASCII letters are below 0x80, so
    # OR-ing it in marks them, and the marked bytes become MASK.
    marked = (after & before) | np.frombuffer(cased.lower(), dtype=np.uint8)
    return shifts, marked.tobytes().translate(t.ascii_masked).decode("ascii")


def _drop_deleted_bytes(marked: bytes) -> tuple[tuple[int, ...], bytes]:
    """:func:`_drop_deleted` for bytes whose deletion mark is the byte 0."""
    pos = marked.find(0)
    if pos < 0:
        return (), marked
    shifts = []
    removed = 0
    while pos != -1:
        shifts.append(pos - removed)
        removed += 1
        pos = marked.find(0, pos + 1)
    return tuple(shifts), marked.replace(b"\0", b"")


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
