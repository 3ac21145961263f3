#!/usr/bin/env python3
"""Accuracy of the project and of the geotext peer on the development benchmarks.

Usage::

    python benchmarks/accuracy.py [--data DIR] [--limit N] [--json]

For LGL and GeoVirus, runs ``geo.extract.extract`` and geotext over every article in
the same process and prints recognition (overlap P/R/F1, exact-span F1), resolution
(acc@161 km, median error, AUC) and end-to-end F1, with the seconds each system took,
the project/geotext ratio of end-to-end F1 and the targets.  On factRuEval (Russian news,
``factru_dev.jsonl``, recognition only) it prints geo's overlap P/R/F1 and its recall on
gold spans written in the nominative and on inflected ones.  Scores come from
:mod:`geo.evaluate`, which agrees with the benchmarks' ``score.py``.

The data directory is ``--data``, else ``$GEO_BENCHMARKS``, else ``../shared/benchmarks``
beside the repository.  If ``geo.extract`` cannot be imported yet, only geotext runs.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from _peers import (
    DATASETS,
    REPO,
    TARGET_E2E_F1,
    GeotextPeer,
    data_dir,
    load_dataset,
    project_extractor,
    run_system,
)

from geo.evaluate import load_jsonl, match_overlap, score, summary
from geo.names import fold

#: Russian news with location spans only (no coordinates): recognition is scored.
FACTRU = "factru_dev.jsonl"
#: Overlap F1 the project aims for on factRuEval.
TARGET_FACTRU_F1 = 0.80
#: Cyrillic text may take at most this many times English text's time per character.
MAX_CYRILLIC_SLOWDOWN = 2.0

COLUMNS = [
    ("P", "overlap_p", "{:.3f}"),
    ("R", "overlap_r", "{:.3f}"),
    ("F1", "overlap_f1", "{:.3f}"),
    ("exactF1", "exact_f1", "{:.3f}"),
    ("acc@161", "acc161", "{:.3f}"),
    ("med km", "median_km", "{:.1f}"),
    ("AUC", "auc", "{:.3f}"),
    ("e2e F1", "e2e_f1", "{:.3f}"),
    ("load s", "load_s", "{:.2f}"),
    ("run s", "seconds", "{:.2f}"),
]


def _cell(fmt: str, value) -> str:
    return "n/a" if value is None else fmt.format(value)


def render(rows: list[dict]) -> str:
    """Format result rows (one per system and dataset) as a fixed-width table."""
    head = ["dataset", "system"] + [c[0] for c in COLUMNS]
    body = [[r["dataset"], r["system"]] + [_cell(f, r.get(k)) for _, k, f in COLUMNS] for r in rows]
    widths = [max(len(x) for x in col) for col in zip(head, *body, strict=False)]
    lines = ["  ".join(x.rjust(w) if i > 1 else x.ljust(w) for i, (x, w) in enumerate(zip(line, widths, strict=False)))
             for line in [head] + body]
    lines.insert(1, "-" * len(lines[0]))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", help="benchmark directory (default: $GEO_BENCHMARKS or ../shared/benchmarks)")
    ap.add_argument("--limit", type=int, help="score only the first N articles of each benchmark")
    ap.add_argument("--json", action="store_true", help="print one JSON object instead of the table")
    ap.add_argument("--geotext-only", action="store_true", help="skip the project even if it imports")
    ap.add_argument("--factru-only", action="store_true", help="only the Russian factRuEval set (geo alone)")
    a = ap.parse_args(argv)
    directory = data_dir(a.data)

    systems = []
    if not a.geotext_only:
        t0 = time.perf_counter()
        project, why = project_extractor()
        if project is not None:
            project("Warm-up in Paris.")  # load the gazetteer now, not inside the first article
            systems.append(("geo", project, time.perf_counter() - t0))
        else:
            print(f"note: geo.extract is not importable yet ({why}); running geotext only", file=sys.stderr)
    t0 = time.perf_counter()
    peer = GeotextPeer()
    systems.append(("geotext", peer, time.perf_counter() - t0))

    rows = []
    for name in () if a.factru_only else DATASETS:
        docs = load_dataset(directory, name, a.limit)
        for system, fn, load_s in systems:
            preds, seconds = run_system(fn, docs)
            result = score(docs, preds)
            rows.append({"dataset": name, "system": system, "load_s": load_s, "seconds": seconds,
                         "target_e2e_f1": TARGET_E2E_F1[name], **result})

    factru = None
    geo_fn = next((fn for system, fn, _ in systems if system == "geo"), None)
    if geo_fn is not None and (directory / FACTRU).is_file():
        geo_fn("Разминка в Париже.")  # load the morphology now, not inside the first article
        docs = load_jsonl(directory / FACTRU)
        docs = docs[: a.limit] if a.limit else docs
        preds, seconds = run_system(geo_fn, docs)
        factru = {"dataset": "factRuEval", "system": "geo", "seconds": seconds, "n_docs": len(docs),
                  **score(docs, preds), **case_recall(docs, preds), **throughput(directory, a.limit)}

    by_key = {(r["dataset"], r["system"]): r for r in rows}
    ratios = {}
    for name in DATASETS:
        geo_row, peer_row = by_key.get((name, "geo")), by_key.get((name, "geotext"))
        if geo_row and peer_row and peer_row["e2e_f1"]:
            ratios[name] = geo_row["e2e_f1"] / peer_row["e2e_f1"]

    if a.json:
        print(json.dumps({"data": str(directory), "limit": a.limit,
                          "results": [summary(r) for r in rows],
                          "factru": summary(factru) if factru else None,
                          "e2e_f1_ratio_geo_over_geotext": {k: round(v, 4) for k, v in ratios.items()}}))
        return 0

    print(f"benchmarks: {directory}" + (f"  (first {a.limit} articles each)" if a.limit else ""))
    if rows and not a.factru_only:
        print(render(rows))
        print()
    for name in () if a.factru_only else DATASETS:
        target = TARGET_E2E_F1[name]
        geo_row = by_key.get((name, "geo"))
        got = "not run" if geo_row is None else f"{geo_row['e2e_f1']:.3f} " + (
            "(met)" if geo_row["e2e_f1"] >= target else "(below)")
        ratio = f"  geo/geotext e2e F1 = {ratios[name]:.2f}" if name in ratios else ""
        print(f"{name}: target e2e F1 >= {target:.2f}; geo {got}; "
              f"geotext {by_key[(name, 'geotext')]['e2e_f1']:.3f}{ratio}")
    if factru:
        f = factru
        print()
        print(f"factRuEval ({f['n_docs']} Russian articles, {f['n_gold']} location spans; recognition only):")
        print(f"  geo overlap P {f['overlap_p']:.3f}  R {f['overlap_r']:.3f}  F1 {f['overlap_f1']:.3f}  "
              f"exact F1 {f['exact_f1']:.3f}  ({f['seconds']:.2f} s)")
        print(f"  recall on nominative spans {f['recall_nominative']:.3f} ({f['n_nominative']}), "
              f"on inflected spans {f['recall_inflected']:.3f} ({f['n_inflected']})")
        met = "met" if f["overlap_f1"] >= TARGET_FACTRU_F1 else "below"
        print(f"  target overlap F1 >= {TARGET_FACTRU_F1:.2f}: {met}")
        for label, ru, en in (("first pass", "chars_per_s", "english_chars_per_s"),
                              ("second pass", "warm_chars_per_s", "warm_english_chars_per_s")):
            slower = f[en] / f[ru]
            print(f"  throughput (CPU time), {label}: {f[ru] / 1e3:.0f} k chars/s against {f[en] / 1e3:.0f} k "
                  f"on English (GeoVirus), {slower:.2f}x slower; target at most {MAX_CYRILLIC_SLOWDOWN:.0f}x: "
                  + ("met" if slower <= MAX_CYRILLIC_SLOWDOWN else "missed"))
    return 0


def throughput(directory, limit: int | None) -> dict:
    """Characters per CPU second of Cyrillic (factRuEval) and English (GeoVirus) text.

    Measured in a fresh process, so both start cold: English first (a first pass and a
    second), then Russian (the first pass analyses each new word with pymorphy3; the
    second, every word seen, is the steady state of a long stream of news). CPU seconds
    of that process, which other work on the machine moves far less than wall time.
    """
    import subprocess

    code = ("import json, sys; sys.path.insert(0, {here!r}); import accuracy; "
            "print(json.dumps(accuracy._throughput_child({d!r}, {n!r})))").format(
        here=str(REPO / "benchmarks"), d=str(directory), n=limit)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def _throughput_child(directory: str, limit: int | None) -> dict:
    from geo.extract import extract

    extract("Warm-up in Paris.")
    extract("Разминка в Париже.")
    english = load_dataset(Path(directory), "GeoVirus", limit)
    russian = load_jsonl(Path(directory) / FACTRU)[: limit or None]
    en_chars, ru_chars = (sum(len(d["text"]) for d in ds) for ds in (english, russian))
    fn = extract
    return {"english_chars_per_s": en_chars / cpu_seconds(fn, english),
            "warm_english_chars_per_s": en_chars / cpu_seconds(fn, english),
            "chars_per_s": ru_chars / cpu_seconds(fn, russian),
            "warm_chars_per_s": ru_chars / cpu_seconds(fn, russian)}


def cpu_seconds(fn, docs: list[dict]) -> float:
    """CPU seconds this process spends running ``fn`` over the documents' texts."""
    t0 = time.process_time()
    for d in docs:
        fn(d["text"])
    return time.process_time() - t0


def case_recall(docs: list[dict], preds: list[dict]) -> dict:
    """Recall on gold spans written as their nominative ``norm`` and on inflected ones.

    A span is nominative when it folds to the annotators' nominative form ("Москва"),
    inflected otherwise ("Москвы", "Российской Федерации").
    """
    by_id = {p["id"]: p["toponyms"] for p in preds}
    hit = {"nominative": 0, "inflected": 0}
    total = {"nominative": 0, "inflected": 0}
    for d in docs:
        gold = d["toponyms"]
        matched = match_overlap(gold, by_id.get(d["id"], []))
        for gi, g in enumerate(gold):
            kind = "nominative" if fold(g["name"]) == fold(g.get("norm") or g["name"]) else "inflected"
            total[kind] += 1
            hit[kind] += gi in matched
    return {f"recall_{k}": hit[k] / total[k] if total[k] else 0.0 for k in hit} | \
        {f"n_{k}": total[k] for k in total}


if __name__ == "__main__":
    sys.exit(main())
