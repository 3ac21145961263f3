"""Distance-and-direction phrases: "Sofiivka, about 24 km west of Kostiantynivka".

War reports place a village by a town everybody knows: "Andriivka, south of Bakhmut",
"Maiaky, about 15 km west of Lyman", "за 10 км на північ від Бахмута", "в 5 км
западнее Авдеевки". Such a phrase says where the name before it lies; among the name's
namesakes the resolver then favours the one that lies there (issue #10: a Sofiivka 24 km
west of Kostiantynivka, not the town of that name 44 km south-east of it).

This module reads the phrases; :mod:`geo.resolve` weighs them (:data:`geo.scoring.OFFSET_WEIGHT`).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from geo.distance import distance_km

__all__ = ["Offset", "bearing_deg", "fits", "offset_before"]

#: Compass bearings of the eight winds, by every word form the phrases use for them,
#: written without spaces and hyphens ("north-east", "північного заходу", "северо-западу").
_WINDS = {
    **dict.fromkeys(("north", "північ", "півночі", "северу", "север", "північніше", "севернее"), 0),
    **dict.fromkeys(("northeast", "північнийсхід", "північногосходу", "северовостоку", "северовосток",
                     "північносхідніше", "северовосточнее"), 45),
    **dict.fromkeys(("east", "схід", "сходу", "востоку", "восток", "східніше", "восточнее"), 90),
    **dict.fromkeys(("southeast", "південнийсхід", "південногосходу", "юговостоку", "юговосток",
                     "південносхідніше", "юговосточнее"), 135),
    **dict.fromkeys(("south", "південь", "півдня", "югу", "юг", "південніше", "южнее"), 180),
    **dict.fromkeys(("southwest", "південнийзахід", "південногозаходу", "югозападу", "югозапад",
                     "південнозахідніше", "югозападнее"), 225),
    **dict.fromkeys(("west", "захід", "заходу", "западу", "запад", "західніше", "западнее"), 270),
    **dict.fromkeys(("northwest", "північнийзахід", "північногозаходу", "северозападу", "северозапад",
                     "північнозахідніше", "северозападнее"), 315),
}

_NUMBER = r"(\d+(?:[.,]\d+)?)"
_EN_WIND = r"((?:north|south)(?:[- ]?(?:east|west))?|east|west)(?:ern)?"
_UK_WIND = (r"((?:північн|південн)(?:ий|ого)\s+(?:схід|захід|сходу|заходу)"
            r"|північ|південь|схід|захід|півночі|півдня|сходу|заходу)")
_RU_WIND = r"((?:северо|юго)-(?:востоку|западу|восток|запад)|северу|югу|востоку|западу|север|юг|восток|запад)"
#: "в 12 км севернее X", "західніше X": comparatives that say "... of" by themselves.
_COMPARATIVE_WORDS = ("північніше", "південніше", "східніше", "західніше", "північно-східніше", "північно-західніше",
                      "південно-східніше", "південно-західніше", "севернее", "южнее", "восточнее", "западнее",
                      "северо-восточнее", "северо-западнее", "юго-восточнее", "юго-западнее")
_COMPARATIVES = "|".join(sorted(_COMPARATIVE_WORDS, key=len, reverse=True))

# Each pattern ends where the reference place's name begins ($ against the span start).
_PATTERNS = [
    # "about 24 km west of", "15 kilometres north-east of", "some 10 miles south of the town of"
    # The wind in lower case: "the West of Ireland" is a region's name.
    re.compile(rf"(?:{_NUMBER}\s*(?i:(km|kilomet(?:re|er)s?|mi(?:les?)?))\s+(?:to\s+the\s+)?)?{_EN_WIND}\s+"
               r"(?:of|from)\s+(?:the\s+(?:city|town|village|settlement)\s+of\s+)?$"),
    # "за 10 км на північ від", "в 5 км на захід від", "на південний схід від"
    re.compile(rf"(?:(?:за|в|у)\s+{_NUMBER}\s*(км|кілометр\w*)\s+)?(?:на|у|в)\s+{_UK_WIND}\s+від\s+(?:міста\s+|села\s+)?$",
               re.IGNORECASE),
    # "в 5 км к западу от", "к северо-востоку от", "в 12 км севернее"
    re.compile(rf"(?:(?:в|за)\s+{_NUMBER}\s*(км|километр\w*)\s+)?(?:к|на)\s+{_RU_WIND}\s+от\s+(?:города\s+|села\s+)?$",
               re.IGNORECASE),
    re.compile(rf"(?:(?:в|за|у)\s+{_NUMBER}\s*(км|кілометр\w*|километр\w*)\s+)?({_COMPARATIVES})\s+$", re.IGNORECASE),
]
#: The word right before the reference, in every phrase: what offset_before checks first.
_LAST_WORDS = frozenset(("of", "from", "від", "от", "міста", "села", "города", *_COMPARATIVE_WORDS))
# What those words end with, in either case (tests/test_offsets.py checks it over all of
# Unicode): a name after one blank and another letter follows none of them.
_LAST_LETTERS = frozenset(w[-1] for w in _LAST_WORDS) | frozenset(w[-1].upper() for w in _LAST_WORDS)
_MILE_KM = 1.609344
# How much of the text before a reference is read: the longest phrase and then some.
_WINDOW = 64


@dataclass(frozen=True)
class Offset:
    """Where a phrase puts a place from a reference: ``km`` (``None`` if unsaid) towards ``bearing``.

    ``start`` is where the phrase begins: the name it places is the one before it.
    """

    start: int
    bearing: float
    km: float | None


def _wind(word: str) -> float | None:
    return _WINDS.get(re.sub(r"[\s-]", "", word.lower()).removesuffix("ern"))


def offset_before(text: str, start: int) -> Offset | None:
    """Return the distance-and-direction phrase that ends at ``start``, if one does.

    Parameters
    ----------
    text : str
        The article.
    start : int
        Where a place name begins: the phrase's reference.

    Returns
    -------
    Offset or None

    Examples
    --------
    >>> t = "Russian forces shelled Sofiivka, about 24 km west of Kostiantynivka."
    >>> offset_before(t, t.index("Kostiantynivka"))
    Offset(start=39, bearing=270, km=24.0)
    >>> t = "Ukrainian troops retook Andriivka, south of Bakhmut."
    >>> offset_before(t, t.index("Bakhmut"))
    Offset(start=35, bearing=180, km=None)
    >>> t = "Обстріляли Кринки, за 5 км на південний схід від Херсона."
    >>> offset_before(t, t.index("Херсона"))
    Offset(start=19, bearing=135, km=5.0)
    >>> offset_before("Talks in Paris.", 9) is None
    True
    """
    # Most names follow no such phrase: look at the word before first (this runs for
    # every name the article has), at its last letter first.
    if start >= 2 and text[start - 1] == " " and text[start - 2] not in _LAST_LETTERS \
            and not text[start - 2].isspace():
        return None
    words = text[max(0, start - 20):start].split()
    if not words or words[-1].lower() not in _LAST_WORDS:
        return None
    lo = max(0, start - _WINDOW)
    window = text[lo:start]
    patterns = _PATTERNS
    if words[-1].isascii():
        # "of", "from": only the English phrase ends so, and it names a wind in lower case
        # ("of Kyiv" is the usual case: four searches of the window spared).
        if not any(w in window for w in ("north", "south", "east", "west")):
            return None
        patterns = _PATTERNS[:1]
    for pattern in patterns:
        m = pattern.search(window)
        if m is None:
            continue
        number, unit, wind = m.groups()
        bearing = _wind(wind)
        if bearing is None:
            continue
        km = None
        if number:
            km = float(number.replace(",", "."))
            if unit.lower().startswith("mi"):
                km *= _MILE_KM
        return Offset(lo + m.start(), bearing, km)
    return None


def bearing_deg(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Return the initial compass bearing from the first point to the second, in degrees.

    Examples
    --------
    >>> round(bearing_deg(48.53, 37.71, 48.49, 37.38))  # Kostiantynivka to Sofiivka: west
    260
    """
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dl = math.radians(lon2 - lon1)
    y = math.sin(dl) * math.cos(p2)
    x = math.cos(p1) * math.sin(p2) - math.sin(p1) * math.cos(p2) * math.cos(dl)
    return math.degrees(math.atan2(y, x)) % 360


