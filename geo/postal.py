"""Read and clean GeoNames postal-code dumps into settlements with trustworthy points.

GeoNames publishes a postal-code dump per country (https://download.geonames.org/export/zip/,
CC BY 4.0): ``XX.txt`` or ``XX.zip``, one row per postal code, 12 tab-separated columns:

====  ===============  ====  ===============
 0    country code       6    admin code2
 1    postal code        7    admin name3
 2    place name         8    admin code3
 3    admin name1        9    latitude
 4    admin code1       10    longitude
 5    admin name2       11    accuracy (1 estimated, 3, 4 geonameid, 6 centroid)
====  ===============  ====  ===============

Many villages that the GeoNames city list lacks are in it, but its points are noisy:
postal-area and district centroids shared by many villages, a namesake's point copied
to villages of the same name elsewhere. :func:`clean_settlements` keeps what is
trustworthy, in this order (each step is counted in :class:`Cleaning`):

1. **One settlement per name and district**: rows are grouped by country, admin-1 code,
   admin-2 name and place name (a parenthesised council name, "Нагірна (Нагірнянська
   сільська рада)", is dropped); the point is the most common point of the group's
   best-accuracy rows.
2. **Accuracy**: a group whose best accuracy is 4 or 6 (a GeoNames place or address
   centroid) is kept; accuracy 1 and 3 are estimates (measured on Ukraine against the
   GeoNames city list: 5 % of them lie within 5 km of the city-list point, against
   96 % of the accuracy-4 points kept).
3. **Copied namesakes**: one point carried by the same name in several admin-2 areas
   belongs to at most one of them: the one whose other settlements lie nearest.
4. **Inside its admin-1 area**: among the nearest settlements at other points, some
   must be of the settlement's own admin-1 area (a point copied from another province
   lies among that province's villages).
5. **Near its admin-2 area**: the point lies within :data:`ADMIN2_REACH` of the median
   of its admin-2 area's settlements, or within three times that area's own median
   spread.

Used by ``data/gazetteer/derive_villages.py`` (the built-in Ukrainian village table)
and by ``geo gazetteer build --postal`` for any country.

Place data © GeoNames (CC BY 4.0), https://www.geonames.org/.
"""

from __future__ import annotations

import io
import os
import re
import zipfile
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from geo.distance import distance_km
from geo.errors import InputError

__all__ = ["ADMIN2_REACH", "Cleaning", "PostalRow", "Settlement", "clean_settlements", "read_postal"]

#: Columns of a postal-code row.
COLUMNS = 12
#: A settlement farther than this from its admin-2 area's median point is suspect (km),
#: unless the area's own spread is larger.
ADMIN2_REACH = 40.0
#: Neighbours consulted by the admin-1 check (step 4).
NEIGHBOURS = 8

_PAREN = re.compile(r"\s*\([^)]*\)\s*")


@dataclass(frozen=True)
class PostalRow:
    """One row of a GeoNames postal-code dump."""

    country_code: str
    postal_code: str
    name: str
    admin1_name: str
    admin1_code: str
    admin2_name: str
    lat: float
    lon: float
    accuracy: int


@dataclass(frozen=True)
class Settlement:
    """A settlement kept by :func:`clean_settlements`: its name, area and point."""

    name: str
    country_code: str
    admin1_code: str
    admin1_name: str
    admin2_name: str
    lat: float
    lon: float
    accuracy: int
    postal_codes: tuple[str, ...] = field(default=(), compare=False)


@dataclass
class Cleaning:
    """What :func:`clean_settlements` kept and dropped, step by step."""

    rows: int = 0
    groups: int = 0
    estimated: int = 0
    copied_namesakes: int = 0
    outside_admin1: int = 0
    far_from_admin2: int = 0
    kept: int = 0

    def summary(self) -> str:
        """Return the counts as one line."""
        return (f"{self.rows:,} rows, {self.groups:,} settlements; dropped {self.estimated:,} with estimated "
                f"points, {self.copied_namesakes:,} copied namesakes, {self.outside_admin1:,} outside "
                f"their admin-1 area, {self.far_from_admin2:,} far from their admin-2 area; kept {self.kept:,}")


def _open_text(path: str | os.PathLike) -> io.TextIOBase:
    path = os.fspath(path)
    if not os.path.isfile(path):
        raise InputError(f"{path}: no such file; give a GeoNames postal dump such as UA.txt or UA.zip")
    if zipfile.is_zipfile(path):
        zf = zipfile.ZipFile(path)
        members = [n for n in zf.namelist() if n.endswith(".txt") and "readme" not in n.lower()]
        if len(members) != 1:
            raise InputError(f"{path}: expected one XX.txt inside the zip, found {members or 'none'}")
        return io.TextIOWrapper(zf.open(members[0]), encoding="utf-8")
    return open(path, encoding="utf-8", newline="")


