"""Place names in inflected Ukrainian and Russian text.

Ukrainian and Russian inflect place names ("у Києві", "до Києва", "Луганської області",
"в России"), so the gazetteer's nominative names are not what the text shows. Here every
capitalised Cyrillic word is analysed by pymorphy3 (with the ``pymorphy3-dicts-uk`` or
``pymorphy3-dicts-ru`` dictionary, chosen from the letters of the text) and put back into
the nominative, keeping its number and gender, so a multi-word name agrees in case
("Луганської області" -> "Луганська область", "Южной Корее" -> "Южная Корея"); runs of
such forms are looked up in the matcher's automaton. A small committed table
(``data/gazetteer/cyrillic_names.csv``) adds the abbreviations and colloquial names news
uses (РФ, ДНР, Донеччина, "на Запоріжжі"), each mapped to a gazetteer place.
:mod:`geo.cyrillic_guards` then decides which hits are people, common words or
organisations rather than places.

The matcher calls :meth:`CyrillicMatcher.hits` only for texts holding Cyrillic letters,
so English text never pays for any of this. Hits keep the surface offsets; their
``lemma`` is the nominative form that matched.
"""

from __future__ import annotations

import csv
import re
from functools import lru_cache
from itertools import islice

from geo.names import fold

#: Any Cyrillic letter: the test that decides whether a text takes this path.
CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_UK_ONLY = "іїєґІЇЄҐ"
_RU_ONLY = "ыэъёЫЭЪЁ"
_UK_LETTERS = re.compile(f"[{_UK_ONLY}]")
_RU_LETTERS = re.compile(f"[{_RU_ONLY}]")
# A Cyrillic word, apostrophes (Слов'янськ) and hyphenated parts (Нью-Йорк) included.
_LETTERS = "[\u0400-\u04ff][\u0400-\u04ff\u0300-\u036f]*"  # stress marks kept inside the word (Москва́)
_WORD = re.compile(rf"{_LETTERS}(?:['’ʼ]{_LETTERS})*(?:-{_LETTERS}(?:['’ʼ]{_LETTERS})*)*")
_PART = re.compile(rf"{_LETTERS}(?:['’ʼ]{_LETTERS})*")
#: Words a name may run over, at most.
MAX_WORDS = 4
#: Nominative forms tried per word, at most.
MAX_FORMS = 6
# Prepositions after which a capitalised word stands where places stand.
PLACE_PREPOSITIONS = frozenset(
    "в у во на під под біля поблизу возле около близ до з із зі від от из через над за коло".split()
)
# Head nouns two adjectives may share ("Донецька і Луганська області"), and the words between.
_HEADS = frozenset("область край район".split())
_HEAD_STEMS = re.compile(r"\b(?:облас|обла|кра[яюїиеє]|район)")
_CONJUNCTIONS = frozenset("і й та и або или".split())
_OTHER = {"uk": "ru", "ru": "uk"}
#: Entries each per-word cache keeps at most.
_CACHE_SIZE = 200_000
_CASES = frozenset("nomn gent gen1 gen2 datv accs acc2 ablt loct loc1 loc2 voct".split())
_POS = frozenset("NOUN ADJF ADJS COMP VERB INFN PRTF PRTS GRND NUMR ADVB NPRO PRED PREP CONJ PRCL INTJ".split())


def has_cyrillic(text: str) -> bool:
    """Tell whether ``text`` holds a Cyrillic letter.

    Examples
    --------
    >>> has_cyrillic("Shelling in Kharkiv"), has_cyrillic("Обстріл Харкова")
    (False, True)
    """
    return CYRILLIC.search(text) is not None


def mostly_cyrillic(text: str, share: float = 0.8) -> bool:
    """Tell whether at least ``share`` of the letters of ``text`` are Cyrillic.

    Examples
    --------
    >>> mostly_cyrillic("Як повідомляє агентство France-Presse, вибухи пролунали у Харкові та Києві вночі")
    True
    >>> mostly_cyrillic("Shelling in Kharkiv (Харків) and Kyiv")
    False
    """
    # Letters counted in the UTF-8 bytes, each count one pass in C (regular expressions
    # made a string per run): A-Z and a-z are bytes of their own, and a character of the
    # Cyrillic block U+0400-U+04FF is the only one whose first byte is D0, D1, D2 or D3.
    raw = text.encode("utf-8", "surrogatepass")
    latin = len(raw) - len(raw.translate(None, _ASCII_LETTERS))
    cyrillic = sum(map(raw.count, _CYRILLIC_LEADS)) if latin else len(text)
    return cyrillic >= share * (cyrillic + latin) and CYRILLIC.search(text) is not None