#: How far a place may lie from the stated bearing (a phrase names one of eight winds).
BEARING_TOLERANCE = 50.0
#: A stated distance is a rough one ("about 24 km", road or straight line): a place fits
#: within this share of it, or within :data:`DISTANCE_SLACK_KM`, whichever is larger.
DISTANCE_TOLERANCE = 0.5
DISTANCE_SLACK_KM = 10.0
#: A direction without a distance ("south of Bakhmut") means nearby.
UNSAID_KM = 60.0


def fits(offset: Offset, ref, place) -> float | None:
    """Return the distance in km from ``ref`` to ``place`` if it agrees with ``offset``, else ``None``.

    Examples
    --------
    >>> from geo.records import Place
    >>> bakhmut = Place(1, "Bakhmut", 48.595, 38.000, "UA", "Donetsk Oblast", "city", 70000)
    >>> andriivka = Place(2, "Andriivka", 48.501, 37.964, "UA", "Donetsk Oblast", "city", 0)
    >>> round(fits(Offset(0, 180, None), bakhmut, andriivka))
    11
    >>> fits(Offset(0, 0, None), bakhmut, andriivka) is None  # not north of it
    True
    """
    if place.geonameid == ref.geonameid:
        return None
    d = distance_km(ref.lat, ref.lon, place.lat, place.lon)
    if offset.km is None:
        if d > UNSAID_KM:
            return None
    elif abs(d - offset.km) > max(DISTANCE_SLACK_KM, DISTANCE_TOLERANCE * offset.km):
        return None
    turn = abs(bearing_deg(ref.lat, ref.lon, place.lat, place.lon) - offset.bearing) % 360
    return d if min(turn, 360 - turn) <= BEARING_TOLERANCE else None
