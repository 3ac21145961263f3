"""The gazetteer: place names, spelling variants included, to ranked real places.

>>> gz = Gazetteer.default()
>>> gz.resolve("Kharkov").name
'Kharkiv'
>>> [c.place.name for c in gz.lookup("Moscow, Idaho", limit=1)]
['Moscow']

Ranking weighs how a name matched (:data:`MATCH_WEIGHTS`) equally with the place's
prior importance (countries first, then by log population, capitals raised; admin-1
areas low unless the query says "Oblast"/"region"), so a bare "Odessa" is Odesa,
Ukraine (1 M people, an alternate name) rather than Odessa, Texas (114 k, its primary
name). A qualifier after a comma ("Moscow, Idaho", "Dzerzhinsk, Ukraine") keeps only
places in that country or admin-1 area.
"""

from __future__ import annotations

import dataclasses
import functools
import os
import sys
import threading
from collections.abc import Callable, Iterable
from pathlib import Path

from geo.errors import DataError, InputError, PlaceNotFound
from geo.index import Index, NameRow, cells_around
from geo.names import fold, is_cyrillic, split_admin_suffix, split_qualifier
from geo.ranking import Best, Found, break_ties, official_names_first
from geo.records import Candidate, Place
from geo.scoring import MATCH_WEIGHTS, REGION_QUERY_PENALTY, match_weight
from geo.settings import cache_dir

__all__ = ["ATTRIBUTION", "MATCH_WEIGHTS", "Gazetteer", "cache_dir", "default_index_path"]


ATTRIBUTION = "Place data © GeoNames (CC BY 4.0), https://www.geonames.org/"

_DEFAULT = None
_DEFAULT_LOCK = threading.Lock()


def default_index_path() -> Path:
    """Return the path of the built-in index for this version of the data."""
    from geo.build import builtin_fingerprint

    return cache_dir() / f"gazetteer-{builtin_fingerprint()}.sqlite"


def _prune(current: Path) -> None:
    """Delete the built-in indexes (and their matchers) that ``current`` supersedes."""
    for old in current.parent.glob("gazetteer-*"):
        if not old.name.startswith(current.stem) and old.suffix in (".sqlite", ".pickle", ".ac"):
            try:
                old.unlink()
            except OSError:
                pass  # in use elsewhere, or not ours to delete: leave it


def _note(msg: str) -> None:
    print(f"geo: {msg}", file=sys.stderr, flush=True)


def _build_default(path: Path, note: str) -> None:
    """Build the built-in index at ``path``, saying so first; a folder that cannot take it is one error."""
    from geo.build import build_builtin

    _note(note)
    try:
        build_builtin(path)
    except OSError as exc:
        raise DataError(f"cannot build the gazetteer index in {path.parent}: {exc}; "
                        "set GEO_CACHE_DIR to a writable folder") from None



#: Results :meth:`Gazetteer.lookup_many` keeps at most.
_MAX_MEMO = 200_000

#: Guards the one Cyrillic reader a gazetteer builds on its first inflected query.
_CYRILLIC_LOCK = threading.Lock()


