"""geo.russian: Russian forms of Ukrainian settlement names, on real names."""

from __future__ import annotations

import pytest

from geo.russian import russian_form


@pytest.mark.parametrize("uk, ru", [
    ("Роботине", "Работино"), ("Кліщіївка", "Клещеевка"), ("Курахове", "Курахово"),
    ("Синьківка", "Синьковка"), ("Андріївка", "Андреевка"), ("Богданівка", "Богдановка"),
    ("Велика Новосілка", "Великая Новоселка"), ("Новоселівка Друга", "Новоселовка Вторая"),
    ("Покровськ", "Покровск"), ("Донецьк", "Донецк"), ("Уманське", "Уманское"), ("Тоненьке", "Тоненькое"),
    ("Кринки", "Крынки"), ("Підгірці", "Подгорцы"), ("Бориспіль", "Борисполь"), ("Троїцьке", "Троицкое"),
    ("Кам’янка", "Каменка"),
])
def test_russian_forms_of_real_names(uk, ru):
    assert russian_form(uk) == ru


def test_a_name_with_nothing_ukrainian_is_kept():
    assert russian_form("Нью-Йорк") == "Нью-Йорк"
