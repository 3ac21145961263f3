"""The words around a position in a text, as recognition reads them.

The word before a name ("Gen. Milley", "in Kyiv"), the word after it ("Kyiv said",
"Lviv Oblast"), and whether it begins a sentence. They are read for most hits of most
texts, so the usual shapes are told by string methods, and patterns read the rest.
"""

from __future__ import annotations

import re

# The word before a position, read in the reversed text: blanks, a dot, the word (its
# letters and digits, apostrophes, hyphens, underscores).
_PREV_WORD_REVERSED = re.compile(r"[ \t]+(\.?)([\w'’-]*)")
_NEXT_WORD = re.compile(r"(?:['’]s)?[ \t]+([^\W\d_][\w'’-]*)")
_SENTENCE_END = ".!?\n\r\"“”‘'«»(:|•–—-"


def prev_word(text: str, start: int) -> tuple[str, bool]:
    """Return the word just before ``start`` on the same line, and whether a dot follows it.

    That is the run of letters, digits, apostrophes, hyphens and underscores before the
    blanks (spaces, tabs) and the dot before ``start``, if it begins with a letter; else
    ``("", False)``.

    Examples
    --------
    >>> prev_word("said Gen. Milley", 10), prev_word("in Kyiv", 3), prev_word("(Kyiv", 1)
    (('Gen', True), ('in', False), ('', False))
    """
    # Read for most hits: the usual shapes ("in Kyiv", "Gen. Milley", "Kyiv, Lviv",
    # "(Kyiv") are told by string methods, a pattern reads the rest (a tenth).
    if text[start - 1 : start] != " ":
        if text[start - 1 : start] != "\t":
            return "", False  # no blank before: no word
    else:
        j = start - 1  # the blank
        last = text[j - 1 : j]
        if last.isalpha() or last == ".":
            k = text.rfind(" ", j - 24 if j > 24 else 0, j)
            if k >= 0 or j <= 24:  # the blank before the word, or the text's start
                dotted = last == "."
                word = text[k + 1 : j - 1 if dotted else j]
                if word.isalpha():
                    return word, dotted
        elif not (last.isalnum() or last in ("_", "'", "’", "-", " ", "\t")):
            return "", False  # a comma, a quote: no word
    return _prev_word_read(text, start)


def _prev_word_read(text: str, start: int) -> tuple[str, bool]:
    """:func:`prev_word` by a pattern, read forwards in the reversed text before ``start``."""
    # A window first: reversing the text up to every such hit would cost more.
    low = max(0, start - 64)
    m = _PREV_WORD_REVERSED.match(text[low:start][::-1])
    if low and m and m.end() == start - low:  # the word may go on before the window
        m = _PREV_WORD_REVERSED.match(text[:start][::-1])
    if m is None:
        return "", False
    dot, word = m.groups()
    if not word or not word[-1].isalpha():
        return "", False
    return word[::-1], bool(dot)


def next_word(text: str, end: int) -> str:
    """Return the word after the blanks (and a possessive "'s") after ``end``, or "".

    The word is a run of letters, digits, apostrophes, hyphens and underscores that
    begins with a letter; no more than 40 characters from ``end`` are read.

    Examples
    --------
    >>> next_word("Kyiv said, ", 4), next_word("Kyiv's mayor", 4), next_word("Kyiv, said", 4)
    ('said', 'mayor', '')
    """
    after = text[end : end + 1]
    if after == " " and text[end + 1 : end + 2].isalpha():
        # The usual shapes ("Kyiv said", "in Kyiv Oblast.") told by string methods.
        k = text.find(" ", end + 1, end + 40)
        if k != -1:
            word = text[end + 1 : k]
            if word.isalpha():
                return word
            last = word[-1]
            if word[:-1].isalpha() and not (last.isalnum() or last in ("_", "'", "’", "-")):
                return word[:-1]
    elif after not in (" ", "\t", "'", "’"):
        return ""  # what _NEXT_WORD needs first
    m = _NEXT_WORD.match(text, end, min(len(text), end + 40))
    return m.group(1) if m else ""


def sentence_initial(text: str, start: int) -> bool:
    """Return True when the word at ``start`` begins a sentence, a line or a quote.

    Examples
    --------
    >>> sentence_initial("Calm. May brought rain", 6), sentence_initial("in May 2022", 3)
    (True, False)
    """
    i = start - 1
    while i >= 0 and text[i] in " \t":
        i -= 1
    return i < 0 or text[i] in _SENTENCE_END
