"""geo.names: folding keys, transliteration variants, qualifier and suffix splitting."""

from __future__ import annotations

import pytest

from geo.names import fold, is_cyrillic, latin_variants, split_admin_suffix, split_qualifier


@pytest.mark.parametrize("a,b", [
    ("Kup'yans'k", "Kupyansk"),
    ("Kup’yans’k", "KUPYANSK"),
    ("Kupʼyansʼk", "kupyansk"),
    ("St. Petersburg", "Saint Petersburg"),
    ("St Petersburg", "saint-petersburg"),
    ("Zaporizhzhia-Sich", "Zaporizhzhia Sich"),
    ("Zaporizhzhia–Sich", "zaporizhzhia  sich"),
    ("Bila Tserkva", "Bíla Tsérkva"),
    ("Ft. Worth", "Fort Worth"),
    ("Mt. Hoverla", "Mount Hoverla"),
    ("Київ", "КИЇВ"),
    ("Москва́", "Москва"),
])
def test_fold_meets_at_one_key(a, b):
    assert fold(a) == fold(b)


@pytest.mark.parametrize("a,b", [
    ("Kharkiv", "Kharkov"),
    ("Київ", "Kyiv"),  # scripts are not folded into each other
    ("Saint Petersburg", "Petersburg"),
    ("Sloviansk", "Slovyansk"),
])
def test_fold_keeps_different_names_apart(a, b):
    assert fold(a) != fold(b)


def test_fold_values():
    assert fold("Sievierodonetsk") == "sievierodonetsk"
    assert fold("  Nova   Kakhovka  ") == "nova kakhovka"
    assert fold("Київ") == "киів"
    assert fold("Ёлки") == "елки"
    assert fold("(Kyiv)") == "kyiv"
    assert fold("Café") == "cafe"


@pytest.mark.parametrize("name", ["", "   ", "...", "—", "''", "()"])
def test_fold_of_no_letters_is_empty(name):
    assert fold(name) == ""


def test_is_cyrillic():
    assert is_cyrillic("Харків") and is_cyrillic("Kyiv Київ")
    assert not is_cyrillic("Kharkiv") and not is_cyrillic("") and not is_cyrillic("Łódź")


@pytest.mark.parametrize("name,expected", [
    ("Сєвєродонецьк", {"sievierodonetsk", "syevyerodonetsk"}),
    ("Северодонецк", {"severodonetsk"}),
    ("Київ", {"kyiv", "kyyiv"}),
    ("Харків", {"kharkiv"}),
    ("Запоріжжя", {"zaporizhzhia", "zaporizhzhya"}),
    ("Мала Рогань", {"mala rogan", "mala rohan"}),
    ("Купʼянськ", {"kupiansk", "kupyansk"}),
    ("Хмельницкий", {"khmelnitsky", "khmelnitskiy"}),
    ("Новая Каховка", {"novaya kakhovka"}),
])
def test_latin_variants_cover_news_spellings(name, expected):
    assert expected <= latin_variants(name)


def test_latin_variants_are_folded_latin_without_own_key():
    v = latin_variants("Київ")
    assert v and all(k == fold(k) and not is_cyrillic(k) for k in v)
    assert fold("Київ") not in v


def test_latin_variants_of_latin_names_are_empty():
    assert latin_variants("Kharkiv") == set()
    assert latin_variants("") == set()


def test_russian_language_gives_russian_schemes_only():
    ru = latin_variants("Харьков", "ru")
    assert "kharkov" in ru and "kharkiv" not in ru
    # without a language, Ukrainian schemes apply too
    assert "kharkiv" in latin_variants("Харків")


@pytest.mark.parametrize("query,expected", [
    ("Moscow, Idaho", ("Moscow", "Idaho")),
    ("Washington, D.C.", ("Washington", "D.C.")),
    ("Paris, Texas, USA", ("Paris, Texas", "USA")),
    ("  Kharkiv ,  Ukraine ", ("Kharkiv", "Ukraine")),
    ("Kyiv", ("Kyiv", "")),
    (", Ukraine", (", Ukraine", "")),
    ("Kyiv,", ("Kyiv,", "")),
])
def test_split_qualifier(query, expected):
    assert split_qualifier(query) == expected


@pytest.mark.parametrize("query,expected", [
    ("Donetsk Oblast", ("Donetsk", "oblast")),
    ("the Kharkiv region", ("Kharkiv", "region")),
    ("Luhansk oblast.", ("Luhansk", "oblast")),
    ("Kyiv Obl.", ("Kyiv", "obl")),
    ("Kharkiv-region", ("Kharkiv", "region")),
    ("Krasnodar Krai", ("Krasnodar", "krai")),
    ("Bakhmut district", ("Bakhmut", "district")),
    ("Kramatorsk", ("Kramatorsk", "")),
    ("Oblast", ("Oblast", "")),
    ("  Regional  ", ("Regional", "")),
])
def test_split_admin_suffix(query, expected):
    assert split_admin_suffix(query) == expected
