"""geo.evidence on real sentences: what the text says of a name beside it."""

from __future__ import annotations

import re
from pathlib import Path

from geo.evidence import (
    _VILLAGE_BEFORE,
    _VILLAGE_LAST,
    offset_pairs,
    qualifier_pairs,
    raion_after,
    raions_named,
    village_before,
    village_named,
)
from geo.recognize import Span

ROOT = Path(__file__).resolve().parents[1]


def spans_of(text: str, *names: str) -> list[Span]:
    return [Span(text.index(n), text.index(n) + len(n), n.lower()) for n in names]


def test_village_word_precheck_is_the_patterns():
    """The characters looked for before trying the village pattern are all it can end on, in every case."""
    words = ("village", "villages", "village of", "villages of", "hamlet of", "settlement of", "село", "села",
             "сели", "селі", "селище", "селища", "селищі", "посёлок", "поселка", "посёлке", "деревня", "деревни",
             "деревню", "деревне", "с.", "смт")
    last = "esfоаиіеякюят."
    assert all(_VILLAGE_BEFORE.search(f"{w} ") and w[-1] in last for w in words)
    ignorecase = re.compile(f"[{re.escape(last)}]", re.IGNORECASE)
    assert _VILLAGE_LAST == {ch for ch in map(chr, range(0x110000)) if ignorecase.fullmatch(ch)}
    for text in ("the village of Krynky", "the VILLAGE Krynky", "the villageſ Krynky", "village\nKrynky",
                 "село Кринки", "с. Кринки", "СМТ Кринки", "near Krynky", "Krynky", "(Krynky"):
        start = text.index("Krynky") if "Krynky" in text else text.index("Кринки")
        assert village_before(text, start) == bool(_VILLAGE_BEFORE.search(text, max(0, start - 24), start))


def test_village_named_tests_as_the_pattern_at_every_capital_of_real_articles():
    # Its inline first test must never turn down a name the pattern calls a village.
    texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.txt"))]
    texts += [(ROOT / "tests" / "data" / f).read_text(encoding="utf-8") for f in ("uk_war_news.txt", "ru_war_news.txt")]
    texts.append("Shelling hit the village of Krynky, the villages  Robotyne and село Кринки, near Bakhmut.")
    # Every village word in every casing IGNORECASE allows, the long s too, and the
    # words that end as they do: "the", "of", "city of", "outskirts of".
    words = ["village", "villages", "village of", "villages of", "hamlet of", "settlement of", "село", "селище",
             "посёлок", "деревня", "с.", "смт", "the", "of", "city of", "outskirts of", "tle", "offs"]
    for w in words:
        for form in (w, w.upper(), w.title(), w.replace("s", "ſ"), w.replace("of", "OF"), w.replace(" ", "  ")):
            texts.append(f"Shelling hit {form} Krynky and {form}\nRobotyne.")
    named = 0
    for text in texts:
        for m in re.finditer(r"\b\w", text):
            span = Span(m.start(), m.start() + 1, "")
            expected = bool(_VILLAGE_BEFORE.search(text, max(0, m.start() - 24), m.start()))
            assert village_named(text, [span]) == expected, text[max(0, m.start() - 30) : m.start() + 10]
            named += expected
    assert named >= 40


def test_a_raion_named_after_a_village():
    text = "Russian troops shelled Andriivka, Bakhmut raion, and Krynky (Kherson raion) overnight."
    assert raions_named(text)
    assert raion_after(text, spans_of(text, "Andriivka")) == "bakhmut"
    assert raion_after(text, spans_of(text, "Krynky")) == "kherson"
    assert raion_after(text, spans_of(text, "Andriivka", "Krynky")) == "kherson"  # the last one the text gives
    assert raion_after(text, spans_of(text, "Russian")) == ""
    assert not raions_named("Russian troops shelled Andriivka, south of Bakhmut.")


def test_a_qualifier_follows_a_comma_and_ends_its_phrase():
    text = "Police in Odessa, Texas, said the suspect fled to Berlin, US Secretary Blinken said."
    pairs = [(a.key, b.key) for a, b in qualifier_pairs(text, spans_of(text, "Odessa", "Texas", "Berlin", "US"))]
    assert pairs == [("odessa", "texas")]


def test_a_distance_and_direction_phrase_places_the_name_before_it():
    text = "Russian forces shelled Sofiivka, about 24 km west of Kostiantynivka. Bakhmut lies east of Lviv."
    found = [(a.key, b.key, off.bearing, off.km)
             for a, b, off in offset_pairs(text, spans_of(text, "Sofiivka", "Kostiantynivka", "Bakhmut", "Lviv"))]
    assert found == [("sofiivka", "kostiantynivka", 270, 24.0), ("bakhmut", "lviv", 90, None)]
