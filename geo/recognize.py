"""Decide which gazetteer hits in a text are place names.

The matcher finds every gazetteer name; most are not places in context ("May", "Union",
"Mark Milley", "Secretary Austin", "The"). A hit is kept when it is capitalised, is not
an acronym the gazetteer does not list as a place, is not a common English word
(unless it names an important place: "Turkey", "Washington"), is not part of a person's
name (after a title or a given name, or a name already used for a person in this
article), and is not the head of an organisation's name ("Kyiv Independent").
Overlapping hits are then chosen longest first ("Ruska Lozova", not "Lozova"), and a
following "region"/"Oblast" joins the span and asks for the administrative area.
"""

from __future__ import annotations

import re
from functools import cached_property, lru_cache
from typing import NamedTuple

from geo.context_words import next_word, prev_word, sentence_initial
from geo.matcher import Hit
from geo.names import fold as fold_key
from geo.scoring import MAJOR_PRIOR, famous_enough, is_minor

#: A word this common in English (wordfreq Zipf scale) is suspect as a place name.
COMMON_ZIPF = 3.0
#: Nouns that make a preceding place name part of an organisation or a title.
ORG_HEADS = frozenset(
    "post times independent journal herald tribune gazette telegraph chronicle daily news "
    "university college institute academy club fc airlines airways school hospital".split()
)
#: Nouns after a place name, in any case, that make it a military unit's or a treaty
#: organisation's name, not the place ("Azov Brigade", "Aidar battalion", "North
#: Atlantic Treaty Organization"; issue #10).
UNIT_HEADS = frozenset("brigade brigades battalion battalions regiment regiments division corps treaty".split())
# "15 km west of Lyman", "north-east of Kupiansk": a place, whatever else the word names
# (issue #10: Lyman is a given name and a front-line town).
_DIRECTION_OF = re.compile(r"\b(?:north|south|east|west)(?:[- ]?(?:east|west))?(?:ern)?\s+of\s+$", re.IGNORECASE)
# "near Lyman", "the town of Lyman": words that put places after them, but a given name
# after them may still be a school's or a person's ("deaths near Franklin", for Franklin
# Elementary): the name is kept as *doubtful*, and resolution takes it only where the
# article's other places support one of its readings (geo.resolve).
_PLACE_BEFORE = re.compile(r"\b(?:near|outside|around|towards?|(?:town|village|city|settlement)\s+of)\s+$",
                           re.IGNORECASE)
#: Words before a name that make it an organisation's ("news agency Xinhua").
ORG_MARKERS = frozenset(
    "agency channel newspaper broadcaster outlet website magazine company firm group tabloid network".split()
)
#: Verbs of speech: a minor place name before one is a person ("Lind added that").
SPEECH_VERBS = frozenset(
    "said says added told stressed noted explained argued warned wrote tweeted insisted claimed asked "
    "replied stated announced admitted recalled urged".split()
)
#: Words after a place name that keep it a place (so "Jordan Valley" is no person).
PLACE_WORDS = frozenset(
    "oblast oblasts region regions province provinces river city county valley sea lake island "
    "islands mountains bay strait peninsula district state street road avenue square bridge "
    "airport port park gulf coast raion krai".split()
)
#: Words after a place name that make it an address ("Dublin Road"), not the place.
STREET_WORDS = frozenset(
    "road rd street st avenue ave boulevard blvd drive dr lane ln way highway hwy pike parkway "
    "terrace court ct place circle".split()
)
#: Words after a place name that name one of its institutions: the place stays a place.
INSTITUTION_WORDS = frozenset(
    "police fire county city school schools district department sheriff council mayor "
    "hospital airport university court government governor administration authorities".split()
)
#: Titles in nameparser's list that are also the start of place names.
_NOT_TITLES = frozenset(
    "saint st san santa sao mount mt lake port fort city capital cape river sea bay island "
    "north south east west new old great little upper lower central grand the".split()
)

