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
  more the nearer (Ternova near Kharkiv, not another Ternova); then each name is read
  again beside the places of the names chosen more surely than it;
* **distance and direction**: "Sofiivka, about 24 km west of Kostiantynivka" favours
  the Sofiivka lying there (:mod:`geo.offsets`);
* **one sense per name**: every mention of a name in an article resolves alike;
* **admin-2 areas need support**: a county or district ("Kent", "Cornwall") is taken
  only when the article's other names are in its country (or a neighbour) or near it;
  otherwise another reading of the name, if the article supports that one.

Misspelt names ("Popansa", "Rouska Lozova") that the matcher cannot see are recovered
last, by typo-tolerant comparison with the names of places near the article's confident
places only, so a common word is never fuzzy-matched into a place.
"""

from __future__ import annotations

import bisect
import math
import re
from collections import Counter
from dataclasses import dataclass, field

from geo.countries import country_neighbours
from geo.distance import distance_km, km_of_haversine
from geo.offsets import fits, offset_before
from geo.recognize import Span, placed_words
from geo.records import Mention, Place
from geo.scoring import (
    CONTAINED_WEIGHT,
    DERIVED_ID_MIN,
    FOCUS_WEIGHT,
    MAJOR_PRIOR,
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
#: How far around the article's places misspelt names are looked for.
RECOVER_KM = 60.0
_AREA_FEATURES = ("country", "admin1")
_ADMIN_WORDS = ("region", "oblast", "province", "governorate", "krai", "raion")
_QUALIFIER_GAP = re.compile(r"^,\s{0,2}$")
# A qualifier ends its phrase: "Ramstein, Germany, having..." but not "Berlin, US Secretary".
_QUALIFIER_END = re.compile(r"^(?:['’]s)?(?:\s*[^\w\s]|\s+[a-z]|\s*$)")



@dataclass
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
    #: where the text puts it from another place ("24 km west of Kostiantynivka"):
    #: ``(reference place, geo.offsets.Offset)`` pairs
    offsets: list = field(default_factory=list)


class _Reading:
    """One candidate of a name, scored in its article: the terms of its score."""

    # A plain slotted class: one is made for every candidate of every name.
    __slots__ = ("cand", "score", "focus", "inside", "holds", "near", "near_km", "near_to", "village", "raion",
                 "offset", "offset_km", "offset_from")

    def __init__(self, cand, score: float):
        self.cand = cand
        self.score = score
        self.focus = self.inside = self.near = self.near_km = 0.0
        #: the candidate is an admin-1 area holding the article's places
        self.holds = False
        self.near_to: Place | None = None
        #: a settlement the text calls a village (see VILLAGE_WORD_WEIGHT)
        self.village = 0.0
        #: a village inside the raion the text names beside it
        self.raion = 0.0
        #: lies where a distance-and-direction phrase puts it (geo.offsets)
        self.offset = self.offset_km = 0.0
        self.offset_from = None


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


# Where a misspelt village name stands in a field report: "near X", "the village of X",
# or in a list with places the article names ("Severodonetsk and X"). After "in", "of",
# "at" or "from" an unknown capitalised word is far more often an employer, a venue or a
# family name than a place (Headington, Purdin, Sunnybrook).
# "the village of X", "villages of X and Y", "село X", "селище X", "посёлок X" (issue #10):
# the words that make a name a village's, whatever the article says around it.
_VILLAGE_BEFORE = re.compile(
    r"(?:\bvillages?(?:\s+of)?|\bhamlet\s+of|\bsettlement\s+of|\bсел[оаиі]|\bселищ[еаі]|\bпос[её]л(?:ок|ка|ке)"
    r"|\bдеревн[яиюе]|\bс\.|\bсмт)\s+$", re.IGNORECASE)
# "Andriivka, Bakhmut raion", "Hlyboke in Kharkiv district", "Krynky (Kherson raion)":
# the raion a village is in, named right after it (issue #10).
_RAION_AFTER = re.compile(r"(?:,\s*|\s+in\s+(?:the\s+)?|\s+of\s+(?:the\s+)?|\s*\()"
                          r"([A-Z][\w’'-]+(?:[ -][A-Z][\w’'-]+)?)\s+(?:[Rr]aion|[Dd]istrict)\b")
_WIND_NAMES = ("north", "north-east", "east", "south-east", "south", "south-west", "west", "north-west")
# What may stand between a name and the phrase placing it: "Sofiivka, about 24 km west of
# X", "Andriivka, a village south of X", but no sentence end.
_OFFSET_GAP = re.compile(r"[^.!?;\n]{0,40}$")
_NEAR_WORDS = frozenset("near outside around toward towards village town city".split())
_LIST_WORDS = frozenset([",", "and"])
_LIST_JOIN = re.compile(r",\s*|\s+and\s+")


def _listed(text: str, start: int, end: int, context: str, ends: set, begins: set) -> bool:
    """Return whether the word at ``start:end`` (after ``context``) is in a list with a recognised place."""
    i = start
    while i > 0 and text[i - 1].isspace():
        i -= 1
    i -= len(context)
    while i > 0 and text[i - 1].isspace():
        i -= 1
    if i in ends:
        return True
    m = _LIST_JOIN.match(text, end)
    return m is not None and m.end() in begins


def _inside(place, area) -> bool:
    """Return whether ``place`` is in the country or admin-1 ``area``."""
    return place.country_code == area.country_code and (area.feature == "country" or place.admin1 == area.admin1)


def _points(anchors) -> list[tuple]:
    """Return the anchors with what :func:`_nearest` needs of them, computed once per article."""
    out = []
    for a, key in anchors:
        lat = math.radians(a.lat)
        out.append((lat, math.radians(a.lon), math.cos(lat), a, key))
    return out


def _nearest(place, points, skip_key) -> tuple[float | None, object]:
    """``(km, anchor)`` of the anchor nearest ``place`` not named ``skip_key``, or ``(None, None)``.

    The formula of :func:`geo.distance.distance_km`, comparing the haversine term and
    converting the winner's only: this runs for every candidate of every name.
    """
    lat1 = math.radians(place.lat)
    lon1 = math.radians(place.lon)
    cos1 = math.cos(lat1)
    sin = math.sin
    best_h, best = 2.0, None
    for lat2, lon2, cos2, a, key in points:
        if key != skip_key:
            h = sin((lat2 - lat1) / 2) ** 2 + cos1 * cos2 * sin((lon2 - lon1) / 2) ** 2
            if h < best_h:
                best_h, best = h, a
    if best is None:
        return None, None
    return km_of_haversine(best_h), best


def unclaimed_words(text: str, spans) -> list[tuple[int, int, str, str]]:
    """Return the :func:`~geo.recognize.placed_words` of ``text`` that overlap none of ``spans``.

    ``spans`` are ``(start, end)`` pairs: the mentions already found, and what is known
    not to be a place.

    Examples
    --------
    >>> unclaimed_words("Fighting near Popansa and Kharkiv.", [(26, 33)])
    [(14, 21, 'Popansa', 'near')]
    """
    taken = sorted(spans)
    starts = [t[0] for t in taken]
    max_len = max((e - s for s, e in taken), default=0)

    def overlaps(s: int, e: int) -> bool:
        i = bisect.bisect_left(starts, s - max_len)
        while i < len(taken) and taken[i][0] < e:
            if taken[i][1] > s:
                return True
            i += 1
        return False

    return [w for w in placed_words(text) if not overlaps(w[0], w[1])]


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

    def resolve(self, text: str, spans: list[Span], explain: bool = False, recover=None,
                exclude=()) -> list[Mention]:
        """Return one :class:`Mention` per span that resolves, in text order.

        ``recover(word) -> bool``, when given, says which unknown capitalised words may
        be misspelt place names; ``exclude`` lists ``(start, end)`` spans never to use.
        """
        queries: dict[tuple[str, bool], str] = {}
        for sp in spans:
            k = (sp.key, sp.admin)
            if k not in queries:
                # A Cyrillic name found through its nominative form is looked up by its key.
                surface = sp.key if sp.lemma else text[sp.start : sp.end]
                queries[k] = surface if not sp.admin or surface.lower().endswith(_ADMIN_WORDS) else f"{surface} region"
        if self._prefetch is not None:
            self._prefetch(queries.values())  # the article's distinct names in one batch
        names: dict[tuple[str, bool], _Name] = {}
        for sp in spans:
            k = (sp.key, sp.admin)
            if k not in names:
                names[k] = _Name(sp.key, queries[k], [], self._candidates(queries[k]), admin=sp.admin)
            names[k].spans.append(sp)
            if _VILLAGE_BEFORE.search(text, max(0, sp.start - 24), sp.start):
                names[k].village = True
            m = _RAION_AFTER.match(text, sp.end)
            if m:
                from geo.villages import raion_key

                names[k].raion = raion_key(m.group(1))
        self._qualifiers(text, spans, names)
        self._offsets(text, spans, names)
        anchors, focus, areas, support = self._context(names.values())
        points = _points(anchors)
        chosen = {}
        for name in names.values():
            best = self._choose(name, anchors, points, focus, areas, explain, support)
            if best is not None:
                chosen[name.key, name.admin] = best
        self._settle(names, chosen, anchors, points, focus, areas, explain, support)
        mentions = []
        for k, name in names.items():
            if k not in chosen:
                continue
            cand, score, why = chosen[k]
            for sp in name.spans:
                # --explain says which nominative an inflected Cyrillic name was read as.
                said = (f"read as the nominative {sp.lemma!r}",) + why if explain and sp.lemma else why
                mentions.append(Mention(sp.start, sp.end, text[sp.start : sp.end], cand.place,
                                        round(score, 4), cand.match, said, sp.lemma))
        if recover is not None:
            mentions += self._recover(text, mentions, anchors, recover, exclude)
        mentions.sort(key=lambda m: m.start)
        return mentions

    def _settle(self, names, chosen, anchors, points, focus, areas, explain, support) -> None:
        """Read each name again beside the places of the names chosen more surely than it.

        Only confident names are context at first, so two names that are each ambiguous
        alone ("Maiaky near Lyman": Lyman is a town in four oblasts) never help each
        other. The surer choice now places the less sure name, never the other way round,
        so no two names can keep moving each other.
        """
        anchored = {key for _, key in anchors}
        unsure = [(k, c) for k, c in chosen.items() if k[0] not in anchored]
        if len(unsure) < 2:
            return
        for k, (cand, score, _) in unsure:
            name = names[k]
            if len(name.candidates) < 2:
                continue
            surer = _points([(c.place, k2[0]) for k2, (c, s, _) in unsure if s > score and k2[0] != name.key])
            # Only nearness changes: read the name again only if another candidate is near.
            if not any(c is not cand and (_nearest(c.place, surer, name.key)[0] or NEAR_KM + 1) <= NEAR_KM
                       for c in name.candidates):
                continue
            best = self._choose(name, anchors, points + surer, focus, areas, explain, support)
            if best is not None and best[0] is not cand:
                chosen[k] = best

    # -- evidence ----------------------------------------------------------------

    def _qualifiers(self, text, spans, names) -> None:
        """Read "A, B" as A in B when B names a country or admin-1 area.

        A country is never qualified so: "China, Japan" is a list. When B's first reading
        holds no place called A but another area reading of B, nearly as likely, does,
        B is that area: "Atlanta, Georgia" is the US state, not the country.
        """
        for a, b in zip(spans, spans[1:], strict=False):
            if not _QUALIFIER_GAP.match(text[a.end : b.start]):
                continue
            if not (b.admin or _QUALIFIER_END.match(text[b.end : b.end + 3])):
                continue
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
            na.qualifier = (holding or bc[0]).place

    @staticmethod
    def _offsets(text, spans, names) -> None:
        """Read "A, about 24 km west of B": A lies there from B's first reading."""
        for a, b in zip(spans, spans[1:], strict=False):
            off = offset_before(text, b.start)
            if off is None or off.start < a.end or not _OFFSET_GAP.match(text, a.end, off.start):
                continue
            ref = names[(b.key, b.admin)].candidates
            if ref and a.key != b.key:
                names[(a.key, a.admin)].offsets.append((ref[0].place, off))

    def _context(self, names) -> tuple[list, Counter, dict, Counter]:
        focus: Counter = Counter()
        # The countries the article is in by other names than admin-2 areas', counting
        # names sure of their country if not of their place ("Torrington": Connecticut's
        # or West Torrington): what an admin-2 area needs (see _unsupported_area).
        support: Counter = Counter()
        anchors = []
        for name in names:
            cands = name.candidates
            if not cands:
                continue
            top = cands[0]
            n = len(name.spans)
            cc = top.place.country_code
            if top.place.feature == "country":
                focus[cc] += 2 * n
                support[cc] += 2 * n
                continue
            margin = top.score - cands[1].score if len(cands) > 1 else 1.0
            if top.place.feature != "admin2":
                rival = max((c.score for c in cands if c.place.country_code != cc), default=0.0)
                if top.score - rival >= SURE_MARGIN or top.score >= SURE_SCORE or name.qualifier:
                    support[cc] += n
            if margin >= SURE_MARGIN or top.score >= SURE_SCORE or name.qualifier:
                focus[cc] += n
                name.own_focus = n
                if top.place.feature not in ("region",) or cc:
                    anchors.append((top.place, n, name.key))
        anchors.sort(key=lambda a: -a[1])
        # Admin-1 areas the article is in: named ones fully, those of its towns by half;
        # with the names that put it there, since a name is no evidence for itself.
        areas: dict = {}
        for p, _, key in anchors:
            if p.admin1:
                w = CONTAINED_WEIGHT if p.feature == "admin1" else CONTAINED_WEIGHT / 2
                area = areas.setdefault((p.country_code, p.admin1), {})
                area[key] = max(w, area.get(key, 0.0))
        return [(p, key) for p, _, key in anchors[:12]], focus, areas, support

    def _choose(self, name: _Name, anchors, points, focus: Counter, areas: dict, explain: bool,
                support: Counter):
        cands = name.candidates
        if name.qualifier:
            inside = [c for c in cands if _inside(c.place, name.qualifier)]
            if inside:
                cands = inside
        qualified = bool(name.qualifier) and cands is not name.candidates
        if not cands:
            return None
        # A name is no evidence for itself: its own share of the focus does not count.
        own_cc = name.candidates[0].place.country_code if name.own_focus else None
        total = (sum(focus.values()) - name.own_focus) or 1
        # A name that is a country's or a big region's own ("Mexico", "California") is
        # not moved to a same-named town by nearby places.
        area_named = any((c.place.feature == "country" or c.place.feature == "admin1" and c.match == "exact")
                         and c.score >= SURE_SCORE for c in cands)
        scored = [self._read(name, c, len(cands) > 1, area_named, own_cc, total, points, focus, areas)
                  for c in cands]
        scored.sort(key=lambda r: (-r.score, -r.cand.place.population))
        if not qualified:
            # An admin-2 area needs support beyond other admin-2 names: "Cornwall" and
            # "Kent" among Connecticut towns are no English counties. The name was
            # recognised as that area, though; read as a minor place instead it is as
            # doubtful as a given name ("Mason, Devon and the driver") unless the place
            # lies where the article is (inside its admin-1 area, near its places).
            kept = [r for r in scored if r.cand.place.feature != "admin2"
                    or not self._unsupported_area(r.cand.place, support, anchors)]
            top = name.candidates[0]
            if top.place.feature == "admin2" and all(r.cand is not top for r in kept):
                if not kept:
                    return None
                r = kept[0]
                if r.cand.prior < MAJOR_PRIOR and r.score - r.cand.score <= FOCUS_WEIGHT:
                    return None
            scored = kept
        best = scored[0]
        own = name.own_focus if best.cand is name.candidates[0] else 0
        if not name.qualifier and self._unsupported(best.cand.place, focus, anchors, own):
            return None
        margin = best.score - scored[1].score if len(scored) > 1 else 0.3
        why = _explain(name, best, scored[1] if len(scored) > 1 else None, margin) if explain else ()
        return best.cand, confidence(best.score, margin), why

    @staticmethod
    def _read(name: _Name, c, several: bool, area_named: bool, own_cc, total: int, points, focus: Counter,
              areas: dict) -> _Reading:
        """Score one candidate of a name in this article: its gazetteer score plus context."""
        r = _Reading(c, c.score)
        cc = c.place.country_code
        share = (focus.get(cc, 0) - (name.own_focus if cc == own_cc else 0)) / total
        if share:
            r.focus = focus_bonus(share)
            r.score += r.focus
        # An explicit "X region" is no town, and a name is no evidence for itself.
        local = several and c.place.feature not in ("country", "admin1", "water") and not name.admin and not area_named
        # A derived settlement's (village tier, supplement) other names are its Ukrainian,
        # Latin and Russian spellings, never another place's name: town evidence counts in full.
        own_spelling = c.place.geonameid >= DERIVED_ID_MIN and c.place.feature == "city"
        weight = 1.0 if own_spelling else evidence_weight(c.match)
        # An admin-1 area holding towns the article names is where the article is too
        # ("Victoria" beside Melbourne is the Australian state).
        r.holds = several and c.place.feature == "admin1" and not name.admin
        if local or r.holds:
            r.inside = weight * max((w for key, w in areas.get((cc, c.place.admin1), {}).items()
                                     if key != name.key), default=0.0)
            r.score += r.inside
        if name.village and several and c.place.feature == "city" and c.place.population < VILLAGE_MAX_POPULATION:
            r.village = VILLAGE_WORD_WEIGHT
            r.score += r.village
        if name.raion and several and c.place.feature == "city":
            from geo.villages import village_raions

            if village_raions().get(c.place.geonameid) == name.raion:
                r.raion = CONTAINED_WEIGHT
                r.score += r.raion
        if several and name.offsets and c.place.feature not in ("country", "admin1"):
            for ref, off in name.offsets:
                km = fits(off, ref, c.place)
                if km is not None:
                    r.offset, r.offset_km, r.offset_from = OFFSET_WEIGHT, km, (ref, off)
                    r.score += r.offset
                    break
        if local and points:
            d, a = _nearest(c.place, points, name.key)
            if d is not None and d <= NEAR_KM:
                r.near = near_bonus(d, a.feature != "admin1" and (c.match == "exact" or own_spelling), weight)
                r.near_km, r.near_to = d, a
                r.score += r.near
        return r

    @staticmethod
    def _unsupported(place, focus: Counter, anchors, own: int) -> bool:
        if place.feature != "city" or place.population >= SUPPORT_POPULATION or sum(focus.values()) <= own:
            return False  # a big place, or no other evidence in the article to go against
        cc = place.country_code
        if focus.get(cc, 0) > own or any(focus.get(n) for n in country_neighbours().get(cc, ())):
            return False
        return not any(a.geonameid != place.geonameid and _distance_km(a, place) <= NEAR_KM for a, _ in anchors)

    @staticmethod
    def _unsupported_area(place, support: Counter, anchors) -> bool:
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

    # -- misspellings ------------------------------------------------------------

    def _recover(self, text: str, mentions: list[Mention], anchors, is_candidate_word, exclude) -> list[Mention]:
        """Typo-tolerant matches of unknown capitalised words against nearby places.

        Only words standing where places stand ("near X", "Severodonetsk and X") are
        tried, and only against the names of places near the article's own places.
        """
        local = [a for a, _ in anchors if a.feature == "city"][:3]
        if not local:
            return []
        ends, begins = {m.end for m in mentions}, {m.start for m in mentions}
        claimed = [(m.start, m.end) for m in mentions] + list(exclude)
        words = [(s, e, word) for s, e, word, context in unclaimed_words(text, claimed)
                 if (context in _NEAR_WORDS or context in _LIST_WORDS and _listed(text, s, e, context, ends, begins))
                 and is_candidate_word(word)]
        if not words:
            return []
        from rapidfuzz import fuzz, process
        from rapidfuzz.distance import OSA

        from geo.names import fold

        # The names of places around the article's towns, one cached list per grid cell
        # and first letter, for the first letters of the words tried only.
        keyed = [(s, e, word, fold(word)) for s, e, word in words]
        letters = "".join({key[:1] for *_, key in keyed})
        lists: dict[str, dict[int, tuple]] = {}  # by first letter, each cached list once
        for a in local:
            for cell in self.gz.names_by_cell(a.lat, a.lon, RECOVER_KM, 1000, letters=letters):
                for letter, pair in cell.items():
                    lists.setdefault(letter, {})[id(pair)] = pair
        out = []
        for s, e, word, key in keyed:
            # One typo (a swap counts as one: Popansa), two in a long name: a word two
            # edits from a place name is as often another name (Purdin, Purdy).
            allowed = 1 if len(key) < 12 else 2
            best = None
            for keys, ids in lists.get(key[:1], {}).values():
                hit = process.extractOne(key, keys, scorer=OSA.distance, score_cutoff=allowed) if keys else None
                if hit is not None and hit[1] > 0 and (best is None or hit[1] < best[1]):
                    best = (hit[0], hit[1], ids[hit[2]])
            if best is None:
                continue
            place = self.gz.get(best[2])
            similar = fuzz.ratio(key, best[0])
            out.append(Mention(s, e, word, place, round(0.5 * similar / 100, 4), "fuzzy",
                               (f"misspelling of {best[0]!r} ({similar:.0f}% similar) near {local[0].name}",)))
        return out

