"""geo.matcher on the real gazetteer: hits are whole words with exact spans (folding: test_folding.py)."""

from __future__ import annotations

import unicodedata

import pytest

from geo.matcher import Matcher, fold_text

APOSTROPHES = "'’ʼ"


@pytest.fixture(scope="module")
def matcher(gazetteer):
    return Matcher.for_gazetteer(gazetteer)


def _hits(matcher, text: str) -> list[tuple[str, str]]:
    return [(text[h.start : h.end], h.key) for h in matcher.scan(text)]


def test_astral_characters_before_a_name_count_as_one_str_index(matcher):
    text = "😀🇺🇦 𝒳 Kyiv"
    [hit] = [h for h in matcher.scan(text) if h.key == "kyiv"]
    assert (hit.start, hit.end) == (text.index("Kyiv"), len(text))
    assert text[hit.start : hit.end] == "Kyiv"


@pytest.mark.parametrize("text, key, surface", [
    ("Defence of the Sea of Azov coast.", "sea of azov", "Sea of Azov"),
    ("Troops entered Ruska Lozova at dawn.", "ruska lozova", "Ruska Lozova"),
    ("Flights to New York resumed.", "new york", "New York"),
    ("Talks in St. Petersburg ended.", "saint petersburg", "St. Petersburg"),
    ("Talks in St Petersburg ended.", "saint petersburg", "St Petersburg"),
    ("Talks in Saint Petersburg ended.", "saint petersburg", "Saint Petersburg"),
    ("Kup'yans'k was shelled.", "kupyansk", "Kup'yans'k"),
    ("Shelling near Kyi\u0308v.", "kyiv", "Kyi\u0308v"),
    ("Вибухи у Києві, Київ", "киів", "Київ"),
    ("Officials of the U.S. said", "us", "U.S"),
])
def test_multi_word_and_spelled_names_are_found(matcher, text, key, surface):
    assert (surface, key) in _hits(matcher, text)


def test_overlapping_hits_are_all_reported(matcher):
    found = _hits(matcher, "Troops entered Ruska Lozova at dawn.")
    assert ("Ruska Lozova", "ruska lozova") in found and ("Lozova", "lozova") in found


def test_no_hit_inside_a_longer_word(matcher):
    text = "Kyivstar, Kharkivites and Lvivska Street; Odesans in Moscowville."
    keys = {k for _, k in _hits(matcher, text)}
    assert not keys & {"kyiv", "kharkiv", "lviv", "odesa", "moscow"}


def _starts_inside_a_word(text: str, start: int) -> bool:
    before = text[start - 1 : start]
    if before.isalnum() or (before and unicodedata.combining(before)):
        return True
    # "d’Azov": an apostrophe glued to a preceding letter is inside the word
    return before in APOSTROPHES and text[start - 2 : start - 1].isalnum()


def _ends_inside_a_word(text: str, end: int) -> bool:
    after = text[end : end + 1]
    if after.isalnum() or (after and unicodedata.combining(after)):
        return True
    nxt = text[end + 1 : end + 2]
    if after in APOSTROPHES:  # only the possessive 's may follow
        return nxt.isalnum() and not (nxt == "s" and not text[end + 2 : end + 3].isalnum())
    return after == "." and nxt.isalnum()


