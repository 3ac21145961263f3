"""Cyrillic morphology (geo.morph) on the real gazetteer: every case of Ukrainian and
Russian place names, the abbreviations, the guards, and two written articles."""

import json
from pathlib import Path

import pytest

from geo.morph import has_cyrillic, language, nominatives

DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="module")
def ex(extractor):
    """The extractor on the real gazetteer (conftest's, marked slow)."""
    return extractor


def _one(ex, text, form):
    found = [m for m in ex.extract(text) if m.text == form]
    assert found, f"{form!r} not found in {text!r}: {[(m.text, m.place.name) for m in ex.extract(text)]}"
    return found[0]


# name as the gazetteer resolves it (GeoNames id), lemma, and its case forms as written
# (Ukrainian: nominative, genitive, dative, accusative, instrumental, locative, vocative;
# Russian: nominative, genitive, dative, accusative, instrumental, prepositional).
UK = [
    (703448, "Київ", ["Київ", "Києва", "Києву", "Київ", "Києвом", "Києві", "Києве"]),
    (706483, "Харків", ["Харків", "Харкова", "Харкову", "Харків", "Харковом", "Харкові", "Харкове"]),
    (713174, "Бахмут", ["Бахмут", "Бахмута", "Бахмуту", "Бахмут", "Бахмутом", "Бахмуті"]),
    (698740, "Одеса", ["Одеса", "Одеси", "Одесі", "Одесу", "Одесою", "Одесі"]),
    (690791, "Україна", ["Україна", "України", "Україні", "Україну", "Україною", "Україні", "Україно"]),
    (798544, "Польща", ["Польща", "Польщі", "Польщу", "Польщею"]),
    (702657, "Луганська область", ["Луганська область", "Луганської області", "Луганській області",
                                   "Луганську область", "Луганською областю"]),
    (699839, "Нова Каховка", ["Нова Каховка", "Нової Каховки", "Новій Каховці", "Нову Каховку",
                              "Новою Каховкою"]),
    (6252001, "Сполучені Штати Америки", ["Сполучені Штати Америки", "Сполучених Штатів Америки",
                                          "Сполученим Штатам Америки", "Сполученими Штатами Америки",
                                          "Сполучених Штатах Америки"]),
    (709716, "Донеччина", ["Донеччина", "Донеччини", "Донеччині", "Донеччину", "Донеччиною"]),
    (692194, "Суми", ["Суми", "Сум", "Сумам", "Сумами", "Сумах"]),
]
RU = [
    (524901, "Москва", ["Москва", "Москвы", "Москве", "Москву", "Москвой"]),
    (2017370, "Россия", ["Россия", "России", "Россию", "Россией"]),
    (5128581, "Нью-Йорк", ["Нью-Йорк", "Нью-Йорка", "Нью-Йорку", "Нью-Йорком", "Нью-Йорке"]),
    (1835841, "Южная Корея", ["Южная Корея", "Южной Кореи", "Южной Корее", "Южную Корею", "Южной Кореей"]),
    (706483, "Харьков", ["Харьков", "Харькова", "Харькову", "Харьковом", "Харькове"]),
    (2921044, "Германия", ["Германия", "Германии", "Германию", "Германией"]),
    (709716, "Донецкая область", ["Донецкая область", "Донецкой области", "Донецкую область",
                                  "Донецкой областью"]),
    (691999, "Северодонецк", ["Северодонецк", "Северодонецка", "Северодонецку", "Северодонецком",
                              "Северодонецке"]),
]


@pytest.mark.parametrize(("gid", "lemma", "forms"), UK, ids=[u[1] for u in UK])
def test_ukrainian_cases(ex, gid, lemma, forms):
    for form in forms:
        m = _one(ex, f"Повідомлення про {form} надійшло вранці.", form)
        assert m.place.geonameid == gid, (form, m.place)
        assert m.matched == lemma, form


@pytest.mark.parametrize(("gid", "lemma", "forms"), RU, ids=[r[1] for r in RU])
def test_russian_cases(ex, gid, lemma, forms):
    for form in forms:
        m = _one(ex, f"Сообщение про {form} пришло утром.", form)
        assert m.place.geonameid == gid, (form, m.place)
        assert m.matched == lemma, form


@pytest.mark.parametrize("apostrophe", ["'", "’", "ʼ"])
def test_apostrophes(ex, apostrophe):
    form = f"Слов{apostrophe}янська"
    m = _one(ex, f"Обстріли {form} і Краматорська тривали.", form)
    assert m.place.name == "Slovyansk" and m.matched == "Слов'янськ"


def test_explain_says_the_nominative(ex):
    [m] = ex.extract("Вибухи у Києві.", explain=True)
    assert m.why[0] == "read as the nominative 'Київ'"


