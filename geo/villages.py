"""The village tier of the built-in gazetteer: Ukraine's settlements from GeoNames postal data.

``data/gazetteer/ua_villages.csv`` (derived by ``data/gazetteer/derive_villages.py``)
holds about 14,000 settlements that GeoNames' cities500 lacks, each with its post-2020
raion. The builder adds them at a low prior (:func:`add_villages`); the resolver asks
:func:`village_raions` when an article names a raion ("Andriivka, Bakhmut raion"). Run
time needs only this module and the table, never the builder.
"""

from __future__ import annotations

import csv
import functools
import re
from collections import defaultdict
from pathlib import Path

from geo.distance import distance_km
from geo.index import ALTERNATE, EXACT, IndexWriter
from geo.names import fold, is_cyrillic, split_admin_suffix
from geo.records import Place
from geo.scoring import VILLAGE_PRIOR
from geo.settings import data_dir

__all__ = ["VILLAGE_SAME_KM", "add_villages", "raion_key", "village_raions"]

#: A village this close to a cities500 place of the same name is that place (three times
#: as far for a town of 10,000+: a postal point may lie 20 km from a city's centre).
VILLAGE_SAME_KM = 10.0


def _read_csv(path: Path) -> list[dict]:
    if not path.is_file():
        return []
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


_RAION_SUFFIX = re.compile(r"(?:s?kyi|sk|ska|ske|s)$")


def raion_key(name: str) -> str:
    """Return the key under which a raion is named: its folded Latin stem.

    News names a raion by its adjective (Bakhmutskyi Raion) or by its town (Bakhmut
    raion, Pokrovsk district); both meet at the stem.

    Examples
    --------
    >>> raion_key("Бахмутський"), raion_key("Bakhmut"), raion_key("Pokrovsk"), raion_key("Покровський")
    ('bakhmut', 'bakhmut', 'pokrov', 'pokrov')
    """
    if is_cyrillic(name):
        import translitua

        name = translitua.translit(name)
    key = fold(split_admin_suffix(name)[0])
    return _RAION_SUFFIX.sub("", key) if len(key) > 5 else key


@functools.cache
def village_raions() -> dict[int, str]:
    """Return the :func:`raion_key` of the post-2020 raion of each village-tier place, by id."""
    return {int(r["id"]): raion_key(r["raion"]) for r in _read_csv(data_dir() / "ua_villages.csv") if r["raion"]}


def _town_form(name: str, big_towns: set[str]) -> bool:
    """Tell whether the Ukrainian dictionary reads ``name`` as a form of a town's name too."""
    try:
        from geo.morph import nominatives
    except ImportError:  # pragma: no cover - a declared dependency
        return False
    own = fold(name)
    return any((k := fold(f)) != own and k in big_towns for f in nominatives(name, "uk"))


def add_villages(w: IndexWriter, cities: dict, folder: Path | None = None) -> int:
    """Add Ukraine's villages (``ua_villages.csv``) to an index being written.

    Each row is a settlement of unknown population (feature ``city``, prior
    :data:`VILLAGE_PRIOR`) named by its KMU romanisation, its Ukrainian name, its
    Russian form, their other romanisations (BGN/PCGN, Russian Wikipedia) and the
    transliterations of :func:`geo.names.latin_variants`. A row within
    :data:`VILLAGE_SAME_KM` of a cities500 place of the same name (three times that for a
    town of 10,000+) is that place and is left out; the place gets the row's Russian form.

    Returns
    -------
    int
        The number of villages added.
    """
    from geo.build import load_admin1, name_variants  # build time only: run time never loads the builder

    rows = _read_csv((folder or data_dir()) / "ua_villages.csv")
    if not rows:
        return 0
    admin1 = {a1: a["display"] for (cc, a1), a in load_admin1().items() if cc == "UA"}
    towns: dict[str, list] = defaultdict(list)
    big_towns: set[str] = set()  # folded Cyrillic names of towns of 10,000+ (UA, RU, BY)
    for v in cities.values():
        if v["countrycode"] == "UA":
            for n in {v["name"], *v["alternatenames"]}:
                towns[fold(n)].append(v)
        if v["countrycode"] in ("UA", "RU", "BY") and int(v["population"] or 0) >= 10_000:
            big_towns.update(fold(n) for n in v["alternatenames"] if is_cyrillic(n))
    added = 0
    for row in rows:
        lat, lon = float(row["lat"]), float(row["lon"])
        same = [v for key in (fold(row["name"]), fold(row["name_uk"])) for v in towns.get(key, ())
                if distance_km(lat, lon, v["latitude"], v["longitude"])
                <= (VILLAGE_SAME_KM if int(v["population"] or 0) < 10_000 else 3 * VILLAGE_SAME_KM)]
        if same:
            if row["name_ru"]:
                w.add_names(same[0]["geonameid"], name_variants([(row["name_ru"], ALTERNATE)], True, "ru"))
            continue
        place = Place(int(row["id"]), row["name"], lat, lon, "UA", admin1.get(row["admin1"], ""), "city", 0)
        # A village named like an inflected form of a town (Харкове, a form of Харків) keeps
        # only its Latin names: in Cyrillic text the word means the town.
        cyrillic = not _town_form(row["name_uk"], big_towns)
        pairs = [(row["name"], EXACT)] + ([(row["name_uk"], ALTERNATE)] if cyrillic else [])
        pairs += [(a, ALTERNATE) for a in row["latin"].split("|") if a]
        names = list(name_variants(pairs, cyrillic, "uk"))
        if row["name_ru"] and cyrillic:
            names += name_variants([(row["name_ru"], ALTERNATE)], True, "ru")
        w.add(place, row["admin1"], VILLAGE_PRIOR, names)
        added += 1
    return added

