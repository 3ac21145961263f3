"""The on-disk gazetteer index: one SQLite file, and the only module that knows its layout.

SQLite answers a lookup by key in microseconds straight from the file, so a cold
``geo lookup`` opens the index and runs one query instead of loading millions of names
into memory. The index is written once (by :mod:`geo.build` or :mod:`geo.dump`, through
:class:`IndexWriter`) to a temporary file and renamed into place, so a reader never sees
half an index. Everything else reads it through :class:`Index`, whose methods return
named rows (:class:`NameRow`) or records (:class:`~geo.records.Place`), never SQL rows.
"""

from __future__ import annotations

import math
import os
import sqlite3
import threading
from collections.abc import Iterable
from pathlib import Path
from typing import NamedTuple

from geo.errors import DataError
from geo.records import Place

#: Bumped whenever the schema or the build rules change, so old caches are rebuilt.
SCHEMA_VERSION = "10"

#: Name kinds, stored as small integers; the order is the order of trust.
KINDS = ("exact", "alternate", "transliterated")
EXACT, ALTERNATE, TRANSLITERATED = range(3)

_SCHEMA = """
CREATE TABLE places (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    lat REAL NOT NULL,
    lon REAL NOT NULL,
    cc TEXT NOT NULL,
    a1code TEXT NOT NULL,
    admin1 TEXT NOT NULL,
    feature TEXT NOT NULL,
    population INTEGER NOT NULL,
    prior REAL NOT NULL,
    cell INTEGER NOT NULL
);
CREATE TABLE names (
    key TEXT NOT NULL,
    id INTEGER NOT NULL,
    kind INTEGER NOT NULL,
    name TEXT NOT NULL,
    PRIMARY KEY (key, id)
) WITHOUT ROWID;
CREATE TABLE qualifiers (
    key TEXT NOT NULL,
    cc TEXT NOT NULL,
    a1code TEXT NOT NULL,
    PRIMARY KEY (key, cc, a1code)
) WITHOUT ROWID;
CREATE TABLE meta (k TEXT PRIMARY KEY, v TEXT NOT NULL);
CREATE TABLE fuzzy_keys (key TEXT PRIMARY KEY) WITHOUT ROWID;
"""

_INDEXES = """
CREATE INDEX names_by_id ON names (id);
CREATE INDEX places_by_cell ON places (cell);
"""

PLACE_COLUMNS = "id, name, lat, lon, cc, admin1, feature, population"
_BATCH = 50_000


def cell_of(lat: float, lon: float) -> int:
    """Return the 1°x1° grid cell of a point: area queries read only nearby cells.

    Examples
    --------
    >>> cell_of(49.98, 36.25), cell_of(-0.5, -0.5)
    (50256, 32219)
    """
    return (math.floor(lat) + 90) * 360 + (math.floor(lon) + 180) % 360


def cells_around(lat: float, lon: float, km: float) -> list[int]:
    """Return the grid cells a circle of ``km`` around a point may touch."""
    dlat = km / 111.0
    dlon = min(180.0, km / (111.0 * max(math.cos(math.radians(lat)), 0.01)))
    lats = range(math.floor(max(-90.0, lat - dlat)), math.floor(min(89.999, lat + dlat)) + 1)
    lons = range(math.floor(lon - dlon), math.floor(lon + dlon) + 1)
    return sorted({(la + 90) * 360 + (lo + 180) % 360 for la in lats for lo in lons})


def row_to_place(row) -> Place:
    """Make a :class:`Place` from a row of :data:`PLACE_COLUMNS`."""
    return Place(*row)


class NameRow(NamedTuple):
    """A name of the index with the place it names: one candidate of a lookup.

    Examples
    --------
    >>> r = NameRow(ALTERNATE, "Kiev", 0.95, "12", 703448, "Kyiv", 50.45, 30.52, "UA", "Kyiv", "city", 2952301)
    >>> r.kind_name, r.place().name
    ('alternate', 'Kyiv')
    """

    kind: int
    #: the name as the index writes it (the key is its folded form)
    matched: str
    prior: float
    a1code: str
    geonameid: int
    name: str
    lat: float
    lon: float
    country_code: str
    admin1: str
    feature: str
    population: int

    @property
    def kind_name(self) -> str:
        """The kind of name, as :data:`KINDS` spells it."""
        return KINDS[self.kind]

    def place(self) -> Place:
        """Return the :class:`~geo.records.Place` named."""
        return Place(*self[4:])