def test_spans_cover_the_inflected_surface(ex):
    text = "Вибухи пролунали у Луганській області та в Києві."
    ms = ex.extract(text)
    assert [(text[m.start:m.end], m.matched) for m in ms] == [
        ("Луганській області", "Луганська область"), ("Києві", "Київ")]
    assert ms[0].to_dict()["matched"] == "Луганська область"


@pytest.mark.parametrize(("text", "form", "gid"), [
    ("Делегація РФ прибула.", "РФ", 2017370),
    ("Санкції проти РФ посилили.", "РФ", 2017370),
    ("Посол США заявив.", "США", 6252001),
    ("Рішення ЄС ухвалили.", "ЄС", 6255148),
    ("Решение ЕС приняли.", "ЕС", 6255148),
    ("Так звана ДНР оголосила.", "ДНР", 709716),
    ("Так звана ЛНР оголосила.", "ЛНР", 702657),
    ("Ракета КНДР упала в море.", "КНДР", 1873107),
    ("Представители КНР заявили.", "КНР", 1814991),
    ("Це сталося ще за СРСР.", "СРСР", 2017370),
    ("Это было ещё при СССР.", "СССР", 2017370),
    ("Переговори в ОАЕ відбулися.", "ОАЕ", 290557),
    ("Переговоры в ОАЭ прошли.", "ОАЭ", 290557),
    ("Канцлер ФРГ заявил.", "ФРГ", 2921044),
    ("Вибухи у Криму.", "Криму", 703883),
    ("Взрывы в Крыму.", "Крыму", 703883),
    ("Бої на Донеччині.", "Донеччині", 709716),
    ("Обстріли на Харківщині.", "Харківщині", 706482),
    ("Евакуація з Херсонщини.", "Херсонщини", 706442),
    ("Бої на Запоріжжі.", "Запоріжжі", 687699),
    ("Обстріл у Запоріжжі.", "Запоріжжі", 687700),
    ("Бої на Луганщині.", "Луганщині", 702657),
    ("Новини Слобожанщини.", "Слобожанщини", 706482),
    ("Бои в Донбассе.", "Донбассе", 900000001),
    ("Войска в Приднестровье.", "Приднестровье", 858800),
])
def test_abbreviations_and_colloquial_names(ex, text, form, gid):
    m = _one(ex, text, form)
    if gid == 6255148:  # the EU: mapped to the Europe region, whatever its id
        assert m.place.name == "Europe"
    elif gid == 858800:
        assert m.place.country_code == "MD" and m.place.feature == "admin1"
    elif gid in (687699, 687700):
        assert m.place.feature == ("admin1" if "на " in text else "city")
    else:
        assert m.place.geonameid == gid, m.place


@pytest.mark.parametrize(("text", "word"), [
    ("Володимир Зеленський прибув до Харкова.", "Володимир"),
    ("Владимир Путин провёл совещание.", "Владимир"),
    ("Богдан Хмельницький став гетьманом.", "Богдан"),
    ("Богдан Хмельницький став гетьманом.", "Хмельницький"),
    ("Олександр Сирський заявив про успіхи.", "Олександр"),
    ("Але ми не здамося.", "Але"),
    ("Так сказав командир.", "Так"),
    ("Саме тут точилися бої.", "Саме"),
    ("Усі мешканці евакуйовані.", "Усі"),
    ("Вона повернулася додому.", "Вона"),
    ("Начало войны было внезапным.", "Начало"),
    ("Охота на танкеры продолжается.", "Охота"),
    ("Компанія «МТС-Україна» відновила зв'язок.", "Україна"),
    ("Про це пише газета «Житомирщина».", "Житомирщина"),
    ("президент Зеленський заявив.", "Зеленський"),
    ("Тарас Шевченко народився на Черкащині.", "Шевченко"),
    ("Шевченко заявив про нові обстріли.", "Шевченко"),
    ("Путин провёл совещание с членами Совета безопасности.", "Совета"),
    ("Регистрация сайтов в зоне .РФ открыта.", "РФ"),
    ("Захід підтримує Україну.", "Захід"),
    ("Восток страны под обстрелами.", "Восток"),
    ("Північ країни під обстрілами.", "Північ"),
])
def test_guards(ex, text, word):
    assert word not in [m.text for m in ex.extract(text)]


