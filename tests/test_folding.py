"""geo.folding: folded text maps back to exact offsets; the array fold is the regex one."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from geo.folding import fold_text

APOSTROPHES = "'’ʼ"
DATA = Path(__file__).parent / "data"


def _slice(ft, needle: str) -> str:
    """The original text of the first occurrence of ``needle`` in the folded text."""
    i = ft.folded.index(needle)
    return ft.text[ft.original(i) : ft.original(i + len(needle) - 1) + 1]



@pytest.mark.parametrize("text, needle, original", [
    ("Shelling in Kup’yans’k overnight", "kupyansk", "Kup’yans’k"),
    ("Shelling in Kup'yans'k overnight", "kupyansk", "Kup'yans'k"),
    ("Shelling in Kupʼyansʼk overnight", "kupyansk", "Kupʼyansʼk"),
    ("the U.S. and the EU", "us", "U.S"),
    ("talks in St. Petersburg on Monday", "st petersburg", "St. Petersburg"),
    ("Kyiv's mayor", "kyiv", "Kyiv"),
    ("Russia’s army", "russia", "Russia"),
    ("calm in Kyi\u0308v today", "kyiv", "Kyi\u0308v"),
    ("Вибухи у місті Харків вночі", "харків", "Харків"),
    ("calm in\u00a0Kyiv\u00a0today", "kyiv", "Kyiv"),
    ("🇺🇦😀 𝒳 calm in Kyiv", "kyiv", "Kyiv"),
    ("Żółć in Łódź and Kraków", "krakow", "Kraków"),
])
def test_folded_offsets_map_back_exactly(text, needle, original):
    assert _slice(fold_text(text), needle) == original


def test_masked_fold_is_the_regex_definition_on_real_and_odd_text(seeds_dir):
    """The array fold masks exactly what ``_LOWER_WORD.sub`` masks, with the same shifts."""
    from geo import folding as m

    texts = [p.read_text(encoding="utf-8") for p in sorted(seeds_dir.rglob("*.txt"))]
    texts += ["", "a", "Kyiv", "the U.S. and d'Azov's ﬁrst Ｋyiv 東京 _abc é-être \x01x ǅemal İstanbul",
              "🇺🇦😀 𝒳 calm in Kyiv; 1st 2nd ²x ½y łódź Łódź ßtraße Вибухи у місті Харків вночі, ґанок"]
    for text in texts:
        marked = m._breaks(text)
        shifts, folded = m._drop_deleted(marked.translate(m._tables()[1]))
        assert m._fold_masked(marked) == (shifts, m._LOWER_WORD.sub(m.MASK, folded)), text[:60]


def test_the_two_break_passes_are_the_one_pattern(seeds_dir):
    """Possessives, then run-on full stops: what one pattern with both alternatives gives."""
    from geo import folding

    one = re.compile(folding._POSSESSIVE.pattern + "|" + folding._RUN_ON.pattern)
    texts = [p.read_text(encoding="utf-8") for p in sorted(seeds_dir.rglob("*.txt"))]
    texts += ["Kyiv's.The mayor", "it's.Then", "ab.C's", "ab.'s", "Kyiv’s.Україна's", "x's's", "U.S.'s Ab.Cd's.Ef",
              "x’s‘s`s ʻs ′s´s ʹs ʼs'’s", "’s", "a’s", "a’sé ʻsб `s_ 's1"]
    for text in texts:
        assert folding._breaks(text) == one.sub(" ", text), text[:60]


def test_possessive_becomes_a_space_and_other_apostrophes_vanish():
    assert fold_text("Kyiv's").folded == "kyiv s"
    assert fold_text("Kyiv’s").folded == "kyiv s"
    assert fold_text("Kup’yans’k").folded == "kupyansk"
    assert fold_text("Kupʼyansʼk's").folded.endswith(" s")
    assert fold_text("U.S.").folded == "us"


@pytest.mark.parametrize("text", [
    "Shelling in Kup’yans’k and Kyi\u0308v's suburbs, U.S. says; St. Petersburg\u00a0— 😀 Харків. 𝒳 Odesa\u0301!",
    "d’Azov, l'Oblast, O.K., “Kyiv”, ‘Lviv’, «Київ», N.Y.C., Mr. Smith's, 1.5 km",
])
def test_every_folded_character_comes_from_its_original(text):
    ft = fold_text(text)
    assert len(ft.folded) <= len(ft.text)
    mapped = [ft.original(i) for i in range(len(ft.folded))]
    assert mapped == sorted(set(mapped)), "offsets must be strictly increasing"
    for i, pos in enumerate(mapped):
        ch = ft.text[pos]
        if ft.folded[i] == " ":
            assert not ch.isalnum() or ch in APOSTROPHES
        else:
            assert fold_text(ch).folded == ft.folded[i], (i, ch)


def _general_masked_fold(text: str) -> tuple[str, tuple[int, ...]]:
    """The masked fold by the array path alone (what fold_text did for every text)."""
    from geo import folding as m

    shifts, folded = m._fold_masked(m._breaks(text))
    lowered = folded.lower()
    if len(lowered) != len(folded):
        lowered = "".join(c if len(c.lower()) != 1 else c.lower() for c in folded)
    return lowered, shifts


def test_the_ascii_fold_is_the_array_fold_on_real_text(seeds_dir):
    """English news, pure ASCII or with curly quotes, takes the byte fold: same result, same shifts."""
    from geo import folding as m

    seeds = [p.read_text(encoding="utf-8") for p in sorted(seeds_dir.rglob("*.txt"))]
    cyrillic = [(DATA / f"{lang}_war_news.txt").read_text(encoding="utf-8") for lang in ("ru", "uk")]
    odd = ["", "a", ".", "'s", "x.", "Kyiv's.The U.S.'s d'Azov `q` \x01x \x00y _abc 1st", "ÉTÉ été Ｋyiv ﬁrst",
           "Ørsted ßtraße ÿ Æther ª²½ ×÷ Ñandú",
           "Kyi\u0308v’s İstanbul, Ørsted, Straße – “quoted” — ‘x’ …\u00a0end", "ǅemal łódź", "東京 and 😀 Kyiv"]
    texts = seeds + [t.encode("ascii", "ignore").decode() for t in seeds] + cyrillic + odd
    took_bytes = 0
    for text in texts:
        took_bytes += m._fold_masked_bytes(m._breaks(text)) is not None
        ft = fold_text(text, mask_lower=True)
        assert (ft.folded, ft._shifts) == _general_masked_fold(text), text[:60]
    # Every seed (curly quotes and dashes in all of them) and its ASCII copy, none of the Cyrillic.
    assert took_bytes >= 2 * len(seeds)
    assert all(m._fold_masked_bytes(t) is None for t in cyrillic + ["ǅemal", "łódź", "東京", "5 µm"])
