"""geo.resolve on real sentences: the article decides which place each name means."""

from __future__ import annotations

import pytest

from geo.evaluate import distance_km

ODESA_UA, ODESSA_TX = 698740, 5527554


def places(extractor, text: str, **kw) -> dict:
    return {m.text: m.place for m in extractor.extract(text, **kw)}


def mentions_of(extractor, text: str, surface: str) -> list:
    return [m for m in extractor.extract(text) if m.text == surface]


# -- qualifiers ----------------------------------------------------------------


def test_without_context_odessa_is_the_ukrainian_city(extractor):
    assert places(extractor, "Police in Odessa said the suspect fled.")["Odessa"].geonameid == ODESA_UA


def test_a_qualifier_after_a_comma_chooses_the_place(extractor):
    found = places(extractor, "Police in Odessa, Texas, said the suspect fled.")
    assert found["Odessa"].geonameid == ODESSA_TX
    assert found["Texas"].feature == "admin1"


def test_the_qualifier_is_part_of_the_evidence(extractor):
    [m] = [m for m in extractor.extract("Police in Odessa, Texas, said.", explain=True) if m.text == "Odessa"]
    assert m.place.geonameid == ODESSA_TX
    assert any("Texas" in line for line in m.why)


def test_a_comma_before_a_title_is_no_qualifier(extractor):
    found = places(extractor, "Talks in Berlin, US Secretary of State Antony Blinken said.")
    assert found["Berlin"].country_code == "DE"
    assert found["Berlin"].geonameid == 2950159


def test_a_country_qualifier(extractor):
    found = places(extractor, "Ministers met in Ramstein, Germany, and later in Berlin.")
    assert found["Ramstein"].country_code == "DE"


# -- country focus and proximity -----------------------------------------------


def test_focus_and_proximity_move_a_choice_between_namesakes(extractor):
    found = places(extractor, "Storms hit Midland and Odessa in West Texas.")
    assert found["Odessa"].geonameid == ODESSA_TX
    found = places(extractor, "Students in Moscow, near Pullman and Lewiston in Idaho.")
    assert found["Moscow"].geonameid == 5601538
    assert places(extractor, "Students in Moscow protested.")["Moscow"].geonameid == 524901


def test_paris_among_texas_towns_is_paris_texas(extractor):
    found = places(extractor, "Tornadoes hit Sherman, Denison and Paris in Texas.")
    assert found["Paris"].geonameid == 4717560


def test_context_never_moves_a_capital_to_a_small_namesake(extractor):
    found = places(extractor, "Storms hit Paris.")
    assert found["Paris"].geonameid == 2988507


@pytest.mark.parametrize("village, anchor", [
    ("Novoselivka", "Poltava"), ("Novoselivka", "Kramatorsk"), ("Mykolaivka", "Odesa"), ("Mykolaivka", "Kramatorsk")])
def test_proximity_chooses_the_namesake_near_the_other_places(extractor, village, anchor):
    found = places(extractor, f"Shelling hit {village} near {anchor}.")
    v, city = found[village], found[anchor]
    assert v.country_code == "UA"
    assert distance_km(v.lat, v.lon, city.lat, city.lon) < 250


def test_proximity_changes_the_choice(extractor):
    alone = places(extractor, "Shelling hit Novoselivka.")["Novoselivka"]
    near = places(extractor, "Shelling hit Novoselivka near Poltava.")["Novoselivka"]
    assert alone.geonameid != near.geonameid
    assert near.admin1 == "Poltava Oblast"


def test_sloviansk_is_sloviansk(extractor):
    assert places(extractor, "Fighting in Sloviansk.")["Sloviansk"].geonameid == 693468


# -- one sense per name --------------------------------------------------------


def test_every_mention_of_a_name_resolves_alike(extractor):
    text = "The shooting in Odessa, Texas shocked residents. Odessa police said more. In Odessa, calm."
    ms = mentions_of(extractor, text, "Odessa")
    assert len(ms) == 3
    assert {m.place.geonameid for m in ms} == {ODESSA_TX}
    assert len({m.score for m in ms}) == 1


