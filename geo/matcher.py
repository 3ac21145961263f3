"""Find every gazetteer name in a text, fast, on word boundaries.

The text is folded the way :func:`geo.names.fold` folds names (case, diacritics,
apostrophes, dots, hyphens), keeping a map back to the original offsets, and scanned
once by an Aho-Corasick automaton (daachorse's compact double array) holding every
Latin and Cyrillic name of the gazetteer, each padded with spaces so a hit is always a
whole word sequence. The automaton, a small lexicon (how common each one-word name
is as an English word, given names, titles) and what recognition asks of each name's
best place (:class:`geo.ranking.Best`) are built once from the index and kept in the
cache folder next to it.
"""

from __future__ import annotations

import bisect
import functools
import hashlib
import os
import pickle
import re
import sys
import threading
import unicodedata
import weakref
from array import array
from importlib import metadata
from pathlib import Path
from typing import NamedTuple

from geo.errors import DataError
from geo.folding import MASK, FoldedText, fold_text
from geo.names import fold
from geo.ranking import Best

__all__ = ["BestTable", "FoldedText", "Hit", "Matcher", "PatternIndex", "PatternTable", "fold_text",
           "matcher_fingerprint"]


@functools.cache
def matcher_fingerprint() -> str:
    """Return a short hash of the code and word lists a matcher is built from.

    The matcher cache of an index is named by its index file (its name, size and time)
    and by this: rebuilding the index, editing this module, the name folding or the
    ranking its stored best places come from, or upgrading a package the lexicon or the
    ranking uses gives a new cache file, never a stale one.

    Examples
    --------
    >>> len(matcher_fingerprint())
    12
    """
    h = hashlib.sha1()
    here = Path(__file__).resolve().parent
    # The stored best places (Matcher.best) are lookups: the gazetteer's ranking and
    # scoring code, and how many candidates the extractor weighs, decide them too.
    from geo.ranking import CANDIDATES

    for module in ("matcher.py", "folding.py", "names.py", "index.py", "gazetteer.py", "ranking.py", "scoring.py"):
        h.update((here / module).read_bytes())
    h.update(f"candidates={CANDIDATES};".encode())
    # rapidfuzz: the ranking's tie-breaks measure how alike two names are with it.
    for dist in ("daachorse", "wordfreq", "names", "nameparser", "rapidfuzz"):
        try:
            h.update(f"{dist}={metadata.version(dist)};".encode())
        except metadata.PackageNotFoundError:
            h.update(f"{dist}=?;".encode())
    h.update(f"python={sys.version_info[:2]}".encode())  # the pickles' format
    return h.hexdigest()[:12]


#: Words this frequent in English (wordfreq's Zipf scale) are vocabulary, not names.
VOCAB_ZIPF = 3.0

#: Lower-case words that may stand inside a place name ("Sea of Azov", "Ras al-Khaimah").
CONNECTORS = frozenset(
    "of de la le les du des del di da dos das do na nad pod am im an upon on the and sur sous en et y i e "
    "al el ad as ar ash ul ur bin ibn van von der den ter los las".split()
)
# A lower-case letter starting a word inside a name, or a possessive "s".
_INNER_LOWER = re.compile(r"[\s\-'’][a-z\u00df-\u00ff\u0430-\u045f]")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_LATIN_OR_CYRILLIC = re.compile(r"^[a-z0-9\u00c0-\u024f\u0400-\u04ff ]+$")


class Hit(NamedTuple):
    """A gazetteer key found in a text: original offsets and the key."""

    # A named tuple rather than a frozen dataclass: made for every hit of every text,
    # it is built three times faster.
    start: int
    end: int
    key: str
    #: for a name found through its nominative form (:mod:`geo.morph`), that form
    lemma: str = ""


