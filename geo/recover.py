"""Recover misspelt place names near the article's places, the last step of resolution.

Names the matcher cannot see ("Popansa" for Popasna, "Rouska Lozova") are looked for
only where places stand in the text ("near X", "Severodonetsk and X") and only among the
names of places near the article's confident places, with one typo allowed (two in a
long name), so a common word is never fuzzy-matched into a place.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Callable, Iterable

from geo.recognize import placed_words
from geo.records import Mention, Place

#: How far around the article's places misspelt names are looked for.
RECOVER_KM = 60.0

# Where a misspelt village name stands in a field report: "near X", "the village of X",
# or in a list with places the article names ("Severodonetsk and X"). After "in", "of",
# "at" or "from" an unknown capitalised word is far more often an employer, a venue or a
# family name than a place (Headington, Purdin, Sunnybrook).
_NEAR_WORDS = frozenset("near outside around toward towards village town city".split())
_LIST_WORDS = frozenset([",", "and"])
_LIST_JOIN = re.compile(r",\s*|\s+and\s+")


def _listed(text: str, start: int, end: int, context: str, ends: set, begins: set) -> bool:
    """Return whether the word at ``start:end`` (after ``context``) is in a list with a recognised place."""
    i = start
    while i > 0 and text[i - 1].isspace():
        i -= 1
    i -= len(context)
    while i > 0 and text[i - 1].isspace():
        i -= 1
    if i in ends:
        return True
    m = _LIST_JOIN.match(text, end)
    return m is not None and m.end() in begins


@functools.cache
def _near_words():
    """Return an Aho-Corasick automaton of :data:`_NEAR_WORDS` in every ASCII casing, built on first use.

    Every casing: :func:`~geo.recognize.placed_words` lower-cases the word before a
    name, and only ASCII letters lower-case into these words' letters.
    """
    from itertools import product

    from daachorse import CharwiseDoubleArrayAhoCorasick

    return CharwiseDoubleArrayAhoCorasick(sorted({"".join(chars) for word in _NEAR_WORDS
                                                  for chars in product(*((ch, ch.upper()) for ch in word))}))


# "Severodonetsk and X", "Severodonetsk, X": from a name's end to the next word.
_JOIN_AFTER = re.compile(r"\s*(?:,|[Aa][Nn][Dd])\s*")
# What a match of _JOIN_AFTER begins with, blanks aside; what a "," or "and" that
# _join_before finds ends with (no other character lower-cases to a "d"). Most mentions
# stand between a blank and a letter or a point neither is: so no call is made for them
# (tests/test_recover.py checks both sets over all of Unicode).
_JOIN_FIRST = frozenset(",aA")
_JOIN_LAST = frozenset(",dD")


def _may_have_words(text: str, mentions: list[Mention], exclude: list) -> bool:
    """Return False only if no word of ``text`` can be one :func:`recover_misspellings` tries.

    Its :func:`~geo.recognize.placed_words` pass costs more than all the rest for most
    articles, which have no such word; this test, far cheaper, rules most of those out
    first. A word tried (capitalised, in one piece or two) starts after a near-word
    ("near X": one pass of an automaton), or after a mention and "," or "and"
    ("Severodonetsk and X"), or stands between "," or "and" and another such before a
    mention ("Bakhmut, X and Severodonetsk"); and no mention or ``exclude`` span covers
    any of its letters. So the test takes a letter of each possible word and asks
    whether any is unclaimed. It may say True for an article with no word to try,
    never False for one with one (tests/test_recover.py checks it against the full
    pass on real articles).
    """
    n = len(text)
    letters = []  # a letter of every possible word
    for _, k, _ in _near_words().find_overlapping(text):
        while k < n and text[k].isspace():
            k += 1
        if k < n and text[k].isupper():
            letters.append(k)
    join_after = _JOIN_AFTER.match
    for m in mentions:
        after = text[m.end : m.end + 1]
        if after in _JOIN_FIRST or after.isspace():
            j = join_after(text, m.end)  # "Severodonetsk and X": X's first letter
            if j is not None and text[j.end() : j.end() + 1].isupper():
                letters.append(j.end())
        # "..., X and Severodonetsk": X's last letter, if X (one word or two) is itself
        # after "," or "and" (after a near-word it is found above, after any other word
        # it is not tried).
        s = m.start
        before = text[s - 1 : s]
        if before.isspace():
            before = text[s - 2 : s - 1]  # one blank, the usual case; more, _join_before sees
        if before not in _JOIN_LAST and not before.isspace():
            continue  # so _join_before would say -1
        e = _join_before(text, s)
        if e > 0 and not text[e - 1].isspace():
            w = _word_start(text, e)
            if text[w].isupper():
                if _join_before(text, w) >= 0:
                    letters.append(e - 1)
                else:
                    v = w  # a word of two: "..., Rouska Lozova and Severodonetsk"
                    while v > 0 and text[v - 1].isspace():
                        v -= 1
                    if v < w and v > 0:
                        v = _word_start(text, v)
                        if text[v].isupper() and _join_before(text, v) >= 0:
                            letters.append(e - 1)
    if letters:
        # Most are a mention's first or last letter ("Kyiv and Kharkiv"): claimed.
        ends = {m.start for m in mentions}
        ends.update([m.end - 1 for m in mentions])
        letters = [k for k in letters if k not in ends]
    if not letters:
        return False
    unclaimed = _unclaimed([(m.start, m.end) for m in mentions] + exclude)
    return any(unclaimed(k, k + 1) for k in letters)


def _join_before(text: str, i: int) -> int:
    """Return where the word before a "," or "and" ending (blanks aside) at ``i`` ends, or -1."""
    while i > 0 and text[i - 1].isspace():
        i -= 1
    if text[i - 1 : i] == ",":
        i -= 1
    elif i >= 3 and text[i - 3 : i].lower() == "and":
        i -= 3
    else:
        return -1
    while i > 0 and text[i - 1].isspace():
        i -= 1
    return i


def _word_start(text: str, end: int) -> int:
    """Return where the run of non-blank characters ending at ``end`` begins."""
    while end > 0 and not text[end - 1].isspace():
        end -= 1
    return end


def unclaimed_words(text: str, spans) -> list[tuple[int, int, str, str]]:
    """Return the :func:`~geo.recognize.placed_words` of ``text`` that overlap none of ``spans``.

    ``spans`` are ``(start, end)`` pairs: the mentions already found, and what is known
    not to be a place.

    Examples
    --------
    >>> unclaimed_words("Fighting near Popansa and Kharkiv.", [(26, 33)])
    [(14, 21, 'Popansa', 'near')]
    """
    unclaimed = _unclaimed(spans)
    return [w for w in placed_words(text) if unclaimed(w[0], w[1])]


def _unclaimed(spans) -> Callable[[int, int], bool]:
    """Return a test of whether ``start:end`` overlaps none of ``spans`` (``(start, end)`` pairs)."""
    taken = sorted(spans)
    starts = [t[0] for t in taken]
    max_len = max((e - s for s, e in taken), default=0)

    def unclaimed(s: int, e: int) -> bool:
        i = bisect.bisect_left(starts, s - max_len)
        while i < len(taken) and taken[i][0] < e:
            if taken[i][1] > s:
                return False
            i += 1
        return True

    return unclaimed


def recover_misspellings(gazetteer, text: str, mentions: list[Mention], anchors: list[Place],
                         is_candidate_word: Callable[[str], bool], exclude: Iterable = ()) -> list[Mention]:
    """Return typo-tolerant matches of unknown capitalised words against places near the article's.

    Parameters
    ----------
    gazetteer : geo.gazetteer.Gazetteer
        Where the names of places around the anchors come from.
    text : str
        The article.
    mentions : list of Mention
        The places already found: their words are not tried, and a word listed with
        one ("Severodonetsk and X") stands where places stand.
    anchors : list of Place
        The article's confident places, most mentioned first; the first three towns
        among them say where to look.
    is_candidate_word : callable
        ``is_candidate_word(word) -> bool``: which unknown words may be misspelt names
        (not a given name, a title or an English word).
    exclude : iterable of (int, int)
        Spans never to try (what recognition turned down).

    Returns
    -------
    list of Mention
        Matched ``"fuzzy"``, in text order, each saying which name it misspells.

    Examples
    --------
    >>> from geo.gazetteer import Gazetteer
    >>> gz = Gazetteer.default()
    >>> bakhmut = gz.get(713174)
    >>> [(m.text, m.place.geonameid, m.match) for m in recover_misspellings(
    ...     gz, "Shelling near Popansa, west of Bakhmut.", [], [bakhmut], lambda word: True)]
    [('Popansa', 696566, 'fuzzy')]
    """
    local = [a for a in anchors if a.feature == "city"][:3]
    exclude = list(exclude)
    if not local or not _may_have_words(text, mentions, exclude):
        return []
    ends, begins = {m.end for m in mentions}, {m.start for m in mentions}
    # The words standing where misspelt places stand, then those no name claims: most
    # placed words are turned down by their context alone, before any overlap is sought.
    words = [(s, e, word, context) for s, e, word, context in placed_words(text)
             if (context in _NEAR_WORDS or context in _LIST_WORDS and _listed(text, s, e, context, ends, begins))
             and is_candidate_word(word)]
    if words:
        unclaimed = _unclaimed([(m.start, m.end) for m in mentions] + exclude)
        words = [(s, e, word) for s, e, word, _ in words if unclaimed(s, e)]
    if not words:
        return []
    from rapidfuzz import fuzz, process
    from rapidfuzz.distance import OSA

    from geo.names import fold

    # The names of places around the article's towns, one cached list per grid cell
    # and first letter, for the first letters of the words tried only.
    keyed = [(s, e, word, fold(word)) for s, e, word in words]
    letters = "".join({key[:1] for *_, key in keyed})
    lists: dict[str, dict[int, tuple]] = {}  # by first letter, each cached list once
    for a in local:
        for cell in gazetteer.names_by_cell(a.lat, a.lon, RECOVER_KM, 1000, letters=letters):
            for letter, pair in cell.items():
                lists.setdefault(letter, {})[id(pair)] = pair
    out = []
    for s, e, word, key in keyed:
        # One typo (a swap counts as one: Popansa), two in a long name: a word two
        # edits from a place name is as often another name (Purdin, Purdy).
        allowed = 1 if len(key) < 12 else 2
        best = None
        for keys, ids in lists.get(key[:1], {}).values():
            hit = process.extractOne(key, keys, scorer=OSA.distance, score_cutoff=allowed) if keys else None
            if hit is not None and hit[1] > 0 and (best is None or hit[1] < best[1]):
                best = (hit[0], hit[1], ids[hit[2]])
        if best is None:
            continue
        place = gazetteer.get(best[2])
        similar = fuzz.ratio(key, best[0])
        out.append(Mention(s, e, word, place, round(0.5 * similar / 100, 4), "fuzzy",
                           (f"misspelling of {best[0]!r} ({similar:.0f}% similar) near {local[0].name}",)))
    return out
