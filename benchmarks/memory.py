#!/usr/bin/env python3
"""Peak memory of reading articles, by format and input size: it must stay flat for record files.

Usage::

    python benchmarks/memory.py [--sizes 10,100,200] [--formats jsonl,csv,json,txt,md,html]
                                [--workdir DIR] [--pythonpath DIR] [--json]

For each format and size (MB) it writes one input file of news-like articles (the LGL
and GeoVirus texts when ``../shared/benchmarks`` is there, else a generated text), then
runs two child processes on it and prints their peak resident memory (max RSS):

* ``geo``: ``geo.readers.read_articles`` over the file, touching every article (what
  ``geo extract`` reads before extracting);
* ``whole``: the peer every whole-file reader is bounded below by: read the file's
  bytes and decode them to one str, nothing else.

The ratio geo/whole is below 1 when geo holds less than the file. Record files (JSONL,
CSV, a JSON list) are read record by record: their peak must not grow with the size.
A single text, Markdown or HTML file bigger than the article cap (``GEO_MAX_ARTICLE_MB``,
default 10) is skipped unread, so its peak stays flat too; the ``articles`` column shows
what was read.

``--pythonpath DIR`` measures another checkout's reader instead (its
``geo.articles.read_articles``), for a before/after comparison.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

MiB = 1 << 20
FORMATS = ("jsonl", "csv", "json", "txt", "md", "html")

_GEO = """
import resource, sys
try:
    from geo.readers import read_articles
except ImportError:  # a checkout from before geo.readers
    from geo.articles import read_articles
n = 0
for a in read_articles(sys.argv[1], on_skip=lambda path, reason: None):
    n += len(a.text) > 0
print(n, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024)
"""

_WHOLE = """
import resource, sys
with open(sys.argv[1], "rb") as f:
    text = f.read().decode("utf-8")
print(1, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024)
"""


def sample_articles() -> list[dict]:
    """News-like records: the benchmark articles when present, else a generated one."""
    folder = Path(os.environ.get("GEO_BENCHMARKS", Path(__file__).resolve().parents[2] / "shared" / "benchmarks"))
    records = []
    for name in ("lgl.jsonl", "geovirus.jsonl"):
        path = folder / name
        if path.is_file():
            with open(path, encoding="utf-8") as f:
                for line in f:
                    if line.strip():
                        rec = json.loads(line)
                        records.append({"title": rec.get("title") or rec["text"][:60], "text": rec["text"]})
    if not records:
        text = ("Shelling hit Kharkiv and Izium overnight, the governor said; in Lviv and Uzhhorod the night "
                "was calm. Officials in Kyiv reported strikes near Sloviansk and Kramatorsk. ") * 12
        records = [{"title": "Shelling in Kharkiv", "text": text}]
    return records


def _quoted(cell: str) -> str:
    return '"' + cell.replace('"', '""') + '"'


def write_input(path: Path, fmt: str, megabytes: int, records: list[dict]) -> int:
    """Write about ``megabytes`` MB of articles in ``fmt`` to ``path``; return its size."""
    target = megabytes * MiB
    size, i = 0, 0
    with open(path, "w", encoding="utf-8", newline="") as f:
        if fmt == "csv":
            f.write("id,title,text\r\n")
        elif fmt == "json":
            f.write("[\n")
        elif fmt == "html":
            f.write("<html><head><title>Archive</title></head><body><article>\n")
        while True:
            rec = records[i % len(records)]
            if fmt == "jsonl":
                line = json.dumps(rec, ensure_ascii=False) + "\n"
            elif fmt == "json":
                line = ("," if i else "") + json.dumps(rec, ensure_ascii=False) + "\n"
            elif fmt == "csv":
                line = f"{i},{_quoted(rec['title'])},{_quoted(rec['text'])}\r\n"
            elif fmt == "html":
                line = f"<h2>{rec['title']}</h2><p>{rec['text']}</p>\n"
            else:  # one long text (txt, md)
                line = rec["text"] + "\n\n"
            grown = size + len(line.encode("utf-8"))
            if i and grown > target - 4096:  # just under the size asked for (the cap is inclusive)
                break
            f.write(line)
            size = grown
            i += 1
        if fmt == "json":
            f.write("]\n")
        elif fmt == "html":
            f.write("</article></body></html>\n")
    return path.stat().st_size


def peak(code: str, path: Path, pythonpath: str | None) -> tuple[int, int]:
    """Run ``code`` on ``path`` in a child; return (articles read, peak RSS in MB)."""
    env = dict(os.environ)
    if pythonpath:
        env["PYTHONPATH"] = pythonpath
    # Run from the input's folder: `python -c` puts the working folder first on sys.path.
    out = subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True, text=True, env=env,
                         cwd=path.parent)
    if out.returncode:
        raise SystemExit(f"child failed on {path}: {out.stderr.strip().splitlines()[-1:]}")
    n, rss = out.stdout.split()
    return int(n), int(rss)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sizes", default="10,100,200", help="input sizes in MB (default 10,100,200)")
    ap.add_argument("--formats", default=",".join(FORMATS))
    ap.add_argument("--workdir", default=None, help="where inputs are written (default: a temporary folder)")
    ap.add_argument("--pythonpath", default=None, help="measure the reader of the checkout in DIR instead")
    ap.add_argument("--json", action="store_true", help="print one JSON object instead of a table")
    args = ap.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    formats = args.formats.split(",")
    records = sample_articles()
    work = Path(args.workdir or tempfile.mkdtemp(prefix="geo-memory-"))
    work.mkdir(parents=True, exist_ok=True)
    rows = []
    try:
        if not args.json:
            print(f"{'format':7} {'MB':>5} {'articles':>9} {'geo MB':>7} {'whole MB':>9} {'geo/whole':>9}")
        for fmt in formats:
            for mb in sizes:
                path = work / f"input-{mb}.{fmt}"
                size = write_input(path, fmt, mb, records)
                n, geo_rss = peak(_GEO, path, args.pythonpath)
                _, whole_rss = peak(_WHOLE, path, None)
                path.unlink()
                row = {"format": fmt, "mb": round(size / MiB), "articles": n, "geo_rss_mb": geo_rss,
                       "whole_rss_mb": whole_rss, "ratio": round(geo_rss / whole_rss, 2)}
                rows.append(row)
                if not args.json:
                    print(f"{fmt:7} {row['mb']:5d} {n:9d} {geo_rss:7d} {whole_rss:9d} {row['ratio']:9.2f}", flush=True)
        # Signed: the largest input's peak minus the smallest's.
        flat = {fmt: [r["geo_rss_mb"] for r in rows if r["format"] == fmt] for fmt in formats}
        flat = {fmt: peaks[-1] - peaks[0] for fmt, peaks in flat.items()}
        if args.json:
            print(json.dumps({"rows": rows, "growth_mb": flat}))
        else:
            print("growth of geo's peak from the smallest to the largest input, MB: "
                  + ", ".join(f"{fmt} {g}" for fmt, g in flat.items()))
    finally:
        if not args.workdir:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
