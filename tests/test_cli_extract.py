"""`geo extract` on the seed articles and on files the tests write."""

from __future__ import annotations

import csv
import io
import json

import pytest
from click.testing import CliRunner

from geo.cli import main

ARTICLE_KEYS = {"id", "path", "title", "date", "url", "mentions"}
MENTION_KEYS = {"start", "end", "text", "score", "match", "place"}


def run(*args, input=None):
    return CliRunner().invoke(main, ["extract", *map(str, args)], input=input)


def records(stdout: str) -> list[dict]:
    return [json.loads(line) for line in stdout.splitlines() if line.strip()]


@pytest.fixture(scope="module")
def seeds_jsonl(seeds_dir):
    result = run(seeds_dir, "--no-progress")
    assert result.exit_code == 0, result.output
    return result


def test_extract_seeds(seeds_jsonl, seeds_dir):
    recs = records(seeds_jsonl.stdout)
    assert len(recs) == 5
    assert sorted(r["id"] for r in recs) == sorted(p.name for p in seeds_dir.glob("*.txt"))
    for rec in recs:
        assert set(rec) == ARTICLE_KEYS
        text = (seeds_dir / rec["id"]).read_text(encoding="utf-8")
        assert rec["mentions"]
        for m in rec["mentions"]:
            assert set(m) == MENTION_KEYS
            assert text[m["start"] : m["end"]] == m["text"]
            assert 0 <= m["score"] <= 1
    assert any(m["place"]["geonameid"] == 691999 for r in recs for m in r["mentions"])  # Sievierodonetsk


def test_csv_format(seeds_dir, seeds_jsonl):
    result = run(seeds_dir, "--format", "csv")
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert list(rows[0])[:8] == ["article_id", "path", "title", "date", "url", "start", "end", "text"]
    assert len(rows) == sum(len(r["mentions"]) for r in records(seeds_jsonl.stdout))


def test_geojson_format(seeds_dir, seeds_jsonl):
    result = run(seeds_dir, "--format", "geojson")
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert doc["type"] == "FeatureCollection"
    assert len(doc["features"]) == sum(len(r["mentions"]) for r in records(seeds_jsonl.stdout))
    f = doc["features"][0]
    assert f["geometry"]["coordinates"][0] == pytest.approx(next(
        m["place"]["lon"] for r in records(seeds_jsonl.stdout) if r["id"] == f["properties"]["article_id"]
        for m in r["mentions"] if m["start"] == f["properties"]["start"]))


def test_output_file(tmp_path, seeds_dir, seeds_jsonl):
    out = tmp_path / "out.jsonl"
    result = run(seeds_dir, "-o", out)
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert records(out.read_text(encoding="utf-8")) == records(seeds_jsonl.stdout)
    assert [p.name for p in tmp_path.iterdir()] == ["out.jsonl"]  # no temporary files left


def test_output_file_csv_has_no_blank_lines(tmp_path):
    src = tmp_path / "a.txt"
    src.write_text("Shelling hit Kharkiv and Lviv.", encoding="utf-8")
    out = tmp_path / "out.csv"
    assert run(src, "--format", "csv", "-o", out).exit_code == 0
    lines = out.read_bytes().split(b"\r\n")
    assert len([x for x in lines if x]) == 3 and b"\r\r" not in out.read_bytes()


def test_missing_path(tmp_path):
    result = run(tmp_path / "nope.txt")
    assert result.exit_code != 0
    assert "Traceback" not in result.output
    [line] = result.stderr.strip().splitlines()
    assert "nope.txt" in line


def test_empty_folder(tmp_path):
    result = run(tmp_path)
    assert result.exit_code != 0
    assert "no articles found" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_binary_file_is_skipped_with_a_note(tmp_path):
    (tmp_path / "a.txt").write_text("Calm in Lviv.", encoding="utf-8")
    (tmp_path / "b.txt").write_bytes(b"\x7fELF\x02\x01\x01\x00" + bytes(range(256)) * 4)
    (tmp_path / "c.txt").write_text("Shelling in Kharkiv.", encoding="utf-8")
    result = run(tmp_path)
    assert result.exit_code == 0, result.output
    notes = result.stderr.strip().splitlines()
    assert len(notes) == 1 and "b.txt" in notes[0] and "skip" in notes[0]
    recs = records(result.stdout)
    assert [r["id"] for r in recs] == ["a.txt", "c.txt"]
    assert [r["mentions"][0]["text"] for r in recs] == ["Lviv", "Kharkiv"]


def test_only_binary_files(tmp_path):
    (tmp_path / "b.txt").write_bytes(bytes(range(256)) * 4)
    result = run(tmp_path)
    assert result.exit_code != 0
    assert "no articles found" in result.stderr and "skipped" in result.stderr


def test_min_score(seeds_dir, seeds_jsonl):
    result = run(seeds_dir, "--min-score", "0.9")
    assert result.exit_code == 0, result.output
    every = [m for r in records(seeds_jsonl.stdout) for m in r["mentions"]]
    kept = [m for r in records(result.stdout) for m in r["mentions"]]
    assert all(m["score"] >= 0.9 for m in kept)
    assert len(kept) == sum(m["score"] >= 0.9 for m in every)
    assert 0 < len(kept) < len(every)


