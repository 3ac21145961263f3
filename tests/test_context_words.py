"""geo.context_words on real sentences: the words around a name, as recognition reads them."""

from __future__ import annotations

from geo.context_words import _NEXT_WORD, _prev_word_read, next_word, prev_word, sentence_initial


def test_sentence_initial():
    text = "Calm. May brought rain in May; “Kyiv” and\nLviv (Odesa"
    assert sentence_initial(text, 0)
    assert sentence_initial(text, text.index("May"))
    assert not sentence_initial(text, text.rindex("May"))
    assert sentence_initial(text, text.index("Kyiv"))
    assert sentence_initial(text, text.index("Lviv"))
    assert sentence_initial(text, text.index("Odesa"))


def _seed_texts(seeds_dir):
    return [p.read_text(encoding="utf-8") for p in sorted(seeds_dir.glob("*.txt"))]


def test_prev_word_quick_path_reads_what_the_pattern_reads(seeds_dir):
    # Every capitalised word of the seed articles, and the shapes the quick path hands
    # to the pattern (two blanks, a tab, a digit, an ellipsis, a hyphen).
    extra = "said Gen. Milley; in  Kyiv; in\tLviv; 2022 Kharkiv; wait... Odesa; pro-Kremlin Moscow"
    tried = 0
    for text in _seed_texts(seeds_dir) + [extra]:
        for i, c in enumerate(text):
            if c.isupper():
                assert prev_word(text, i) == _prev_word_read(text, i), (text[max(0, i - 30) : i + 10], i)
                tried += 1
    assert tried > 1000
    assert [prev_word(extra, extra.index(w)) for w in ("Milley", "Kyiv", "Lviv", "Kharkiv", "Odesa", "Moscow")] == [
        ("Gen", True), ("in", False), ("in", False), ("", False), ("", False), ("pro-Kremlin", False)]


def test_prev_word_read_sees_a_word_longer_than_its_window():
    text = "the " + "Supercalifragilistic" * 4 + " Kyiv"
    assert _prev_word_read(text, text.index("Kyiv")) == ("Supercalifragilistic" * 4, False)


def test_next_word_quick_path_reads_what_the_pattern_reads(seeds_dir):
    extra = "Kyiv said, Lviv’s mayor; Odesa-based firms; Kharkiv 2022; Donetsk Oblast. Luhansk\tregion"
    tried = 0
    for text in _seed_texts(seeds_dir) + [extra]:
        for i in range(1, len(text)):
            if text[i - 1].isalpha() and not text[i].isalpha():
                m = _NEXT_WORD.match(text, i, min(len(text), i + 40))
                assert next_word(text, i) == (m.group(1) if m else ""), text[max(0, i - 20) : i + 30]
                tried += 1
    assert tried > 5000
    ends = [extra.index(w) + len(w) for w in ("Kyiv", "Lviv", "Odesa", "Kharkiv", "Donetsk", "Luhansk")]
    assert [next_word(extra, e) for e in ends] == ["said", "mayor", "", "", "Oblast", "region"]
