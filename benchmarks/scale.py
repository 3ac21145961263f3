#!/usr/bin/env python3
"""Throughput of geo on a Dask LocalCluster of 1 and 2 worker processes, against one process.

Usage::

    python benchmarks/scale.py [--mb 18] [--quick] [--workers 1,2] [--data DIR] [--json]

Writes the corpus of ``benchmarks/speed.py`` (LGL and GeoVirus texts repeated to about
``--mb`` megabytes, one ``.txt`` file per article), then measures in the same run:

* the peer: this process extracting the folder with ``Extractor.extract_articles``
  (the engine of ``geo extract --jobs 1``), JSON lines encoded, loading excluded;
* for each worker count: cluster start, gazetteer load on the workers, then MB/s of
  :func:`geo.dask.extract_partitions` over the folder (JSON lines back in input order),
  the workers' CPU seconds, and each worker's peak memory (max RSS) after the run.

Figures: MB/s (wall clock), the ratio to the peer, the speed-up of 2 workers over 1, and
MB per CPU-second of the workers, the per-core throughput that ``docs/scale.md`` projects
1 TB from (wall-clock speed-ups mean little on a machine shared with other jobs: the
load average is printed with them).  Needs ``pip install "geo-news[dask]"``.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

from _peers import DATASETS, data_dir, load_dataset
from speed import MB, write_corpus

TB = 1_000_000_000_000


def _peak_rss_mb() -> float:
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _cpu_s() -> float:
    import resource

    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def peer(corpus: Path) -> dict:
    """One process, as ``geo extract --jobs 1``: the extractor loaded first, then timed."""
    from geo.articles import read_articles
    from geo.extract import default_extractor
    from geo.output import jsonl_bytes

    ex = default_extractor()
    t0, c0 = time.perf_counter(), _cpu_s()
    n = sum(k for _, k in ex.encode_articles(read_articles([corpus]), jsonl_bytes))
    return {"seconds": time.perf_counter() - t0, "cpu_s": _cpu_s() - c0, "articles": n, "peak_mb": _peak_rss_mb()}


def on_cluster(corpus: Path, workers: int) -> dict:
    from geo.dask import connect, extract_partitions, prepare_workers

    t0 = time.perf_counter()
    with connect(workers=workers) as client:
        started = time.perf_counter()
        prepare_workers(client)
        loaded = time.perf_counter()
        loaded_mb = sorted(client.run(_peak_rss_mb).values())
        cpu0 = client.run(_cpu_s)
        n = sum(len(lines) for lines, _ in extract_partitions(client, [corpus], kind="jsonl"))
        done = time.perf_counter()
        cpu = sum(c - cpu0[w] for w, c in client.run(_cpu_s).items())
        peak_mb = sorted(client.run(_peak_rss_mb).values())
    return {"workers": workers, "start_s": started - t0, "load_s": loaded - started, "seconds": done - loaded,
            "cpu_s": cpu, "articles": n, "loaded_mb": loaded_mb, "peak_mb": peak_mb}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--mb", type=float, default=18.0, help="corpus size in MB (default 18)")
    ap.add_argument("--quick", action="store_true", help="a ~2 MB run")
    ap.add_argument("--workers", default="1,2", help="worker counts to run, comma-separated (default 1,2)")
    ap.add_argument("--data", help="benchmark directory (default: $GEO_BENCHMARKS or ../shared/benchmarks)")
    ap.add_argument("--json", action="store_true", help="print one JSON object instead of the table")
    args = ap.parse_args(argv)
    megabytes = 2.0 if args.quick else args.mb
    directory = data_dir(args.data)
    texts = [(d["id"], d["text"]) for name in DATASETS for d in load_dataset(directory, name)]
    tmp = Path(tempfile.mkdtemp(prefix="geo-scale-"))
    try:
        corpus = tmp / "corpus"
        n_files, n_bytes = write_corpus(corpus, texts, megabytes)
        runs = [on_cluster(corpus, int(w)) for w in args.workers.split(",")]
        base = peer(corpus)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    mb = n_bytes / MB
    base["mb_s"] = mb / base["seconds"]
    base["mb_cpu_s"] = mb / base["cpu_s"]
    for r in runs:
        r["mb_s"] = mb / r["seconds"]
        r["vs_peer"] = r["mb_s"] / base["mb_s"]
        # MB per CPU-second of the workers: what one core does when it is not shared.
        r["per_core_mb_s"] = mb / r["cpu_s"]
        assert r["articles"] == base["articles"] == n_files, (r["articles"], base["articles"], n_files)
    best = max(runs, key=lambda r: r["workers"])
    one = next((r for r in runs if r["workers"] == 1), None)
    result = {"corpus_mb": round(mb, 1), "files": n_files, "load_average": os.getloadavg(), "cores": os.cpu_count(),
              "peer": base, "dask": runs,
              "speedup_2_over_1": best["mb_s"] / one["mb_s"] if one and best is not one else None,
              "core_hours_per_tb": TB / MB / best["per_core_mb_s"] / 3600}
    if args.json:
        print(json.dumps(result, indent=1, default=lambda x: round(x, 3)))
        return 0
    load = ", ".join(f"{x:.1f}" for x in result["load_average"])
    print(f"corpus: {mb:.1f} MB in {n_files} files (LGL + GeoVirus texts, as benchmarks/speed.py); "
          f"{result['cores']} cores, load average {load}")
    print(f"peer, one process (geo extract --jobs 1): {base['mb_s']:.2f} MB/s, {base['seconds']:.1f} s, "
          f"{base['mb_cpu_s']:.2f} MB per CPU-second, peak {base['peak_mb']:.0f} MB")
    print(f"{'workers':>7} {'start s':>8} {'load s':>7} {'run s':>7} {'MB/s':>6} {'x peer':>7} "
          f"{'MB/cpu-s':>9}  peak MB per worker (after load)")
    for r in runs:
        peaks = ", ".join(f"{p:.0f}" for p in r["peak_mb"])
        loaded = ", ".join(f"{p:.0f}" for p in r["loaded_mb"])
        print(f"{r['workers']:>7} {r['start_s']:>8.1f} {r['load_s']:>7.1f} {r['seconds']:>7.1f} {r['mb_s']:>6.2f} "
              f"{r['vs_peer']:>7.2f} {r['per_core_mb_s']:>9.2f}  {peaks} ({loaded})")
    if result["speedup_2_over_1"]:
        print(f"2 workers / 1 worker: {result['speedup_2_over_1']:.2f}x")
    print(f"1 TB at {best['per_core_mb_s']:.2f} MB per CPU-second: {result['core_hours_per_tb']:.0f} core-hours")
    return 0


if __name__ == "__main__":
    sys.exit(main())
