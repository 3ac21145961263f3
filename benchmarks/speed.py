#!/usr/bin/env python3
"""Throughput, load time and memory of ``geo extract`` against geotext as published.

Usage::

    python benchmarks/speed.py [--mb 18] [--runs 3] [--quick] [--workdir DIR] [--data DIR] [--json]

Writes the LGL and GeoVirus article texts, repeated until about ``--mb`` megabytes,
one ``.txt`` file per article (thousands of files), then times in the same run, ``--runs``
times with the systems alternating, and reports the median of each figure:

* whole process: ``geo extract DIR --format jsonl -o /dev/null`` (the installed ``geo``
  script, else ``python -m geo``) against a process that reads each file, runs geotext
  **as published** (``GeoText(text).cities`` and ``.countries``, nothing added) and writes
  JSON lines; a second peer row, ``geotext+``, adds spans and coordinates to geotext's
  names (:class:`_peers.GeotextPeer`), which is what the accuracy tables compare;
* load: each system started on one tiny text;
* peak memory (max RSS) of every child process;
* in process: MB/s of each on the same texts, loading excluded.

Target: geo's whole-process time at most 3.5x geotext's.  ``--quick`` is ``--mb 2``.
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
TARGET_RATIO = 3.5
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
    # CPU seconds of the child and of the workers it waited for: steadier than wall time
    # on a machine shared with other work.
    cpu = usage.ru_utime + usage.ru_stime
    return {"seconds": seconds, "cpu_s": cpu, "max_rss_mb": usage.ru_maxrss / 1024, "rc": proc.returncode,
            "stderr": stderr.decode("utf-8", "replace").strip()[-400:]}


def compile_bytecode() -> None:
    """Compile the checkout's ``geo`` package to bytecode, as pip does when it installs one.

    With ``PYTHONDONTWRITEBYTECODE`` set (as on these machines) an editable install never
    keeps its bytecode, so every timed ``geo`` process would compile each of its modules
    from source (about 0.05 s a start) where geotext, installed from a wheel, loads its
    bytecode: a cost no installed copy of geo pays.
    """
    import compileall

    compileall.compile_dir(HERE.parent / "geo", quiet=1)


def geotext_published():
    """geotext as its README shows it: the cities and countries of a text, nothing added."""
    from geotext import GeoText

    def run(text: str) -> dict:
        found = GeoText(text)
        return {"cities": found.cities, "countries": found.countries}

    return run


def geotext_folder(src: str, out: str, plus: bool = False) -> None:
    """A geotext whole-process run: every ``.txt`` in ``src`` to JSON lines in ``out``.

    geotext as published, or with ``plus`` the peer that adds spans and coordinates.
    """
    peer = GeotextPeer() if plus else geotext_published()
    with open(out, "w", encoding="utf-8") as f:
        for path in sorted(Path(src).glob("*.txt")):
            text = path.read_text(encoding="utf-8")
            f.write(json.dumps({"file": path.name, "toponyms": peer(text)}) + "\n")


def in_process(fn, texts: list[str]) -> tuple[float, float]:
    """Wall and CPU seconds to run ``fn`` over every text (already loaded, so extraction only)."""
    t0, c0 = time.perf_counter(), time.process_time()
    for text in texts:
        fn(text)
    return time.perf_counter() - t0, time.process_time() - c0


def median(xs: list[float]) -> float | None:
    xs = sorted(x for x in xs if x is not None)
    if not xs:
        return None
    mid = len(xs) // 2
    return xs[mid] if len(xs) % 2 else (xs[mid - 1] + xs[mid]) / 2


SYSTEMS = ("geo", "geotext", "geotext+")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--mb", type=float, default=18.0, help="corpus size in MB (default 18)")
    ap.add_argument("--runs", type=int, default=3, help="alternating runs; medians are reported (default 3)")
    ap.add_argument("--quick", action="store_true", help="a ~2 MB run, once")
    ap.add_argument("--no-in-process", action="store_true", help="whole-process and load figures only")
    ap.add_argument("--workdir", help="write the corpus here and keep it (default: a temp dir, removed)")
    ap.add_argument("--data", help="benchmark directory (default: $GEO_BENCHMARKS or ../shared/benchmarks)")
    ap.add_argument("--json", action="store_true", help="print one JSON object instead of the table")
    ap.add_argument("--geotext-folder", nargs=2, metavar=("SRC", "OUT"), help=argparse.SUPPRESS)
    ap.add_argument("--plus", action="store_true", help=argparse.SUPPRESS)
    a = ap.parse_args(argv)
    if a.geotext_folder:
        geotext_folder(*a.geotext_folder, plus=a.plus)
        return 0
    megabytes = 2.0 if a.quick else a.mb
    runs_n = 1 if a.quick else max(1, a.runs)

    directory = data_dir(a.data)
    texts = [(d["id"], d["text"]) for name in DATASETS for d in load_dataset(directory, name)]
    tmp = None
    if a.workdir:
        work = Path(a.workdir)
    else:
        tmp = tempfile.TemporaryDirectory(prefix="geo-speed-")
        work = Path(tmp.name)
    me = [sys.executable, str(Path(__file__).resolve())]
    geo_cmd = geo_command()
    compile_bytecode()
    commands = {
        "geo": lambda d: geo_cmd + ["extract", str(d), "--format", "jsonl", "-o", os.devnull],
        "geotext": lambda d: me + ["--geotext-folder", str(d), os.devnull],
        "geotext+": lambda d: me + ["--geotext-folder", str(d), os.devnull, "--plus"],
    }
    samples: dict[str, dict[str, list]] = {
        s: {"whole": [], "whole_cpu": [], "load": [], "rss": [], "load_rss": [], "inproc": [], "inproc_cpu": []}
        for s in SYSTEMS}
    errors: dict[str, str] = {}
    try:
        corpus = work / "corpus"
        if corpus.exists():
            shutil.rmtree(corpus)
        n_files, n_bytes = write_corpus(corpus, texts, megabytes)
        size_mb = n_bytes / MB
        tiny = work / "tiny"
        write_corpus(tiny, [("tiny", "A fire broke out in Paris, Texas.")], 0)
        for r in range(runs_n):
            # Alternate the order, so neither system always runs on a warmer machine.
            for system in SYSTEMS if r % 2 == 0 else tuple(reversed(SYSTEMS)):
                load = run_child(commands[system](tiny))
                folder = run_child(commands[system](corpus))
                if folder["rc"] != 0:
                    errors[system] = f"exit {folder['rc']}: {folder['stderr']}"
                    continue
                smp = samples[system]
                smp["whole"].append(folder["seconds"])
                smp["whole_cpu"].append(folder["cpu_s"])
                smp["rss"].append(folder["max_rss_mb"])
                if load["rc"] == 0:
                    smp["load"].append(load["seconds"])
                    smp["load_rss"].append(load["max_rss_mb"])

        # In process after every child has run: a child forked from a process holding
        # the gazetteer would report that process's memory as its own peak.
        if not a.no_in_process:
            corpus_texts = [p.read_text(encoding="utf-8") for p in sorted(corpus.glob("*.txt"))]
            in_proc = {"geotext": geotext_published(), "geotext+": GeotextPeer()}
            project, why = project_extractor()
            if project is not None:
                project("Warm-up in Paris.")
                in_proc["geo"] = project
            else:
                errors["geo in-process"] = why
            for r in range(runs_n):
                for system in SYSTEMS if r % 2 == 0 else tuple(reversed(SYSTEMS)):
                    if system in in_proc:
                        wall, cpu = in_process(in_proc[system], corpus_texts)
                        samples[system]["inproc"].append(wall)
                        samples[system]["inproc_cpu"].append(cpu)
    finally:
        if tmp is not None:
            tmp.cleanup()

    report = {"files": n_files, "mb": round(size_mb, 2), "runs": runs_n, "geo_command": " ".join(geo_cmd),
              "systems": {}, "errors": errors}
    for system, smp in samples.items():
        whole, inproc, inproc_cpu = median(smp["whole"]), median(smp["inproc"]), median(smp["inproc_cpu"])
        report["systems"][system] = {
            "whole_s": whole,
            "whole_cpu_s": median(smp["whole_cpu"]),
            "whole_mb_s": size_mb / whole if whole else None,
            "load_s": median(smp["load"]),
            "max_rss_mb": median(smp["rss"]),
            "load_max_rss_mb": median(smp["load_rss"]),
            "in_process_mb_s": size_mb / inproc if inproc else None,
            "in_process_cpu_mb_s": size_mb / inproc_cpu if inproc_cpu else None,
            "whole_s_runs": [round(x, 2) for x in smp["whole"]],
            "in_process_s_runs": [round(x, 2) for x in smp["inproc"]],
        }
    g, p = report["systems"]["geo"], report["systems"]["geotext"]
    ratio = g["whole_s"] / p["whole_s"] if g["whole_s"] and p["whole_s"] else None
    report["ratio_geo_over_geotext"] = ratio
    report["cpu_ratio_geo_over_geotext"] = (g["whole_cpu_s"] / p["whole_cpu_s"]
                                            if g["whole_cpu_s"] and p["whole_cpu_s"] else None)
    report["target_ratio"] = TARGET_RATIO

    if a.json:
        print(json.dumps(report))
        return 0

    def cell(x, fmt):
        return "n/a" if x is None else fmt.format(x)

    print(f"corpus: {n_files} files, {size_mb:.1f} MB, median of {runs_n} alternating run(s)   "
          f"geo command: {report['geo_command']}")
    print(f"{'system':8}  {'whole s':>8}  {'cpu s':>6}  {'MB/s':>6}  {'in-proc MB/s':>12}  {'cpu MB/s':>8}  "
          f"{'load s':>6}  {'peak MB':>7}  {'load peak MB':>12}")
    for system, s in report["systems"].items():
        print(f"{system:8}  {cell(s['whole_s'], '{:.2f}'):>8}  {cell(s['whole_cpu_s'], '{:.2f}'):>6}  "
              f"{cell(s['whole_mb_s'], '{:.2f}'):>6}  {cell(s['in_process_mb_s'], '{:.2f}'):>12}  "
              f"{cell(s['in_process_cpu_mb_s'], '{:.2f}'):>8}  {cell(s['load_s'], '{:.2f}'):>6}  "
              f"{cell(s['max_rss_mb'], '{:.0f}'):>7}  {cell(s['load_max_rss_mb'], '{:.0f}'):>12}")
    for system, err in errors.items():
        print(f"note: {system} failed ({err})")
    verdict = "n/a" if ratio is None else f"{ratio:.2f}x ({'met' if ratio <= TARGET_RATIO else 'not met'})"
    print(f"geo / geotext (as published) whole-process time: {verdict}; target <= {TARGET_RATIO}x")
    cpu_ratio = report["cpu_ratio_geo_over_geotext"]
    print(f"geo / geotext (as published) whole-process CPU time: {cell(cpu_ratio, '{:.2f}x')} "
          "(steadier on a busy machine; geo's includes its workers')")
    return 0


if __name__ == "__main__":
    sys.exit(main())