class PatternTable:
    """The automaton's patterns: each one's length in folded text and its gazetteer key.

    Kept as one string of keys and two arrays, which load from the cache in
    milliseconds, where a list of 700,000 ``(pattern, key)`` tuples takes half a second
    at every start.

    Examples
    --------
    >>> t = PatternTable([("kyiv", "kyiv"), ("st petersburg", "saint petersburg")])
    >>> t[1]
    (13, 'saint petersburg')
    """

    def __init__(self, patterns: list[tuple[str, str]]):
        self.lengths = array("H", (len(p) for p, _ in patterns))
        #: 1 for a pattern with masked lower-case words, which any word with the same
        #: tail also fits ("I can" fits "I nan"): its hits are checked against the key.
        self.masked = bytes(MASK in p for p, _ in patterns)
        self.keys = "".join(k + "\n" for _, k in patterns)
        offsets = array("I", [0])
        for _, k in patterns:
            offsets.append(offsets[-1] + len(k) + 1)
        self.offsets = offsets

    def __len__(self) -> int:
        return len(self.lengths)

    def __getitem__(self, i: int) -> tuple[int, str]:
        return self.lengths[i], self.keys[self.offsets[i] : self.offsets[i + 1] - 1]


class BestTable:
    """The :class:`~geo.ranking.Best` of each pattern's key (None: it names no place), by automaton value.

    Kept column by column over the distinct Bests (90,000 for 800,000 patterns), in
    strings of bytes read through typed views: they load in milliseconds without a
    second copy, where as many records would take tens of MB and a tenth of a second
    at every start.

    Examples
    --------
    >>> from geo.ranking import Best
    >>> t = BestTable([Best("city", 0.8, False, "exact"), None, Best("city", 0.8, False, "exact")])
    >>> t[2], t[1]
    (Best(feature='city', prior=0.8, generic=False, match='exact'), None)
    """

    def __init__(self, bests: list[Best | None]):
        distinct = list(dict.fromkeys(b for b in bests if b is not None))
        ids = {b: i + 1 for i, b in enumerate(distinct)}  # 0: no place
        self.features = sorted({b.feature for b in distinct})
        self.matches = sorted({b.match for b in distinct})
        # Per pattern, its Best's row; row 0 is a filler for "no place".
        self._rows = array("I", [ids[b] if b is not None else 0 for b in bests]).tobytes()
        self._feature_of = bytes([0] + [self.features.index(b.feature) for b in distinct])
        self._match_of = bytes([0] + [self.matches.index(b.match) for b in distinct])
        self._prior = array("d", [0.0] + [b.prior for b in distinct]).tobytes()
        self._generic = bytes([0] + [b.generic for b in distinct])
        self._views()

    def _views(self) -> None:
        self._row_of = memoryview(self._rows).cast("I")
        self._prior_of = memoryview(self._prior).cast("d")

    def __getstate__(self) -> dict:
        return {k: v for k, v in self.__dict__.items() if not isinstance(v, memoryview)}

    def __setstate__(self, state: dict) -> None:
        self.__dict__.update(state)
        self._views()

    def __len__(self) -> int:
        return len(self._row_of)

    def __getitem__(self, i: int) -> Best | None:
        row = self._row_of[i]
        if not row:
            return None
        return Best(self.features[self._feature_of[row]], self._prior_of[row], bool(self._generic[row]),
                    self.matches[self._match_of[row]])


class PatternIndex:
    """The automaton's padded patterns in sorted order: what it holds, and what starts so.

    The double-array automaton only scans; :mod:`geo.morph` also asks whether a folded
    name is a pattern (and which) and whether any pattern starts with some letters.

    Examples
    --------
    >>> ix = PatternIndex([" kyiv ", " kyiv oblast ", " lviv "])
    >>> ix.get(" lviv "), ix.get(" lvi "), ix.match(" kyiv o"), ix.match(" kyivx")
    (2, None, True, False)
    """

    def __init__(self, padded: list[str]):
        order = sorted(range(len(padded)), key=padded.__getitem__)
        self._text = "".join(padded[i] + "\n" for i in order)
        offsets = array("I", [0])
        for i in order:
            offsets.append(offsets[-1] + len(padded[i]) + 1)
        self._offsets = offsets
        #: the automaton's value (a :class:`PatternTable` index) of each sorted pattern
        self._values = array("I", order)

    def __len__(self) -> int:
        return len(self._values)

    def __getitem__(self, i: int) -> str:
        return self._text[self._offsets[i] : self._offsets[i + 1] - 1]

    def get(self, pattern: str, default=None):
        """Return the value of ``pattern``, or ``default`` when it is not one."""
        i = bisect.bisect_left(self, pattern)
        return self._values[i] if i < len(self) and self[i] == pattern else default

    def match(self, prefix: str) -> bool:
        """Tell whether some pattern starts with ``prefix`` (or is it)."""
        i = bisect.bisect_left(self, prefix)
        return i < len(self) and self[i].startswith(prefix)


