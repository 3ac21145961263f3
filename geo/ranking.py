"""Ranking one lookup's index rows: the terms of each candidate's score.

:class:`geo.gazetteer.Gazetteer` reads the rows a name matches; each becomes a
:class:`Found` whose score terms (:mod:`geo.scoring`) the rules here adjust before it is
made a :class:`~geo.records.Candidate`. What recognition asks of a name's ranked
candidates, whatever its context, is their :class:`Best`.
"""

from __future__ import annotations

from typing import NamedTuple

from geo.index import NameRow
from geo.names import fold
from geo.records import Candidate
from geo.scoring import (
    ADMIN_WITH_SUFFIX_PRIOR,
    COUNTRY_BIAS,
    FORMER_NAME_PENALTY,
    FORMER_NAME_RESEMBLANCE,
    OFFICIAL_TOWN_POPULATION,
    TIE_PRIOR_GAP,
    TIE_WEIGHT,
    gazetteer_score,
    match_weight,
)

#: Candidates the resolver weighs per name: enough for the namesakes of a common village
#: name (Ukraine has 30 Andriivkas), so the one near the article's places is among them
#: (20 keep every front-line village of tests/data/frontline.csv; each more costs time).
#: The extractor asks this many of every lookup, and the matcher's stored verdicts
#: (:class:`Best`) are worked out over as many.
CANDIDATES = 25

__all__ = ["Best", "Found", "break_ties", "official_names_first", "resemblance"]


class Found:
    """A candidate being ranked: the index row and the terms of its score."""

    __slots__ = ("row", "match", "prior", "ratio", "penalty", "qualifier", "weight", "tie", "bias", "score",
                 "former_of")

    def __init__(self, row: NameRow, match: str, admin: bool = False):
        self.row = row
        self.match = match
        self.prior = ADMIN_WITH_SUFFIX_PRIOR if admin and row.feature == "admin1" else row.prior
        self.ratio = 100.0
        self.penalty = 0.0
        self.qualifier = ""
        #: the match weight, set ahead for a qualified match (its head's)
        self.weight = 0.0
        self.tie = 0.0
        self.bias = 0.0
        self.score = 0.0
        #: the town whose official name the query is, when this place has it as another name
        self.former_of = ""

    def score_with(self, bias: str | None) -> None:
        """Set :attr:`score` from the terms, ``bias`` (a preferred country code) included."""
        self.weight = self.weight or match_weight(self.match, self.ratio)
        self.bias = COUNTRY_BIAS if bias and self.row.country_code == bias else 0.0
        self.score = gazetteer_score(self.weight, self.prior, self.penalty, self.tie, self.bias)

    def candidate(self, bias: str | None, explain: bool) -> Candidate:
        """Return the :class:`~geo.records.Candidate` record, its ``why`` filled when ``explain``."""
        row, match = self.row, self.match
        why = ()
        if explain:
            why = [f"{match} match on {row.matched!r}" + (f" ({self.ratio:.0f}% similar)" if match == "fuzzy" else ""),
                   f"{row.feature}, population {row.population:,}, prior {self.prior:.2f}"]
            if self.qualifier:
                why.append(f"inside {self.qualifier!r}")
            if self.penalty and self.former_of:
                why.append(f"{row.matched!r} is another name of {row.name}, and the official name of "
                           f"{self.former_of}: -{self.penalty:.2f}")
            elif self.penalty:
                why.append(f"query names a region: -{self.penalty:.2f}")
            if self.bias:
                why.append(f"in the preferred country {bias}: +{self.bias:.2f}")
            why = tuple(why)
        return Candidate(row.place(), row.matched, match, self.score, why, prior=self.prior, weight=self.weight,
                         penalty=self.penalty, tie=self.tie, bias=self.bias)


def break_ties(found: dict) -> None:
    """Favour, between near-equal non-exact candidates, the one whose own name the query resembles.

    "Sloviansk" is Slovyansk, not Nikopol, which GeoNames also calls so.
    """
    if len(found) < 2:
        return
    top = max(c.prior for c in found.values())
    close = [c for c in found.values() if c.match != "exact" and top - c.prior < TIE_PRIOR_GAP]
    if len(close) > 1:
        for c in close:
            c.tie = TIE_WEIGHT * resemblance(c.row.matched, c.row.name)


def official_names_first(found: dict) -> None:
    """Let a town's official name beat another place's other name for it.

    When a query without a preferred country is the exact name of a town of :data:`OFFICIAL_TOWN_POPULATION`+
    people, a place it reaches by an alternate name unlike the place's own name (a former
    name: Engels, Pokrovsk until 1931) loses :data:`FORMER_NAME_PENALTY` (issue #10).
    """
    towns = [c for c in found.values() if c.match == "exact" and c.row.feature == "city"
             and c.row.population >= OFFICIAL_TOWN_POPULATION]
    if not towns:
        return
    town = max(towns, key=lambda c: c.row.population)
    for c in found.values():
        if c.match == "alternate" and c.row.feature == "city" \
                and resemblance(c.row.matched, c.row.name) < FORMER_NAME_RESEMBLANCE:
            c.penalty += FORMER_NAME_PENALTY
            c.former_of = f"{town.row.name} ({town.row.country_code})"


def resemblance(a: str, b: str) -> float:
    """Return how alike two names are once folded, from 0 to 1.

    Examples
    --------
    >>> resemblance("Slovyansk", "Sloviansk") > 0.8
    True
    """
    from rapidfuzz.fuzz import ratio

    return ratio(fold(a), fold(b)) / 100.0


class Best(NamedTuple):
    """What recognition asks of the best place a name may mean, before reading its text.

    Examples
    --------
    >>> Best.of([("admin1", "US", 0.4, "exact"), ("admin1", "ZA", 0.3, "exact")])
    Best(feature='admin1', prior=0.4, generic=True, match='exact')
    >>> Best.of([]) is None
    True
    """

    #: the feature of the best candidate ("city", "admin1", ...)
    feature: str
    prior: float
    #: the name names admin-1 areas in several countries ("Western", "Central")
    generic: bool
    #: how the name matched the best candidate ("exact", "alternate", ...)
    match: str

    @classmethod
    def of(cls, ranked: list[tuple[str, str, float, str]]) -> Best | None:
        """Return the Best of a name's ranked candidates, each ``(feature, country code, prior, match)``.

        None when there are none.
        """
        if not ranked:
            return None
        feature, _, prior, match = ranked[0]
        generic = len({cc for f, cc, _, _ in ranked if f == "admin1"}) >= 2
        return cls(feature, prior, generic, match)