def test_hits_in_the_seed_articles_are_whole_words(matcher, seeds_dir):
    n = 0
    for path in sorted(seeds_dir.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        for h in matcher.scan(text):
            n += 1
            assert not _starts_inside_a_word(text, h.start), (path.name, text[h.start - 5 : h.end + 5])
            assert not _ends_inside_a_word(text, h.end), (path.name, text[h.start - 5 : h.end + 5])
            folded = fold_text(text[h.start : h.end]).folded
            assert h.key in (folded, "saint " + folded[3:]), (folded, h.key)
    assert n > 500


def test_the_word_boundary_check_can_fail():
    text = "Kyivstar d’Azov Kyiv's Kyivska"
    assert _ends_inside_a_word(text, 4) and _starts_inside_a_word(text, text.index("Azov"))
    assert not _ends_inside_a_word(text, text.index("Kyiv's") + 4)


def test_a_trailing_combining_accent_stays_in_the_span(matcher):
    text = "Calm in Odesa\u0301 today."  # decomposed "Odesá"
    [hit] = [h for h in matcher.scan(text) if h.key == "odesa"]
    assert text[hit.start : hit.end] == "Odesa\u0301"


def test_modifier_letter_apostrophe_names_are_found(matcher):
    assert ("Kupʼyansʼk", "kupyansk") in _hits(matcher, "Shelling in Kupʼyansʼk overnight.")


def test_masked_lower_case_words_must_match_the_name(matcher):
    # Lower-case words are masked before the scan, so "I can" fits the masked form of
    # a place written "I nan"; such hits are checked against the name itself.
    text = "I can go to Port-au-Prince. As our team said, Côte d'Ivoire won."
    found = {text[h.start:h.end] for h in matcher.scan(text, capitalised=True)}
    assert {"Port-au-Prince", "Côte d'Ivoire"} <= found
    assert not {"I can", "As our"} & found


# -- on the tiny gazetteer (tests/conftest.py): seconds, no full index -----------------


def test_tiny_matcher_finds_spellings_and_cyrillic(tiny_extractor):
    text = "Shelling in Kup’yans’k, Харків and Sievierodonetsk."
    keys = {h.key for h in tiny_extractor.matcher.scan(text)}
    assert {"kupyansk", "харків", "sievierodonetsk"} <= keys


def test_matcher_cache_is_named_by_a_hash_of_its_code():
    from geo.matcher import matcher_fingerprint

    fp = matcher_fingerprint()
    assert len(fp) == 12 and fp == matcher_fingerprint()


@pytest.mark.parametrize("module", ["gazetteer.py", "ranking.py", "scoring.py", "index.py", "matcher.py"])
def test_the_matcher_cache_name_follows_the_code_its_best_places_come_from(monkeypatch, module):
    from pathlib import Path

    import geo.ranking
    from geo.matcher import matcher_fingerprint

    fingerprint = matcher_fingerprint.__wrapped__  # uncached
    before = fingerprint()
    read = Path.read_bytes
    with monkeypatch.context() as m:
        m.setattr(Path, "read_bytes", lambda p: read(p) + (b"\n# edited" if p.name == module else b""))
        assert fingerprint() != before
    with monkeypatch.context() as m:
        m.setattr(geo.ranking, "CANDIDATES", geo.ranking.CANDIDATES + 1)
        assert fingerprint() != before
    assert fingerprint() == before


def test_a_gazetteer_rebuilt_in_place_gets_a_new_matcher(tmp_path):
    import os

    from geo.gazetteer import Gazetteer
    from geo.index import ALTERNATE, EXACT, IndexWriter
    from geo.matcher import Matcher
    from geo.records import Place

    kyiv = Place(703448, "Kyiv", 50.45466, 30.5238, "UA", "Kyiv", "city", 2952301)
    lviv = Place(702550, "Lviv", 49.83826, 24.02324, "UA", "Lviv Oblast", "city", 717273)
    path = tmp_path / "gazetteer.sqlite"

    def build(places):
        with IndexWriter(path) as w:
            for p in places:
                w.add(p, "", 0.9, [(p.name, EXACT, p.name.lower()), (p.name + "a", ALTERNATE, p.name.lower() + "a")])

    def keys(text):
        Matcher._CACHE.clear()
        return {h.key for h in Matcher.for_gazetteer(Gazetteer(path)).scan(text)}

    build([kyiv])
    assert keys("From Kyiv to Lviv.") == {"kyiv"}
    build([kyiv, lviv])
    os.utime(path, ns=(1, 1))  # a different time even on a coarse clock
    assert keys("From Kyiv to Lviv.") == {"kyiv", "lviv"}
    assert len(list(tmp_path.glob("gazetteer.matcher-*.ac"))) == 1  # the stale one is gone


def test_a_damaged_matcher_cache_is_rebuilt_and_its_patterns_stay_readable(tmp_path):
    from geo.gazetteer import Gazetteer
    from geo.index import EXACT, IndexWriter
    from geo.matcher import Matcher
    from geo.records import Place

    path = tmp_path / "gazetteer.sqlite"
    with IndexWriter(path) as w:
        for p in (Place(703448, "Kyiv", 50.45466, 30.5238, "UA", "Kyiv", "city", 2952301),
                  Place(706483, "Kharkiv", 49.98081, 36.25272, "UA", "Kharkiv Oblast", "city", 1430885)):
            w.add(p, "", 0.9, [(p.name, EXACT, p.name.lower())])
    Matcher._CACHE.clear()
    Matcher.for_gazetteer(Gazetteer(path))
    [automaton] = tmp_path.glob("gazetteer.matcher-*.ac")
    automaton.write_bytes(automaton.read_bytes()[:-100])  # cut short, as by a full disk
    Matcher._CACHE.clear()
    m = Matcher.for_gazetteer(Gazetteer(path))
    assert [h.key for h in m.scan("From Kyiv to Kharkiv.")] == ["kyiv", "kharkiv"]
    Matcher._CACHE.clear()
    m = Matcher.for_gazetteer(Gazetteer(path))  # now loaded from the rebuilt cache
    assert [h.key for h in m.scan("From Kyiv to Kharkiv.")] == ["kyiv", "kharkiv"]
    [names] = tmp_path.glob("gazetteer.matcher-*.names.pickle")
    names.unlink()  # another version of geo pruned it: the open file is still read
    assert m.pattern_index().get(" kharkiv ") is not None and m.pattern_index().match(" khar")
    Matcher._CACHE.clear()


# -- the Best stored for each key: what recognition asks of a name's best place ----------


def _fresh_best(gazetteer, key: str):
    from geo.ranking import CANDIDATES, Best

    found = gazetteer.lookup_many([key], limit=CANDIDATES)[key]
    return Best.of([(c.place.feature, c.place.country_code, c.prior, c.match) for c in found])


def test_stored_best_places_are_what_a_fresh_lookup_gives(matcher, gazetteer, seeds_dir):
    keys = {h.key for p in sorted(seeds_dir.glob("*.txt")) for h in matcher.scan(p.read_text(encoding="utf-8"))}
    keys |= {"odessa", "sloviansk", "western", "police", "donetsk oblast", "киів", "москва"}
    stored = {k: matcher.best(k, "no key") for k in sorted(keys)}
    assert list(stored.values()).count("no key") <= len(keys) // 100  # see the tiny gazetteer's test
    for k, best in stored.items():
        if best != "no key":
            assert best == _fresh_best(gazetteer, k), k
    assert stored["odessa"].match == "alternate" and stored["odessa"].feature == "city"
    assert stored["western"].generic and stored["western"].feature == "admin1"
    assert stored["киів"].prior > 0.8


def test_a_word_that_is_no_key_gets_the_default(matcher):
    assert matcher.best("Kharkiv", "no key") == "no key"  # keys are folded
    assert matcher.best("xqzzyville") is None
    assert matcher.best("kharkiv", "no key").feature == "city"


def test_every_key_of_the_tiny_gazetteer_has_its_best_stored(tiny_extractor):
    m, gz = tiny_extractor.matcher, tiny_extractor.gazetteer
    keys = {m.patterns[i][1] for i in range(len(m.patterns))}
    stored = {k: m.best(k, "no key") for k in keys}
    # Keys only reached through another spelling's pattern ("amur vilayəti") are looked up.
    assert len(keys) > 1000 and list(stored.values()).count("no key") <= len(keys) // 100
    assert all(best == _fresh_best(gz, k) for k, best in stored.items() if best != "no key")
    found = [b for b in stored.values() if b not in (None, "no key")]
    assert {"country", "admin1", "city"} <= {b.feature for b in found}
    assert {"exact", "alternate"} <= {b.match for b in found}


def test_a_rebuilt_gazetteer_gets_new_best_places(tmp_path):
    import os

    from geo.gazetteer import Gazetteer
    from geo.index import ALTERNATE, EXACT, IndexWriter
    from geo.records import Place

    kyiv = Place(703448, "Kyiv", 50.45466, 30.5238, "UA", "Kyiv", "city", 2952301)
    path = tmp_path / "gazetteer.sqlite"

    def best(prior, kind):
        with IndexWriter(path) as w:
            w.add(kyiv, "", prior, [("Kyiv", kind, "kyiv")])
        os.utime(path, ns=(int(prior * 1e9), int(prior * 1e9)))  # a different time even on a coarse clock
        Matcher._CACHE.clear()
        return Matcher.for_gazetteer(Gazetteer(path)).best("kyiv")

    assert best(0.9, EXACT) == ("city", 0.9, False, "exact")
    assert best(0.5, ALTERNATE) == ("city", 0.5, False, "alternate")
    Matcher._CACHE.clear()
