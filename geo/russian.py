"""Russian-language forms of Ukrainian settlement names, by rule.

Russian-language news and many English reports that follow it name Ukrainian villages
in their Russian form: *Rabotino* for Роботине, *Kleshcheyevka* for Кліщіївка,
*Kurakhovo* for Курахове. GeoNames carries the Russian name of most towns but not of
villages, so :func:`russian_form` derives it from the Ukrainian one by the regular
correspondences of the two languages, in this order:

1. **Whole words** that differ as words (:data:`WORDS`): Нова → Новая, Велика →
   Великая, Червоне → Красное.
2. **Roots** whose vowels differ (:data:`ROOTS`): Ukrainian *і* is Russian *е* where
   Old East Slavic had *ѣ* (сіл → сел, річ → реч, біл → бел, кліщ → клещ) and *о*
   where a closed syllable lengthened *о* (під → под, гір → гор, піль → поль);
   Олекс → Алекс, Микол → Никол, Роботин → Работин.
3. **Endings** (:data:`ENDINGS`): -івка → -овка (-евка after ж ш ч щ ц and after
   vowels: Андріївка → Андреевка), -ів → -ов, -ине → -ино, -ове → -ово, -ське →
   -ское, -не → -ное, -ий → -ый, adjectives before a noun (Крута Балка → Крутая
   Балка), plurals (-ки stays, -ни → -ны, -ці → -цы).
4. **Letters**: і → и, ї → и (е before в after a vowel), є → е, ґ → г, и → ы only
   where an ending rule said so, apostrophes and the soft sign before к dropped
   (Донецьк → Донецк).

The rules are measured against the Ukrainian places of GeoNames cities500 that carry
both a Ukrainian and a Russian name (``data/gazetteer/derive_villages.py --measure``
prints the hit rate); each rule stays only if it raises that rate.

Examples
--------
>>> russian_form("Роботине"), russian_form("Кліщіївка"), russian_form("Курахове")
('Работино', 'Клещеевка', 'Курахово')
>>> russian_form("Велика Новосілка"), russian_form("Підгірці"), russian_form("Покровськ")
('Великая Новоселка', 'Подгорцы', 'Покровск')
"""

from __future__ import annotations

import re

__all__ = ["ENDINGS", "ROOTS", "WORDS", "russian_form"]

#: Words that differ as words; matched on the whole (capitalised) word.
WORDS = {
    "Нова": "Новая", "Нове": "Новое", "Новий": "Новый", "Нові": "Новые",
    "Стара": "Старая", "Старе": "Старое", "Старий": "Старый", "Старі": "Старые",
    "Велика": "Великая", "Велике": "Великое", "Великий": "Великий", "Великі": "Великие",
    "Мала": "Малая", "Мале": "Малое", "Малий": "Малый", "Малі": "Малые",
    "Верхня": "Верхняя", "Верхнє": "Верхнее", "Верхній": "Верхний", "Верхні": "Верхние",
    "Нижня": "Нижняя", "Нижнє": "Нижнее", "Нижній": "Нижний", "Нижні": "Нижние",
    "Середня": "Средняя", "Середнє": "Среднее", "Середній": "Средний",
    "Червона": "Красная", "Червоне": "Красное", "Червоний": "Красный", "Червоні": "Красные",
    "Біла": "Белая", "Біле": "Белое", "Білий": "Белый", "Білі": "Белые",
    "Чорна": "Черная", "Чорне": "Черное", "Чорний": "Черный",
    "Кривий": "Кривой", "Ріг": "Рог", "Рій": "Рой", "Гай": "Гай", "Кут": "Кут", "Міст": "Мост",
    "Потік": "Поток", "Колодязь": "Колодезь",
    "Широка": "Широкая", "Широке": "Широкое", "Широкий": "Широкий",
    "Глибока": "Глубокая", "Глибоке": "Глубокое", "Глибокий": "Глубокий",
    "Сухий": "Сухой", "Суха": "Сухая", "Сухе": "Сухое",
    "Зелений": "Зеленый", "Зелена": "Зеленая", "Зелене": "Зеленое",
    "Золотий": "Золотой", "Золота": "Золотая", "Перше": "Первое", "Друге": "Второе",
    "Перша": "Первая", "Друга": "Вторая", "Третя": "Третья", "Перший": "Первый", "Другий": "Второй",
}

#: Roots (at any position, matched case-insensitively at a word start or inside).
ROOTS = [
    ("Олекс", "Алекс"), ("Микол", "Никол"), ("Роботин", "Работин"), ("Кам'ян", "Камен"), ("Кам’ян", "Камен"),
    ("Вільх", "Ольх"), ("Глиб", "Глуб"), ("Чорн", "Черн"), ("Дніпр", "Днепр"), ("Дністр", "Днестр"),
    ("Костянтин", "Константин"), ("Єлизавет", "Елизавет"), ("Семенів", "Семенов"), ("Степанів", "Степанов"),
    ("Кліщ", "Клещ"), ("Під", "Под"), ("Над", "Над"),
    ("сіл", "сел"), ("Сіл", "Сел"), ("річ", "реч"), ("Річ", "Реч"), ("Біл", "Бел"), ("біл", "бел"),
    ("ліс", "лес"), ("Ліс", "Лес"), ("світ", "свет"), ("Світ", "Свет"), ("Хліб", "Хлеб"), ("Дід", "Дед"),
    ("гір", "гор"), ("Гір", "Гор"), ("бір", "бор"), ("Бір", "Бор"), ("піль", "поль"),
    ("Вільн", "Вольн"), ("вільн", "вольн"), ("Пісок", "Песок"), ("Піск", "Песк"), ("піск", "песк"),
    ("Сіверськ", "Северск"), ("Криниц", "Криниц"), ("Крин", "Крын"),
    ("кам'ян", "камен"), ("кам’ян", "камен"), ("Висок", "Высок"), ("Рибн", "Рыбн"), ("Рибал", "Рыбал"),
    ("Крим", "Крым"), ("Козац", "Казац"), ("Козач", "Казач"), ("Розд", "Разд"), ("Вівч", "Овч"),
]

