"""The scoring model: every weight, prior, threshold and formula in one place.

A candidate place for a name gets a **gazetteer score** in [0, 1] from two halves:

* how the name matched it (:data:`MATCH_WEIGHTS`: its own name, another name, a
  transliteration, a misspelling scaled by similarity), and
* the place's **prior**, its importance before any context (:func:`city_prior`,
  :func:`country_prior`, :func:`admin1_prior`, :func:`admin2_prior`, :data:`PRIORS`),
  written into the index by the builder,

less a penalty when the query names a region but the place is a town, plus a small
tie-break and a bias to a preferred country (:func:`gazetteer_score`). A
:class:`~geo.records.Candidate` carries these terms, so later stages read the prior
instead of working it back out of the score.

The article then adds **context** (:mod:`geo.resolve`): a share of the article's country
focus, containment in an admin-1 area it names, nearness to its confident places
(:func:`focus_bonus`, :func:`near_bonus`); the winner's confidence grows with its margin
over the runner-up (:func:`confidence`).

Recognition (:mod:`geo.recognize`) asks the same model whether a place is a minor one
(:func:`is_minor`) and whether it is famous enough to be named by a common English word
(:func:`famous_enough`).

Examples
--------
>>> s = gazetteer_score(match_weight("alternate"), prior=0.857)
>>> round(s, 4)
0.9035
>>> is_minor("city", 0.717), is_minor("city", 0.753)
(True, False)
"""

from __future__ import annotations

import math

# -- the gazetteer score ----------------------------------------------------------

#: How much each kind of match is trusted, before the place's prior is added.
MATCH_WEIGHTS = {"exact": 1.0, "alternate": 0.95, "transliterated": 0.9, "fuzzy": 0.85}
#: Added to the score of places in the country a query is biased to.
COUNTRY_BIAS = 0.15
#: Prior of an admin-1 area when the query names it with a suffix ("Kharkiv Oblast").
ADMIN_WITH_SUFFIX_PRIOR = 0.97
#: Taken off a town when the query names a region ("Kharkiv region" is rarely the city).
REGION_QUERY_PENALTY = 0.3
#: Non-exact candidates whose priors are this close are told apart by resemblance...
TIE_PRIOR_GAP = 0.04
#: ...adding up to this much for the one whose own name the query resembles most.
TIE_WEIGHT = 0.02

#: A bare query that is a town's own (official) name: a place that query reaches only by
#: another name of its own, one unlike its name (a former name: Engels was Pokrovsk
#: until 1931), loses this much (issue #10)...
FORMER_NAME_PENALTY = 0.08
#: ...when the town has this many people or more...
OFFICIAL_TOWN_POPULATION = 10_000
#: ...and the other name resembles the place's own name less than this (0-1): "Odessa"
#: is a spelling of Odesa (0.91), not another name.
FORMER_NAME_RESEMBLANCE = 0.6

# -- priors, written into the index by the builder ----------------------------------

#: Prior (importance before context) of each kind of place, see :func:`city_prior`.
PRIORS = {"country": 1.0, "continent": 0.9, "admin1": 0.62, "admin2": 0.5, "region": 0.85, "water": 0.85,
          "island": 0.7, "facility": 0.7}
#: Prior of a settlement of unknown population (the Ukrainian village tier, supplement
#: villages; issue #10): below a town of 500 people (0.39), so a bare name goes to the
#: town and the village wins only with the article's support (near its places, inside
#: its area, a qualifier).
VILLAGE_PRIOR = 0.2
#: Highest prior of an admin-1 area.
ADMIN1_MAX_PRIOR = 0.9
#: Highest prior of an admin-2 area, below the most populous admin-1 areas' 0.9.
ADMIN2_MAX_PRIOR = 0.87

# -- thresholds read by recognition and resolution ----------------------------------

#: Prior from which a place is no minor one: a minor place's name after a given name or
#: a title is a person's, a common word naming one at a sentence start is the word.
MAJOR_PRIOR = 0.75
#: Features that are never minor places, whatever their prior.
NEVER_MINOR = ("country", "water", "region")
#: A common word (Zipf) names a place when the place's prior reaches
#: ``FAMOUS_PRIOR + FAMOUS_PER_ZIPF * (zipf - FAMOUS_ZIPF)``: the more common the word,
#: the more important the place must be ("Atlanta", "Paris", but no "Mobile").
FAMOUS_PRIOR = 0.62
FAMOUS_PER_ZIPF = 0.1
FAMOUS_ZIPF = 4.0