def test_every_mention_in_a_ukrainian_article_resolves_alike(extractor):
    ms = mentions_of(extractor, "Odessa was shelled. Later Odessa mourned. Ukraine grieves.", "Odessa")
    assert [m.place.geonameid for m in ms] == [ODESA_UA, ODESA_UA]


# -- unsupported places --------------------------------------------------------


def test_unsupported_minor_foreign_place_is_dropped(extractor, gazetteer):
    # "Iskander" is a missile here; the gazetteer knows an Iskandar in Uzbekistan
    [c, *_] = gazetteer.lookup("Iskander", limit=3, fuzzy=False)
    assert c.place.country_code == "UZ" and c.place.population < 100_000
    found = places(extractor, "Troops in Kharkiv, and Iskander missiles near Kupiansk.")
    assert "Iskander" not in found
    assert {"Kharkiv", "Kupiansk"} <= set(found)


def test_a_small_place_alone_is_kept(extractor):
    found = places(extractor, "Fighting in Bakhmut.")
    assert found["Bakhmut"].geonameid == 713174
    assert found["Bakhmut"].population < 100_000
    assert places(extractor, "Calm in Iskander.")["Iskander"].country_code == "UZ"


def test_a_qualified_small_place_is_kept_even_abroad(extractor):
    found = places(extractor, "Troops in Kharkiv. Later, talks in Iskandar, Uzbekistan.")
    assert found["Iskandar"].country_code == "UZ"


# -- misspellings --------------------------------------------------------------


def test_misspelling_is_recovered_near_the_articles_places(extractor):
    ms = {m.text: m for m in extractor.extract("Fighting around Bakhmut and Soledar and Popansa.")}
    assert ms["Popansa"].place.geonameid == 696566 and ms["Popansa"].match == "fuzzy"
    assert ms["Popansa"].why


def test_misspelling_is_not_recovered_without_ukrainian_anchors(extractor):
    found = places(extractor, "The team visited Paris, then Popansa and Lyon.")
    assert set(found) == {"Paris", "Lyon"}


def test_misspelling_is_recovered_only_where_places_stand(extractor):
    found = places(extractor, "Popansa was shelled, near Severodonetsk.")
    assert "Popansa" not in found


def test_common_words_are_never_recovered(extractor):
    text = "Russian troops near Bakhmut and Forces loyal to Kyiv fought near Severodonetsk and Soledar."
    found = places(extractor, text)
    assert "Forces" not in found
    assert {"Bakhmut", "Kyiv", "Severodonetsk", "Soledar"} <= set(found)


def test_recovery_can_be_switched_off(gazetteer):
    from geo.extract import Extractor

    ex = Extractor(gazetteer, recover=False)
    assert "Popansa" not in {m.text for m in ex.extract("Fighting around Bakhmut and Soledar and Popansa.")}


# -- confidence ----------------------------------------------------------------


def test_confidence_is_between_zero_and_one(extractor, seeds_dir):
    scores = []
    texts = [p.read_text(encoding="utf-8") for p in sorted(seeds_dir.glob("*.txt"))]
    texts += ["Police in Odessa, Texas, said.", "Fighting around Bakhmut and Soledar and Popansa.",
              "Storms hit Paris.", "Calm in Iskander."]
    for text in texts:
        scores += [m.score for m in extractor.extract(text)]
    assert len(scores) > 400
    assert all(0.0 <= s <= 1.0 for s in scores)
    assert min(scores) < 0.6 < max(scores)


def test_fuzzy_mentions_are_less_confident(extractor):
    ms = {m.text: m for m in extractor.extract("Fighting around Bakhmut and Soledar and Popansa.")}
    assert ms["Popansa"].score < min(ms["Bakhmut"].score, ms["Soledar"].score)


def test_resolver_direct(extractor):
    text = "Fighting in the Donetsk region and in Bakhmut."
    spans = extractor.recognizer.spans(text, extractor.matcher.scan(text))
    ms = extractor.resolver.resolve(text, spans)
    assert [(m.text, m.place.feature) for m in ms] == [("Donetsk region", "admin1"), ("Bakhmut", "city")]
    assert all(text[m.start : m.end] == m.text for m in ms)
    assert extractor.resolver.resolve(text, []) == []


