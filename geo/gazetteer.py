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

import functools
import os
import sys
import threading
from pathlib import Path

from geo.errors import DataError, InputError, PlaceNotFound
from geo.index import KINDS, PLACE_COLUMNS, cells_around, connect, row_to_place
from geo.names import fold, split_admin_suffix, split_qualifier
from geo.records import Candidate, Place

#: How much each kind of match is trusted, before the place's prior is added.
MATCH_WEIGHTS = {"exact": 1.0, "alternate": 0.95, "transliterated": 0.9, "fuzzy": 0.85}
#: Added to the score of places in the country a query is biased to.
COUNTRY_BIAS = 0.15
#: Prior of an admin-1 area when the query names it with a suffix ("Kharkiv Oblast").
ADMIN_WITH_SUFFIX_PRIOR = 0.97

ATTRIBUTION = "Place data © GeoNames (CC BY 4.0), https://www.geonames.org/"

_DEFAULT = None
_DEFAULT_LOCK = threading.Lock()


def cache_dir() -> Path:
    """Return the folder where built indexes are kept (env ``GEO_CACHE_DIR`` overrides)."""
    env = os.environ.get("GEO_CACHE_DIR")
    if env:
        return Path(env)
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("geo-news"))


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
        self._db = connect(self.path)
        self._lock = threading.Lock()
        self._fuzzy = None
        meta = dict(self._db.execute("SELECT k, v FROM meta"))
        self.meta = meta
        self.name = meta.get("source", "builtin")
        self.attribution = meta.get("attribution", ATTRIBUTION)

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
                    from geo.build import build_builtin

                    _note(f"building the gazetteer index once into {path} (about a minute)...")
                    try:
                        build_builtin(path)
                    except OSError as exc:
                        raise DataError(f"cannot build the gazetteer index in {path.parent}: {exc}; "
                                        "set GEO_CACHE_DIR to a writable folder") from None
                    _prune(path)
                try:
                    _DEFAULT = cls(path)
                except DataError:
                    # A cache file, not the user's data: a corrupt or stale one is rebuilt.
                    _note(f"the gazetteer index {path} is unreadable; building it again (about a minute)...")
                    from geo.build import build_builtin

                    try:
                        build_builtin(path)
                    except OSError as exc:
                        raise DataError(f"cannot build the gazetteer index in {path.parent}: {exc}; "
                                        "set GEO_CACHE_DIR to a writable folder") from None
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
        found = self._match(query)
        if not found and "," in query:
            found = self._qualified(query)
        if not found and fuzzy:
            found = self._fuzzy_match(fold(split_admin_suffix(query)[0]))
        _break_ties(found)
        # Score the raw rows; build records only for the candidates returned.
        scored = sorted(((self._value(c, bias), c) for c in found.values()),
                        key=lambda sc: (-sc[0], -sc[1]["row"][11], sc[1]["row"][4]))
        return [self._candidate(c, score, bias, explain) for score, c in scored[: max(limit, 0)]]

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
        row = self._one(f"SELECT {PLACE_COLUMNS} FROM places WHERE id = ?", (int(geonameid),))
        if row is None:
            raise PlaceNotFound(f"no place with geonameid {geonameid} in {self.path.name}")
        return row_to_place(row)

    def alternate_names(self, geonameid: int) -> list[str]:
        """Return every name indexed for a place (transliterations excluded).

        Examples
        --------
        >>> "Sievierodonetsk" in Gazetteer.default().alternate_names(691999)
        True
        """
        rows = self._all("SELECT DISTINCT name FROM names WHERE id = ? AND kind < 2 ORDER BY name", (int(geonameid),))
        return [r[0] for r in rows]

    def near(self, lat: float, lon: float, km: float, limit: int | None = None) -> list[tuple[Place, float]]:
        """Return ``(place, distance_km)`` for places within ``km`` of a point, nearest first.

        Examples
        --------
        >>> [(p.name, round(d)) for p, d in Gazetteer.default().near(49.98, 36.25, 3, limit=1)]
        [('Kharkiv', 0)]
        """
        from geopy.distance import great_circle

        if km < 0:
            raise InputError("distance must be positive")
        rows = self._in_cells(f"SELECT {PLACE_COLUMNS} FROM places p", lat, lon, km)
        out = []
        for row in rows:
            d = great_circle((lat, lon), (row[2], row[3])).km
            if d <= km:
                out.append((row_to_place(row), d))
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

    _NAMES_IN_CELL = ("SELECT n.key, n.id FROM places p JOIN names n ON n.id = p.id WHERE p.cell = ? "
                      "AND n.kind < 2 AND (p.population >= ? OR p.feature != 'city')")

    @functools.lru_cache(maxsize=4096)  # noqa: B019 - one gazetteer per process, kept
    def _names_in_cell(self, cell: int, min_population: int) -> dict:
        out: dict[str, tuple[list, list]] = {}
        for key, gid in self._all(self._NAMES_IN_CELL, (cell, min_population)):
            keys, ids = out.setdefault(key[:1], ([], []))
            keys.append(key)
            ids.append(gid)
        return out

    @functools.lru_cache(maxsize=65536)  # noqa: B019 - one gazetteer per process, kept
    def _names_in_cell_by_letter(self, cell: int, min_population: int, letter: str) -> tuple[tuple, tuple]:
        # Keys from the letter up to the next code point: a range on the names index.
        rows = self._all(self._NAMES_IN_CELL + " AND n.key >= ? AND n.key < ?",
                         (cell, min_population, letter, chr(ord(letter) + 1)))
        return tuple([k for k, _ in rows]), tuple([gid for _, gid in rows])

    def _in_cells(self, select: str, lat: float, lon: float, km: float) -> list:
        cells = cells_around(lat, lon, km)
        out = []
        for i in range(0, len(cells), 500):
            chunk = cells[i : i + 500]
            out += self._all(f"{select} WHERE p.cell IN ({','.join('?' * len(chunk))})", chunk)
        return out

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
        by_feature = dict(self._all("SELECT feature, count(*) FROM places GROUP BY feature ORDER BY 2 DESC"))
        return {
            "path": str(self.path),
            "source": self.name,
            "places": sum(by_feature.values()),
            "names": int(self.meta.get("names", 0)),
            "features": by_feature,
            "countries": self._one("SELECT count(DISTINCT cc) FROM places WHERE cc != ''")[0],
            "size_mb": round(self.path.stat().st_size / 1e6, 1),
            "attribution": self.attribution,
        }

    # -- internals ---------------------------------------------------------------

    def _one(self, sql, args=()):
        with self._lock:
            return self._db.execute(sql, args).fetchone()

    def _all(self, sql, args=()):
        with self._lock:
            return self._db.execute(sql, args).fetchall()

    _CANDIDATES = (
        f"SELECT n.kind, n.name, p.prior, p.a1code, {', '.join('p.' + c.strip() for c in PLACE_COLUMNS.split(','))} "
        "FROM names n JOIN places p ON p.id = n.id WHERE n.key = ?"
    )

    def _rows(self, key: str) -> list[tuple]:
        return self._all(self._CANDIDATES, (key,)) if key else []

    def _match(self, query: str, admin: bool = False) -> dict[int, dict]:
        """Exact-key candidates, plus admin-1 readings of "X Oblast"/"X region"."""
        found = {}
        for row in self._rows(fold(query)):
            found[row[4]] = self._cand(row, KINDS[row[0]], admin=admin or row[10] == "admin1" and _has_suffix(row[1]))
        base, suffix = split_admin_suffix(query)
        if suffix:
            for row in self._rows(fold(base)):
                if row[4] in found:
                    continue
                is_area = row[10] in ("admin1", "region")
                c = self._cand(row, KINDS[row[0]], admin=is_area)
                if not is_area:
                    c["penalty"] = 0.3  # "Kharkiv region" is rarely the city itself
                found[row[4]] = c
        return found

    def _cand(self, row, match: str, admin: bool = False) -> dict:
        # row: kind, matched name, prior, a1code, then the Place fields (id .. population)
        prior = ADMIN_WITH_SUFFIX_PRIOR if admin and row[10] == "admin1" else row[2]
        return {"row": row, "matched": row[1], "match": match, "prior": prior, "a1code": row[3],
                "ratio": 100.0, "penalty": 0.0, "qualifier": "", "weight": None, "tie": 0.0}

    def _qualified(self, query: str) -> dict[int, dict]:
        head, qual = split_qualifier(query)
        areas = self._qualifier_areas(qual)
        if not areas:
            return {}
        found = {}
        for gid, c in self._match(head).items():
            cc, a1 = c["row"][8], c["a1code"]
            if (cc, "") in areas or (cc, a1) in areas:
                c["weight"] = MATCH_WEIGHTS[c["match"]]  # an exact head still beats an alternate
                c["match"], c["qualifier"] = "qualified", qual
                found[gid] = c
        return found

    def _qualifier_areas(self, qual: str) -> set[tuple[str, str]]:
        key = fold(qual)
        rows = self._all("SELECT cc, a1code FROM qualifiers WHERE key = ? OR key = ?", (key, key.replace(" ", "")))
        return set(rows)

    def _country_code(self, country: str) -> str:
        areas = {cc for cc, a1 in self._qualifier_areas(country) if not a1}
        if len(areas) != 1:
            raise InputError(f"unknown country {country!r}; give an ISO code such as UA or a name such as Ukraine")
        return areas.pop()

    def _fuzzy_match(self, key: str) -> dict[int, dict]:
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
            for row in self._rows(k):
                c = self._cand(row, "fuzzy")
                c["ratio"] = ratio
                if row[4] not in found or found[row[4]]["ratio"] < ratio:
                    found[row[4]] = c
        return found

    def _fuzzy_buckets(self) -> dict[int, list[str]]:
        # Loaded on the first fuzzy query only: exact lookups never pay for it.
        if self._fuzzy is None:
            buckets: dict[int, list[str]] = {}
            for (k,) in self._all("SELECT key FROM fuzzy_keys"):
                buckets.setdefault(len(k), []).append(k)
            self._fuzzy = buckets
        return self._fuzzy

    @staticmethod
    def _value(c: dict, bias: str | None) -> float:
        weight = c["weight"] or MATCH_WEIGHTS[c["match"]]
        if c["match"] == "fuzzy":
            weight *= c["ratio"] / 100.0
        score = 0.5 * weight + 0.5 * c["prior"] - c["penalty"] + c["tie"]
        if bias and c["row"][8] == bias:
            score += COUNTRY_BIAS
        return max(0.0, min(1.0, score))

    @staticmethod
    def _candidate(c: dict, score: float, bias: str | None, explain: bool) -> Candidate:
        place, match = Place(*c["row"][4:12]), c["match"]
        if not explain:
            return Candidate(place, c["matched"], match, score)
        biased = bool(bias) and place.country_code == bias
        why = [f"{match} match on {c['matched']!r}" + (f" ({c['ratio']:.0f}% similar)" if match == "fuzzy" else ""),
               f"{place.feature}, population {place.population:,}, prior {c['prior']:.2f}"]
        if c["qualifier"]:
            why.append(f"inside {c['qualifier']!r}")
        if c["penalty"]:
            why.append(f"query names a region: -{c['penalty']:.2f}")
        if biased:
            why.append(f"in the preferred country {bias}: +{COUNTRY_BIAS:.2f}")
        return Candidate(place, c["matched"], match, score, tuple(why))


def _break_ties(found: dict) -> None:
    """Between near-equal non-exact candidates, favour the one whose own name the query
    resembles ("Sloviansk" is Slovyansk, not Nikopol, which GeoNames also calls so).
    """
    if len(found) < 2:
        return
    top = max(c["prior"] for c in found.values())
    close = [c for c in found.values() if c["match"] != "exact" and top - c["prior"] < 0.04]
    if len(close) > 1:
        for c in close:
            c["tie"] = 0.02 * _resemblance(c["matched"], c["row"][5])


def _resemblance(a: str, b: str) -> float:
    from rapidfuzz.fuzz import ratio

    return ratio(fold(a), fold(b)) / 100.0


@functools.lru_cache(maxsize=65536)
def _has_suffix(name: str) -> bool:
    return bool(split_admin_suffix(name)[1]) or name.lower().endswith(("область", "oblast"))