# After a name: its own "region"/"Oblast" (group ``own``), or a plural one it shares
# ("Donetsk and Luhansk regions"); one pattern, as it is tried after every name.
_ADMIN_AFTER = re.compile(
    r"(?P<own>\s+(?:region|oblast|province|governorate|krai|raion)\b)"
    r"|\s+(?:and\s+(?:the\s+)?[\w'’-]+\s+)?(?:regions|oblasts|provinces)\b",
    re.IGNORECASE,
)
# The letters _ADMIN_AFTER's words begin with (the Kelvin sign is a "k" to IGNORECASE).
_ADMIN_AFTER_FIRST = frozenset("rRoOpPgGkKaA\u212a")
_PLACE_CONTEXT = frozenset("in near outside around of from toward towards at village town city and".split())
_PLACE_CONTEXT_ENDS = tuple(_PLACE_CONTEXT)
# A capitalised word (or two) after white space where a context of placed_words() may
# stand before it: a comma or a context word (in any case, after no letter, digit or
# underscore) before one blank, each caught in a group of its own (a look-behind has one
# width: one per length of word); or several blanks (no group: placed_words reads back
# over them). Searching for the word first lets the engine skip to capitals, where a
# pattern led by the context words is tried at every position (twice as slow); the
# look-behinds follow the capital so the engine can still skip to capitals, and the
# look-ahead turns down short words ("The", "He") before any look-behind is tried.
_PLACED_WORD = re.compile(
    r"[A-Z](?=[a-z’'-]{3})(?:(?<=(,)\s[A-Z])|"
    + "|".join(rf"(?<=\b(?i:({'|'.join(sorted(w for w in _PLACE_CONTEXT if len(w) == n))}))\s[A-Z])"
               for n in sorted({len(w) for w in _PLACE_CONTEXT}))
    + r"|(?<=\s\s[A-Z]))[a-z’'-]{3,}(?:[ -][A-Z][a-z’'-]{3,})?\b")


class Span(NamedTuple):
    """A place name recognised in a text; ``admin`` asks for the administrative area."""

    # A named tuple rather than a frozen dataclass: one is made for every name kept in
    # every text, and it is built several times faster.
    start: int
    end: int
    key: str
    admin: bool = False
    #: the nominative form a Cyrillic name matched through (:mod:`geo.morph`), else ""
    lemma: str = ""
    #: a given name of a minor place kept only for the word before it ("near Lyman"):
    #: resolution asks for support from the article's other places
    doubtful: bool = False


def placed_words(text: str) -> list[tuple[int, int, str, str]]:
    """Capitalised words (or pairs) standing where places stand.

    That is after "in", "near", "outside", "around", "of", "from", "towards", "at",
    "village", "town", "city", "and" or a comma: the words to try when looking for
    names the gazetteer may lack. Each is ``(start, end, word, context)``, the context
    being the comma or the lower-cased word before it.

    Examples
    --------
    >>> placed_words("Shelling near Popansa and Rouska Lozova, said Oleh Synehubov.")
    [(14, 21, 'Popansa', 'near'), (26, 39, 'Rouska Lozova', 'and')]
    """
    # A word is taken when it has a context that is not part of the word (or pair)
    # taken before it ("in Big Town Hall": not "Hall"). So only the capitalised words
    # that may have a context need looking at, in order: _PLACED_WORD finds those, and
    # after one that is not taken the search goes on from its next letter (its second
    # word may have the first for context: "the Town Hall", "City Council").
    out: list[tuple[int, int, str, str]] = []
    taken = pos = 0
    while m := _PLACED_WORD.search(text, pos):
        start, end = m.span()
        group = m.lastindex  # the look-behind that caught the context, if one did
        if group is None:
            at, context = _place_context(text, start)  # after several blanks
        else:
            at, context = m.start(group), m[group].lower()
            if context not in _PLACE_CONTEXT and context != ",":
                at = -1  # "İn": IGNORECASE takes some letters for ASCII ones, lower() does not
        if at >= taken:
            out.append((start, end, m[0], context))
            taken = pos = end
        else:
            pos = start + 1
    return out


def _place_context(text: str, i: int) -> tuple[int, str]:
    """Return where the comma or context word of :func:`placed_words` before ``i`` starts, and which.

    ``(-1, "")`` if there is none.
    """
    while i > 0 and text[i - 1].isspace():
        i -= 1
    if i and text[i - 1] == ",":
        return i - 1, ","
    # Most capitalised words follow no context word: a test of the last letters in C
    # turns those down before the loop over letters.
    if not text[max(0, i - 8) : i].lower().endswith(_PLACE_CONTEXT_ENDS):
        return -1, ""
    j = i
    while j > 0 and i - j <= 8 and text[j - 1].isalpha():
        j -= 1
    word = text[j:i].lower()
    if j == i or word not in _PLACE_CONTEXT or j and (text[j - 1].isalnum() or text[j - 1] == "_"):
        return -1, ""
    return j, word