def test_min_score_out_of_range(seeds_dir):
    result = run(seeds_dir, "--min-score", "1.5")
    assert result.exit_code == 2 and "Traceback" not in result.output


def test_explain_prints_evidence_on_stderr(tmp_path):
    src = tmp_path / "a.txt"
    src.write_text("Police in Odessa, Texas, said the suspect fled.", encoding="utf-8")
    result = run(src, "--explain")
    assert result.exit_code == 0, result.output
    assert "'Odessa' -> Odessa (US, 5527554)" in result.stderr
    assert "Texas" in result.stderr and "    - " in result.stderr
    [rec] = records(result.stdout)  # stdout stays clean JSONL
    assert rec["mentions"][0]["place"]["geonameid"] == 5527554


def test_stdin():
    result = run("-", input="Shelling in Kharkiv and Lviv.\n")
    assert result.exit_code == 0, result.output
    [rec] = records(result.stdout)
    assert [m["text"] for m in rec["mentions"]] == ["Kharkiv", "Lviv"]
    assert [m["place"]["geonameid"] for m in rec["mentions"]] == [706483, 702550]


def test_text_field_on_a_csv(tmp_path):
    src = tmp_path / "news.csv"
    with open(src, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["uid", "headline", "body"])
        w.writerow(["r1", "Shelling", "Explosions in Kharkiv, and later in Lviv."])
        w.writerow(["r2", "Calm", "Nothing happened."])
    result = run(src, "--text-field", "body", "--title-field", "headline", "--id-field", "uid")
    assert result.exit_code == 0, result.output
    recs = records(result.stdout)
    assert [(r["id"], r["title"]) for r in recs] == [("r1", "Shelling"), ("r2", "Calm")]
    body = "Explosions in Kharkiv, and later in Lviv."
    assert [(m["text"], body[m["start"] : m["end"]]) for m in recs[0]["mentions"]] == [
        ("Kharkiv", "Kharkiv"), ("Lviv", "Lviv")]
    assert recs[1]["mentions"] == []


def test_unknown_text_field(tmp_path):
    src = tmp_path / "news.csv"
    src.write_text("uid,body\nr1,Calm in Lviv.\n", encoding="utf-8")
    result = run(src, "--text-field", "nope")
    assert result.exit_code != 0 and "Traceback" not in result.output
    assert "nope" in result.stderr and len(result.stderr.strip().splitlines()) == 1


def test_unknown_format_is_a_usage_error(seeds_dir):
    result = run(seeds_dir, "--format", "xml")
    assert result.exit_code == 2


# ------------------------------------------------------ faults and bad input (issue #13)


def one_line_error(result) -> str:
    assert result.exit_code != 0 and "Traceback" not in result.output, result.output
    [line] = result.stderr.strip().splitlines()
    return line


@pytest.mark.slow
@pytest.mark.parametrize("content", [b"", b"\x00\x01\x02\x00" * 100, None])
def test_a_failed_run_leaves_earlier_output_intact(tmp_path, content):
    prev = tmp_path / "prev.jsonl"
    prev.write_text('{"id": "earlier run"}\n', encoding="utf-8")
    src = tmp_path / "in"
    src.mkdir()
    if content is not None:  # else: an empty folder
        (src / "bad.txt").write_bytes(content)
    result = run(src, "-o", prev)
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "no articles found" in result.stderr and "prev.jsonl is unchanged" in result.stderr
    assert prev.read_text(encoding="utf-8") == '{"id": "earlier run"}\n'
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in", "prev.jsonl"]


def test_output_equal_to_an_input_is_refused_before_any_work(tmp_path):
    src = tmp_path / "a.txt"
    src.write_text("Shelling in Kharkiv.", encoding="utf-8")
    line = one_line_error(run(src, "-o", src))
    assert "also an input" in line
    assert src.read_text(encoding="utf-8") == "Shelling in Kharkiv."


def test_output_through_a_file_is_one_line(tmp_path):
    src = tmp_path / "a.txt"
    src.write_text("Calm in Lviv.", encoding="utf-8")
    assert "a.txt is a file, not a folder" in one_line_error(run(src, "-o", tmp_path / "a.txt" / "x.jsonl"))


def test_over_long_input_path_is_one_line(tmp_path):
    assert "file name too long" in one_line_error(run(tmp_path / ("y" * 300)))
    assert "file name too long" in one_line_error(run("x/" * 3000))


@pytest.mark.slow
def test_a_245_character_output_name(tmp_path):
    src = tmp_path / "a.txt"
    src.write_text("Calm in Lviv.", encoding="utf-8")
    out = tmp_path / ("n" * 239 + ".jsonl")
    result = run(src, "-o", out)
    assert result.exit_code == 0, result.output
    assert records(out.read_text(encoding="utf-8"))[0]["mentions"][0]["text"] == "Lviv"


