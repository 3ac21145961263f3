"""What the text says of a name right beside it: the evidence :mod:`geo.resolve` weighs.

* a village word before it: "the village of Andriivka", "село Кринки" (issue #10);
* a raion after it: "Andriivka, Bakhmut raion", "Krynky (Kherson raion)" (issue #10);
* an area after a comma: "Zatoka, Odesa region", "Ramstein, Germany" (a qualifier);
* a distance-and-direction phrase after it: "Sofiivka, about 24 km west of
  Kostiantynivka" (:mod:`geo.offsets` reads the phrase).

These run beside every name of every article, so each first looks at the character or
the word that rules almost all names out, and only then tries a pattern.

Examples
--------
>>> village_before("the village of Krynky", 15), village_before("near Krynky", 5)
(True, False)
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from geo.offsets import Offset, offset_before

__all__ = ["offset_pairs", "qualifier_pairs", "raion_after", "raions_named", "village_before", "village_named"]

# "the village of X", "villages of X and Y", "село X", "селище X", "посёлок X" (issue #10):
# the words that make a name a village's, whatever the article says around it.
_VILLAGE_BEFORE = re.compile(
    r"(?:\bvillages?(?:\s+of)?|\bhamlet\s+of|\bsettlement\s+of|\bсел[оаиі]|\bселищ[еаі]|\bпос[её]л(?:ок|ка|ке)"
    r"|\bдеревн[яиюе]|\bс\.|\bсмт)\s+$", re.IGNORECASE)
# Every character that can end a match of _VILLAGE_BEFORE before its blanks: the last
# letters of its words in any case IGNORECASE matches (the long s, the Cyrillic tall
# letters too); tests/test_resolve.py checks it against the pattern over all of Unicode.
_VILLAGE_LAST = frozenset(".EFSefsſІАЕИКОТЮЯаеикотюяіᲂᲄᲅ")
# The English endings among those, with the letters IGNORECASE lets stand before each in
# _VILLAGE_BEFORE ("village", "villages", "of"), and before an "of" its blanks: "village
# of", "villages of", "hamlet of", "settlement of" (tests/test_evidence.py checks them).
_ENGLISH_BEFORE = {**dict.fromkeys("eE", ("gG", "")), **dict.fromkeys("sSſ", ("eE", "")),
                   **dict.fromkeys("fF", ("oO", "eEsSſtT"))}
# "Andriivka, Bakhmut raion", "Hlyboke in Kharkiv district", "Krynky (Kherson raion)":
# the raion a village is in, named right after it (issue #10).
_RAION_AFTER = re.compile(r"(?:,\s*|\s+in\s+(?:the\s+)?|\s+of\s+(?:the\s+)?|\s*\()"
                          r"([A-Z][\w’'-]+(?:[ -][A-Z][\w’'-]+)?)\s+(?:[Rr]aion|[Dd]istrict)\b")
_QUALIFIER_GAP = re.compile(r"^,\s{0,2}$")
# A qualifier ends its phrase: "Ramstein, Germany, having..." but not "Berlin, US Secretary".
_QUALIFIER_END = re.compile(r"^(?:['’]s)?(?:\s*[^\w\s]|\s+[a-z]|\s*$)")
# What may stand between a name and the phrase placing it: "Sofiivka, about 24 km west of
# X", "Andriivka, a village south of X", but no sentence end.
_OFFSET_GAP = re.compile(r"[^.!?;\n]{0,40}$")


def village_before(text: str, start: int) -> bool:
    """Return whether the text calls the name at ``start`` a village (:data:`_VILLAGE_BEFORE`).

    The pattern is tried only where a blank and one of the letters its words end with
    stand before the name.
    """
    i = start
    while i > 0 and text[i - 1].isspace():
        i -= 1
    if i == start or i == 0 or text[i - 1] not in _VILLAGE_LAST:
        return False
    return _VILLAGE_BEFORE.search(text, max(0, start - 24), start) is not None


def village_named(text: str, spans) -> bool:
    """Return whether the text calls any of ``spans`` (one name's) a village.

    :func:`village_before`'s own first test inline: most names follow one blank after
    a letter no village word ends with. Of those that do, most follow "the" or "of"
    (not "village" nor "villages", nor "village of" and the like: _ENGLISH_BEFORE).
    """
    for sp in spans:
        i = sp.start
        if i > 1 and text[i - 1].isspace():
            last = text[i - 2]
            if last in _VILLAGE_LAST:
                before = _ENGLISH_BEFORE.get(last)
                if before is not None and (i < 3 or text[i - 3] not in before[0]):
                    continue  # "the Kyiv": an English ending, not after the letter it needs
                if last in "fF":  # "of": after "village", "villages", "hamlet" or "settlement"
                    k = i - 3
                    while k > 0 and text[k - 1].isspace():
                        k -= 1
                    if k == i - 3 or k == 0 or text[k - 1] not in before[1]:
                        continue
            elif not last.isspace():
                continue
            if village_before(text, i):
                return True
    return False


def raions_named(text: str) -> bool:
    """Return whether ``text`` may name a raion at all: :data:`_RAION_AFTER` needs one of two words."""
    return "aion" in text or "istrict" in text


def raion_after(text: str, spans) -> str:
    """Return the raion named after the last of ``spans`` (one name's) to have one, or ``""``.

    As :func:`geo.villages.raion_key` writes it.

    Examples
    --------
    >>> from geo.recognize import Span
    >>> raion_after("Andriivka, Bakhmut raion", [Span(0, 9, "andriivka")])
    'bakhmut'
    """
    found = ""
    for sp in spans:
        m = _RAION_AFTER.match(text, sp.end)
        if m:
            from geo.villages import raion_key

            found = raion_key(m.group(1))
    return found


def qualifier_pairs(text: str, spans) -> Iterator[tuple]:
    """Yield the neighbouring spans ``(a, b)`` the text writes "A, B", B ending its phrase.

    B may then name the area A is in ("Zatoka, Odesa region"), if it names an area.
    """
    for a, b in zip(spans, spans[1:], strict=False):
        # A comma first: most neighbours have none between them.
        if text[a.end : a.end + 1] != "," or not _QUALIFIER_GAP.match(text[a.end : b.start]):
            continue
        if b.admin or _QUALIFIER_END.match(text[b.end : b.end + 3]):
            yield a, b


def offset_pairs(text: str, spans) -> Iterator[tuple[object, object, Offset]]:
    """Yield the neighbouring spans ``(a, b, offset)`` the text writes "A, about 24 km west of B"."""
    for a, b in zip(spans, spans[1:], strict=False):
        off = offset_before(text, b.start)
        if off is not None and off.start >= a.end and _OFFSET_GAP.match(text, a.end, off.start):
            yield a, b, off