@pytest.mark.parametrize(("text", "expected"), [
    ("Обстріли у Донецькій та Луганській областях тривають.",
     [("Донецькій", "Донецька область"), ("Луганській областях", "Луганська область")]),
    ("Донецька та Луганська області окуповані частково.",
     [("Донецька", "Донецька область"), ("Луганська області", "Луганська область")]),
    ("Жителі Сумської, Харківської і Чернігівської областей.",
     [("Сумської", "Сумська область"), ("Харківської", "Харківська область"),
      ("Чернігівської областей", "Чернігівська область")]),
    ("Жители Белгородской, Курской и Брянской областей.",
     [("Белгородской", "Белгородская область"), ("Курской", "Курская область"),
      ("Брянской областей", "Брянская область")]),
])
def test_adjectives_sharing_a_plural_head(ex, text, expected):
    ms = ex.extract(text)
    assert [(m.text, m.matched) for m in ms] == expected
    assert all(m.place.feature == "admin1" for m in ms)


def test_text_without_telling_letters(ex):
    # No і, ї, є, ґ nor ы, э, ъ, ё: each word is read by the dictionary that knows it.
    text = "У Донецьку та Луганську тихо."
    assert [(m.text, m.place.name) for m in ex.extract(text)] == [("Донецьку", "Donetsk"), ("Луганську", "Luhansk")]


@pytest.mark.parametrize(("text", "form", "name"), [
    ("Самолёт приземлился в аэропорту «Домодедово».", "Домодедово", "Domodedovo"),
    ("В ноябре базирующаяся в Риме ФАО предупредила мир.", "Риме", "Rome"),
])
def test_places_that_look_like_titles_or_people(ex, text, form, name):
    assert _one(ex, text, form).place.name == name


@pytest.mark.parametrize("word", ["Вчора", "Також", "Проте", "Зокрема", "Нагадаємо", "Після", "Новини", "Місто",
                                  "Надія", "Слава", "Мир", "Зоря", "Сонце", "Фронт", "Схід", "Захід", "Південь"])
def test_sentence_starts_are_no_places(ex, word):
    assert not [m for m in ex.extract(f"{word} ми знову чули вибухи, і це правда.") if m.text == word]


@pytest.mark.parametrize("name", ["Донеччина", "Харківщина", "Крим", "Херсонщина", "Луганщина", "Київ", "Херсон"])
def test_sentence_starting_places_stay(ex, name):
    assert [m.text for m in ex.extract(f"{name} знову під обстрілами.")] == [name]


def test_stress_marks(ex):
    text = "Из Москвы́ в Ки́ев."
    assert [(m.text, m.place.name) for m in ex.extract(text)] == [("Москвы́", "Moscow"), ("Ки́ев", "Kyiv")]


def test_odd_input(ex):
    for text in ("", "   ", "«»—–", "Ж" * 5000, "Київ" * 1000, "РФ-" * 100):
        assert all(text[m.start:m.end] == m.text for m in ex.extract(text))


def test_country_named_like_a_person_in_a_list(ex):
    text = "Делегації з Туреччини, Ізраїлю, Китаю та Сполученого Королівства."
    assert [m.place.name for m in ex.extract(text)] == ["Turkey", "Israel", "China", "United Kingdom"]


def test_given_name_city_after_a_preposition_stays(ex):
    text = "Владимир Путин побывал во Владимире."
    assert [(m.text, m.place.name) for m in ex.extract(text)] == [("Владимире", "Vladimir")]


def test_language_from_text():
    assert language("Обстріл у Києві") == "uk" and language("Обстрел в Киеве") == "ru"
    assert not has_cyrillic("Shelling in Kyiv")
    assert nominatives("Луганської", "uk")[0] == "луганська"


def test_latin_words_in_cyrillic_prose_are_names_not_places(ex):
    text = ("Як повідомляє агентство France-Presse, шаховий турнір Corus цього року перенесли. Організатори "
            "пояснили, що через війну гравці з України не змогли приїхати, а сам турнір відбудеться пізніше, "
            "найімовірніше навесні, і частину партій зіграють у Харкові.")
    assert [m.text for m in ex.extract(text)] == ["України", "Харкові"]


def test_latin_and_mixed_articles(ex):
    text = "Shelling hit Kharkiv (Харків) and Kup'yans'k; у Києві тихо."
    got = [(m.text, m.place.name) for m in ex.extract(text)]
    assert got == [("Kharkiv", "Kharkiv"), ("Харків", "Kharkiv"), ("Kup'yans'k", "Kupyansk"), ("Києві", "Kyiv")]
    assert all("matched" not in m.to_dict() for m in ex.extract("Calm in Lviv."))