_SIBILANT_OR_VOWEL = "жшчщцаеиоуяюєії'’"

#: Word-final rewrites, first match wins (``(regex, replacement)``).
ENDINGS = [
    (r"іївка$", "еевка"), (r"([аеиоуяюєї'’])ївка$", r"\1евка"), (r"ївка$", "евка"),
    (r"([шщц])івка$", r"\1евка"), (r"івка$", "овка"),
    (r"([жшчщц])івці$", r"\1евцы"), (r"івці$", "овцы"), (r"івське$", "овское"), (r"ївське$", "евское"),
    (r"ївськ$", "евск"), (r"івськ$", "овск"),
    (r"ївка$", "евка"), (r"їв$", "ев"), (r"([жшчщц])ів$", r"\1ев"), (r"ів$", "ов"),
    (r"ине$", "ино"), (r"ове$", "ово"), (r"еве$", "ево"), (r"єве$", "ево"),
    (r"зьке$", "зское"), (r"ське$", "ское"), (r"цьке$", "цкое"), (r"еньке$", "енькое"), (r"ьке$", "кое"),
    (r"ська$", "ская"), (r"цька$", "цкая"), (r"ський$", "ский"), (r"цький$", "цкий"),
    (r"([кгх])е$", r"\1ое"), (r"не$", "ное"), (r"([тдрлвзсм])е$", r"\1ое"),
    (r"ці$", "цы"), (r"ичі$", "ичи"), (r"ця$", "ца"), (r"^([А-ЯІЇЄҐ][а-яіїєґ']+)ова$", r"\1овая"),
    (r"([кгхжшчщ])и$", r"\1и"), (r"и$", "ы"),
    (r"ець$", "ец"), (r"ць$", "ц"), (r"ськ$", "ск"), (r"цьк$", "цк"), (r"ьк$", "к"),
]
_ENDINGS = [(re.compile(p), r) for p, r in ENDINGS]
_ADJ_FIRST = [(re.compile(p), r) for p, r in [
    (r"([кгхжшчщ])а$", r"\1ая"), (r"на$", "ная"), (r"([тдрлвзсм])а$", r"\1ая"), (r"ня$", "няя"),
    (r"([кгхжшчщ])ий$", r"\1ий"), (r"ій$", "ий"), (r"ий$", "ый"),
    (r"([кгхжшчщ])і$", r"\1ие"), (r"ні$", "ные"), (r"і$", "ые"),
]]
_LETTERS = str.maketrans({"і": "и", "І": "И", "ї": "и", "Ї": "И", "є": "е", "Є": "Е", "ґ": "г", "Ґ": "Г",
                          "'": "", "’": "", "ʼ": ""})
_VOWEL_YI = re.compile(r"([аеиоуяюєії])ї(?=в)")
_WORD = re.compile(r"[^\s\-]+")


def _word(word: str, first_of_several: bool) -> str:
    if word in WORDS:
        return WORDS[word]
    for src, dst in ROOTS:
        if src in word:
            word = word.replace(src, dst)
    # A first word ending in -ка is a noun (Новоселівка Друга), unless -ська/-цька.
    if first_of_several and (not word.endswith("ка") or word.endswith(("ська", "цька"))):
        for pattern, repl in _ADJ_FIRST:
            new, n = pattern.subn(repl, word)
            if n:
                word = new
                break
    for pattern, repl in _ENDINGS:
        new, n = pattern.subn(repl, word)
        if n:
            word = new
            break
    # ї after a vowel is Russian е before в (Почаївка -> Почаевка), и otherwise (Троїцьке -> Троицкое).
    word = _VOWEL_YI.sub(lambda m: m.group(1) + "е", word)
    # ь between с/ц/з and к goes (Донецьк -> Донецк); elsewhere it stays (Синьківка -> Синьковка).
    word = re.sub("([сцз])ьк", r"\1к", word)
    return word.translate(_LETTERS)


def russian_form(name: str) -> str:
    """Return the Russian form of a Ukrainian settlement name by the module's rules.

    Parameters
    ----------
    name : str
        A Ukrainian name in Cyrillic ("Андріївка", "Велика Новосілка").

    Returns
    -------
    str
        The derived Russian form; a name without Ukrainian features comes back as it is.

    Examples
    --------
    >>> russian_form("Андріївка"), russian_form("Михайлівка"), russian_form("Тоненьке")
    ('Андреевка', 'Михайловка', 'Тоненькое')
    >>> russian_form("Нью-Йорк")
    'Нью-Йорк'
    """
    words = _WORD.findall(name)
    several = len([w for w in words if w[:1].isupper()]) > 1
    out, pos, seen = [], 0, 0
    for m in _WORD.finditer(name):
        out.append(name[pos:m.start()])
        out.append(_word(m.group(), several and seen == 0 and " " in name[m.end():m.end() + 1]))
        seen += 1
        pos = m.end()
    out.append(name[pos:])
    return "".join(out)
