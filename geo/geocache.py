"""An on-disk cache of online geocoding answers, so a name is asked about only once.

Online geocoders are slow (one request a second on the public Nominatim) and their
operators ask clients not to repeat queries, so :class:`~geo.sources.online.OnlineGeocoder`
keeps every answer in a small SQLite file: positive answers (the candidates, as JSON)
for 30 days and negative answers ("no such place") for 7 days by default.

The file lives in ``platformdirs.user_cache_dir("geo-news")/geocode.sqlite``; set the
environment variable ``GEO_CACHE_DIR`` (a directory) or pass ``path`` to move it.
Several processes may share it: SQLite serialises the writers (WAL journal, 30 s busy
timeout). ``geo cache info`` and ``geo cache clear`` inspect and empty it.

Examples
--------
>>> import tempfile
>>> from geo.records import Candidate, Place
>>> tmp = tempfile.mkdtemp()
>>> cache = Geocache(tmp)
>>> place = Place(0, "Kutuzivka", 49.87, 36.54, "UA", "Kharkiv Oblast", "city",
...               source="nominatim", source_id="osm:node/1")
>>> cache.put("nominatim", "Kutuzivka", [Candidate(place, "Kutuzivka", "online:nominatim", 0.3)])
>>> cache.get("nominatim", "  KUTUZIVKA ")[0].place.lat
49.87
>>> cache.put("nominatim", "Nowhereville", [])   # a negative answer
>>> cache.get("nominatim", "Nowhereville")
[]
>>> cache.get("nominatim", "Never asked") is None
True
>>> {k: v for k, v in cache.info().items() if k in ("entries", "positive", "negative")}
{'entries': 2, 'positive': 1, 'negative': 1}
>>> cache.clear()
2
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import sqlite3
import time
import unicodedata
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

from geo.errors import DataError
from geo.records import Candidate, Place

#: File name of the cache inside its directory.
FILENAME = "geocode.sqlite"
#: Default lifetimes, in days, of positive and negative answers.
DEFAULT_TTL_DAYS = 30
DEFAULT_NEGATIVE_TTL_DAYS = 7

_DAY = 86400.0
_SCHEMA_VERSION = 1
_SCHEMA = """
CREATE TABLE IF NOT EXISTS geocode (
    service TEXT NOT NULL,
    query   TEXT NOT NULL,
    country TEXT NOT NULL,
    lim     INTEGER NOT NULL,
    found   INTEGER NOT NULL,
    payload TEXT NOT NULL,
    created REAL NOT NULL,
    expires REAL NOT NULL,
    PRIMARY KEY (service, query, country, lim)
)
"""


def default_path() -> Path:
    """Where the cache file lives: ``$GEO_CACHE_DIR/geocode.sqlite`` or the user cache dir.

    Examples
    --------
    >>> default_path().name
    'geocode.sqlite'
    """
    from geo.settings import cache_dir

    return cache_dir() / FILENAME


def normalize_query(text: str) -> str:
    """Return the cache key form of a query: NFKC, case-folded, single-spaced.

    Examples
    --------
    >>> normalize_query("  Kutuzivka\\t VILLAGE ")
    'kutuzivka village'
    """
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", text)).strip().casefold()


def candidate_to_dict(c: Candidate) -> dict:
    """Serialise a candidate losslessly (the inverse of :func:`candidate_from_dict`)."""
    return {
        "place": {f: getattr(c.place, f) for f in Place.__dataclass_fields__},
        "matched": c.matched,
        "match": c.match,
        "score": c.score,
        "why": list(c.why),
    }


def candidate_from_dict(d: dict) -> Candidate:
    """Rebuild a candidate written by :func:`candidate_to_dict`.

    Examples
    --------
    >>> c = Candidate(Place(0, "Maiorsk", 48.3, 38.0), "Maiorsk", "online:nominatim", 0.4)
    >>> candidate_from_dict(candidate_to_dict(c)) == c
    True
    """
    return Candidate(
        Place(**d["place"]), d["matched"], d["match"], float(d["score"]), tuple(d.get("why", ()))
    )


class Geocache:
    """The SQLite cache of online geocoding answers.

    Parameters
    ----------
    path : str or Path, optional
        The cache file, or a directory to hold ``geocode.sqlite``; default
        :func:`default_path` (env ``GEO_CACHE_DIR``, else the user cache directory).
        Nothing is created until the first :meth:`put`.
    ttl_days, negative_ttl_days : float
        Default lifetimes of positive and negative answers.
    clock : callable, optional
        Returns the current time in epoch seconds (default :func:`time.time`); tests
        inject their own to check expiry.

    Raises
    ------
    geo.errors.DataError
        From any method, when the file is not a readable SQLite database (the message
        says to run ``geo cache clear``, which deletes it), is locked for longer than
        the busy timeout, or cannot be written.
    """

    def __init__(
        self,
        path: str | os.PathLike | None = None,
        *,
        ttl_days: float = DEFAULT_TTL_DAYS,
        negative_ttl_days: float = DEFAULT_NEGATIVE_TTL_DAYS,
        clock: Callable[[], float] | None = None,
    ):
        p = Path(path).expanduser() if path is not None else default_path()
        if p.is_dir() or (path is not None and not p.suffix and not p.exists()):
            p = p / FILENAME
        self.path = p
        self.ttl_days = ttl_days
        self.negative_ttl_days = negative_ttl_days
        self._clock = clock or time.time
        self._ready = False

    def __repr__(self) -> str:
        return f"Geocache({str(self.path)!r})"

    # -- connection handling -------------------------------------------------------

    @contextlib.contextmanager
    def _connect(self, write: bool = False) -> Iterator[sqlite3.Connection | None]:
        """Yield a connection (None when reading a cache that does not exist yet)."""
        if not write and not self.path.exists():
            yield None
            return
        con = None
        try:
            if write:
                self.path.parent.mkdir(parents=True, exist_ok=True)
            con = sqlite3.connect(self.path, timeout=30.0, isolation_level=None)
            if write and not self._ready:
                self._create(con)
            yield con
        except sqlite3.Error as exc:
            raise self._error(exc) from None
        except OSError as exc:
            raise DataError(f"cannot write the geocode cache {self.path}: {exc.strerror or exc}") from None
        finally:
            if con is not None:
                con.close()

    def _create(self, con: sqlite3.Connection) -> None:
        version = con.execute("PRAGMA user_version").fetchone()[0]
        if version == 0:
            with contextlib.suppress(sqlite3.OperationalError):  # e.g. network file systems
                con.execute("PRAGMA journal_mode=WAL")
            con.execute(_SCHEMA)
            con.execute(f"PRAGMA user_version={_SCHEMA_VERSION}")
        elif version != _SCHEMA_VERSION:
            raise sqlite3.DatabaseError(f"unknown cache schema version {version}")
        self._ready = True

    def _error(self, exc: sqlite3.Error) -> DataError:
        msg = str(exc)
        if isinstance(exc, sqlite3.OperationalError) and "locked" in msg:
            return DataError(f"the geocode cache {self.path} is locked by another process; try again")
        if isinstance(exc, sqlite3.OperationalError) and "unable to open" in msg:
            return DataError(f"cannot open the geocode cache {self.path}: {msg}")
        return DataError(
            f"the geocode cache {self.path} is corrupt ({msg}); run `geo cache clear` to delete it"
        )

    def _rows(self, con: sqlite3.Connection, sql: str, params: Sequence = ()) -> list[tuple]:
        try:
            return con.execute(sql, params).fetchall()
        except sqlite3.OperationalError as exc:
            if "no such table" in str(exc):  # an empty SQLite file, or not ours
                return []
            raise

    # -- the cache -----------------------------------------------------------------

    @staticmethod
    def _key(service: str, query: str, country: str | None, limit: int) -> tuple:
        return (service, normalize_query(query), (country or "").upper(), int(limit))

    def get(
        self, service: str, query: str, country: str | None = None, limit: int = 1
    ) -> list[Candidate] | None:
        """Return the cached answer, ``[]`` for a cached "not found", ``None`` on a miss.

        Expired entries count as misses.
        """
        with self._connect() as con:
            if con is None:
                return None
            rows = self._rows(
                con,
                "SELECT found, payload FROM geocode WHERE service=? AND query=? AND country=?"
                " AND lim=? AND expires>?",
                (*self._key(service, query, country, limit), self._clock()),
            )
        if not rows:
            return None
        try:
            return [candidate_from_dict(d) for d in json.loads(rows[0][1])]
        except (ValueError, KeyError, TypeError) as exc:
            raise DataError(
                f"the geocode cache {self.path} is corrupt ({exc}); run `geo cache clear` to delete it"
            ) from None

    def put(
        self,
        service: str,
        query: str,
        candidates: Sequence[Candidate],
        country: str | None = None,
        limit: int = 1,
        ttl_days: float | None = None,
    ) -> None:
        """Store an answer (an empty ``candidates`` is a negative answer).

        ``ttl_days`` defaults to :attr:`ttl_days` for positive and
        :attr:`negative_ttl_days` for negative answers.
        """
        if ttl_days is None:
            ttl_days = self.ttl_days if candidates else self.negative_ttl_days
        now = self._clock()
        payload = json.dumps([candidate_to_dict(c) for c in candidates], ensure_ascii=False)
        with self._connect(write=True) as con:
            con.execute(
                "INSERT OR REPLACE INTO geocode VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (*self._key(service, query, country, limit), int(bool(candidates)), payload,
                 now, now + ttl_days * _DAY),
            )

    def _files(self) -> list[Path]:
        return [self.path, Path(f"{self.path}-wal"), Path(f"{self.path}-shm"),
                Path(f"{self.path}-journal")]

    def info(self) -> dict:
        """Describe the cache.

        Returns ``path``, ``entries``, ``positive``, ``negative``, ``expired``
        (included in the other counts) and ``size_bytes`` (with the WAL).
        """
        out = {"path": str(self.path), "entries": 0, "positive": 0, "negative": 0,
               "expired": 0, "size_bytes": 0}
        with self._connect() as con:
            if con is not None:
                rows = self._rows(
                    con,
                    "SELECT count(*), coalesce(sum(found), 0), coalesce(sum(expires<=?), 0)"
                    " FROM geocode",
                    (self._clock(),),
                )
                if rows:
                    entries, positive, expired = rows[0]
                    out.update(entries=entries, positive=positive,
                               negative=entries - positive, expired=expired)
        out["size_bytes"] = sum(f.stat().st_size for f in self._files() if f.exists())
        return out

    def clear(self, expired_only: bool = False) -> int:
        """Remove all entries (or only the expired ones); return how many went.

        A corrupt cache file is deleted outright (returning 0), which is how
        ``geo cache clear`` repairs it.
        """
        if not self.path.exists():
            return 0
        try:
            with self._connect() as con:
                where, params = ("WHERE expires<=?", (self._clock(),)) if expired_only else ("", ())
                try:
                    n = con.execute(f"DELETE FROM geocode {where}", params).rowcount
                except sqlite3.OperationalError as exc:
                    if "no such table" not in str(exc):
                        raise
                    n = 0
                if n:
                    with contextlib.suppress(sqlite3.Error):
                        con.execute("VACUUM")
                return max(n, 0)
        except DataError as exc:
            if "corrupt" not in str(exc):
                raise
        for f in self._files():
            with contextlib.suppress(FileNotFoundError):
                f.unlink()
        self._ready = False
        return 0