class IndexWriter:
    """Write a gazetteer index to ``path`` atomically.

    Use as a context manager: the file appears at ``path`` only when the block ends
    without an error.

    Examples
    --------
    >>> import tempfile, os
    >>> from geo.records import Place
    >>> d = tempfile.mkdtemp()
    >>> with IndexWriter(os.path.join(d, "g.sqlite")) as w:
    ...     w.add(Place(703448, "Kyiv", 50.45, 30.52, "UA", "Kyiv", "city", 2952301),
    ...           "12", 0.9, [("Kyiv", EXACT, "kyiv"), ("Kiev", ALTERNATE, "kiev")])
    >>> sqlite3.connect(os.path.join(d, "g.sqlite")).execute(
    ...     "select count(*) from names").fetchone()
    (2,)
    """

    def __init__(self, path: str | os.PathLike):
        from geo.output import AtomicFile  # the one atomic writer: also cleaned up on SIGTERM

        self.path = Path(path)
        self._out = AtomicFile(self.path, "wb")
        self._out.file.close()
        self._tmp = self._out.temporary
        self._db = sqlite3.connect(self._tmp)
        self._db.executescript(
            "PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; PRAGMA temp_store=FILE;" + _SCHEMA
            + "CREATE TABLE names_stage (key TEXT, id INTEGER, kind INTEGER, name TEXT);"
        )
        # Rows go to the file in batches, so memory stays flat however big the input
        # (allCountries.txt has 13 million places); duplicates are settled at the end.
        self._places: list[tuple] = []
        self._names: dict[tuple[str, int], tuple[int, str]] = {}
        self._qualifiers: set[tuple[str, str, str]] = set()
        self.meta: dict[str, str] = {"schema": SCHEMA_VERSION}

    def add(self, place: Place, a1code: str, prior: float, names) -> None:
        """Add a place with its admin-1 code, prior and ``(name, kind, key)`` names."""
        self._places.append(
            (place.geonameid, place.name, place.lat, place.lon, place.country_code,
             a1code, place.admin1, place.feature, place.population, prior, cell_of(place.lat, place.lon))
        )
        if len(self._places) >= _BATCH:
            self._write_places()
        self.add_names(place.geonameid, names)

    def add_names(self, geonameid: int, names) -> None:
        """Add ``(name, kind, key)`` names to a place; the most trusted kind wins."""
        for name, kind, key in names:
            if not key:
                continue
            k = (key, geonameid)
            old = self._names.get(k)
            if old is None or kind < old[0]:
                self._names[k] = (kind, name)
        if len(self._names) >= 4 * _BATCH:
            self._write_names()

    def _write_places(self) -> None:
        self._db.executemany("INSERT OR REPLACE INTO places VALUES (?,?,?,?,?,?,?,?,?,?,?)", self._places)
        self._places.clear()

    def _write_names(self) -> None:
        self._db.executemany("INSERT INTO names_stage VALUES (?,?,?,?)",
                             ((key, gid, kind, name) for (key, gid), (kind, name) in self._names.items()))
        self._names.clear()

    def add_qualifier(self, key: str, cc: str, a1code: str = "") -> None:
        """Record that ``key`` names a country (and an admin-1 area when ``a1code``)."""
        if key:
            self._qualifiers.add((key, cc, a1code))

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc, tb):
        try:
            if exc_type is None:
                self._flush()
        finally:
            self._db.close()
            if exc_type is not None:
                self._out.discard()
        return False

    def _flush(self) -> None:
        db = self._db
        try:
            self._write_places()
            self._write_names()
            # One name per (key, place), the most trusted kind (SQLite takes the bare
            # column `name` from the row holding min(kind)); names of places never added
            # (an alias of a place outside a partial dump) are dropped.
            db.execute(
                "INSERT INTO names SELECT key, id, min(kind), name FROM names_stage "
                "WHERE id IN (SELECT id FROM places) GROUP BY key, id ORDER BY key, id"
            )
            db.execute("DROP TABLE names_stage")
            db.executemany("INSERT INTO qualifiers VALUES (?,?,?)", sorted(self._qualifiers))
            self.meta["places"] = str(db.execute("SELECT count(*) FROM places").fetchone()[0])
            self.meta["names"] = str(db.execute("SELECT count(*) FROM names").fetchone()[0])
            db.executemany("INSERT INTO meta VALUES (?,?)", sorted(self.meta.items()))
            # Typo-tolerant lookups compare against these keys only: Latin names of
            # places big or notable enough that a misspelling of them is plausible.
            db.execute(
                "INSERT OR IGNORE INTO fuzzy_keys SELECT DISTINCT n.key FROM names n JOIN places p ON p.id = n.id "
                "WHERE n.kind < 2 AND (p.population >= 1000 OR p.feature != 'city')"
            )
            db.execute("DELETE FROM fuzzy_keys WHERE key GLOB '*[^ -~]*'")
            db.executescript(_INDEXES)
            db.commit()
            db.execute("VACUUM")
        except sqlite3.Error as exc:
            raise DataError(f"cannot write gazetteer index {self.path}: {exc}") from exc
        db.close()
        self._out.commit()


