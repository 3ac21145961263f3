"""Which Cyrillic names are not places here: people, common words, organisations.

The English path guards people and organisations in :mod:`geo.recognize`; this is the
same for names :mod:`geo.morph` found in Ukrainian and Russian text. Given names come
from the dictionaries' ``Name`` readings and ``data/gazetteer/cyrillic_guards.csv`` (which
also lists titles and the words before outlets' and firms' names), common words from
the dictionaries' parts of speech and wordfreq's Ukrainian and Russian frequencies.
"""

from __future__ import annotations

import csv
from functools import lru_cache
from itertools import islice

from geo.morph import (
    _OTHER,
    _POS,
    _RU_LETTERS,
    _UK_LETTERS,
    PLACE_PREPOSITIONS,
    _data_dir,
    _from_dictionary,
    _plain,
    _word_before,
    analyzer,
    fold_form,
)
from geo.names import fold

#: A word this common (wordfreq Zipf, in the text's language) is suspect as a place name.
COMMON_ZIPF = 3.3
#: Prior from which a place is important enough to keep a common word's name.
MAJOR_PRIOR = 0.75
#: Verbs of speech (lemmas): a surname before one is a person ("Лиман заявив").
SPEECH_VERBS = frozenset(
    "сказати заявити повідомити додати зазначити наголосити підкреслити розповісти написати "
    "сказать заявить сообщить добавить отметить подчеркнуть рассказать написать".split()
)
# Words before a quoted name that make it a place's ("аэропорт «Домодедово»").
_PLACE_BEFORE_QUOTES = frozenset(
    "аэропорт аэропорту аэропорта аеропорт аеропорту аеропорта вокзал вокзале вокзалу станция станции станція "
    "станції порт порту порта город города місто міста село села деревня деревни селище селища поселок посёлок "
    "поселка посёлка".split()
)
_QUOTES = {"«": "»", "„": "“", "“": "”", '"': '"'}
_FUNCTION_POS = frozenset("CONJ PRCL NPRO PREP ADVB INTJ PRED VERB INFN GRND NUMR COMP".split())