def read_postal(path: str | os.PathLike) -> list[PostalRow]:
    r"""Read a GeoNames postal-code dump (plain ``XX.txt`` or zipped).

    Raises
    ------
    InputError
        If the file is missing, is not a postal dump (12 tab-separated columns with a
        latitude and longitude), or a row is malformed (its line number is given).

    Examples
    --------
    >>> import tempfile, os
    >>> p = os.path.join(tempfile.mkdtemp(), "UA.txt")
    >>> _ = open(p, "w", encoding="utf-8").write(
    ...     "UA\t84558\tКліщіївка\tDonetska\t05\tBahmutskiy\t\t\t\t48.53\t37.9605\t4\n")
    >>> read_postal(p)[0].name
    'Кліщіївка'
    """
    rows = []
    with _open_text(path) as f:
        for n, line in enumerate(f, 1):
            line = line.rstrip("\r\n")
            if not line:
                continue
            cols = line.split("\t")
            try:
                if len(cols) != COLUMNS:
                    raise ValueError(f"{len(cols)} columns, not {COLUMNS}")
                lat, lon = float(cols[9]), float(cols[10])
                if not (-90 <= lat <= 90 and -180 <= lon <= 180):
                    raise ValueError("latitude or longitude out of range")
                acc = int(cols[11]) if cols[11].strip() else 0
            except ValueError as exc:
                raise InputError(f"{os.fspath(path)}, line {n}: not a GeoNames postal-code row ({exc}); "
                                 "give a postal dump from https://download.geonames.org/export/zip/") from None
            rows.append(PostalRow(cols[0], cols[1], cols[2], cols[3], cols[4], cols[5], lat, lon, acc))
    if not rows:
        raise InputError(f"{os.fspath(path)}: no rows; give a GeoNames postal dump such as UA.txt")
    return rows


def _km(a: tuple[float, float], b: tuple[float, float]) -> float:
    return distance_km(a[0], a[1], b[0], b[1])