_ASCII_LETTERS = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
_CYRILLIC_LEADS = (b"\xd0", b"\xd1", b"\xd2", b"\xd3")


def language(text: str) -> str:
    """Guess whether a Cyrillic ``text`` is Ukrainian (``"uk"``) or Russian (``"ru"``).

    From the letters only one of them has (і ї є ґ against ы э ъ ё); Russian when
    neither shows.

    Examples
    --------
    >>> language("Вибухи у Києві"), language("Взрывы в Киеве"), language("США")
    ('uk', 'ru', 'ru')
    """
    uk = sum(map(text.count, _UK_ONLY))
    ru = sum(map(text.count, _RU_ONLY))
    return "uk" if uk > ru else "ru"


@lru_cache(maxsize=2)
def analyzer(lang: str):
    """Return the pymorphy3 analyser of ``lang`` (``"uk"`` or ``"ru"``), loaded once."""
    import pymorphy3

    return pymorphy3.MorphAnalyzer(lang=lang)


def _data_dir():
    from geo.settings import data_dir

    return data_dir()


@lru_cache(maxsize=1)
def names_table() -> dict[tuple[str, str], list[dict]]:
    """Abbreviations and colloquial names: ``(lang, folded name) -> rows``.

    Each row holds ``name`` (as written in the table), ``target`` (a gazetteer name of
    the place meant), ``context`` (a preposition the name needs before it, or ``""``)
    and ``note`` (what a former state or occupation entity is mapped to).
    """
    out: dict[tuple[str, str], list[dict]] = {}
    with open(_data_dir() / "cyrillic_names.csv", encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            for lang in row["lang"].split():
                out.setdefault((lang, fold(row["name"])), []).append(row)
    return out


@lru_cache(maxsize=1)
def country_names() -> dict[tuple[str, str], str]:
    """Ukrainian and Russian names of countries and their first-level areas: ``(lang, folded) -> English name``.

    From pycountry's translations of ISO 3166-1 and 3166-2 (the iso-codes project), for
    the places whose Ukrainian or Russian name GeoNames lacks (Калифорния, Туркмения).

    Examples
    --------
    >>> country_names()[("ru", "аризона")], country_names()[("uk", "туркменістан")]
    ('Arizona', 'Turkmenistan')
    """
    import gettext

    import pycountry

    out: dict[tuple[str, str], str] = {}
    for lang in ("uk", "ru"):
        for domain, records in (("iso3166-1", pycountry.countries),
                                ("iso3166-2", [s for s in pycountry.subdivisions if not s.parent_code])):
            try:
                tr = gettext.translation(domain, pycountry.LOCALES_DIR, languages=[lang])
            except OSError:
                continue
            for r in records:
                for name in {r.name, getattr(r, "common_name", r.name)}:
                    local = tr.gettext(name)
                    if local != name and CYRILLIC.search(local):
                        out.setdefault((lang, fold(local)), name)
    return out


@lru_cache(maxsize=200_000)
def nominatives(word: str, lang: str) -> tuple[str, ...]:
    """Lower-case nominative forms ``word`` may stand for, the likeliest first.

    Each reading is put in the nominative keeping its number and gender, so an
    adjective agrees with the noun after it ("Луганської" -> "луганська"); its
    dictionary form follows. The word itself comes first when it may be nominative,
    last otherwise (it may be a genitive inside a name: "Штатах Америки").

    Examples
    --------
    >>> set(nominatives("Києві", "uk")) == {"київ", "кий", "києві"}
    True
    >>> nominatives("Луганської", "uk")[0], nominatives("Южной", "ru")[0]
    ('луганська', 'южная')
    """
    # The dictionaries write the Ukrainian apostrophe as "'" (Слов'янськ), texts also ’ and ʼ,
    # and stress marks (Москва́) are no part of a word.
    low = _plain(word)
    nouns: list[str] = []
    adjectives: list[str] = []
    geo_first: list[str] = []
    people: list[str] = []  # readings as a person's name ("Києві" as the dative of Кий)
    noun_nominative = adjective_nominative = False
    parses = analyzer(lang).parse(low)
    # A word the dictionary knows keeps to its dictionary readings: guesses by analogy
    # invent forms ("Александр" as a plural of some "александри").
    if any(_from_dictionary(p) for p in parses[:8]):
        parses = [p for p in parses if _from_dictionary(p)]
    for p in islice(parses, 8):
        # Grammemes as a set, and part of speech and case read from it: not ``in tag``
        # (the Ukrainian tag set lacks Geox), and the tag's own properties cost more.
        grammemes = p.tag.grammemes
        adjective = "ADJF" in grammemes or "PRTF" in grammemes
        case = next(iter(grammemes & _CASES), None)
        if "nomn" in grammemes and p.word == low:
            if adjective:
                adjective_nominative = True
            else:
                noun_nominative = True
        # The nominative of a singular noun is its dictionary form; inflecting (slow) is
        # for plurals and adjectives, which keep number and gender ("Донецької" is
        # "донецька", never "донецький").
        if not case or case == "nomn":
            nom = None
        elif not adjective and "plur" not in grammemes:
            nom = p.normal_form
        elif "ADJF" in grammemes and (nom := _adjective_nominative(p.normal_form, grammemes, lang)):
            pass
        else:
            inflected = p.inflect({"nomn"})
            nom = inflected.word if inflected else None
        found = [nom] if nom else []
        if not adjective or not found:
            found.append(p.normal_form if not adjective or "masc" in grammemes or not case else low)
        person = not grammemes.isdisjoint(("Name", "Surn", "Patr"))
        (geo_first if "Geox" in grammemes else people if person else adjectives if adjective else nouns).extend(found)
    # Nouns before adjectives: a word standing alone is a town ("у Донецьку") more often
    # than an adjective reading of it.
    ordered = ([low] if noun_nominative else []) + geo_first + nouns + ([low] if adjective_nominative else []) \
        + adjectives + people + [low]
    return tuple(dict.fromkeys(ordered))[:MAX_FORMS]


def _fold_table() -> tuple[dict[int, str | None], re.Pattern]:
    """Return the per-character fold of the Cyrillic block and the words it folds exactly.

    The pattern matches letters with apostrophes and inner hyphens.
    """
    table: dict[int, str | None] = {}
    for cp in range(0x400, 0x500):
        folded = fold(chr(cp))
        if len(folded) <= 1:  # combining marks (titlo) fold to nothing
            table[cp] = folded or None
    table.update({ord(a): None for a in "'’ʼ"})
    table[ord("-")] = " "
    letters = "".join(chr(cp) for cp in table if 0x400 <= cp < 0x500 and table[cp])
    return table, re.compile(f"^[{re.escape(letters)}]+(?:['’ʼ-][{re.escape(letters)}]+)*$")


_FOLD_TABLE, _FOLDABLE = _fold_table()


def fold_form(form: str) -> str:
    """:func:`geo.names.fold` for a word form, five times faster on plain Cyrillic words.

    Examples
    --------
    >>> fold_form("Нью-Йорк"), fold_form("слов'янськ"), fold_form("Київ") == fold("Київ")
    ('нью иорк', 'словянськ', True)
    """
    if _FOLDABLE.match(form):
        return form.translate(_FOLD_TABLE)
    return fold(form)


def _plain(word: str) -> str:
    """Lower-case ``word`` as the dictionaries write it: apostrophe ', no stress marks."""
    low = word.lower().replace("’", "'").replace("ʼ", "'")
    return _STRESS.sub("", low) if _STRESS.search(low) else low


_STRESS = re.compile("[\u0300-\u036f]")


def _adjective_nominative(masculine: str, grammemes, lang: str) -> str | None:
    """Return the nominative of an adjective in the gender or number of ``grammemes``, by rule.

    Inflecting through the dictionary costs ten times more; the endings are regular
    (Ukrainian -ий/-ій, Russian -ый/-ой/-ий). None where no rule applies.

    Examples
    --------
    >>> _adjective_nominative("луганський", {"femn", "gent"}, "uk")
    'луганська'
    >>> _adjective_nominative("южный", {"femn", "loct"}, "ru"), _adjective_nominative("синий", {"femn"}, "ru")
    ('южная', 'синяя')
    """
    number = "plur" if "plur" in grammemes else "femn" if "femn" in grammemes else \
        "neut" if "neut" in grammemes else "masc"
    stem, end = masculine[:-2], masculine[-2:]
    if number == "masc":
        return masculine
    if lang == "uk":
        if end not in ("ий", "ій"):
            return None
        soft = end == "ій"
        return stem + {"femn": "я" if soft else "а", "neut": "є" if soft else "е", "plur": "і"}[number]
    if end in ("ый", "ой"):
        return stem + {"femn": "ая", "neut": "ое", "plur": "ые"}[number]
    if end != "ий" or not stem:
        return None
    if stem[-1] in "гкх":
        return stem + {"femn": "ая", "neut": "ое", "plur": "ие"}[number]
    if stem[-1] in "жшщчц":
        return None  # "-ее" or "-ое" by stress: ask the dictionary
    return stem + {"femn": "яя", "neut": "ее", "plur": "ие"}[number]


def _cased(form: str, surface: str) -> str:
    """Write ``form`` with the capitals of ``surface`` (word by word, part by part)."""
    if surface.isupper() and len(surface) > 1:
        return form.upper()
    parts, sparts = form.split("-"), surface.split("-")
    return "-".join(p[:1].upper() + p[1:] if i < len(sparts) and sparts[i][:1].isupper() else p
                    for i, p in enumerate(parts))


class CyrillicMatcher:
    """Find gazetteer names in Cyrillic text through the nominative forms of its words.

    Parameters
    ----------
    matcher : geo.matcher.Matcher
        Its automaton answers whether a folded name (or the start of one) is a
        gazetteer name; :meth:`hits` returns its :class:`~geo.matcher.Hit` records.

    Examples
    --------
    >>> from geo.gazetteer import Gazetteer
    >>> from geo.matcher import Matcher
    >>> cm = CyrillicMatcher(Matcher.for_gazetteer(Gazetteer.default()))
    >>> [(h.start, h.end, h.lemma) for h in cm.hits("Вибухи у Києві та Луганської області.")]
    [(9, 14, 'Київ'), (18, 36, 'Луганська область')]
    """

    def __init__(self, matcher):
        self._ac = matcher.pattern_index()
        self._patterns = matcher.patterns
        # The key of a folded name, asked again for every run of words that may be one.
        self._key = lru_cache(maxsize=_CACHE_SIZE)(self._key)
        analyzer("uk"), analyzer("ru")  # both dictionaries now: either may be asked
        table = names_table()
        self._table = table
        # Starts of multi-word table names, so a run of words can go on towards them.
        # pycountry's names of countries and areas, for those the gazetteer lacks; kept
        # only where the English name is a gazetteer name.
        self._countries = {k: key for k, name in country_names().items() if (key := self._key(fold(name)))}
        self._table_prefixes = {(lang, " ".join(k.split(" ")[:n]))
                                for lang, k in (*table, *self._countries) for n in range(1, len(k.split(" ")))}
        # Per-word answers, asked again for every occurrence of a word.
        self._start_cache: dict[str, bool] = {}
        self._known_cache: dict[tuple[str, str], bool] = {}
        self._forms_cache: dict[tuple[str, str], tuple] = {}
        # (These by language, then word: no key tuple kept per word.)
        self._starts_cache: dict[str, dict[str, tuple]] = {"uk": {}, "ru": {}}
        self._may_name_cache: dict[str, dict[str, bool]] = {"uk": {}, "ru": {}}
        self._languages_cache: dict[str, dict[str, tuple[bool, bool]]] = {"uk": {}, "ru": {}}
        # Whether a name may go on from a run of words: a bisection of the pattern list
        # costs twenty reads of it, asked for every form of every capitalised word.
        self._continue_cache: dict[tuple[str, str], bool] = {}
        # Letter prefixes of the table's names, for the cheap test of :meth:`_may_start`.
        self._char_prefixes = {k[:n] for _, k in (*table, *self._countries) for n in range(2, len(k) + 1)}

    # -- lookups -----------------------------------------------------------------

    def _key(self, folded: str) -> str | None:
        idx = self._ac.get(f" {folded} ", None)
        return None if idx is None else self._patterns[idx][1]

    def _may_continue(self, folded: str, lang: str) -> bool:
        found = self._continue_cache.get((folded, lang))
        if found is None:
            if len(self._continue_cache) > _CACHE_SIZE:
                self._continue_cache.clear()
            found = self._continue_cache[(folded, lang)] = \
                bool(self._ac.match(f" {folded} ") or (lang, folded) in self._table_prefixes)
        return found

    def _may_start(self, word: str) -> bool:
        """Tell cheaply whether a name may start with ``word``, before analysing it.

        Inflection changes a word's last four letters at most (Київ, Києвом; Харків,
        Харковом), so some name must begin with the rest.
        """
        found = self._start_cache.get(word)
        if found is None:
            if len(self._start_cache) > _CACHE_SIZE:
                self._start_cache.clear()  # bounded: a long-running process reads endless words
            folded = fold_form(word)
            prefix = folded[: max(2, len(folded) - 4)]
            found = self._start_cache[word] = bool(self._ac.match(f" {prefix}") or prefix in self._char_prefixes)
        return found

    def _known(self, word: str, lang: str) -> bool:
        """Tell whether ``lang``'s dictionary knows ``word`` (abbreviations count as known)."""
        found = self._known_cache.get((word, lang))
        if found is None:
            if len(self._known_cache) > _CACHE_SIZE:
                self._known_cache.clear()
            found = self._known_cache[(word, lang)] = word.isupper() or analyzer(lang).word_is_known(word.lower())
        return found

    def _folded_forms(self, word: str, lang: str) -> tuple[tuple[str, str], ...]:
        """:meth:`_forms` with each form's folded key, ``(key, form)``, computed once per word."""
        found = self._forms_cache.get((word, lang))
        if found is None:
            found = tuple((k, f) for f in self._forms(word, lang) if (k := fold_form(f)))
            if len(self._forms_cache) > _CACHE_SIZE:
                self._forms_cache.clear()
            self._forms_cache[(word, lang)] = found
        return found

    def _starts(self, word: str, lang: str) -> tuple[tuple[str, str], ...]:
        """Return the :meth:`_folded_forms` of ``word`` a name may start with, computed once per word.

        Each as ``(key, form written as the word is)``.
        """
        cache = self._starts_cache[lang]
        found = cache.get(word)
        if found is None:
            found = tuple((k, _cased(f, word)) for k, f in self._folded_forms(word, lang)
                          if self._may_continue(k, lang) or (lang, k) in self._table or (lang, k) in self._countries)
            if len(cache) > _CACHE_SIZE:
                cache.clear()
            cache[word] = found
        return found

    def _may_name(self, word: str, lang: str) -> bool:
        """Tell whether :meth:`_longest` may find a name at ``word``, whatever the text, once per word.

        A name starts with one of :meth:`_starts`, or is the word before a head noun it
        shares (:meth:`_shared_head`).
        """
        cache = self._may_name_cache[lang]
        found = cache.get(word)
        if found is None:
            # (A name "X область" goes on from X: the cheap test first.)
            shared = (f"{folded} {head}" for form in self._forms(word, lang)
                      if self._may_continue(folded := fold(form), lang) for head in _HEADS)
            found = bool(self._starts(word, lang)) or any(
                (lang, name) in self._table or self._key(name) is not None for name in shared)
            if len(cache) > _CACHE_SIZE:
                cache.clear()
            cache[word] = found
        return found

    def _forms(self, word: str, lang: str) -> tuple[str, ...]:
        if word.isupper() and len(word) <= 6:
            return (word.lower(),)  # an abbreviation: not inflected (РФ, США, ДНР)
        return nominatives(word, lang)

    # -- scanning ----------------------------------------------------------------

    def hits(self, text: str, lang: str | None = None) -> list:
        """Return the gazetteer names of ``text`` found through nominative forms.

        One :class:`~geo.matcher.Hit` per capitalised word that starts a name: the
        longest name starting there, ``start:end`` its surface in ``text``, ``key``
        the gazetteer key of the place meant and ``lemma`` the name as matched.
        """
        from geo.matcher import Hit

        lang = lang or language(text)
        words = [(m.start(), m.end(), m[0]) for m in _WORD.finditer(text)]
        # Parts of hyphenated words are words too ("МТС-Україна"): a name may be one.
        extra = [(s + m.start(), s + m.end(), m[0])
                 for s, _, w in words if "-" in w for m in _PART.finditer(w)]
        out = []
        languages = self._languages_cache[lang]
        other = _OTHER[lang]
        if len(languages) > _CACHE_SIZE:
            languages.clear()
        for seq in (words, sorted(extra)):
            for i in [i for i, (_, _, w) in enumerate(seq) if w[:1].isupper()]:
                s, _, w = seq[i]
                tried = languages.get(w)
                if tried is None:
                    tried = languages[w] = self._languages(w, lang)
                found = self._longest(text, seq, i, lang) if tried[0] else None
                # The other language's forms only when needed: analysing a word is dear.
                if found is None and tried[1] and self._may_name(w, other):
                    found = self._longest(text, seq, i, other)
                if found is not None:
                    end, key, lemma = found
                    out.append(Hit(s, end, key, lemma))
        return out

    def _languages(self, word: str, lang: str) -> tuple[bool, bool]:
        """Tell whether to look for a name at ``word`` in ``lang``, and then in the other language.

        The other language too: Ukrainian news quotes Russian, and a short text may
        show no letter of its own language; only for words that its dictionary knows
        (its guesses at words of another language are noise).
        """
        if not self._may_start(word):
            return _TRIES[False, False]
        return _TRIES[self._may_name(word, lang), self._known(word, _OTHER[lang])]

    def _longest(self, text: str, words, i: int, lang: str):
        """Return the longest name starting at word ``i``: ``(end, key, lemma)`` or None."""
        best = fallback = None
        # Partial names: (folded so far, lemma words so far); the first word's are known
        # per word, whatever the text.
        partial = [("", [])]
        for n in range(MAX_WORDS):
            j = i + n
            if j >= len(words) or n and not _adjacent(text, words[j - 1][1], words[j][0]):
                break
            s, e, w = words[j]
            grown = []
            for folded, lemma in partial:
                for f, form in self._folded_forms(w, lang) if n else self._starts(w, lang):
                    cand = f"{folded} {f}" if n else f
                    if n and not self._may_continue(cand, lang) and (lang, cand) not in self._table \
                            and (lang, cand) not in self._countries:
                        continue
                    lemma_words = lemma + [_cased(form, w) if n else form]
                    grown.append((cand, lemma_words))
                    found = self._name(text, words, i, cand, lang)
                    if found is not None and (best is None or best[0] < e):
                        best = (e, found, " ".join(lemma_words))
                    elif found is None and fallback is None and (lang, cand) in self._countries:
                        fallback = (e, self._countries[(lang, cand)], " ".join(lemma_words))
            if not grown:
                break
            partial = grown[:24]
        # pycountry's names only where no form of the words names a gazetteer place
        # ("Сум" is the genitive of Суми before it is Soum, Burkina Faso).
        best = best or fallback
        if best is None or best[0] == words[i][1]:
            # One word alone: in "Донецька та Луганська області" it is an adjective
            # sharing the head noun, not the town Donetsk.
            return self._shared_head(text, words, i, lang) or best
        return best

    def _shared_head(self, text: str, words, i: int, lang: str):
        """"Донецькій та Луганській областях": an adjective sharing a plural head noun.

        Returns ``(end, key, lemma)`` for the adjective and the singular head, or None.
        """
        last = min(i + 5, len(words)) - 1
        if last <= i or not _HEAD_STEMS.search(text, words[i][1], words[last][1]):
            return None  # no head noun near: the common case, decided without the analyser
        for j in range(i + 1, last + 1):
            w = words[j][2]
            if w.lower() in _CONJUNCTIONS or w[:1].isupper():
                continue
            heads = [f for f in self._forms(w, lang) if f in _HEADS]
            if not heads or j == i + 1 or words[j - 1][2].lower() in _CONJUNCTIONS:
                return None
            s, e, adj = words[i]
            for form in self._forms(adj, lang):
                folded = f"{fold(form)} {heads[0]}"
                key = self._name(text, words, i, folded, lang)
                if key is not None:
                    return e, key, f"{_cased(form, adj)} {heads[0]}"
            return None
        return None

    def _name(self, text: str, words, i: int, folded: str, lang: str) -> str | None:
        """Return the gazetteer key a folded run of nominative forms names, if any."""
        rows = self._table.get((lang, folded))
        if rows:
            prev = _word_before(text, words[i][0]).lower()
            for row in rows:
                if not row["context"] or prev in row["context"].split():
                    return fold(row["target"])
        return self._key(folded)


# The four answers of CyrillicMatcher._languages, one object each however many words.
_TRIES = {(a, b): (a, b) for a in (False, True) for b in (False, True)}


def _adjacent(text: str, end: int, start: int) -> bool:
    """Tell whether two words are separated by spaces only (one line, one phrase)."""
    gap = text[end:start]
    return 0 < len(gap) <= 3 and gap.strip(" \u00a0") == ""


def _word_before(text: str, start: int) -> str:
    """Return the word right before ``start`` on its line ("" at a line start or after punctuation)."""
    i = start
    while i > 0 and text[i - 1] in " \t\u00a0":
        i -= 1
    j = i
    while j > 0 and (text[j - 1].isalpha() or text[j - 1] in "'’ʼ-"):
        j -= 1
    return text[j:i]


def _from_dictionary(parse) -> bool:
    return type(parse.methods_stack[0][0]).__name__ == "DictionaryAnalyzer"