@pytest.mark.parametrize(("name", "expected"), [
    ("uk_war_news.txt", {"Харківщину": "Kharkiv Oblast", "Харкові": "Kharkiv", "Запоріжжі": "Zaporizhzhia Oblast",
                         "Бахмутом": "Bakhmut", "Часового Яру": "Chasiv Yar", "Луганській області": "Luhansk Oblast",
                         "Куп'янську": "Kupyansk", "Києві": "Kyiv", "Донецьку": "Donetsk",
                         "Сполучених Штатів Америки": "United States", "РФ": "Russia", "Криму":
                         "Autonomous Republic of Crimea", "Одесі": "Odesa", "Херсоні": "Kherson"}),
    ("ru_war_news.txt", {"Белгородской области": "Belgorodskaya oblast'", "Донбассе": "Donbas",
                         "Авдеевкой": "Avdiyivka", "Купянска": "Kupyansk", "Харьковской области": "Kharkiv Oblast",
                         "Подмосковья": "Moscow Oblast", "Южной Корее": "South Korea", "КНДР": "North Korea",
                         "Крымом": "Autonomous Republic of Crimea", "ОАЭ": "United Arab Emirates",
                         "Вашингтоне": "Washington"}),
])
def test_articles(ex, name, expected):
    text = (DATA / name).read_text(encoding="utf-8")
    ms = ex.extract(text)
    got = {m.text: m.place.name for m in ms}
    for form, place in expected.items():
        assert got.get(form) == place, (form, got.get(form))
    texts = [m.text for m in ms]
    for guarded in ("Володимир", "Владимир", "Але", "Начало", "Охота", "Житомирщина"):
        assert guarded not in texts
    assert all(text[m.start:m.end] == m.text for m in ms)


# Fast: the tiny gazetteer of conftest (real GeoNames rows of a few dozen towns).
@pytest.mark.parametrize(("text", "expected"), [
    ("Вибухи у Харкові та Києві.", [("Харкові", "Харків", "Kharkiv"), ("Києві", "Київ", "Kyiv")]),
    ("Из Одессы в Москву.", [("Одессы", "Одесса", "Odesa"), ("Москву", "Москва", "Moscow")]),
    ("Обстріли Донецької області та РФ.", [("Донецької області", "Донецька область", "Donetsk Oblast"),
                                          ("РФ", "РФ", "Russia")]),
    ("Бої на Донеччині, під Бахмутом.", [("Донеччині", "Донеччина", "Donetsk Oblast"),
                                         ("Бахмутом", "Бахмут", "Bakhmut")]),
])
def test_inflected_names_on_the_tiny_gazetteer(tiny_extractor, text, expected):
    got = [(m.text, m.matched, m.place.name) for m in tiny_extractor.extract(text)]
    assert got == expected


def test_english_output_has_no_matched_field(tiny_extractor):
    ms = tiny_extractor.extract("Shelling in Kharkiv and Odesa.")
    assert [m.text for m in ms] == ["Kharkiv", "Odesa"]
    assert all(m.matched == "" and "matched" not in m.to_dict() for m in ms)


def test_map_popups_list_inflected_spellings(ex, tmp_path):
    """`geo extract` then `geo map` on the two articles: popups show the forms as written."""
    import re

    from click.testing import CliRunner

    from geo.cli import main

    out = tmp_path / "cyr.jsonl"
    res = CliRunner().invoke(main, ["extract", str(DATA / "uk_war_news.txt"), str(DATA / "ru_war_news.txt"),
                                    "--format", "jsonl", "-o", str(out)])
    assert res.exit_code == 0, res.output
    html_path = tmp_path / "map.html"
    res = CliRunner().invoke(main, ["map", str(out), "-o", str(html_path)])
    assert res.exit_code == 0, res.output
    html = html_path.read_text(encoding="utf-8")
    # Popups are drawn in the page from the data block: "sp" is a place's spellings as written.
    block = re.search(r'<script type="application/json" id="geo-data">(.*?)</script>', html, re.S)
    written = [set(p["sp"]) for p in json.loads(block.group(1))["places"]]
    assert {"Харківщину", "Харківщині", "Харьковской области"} in written  # Kharkiv Oblast
    assert {"Запоріжжі", "Запорожье"} in written  # Zaporizhzhia Oblast ("на Запоріжжі", "на Запорожье")
    assert any({"Харкові", "Харків", "Харькове"} <= w for w in written)  # the city


def test_a_second_reading_finds_the_same_names(ex):
    # geo.morph keeps per-word answers (may a name go on from these words, which key
    # a folded name is): read warm, both written articles give the same hits as cold.
    from geo.morph import CyrillicMatcher

    for name in ("uk_war_news.txt", "ru_war_news.txt"):
        text = (DATA / name).read_text(encoding="utf-8")
        fresh = CyrillicMatcher(ex.matcher)
        first = fresh.hits(text)
        assert len(first) > 10 and fresh._continue_cache
        assert fresh.hits(text) == first == ex.matcher.scan(text, capitalised=True)
