"""geo.recover on real articles: misspelt names near the article's places, and its cheap first test."""

from __future__ import annotations

import csv
import json
import os
from pathlib import Path

import pytest

import geo.resolve
from geo import recover
from geo.recognize import placed_words

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data"
LGL = Path(os.environ.get("GEO_BENCHMARKS") or ROOT.parent / "shared" / "benchmarks") / "lgl.jsonl"


def _real_texts() -> list[str]:
    """Paragraphs of the seed articles and war news, the front-line sentences; LGL's first articles if at hand."""
    texts = []
    for path in [*sorted((ROOT / "seeds").glob("*.txt")), DATA / "uk_war_news.txt", DATA / "ru_war_news.txt"]:
        texts += [p for p in path.read_text(encoding="utf-8").split("\n\n") if p.strip()]
    with (DATA / "frontline.csv").open(encoding="utf-8", newline="") as f:
        texts += [row["context"] for row in csv.DictReader(f)]
    if LGL.is_file():
        with LGL.open(encoding="utf-8") as f:
            texts += [json.loads(line)["text"] for line, _ in zip(f, range(300), strict=False)]
    return texts


def _words_tried(text, mentions, exclude) -> list:
    """The words recover_misspellings tries, as it finds them, but for is_candidate_word."""
    ends, begins = {m.end for m in mentions}, {m.start for m in mentions}
    unclaimed = recover._unclaimed([(m.start, m.end) for m in mentions] + list(exclude))
    return [w for w in placed_words(text)
            if (w[3] in recover._NEAR_WORDS
                or w[3] in recover._LIST_WORDS and recover._listed(text, w[0], w[1], w[3], ends, begins))
            and unclaimed(w[0], w[1])]


def test_the_cheap_test_never_rules_out_an_article_with_a_word_to_try(extractor, monkeypatch):
    calls = []
    full = recover.recover_misspellings

    def spy(gz, text, mentions, anchors, is_candidate_word, exclude=()):
        calls.append((text, mentions, list(exclude)))
        return full(gz, text, mentions, anchors, is_candidate_word, exclude)

    monkeypatch.setattr(geo.resolve, "recover_misspellings", spy)
    for text in _real_texts():
        extractor.extract(text)
    with_words = ruled_out = 0
    for text, mentions, exclude in calls:
        may = recover._may_have_words(text, mentions, exclude)
        if _words_tried(text, mentions, exclude):
            with_words += 1
            assert may, text
        ruled_out += not may
    # Both kinds are there (the front-line sentences list villages the gazetteer spells
    # otherwise), and the test spares the full pass most of the articles.
    assert with_words >= 2 and ruled_out > len(calls) / 2


@pytest.mark.parametrize(("text", "may"), [
    ("Fighting near Popansa and Kharkiv.", True),         # after a near-word
    ("Shelling in Bakhmut and Popansa.", True),           # listed after a place
    ("Shelling hit the outskirts, Popansa and Soledar.", True),  # listed before a place
    ("Officers said Popansa and Soledar were shelled.", False),  # after no word places stand after
    ("Fighting near Bakhmut and Kharkiv.", False),         # every such word is a place found
    ("Officials in Bakhmut said the Rada met.", False),    # no word stands where places stand
])
def test_the_cheap_test_on_sentences(extractor, monkeypatch, text, may):
    seen = []

    def spy(gz, text, mentions, anchors, is_candidate_word, exclude=()):
        seen.append(recover._may_have_words(text, mentions, list(exclude)))
        return []

    monkeypatch.setattr(geo.resolve, "recover_misspellings", spy)
    extractor.extract(text)
    assert seen == [may]


def test_a_word_after_a_near_word_in_capitals_is_still_tried(extractor):
    # placed_words reads the word before a name lower-cased: so does the cheap test.
    found = {m.text: m for m in extractor.extract("Shelling NEAR Popansa, west of Bakhmut.")}
    assert found["Popansa"].place.geonameid == 696566 and found["Popansa"].match == "fuzzy"


def test_the_join_sets_hold_over_all_of_unicode():
    # The cheap test skips _JOIN_AFTER after a character not in _JOIN_FIRST (nor a
    # blank), and _join_before where the character before the blanks is not in _JOIN_LAST.
    chars = [chr(i) for i in range(0x110000) if not 0xD800 <= i < 0xE000]
    starts = {c for c in chars if recover._JOIN_AFTER.match(c + "nd,") or recover._JOIN_AFTER.match(c + ",")}
    assert {",", "a", "A", " "} <= starts <= recover._JOIN_FIRST | {c for c in chars if c.isspace()}
    assert {c for c in chars if c == "," or c.lower().endswith("d")} == recover._JOIN_LAST


def test_the_mentions_skipped_are_those_join_before_turns_down():
    # What the loop over mentions skips before calling _join_before, at every position
    # of real text: _join_before says -1 there.
    for text in _real_texts()[:200]:
        for s in range(len(text) + 1):
            before = text[s - 1 : s]
            if before.isspace():
                before = text[s - 2 : s - 1]
            if before not in recover._JOIN_LAST and not before.isspace():
                assert recover._join_before(text, s) == -1, (text, s)