class Matcher:
    """Scan texts for every gazetteer name.

    Use :meth:`for_gazetteer` to get the matcher of a gazetteer, built once and cached.

    Examples
    --------
    >>> from geo.gazetteer import Gazetteer
    >>> m = Matcher.for_gazetteer(Gazetteer.default())
    >>> [(h.key, h.start) for h in m.scan("Fighting near Sievierodonetsk and Kup'yans'k.")
    ...  if h.key in ("sievierodonetsk", "kupyansk")]
    [('sievierodonetsk', 14), ('kupyansk', 34)]
    """

    def __init__(self, automaton, patterns: PatternTable, lexicon: dict, names: PatternIndex | int,
                 bests: BestTable):
        self._ac = automaton
        # The sorted patterns, or a descriptor of their file, open from the start: another
        # process may replace the cache (a new version of geo) before they are needed.
        self._names: PatternIndex | None = names if isinstance(names, PatternIndex) else None
        self._names_fd: int | None = None if isinstance(names, PatternIndex) else names
        if self._names_fd is not None:
            weakref.finalize(self, os.close, self._names_fd)
        #: the length of each pattern in folded text and its gazetteer key, by automaton value
        self.patterns = patterns
        #: zipf frequency (wordfreq) of one-word keys that are also English words
        self.zipf: dict[str, float] = lexicon["zipf"]
        #: lower-case given names (US census lists)
        self.given_names: frozenset[str] = lexicon["given_names"]
        #: lower-case titles that precede a person's name (nameparser)
        self.titles: frozenset[str] = lexicon["titles"]
        #: English words at least as common as :data:`VOCAB_ZIPF`, with their Zipf frequency
        self.vocab: dict[str, float] = lexicon["vocab"]
        #: keys that abbreviate an admin-1 area with a dot ("Ga.", "W.Va.", "Kan.")
        self.abbreviations: frozenset[str] = lexicon["abbreviations"]
        #: keys whose every name has a dot: they only count when the text shows it
        self.dotted_only: frozenset[str] = lexicon["dotted_only"]
        #: keys the gazetteer lists in capitals ("US", "UK", "UAE"): the acronyms that are places
        self.acronyms: frozenset[str] = lexicon["acronyms"]
        #: the Best of each pattern's key, by automaton value (see :meth:`best`)
        self.bests = bests
        self._morph = None  # the Cyrillic morphology (geo.morph), made on first Cyrillic text
        # The key of each pattern found, by automaton value: one string per name, its hash
        # computed once, where slicing it from the table made a new one per hit.
        self._pattern_keys: dict[int, str] = {}

    # One matcher per index file in a process; the lock makes two threads asking for a
    # new one build (or load) it once.
    _CACHE: dict[str, Matcher] = {}
    _CACHE_LOCK = threading.Lock()

    @classmethod
    def for_gazetteer(cls, gazetteer) -> Matcher:
        """Return the matcher of ``gazetteer``, building and caching it on first use."""
        path = str(Path(gazetteer.path))
        with cls._CACHE_LOCK:
            found = cls._CACHE.get(path)
            if found is None:
                found = cls._CACHE[path] = cls._load_or_build(gazetteer)
            return found

    @classmethod
    def _load_or_build(cls, gazetteer) -> Matcher:
        from daachorse import CharwiseDoubleArrayAhoCorasick as Automaton

        base = Path(gazetteer.path)
        # The code's hash and the index file's own identity: a gazetteer rebuilt in place
        # ('geo gazetteer build -o DIR' again) gets a new matcher too.
        stat = base.stat()
        version = hashlib.sha1(f"{matcher_fingerprint()}:{stat.st_size}:{stat.st_mtime_ns}".encode()).hexdigest()[:12]
        ac_path = base.with_name(f"{base.stem}.matcher-{version}.ac")
        lex_path = base.with_name(f"{base.stem}.matcher-{version}.pickle")
        names_path = base.with_name(f"{base.stem}.matcher-{version}.names.pickle")
        if ac_path.is_file() and lex_path.is_file() and names_path.is_file():
            try:
                with open(lex_path, "rb") as f:
                    patterns, lexicon, bests = pickle.load(f)
                # A double array is a few flat arrays: it loads at disk speed (0.08 s),
                # where unpickling pyahocorasick's 4.5 million nodes took 0.27 s.
                with open(ac_path, "rb") as f:
                    ac = Automaton.deserialize(f.read())
                return cls(ac, patterns, lexicon, os.open(names_path, os.O_RDONLY), bests)
            except (OSError, ValueError, EOFError, pickle.UnpicklingError):
                pass  # a damaged cache is rebuilt below
        print("geo: building the text matcher once (about half a minute)...", file=sys.stderr, flush=True)
        index = gazetteer.index
        keys = sorted(k for k in index.keys() if _LATIN_OR_CYRILLIC.match(k))
        patterns = [(k, k) for k in keys]
        # "St. Petersburg" folds to "st petersburg" in text, "saint petersburg" as a key.
        patterns += [("st " + k[6:], k) for k in keys if k.startswith("saint ")]
        # In text a possessive's apostrophe becomes a space ("People's" -> "people s"),
        # so names holding one get that form too ("People's Republic of China").
        patterns += sorted({(fold_text(name).folded, k) for k, name in index.possessive_names()
                            if fold_text(name).folded != k})
        # In text every lower-case word is masked before the scan, connectors inside a
        # name too: so names are also looked for as masking leaves them, from the key
        # ("rostov \x01n don") and from the name as written, where other lower-case
        # words and a possessive's "s" stand ("Côte d'Ivoire", "Port-au-Prince",
        # "People's Republic of China").
        masked = {(m, k) for p, k in patterns if (m := mask_connectors(p)) != p}
        for k, name in index.names():
            if _INNER_LOWER.search(name):
                m = fold_text(name, mask_lower=True).folded
                if m != k and not m.startswith(MASK):
                    masked.add((m, k))
        patterns += sorted(masked - set(patterns))
        # One entry per pattern: where a pattern came twice, the later key stands.
        patterns = list({p: (p, k) for p, k in patterns}.values())
        padded = [f" {p} " for p, _ in patterns]
        ac = Automaton(padded)
        names = PatternIndex(padded)
        table = PatternTable(patterns)
        lexicon = build_lexicon(keys)
        # What recognition asks of every name's best place, asked of the index once here
        # rather than by every process at each name's first hit.
        from geo.ranking import CANDIDATES

        best_of = gazetteer.best_many(sorted({k for _, k in patterns}), limit=CANDIDATES)
        bests = BestTable([best_of[k] for _, k in patterns])
        # AP abbreviations of US states ("Ga.", "Kan."): keys that are only ever names
        # with a dot, which the text must then show.
        dotted: dict[str, bool] = {}
        for k, name in index.names(max_length=6):
            dotted[k] = dotted.get(k, True) and name.endswith(".") and not name.replace(".", "").isupper()
        lexicon["dotted_only"] = frozenset(k for k, only in dotted.items() if only)
        lexicon["abbreviations"] = frozenset(index.dotted_admin1_keys())
        lexicon["acronyms"] = frozenset(
            k for k, name in index.names(max_length=8)
            if 2 <= len(name.replace(".", "")) <= 6 and name.replace(".", "").replace(" ", "").isupper()
        )
        try:
            tmp_ac, tmp_lex, tmp_names = (Path(f"{p}.tmp") for p in (ac_path, lex_path, names_path))
            tmp_ac.write_bytes(ac.serialize())
            with open(tmp_lex, "wb") as f:
                pickle.dump((table, lexicon, bests), f, protocol=pickle.HIGHEST_PROTOCOL)
            with open(tmp_names, "wb") as f:
                pickle.dump(names, f, protocol=pickle.HIGHEST_PROTOCOL)
            # The automaton last: its presence is what says the other two are complete.
            os.replace(tmp_names, names_path)
            os.replace(tmp_lex, lex_path)
            os.replace(tmp_ac, ac_path)
        except OSError as exc:
            raise DataError(f"cannot write the matcher cache next to {base}: {exc}") from None
        for old in base.parent.glob(f"{base.stem}.matcher-*"):
            if old not in (ac_path, lex_path, names_path):
                old.unlink(missing_ok=True)  # an older matcher format of this index
        return cls(ac, table, lexicon, names, bests)

    def best(self, key: str, default=None):
        """Return the stored :class:`~geo.ranking.Best` of a gazetteer key (None: it names no place).

        What :meth:`geo.gazetteer.Gazetteer.best_many` said of the key when the matcher
        was built, so the first hit of a name costs no index query. ``default`` when
        none is stored for ``key``: a word that is no key, or one of the few keys only
        found through another spelling's pattern ("amur vilayəti"); the caller then asks
        the gazetteer.

        Examples
        --------
        >>> from geo.gazetteer import Gazetteer
        >>> m = Matcher.for_gazetteer(Gazetteer.default())
        >>> m.best("kharkiv").feature, m.best("Kharkiv", "not a key")
        ('city', 'not a key')
        """
        n = len(key) + 2
        # The automaton knows which pattern the padded key is; the pattern's own key
        # must be this one (a pattern spelled like a key may stand for another key).
        for start, end, idx in self._ac.find_overlapping(f" {key} "):
            if start == 0 and end == n and self.patterns[idx][1] == key:
                return self.bests[idx]
        return default

    def pattern_index(self) -> PatternIndex:
        """Return the sorted patterns, for exact and prefix look-ups, loaded on first use.

        Only :mod:`geo.morph` asks (for Cyrillic text): an English run never loads them.
        """
        if self._names is None:
            fd = self._names_fd
            try:
                # pread: forked workers share the descriptor, and so its offset.
                self._names = pickle.loads(os.pread(fd, os.fstat(fd).st_size, 0))
            except (OSError, ValueError, EOFError, pickle.UnpicklingError) as exc:
                raise DataError(f"cannot read the matcher cache's patterns: {exc}; "
                                "delete the cache folder's matcher files to have them rebuilt") from None
        return self._names

    def warm(self) -> None:
        """Build now what the first scan of English text would build (the byte fold's tables).

        Called before worker processes are forked, so they inherit it rather than each
        build it.
        """
        fold_text("Warm", mask_lower=True)

    def scan(self, text: str, capitalised: bool = False) -> list[Hit]:
        """Return every gazetteer key in ``text`` on word boundaries, overlaps included.

        Hits are in folded-text order; a hit's ``start:end`` are offsets into ``text``.
        With ``capitalised``, only hits whose first letter is a capital.
        """
        # isascii first: a quick no for most English text, which the search reads whole.
        cyrillic = capitalised and not text.isascii() and _CYRILLIC.search(text) is not None
        if cyrillic and self._cyrillic_prose(text):
            return self._morph.hits(text)  # no Latin name counts here: the scan is not needed
        ft = fold_text(text, mask_lower=capitalised)
        masked = self.patterns.masked
        key_of = self._pattern_keys
        if len(key_of) > 200_000:
            key_of.clear()  # bounded: a long-running process reads endless names
        out = []
        # In the padded text " folded ", a hit " name " at [s, e) has its first letter
        # at folded index s and its last at e - 3.
        n = len(text)
        shifts = ft._shifts
        right = bisect.bisect_right
        combining = None if text.isascii() else unicodedata.combining  # no accent to carry
        make = tuple.__new__  # Hit's own constructor is a Python function: twice as slow
        for first, e, idx in self._ac.find_overlapping(f" {ft.folded} "):
            last = e - 3
            # FoldedText.original, inlined: this runs for every hit.
            start = first + right(shifts, first) if shifts else first
            if capitalised and not text[start].isupper():
                continue
            stop = (last + right(shifts, last) if shifts else last) + 1
            if combining is not None:
                while stop < n and combining(text[stop]):  # "Odesa\u0301"
                    stop += 1
            key = key_of.get(idx)
            if key is None:
                key = key_of[idx] = self.patterns[idx][1]
            if masked[idx] and fold(text[start:stop]) != key:
                continue
            out.append(make(Hit, (start, stop, key, "")))
        if cyrillic:
            # Mixed text: geo.morph finds the Cyrillic names, inflected ones too; its hits
            # replace the surface hits of Cyrillic words, Latin hits stay.
            kept = [h for h in out if not _CYRILLIC.match(text, h.start)]
            out = sorted(kept + self._morph.hits(text), key=lambda h: (h.start, -h.end))
        return out

    def _cyrillic_prose(self, text: str) -> bool:
        """Tell whether ``text`` is Ukrainian or Russian prose, readying :mod:`geo.morph`.

        In such prose places are written in Cyrillic and Latin words name firms, outlets
        and products ("Corus Chess Tournament", "France-Presse").
        """
        from geo.morph import CyrillicMatcher, mostly_cyrillic

        if self._morph is None:
            self._morph = CyrillicMatcher(self)
        return mostly_cyrillic(text)