class KeyInfo(NamedTuple):
    """What recognition knows of a name before reading its context, computed once per key.

    A named tuple: made once per distinct name, read for every hit of it.
    """

    #: a one-word name
    one_word: bool
    #: a given name (US census lists)
    given: bool
    #: how common an English word the name is (the least common of its words; Zipf)
    zipf: float
    #: the feature and prior of its best place, None and 0.0 when it names none
    feature: str | None
    prior: float
    #: a name of admin-1 areas in several countries ("Western")
    generic: bool
    #: how the name matched its best place ("exact", "alternate"...)
    match: str
    #: its best place is minor (see :func:`geo.scoring.is_minor`), or it names none
    minor: bool
    #: a minor place or an admin-2 area: a person's context makes it a person's name
    personable: bool
    #: a country, sea, region, or admin-1 area not named like a person: never a person
    area: bool
    #: what the common-word rule says of it whatever the text: a reason, None (the rule
    #: lets it pass) or :data:`_IN_CONTEXT` (the text decides)
    common: str | None
    #: every hit of it is turned down whatever its context (a common word the rule
    #: always turns down, which the other rules can only turn down for another reason)
    turned_down: bool


# The common-word rule's verdict on a name depends on the text it stands in.
_IN_CONTEXT = "in context"


class Recognizer:
    """Turn matcher hits into place-name spans, with the gazetteer's help.

    Parameters
    ----------
    matcher : geo.matcher.Matcher
        Supplies the lexicon (word frequencies, vocabulary, given names, titles).
    best : callable
        ``best(key) -> (feature, prior, generic, match) | None``: the best place of a
        key, to know whether a common word names an important place; ``generic`` is
        True for names shared by admin-1 areas of several countries ("Western"),
        ``match`` says how the key matched it.
    """

    def __init__(self, matcher, best):
        self.zipf = matcher.zipf
        self.vocab = matcher.vocab
        self.given = matcher.given_names
        self.titles = matcher.titles - _NOT_TITLES
        self.acronyms = matcher.acronyms
        self.abbreviations = matcher.abbreviations
        self.dotted_only = matcher.dotted_only
        self._best = best
        # Pure functions of a key or a surface, asked again for every hit of it.
        self._shape = lru_cache(maxsize=100_000)(self._shape)
        self._common_zipf = lru_cache(maxsize=100_000)(self._common_zipf)
        self._cyrillic = None  # geo.morph's guards, made for the first Cyrillic hit
        self._infos: dict[str, KeyInfo] = {}

    def info(self, key: str) -> KeyInfo:
        """Return the :class:`KeyInfo` of a key, computed on its first hit and kept."""
        found = self._infos.get(key)
        if found is None:
            if len(self._infos) >= 200_000:
                self._infos.clear()  # bounded: a long-running process reads endless names
            found = self._infos[key] = self._key_info(key)
        return found

    def _key_info(self, key: str) -> KeyInfo:
        best = self._best(key)
        feature, prior, generic, match = best if best is not None else (None, 0.0, False, "")
        given = key in self.given
        minor = best is None or is_minor(feature, prior)
        # Countries, seas, regions and admin-1 areas not named like people are never
        # taken for people's names ("Taco Bell Canada", "Jim Doyle. Wisconsin"); an
        # admin-1 area named like a person may be one ("Magdalena Andersson").
        area = feature in ("water", "region") or feature in ("country", "admin1") and not given
        one_word, z = " " not in key, self._common_zipf(key)
        common = _common_verdict(feature, z, one_word, generic, match)
        # The rule ends in a reason for every text when no famous place is named so.
        turned_down = z >= COMMON_ZIPF and (
            common is not None and (common != _IN_CONTEXT or not famous_enough(prior, z)))
        # A minor place, or a county or district of any size: with a person's context
        # around it ("Gord Hume", "Stirling Cool Hand Luke") the name is the person's.
        return KeyInfo(one_word, given, z, feature, prior, generic, match, minor,
                       minor or feature == "admin2", area, common, turned_down)

    def spans(self, text: str, hits: list[Hit], rejected: list | None = None,
              excluded: list | None = None) -> list[Span]:
        """Return the place-name spans of ``text``, in text order.

        ``rejected``, when given, receives ``(start, end, surface, reason)`` for every
        capitalised hit that was turned down. ``excluded``, when given (and ``rejected``
        is not), receives their ``(start, end)`` only: the many hits of names turned
        down whatever the text ("We", "But", "Police") are then not read in context.

        Examples
        --------
        >>> from geo.extract import default_extractor
        >>> ex, text = default_extractor(), "We met in Kyiv."
        >>> out: list = []
        >>> ex.recognizer.spans(text, ex.matcher.scan(text, capitalised=True), excluded=out), out
        ([Span(start=10, end=14, key='kyiv', admin=False, lemma='', doubtful=False)], [(0, 2)])
        """
        doubtful: set = set()  # (start, end) of the hits kept as Span.doubtful
        if excluded is not None and rejected is None:
            before = len(excluded)
            kept = self._kept(text, hits, None, excluded, doubtful)
            if kept is not None:
                return self._select(text, kept, doubtful)
            # A name turned down unread may have made another name a person's (see
            # _kept): read every hit, as when reasons are asked.
            del excluded[before:]
            doubtful.clear()
            rejected = []
            kept = self._kept(text, hits, rejected, None, doubtful)
            excluded.extend((r[0], r[1]) for r in rejected)
            return self._select(text, kept, doubtful)
        return self._select(text, self._kept(text, hits, rejected, None, doubtful), doubtful)

    def _kept(self, text: str, hits: list[Hit], rejected: list | None, excluded: list | None,
              doubtful: set) -> list[Hit] | None:
        """Return the hits of ``text`` that are place names, before overlaps are chosen.

        With ``excluded``, hits of names turned down whatever the text are skipped
        unread: None when that may have changed what is kept. ``doubtful`` receives the
        ``(start, end)`` of hits kept only for the word before them (:data:`_PLACE_BEFORE`).
        """
        lower_words: dict[str, bool] = {}
        persons: set[str] = set()
        kept = []
        lang = None
        info_of = self.info
        infos = self._infos
        dotted_only = self.dotted_only
        unread: set[str] = set()
        nameless = cyrillic = False  # a hit kept that names no place; a Cyrillic hit kept
        for h in hits:
            start, end, key, lemma = h
            if not text[start].isupper():  # a hit always lies in its text
                continue
            if lemma:  # a Cyrillic name: its own guards (geo.morph)
                surface = text[start:end]
                if self._cyrillic is None:
                    from geo.cyrillic_guards import CyrillicGuards

                    self._cyrillic = CyrillicGuards(self._best)
                if lang is None:
                    from geo.morph import language

                    lang = language(text)
                why = self._cyrillic.reject(text, h, lang, persons)
                if not why:
                    kept.append(h)
                    cyrillic = True
                    continue
            else:
                if key in dotted_only and text[end : end + 1] != ".":
                    continue  # "Miss" the title, not "Miss." for Mississippi
                info = infos.get(key) or info_of(key)
                if info.turned_down and excluded is not None:
                    excluded.append((start, end))
                    unread.add(key)
                    continue
                surface = text[start:end]
                # (The hit's fields are passed on, read once: a named tuple's are dear to read.)
                why = (self._shape(surface) if surface.isupper() else None) or \
                    self._reject(text, start, end, key, surface, persons, info, doubtful)
                # (A common word the rule lets pass whatever the text, "Turkey", needs no call.)
                if why is None and info.zipf >= COMMON_ZIPF and info.common is not None:
                    why = self._common_reason(text, start, key, lower_words, info)
                if not why:
                    kept.append(h)
                    if info.feature is None:
                        nameless = True
                    continue
            if rejected is not None:
                rejected.append((start, end, surface, why))
            elif excluded is not None:
                excluded.append((start, end))
        # An unread hit could only have made its own name a person's (no hit of it is
        # kept but a Cyrillic one) or the next word's when that names no place.
        if unread and (nameless or cyrillic and any(
                h.lemma and (h.key in unread or info_of(h.key).feature is None) for h in kept)):
            return None
        # A name used for a person (or an organisation) once is one throughout the article.
        persons = {k for k in persons if (i := info_of(k)).minor or i.feature in ("city", "admin2")}
        if persons:
            if rejected is not None:
                rejected.extend((h.start, h.end, text[h.start:h.end], "person elsewhere in the text")
                                for h in kept if h.key in persons)
            elif excluded is not None:
                excluded.extend((h.start, h.end) for h in kept if h.key in persons)
            kept = [h for h in kept if h.key not in persons]
        return kept

    # -- rules -------------------------------------------------------------------

    def _shape(self, surface: str) -> str | None:
        if len(surface) <= 10 and surface.isupper() and sum(c.isalpha() for c in surface) <= 5:
            return None if fold_key(surface) in self.acronyms else "acronym"
        # No rule for lower-case words inside a name: the matcher only finds those the
        # gazetteer writes so ("Port-au-Prince") and connectors ("Sea of Azov").
        return None

    def _reject(self, text: str, start: int, end: int, key: str, surface: str, persons: set[str],
                info: KeyInfo, doubtful: set) -> str | None:
        one_word, area = info.one_word, info.area
        # _DIRECTION_OF ends in blanks: a name after none needs no search.
        if one_word and not area and info.given and info.minor and not surface.isupper() \
                and not (text[start - 1 : start].isspace()
                         and _DIRECTION_OF.search(text, max(0, start - 24), start)):
            if not (text[start - 1 : start].isspace() and _PLACE_BEFORE.search(text, max(0, start - 24), start)):
                return "given name naming only a minor place"
            doubtful.add((start, end))  # kept if no other rule turns it down
        prev, dotted = prev_word(text, start)
        # The rules on the word before: none applies when there is none (half the hits).
        if prev:
            pl = prev.lower()
            # A dot after the previous word ends a sentence, unless it abbreviates a title.
            if dotted and not (len(prev) <= 4 and pl in self.titles):
                prev = pl = ""
            if pl in ORG_MARKERS and one_word and prev[0].islower():
                persons.add(key)
                return f"organisation: after {prev!r}"
            # (Cheap tests before the big word lists, here and below.)
            if not area and prev and (prev[0].isupper() or dotted) and pl in self.titles:
                persons.add(key)
                return f"person: after the title {prev!r}"
            if not area and prev and prev[0].isupper() and one_word and not dotted:
                prev_start = start - len(prev) - 1
                before, before_dot = prev_word(text, prev_start + 1) if prev_start > 0 else ("", False)
                if not before_dot and before.lower() in self.titles:
                    persons.add(key)
                    return f"person: after {before} {prev}"
                # At a sentence start only a given name that is no common word counts
                # ("Michael Jordan spoke", but not "Will Moscow answer").
                if pl in self.given and (not sentence_initial(text, max(prev_start, 0))
                                         or self.vocab.get(pl, 0.0) < 5.5):
                    persons.add(key)
                    return f"person: after the given name {prev!r}"
                if info.personable and self.vocab.get(pl, 0.0) < 4.0 and self._best(pl) is None:
                    persons.add(key)
                    return f"person or name: after the capitalised word {prev!r}"
        after = text[end : end + 1]
        if after == "$":
            return f"currency: {surface}$"
        # The rules on the word after: none applies when there is none (a third of the hits).
        nxt = next_word(text, end)
        if not nxt:
            return None
        if one_word and not area and nxt[0].islower() and nxt.lower() in SPEECH_VERBS and info.personable:
            persons.add(key)
            return f"person: {surface} {nxt}"
        if after == " " or after == "\t":
            nl = nxt.lower()
            if nl in UNIT_HEADS:
                return f"unit or organisation: {surface} {nxt}"
            if nxt[0].isupper():
                if nl in ORG_HEADS or (nl in INSTITUTION_WORDS and info.zipf >= 4.0 and not area):
                    return f"organisation: {surface} {nxt}"
                if nl in STREET_WORDS:
                    return f"address: {surface} {nxt}"
                if (one_word and not area and (info.given or info.personable) and nl not in PLACE_WORDS
                        and nl not in INSTITUTION_WORDS and nl not in self.vocab and self._best(nl) is None):
                    persons.add(nl)
                    return f"person or name: before the capitalised word {nxt!r}"
        return None

    def _common_zipf(self, key: str) -> float:
        # A multi-word name is common only when every word of it is ("Red Cross").
        return min((self.zipf.get(w, 0.0) for w in key.split(" ")), default=0.0)

    @staticmethod
    def _used_in_lower_case(text: str, word: str, seen: dict[str, bool]) -> bool:
        """Return whether ``word`` is written in lower case somewhere in ``text`` (cached per text)."""
        found = seen.get(word)
        if found is None:
            found = False
            pos, n = text.find(word), len(word)
            while pos != -1 and not found:
                before = text[pos - 1] if pos else " "
                after = text[pos + n] if pos + n < len(text) else " "
                found = not (before.isalnum() or before == "_" or after.isalnum() or after == "_")
                pos = text.find(word, pos + 1)
            seen[word] = found
        return found

    def _common_reason(self, text: str, start: int, key: str, lower_words: dict[str, bool],
                       info: KeyInfo) -> str | None:
        if info.common != _IN_CONTEXT:
            return info.common
        if info.one_word and self._used_in_lower_case(text, key, lower_words):
            return f"common word: {key!r} is used in lower case in this text"
        plans = self._common_plans
        plan = plans.get(key)
        if plan is None:
            if len(plans) >= 200_000:
                plans.clear()  # bounded, as the key infos are
            plan = plans[key] = _common_plan(info)
        at_start, otherwise = plan
        if at_start and sentence_initial(text, start):
            return "common word at the start of a sentence"
        return otherwise

    @cached_property
    def _common_plans(self) -> dict[str, tuple[bool, str | None]]:
        # Per key, the parts of the common-word rule its text does not decide (see
        # _common_plan): most hits then read no sentence start.
        return {}

    def _select(self, text: str, hits: list[Hit], doubtful: set) -> list[Span]:
        """Longest match first, no overlaps; join "region"/"Oblast" suffixes."""
        chosen: list[Hit] = sorted(hits)  # by start (a Hit is a tuple), compared in C
        out = self._spans_of(text, chosen, doubtful)
        if out is None:  # two overlap (one text in four): choose
            chosen = []
            used = bytearray(len(text))  # characters already in a chosen name
            for h in sorted(hits, key=lambda h: (h.start - h.end, h.start)):
                if used.find(1, h.start, h.end) != -1:
                    continue
                used[h.start : h.end] = b"\x01" * (h.end - h.start)
                chosen.append(h)
            chosen.sort(key=lambda h: h.start)
            out = self._spans_of(text, chosen, doubtful)
        return out

    def _spans_of(self, text: str, chosen: list[Hit], doubtful: set) -> list[Span] | None:
        """Return the spans of ``chosen`` (hits in text order), None if two of them overlap.

        Suffixes join here: "the Kharkiv region" is the admin area, as is "Lviv Oblast".
        """
        out = []
        abbreviations = self.abbreviations
        new_span = tuple.__new__  # Span(...) runs a Python __new__: this is three times cheaper
        reach = -1
        for h in chosen:
            start, end, key, lemma = h
            if start < reach:
                return None
            reach = end
            unsure = bool(doubtful) and (start, end) in doubtful
            after = text[end : end + 1]
            admin = False
            if after == ".":
                admin = key in abbreviations
            # Both of _ADMIN_AFTER's branches start with blanks and then one of its
            # words: most names are followed by none.
            elif after.isspace() and ((c := text[end + 1 : end + 2]) in _ADMIN_AFTER_FIRST or c.isspace()):
                m = _ADMIN_AFTER.match(text, end)
                if m and m.group("own"):
                    if not any(o.start >= end and o.start < m.end() for o in chosen):
                        end, admin = m.end(), True
                elif m:
                    admin = True
            out.append(new_span(Span, (start, end, key, admin, lemma, unsure)))
        return out