def test_the_resolvers_earth_radius_is_geopys():
    from geopy.distance import EARTH_RADIUS, great_circle

    from geo.distance import EARTH_RADIUS_KM
    from geo.records import Place
    from geo.resolve import _distance_km

    assert EARTH_RADIUS_KM == EARTH_RADIUS
    kyiv, lviv = Place(1, "Kyiv", 50.45466, 30.5238), Place(2, "Lviv", 49.83826, 24.02324)
    assert _distance_km(kyiv, lviv) == pytest.approx(great_circle((50.45466, 30.5238), (49.83826, 24.02324)).km)


def test_a_qualifier_chooses_among_the_areas_a_name_may_be(extractor):
    # The country Georgia holds no Atlanta; the US state does, so that is what it means.
    found = places(extractor, "Flu spread from Atlanta, Georgia to Wichita, Kansas.")
    assert (found["Georgia"].country_code, found["Georgia"].feature) == ("US", "admin1")
    assert found["Atlanta"].country_code == "US"


def test_a_list_of_countries_is_no_qualifier(extractor):
    found = places(extractor, "Cases were confirmed in Mexico, the United States, China, Japan and Ukraine.")
    assert (found["China"].country_code, found["China"].feature) == ("CN", "country")


def test_an_area_holding_the_articles_towns_is_where_it_is(extractor):
    text = "Flu cases rose in Melbourne and Geelong, and health officials in Victoria warned of more."
    found = places(extractor, text)
    assert (found["Victoria"].country_code, found["Victoria"].feature) == ("AU", "admin1")


def test_a_village_also_called_so_near_the_article_does_not_take_a_citys_name(extractor):
    # Mykolaivka, near Bakhmut, is also listed as "Mykolaiv": nearness is no reason to
    # take it for the city of Mykolaiv (GeoNames: Mykolayiv), 33 times its size.
    text = ("Shelling hit Sievierodonetsk, Lysychansk and Bakhmut. In the south, the mayor of the "
            "southern city of Mykolaiv warned residents.")
    assert places(extractor, text)["Mykolaiv"].geonameid == 700569


# -- on the tiny gazetteer (tests/conftest.py): seconds, no full index -----------------


def test_tiny_proximity_picks_ternova_near_kharkiv(tiny_extractor):
    ms = tiny_extractor.extract("Troops entered Ternova, a village north of Kharkiv.")
    assert [(m.text, m.place.geonameid) for m in ms] == [("Ternova", 691637), ("Kharkiv", 706483)]


@pytest.mark.parametrize("text, gid", [
    ("Shelling hit Odessa overnight.", 698740),
    ("A storm hit Odessa, Texas.", 5527554),
    ("Police in Moscow, Idaho said.", 5601538),
    ("Paris and Dallas, Texas, braced for storms.", 4717560),
])
def test_tiny_namesakes(tiny_extractor, text, gid):
    assert tiny_extractor.extract(text)[0].place.geonameid == gid


def test_tiny_explain_prints_the_terms(tiny_extractor):
    m = tiny_extractor.extract("Troops entered Ternova, a village north of Kharkiv.", explain=True)[0]
    assert m.why[0].startswith("exact match, score 0.75 = 0.5 x match 1.00 + 0.5 x prior 0.50")
    assert any(w.startswith("article focus on UA: +") for w in m.why)


def test_distance_is_geopys():
    from geopy.distance import EARTH_RADIUS, great_circle

    from geo.distance import EARTH_RADIUS_KM, distance_km

    assert EARTH_RADIUS_KM == EARTH_RADIUS
    assert distance_km(50.45466, 30.5238, 49.83826, 24.02324) == pytest.approx(
        great_circle((50.45466, 30.5238), (49.83826, 24.02324)).km)


def test_resolution_does_not_import_the_builder():
    import subprocess
    import sys

    code = "import sys, geo.resolve, geo.extract; print('geo.build' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True).stdout.strip() == "False"


# -- shortcuts: each gives exactly what the full reading gives ---------------------