def connect(path: str | os.PathLike) -> sqlite3.Connection:
    """Open an index read-only, checking that it is one this version can read.

    Raises
    ------
    DataError
        If the file is missing, is not an index, or has another schema version.
    """
    path = Path(path)
    if not path.is_file():
        raise DataError(f"no gazetteer index at {path}; build one with 'geo gazetteer build'")
    try:
        db = sqlite3.connect(f"file:{path}?mode=ro&immutable=1", uri=True, check_same_thread=False)
        # Map the file into memory: pages are then read by the OS on demand and shared
        # between processes (the extract workers), not copied through read() calls.
        db.execute("PRAGMA mmap_size = 1073741824")
        version = db.execute("SELECT v FROM meta WHERE k = 'schema'").fetchone()
    except sqlite3.DatabaseError as exc:
        raise DataError(f"{path} is not a gazetteer index ({exc}); rebuild it with 'geo gazetteer build'") from None
    if not version or version[0] != SCHEMA_VERSION:
        raise DataError(f"{path} was built by another version of geo; rebuild it with 'geo gazetteer build'")
    return db


_PLACE_SELECT = ", ".join("p." + c.strip() for c in PLACE_COLUMNS.split(","))
_NAME_ROWS = f"SELECT n.kind, n.name, p.prior, p.a1code, {_PLACE_SELECT} FROM names n JOIN places p ON p.id = n.id"
# Names of places big or notable enough to be looked for near an article's places.
_NAMES_IN_CELL = ("SELECT n.key, n.id FROM places p JOIN names n ON n.id = p.id WHERE p.cell = ? "
                  "AND n.kind < 2 AND (p.population >= ? OR p.feature != 'city')")
#: SQLite's default limit on the ``?`` of one statement is 999 (older builds): stay below.
_MAX_ARGS = 500


