"""Distance-and-direction phrases (geo.offsets), read from real report wording."""

from __future__ import annotations

import pytest

from geo.offsets import Offset, bearing_deg, fits, offset_before
from geo.records import Place


@pytest.mark.parametrize("text, ref, bearing, km", [
    ("Russian forces shelled Maiaky, about 15 km west of Lyman, overnight.", "Lyman", 270, 15.0),
    ("Terny, some 16 kilometres north-east of Lyman, was hit.", "Lyman", 45, 16.0),
    ("Klishchiivka lies 6 miles southwest of the town of Bakhmut.", "Bakhmut", 225, 6 * 1.609344),
    ("Ukrainian troops retook Andriivka, south of Bakhmut.", "Bakhmut", 180, None),
    ("fighting in Hlyboke, north of Kharkiv", "Kharkiv", 0, None),
    ("Окупанти обстріляли Кринки, за 5 км на південний схід від Херсона.", "Херсона", 135, 5.0),
    ("Бої тривають в Андріївці на південь від Бахмута.", "Бахмута", 180, None),
    ("Бои идут у Работино, в 10 км к югу от Орехова.", "Орехова", 180, 10.0),
    ("ВСУ обстреляли Майорск севернее Горловки.", "Горловки", 0, None),
    ("в 12 км северо-западнее Донецка", "Донецка", 315, 12.0),
])
def test_a_phrase_says_how_far_and_which_way(text, ref, bearing, km):
    off = offset_before(text, text.index(ref))
    assert off is not None
    assert off.bearing == bearing
    assert off.km == pytest.approx(km) if km is not None else off.km is None


@pytest.mark.parametrize("text, ref", [
    ("Talks were held in Paris and Kyiv.", "Kyiv"),
    ("He was born north of here, in Lviv.", "Lviv"),   # the phrase does not end at the name
    ("The eastern front near Bakhmut.", "Bakhmut"),
    ("The West of Ireland.", "Ireland"),              # a region's name, no "of" after a wind
])
def test_no_phrase_no_offset(text, ref):
    assert offset_before(text, text.index(ref)) is None


# Kostiantynivka and the two Sofiivkas of GeoNames (cities500): the village 24 km west of
# the town and the town of 11,000 near Horlivka, 44 km south-east of it.
KOSTIANTYNIVKA = Place(705104, "Kostyantynivka", 48.52728, 37.70594, "UA", "Donetsk Oblast", "city", 67350)
SOFIIVKA_WEST = Place(713181, "Sofiyivka", 48.4920, 37.3792, "UA", "Donetsk Oblast", "city", 0)
SOFIIVKA_SE = Place(706756, "Sofiyivka", 48.2638, 38.15928, "UA", "Donetsk Oblast", "city", 11458)


def test_a_place_fits_the_phrase_that_describes_it():
    west = Offset(0, 270, 24.0)
    assert fits(west, KOSTIANTYNIVKA, SOFIIVKA_WEST) == pytest.approx(24.3, abs=0.5)
    assert fits(west, KOSTIANTYNIVKA, SOFIIVKA_SE) is None         # wrong way and too far
    assert fits(Offset(0, 135, 24.0), KOSTIANTYNIVKA, SOFIIVKA_SE) is None  # right way, too far
    assert fits(Offset(0, 135, 40.0), KOSTIANTYNIVKA, SOFIIVKA_SE) is not None
    assert fits(west, KOSTIANTYNIVKA, KOSTIANTYNIVKA) is None       # a place is not beside itself


def test_bearings_follow_the_compass():
    assert round(bearing_deg(50.0, 30.0, 51.0, 30.0)) == 0
    assert round(bearing_deg(50.0, 30.0, 50.0, 31.0)) == 90
    assert round(bearing_deg(50.0, 30.0, 49.0, 30.0)) == 180
    assert round(bearing_deg(50.0, 30.0, 50.0, 29.0)) == 270


def test_last_letters_are_every_case_of_the_phrases_last_letters():
    # offset_before turns a name down by the last letter of the word before it: every
    # character that lower-cases to a phrase word's last letter must be in the set.
    from geo.offsets import _LAST_LETTERS, _LAST_WORDS

    finals = {w[-1] for w in _LAST_WORDS}
    assert _LAST_LETTERS == {ch for ch in map(chr, range(0x110000)) if ch.lower()[-1:] in finals}