def _common_plan(info: KeyInfo) -> tuple[bool, str | None]:
    """Return what the common-word rule says of a name its text decides, after the lower-case test.

    That is whether the name is turned down at a sentence start, and the verdict
    elsewhere (a reason, or None when the name passes).

    Examples
    --------
    >>> from geo.extract import default_extractor
    >>> info = default_extractor().recognizer.info
    >>> _common_plan(info("paris")), _common_plan(info("may"))
    ((False, None), (True, 'common word (Zipf 6.0) naming a minor place'))
    """
    z, prior = info.zipf, info.prior
    # Famous places are frequent words too ("Atlanta", "Paris").
    return (z >= 4.5 and prior < MAJOR_PRIOR,
            None if famous_enough(prior, z) else f"common word (Zipf {z:.1f}) naming a minor place")


def _common_verdict(feature: str | None, z: float, one_word: bool, generic: bool, match: str) -> str | None:
    """Return what the common-word rule says of a name (Zipf ``z``) before reading its text.

    A reason, None when the name passes, or :data:`_IN_CONTEXT`.
    """
    if feature is None:
        return "no place"
    if feature in ("country", "water", "region"):
        return None
    if match != "exact" and one_word and z >= 4.5:
        # a very common word that is only another name of the place ("Ten" for Southern Province)
        return "common word that is only an alternate name"
    if feature == "admin1" and generic and z >= 4.5:
        return "common word naming admin-1 areas in several countries"
    return _IN_CONTEXT
