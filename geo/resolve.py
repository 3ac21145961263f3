"""Choose the one place each recognised name means, using the whole article.

Each distinct name gets its gazetteer candidates (prior: how the name matched and the
place's importance). Then the article speaks:

* **qualifiers**: "Zatoka, Odesa region", "Ramstein, Germany" keep only candidates
  inside the area named right after the comma;
* **country focus**: countries the article names, and those of its unambiguous places,
  favour candidates in them;
* **containment**: a candidate inside an admin-1 area the article names is favoured
  (Athens in an article about Georgia is Athens, Georgia);
* **proximity**: a candidate near a confident place of the article is favoured, the
  more the nearer (Ternova near Kharkiv, not another Ternova);
* **distance and direction**: "Sofiivka, about 24 km west of Kostiantynivka" favours
  the Sofiivka lying there (:mod:`geo.offsets`);
* **one sense per name**: every mention of a name in an article resolves alike;
* **admin-2 areas need support**: a county or district ("Kent", "Cornwall") is taken
  only when the article's other names are in its country (or a neighbour) or near it;
  otherwise another reading of the name, if the article supports that one.

Misspelt names ("Popansa", "Rouska Lozova") that the matcher cannot see are recovered
last, near the article's confident places only (:mod:`geo.recover`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from operator import attrgetter, itemgetter

from geo.countries import country_neighbours
from geo.distance import distance_km
from geo.evidence import offset_pairs, qualifier_pairs, raion_after, raions_named, village_named
from geo.nearness import Near, near_points, nearest
from geo.offsets import fits
from geo.recognize import Span
from geo.records import Mention, Place
from geo.recover import recover_misspellings
from geo.scoring import (
    CONTAINED_WEIGHT,
    DERIVED_ID_MIN,
    FOCUS_WEIGHT,
    MAJOR_PRIOR,
    NEAR_BONUS_MAX,
    NEAR_KM,
    OFFSET_WEIGHT,
    QUALIFIER_MARGIN,
    SURE_MARGIN,
    SURE_SCORE,
    VILLAGE_MAX_POPULATION,
    VILLAGE_WORD_WEIGHT,
    confidence,
    evidence_weight,
    focus_bonus,
    near_bonus,
)

# The context weights (focus, containment, nearness) are in geo.scoring, with why. A
# country's or big region's own name gets none of them ("Mexico" stays the country),
# and a name is never evidence for itself.

#: A place smaller than this, in a country the article otherwise never touches (nor
#: its neighbours) and far from all its places, is taken for a false hit ("Iskander").
SUPPORT_POPULATION = 100_000
_AREA_FEATURES = ("country", "admin1")
_ADMIN_WORDS = ("region", "oblast", "province", "governorate", "krai", "raion")
_WIND_NAMES = ("north", "north-east", "east", "south-east", "south", "south-west", "west", "north-west")


@dataclass(slots=True)
class _Name:
    """All mentions of one name in one article, and what we know of it."""

    key: str
    query: str
    spans: list
    candidates: list
    admin: bool = False
    #: the country or admin-1 area named after a comma ("Zatoka, Odesa region")
    qualifier: Place | None = None
    #: what this name itself added to the article's country focus
    own_focus: int = 0
    #: the text calls it a village ("the village of Andriivka", "село Кринки")
    village: bool = False
    #: the raion the text places it in ("Andriivka, Bakhmut raion"), as geo.villages.raion_key
    raion: str = ""
    #: :func:`_facts` of ``candidates``
    facts: tuple = ()
    #: where the text puts it from another place ("24 km west of Kostiantynivka"):
    #: ``(reference place, geo.offsets.Offset)`` pairs
    offsets: list = field(default_factory=list)
    #: every mention of it is doubtful (:attr:`geo.recognize.Span.doubtful`): taken only
    #: with support from the article's other places, and no evidence for them
    doubtful: bool = False


class _Reading:
    """One candidate of a name, scored in its article: the terms of its score."""

    # A plain slotted class: one is made for every candidate in the running.
    __slots__ = ("cand", "score", "focus", "inside", "holds", "near", "near_km", "near_to", "village", "raion",
                 "offset", "offset_km", "offset_from")

    def __init__(self, cand, score: float, focus: float = 0.0, inside: float = 0.0, holds: bool = False,
                 near: float = 0.0, near_km: float = 0.0, near_to: Place | None = None, village: float = 0.0,
                 raion: float = 0.0, offset: float = 0.0, offset_km: float = 0.0, offset_from: tuple | None = None):
        self.cand = cand
        self.score = score
        self.focus = focus
        #: containment: inside an admin-1 area where the article is
        self.inside = inside
        #: the candidate is an admin-1 area holding the article's places
        self.holds = holds
        #: nearness to ``near_to``, ``near_km`` away
        self.near = near
        self.near_km = near_km
        self.near_to = near_to
        #: a settlement the text calls a village (see VILLAGE_WORD_WEIGHT)
        self.village = village
        #: a village inside the raion the text names beside it
        self.raion = raion
        #: lies where a distance-and-direction phrase puts it: ``offset_km`` from
        #: ``offset_from`` = (reference place, geo.offsets.Offset)
        self.offset = offset
        self.offset_km = offset_km
        self.offset_from = offset_from


# A reading's terms for what the text says beside its name, when it says nothing.
_NO_EXTRA = (0.0, 0.0, 0.0, 0.0, None)
# geo.scoring.NEAR_BONUS_MAX and a little more, for the rounding of the sums it is
# compared in.
_NEAR_MAX = NEAR_BONUS_MAX + 1e-9


def _reading(r: tuple) -> _Reading:
    """Return the :class:`_Reading` of a reading tuple of :func:`_read`."""
    *terms, extra = r
    return _Reading(*terms, *extra)


def _explain(name: _Name, best: _Reading, runner_up: _Reading | None, margin: float) -> tuple[str, ...]:
    """Return the ``--explain`` lines of a chosen reading: every term of its score."""
    c = best.cand
    why = [f"{c.match} match, {c.terms()}"]
    if best.focus:
        why.append(f"article focus on {c.place.country_code}: +{best.focus:.2f}")
    if best.inside:
        where = f"the article's places are in {c.place.admin1}" if best.holds else \
            f"inside {c.place.admin1}, where the article is"
        why.append(f"{where}: +{best.inside:.2f}")
    if best.near:
        why.append(f"{best.near_km:.0f} km from {best.near_to.name}: +{best.near:.2f}")
    if best.village:
        why.append(f"the text calls it a village: +{best.village:.2f}")
    if best.raion:
        why.append(f"inside the raion named beside it: +{best.raion:.2f}")
    if best.offset:
        ref, off = best.offset_from
        said = f"{off.km:.0f} km " if off.km is not None else ""
        why.append(f"{said}{_WIND_NAMES[int(off.bearing) // 45]} of {ref.name} as the text says "
                   f"(lies {best.offset_km:.0f} km off): +{best.offset:.2f}")
    if name.qualifier:
        why.append(f"inside {name.qualifier.name} (named after a comma)")
    if runner_up is not None:
        r = runner_up.cand.place
        why.append(f"won by {margin:.2f} over {r.name} ({r.country_code}, {r.feature})")
    return tuple(why)


def _distance_km(a, b) -> float:
    """Great-circle distance in km between two places (:func:`geo.distance.distance_km`)."""
    return distance_km(a.lat, a.lon, b.lat, b.lon)


def _inside(place, area) -> bool:
    """Return whether ``place`` is in the country or admin-1 ``area``."""
    return place.country_code == area.country_code and (area.feature == "country" or place.admin1 == area.admin1)


def _facts(cands: list) -> tuple[list[tuple], bool, bool, bool]:
    """Return what scoring each candidate in an article needs that no article changes.

    Per candidate a tuple ``(candidate, gazetteer score, country, (country, admin-1), may
    take town evidence, is an admin-1 area, is an admin-2 area, is a village-sized
    settlement, evidence weight, near evidence counts in full, latitude and longitude in
    radians, cos(latitude))``; whether the list holds a country's or big region's own
    name (then no town evidence moves it, see :meth:`Resolver._choose`); whether its
    first candidate is sure, and sure of its country, in any article (see
    :meth:`Resolver._context`).
    """
    out = []
    for c in cands:
        p = c.place
        feature = p.feature
        city = feature == "city"
        # A derived settlement's (village tier, supplement) other names are its Ukrainian,
        # Latin and Russian spellings, never another place's name: town evidence counts in full.
        own_spelling = p.geonameid >= DERIVED_ID_MIN and city
        lat = math.radians(p.lat)
        cc = p.country_code
        out.append((c, c.score, cc, (cc, p.admin1), feature not in ("country", "admin1", "water"),
                    feature == "admin1", feature == "admin2", city and p.population < VILLAGE_MAX_POPULATION,
                    1.0 if own_spelling else evidence_weight(c.match), c.match == "exact" or own_spelling,
                    lat, math.radians(p.lon), math.cos(lat)))
    area_named = any((c.place.feature == "country" or c.place.feature == "admin1" and c.match == "exact")
                     and c.score >= SURE_SCORE for c in cands)
    if not cands:
        return out, area_named, False, False
    top = cands[0]
    cc = top.place.country_code
    margin = top.score - cands[1].score if len(cands) > 1 else 1.0
    rival = max((c.score for c in cands if c.place.country_code != cc), default=0.0)
    sure = margin >= SURE_MARGIN or top.score >= SURE_SCORE
    return out, area_named, sure, top.score - rival >= SURE_MARGIN or top.score >= SURE_SCORE


def _focus_term(count: int, own: int, total: int) -> float:
    """Return the country focus term of a candidate whose country the article's sure names name ``count`` times.

    ``own`` of those are the name's own (a name is no evidence for itself); ``total`` is
    the article's focus without the name's. The one formula :func:`_read` and
    :meth:`Resolver._choose_only` both score with.
    """
    share = (count - own) / total
    return focus_bonus(share) if share else 0.0


def _read(name: _Name, facts: list[tuple], area_named: bool, own_cc, total: int, near: Near, focus: dict,
          inside_of: dict) -> list[tuple]:
    """Score the candidates of a name in this article: gazetteer score plus context.

    One loop over the candidates' :func:`_facts`: it runs for every candidate of every
    name of every article. Only the best two readings decide (:meth:`Resolver._choose`),
    so a candidate scoring below the second best reading before it is not kept (admin-2
    areas, which may still be turned down, never count among those two). Each reading
    is a tuple of :class:`_Reading`'s fields (the last five in one: what the text says
    beside the name), made one only for ``--explain`` (:func:`_reading`).
    ``inside_of`` is :func:`_inside_weights` of the article.
    """
    several = len(facts) > 1
    # An explicit "X region" is no town, and a name is no evidence for itself.
    town_evidence = several and not name.admin and not area_named
    # An admin-1 area holding towns the article names is where the article is too
    # ("Victoria" beside Melbourne is the Australian state).
    may_hold = several and not name.admin
    village = name.village and several
    raion = name.raion if several else ""
    offsets = name.offsets if several else ()
    key = name.key
    own_focus = name.own_focus
    focus_get = focus.get
    inside_get = inside_of.get
    points, lat_lo, lat_hi, lon_lo, lon_hi = near
    near_any = bool(points)
    said = village or raion or offsets
    # The two best scores so far among readings that cannot be turned down.
    first = second = -1.0
    out = []
    focus_of: dict = {}  # country -> its focus term for this name: most candidates share a few
    for c, score, cc, area_key, takes_towns, is_admin1, is_admin2, village_sized, weight, full_near, \
            lat, lon, cos_lat in facts:
        ins = close = km = 0.0
        to = None
        extra = _NO_EXTRA
        f = focus_of.get(cc)
        if f is None:
            f = focus_of[cc] = _focus_term(focus_get(cc, 0), own_focus if cc == own_cc else 0, total)
        if f:
            score += f
        local = town_evidence and takes_towns
        holds = may_hold and is_admin1
        if local or holds:
            area = inside_get(area_key)
            if area is not None:
                ins = weight * (area[0] if area[1] != key else area[2])
            score += ins
        if said:  # what the text says beside the name: rare
            vil = rai = placed = placed_km = 0.0
            placed_from = None
            if village and village_sized:
                vil = VILLAGE_WORD_WEIGHT
                score += vil
            if raion and c.place.feature == "city":
                from geo.villages import village_raions

                if village_raions().get(c.place.geonameid) == raion:
                    rai = CONTAINED_WEIGHT
                    score += rai
            if offsets and takes_towns:
                for ref, off in offsets:
                    d = fits(off, ref, c.place)
                    if d is not None:
                        placed, placed_km, placed_from = OFFSET_WEIGHT, d, (ref, off)
                        score += placed
                        break
            extra = (vil, rai, placed, placed_km, placed_from)
        # Nearness: only anchors within NEAR_KM count, and a point outside the box
        # around them (near_points) is near none of them: no trigonometry for it; nor
        # for a reading that even at the most nearness gives stays below the second best
        # (so nearness stays the last term added: a term after it would void that test).
        if local and near_any and lat_lo <= lat <= lat_hi and lon_lo <= lon <= lon_hi \
                and score + weight * _NEAR_MAX >= second:
            d, a = nearest(lat, lon, cos_lat, points, key)
            if d is not None and d <= NEAR_KM:
                close = near_bonus(d, a.feature != "admin1" and full_near, weight)
                km, to = d, a
                score += close
        if score < second:
            continue
        out.append((c, score, f, ins, holds, close, km, to, extra))
        if not is_admin2:
            first, second = (score, first) if score > first else (first, score)
    return out


def _supported(reading: tuple) -> bool:
    """Return whether the article supports a reading beyond its country focus.

    That is containment, nearness, or what the text says beside the name: a doubtful
    name (:attr:`geo.recognize.Span.doubtful`) needs one of them.
    """
    _, _, _, inside, _, close, _, _, extra = reading
    return inside > 0 or close > 0 or any(extra[:3])


def _inside_weights(areas: dict) -> dict:
    """Return, per admin-1 area of the article, ``(best weight, its name, best weight of the other names)``.

    What :func:`_read` needs to weigh containment without the name itself, looked up
    once per candidate rather than a loop over the area's names.
    """
    out = {}
    for area, by_name in areas.items():
        if len(by_name) == 1:  # the usual case: one name puts the article there
            (key, w), = by_name.items()
            out[area] = (w, key, 0.0)
            continue
        ranked = sorted(by_name.items(), key=lambda kv: -kv[1])
        out[area] = (ranked[0][1], ranked[0][0], ranked[1][1])
    return out


class Resolver:
    """Resolve recognised spans of an article to places.

    Parameters
    ----------
    gazetteer : geo.gazetteer.Gazetteer
    candidates : callable
        ``candidates(query) -> list[Candidate]``, usually a cached gazetteer lookup.
    """

    def __init__(self, gazetteer, candidates, prefetch=None):
        self.gz = gazetteer
        self._candidates = candidates
        self._prefetch = prefetch
        # Per candidate list, what scoring its candidates needs that no article changes
        # (see _facts), keyed by the list's id.
        self._facts_of: dict[int, tuple] = {}

    def resolve(self, text: str, spans: list[Span], explain: bool = False, recover=None,
                exclude=()) -> list[Mention]:
        """Return one :class:`Mention` per span that resolves, in text order.

        ``recover(word) -> bool``, when given, says which unknown capitalised words may
        be misspelt place names; ``exclude`` lists ``(start, end)`` spans never to use.
        """
        queries: dict[tuple[str, bool], str] = {}
        spans_of: dict[tuple[str, bool], list] = {}  # each name's spans, in text order
        for sp in spans:
            k = (sp.key, sp.admin)
            same = spans_of.get(k)
            if same is None:
                spans_of[k] = [sp]
                # A Cyrillic name found through its nominative form is looked up by its key.
                surface = sp.key if sp.lemma else text[sp.start : sp.end]
                queries[k] = surface if not sp.admin or surface.lower().endswith(_ADMIN_WORDS) else f"{surface} region"
            else:
                same.append(sp)
        if self._prefetch is not None:
            self._prefetch(queries.values())  # the article's distinct names in one batch
        raions = raions_named(text)
        names: dict[tuple[str, bool], _Name] = {}
        for k, same in spans_of.items():
            cands = self._candidates(queries[k])
            name = names[k] = _Name(k[0], queries[k], same, cands, admin=k[1], facts=self._facts(cands),
                                    doubtful=all(sp.doubtful for sp in same))
            # What the text says beside a name weighs between its candidates only (_read
            # reads it for a name of several): a name of one is spared the looking.
            if len(cands) > 1:
                name.village = village_named(text, same)
                if raions:
                    name.raion = raion_after(text, same)
        self._qualifiers(text, spans, names)
        self._offsets(text, spans, names)
        anchors, focus, areas, support = self._context(names.values())
        points = near_points(anchors)
        inside_of = _inside_weights(areas)
        focus_sum = sum(focus.values())
        mentions = []
        for name in names.values():
            best = self._choose(name, anchors, points, focus, focus_sum, inside_of, explain, support)
            if best is None:
                continue
            cand, score, why = best
            place, match, score = cand.place, cand.match, round(score, 4)
            for sp in name.spans:
                # --explain says which nominative an inflected Cyrillic name was read as.
                said = (f"read as the nominative {sp.lemma!r}",) + why if explain and sp.lemma else why
                mentions.append(Mention(sp.start, sp.end, text[sp.start : sp.end], place, score, match, said,
                                        sp.lemma))
        if recover is not None:
            mentions += recover_misspellings(self.gz, text, mentions, [a for a, _ in anchors], recover, exclude)
        mentions.sort(key=attrgetter("start"))
        return mentions

    # -- evidence ----------------------------------------------------------------

    def _qualifiers(self, text, spans, names) -> None:
        """Read "A, B" as A in B when B names a country or admin-1 area.

        A country is never qualified so: "China, Japan" is a list. When B's first reading
        holds no place called A but another area reading of B, nearly as likely, does,
        B is that area: "Atlanta, Georgia" is the US state, not the country.
        """
        for a, b in qualifier_pairs(text, spans):
            na, nb = names[(a.key, a.admin)], names[(b.key, b.admin)]
            bc = nb.candidates
            if not bc or bc[0].place.feature not in _AREA_FEATURES:
                continue
            if na.candidates and na.candidates[0].place.feature == "country":
                continue
            areas = [c for c in bc if c.place.feature in _AREA_FEATURES and bc[0].score - c.score <= QUALIFIER_MARGIN]
            holding = next((c for c in areas if any(_inside(x.place, c.place) for x in na.candidates)), None)
            if holding is not None and holding is not bc[0]:
                nb.candidates = [holding]
                nb.facts = _facts(nb.candidates)
            na.qualifier = (holding or bc[0]).place

    @staticmethod
    def _offsets(text, spans, names) -> None:
        """Read "A, about 24 km west of B": A lies there from B's first reading."""
        for a, b, off in offset_pairs(text, spans):
            ref = names[(b.key, b.admin)].candidates
            if ref and a.key != b.key:
                names[(a.key, a.admin)].offsets.append((ref[0].place, off))

    def _context(self, names) -> tuple[list, dict, dict, dict]:
        # Country -> how often the article's sure names are there (dicts, not Counters:
        # one pair per article, and a Counter costs several times a dict to make).
        focus: dict = {}
        # The countries the article is in by other names than admin-2 areas', counting
        # names sure of their country if not of their place ("Torrington": Connecticut's
        # or West Torrington): what an admin-2 area needs (see _unsupported_area).
        support: dict = {}
        anchors = []
        for name in names:
            cands = name.candidates
            if not cands or name.doubtful:
                continue
            place = cands[0].place
            n = len(name.spans)
            cc = place.country_code
            feature = place.feature
            if feature == "country":
                focus[cc] = focus.get(cc, 0) + 2 * n
                support[cc] = support.get(cc, 0) + 2 * n
                continue
            _, _, sure, sure_of_country = name.facts
            if feature != "admin2" and (sure_of_country or name.qualifier):
                support[cc] = support.get(cc, 0) + n
            if sure or name.qualifier:
                focus[cc] = focus.get(cc, 0) + n
                name.own_focus = n
                if feature != "region" or cc:
                    anchors.append((place, n, name.key))
        anchors.sort(key=itemgetter(1), reverse=True)  # stable: ties keep their order
        # Admin-1 areas the article is in: named ones fully, those of its towns by half;
        # with the names that put it there, since a name is no evidence for itself.
        areas: dict = {}
        for p, _, key in anchors:
            if p.admin1:
                w = CONTAINED_WEIGHT if p.feature == "admin1" else CONTAINED_WEIGHT / 2
                area = areas.setdefault((p.country_code, p.admin1), {})
                area[key] = max(w, area.get(key, 0.0))
        return [(p, key) for p, _, key in anchors[:12]], focus, areas, support

    def _choose(self, name: _Name, anchors, points: Near, focus: dict, focus_sum: int, inside_of: dict,
                explain: bool, support: dict):
        """Return ``(candidate, confidence, --explain lines)`` of the reading ``name`` takes, or None."""
        cands = name.candidates
        if not cands:
            return None
        # A name is no evidence for itself: its own share of the focus does not count.
        own_cc = cands[0].place.country_code if name.own_focus else None
        total = (focus_sum - name.own_focus) or 1
        if len(cands) == 1 and not name.qualifier:
            if name.doubtful:
                return None  # the article's places weigh between candidates only: none supports a lone one
            return self._choose_only(name, own_cc, total, anchors, points, focus, focus_sum, inside_of, explain,
                                     support)
        return self._choose_read(name, own_cc, total, anchors, points, focus, focus_sum, inside_of, explain, support)

    def _choose_read(self, name: _Name, own_cc, total: int, anchors, points: Near, focus: dict, focus_sum: int,
                     inside_of: dict, explain: bool, support: dict):
        """:meth:`_choose` by reading every candidate in the article (:func:`_read`)."""
        cands = name.candidates
        if name.qualifier:
            inside = [c for c in cands if _inside(c.place, name.qualifier)]
            if inside:
                cands = inside
        qualified = bool(name.qualifier) and cands is not name.candidates
        facts, area_named, _, _ = _facts(cands) if qualified else name.facts
        scored = _read(name, facts, area_named, own_cc, total, points, focus, inside_of)
        scored.sort(key=lambda r: (-r[1], -r[0].place.population))
        if not qualified:
            # An admin-2 area needs support beyond other admin-2 names: "Cornwall" and
            # "Kent" among Connecticut towns are no English counties. The name was
            # recognised as that area, though; read as a minor place instead it is as
            # doubtful as a given name ("Mason, Devon and the driver") unless the place
            # lies where the article is (inside its admin-1 area, near its places).
            kept = [r for r in scored if r[0].place.feature != "admin2"
                    or not self._unsupported_area(r[0].place, support, anchors)]
            top = name.candidates[0]
            if top.place.feature == "admin2" and all(r[0] is not top for r in kept):
                if not kept:
                    return None
                c, score = kept[0][:2]
                if c.prior < MAJOR_PRIOR and score - c.score <= FOCUS_WEIGHT:
                    return None
            scored = kept
        best, score = scored[0][:2]
        if name.doubtful and not _supported(scored[0]):
            return None
        own = name.own_focus if best is name.candidates[0] else 0
        if not name.qualifier and self._unsupported(best.place, focus, focus_sum, anchors, own):
            return None
        margin = score - scored[1][1] if len(scored) > 1 else 0.3
        why = _explain(name, _reading(scored[0]), _reading(scored[1]) if len(scored) > 1 else None, margin) \
            if explain else ()
        return best, confidence(score, margin), why

    def _choose_only(self, name: _Name, own_cc, total: int, anchors, points: Near, focus: dict, focus_sum: int,
                     inside_of: dict, explain: bool, support: dict):
        """:meth:`_choose_read` for a name of one candidate and no qualifier, without :func:`_read`.

        Its arithmetic for that case (tests/test_resolve.py checks they agree on real
        articles): with one candidate only the country focus adds to its score, and it
        wins by the margin of a lone reading, 0.3.
        """
        c = name.candidates[0]
        place = c.place
        score = c.score
        cc = place.country_code
        f = _focus_term(focus.get(cc, 0), name.own_focus if cc == own_cc else 0, total)
        if f:
            score += f
        if place.feature == "admin2" and self._unsupported_area(place, support, anchors):
            return None  # its only reading turned down
        if self._unsupported(place, focus, focus_sum, anchors, name.own_focus):
            return None
        why = _explain(name, _Reading(c, score, f), None, 0.3) if explain else ()
        return c, confidence(score, 0.3), why

    def _facts(self, cands: list) -> tuple[list[tuple], bool, bool, bool]:
        """Return :func:`_facts` of a candidate list, kept per list object.

        The lists are the extractor's cached lookups, the same object for every article
        naming the place; the entry holds its list, so an id is never reused under it.
        """
        found = self._facts_of.get(id(cands))
        if found is None or found[0] is not cands:
            if len(self._facts_of) >= 50_000:
                # Bounded: each entry keeps its list alive after the extractor's own
                # cache lets it go; a list met again after a clear is read again.
                self._facts_of.clear()
            found = self._facts_of[id(cands)] = (cands, _facts(cands))
        return found[1]

    @staticmethod
    def _unsupported(place, focus: dict, focus_sum: int, anchors, own: int) -> bool:
        if place.feature != "city" or place.population >= SUPPORT_POPULATION or focus_sum <= own:
            return False  # a big place, or no other evidence in the article to go against
        cc = place.country_code
        if focus.get(cc, 0) > own or any(focus.get(n) for n in country_neighbours().get(cc, ())):
            return False
        return not any(a.geonameid != place.geonameid and _distance_km(a, place) <= NEAR_KM for a, _ in anchors)

    @staticmethod
    def _unsupported_area(place, support: dict, anchors) -> bool:
        """Return whether an admin-2 area is alone in an article that is otherwise elsewhere.

        ``support`` counts the countries the article's other names (not admin-2 areas')
        are in. The area is unsupported when the article has such names, none in the
        area's country or its neighbours, and no place of the article but other admin-2
        areas lies within :data:`NEAR_KM` of it.
        """
        if not support:
            return False  # nothing else in the article to go against
        cc = place.country_code
        if support.get(cc) or any(support.get(n) for n in country_neighbours().get(cc, ())):
            return False
        return not any(a.feature != "admin2" and a.geonameid != place.geonameid
                       and _distance_km(a, place) <= NEAR_KM for a, _ in anchors)