# -- context added by resolution -----------------------------------------------------

# FOCUS_WEIGHT times a candidate's country's share of the article's country focus;
# CONTAINED_WEIGHT inside an admin-1 area the article names (half inside the area of one
# of its towns); up to NEAR_WEIGHT within NEAR_KM of a confident place of the article,
# falling with distance, and LOCAL_WEIGHT more within LOCAL_KM for a place the name is the
# official name of. Containment and nearness count half (ALTERNATE_EVIDENCE) for
# alternate-name matches, and those get no LOCAL_WEIGHT.
FOCUS_WEIGHT = 0.12
CONTAINED_WEIGHT = 0.15
NEAR_KM = 250.0
NEAR_WEIGHT = 0.08
LOCAL_KM = 60.0
LOCAL_WEIGHT = 0.12
#: A place the name officially names within ADJACENT_KM of a confident place gets
#: ADJACENT_WEIGHT more: the village 9 km from the town an article names, not its
#: namesake town 90 km off in the same oblast (issue #10).
ADJACENT_KM = 25.0
ADJACENT_WEIGHT = 0.06
#: A settlement of fewer than VILLAGE_MAX_POPULATION people (a selo, not a town) gets VILLAGE_WORD_WEIGHT
#: when the text calls the name a village ("the village of Pavlohrad" is not the city of
#: 100,000; issue #10).
VILLAGE_WORD_WEIGHT = 0.1
#: A candidate lying where the text's distance-and-direction phrase puts it ("Sofiivka,
#: about 24 km west of Kostiantynivka"; geo.offsets) gets OFFSET_WEIGHT: the text says
#: so outright, as much as naming the area that holds it.
OFFSET_WEIGHT = CONTAINED_WEIGHT
#: Ids from here up are settlements geo derives itself (the supplement 900,000,000+, the
#: Ukrainian village tier 960,000,000+, postal imports 980,000,000+): their other names
#: are spellings of their own name (Rabotino, Kleshcheyevka), so nearby places count in
#: full for them, as for an exact match.
DERIVED_ID_MIN = 900_000_000
VILLAGE_MAX_POPULATION = 5_000
ALTERNATE_EVIDENCE = 0.5
#: Two candidates within this of each other's gazetteer score are equally good readings.
QUALIFIER_MARGIN = 0.15
#: A winning margin this large (or a score of :data:`SURE_SCORE`) makes a name confident.
SURE_MARGIN = 0.05
SURE_SCORE = 0.9


def match_weight(match: str, ratio: float = 100.0) -> float:
    """Return the weight of a match kind; a fuzzy match's scaled by its similarity (0-100).

    Examples
    --------
    >>> match_weight("exact"), match_weight("fuzzy", 90.0)
    (1.0, 0.765)
    """
    w = MATCH_WEIGHTS[match]
    return w * ratio / 100.0 if match == "fuzzy" else w


def gazetteer_score(weight: float, prior: float, penalty: float = 0.0, tie: float = 0.0, bias: float = 0.0) -> float:
    """Return a candidate's gazetteer score: half match, half prior, adjusted, in [0, 1].

    Examples
    --------
    >>> gazetteer_score(1.0, 0.9), gazetteer_score(1.0, 0.9, bias=COUNTRY_BIAS)
    (0.95, 1.0)
    """
    return max(0.0, min(1.0, 0.5 * weight + 0.5 * prior - penalty + tie + bias))


def city_prior(population: int, capital: bool = False) -> float:
    """Return the prior of a populated place: log-scaled population, capitals raised.

    Examples
    --------
    >>> round(city_prior(1_000_000), 3), round(city_prior(1_000), 3)
    (0.857, 0.429)
    >>> city_prior(2_952_301, capital=True) > city_prior(2_952_301)
    True
    """
    p = min(0.95, math.log10(max(population, 0) + 10) / 7)
    return min(1.0, p + 0.1) if capital else p


def country_prior(population: int) -> float:
    """Return the prior of a country: high, but a territory of 2,000 people is no Ukraine.

    Examples
    --------
    >>> country_prior(41_000_000), round(country_prior(1_800), 2)
    (1.0, 0.7)
    """
    return min(1.0, max(0.7, city_prior(population) + 0.15))