class Gazetteer:
    """Ranked place lookup over an index built by :mod:`geo.build`.

    Use :meth:`default` for the built-in gazetteer (built on first use into the user
    cache, about half a minute, then opened in milliseconds) or :meth:`open` for one
    built from GeoNames dumps with ``geo gazetteer build``.

    Examples
    --------
    >>> gz = Gazetteer.default()
    >>> best = gz.lookup("Kramatorks")[0]
    >>> best.place.name, best.match
    ('Kramatorsk', 'fuzzy')
    >>> gz.get(703448).name
    'Kyiv'
    """

    name = "builtin"
    attribution = ATTRIBUTION

    def __init__(self, path: str | os.PathLike):
        self.path = Path(path)
        #: the index this gazetteer reads (the one owner of its layout)
        self.index = Index(self.path)
        self._fuzzy = None
        #: :meth:`lookup_many`'s results by what they depend on (see there), kept
        self._many: dict[tuple, list[Candidate]] = {}
        self.meta = self.index.meta
        self.name = self.meta.get("source", "builtin")
        self.attribution = self.meta.get("attribution", ATTRIBUTION)

    # -- opening -----------------------------------------------------------------

    @classmethod
    def default(cls) -> Gazetteer:
        """Return the built-in gazetteer, building its index on first use.

        Examples
        --------
        >>> Gazetteer.default() is Gazetteer.default()
        True
        """
        global _DEFAULT
        with _DEFAULT_LOCK:
            if _DEFAULT is None:
                path = default_index_path()
                if not path.is_file():
                    _build_default(path, f"building the gazetteer index once into {path} (about a minute)...")
                    _prune(path)
                try:
                    _DEFAULT = cls(path)
                except DataError:
                    # A cache file, not the user's data: a corrupt or stale one is rebuilt.
                    _build_default(path, f"the gazetteer index {path} is unreadable; building it again "
                                         "(about a minute)...")
                    _DEFAULT = cls(path)
            return _DEFAULT

    @classmethod
    def open(cls, path: str | os.PathLike) -> Gazetteer:
        """Open a gazetteer built by ``geo gazetteer build -o DIR`` (the DIR or its file).

        Raises
        ------
        DataError
            If there is no readable index there.
        """
        p = Path(path)
        return cls(p / "gazetteer.sqlite" if p.is_dir() else p)

    # -- queries -----------------------------------------------------------------

    def lookup(
        self, name: str, country: str | None = None, limit: int = 10, fuzzy: bool = True, explain: bool = False
    ) -> list[Candidate]:
        """Return the places ``name`` may mean, best first.

        Parameters
        ----------
        name : str
            A place name in any script or spelling; may be qualified ("Moscow, Idaho")
            or carry an administrative suffix ("Donetsk Oblast").
        country : str, optional
            Favour places in this country (ISO code or country name).
        limit : int
            At most this many candidates.
        fuzzy : bool
            Allow typo-tolerant matching when nothing matches exactly (names of five
            letters or more only).
        explain : bool
            Fill each candidate's ``why`` with the evidence behind its score.

        Returns
        -------
        list of Candidate
            Empty when nothing matches.

        Raises
        ------
        InputError
            If ``name`` is empty or not text (bytes that were not UTF-8), or ``country``
            is not a known country.

        Examples
        --------
        >>> gz = Gazetteer.default()
        >>> [(c.place.country_code, c.match) for c in gz.lookup("Odessa", limit=2)]
        [('UA', 'alternate'), ('US', 'exact')]
        >>> gz.lookup("Dzerzhinsk, Ukraine")[0].place.name
        'Toretsk'
        """
        query = " ".join((name or "").split())
        if any("\ud800" <= ch <= "\udfff" for ch in query):  # undecodable bytes, kept as surrogates
            raw = query.encode("utf-8", "surrogateescape")
            shown = repr(raw[:40])[2:-1] + ("..." if len(raw) > 40 else "")
            raise InputError(f"place name '{shown}' is not valid UTF-8 text")
        if not fold(query):
            raise InputError("empty place name; give a name such as 'Kharkiv'")
        bias = self._country_code(country) if country else None
        if not is_cyrillic(query):
            return self._lookup(query, self.index.candidates, bias, limit, fuzzy, explain)
        # An inflected Ukrainian or Russian form ("Києві", "Луганської області") is read
        # in the nominative before typos are forgiven: a case ending is no typo.
        found = self._lookup(query, self.index.candidates, bias, limit, False, explain)
        if not found:
            lemma = self._nominative(query)
            if lemma:
                found = self._lookup(lemma, self.index.candidates, bias, limit, False, explain)
                if explain:
                    found = [dataclasses.replace(c, why=(f"read as the nominative {lemma!r}", *c.why)) for c in found]
        if not found and fuzzy:
            found = self._lookup(query, self.index.candidates, bias, limit, True, explain)
        return found

    def _nominative(self, query: str) -> str | None:
        """Return the gazetteer name an inflected Cyrillic ``query`` stands for, or None.

        The extraction's own reading (:class:`geo.morph.CyrillicMatcher`) of the query
        as a text: a name found over the whole of it.
        """
        with _CYRILLIC_LOCK:
            cm = getattr(self, "_cyrillic", None)
            if cm is None:
                from geo.matcher import Matcher
                from geo.morph import CyrillicMatcher

                cm = self._cyrillic = CyrillicMatcher(Matcher.for_gazetteer(self))
        whole = [h for h in cm.hits(query) if h.start == 0 and h.end == len(query)]
        return whole[0].lemma if whole and whole[0].lemma else None

    def lookup_many(self, names: Iterable[str], limit: int = 10) -> dict[str, list[Candidate]]:
        """Return :meth:`lookup` (exact and qualified, no typo tolerance) of many names at once.

        The index is asked once for every key the names need, so an article's distinct
        names cost one query, not one each. Results are kept by what they depend on, so a
        name asked again, or another spelling of the same key, is not looked up twice; each
        caller gets its own lists.

        Examples
        --------
        >>> found = Gazetteer.default().lookup_many(["Kharkiv", "Odessa", "Xqzzyville"], limit=1)
        >>> [(n, [c.place.country_code for c in cs]) for n, cs in found.items()]
        [('Kharkiv', ['UA']), ('Odessa', ['UA']), ('Xqzzyville', [])]
        """
        queries = {name: " ".join((name or "").split()) for name in names}
        memo, out, todo = self._many, {}, {}
        for name, q in queries.items():
            key = fold(q)
            if not key:
                out[name] = []
                continue
            sig = None
            if "," not in q:
                # Without a qualifier, a lookup reads nothing of the query but its key and,
                # with an administrative suffix, its base's key: "Alexandria" after
                # "alexandria" costs nothing (an article's surfaces follow their keys).
                base, suffix = split_admin_suffix(q)
                sig = (limit, key, fold(base) if suffix else None)
                found = memo.get(sig)
                if found is not None:
                    out[name] = found.copy()  # the kept list stays as computed, whatever callers do
                    continue
            todo[name] = (q, sig)
        rows_of = self._rows_for(q for q, _ in todo.values())
        if len(memo) + len(todo) > _MAX_MEMO:
            memo.clear()  # bounded: a long-running process reads endless names
        for name, (q, sig) in todo.items():
            found = memo.get(sig) if sig else None
            if found is None:
                found = self._lookup(q, rows_of, None, limit, False, False)
                if sig:
                    memo[sig] = found
            out[name] = found.copy()
        return {name: out[name] for name in queries}

    def best_many(self, keys: Iterable[str], limit: int) -> dict[str, Best | None]:
        """Return the :class:`~geo.ranking.Best` of each key's :meth:`lookup_many` candidates (``limit`` of them).

        What recognition asks of a name whatever its context, computed from the ranked
        index rows without making the candidates' records: the matcher stores it for
        every key it finds (:meth:`geo.matcher.Matcher.best`).

        Examples
        --------
        >>> Gazetteer.default().best_many(["kharkiv", "xqzzyville"], limit=25)["kharkiv"].feature
        'city'
        """
        keys = list(keys)
        out: dict[str, Best | None] = {}
        # A chunk at a time: every key of an index at once would hold all its rows.
        for i in range(0, len(keys), 20_000):
            chunk = keys[i : i + 20_000]
            queries = [(key, q, fold(q)) for key in chunk for q in [" ".join(key.split())]]
            rows_of = self._rows_for(q for _, q, _ in queries)
            for key, q, folded in queries:
                ranked = self._ranked(q, rows_of, None, False)[: max(limit, 0)] if folded else []
                out[key] = Best.of([(c.row.feature, c.row.country_code, c.prior, c.match) for c in ranked])
        return out

    def _rows_for(self, queries: Iterable[str]) -> Callable[[str], list[NameRow]]:
        """Return a reader of index rows by key, the rows every key a lookup of ``queries`` reads fetched in one query.

        Those keys are a query's own, with an administrative suffix its base's
        (:meth:`_match`), and with a qualifier its head's (:meth:`_qualified`); any other
        key is read from the index when asked.
        """
        keys = set()
        for q in queries:
            keys.add(fold(q))
            base, suffix = split_admin_suffix(q)
            if suffix:
                keys.add(fold(base))
            if "," in q:
                keys.add(fold(split_qualifier(q)[0]))
        rows = self.index.candidates_many(keys)

        def rows_of(key: str) -> list[NameRow]:
            found = rows.get(key)
            return found if found is not None else self.index.candidates(key)

        return rows_of

    def _lookup(self, query: str, rows_of: Callable[[str], list[NameRow]], bias: str | None, limit: int,
                fuzzy: bool, explain: bool) -> list[Candidate]:
        # Score the raw rows; build records only for the candidates returned.
        return [c.candidate(bias, explain) for c in self._ranked(query, rows_of, bias, fuzzy)[: max(limit, 0)]]

    def _ranked(self, query: str, rows_of: Callable[[str], list[NameRow]], bias: str | None,
                fuzzy: bool) -> list[Found]:
        """Return every candidate of ``query``, scored and best first, as index rows with their terms."""
        found = self._match(query, rows_of)
        if not found and "," in query:
            found = self._qualified(query, rows_of)
        if not found and fuzzy:
            found = self._fuzzy_match(fold(split_admin_suffix(query)[0]))
        break_ties(found)
        if not bias:  # a preferred country says which place is meant
            official_names_first(found)
        for c in found.values():
            c.score_with(bias)
        return sorted(found.values(), key=lambda c: (-c.score, -c.row.population, c.row.geonameid))

    def resolve(self, name: str, country: str | None = None) -> Place | None:
        """Return the best place for ``name``, or None.

        Examples
        --------
        >>> Gazetteer.default().resolve("Сєвєродонецьк").geonameid
        691999
        >>> Gazetteer.default().resolve("Xqzzyville") is None
        True
        """
        found = self.lookup(name, country=country, limit=1)
        return found[0].place if found else None

    def get(self, geonameid: int) -> Place:
        """Return the place with this id.

        Raises
        ------
        PlaceNotFound
            If the gazetteer has no such place.

        Examples
        --------
        >>> Gazetteer.default().get(706483).name
        'Kharkiv'
        """
        place = self.index.place(geonameid)
        if place is None:
            raise PlaceNotFound(f"no place with geonameid {geonameid} in {self.path.name}")
        return place

    def alternate_names(self, geonameid: int) -> list[str]:
        """Return every name indexed for a place (transliterations excluded).

        Examples
        --------
        >>> "Sievierodonetsk" in Gazetteer.default().alternate_names(691999)
        True
        """
        return self.index.names_of(geonameid)

    def near(self, lat: float, lon: float, km: float, limit: int | None = None) -> list[tuple[Place, float]]:
        """Return ``(place, distance_km)`` for places within ``km`` of a point, nearest first.

        Examples
        --------
        >>> [(p.name, round(d)) for p, d in Gazetteer.default().near(49.98, 36.25, 3, limit=1)]
        [('Kharkiv', 0)]
        """
        from geo.distance import distance_km

        if km < 0:
            raise InputError("distance must be positive")
        out = []
        for place in self.index.places_in_cells(cells_around(lat, lon, km)):
            d = distance_km(lat, lon, place.lat, place.lon)
            if d <= km:
                out.append((place, d))
        out.sort(key=lambda pd: (pd[1], -pd[0].population))
        return out[:limit] if limit else out

    def keys_near(self, lat: float, lon: float, km: float, min_population: int = 0) -> list[tuple[str, int]]:
        """Return ``(key, geonameid)`` for the names of places within about ``km`` of a point.

        A bounding box, not a circle: meant for narrowing typo-tolerant matching to an
        article's surroundings.

        Examples
        --------
        >>> ("popasna", 696566) in Gazetteer.default().keys_near(48.63, 38.38, 20)
        True
        """
        return [(k, gid) for cell in self.names_by_cell(lat, lon, km, min_population)
                for keys, ids in cell.values() for k, gid in zip(keys, ids, strict=False)]

    def names_by_cell(self, lat: float, lon: float, km: float, min_population: int = 0,
                      letters: str | None = None) -> list[dict]:
        """Like :meth:`keys_near`, per 1° grid cell: ``{first letter: (keys, geonameids)}``.

        Each cell is read once and kept, so articles about one area share it; typo-tolerant
        matching can run over one letter's lists as they are (a misspelling rarely
        changes a name's first letter: Popansa, Rouska Lozova). With ``letters``, only
        the keys starting with one of them, each letter read and kept on its own (five
        times cheaper than a whole cell).

        Examples
        --------
        >>> cells = Gazetteer.default().names_by_cell(48.63, 38.38, 20, letters="p")
        >>> any("popasna" in cell["p"][0] for cell in cells)
        True
        """
        cells = cells_around(lat, lon, km)
        if letters is None:
            return [self._names_in_cell(cell, int(min_population)) for cell in cells]
        return [{c: self._names_in_cell_by_letter(cell, int(min_population), c) for c in set(letters)}
                for cell in cells]

    @functools.lru_cache(maxsize=4096)  # noqa: B019 - one gazetteer per process, kept
    def _names_in_cell(self, cell: int, min_population: int) -> dict:
        out: dict[str, tuple[list, list]] = {}
        for key, gid in self.index.names_in_cell(cell, min_population):
            keys, ids = out.setdefault(key[:1], ([], []))
            keys.append(key)
            ids.append(gid)
        return out

    @functools.lru_cache(maxsize=65536)  # noqa: B019 - one gazetteer per process, kept
    def _names_in_cell_by_letter(self, cell: int, min_population: int, letter: str) -> tuple[tuple, tuple]:
        rows = self.index.names_in_cell(cell, min_population, letter)
        return tuple([k for k, _ in rows]), tuple([gid for _, gid in rows])

    def suggest(self, name: str, limit: int = 5) -> list[str]:
        """Return names of places spelled like ``name``, for a query nothing matched.

        Looser than :meth:`lookup`'s typo tolerance: meant for a human to choose from.

        Examples
        --------
        >>> "Kramatorsk" in Gazetteer.default().suggest("Kramatrosk")
        True
        """
        from rapidfuzz import fuzz, process

        key = fold(name)
        if len(key) < 3:
            return []
        buckets = self._fuzzy_buckets()
        pool = [k for n in range(len(key) - 3, len(key) + 4) for k in buckets.get(n, ())]
        out: list[str] = []
        for k, _, _ in process.extract(key, pool, scorer=fuzz.ratio, score_cutoff=70, limit=limit * 2):
            best = self.lookup(k, limit=1, fuzzy=False)
            if best and best[0].place.name not in out:
                out.append(best[0].place.name)
        return out[:limit]

    def info(self) -> dict:
        """Return what the index holds: path, counts by feature, sources, size.

        Examples
        --------
        >>> Gazetteer.default().info()["places"] > 200_000
        True
        """
        by_feature = self.index.feature_counts()
        return {
            "path": str(self.path),
            "source": self.name,
            "places": sum(by_feature.values()),
            "names": int(self.meta.get("names", 0)),
            "features": by_feature,
            "countries": self.index.country_count(),
            "size_mb": round(self.path.stat().st_size / 1e6, 1),
            "attribution": self.attribution,
        }

    # -- internals ---------------------------------------------------------------

    def _all(self, sql, args=()):
        """Raw SQL on the index, for tests that check what the builder wrote."""
        return self.index._all(sql, args)

    def _match(self, query: str, rows_of: Callable[[str], list[NameRow]], admin: bool = False) -> dict[int, Found]:
        """Exact-key candidates, plus admin-1 readings of "X Oblast"/"X region"."""
        found = {}
        for row in rows_of(fold(query)):
            found[row.geonameid] = Found(row, row.kind_name,
                                          admin=admin or row.feature == "admin1" and _has_suffix(row.matched))
        base, suffix = split_admin_suffix(query)
        if suffix:
            for row in rows_of(fold(base)):
                if row.geonameid in found:
                    continue
                is_area = row.feature in ("admin1", "region")
                c = Found(row, row.kind_name, admin=is_area)
                if not is_area:
                    c.penalty = REGION_QUERY_PENALTY
                found[row.geonameid] = c
        return found

    def _qualified(self, query: str, rows_of: Callable[[str], list[NameRow]]) -> dict[int, Found]:
        head, qual = split_qualifier(query)
        areas = self._qualifier_areas(qual)
        if not areas:
            return {}
        found = {}
        for gid, c in self._match(head, rows_of).items():
            cc, a1 = c.row.country_code, c.row.a1code
            if (cc, "") in areas or (cc, a1) in areas:
                c.weight = match_weight(c.match)  # an exact head still beats an alternate
                c.match, c.qualifier = "qualified", qual
                found[gid] = c
        return found

    def _qualifier_areas(self, qual: str) -> set[tuple[str, str]]:
        key = fold(qual)
        return self.index.qualifier_areas(key, key.replace(" ", ""))

    def _country_code(self, country: str) -> str:
        areas = {cc for cc, a1 in self._qualifier_areas(country) if not a1}
        if len(areas) != 1:
            raise InputError(f"unknown country {country!r}; give an ISO code such as UA or a name such as Ukraine")
        return areas.pop()

    def _fuzzy_match(self, key: str) -> dict[int, Found]:
        """Typo-tolerant candidates: names within a length-scaled edit distance."""
        if len(key) < 5:
            return {}
        from rapidfuzz import fuzz, process

        buckets = self._fuzzy_buckets()
        # Indel distance 2 (one transposition or substitution) for names up to 9
        # letters, 4 above; shorter names must match exactly.
        allowed = 2 if len(key) < 10 else 4
        cutoff = 100.0 * (1 - allowed / (2 * len(key))) - 0.01  # rapidfuzz rounds near the cutoff
        pool = [k for n in range(len(key) - 2, len(key) + 3) for k in buckets.get(n, ())]
        hits = process.extract(key, pool, scorer=fuzz.ratio, score_cutoff=cutoff, limit=10)
        found = {}
        for k, ratio, _ in hits:
            for row in self.index.candidates(k):
                if row.geonameid not in found or found[row.geonameid].ratio < ratio:
                    c = Found(row, "fuzzy")
                    c.ratio = ratio
                    found[row.geonameid] = c
        return found

    def _fuzzy_buckets(self) -> dict[int, list[str]]:
        # Loaded on the first fuzzy query only: exact lookups never pay for it.
        if self._fuzzy is None:
            buckets: dict[int, list[str]] = {}
            for k in self.index.fuzzy_keys():
                buckets.setdefault(len(k), []).append(k)
            self._fuzzy = buckets
        return self._fuzzy


@functools.lru_cache(maxsize=65536)
def _has_suffix(name: str) -> bool:
    return bool(split_admin_suffix(name)[1]) or name.lower().endswith(("область", "oblast"))