@pytest.mark.slow
def test_csv_format_neutralises_formulas(tmp_path):
    src = tmp_path / "news.csv"
    with open(src, "w", newline="", encoding="utf-8") as f:
        csv.writer(f).writerows([["id", "title", "text"],
                                 ["=1+1", '=HYPERLINK("http://evil.example","x")', "Shelling in Kharkiv."]])
    result = run(src, "--format", "csv")
    assert result.exit_code == 0, result.output
    [row] = list(csv.DictReader(io.StringIO(result.stdout)))
    assert row["title"] == '\'=HYPERLINK("http://evil.example","x")' and row["article_id"] == "'=1+1"
    assert float(row["lat"]) > 0 and row["text"] == "Kharkiv"


def _geo(*args, **kw):
    import subprocess
    import sys

    return subprocess.Popen([sys.executable, "-m", "geo", "extract", *map(str, args)],
                            stdout=kw.pop("stdout", subprocess.PIPE), stderr=subprocess.PIPE, **kw)


@pytest.mark.slow
@pytest.mark.skipif(not __import__("os").path.exists("/dev/full"), reason="no /dev/full")
def test_standard_output_on_a_full_disk_is_one_line(seeds_dir):
    with open("/dev/full", "w") as full:
        p = _geo(seeds_dir, "--no-progress", stdout=full)
        _, err = p.communicate(timeout=300)
    assert p.returncode == 1
    assert err.decode().strip().splitlines() == ["Error: cannot write to standard output: No space left on device"]


@pytest.mark.slow
def test_a_closed_pipe_is_quiet(seeds_dir):
    p = _geo(seeds_dir, "--no-progress", "-j", "2")
    p.stdout.readline()
    p.stdout.close()
    _, err = p.communicate(timeout=300)
    assert b"Traceback" not in err and b"BrokenPipe" not in err, err.decode()


def _big_jsonl(path, n=20_000):
    line = json.dumps({"text": "Shelling hit Kharkiv, Izium and Kupiansk; calm in Lviv and Uzhhorod. " * 5})
    path.write_text((line + "\n") * n, encoding="utf-8")


@pytest.mark.slow
@pytest.mark.parametrize(("sig", "code", "jobs"), [("SIGTERM", 143, "1"), ("SIGINT", 130, "2")])
def test_a_signal_leaves_no_temporary_file_and_no_traceback(tmp_path, sig, code, jobs):
    import os
    import signal
    import time

    src = tmp_path / "big.jsonl"
    _big_jsonl(src)
    out = tmp_path / "out" / "mentions.jsonl"
    out.parent.mkdir()
    out.write_text("earlier\n", encoding="utf-8")
    # SIGINT goes to the whole process group, as Ctrl-C in a terminal does. The child
    # restores Python's Ctrl-C handling itself (a test run in the background ignores
    # SIGINT): no preexec_fn, which may deadlock when the test process has threads.
    import subprocess
    import sys

    launcher = ("import runpy, signal, sys\nsignal.signal(signal.SIGINT, signal.default_int_handler)\n"
                "sys.argv = ['geo', *sys.argv[1:]]\nrunpy.run_module('geo', run_name='__main__')")
    p = subprocess.Popen([sys.executable, "-c", launcher, "extract", str(src), "-o", str(out), "--no-progress",
                          "-j", jobs], stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)
    deadline = time.time() + 120
    while not [f for f in out.parent.iterdir() if f.name.endswith(".tmp") and f.stat().st_size > 0]:
        assert time.time() < deadline and p.poll() is None, "extraction never started writing"
        time.sleep(0.2)
    os.killpg(p.pid, getattr(signal, sig))
    _, err = p.communicate(timeout=60)
    assert p.returncode == code, err.decode()
    assert b"Traceback" not in err and b"KeyboardInterrupt" not in err and b"BrokenPipe" not in err, err.decode()
    assert err.decode().strip().splitlines() == [f"geo: {'terminated' if sig == 'SIGTERM' else 'interrupted'}"]
    assert [f.name for f in out.parent.iterdir()] == ["mentions.jsonl"]
    assert out.read_text(encoding="utf-8") == "earlier\n"


@pytest.mark.slow
def test_max_article_mb_option(tmp_path):
    (tmp_path / "big.txt").write_text("Kyiv " * 300_000, encoding="utf-8")
    (tmp_path / "small.txt").write_text("Calm in Lviv.", encoding="utf-8")
    result = run(tmp_path, "--max-article-mb", "1")
    assert result.exit_code == 0, result.output
    assert [r["id"] for r in records(result.stdout)] == ["small.txt"]
    assert "big.txt: article of 1.43 MB is over the 1 MB limit" in result.stderr


def test_output_inside_an_input_folder_is_refused(tmp_path):
    (tmp_path / "a.txt").write_text("Calm in Lviv.", encoding="utf-8")
    line = one_line_error(run(tmp_path, "-o", tmp_path / "mentions.jsonl"))
    assert "among the inputs" in line
    assert [p.name for p in tmp_path.iterdir()] == ["a.txt"]