def _real_texts() -> list[str]:
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    texts = [p.read_text(encoding="utf-8") for p in sorted((root / "seeds").glob("*.txt"))]
    texts += [(root / "tests" / "data" / f).read_text(encoding="utf-8") for f in ("uk_war_news.txt", "ru_war_news.txt")]
    with (root / "tests" / "data" / "frontline.csv").open(encoding="utf-8", newline="") as f:
        import csv

        texts += [row["context"] for row in csv.DictReader(f)]
    return texts


def test_a_lone_candidate_is_chosen_as_the_full_reading_chooses_it(extractor, monkeypatch):
    from geo.resolve import Resolver

    fast, checked = Resolver._choose_only, []

    def both(self, *args):
        got = fast(self, *args)
        assert got == Resolver._choose_read(self, *args)  # the place, the confidence to the bit, every line
        checked.append(got)
        return got

    monkeypatch.setattr(Resolver, "_choose_only", both)
    for text in _real_texts():
        for explain in (False, True):
            extractor.extract(text, explain=explain)
    assert len(checked) >= 100 and any(why for _, _, why in filter(None, checked))



def test_what_the_text_says_beside_a_lone_candidate_changes_nothing(extractor, monkeypatch):
    # resolve() reads village words and raions only for names of several candidates:
    # a name of one resolves alike whatever they (or a distance phrase) say.
    import dataclasses

    from geo.offsets import Offset
    from geo.resolve import Resolver

    full, checked = Resolver._choose, []

    def both(self, name, *args):
        got = full(self, name, *args)
        if len(name.candidates) == 1:
            ref = name.candidates[0].place
            said = dataclasses.replace(name, village=True, raion="bakhmut", offsets=[(ref, Offset(0, 180, None))])
            silent = dataclasses.replace(name, village=False, raion="", offsets=[])
            assert full(self, said, *args) == full(self, silent, *args) == got
            checked.append(got)
        return got

    monkeypatch.setattr(Resolver, "_choose", both)
    for text in _real_texts():
        extractor.extract(text, explain=True)
    assert len(checked) >= 100


def test_nearness_is_skipped_only_where_it_cannot_keep_a_reading(extractor, monkeypatch):
    # _read skips nearest() for a candidate that even _NEAR_MAX would leave below the
    # second best reading: near_bonus never gives more, and the readings (so every
    # choice and --explain line) are those of the full loop.
    import math

    import geo.resolve
    from geo.scoring import near_bonus

    for km in [x / 4 for x in range(0, 1200)]:
        for local in (True, False):
            for weight in (1.0, 0.5):
                assert near_bonus(km, local, weight) < weight * geo.resolve._NEAR_MAX

    full, got = geo.resolve._read, {}

    def reads(label):
        def read(*args):
            out = full(*args)
            got.setdefault(label, []).append(out)
            return out
        return read

    texts = _real_texts()
    monkeypatch.setattr(geo.resolve, "_read", reads("fast"))
    fast = [extractor.extract(text, explain=True) for text in texts]
    monkeypatch.setattr(geo.resolve, "_NEAR_MAX", math.inf)
    monkeypatch.setattr(geo.resolve, "_read", reads("full"))
    assert [extractor.extract(text, explain=True) for text in texts] == fast
    assert got["fast"] == got["full"] and len(got["full"]) >= 100


def test_a_doubtful_name_is_taken_only_with_the_articles_support(extractor):
    # "near Lyman": a given name kept for the word before it (geo.recognize) resolves
    # when the article's other places support one of its readings, here Lyman beside
    # Kramatorsk and Sloviansk, and not alone, nor as "deaths near Franklin" in an
    # article about Santa Ana (a school there, Franklin Elementary).
    found = {m.text: m.place for m in extractor.extract(
        "Russian troops are attacking near Lyman, north of Kramatorsk and Sloviansk.")}
    assert (found["Lyman"].country_code, found["Lyman"].admin1) == ("UA", "Donetsk Oblast")
    assert "Lyman" not in {m.text for m in extractor.extract("Russian forces advanced near Lyman on Tuesday.")}
    assert "Franklin" not in {m.text for m in extractor.extract("Deaths near Franklin, in Santa Ana, California.")}