def _median_point(points: list[tuple[float, float]]) -> tuple[float, float]:
    lats = sorted(p[0] for p in points)
    lons = sorted(p[1] for p in points)
    return lats[len(lats) // 2], lons[len(lons) // 2]


def clean_settlements(rows: Iterable[PostalRow], report: Cleaning | None = None) -> list[Settlement]:
    """Turn postal rows into settlements with trustworthy points (module docstring).

    Parameters
    ----------
    rows : iterable of PostalRow
        Rows from :func:`read_postal`.
    report : Cleaning, optional
        Filled with what each step dropped.

    Returns
    -------
    list of Settlement
        Sorted by country, admin-1 code, admin-2 name and name.
    """
    import numpy as np

    rep = report if report is not None else Cleaning()
    groups: dict[tuple[str, str, str, str], list[PostalRow]] = defaultdict(list)
    for r in rows:
        rep.rows += 1
        name = _PAREN.sub(" ", r.name).strip()
        if name:
            groups[(r.country_code, r.admin1_code, r.admin2_name, name)].append(r)
    rep.groups = len(groups)

    # Step 1: one point per group, from its best-accuracy rows.
    cands = []
    for (cc, a1, a2, name), grp in sorted(groups.items()):
        best = max(4 if r.accuracy == 6 else r.accuracy for r in grp)
        pts = Counter((r.lat, r.lon) for r in grp if (4 if r.accuracy == 6 else r.accuracy) == best)
        (lat, lon), _ = min(pts.items(), key=lambda kv: (-kv[1], kv[0]))
        cands.append(Settlement(name, cc, a1, grp[0].admin1_name, a2, lat, lon, best,
                                tuple(sorted({r.postal_code for r in grp}))))

    # Step 2: estimated points are district or postal-area centroids.
    kept = [s for s in cands if s.accuracy >= 4]
    rep.estimated = len(cands) - len(kept)

    def admin2_medians(items):
        pts = defaultdict(list)
        for s in items:
            pts[(s.country_code, s.admin1_code, s.admin2_name)].append((s.lat, s.lon))
        return {k: _median_point(v) for k, v in pts.items()}, pts

    # Step 3: one point, one name, several admin-2 areas: the nearest area keeps it.
    med, _ = admin2_medians(kept)
    by_point_name: dict[tuple, list[Settlement]] = defaultdict(list)
    for s in kept:
        by_point_name[(s.country_code, s.lat, s.lon, s.name)].append(s)
    drop = set()
    for same in by_point_name.values():
        if len({s.admin2_name for s in same}) > 1:
            owner = min(same, key=lambda s: (_km((s.lat, s.lon), med[(s.country_code, s.admin1_code,
                                                                        s.admin2_name)]), s.admin2_name))
            drop.update(id(s) for s in same if s is not owner)
    rep.copied_namesakes = len(drop)
    kept = [s for s in kept if id(s) not in drop]

    # Step 4: inside its admin-1 area, judged by the nearest settlements at other points.
    k = min(NEIGHBOURS, len(kept) - 1)
    if k >= 1:
        lat = np.radians(np.array([s.lat for s in kept]))
        lon = np.radians(np.array([s.lon for s in kept]))
        a1 = np.array([f"{s.country_code}/{s.admin1_code}" for s in kept])
        xyz = np.stack([np.cos(lat) * np.cos(lon), np.cos(lat) * np.sin(lon), np.sin(lat)], axis=1)
        inside = np.ones(len(kept), dtype=bool)
        for start in range(0, len(kept), 2048):
            block = xyz[start:start + 2048]
            dot = block @ xyz.T
            dot[dot > 1 - 1e-12] = -2  # the same point (itself or a copy) is no neighbour
            near = np.argpartition(-dot, k - 1, axis=1)[:, :k] if k < len(kept) - 1 else np.argsort(-dot)[:, :k]
            inside[start:start + len(block)] = (a1[near] == a1[start:start + len(block), None]).any(axis=1)
        rep.outside_admin1 = int((~inside).sum())
        kept = [s for s, ok in zip(kept, inside, strict=True) if ok]

    # Step 5: near its admin-2 area (the median and spread of the area's settlements).
    med, pts = admin2_medians(kept)
    spread = {k: sorted(_km(p, med[k]) for p in v)[len(v) // 2] for k, v in pts.items()}
    out = []
    for s in kept:
        k = (s.country_code, s.admin1_code, s.admin2_name)
        if not s.admin2_name or len(pts[k]) < 3 or _km((s.lat, s.lon), med[k]) <= max(ADMIN2_REACH, 3 * spread[k]):
            out.append(s)
        else:
            rep.far_from_admin2 += 1
    rep.kept = len(out)
    return out


#: Ids of settlements from postal dumps: 980,000,000 + a stable hash (far above GeoNames').
POSTAL_ID_BASE = 980_000_000
#: A postal settlement this close to an indexed town of the same name is that town.
SAME_PLACE_KM = 10.0


def display_name(name: str, country_code: str) -> str:
    """Return the Latin name shown for a postal settlement: KMU 2010 for Ukrainian names.

    Examples
    --------
    >>> display_name("Кліщіївка", "UA"), display_name("Zatoka", "UA"), display_name("Горки", "BY")
    ('Klishchiivka', 'Zatoka', 'Горки')
    """
    if country_code == "UA" and any("\u0400" <= ch <= "\u04ff" for ch in name):
        import translitua

        return translitua.translit(name)
    return name


def add_settlements(w, settlements: Iterable[Settlement], known: dict | None = None,
                    area_names: dict | None = None) -> int:
    """Add cleaned postal settlements to an index being written (a gazetteer build).

    Each is a settlement of unknown population (feature ``city``, prior
    :data:`geo.scoring.VILLAGE_PRIOR`), named by its dump name, its Latin display name,
    in Ukraine its Russian form (:func:`geo.russian.russian_form`) and, in countries that
    write Cyrillic, the transliterations of :func:`geo.names.latin_variants`.

    Parameters
    ----------
    w : geo.index.IndexWriter
    settlements : iterable of Settlement
        From :func:`clean_settlements`.
    known : dict, optional
        ``(country code, folded name) -> [(lat, lon)]`` of towns already in the index: a
        settlement within :data:`SAME_PLACE_KM` of one of them is that town, left out.
    area_names : dict, optional
        ``(country code, admin-1 code) -> display name`` of admin-1 areas.

    Returns
    -------
    int
        How many settlements were added.
    """
    import zlib

    from geo.build import CYRILLIC_COUNTRIES, name_variants
    from geo.index import ALTERNATE, EXACT
    from geo.names import fold
    from geo.records import Place
    from geo.russian import russian_form
    from geo.scoring import VILLAGE_PRIOR

    known = known or {}
    area_names = area_names or {}
    used: set[int] = set()
    added = 0
    for s in settlements:
        display = display_name(s.name, s.country_code)
        keys = {fold(s.name), fold(display)}
        if any(distance_km(s.lat, s.lon, lat, lon) <= SAME_PLACE_KM
               for k in keys for lat, lon in known.get((s.country_code, k), ())):
            continue
        gid = POSTAL_ID_BASE + zlib.crc32(f"{s.country_code}/{s.admin1_code}/{s.admin2_name}/{s.name}".encode()) \
            % 10_000_000
        while gid in used:
            gid += 1
        used.add(gid)
        place = Place(gid, display, s.lat, s.lon, s.country_code,
                      area_names.get((s.country_code, s.admin1_code), s.admin1_name), "city", 0)
        pairs = [(display, EXACT)] + ([(s.name, ALTERNATE)] if s.name != display else [])
        translit = s.country_code in CYRILLIC_COUNTRIES
        names = list(name_variants(pairs, translit, "uk" if s.country_code == "UA" else ""))
        if s.country_code == "UA":  # the Russian form news uses too (Kleshcheyevka), see geo.russian
            ru = russian_form(s.name)
            if ru != s.name:
                names += name_variants([(ru, ALTERNATE)], True, "ru")
        w.add(place, s.admin1_code, VILLAGE_PRIOR, names)
        added += 1
    return added


def build_from_postal(files: Iterable[str | os.PathLike], out_dir: str | os.PathLike, *,
                      progress=None, supplement: bool = True):
    r"""Build ``<out_dir>/gazetteer.sqlite`` from GeoNames postal-code dumps alone.

    Every file is read (:func:`read_postal`) and cleaned (:func:`clean_settlements`)
    before anything is written, so a bad file leaves no partial index.

    Raises
    ------
    InputError
        If a file is missing or is not a postal dump, or ``out_dir`` is a file.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> rows = [f"UA\t8455{i}\t{n}\tDonetska\t05\tBahmutskiy\t\t\t\t{lat}\t{lon}\t4"
    ...         for i, (n, lat, lon) in enumerate([("Кліщіївка", 48.53, 37.9605), ("Андріївка", 48.5008, 37.968),
    ...                                             ("Богданівка", 48.6184, 37.8981)])]
    >>> _ = (d / "UA.txt").write_text("\n".join(rows) + "\n", encoding="utf-8")
    >>> from geo.gazetteer import Gazetteer
    >>> gz = Gazetteer.open(build_from_postal([d / "UA.txt"], d / "out", supplement=False))
    >>> gz.resolve("Klishchiivka").admin1, gz.resolve("Кліщіївка").lat
    ('Donetsk Oblast', 48.53)
    """
    import time
    from pathlib import Path

    from geo.build import add_qualifiers, add_supplement, country_aliases, load_admin1
    from geo.index import IndexWriter

    say = progress or (lambda msg: None)
    files = [Path(f) for f in files]
    if not files:
        raise InputError("no postal dump files given; give --postal XX.txt")
    out = Path(out_dir)
    if out.exists() and not out.is_dir():
        raise InputError(f"{out} exists and is not a folder")
    settlements = []
    for path in files:
        say(f"reading and cleaning {path.name}")
        rep = Cleaning()
        settlements += clean_settlements(read_postal(path), rep)
        say(f"  {rep.summary()}")
    admin1 = load_admin1()
    names = {k: a["display"] for k, a in admin1.items()}
    with IndexWriter(out / "gazetteer.sqlite") as w:
        added = add_settlements(w, settlements, area_names=names)
        aliases = country_aliases()
        for cc in sorted({s.country_code for s in settlements}):
            add_qualifiers(w, cc, aliases.get(cc, ()), codes=[cc])
        for cc, a1 in sorted({(s.country_code, s.admin1_code) for s in settlements}):
            area = admin1.get((cc, a1))
            if area:
                add_qualifiers(w, cc, [area["name"], area["display"], *area["aliases"]], codes=[a1], a1code=a1)
        if supplement:
            say("adding the supplement (data/gazetteer)")
            add_supplement(w, admin1=admin1)
        w.meta.update(source="geonames-postal", attribution="Place data © GeoNames (CC BY 4.0), https://www.geonames.org/",
                      files=", ".join(p.name for p in files), built=time.strftime("%Y-%m-%dT%H:%M:%S"))
        say(f"writing the index ({added:,} settlements)")
    return out / "gazetteer.sqlite"