class Index:
    """Read a gazetteer index: every query the project asks of it, by name.

    Thread-safe: one connection, one lock (SQLite reads are microseconds).

    Raises
    ------
    DataError
        If the file is missing, is not an index, or has another schema version.

    Examples
    --------
    >>> import tempfile, os
    >>> d = tempfile.mkdtemp()
    >>> with IndexWriter(os.path.join(d, "g.sqlite")) as w:
    ...     w.add(Place(703448, "Kyiv", 50.45, 30.52, "UA", "Kyiv", "city", 2952301),
    ...           "12", 0.9, [("Kyiv", EXACT, "kyiv"), ("Kiev", ALTERNATE, "kiev")])
    >>> ix = Index(os.path.join(d, "g.sqlite"))
    >>> [(r.kind_name, r.name) for r in ix.candidates("kiev")]
    [('alternate', 'Kyiv')]
    >>> ix.place(703448).name, ix.place(1) is None
    ('Kyiv', True)
    """

    def __init__(self, path: str | os.PathLike):
        self.path = Path(path)
        self._db = connect(self.path)
        self._lock = threading.Lock()
        #: the build's metadata: schema, counts, source, attribution...
        self.meta: dict[str, str] = dict(self._all("SELECT k, v FROM meta"))

    def _one(self, sql: str, args=()):
        with self._lock:
            return self._db.execute(sql, args).fetchone()

    def _all(self, sql: str, args=()) -> list:
        with self._lock:
            return self._db.execute(sql, args).fetchall()

    # -- lookups -------------------------------------------------------------------

    def candidates(self, key: str) -> list[NameRow]:
        """Return the places a folded name ``key`` names, one row per place."""
        if not key:
            return []
        return [NameRow(*r) for r in self._all(_NAME_ROWS + " WHERE n.key = ?", (key,))]

    def candidates_many(self, keys: Iterable[str]) -> dict[str, list[NameRow]]:
        """Return :meth:`candidates` of many keys at once: one query per 500 keys.

        Every key asked is in the result (with an empty list when nothing matches).
        """
        keys = sorted({k for k in keys if k})
        out: dict[str, list[NameRow]] = {k: [] for k in keys}
        for i in range(0, len(keys), _MAX_ARGS):
            chunk = keys[i : i + _MAX_ARGS]
            sql = f"SELECT n.key, {_NAME_ROWS[7:]} WHERE n.key IN ({','.join('?' * len(chunk))}) ORDER BY n.key, n.id"
            for r in self._all(sql, chunk):
                out[r[0]].append(NameRow(*r[1:]))
        return out

    def place(self, geonameid: int) -> Place | None:
        """Return the place with this id, or None."""
        row = self._one(f"SELECT {PLACE_COLUMNS} FROM places WHERE id = ?", (int(geonameid),))
        return row_to_place(row) if row else None

    def names_of(self, geonameid: int) -> list[str]:
        """Return the names of a place (not transliterations), sorted."""
        rows = self._all("SELECT DISTINCT name FROM names WHERE id = ? AND kind < 2 ORDER BY name", (int(geonameid),))
        return [r[0] for r in rows]

    def qualifier_areas(self, *keys: str) -> set[tuple[str, str]]:
        """Return the ``(country code, admin-1 code or "")`` areas any of ``keys`` names."""
        keys = tuple(dict.fromkeys(keys))
        rows = self._all(f"SELECT cc, a1code FROM qualifiers WHERE key IN ({','.join('?' * len(keys))})", keys)
        return set(rows)

    def fuzzy_keys(self) -> list[str]:
        """Return the keys typo-tolerant matching compares against."""
        return [k for (k,) in self._all("SELECT key FROM fuzzy_keys")]

    # -- areas ---------------------------------------------------------------------

    def places_in_cells(self, cells: list[int]) -> list[Place]:
        """Return every place in the given grid cells (see :func:`cells_around`)."""
        out = []
        for i in range(0, len(cells), _MAX_ARGS):
            chunk = cells[i : i + _MAX_ARGS]
            out += self._all(f"SELECT {PLACE_COLUMNS} FROM places WHERE cell IN ({','.join('?' * len(chunk))})",
                             chunk)
        return [row_to_place(r) for r in out]

    def names_in_cell(self, cell: int, min_population: int, letter: str | None = None) -> list[tuple[str, int]]:
        """Return ``(key, geonameid)`` of the names of places in a grid cell.

        Towns count from ``min_population`` people; with ``letter``, only the keys starting with it.
        """
        if letter is None:
            return self._all(_NAMES_IN_CELL, (cell, min_population))
        # Keys from the letter up to the next code point: a range on the names index.
        return self._all(_NAMES_IN_CELL + " AND n.key >= ? AND n.key < ?",
                         (cell, min_population, letter, chr(ord(letter) + 1)))

    # -- what the text matcher is built from -----------------------------------------

    def keys(self) -> list[str]:
        """Return every distinct key."""
        return [k for (k,) in self._all("SELECT DISTINCT key FROM names")]

    def names(self, max_length: int | None = None) -> list[tuple[str, str]]:
        """Return ``(key, name)`` of every name but transliterations, of at most ``max_length`` characters."""
        if max_length is None:
            return self._all("SELECT key, name FROM names WHERE kind < 2")
        return self._all("SELECT key, name FROM names WHERE kind < 2 AND length(name) <= ?", (int(max_length),))

    def possessive_names(self) -> list[tuple[str, str]]:
        """Return ``(key, name)`` of names holding a possessive ("People's Republic of China")."""
        return self._all("SELECT key, name FROM names WHERE kind < 2 AND (name LIKE '%''s %' OR name LIKE '%’s %')")

    def dotted_admin1_keys(self) -> list[str]:
        """Return the keys of admin-1 areas' short names written with a dot ("Ga.", "W.Va.")."""
        return [k for (k,) in self._all(
            "SELECT n.key FROM names n JOIN places p ON p.id = n.id WHERE p.feature = 'admin1' "
            "AND length(n.name) <= 6 AND n.name LIKE '%.'")]

    # -- what the index holds ----------------------------------------------------------

    def feature_counts(self) -> dict[str, int]:
        """Return the number of places of each feature, largest first."""
        return dict(self._all("SELECT feature, count(*) FROM places GROUP BY feature ORDER BY 2 DESC"))

    def country_count(self) -> int:
        """Return the number of countries with places."""
        return self._one("SELECT count(DISTINCT cc) FROM places WHERE cc != ''")[0]