@lru_cache(maxsize=1)
def guard_words() -> dict[str, frozenset[str]]:
    """Words of ``cyrillic_guards.csv`` by kind: ``given``, ``title``, ``org``, ``orghead``, ``place``."""
    out: dict[str, set[str]] = {}
    with open(_data_dir() / "cyrillic_guards.csv", encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            out.setdefault(row["kind"], set()).add(fold(row["word"]))
    return {k: frozenset(v) for k, v in out.items()}


def _word_after(text: str, end: int) -> str:
    i = end
    while i < len(text) and text[i] in " \t\u00a0":
        i += 1
    j = i
    while j < len(text) and (text[j].isalpha() or text[j] in "'’ʼ-"):
        j += 1
    return text[i:j]


class CyrillicGuards:
    """Decide which Cyrillic hits are not places here: people, common words, organisations.

    Parameters
    ----------
    best : callable
        ``best(key) -> (feature, prior, generic, match) | None`` as the recognizer has it.

    Examples
    --------
    >>> from geo.extract import Extractor
    >>> g = CyrillicGuards(Extractor()._best)
    >>> from geo.matcher import Hit
    >>> text = "Володимир Зеленський прибув до Харкова."
    >>> g.reject(text, Hit(0, 9, "володимир", "Володимир"), "uk", set())
    "person: given name 'Володимир' before 'Зеленський'"
    """

    def __init__(self, best):
        self._best = best
        self.words = guard_words()
        self._text, self._neutral = None, False
        for lang in ("uk", "ru"):
            self._zipf("а", lang)  # load wordfreq's lists now, not inside the first article

    def _prior(self, key: str) -> float:
        best = self._best(key)
        return -1.0 if best is None else best[1]

    def _area(self, key: str) -> bool:
        best = self._best(key)
        return best is not None and best[0] in ("country", "admin1", "region", "water")

    @staticmethod
    @lru_cache(maxsize=100_000)
    def _parses(word: str, lang: str) -> tuple[tuple[str, frozenset, float, str], ...]:
        # Guessed readings (of words the dictionary lacks) carry no Geox: a guess is no
        # evidence that a word names a place.
        return tuple((next(iter(p.tag.grammemes & _POS), ""),
                      p.tag.grammemes if _from_dictionary(p) else p.tag.grammemes - {"Geox", "Name", "Surn", "Patr"},
                      p.score, p.normal_form)
                     for p in islice(analyzer(lang).parse(_plain(word)), 6))

    def is_given(self, word: str, lang: str, lemma: str = "") -> bool:
        """Tell whether ``word`` is a given name (a dictionary Name reading, or the guard table's).

        With ``lemma``, the name it was matched as must be that given name ("Києві" is
        also a form of the name Кий, but matched as Київ it is no given name).
        """
        key = fold(lemma or word)
        if key in self.words.get("place", ()) or self._function_word(word, lang):
            return False
        if key in self.words.get("given", ()) or fold(word) in self.words.get("given", ()):
            return True
        # The word itself a given name in the nominative, or matched as one.
        return any("Name" in g and ("nomn" in g or not lemma or fold(nf) == key)
                   for _, g, _, nf in self._parses(word, lang))

    def _surname(self, word: str, lang: str) -> bool:
        parses = self._parses(word, lang)
        return bool(parses) and "Surn" in parses[0][1] and not any("Geox" in g for _, g, _, _ in parses)

    @staticmethod
    @lru_cache(maxsize=100_000)
    def _zipf(word: str, lang: str) -> float:
        from wordfreq import zipf_frequency

        return zipf_frequency(word, lang)

    @staticmethod
    @lru_cache(maxsize=100_000)
    def _zipf_either(word: str, lemma: str) -> float:
        """Return the highest Zipf frequency of ``word`` or ``lemma`` in Ukrainian or Russian, once per word."""
        return max(CyrillicGuards._zipf(w, x) for w in (word, lemma) for x in ("uk", "ru"))

    def reject(self, text: str, hit, lang: str, persons: set) -> str | None:
        """Why the Cyrillic ``hit`` is no place name here, or None when it is one.

        ``persons`` receives the keys of names used for people, which are then no
        places elsewhere in the text either.
        """
        surface = text[hit.start : hit.end]
        # A text showing none of і, ї, є, ґ, ы, э, ъ, ё may be either language: a word
        # is then judged by the dictionary that knows it.
        first = surface.split()[0]
        if text is not self._text:  # the letters of a text, read once for all its hits
            self._text, self._neutral = text, not _UK_LETTERS.search(text) and not _RU_LETTERS.search(text)
        if self._neutral and not analyzer(lang).word_is_known(_plain(first)) \
                and analyzer(_OTHER[lang]).word_is_known(_plain(first)):
            lang = _OTHER[lang]
        one_word = " " not in surface.strip()
        abbreviation = surface.isupper() and len(surface) > 1
        prev = _word_before(text, hit.start)
        pl = fold(prev)
        area = self._area(hit.key)
        why = self._quoted(text, hit, prev)
        if why:
            return why
        # A hyphen glues the name to another word: part of a compound ("МТС-Україна").
        if text[hit.start - 1 : hit.start] == ".":
            return "after a dot: a domain or an abbreviation (.РФ)"
        if text[hit.start - 1 : hit.start] == "-" or text[hit.end : hit.end + 1] == "-" and \
                text[hit.end + 1 : hit.end + 2].isalpha():
            return "part of a hyphenated word"
        if abbreviation:
            return None  # the table's abbreviations name places by themselves
        if pl in self.words.get("orghead", ()) or (prev.isupper() and 2 <= len(prev) <= 5
                                                   and self._best(fold(prev)) is None):
            return f"organisation: {prev} {surface}"
        if prev and prev[:1].islower() and pl in self.words.get("org", ()):
            return f"organisation: after {prev!r}"
        if not area and prev and prev[:1].islower() and self._title(prev, lang):
            self._person(hit, persons)
            return f"person: after the title {prev!r}"
        if one_word:
            nxt = _word_after(text, hit.end)
            after_prep = pl in PLACE_PREPOSITIONS
            if not area and prev[:1].isupper() and (self.is_given(prev, lang) or _initial(text, hit.start)):
                self._person(hit, persons)
                return f"person: after {prev!r}"
            if _initial(text, hit.start):
                self._person(hit, persons)
                return "person: after an initial"
            # A surname is written Capitalised, not in capitals ("в Риме ФАО").
            if nxt[:1].isupper() and nxt[1:2].islower() and not area and not after_prep \
                    and self._name_reading(surface, lang) and self._best(fold(nxt)) is None:
                self._person(hit, persons)
                return f"person: given name {surface!r} before {nxt!r}"
            if not area and self.is_given(surface, lang, hit.lemma) and not self._first_reading_place(surface, lang):
                if nxt[:1].isupper():
                    self._person(hit, persons)
                    return f"person: given name {surface!r} before {nxt!r}"
                if not after_prep:
                    return f"given name {surface!r}"
            if not area and nxt[:1].isupper() and self._patronymic(nxt, lang):
                self._person(hit, persons)
                return f"person: before the patronymic {nxt!r}"
            if not area and self._surname(surface, lang) and self._speech_verb(nxt, lang):
                self._person(hit, persons)
                return f"person: {surface} {nxt}"
            why = self._common(text, hit, surface, lang, area)
            if why:
                return why
        return None

    def _person(self, hit, persons: set) -> None:
        # A name used for a person is one throughout the text, unless it names an
        # important place ("Владимир Путин" and "во Владимире").
        if self._prior(hit.key) < MAJOR_PRIOR:
            persons.add(hit.key)

    def _geox(self, word: str) -> bool:
        """Tell whether either dictionary reads ``word`` as a place name (Geox) often enough.

        Often enough is a third of its readings' probability: Орёл and Курган are
        mostly towns, Восток and Запад mostly directions.
        """
        for lang in ("ru", "uk"):
            parses = self._parses(word, lang)
            total = sum(p[2] for p in parses) or 1.0
            if sum(p[2] for p in parses if "Geox" in p[1]) / total >= 0.3:
                return True
        return False

    def _speech_verb(self, word: str, lang: str) -> bool:
        parses = self._parses(word, lang)
        if not parses or parses[0][0] != "VERB":
            return False
        return fold(parses[0][3]) in SPEECH_VERBS

    def _name_reading(self, word: str, lang: str) -> bool:
        """Tell whether ``word`` reads as a given name in some case ("Марка" of Марк)."""
        if self._function_word(word, lang):
            return False
        return fold(word) in self.words.get("given", ()) or any("Name" in g for _, g, _, _ in self._parses(word, lang))

    def _function_word(self, word: str, lang: str) -> bool:
        """Tell whether ``word`` is first of all a preposition, conjunction... ("Из" is no Иза)."""
        if fold(word) in PLACE_PREPOSITIONS:
            return True
        parses = self._parses(word, lang)
        return bool(parses) and parses[0][0] in _FUNCTION_POS

    def _first_reading_place(self, word: str, lang: str) -> bool:
        parses = self._parses(word, lang)
        return bool(parses) and "Geox" in parses[0][1]

    def _title(self, word: str, lang: str) -> bool:
        titles = self.words.get("title", ())
        if fold(word) in titles:
            return True
        parses = self._parses(word, lang)
        return bool(parses) and fold(parses[0][3]) in titles

    def _patronymic(self, word: str, lang: str) -> bool:
        if word.lower().endswith(("ович", "овича", "евич", "йович", "івна", "ївна", "овна", "евна", "ич")):
            return True
        return any("Patr" in g for _, g, _, _ in self._parses(word, lang))

    def _common(self, text: str, hit, surface: str, lang: str, area: bool) -> str | None:
        from geo.context_words import sentence_initial

        lemma = (hit.lemma or surface).lower()
        # Both languages: Ukrainian news quotes Russian and the other way round.
        z = self._zipf_either(surface.lower(), lemma)
        if z < COMMON_ZIPF:
            return None
        if area:
            # At a sentence start, an admin-1 area whose Cyrillic name is a very common
            # word is usually a foreign area's translated name ("Захід підтримує", the
            # West, is no Cameroonian West Region); countries, seas and regions keep theirs.
            best = self._best(hit.key)
            if best[0] != "admin1" or z < 4.0 or " " in lemma or not sentence_initial(text, hit.start) \
                    or self._geox(surface) or self._geox(lemma):
                return None
            return f"common word (Zipf {z:.1f}) naming an admin-1 area"
        parses = self._parses(surface, lang)
        prior = self._prior(hit.key)
        function = next((pos for pos, _, _, _ in parses[:3] if pos in _FUNCTION_POS), None)
        # A noun reading that gives the name as matched outweighs a function-word one
        # ("Донецьку" is also an adverb, but first the dative of Донецьк).
        noun = any(pos == "NOUN" and fold_form(nf) == fold_form(lemma) for pos, _, _, nf in parses)
        if function and not noun and (z >= 4.0 or parses[0][0] == function):
            return f"common word: {surface!r} is a {function}"
        if self._geox(surface) or self._geox(lemma):
            return None  # a dictionary knows it as a place name
        # Mid-sentence a capital marks a name; at a sentence start only the place's
        # importance can (the Ukrainian dictionary marks no place names).
        if not sentence_initial(text, hit.start) and not _in_lower_case(text, surface.lower()):
            # A very common noun capitalised away from a preposition of place names an
            # organisation more often than a small town ("членами Совета безопасности").
            # The name as matched must be that common word ("Совет"), not merely share
            # a form with one ("Слов'янська", also "Slavonic").
            z_lemma = max(self._zipf(lemma, x) for x in ("uk", "ru"))
            if z_lemma < 4.0 or prior >= MAJOR_PRIOR or fold(_word_before(text, hit.start)) in PLACE_PREPOSITIONS:
                return None
            return f"common word (Zipf {z:.1f}) capitalised, not after a preposition: a name, not a minor place"
        if prior >= 0.72 + 0.1 * (z - 4.0):
            return None
        return f"common word (Zipf {z:.1f}) naming a minor place"

    def _quoted(self, text: str, hit, prev: str) -> str | None:
        """Reject a name inside a short quoted title («МТС-Україна», газета «Житомирщина»)."""
        line_start = max(text.rfind("\n", 0, hit.start) + 1, hit.start - 80)
        before = text[line_start : hit.start]
        for opening, closing in _QUOTES.items():
            o = before.rfind(opening)
            if o == -1:
                continue
            if opening == closing and before.count(opening) % 2 == 0:
                continue
            if opening != closing and before.rfind(closing) > o:
                continue
            c = text.find(closing, hit.end, hit.end + 80)
            if c == -1:
                continue
            inside = text[line_start + o + 1 : c]
            # "аэропорт «Домодедово»", "село «Рибацьке»": a quoted name of a place.
            if fold(_word_before(text, line_start + o)) in _PLACE_BEFORE_QUOTES:
                continue
            if len(inside.split()) <= 4:
                return f"organisation or title in quotes: {opening}{inside}{closing}"
        return None


def _in_lower_case(text: str, word: str) -> bool:
    """Tell whether ``word`` (lower case) stands in ``text`` as a whole word."""
    pos, n = text.find(word), len(word)
    while pos != -1:
        before = text[pos - 1] if pos else " "
        after = text[pos + n] if pos + n < len(text) else " "
        if not (before.isalnum() or before in "_-" or after.isalnum() or after in "_-"):
            return True
        pos = text.find(word, pos + 1)
    return False


def _initial(text: str, start: int) -> bool:
    """Tell whether an initial precedes the word at ``start`` ("В. Зеленський", "В.О. Зеленський")."""
    i = start
    while i > 0 and text[i - 1] in " \u00a0":
        i -= 1
    return i >= 2 and text[i - 1] == "." and text[i - 2].isupper() and (i < 3 or not text[i - 3].isalpha())
