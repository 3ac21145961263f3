#!/usr/bin/env python3
"""Throughput, load time and memory of ``geo extract`` against a geotext script.

Usage::

    python benchmarks/speed.py [--mb 18] [--quick] [--workdir DIR] [--data DIR] [--json]

Writes the LGL and GeoVirus article texts, repeated until about ``--mb`` megabytes,
one ``.txt`` file per article (thousands of files), then times in the same run:

* whole process: ``geo extract DIR --format jsonl -o /dev/null`` (the installed ``geo``
  script, else ``python -m geo``) against a geotext process that reads each file, runs
  the geotext peer (names, spans, coordinates) and writes JSON lines;
* load: each system started on one tiny text;
* peak memory (max RSS) of every child process;
* in process: MB/s of both on the same texts, loading excluded.

Target: geo's whole-process time at most 1.5x geotext's.  ``--quick`` is ``--mb 2``.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _peers import DATASETS, GeotextPeer, data_dir, load_dataset, project_extractor

HERE = Path(__file__).resolve().parent
TARGET_RATIO = 1.5
MB = 1_000_000


def write_corpus(directory: Path, texts: list[tuple[str, str]], megabytes: float) -> tuple[int, int]:
    """Write texts as one file each, cycling through them until ``megabytes`` are written.

    Returns
    -------
    (int, int)
        Number of files and total bytes.
    """
    directory.mkdir(parents=True, exist_ok=True)
    total = n = 0
    # At least one file, so a zero-size request still gives the load run a text.
    while n == 0 or total < megabytes * MB:
        doc_id, text = texts[n % len(texts)]
        data = text.encode("utf-8")
        (directory / f"{n:06d}_{doc_id}.txt").write_bytes(data)
        total += len(data)
        n += 1
    return n, total


def geo_command() -> list[str]:
    """The ``geo`` console script beside this interpreter, else ``python -m geo``."""
    script = Path(sys.executable).with_name("geo")
    if script.exists():
        return [str(script)]
    found = shutil.which("geo")
    return [found] if found else [sys.executable, "-m", "geo"]


def run_child(cmd: list[str], cwd: Path | None = None) -> dict:
    """Run a command; return wall seconds, peak RSS in MB, exit code and stderr tail.

    ``os.wait4`` gives the rusage of this one child, whereas
    ``getrusage(RUSAGE_CHILDREN)`` keeps the maximum over every child so far and so
    would report the larger of the two systems for both.
    """
    env = dict(os.environ)
    # Let `python -m geo` find the checkout even when the package is not installed.
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(HERE.parent), env.get("PYTHONPATH")]))
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    stderr = proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - t0
    proc.returncode = os.waitstatus_to_exitcode(status)
    return {"seconds": seconds, "max_rss_mb": usage.ru_maxrss / 1024, "rc": proc.returncode,
            "stderr": stderr.decode("utf-8", "replace").strip()[-400:]}


def geotext_folder(src: str, out: str) -> None:
    """The geotext whole-process run: every ``.txt`` in ``src`` to JSON lines in ``out``."""
    peer = GeotextPeer()
    with open(out, "w", encoding="utf-8") as f:
        for path in sorted(Path(src).glob("*.txt")):
            text = path.read_text(encoding="utf-8")
            f.write(json.dumps({"file": path.name, "toponyms": peer(text)}) + "\n")


def in_process(fn, texts: list[str]) -> float:
    """Seconds to run ``fn`` over every text (already loaded, so extraction only)."""
    t0 = time.perf_counter()
    for text in texts:
        fn(text)
    return time.perf_counter() - t0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--mb", type=float, default=18.0, help="corpus size in MB (default 18)")
    ap.add_argument("--quick", action="store_true", help="a ~2 MB run")
    ap.add_argument("--workdir", help="write the corpus here and keep it (default: a temp dir, removed)")
    ap.add_argument("--data", help="benchmark directory (default: $GEO_BENCHMARKS or ../shared/benchmarks)")
    ap.add_argument("--json", action="store_true", help="print one JSON object instead of the table")
    ap.add_argument("--geotext-folder", nargs=2, metavar=("SRC", "OUT"), help=argparse.SUPPRESS)
    a = ap.parse_args(argv)
    if a.geotext_folder:
        geotext_folder(*a.geotext_folder)
        return 0
    megabytes = 2.0 if a.quick else a.mb

    directory = data_dir(a.data)
    texts = [(d["id"], d["text"]) for name in DATASETS for d in load_dataset(directory, name)]
    tmp = None
    if a.workdir:
        work = Path(a.workdir)
    else:
        tmp = tempfile.TemporaryDirectory(prefix="geo-speed-")
        work = Path(tmp.name)
    try:
        corpus = work / "corpus"
        if corpus.exists():
            shutil.rmtree(corpus)
        n_files, n_bytes = write_corpus(corpus, texts, megabytes)
        size_mb = n_bytes / MB
        tiny = work / "tiny"
        write_corpus(tiny, [("tiny", "A fire broke out in Paris, Texas.")], 0)

        me = [sys.executable, str(Path(__file__).resolve())]
        geo_cmd = geo_command()
        runs = {
            "geo": {
                "load": run_child(geo_cmd + ["extract", str(tiny), "--format", "jsonl", "-o", os.devnull]),
                "folder": run_child(geo_cmd + ["extract", str(corpus), "--format", "jsonl", "-o", os.devnull]),
            },
            "geotext": {
                "load": run_child(me + ["--geotext-folder", str(tiny), os.devnull]),
                "folder": run_child(me + ["--geotext-folder", str(corpus), os.devnull]),
            },
        }

        corpus_texts = [p.read_text(encoding="utf-8") for p in sorted(corpus.glob("*.txt"))]
        peer = GeotextPeer()
        runs["geotext"]["in_process_s"] = in_process(peer, corpus_texts)
        project, why = project_extractor()
        if project is not None:
            project("Warm-up in Paris.")
            runs["geo"]["in_process_s"] = in_process(project, corpus_texts)
        else:
            runs["geo"]["in_process_error"] = why
    finally:
        if tmp is not None:
            tmp.cleanup()

    def ok(run):
        return run["rc"] == 0

    report = {"files": n_files, "mb": round(size_mb, 2), "geo_command": " ".join(geo_cmd), "systems": {}}
    for system, r in runs.items():
        folder, load = r["folder"], r["load"]
        report["systems"][system] = {
            "whole_s": folder["seconds"] if ok(folder) else None,
            "whole_mb_s": size_mb / folder["seconds"] if ok(folder) else None,
            "load_s": load["seconds"] if ok(load) else None,
            "max_rss_mb": folder["max_rss_mb"] if ok(folder) else None,
            "load_max_rss_mb": load["max_rss_mb"] if ok(load) else None,
            "in_process_mb_s": size_mb / r["in_process_s"] if r.get("in_process_s") else None,
            "error": None if ok(folder) else f"exit {folder['rc']}: {folder['stderr']}",
        }
    g, p = report["systems"]["geo"], report["systems"]["geotext"]
    ratio = g["whole_s"] / p["whole_s"] if g["whole_s"] and p["whole_s"] else None
    report["ratio_geo_over_geotext"] = ratio
    report["target_ratio"] = TARGET_RATIO

    if a.json:
        print(json.dumps(report))
        return 0

    def cell(x, fmt):
        return "n/a" if x is None else fmt.format(x)

    print(f"corpus: {n_files} files, {size_mb:.1f} MB   geo command: {report['geo_command']}")
    print(f"{'system':8}  {'whole s':>8}  {'MB/s':>6}  {'in-proc MB/s':>12}  {'load s':>6}  "
          f"{'peak MB':>7}  {'load peak MB':>12}")
    for system, s in report["systems"].items():
        print(f"{system:8}  {cell(s['whole_s'], '{:.2f}'):>8}  {cell(s['whole_mb_s'], '{:.2f}'):>6}  "
              f"{cell(s['in_process_mb_s'], '{:.2f}'):>12}  {cell(s['load_s'], '{:.2f}'):>6}  "
              f"{cell(s['max_rss_mb'], '{:.0f}'):>7}  {cell(s['load_max_rss_mb'], '{:.0f}'):>12}")
    for system, s in report["systems"].items():
        if s["error"]:
            print(f"note: {system} whole-process run failed ({s['error']})")
    if runs["geo"].get("in_process_error"):
        print(f"note: geo in-process not run ({runs['geo']['in_process_error']})")
    verdict = "n/a" if ratio is None else f"{ratio:.2f}x ({'met' if ratio <= TARGET_RATIO else 'not met'})"
    print(f"geo / geotext whole-process time: {verdict}; target <= {TARGET_RATIO}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