def admin1_prior(population: int, named_like_a_town_inside: bool) -> float:
    """Return the prior of an admin-1 area.

    Low (:data:`PRIORS` ``["admin1"]``) when a town of 10,000+ people inside it bears the
    same bare name, since news then means the town ("Kharkiv", "Donetsk", "New York");
    otherwise as high as its population warrants, up to 0.9 ("Virginia", "Ontario").

    Examples
    --------
    >>> admin1_prior(8_000_000, True), admin1_prior(8_000_000, False)
    (0.62, 0.9)
    """
    return _area_prior("admin1", population, named_like_a_town_inside, ADMIN1_MAX_PRIOR)


def admin2_prior(population: int, named_like_a_town_inside: bool) -> float:
    """Return the prior of an admin-2 area (a county, département, province, raion).

    The rule of :func:`admin1_prior` one level down: low (:data:`PRIORS` ``["admin2"]``)
    when a town inside it bears one of its bare names, since news then means the town
    ("Liverpool", "Doncaster", "County Cork"); otherwise that of a town of half its
    population (its people live in its towns, which news names first), up to
    :data:`ADMIN2_MAX_PRIOR`: Surrey (1.3 M people) ranks just above Surrey, British
    Columbia (0.57 M), a district of 200,000 people like a town of 100,000.

    Examples
    --------
    >>> admin2_prior(1_300_000, True), round(admin2_prior(1_300_000, False), 3)
    (0.5, 0.83)
    >>> round(admin2_prior(200_000, False), 3)
    0.714
    """
    return _area_prior("admin2", population // 2, named_like_a_town_inside, ADMIN2_MAX_PRIOR)


def _area_prior(feature: str, population: int, named_like_a_town_inside: bool, cap: float) -> float:
    if named_like_a_town_inside:
        return PRIORS[feature]
    return max(PRIORS[feature], min(cap, city_prior(population)))


def is_minor(feature: str, prior: float) -> bool:
    """Return whether a place is minor: no country, sea or region, and a prior under :data:`MAJOR_PRIOR`.

    Examples
    --------
    >>> is_minor("city", 0.7), is_minor("water", 0.5), is_minor("city", 0.8)
    (True, False, False)
    """
    return feature not in NEVER_MINOR and prior < MAJOR_PRIOR


def famous_enough(prior: float, zipf: float) -> bool:
    """Return whether a place is important enough to be named by a word this common (wordfreq Zipf).

    Examples
    --------
    >>> famous_enough(0.9, 5.0), famous_enough(0.6, 5.0)
    (True, False)
    """
    return prior >= FAMOUS_PRIOR + FAMOUS_PER_ZIPF * (zipf - FAMOUS_ZIPF)


def focus_bonus(share: float) -> float:
    """Return what a country's share (0-1) of the article's focus adds to a candidate."""
    return FOCUS_WEIGHT * share


def evidence_weight(match: str) -> float:
    """Return how much town evidence counts for a match: fully for the place's own name.

    Examples
    --------
    >>> evidence_weight("exact"), evidence_weight("alternate")
    (1.0, 0.5)
    """
    return 1.0 if match == "exact" else ALTERNATE_EVIDENCE


#: The most :func:`near_bonus` gives at evidence weight 1 (0 km from a confident place,
#: local): what resolution compares a reading against to know nearness cannot lift it.
NEAR_BONUS_MAX = NEAR_WEIGHT + LOCAL_WEIGHT + ADJACENT_WEIGHT


def near_bonus(km: float, local: bool, weight: float) -> float:
    """Return what being ``km`` from a confident place adds (0 beyond :data:`NEAR_KM`).

    ``local`` grants :data:`LOCAL_WEIGHT` within :data:`LOCAL_KM`; ``weight`` is
    :func:`evidence_weight` of the match.

    Examples
    --------
    >>> round(near_bonus(0.0, True, 1.0), 2), round(near_bonus(40.0, True, 1.0), 2), near_bonus(300.0, True, 1.0)
    (0.26, 0.19, 0.0)
    """
    if km > NEAR_KM:
        return 0.0
    bonus = NEAR_WEIGHT * (1 - km / NEAR_KM) ** 0.5
    if local and km <= LOCAL_KM:
        bonus += LOCAL_WEIGHT + (ADJACENT_WEIGHT if km <= ADJACENT_KM else 0.0)
    return bonus * weight


def confidence(score: float, margin: float) -> float:
    """Return a mention's confidence: its score, raised by its margin over the runner-up.

    Examples
    --------
    >>> confidence(0.9, 0.3), round(confidence(0.9, 0.0), 3)
    (0.9, 0.675)
    """
    return max(0.0, min(1.0, score * (0.75 + min(margin, 0.25))))
