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