def mask_connectors(pattern: str) -> str:
    """Return a folded name as lower-case masking leaves it in text: connectors masked.

    Examples
    --------
    >>> mask_connectors("rostov on don") == "rostov " + MASK + "n don"
    True
    >>> mask_connectors("la paz")  # a first word is capitalised in text
    'la paz'
    """
    words = pattern.split(" ")
    return " ".join([words[0]] + [MASK + w[1:] if w in CONNECTORS else w for w in words[1:]])


def build_lexicon(keys) -> dict:
    """Word lists the geoparser needs, computed once from registry packages.

    * ``zipf``: wordfreq's Zipf frequency of every word of a key that is an English word
      (so "may", "union", "battle" are known to be common words);
    * ``vocab``: English words of Zipf :data:`VOCAB_ZIPF` or more (never "recovered"
      as misspelt places);
    * ``given_names``: the US census first-name lists shipped by the ``names`` package;
    * ``titles``: nameparser's titles ("president", "secretary", "mr", ...).

    (``acronyms`` is added from the gazetteer by the matcher.)
    """
    from wordfreq import top_n_list, zipf_frequency

    zipf = {}
    for word in {w for k in keys for w in k.split(" ")}:
        if word.isascii() and word.isalpha():
            z = zipf_frequency(word, "en")
            if z >= 2.5:
                zipf[word] = z
    vocab = {w: z for w in top_n_list("en", 60000) if w.isalpha() and (z := zipf_frequency(w, "en")) >= VOCAB_ZIPF}
    return {"zipf": zipf, "vocab": vocab, "given_names": _given_names(), "titles": _titles()}


def _given_names() -> frozenset[str]:
    import importlib.util

    spec = importlib.util.find_spec("names")
    out = set()
    if spec and spec.submodule_search_locations:
        folder = Path(next(iter(spec.submodule_search_locations)))
        for fname in ("dist.male.first", "dist.female.first"):
            p = folder / fname
            if p.is_file():
                out.update(line.split()[0].lower() for line in p.read_text().splitlines() if line.strip())
    return frozenset(out)


def _titles() -> frozenset[str]:
    from nameparser.config import CONSTANTS

    return frozenset(t.lower().strip(".") for t in CONSTANTS.titles)
