"""geo.output: the JSONL contract, CSV and GeoJSON, atomic files."""

from __future__ import annotations

import csv
import io
import json
import os

import pytest

from geo.errors import InputError, OutputError
from geo.output import CSV_COLUMNS, FORMATS, AtomicFile, atomic_output, safe_cell, write, write_files_atomically
from geo.records import Article, Extraction, Mention, Place

ARTICLE_KEYS = {"id", "path", "title", "date", "url", "mentions"}
MENTION_KEYS = {"start", "end", "text", "score", "match", "place"}
PLACE_KEYS = {"geonameid", "name", "lat", "lon", "country_code", "admin1", "feature", "population"}


def render(extractions, fmt: str) -> tuple[int, str]:
    buf = io.StringIO()
    n = write(extractions, buf, fmt)
    return n, buf.getvalue()


@pytest.fixture(scope="module")
def extractions(seed_extraction_list):
    """The seed articles with real mentions, plus an article without any."""
    return [*seed_extraction_list, Extraction(Article("empty.txt", "Nothing here.", title="Empty"), ())]


def test_formats():
    assert FORMATS == ("jsonl", "csv", "geojson")


def test_jsonl_contract(extractions):
    n, out = render(extractions, "jsonl")
    lines = out.splitlines()
    assert n == len(lines) == len(extractions) == 6
    assert out.endswith("\n")
    for e, line in zip(extractions, lines, strict=False):
        rec = json.loads(line)
        assert set(rec) == ARTICLE_KEYS
        assert rec["id"] == e.article.id and rec["path"] == e.article.path and rec["title"] == e.article.title
        assert len(rec["mentions"]) == len(e.mentions)
        for m, d in zip(e.mentions, rec["mentions"], strict=False):
            assert set(d) == MENTION_KEYS and set(d["place"]) == PLACE_KEYS
            assert (d["start"], d["end"], d["text"]) == (m.start, m.end, m.text)
            assert e.article.text[d["start"] : d["end"]] == d["text"]
            assert d["place"]["geonameid"] == m.place.geonameid
    assert json.loads(lines[-1])["mentions"] == []


def test_jsonl_scores_are_rounded_to_four_places_as_round_gives(extractions):
    """Repeated scores and the odd ones: zero of either sign, ints."""
    from geo.output import jsonl_bytes

    kyiv = extractions[0].mentions[0].place
    odd = (0.0, -0.0, 0, 1, 1.0, 0.123456, 0.123456, 0.98765, 2 / 3, 1e-9)
    article = Article("odd", "Kyiv " * len(odd))
    mentions = tuple(Mention(5 * i, 5 * i + 4, "Kyiv", kyiv, score=x) for i, x in enumerate(odd))
    for e in [*extractions, *extractions, Extraction(article, mentions)]:
        written = [d["score"] for d in json.loads(jsonl_bytes(e))["mentions"]]
        expected = [round(m.score, 4) for m in e.mentions]
        assert written == expected
        assert [repr(x) for x in written] == [repr(x) for x in expected]  # -0.0 and 1 vs 1.0 too


def test_jsonl_keeps_non_ascii_text_readable():
    _, out = render([Extraction(Article("k", "Київ"), (Mention(0, 4, "Київ", None),))], "jsonl")
    assert "Київ" in out
    assert json.loads(out)["mentions"][0]["place"] is None


def test_csv_header_and_rows(extractions):
    n, out = render(extractions, "csv")
    assert n == 6
    rows = list(csv.DictReader(io.StringIO(out)))
    assert tuple(csv.reader(io.StringIO(out)).__next__()) == CSV_COLUMNS
    assert len(rows) == sum(len(e.mentions) for e in extractions)
    first = extractions[0]
    for m, row in zip(first.mentions, rows, strict=False):
        assert row["article_id"] == first.article.id
        assert (int(row["start"]), int(row["end"]), row["text"]) == (m.start, m.end, m.text)
        assert int(row["geonameid"]) == m.place.geonameid
        assert float(row["lat"]) == pytest.approx(m.place.lat) and float(row["lon"]) == pytest.approx(m.place.lon)
    assert "empty.txt" not in {r["article_id"] for r in rows}


def test_csv_quotes_titles_with_commas_and_leaves_missing_places_empty():
    a = Article("a", "Near X, in Lviv", title='Shelling, "again"')
    _, out = render([Extraction(a, (Mention(5, 6, "X", None, 0.1, "fuzzy"),))], "csv")
    [row] = list(csv.DictReader(io.StringIO(out)))
    assert row["title"] == 'Shelling, "again"'
    assert row["geonameid"] == row["lat"] == row["name"] == ""


def test_geojson_is_one_valid_document(extractions):
    n, out = render(extractions, "geojson")
    assert n == 6
    doc = json.loads(out)
    assert doc["type"] == "FeatureCollection"
    mentions = [m for e in extractions for m in e.mentions]
    assert len(doc["features"]) == len(mentions)
    for f, m in zip(doc["features"], mentions, strict=False):
        assert f["type"] == "Feature" and f["geometry"]["type"] == "Point"
        assert f["geometry"]["coordinates"] == [m.place.lon, m.place.lat]  # GeoJSON is lon, lat
        assert f["properties"]["geonameid"] == m.place.geonameid and f["properties"]["text"] == m.text
        assert "lat" not in f["properties"] and "lon" not in f["properties"]
    kharkiv = next(f for f in doc["features"] if f["properties"]["geonameid"] == 706483)
    lon, lat = kharkiv["geometry"]["coordinates"]
    assert 36 < lon < 37 and 49 < lat < 51


def test_geojson_without_mentions_is_still_valid():
    n, out = render([Extraction(Article("a", "Calm."), (Mention(0, 4, "Calm", None),))], "geojson")
    assert n == 1 and json.loads(out) == {"type": "FeatureCollection", "features": []}
    assert json.loads(render([], "geojson")[1])["features"] == []


def test_unknown_format():
    with pytest.raises(InputError, match="unknown format 'xml'"):
        write([], io.StringIO(), "xml")
    with pytest.raises(ValueError):  # InputError is a ValueError too
        write([], io.StringIO(), "JSONL")


def test_write_streams_lazily(extractions):
    def gen():
        yield from extractions

    assert write(gen(), io.StringIO(), "jsonl") == 6


def test_atomic_output_moves_the_file_into_place(tmp_path):
    target = tmp_path / "sub" / "out.jsonl"
    with atomic_output(target, encoding="utf-8") as f:
        write([Extraction(Article("a", "x"), ())], f)
        assert not target.exists()
    assert json.loads(target.read_text(encoding="utf-8"))["id"] == "a"
    assert [p.name for p in target.parent.iterdir()] == ["out.jsonl"]


def test_atomic_output_leaves_nothing_when_the_block_raises(tmp_path):
    target = tmp_path / "out.csv"
    with pytest.raises(RuntimeError):
        with atomic_output(target) as f:
            f.write("half")
            raise RuntimeError("boom")
    assert list(tmp_path.iterdir()) == []


def test_atomic_output_takes_away_the_folders_it_made_when_the_block_raises(tmp_path):
    keep = tmp_path / "kept"
    keep.mkdir()
    target = keep / "new" / "deeper" / "out.jsonl"
    with pytest.raises(RuntimeError):
        with atomic_output(target) as f:
            f.write("half")
            raise RuntimeError("boom")
    # The folders made for the output go; the one that was there stays.
    assert keep.is_dir() and list(keep.iterdir()) == []


@pytest.mark.full_index
def test_a_failed_extract_leaves_no_output_folder(tmp_path):
    from click.testing import CliRunner

    from geo.cli import main

    empty = tmp_path / "empty"
    empty.mkdir()
    out = tmp_path / "new" / "mentions.jsonl"
    result = CliRunner().invoke(main, ["extract", str(empty), "-o", str(out)])
    assert result.exit_code != 0 and "no articles found" in result.output
    assert not (tmp_path / "new").exists()


def test_atomic_output_keeps_the_old_file_when_the_block_raises(tmp_path):
    target = tmp_path / "out.csv"
    target.write_text("old")
    with pytest.raises(KeyboardInterrupt):
        with atomic_output(target) as f:
            f.write("new")
            raise KeyboardInterrupt
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["out.csv"]


# ------------------------------------------------- the destination, checked first (issue #13)



def test_destination_through_a_file_fails_before_any_work(tmp_path):
    (tmp_path / "file.txt").write_text("notes")
    with pytest.raises(OutputError, match=r"file\.txt is a file, not a folder"):
        AtomicFile(tmp_path / "file.txt" / "x.jsonl")


def test_destination_that_is_a_folder(tmp_path):
    with pytest.raises(OutputError, match="it is a folder"):
        AtomicFile(tmp_path)


def test_destination_equal_to_an_input_is_refused(tmp_path):
    src = tmp_path / "a.txt"
    src.write_text("Kyiv")
    with pytest.raises(OutputError, match="also an input"):
        AtomicFile(tmp_path / "." / "a.txt", inputs=[str(src)])
    assert src.read_text() == "Kyiv"


def test_a_legal_245_character_name_is_written(tmp_path):
    # ".<name>.<random>.tmp" is over the 255-byte limit for this name: the writer must
    # pick a shorter temporary name rather than fail.
    target = tmp_path / ("n" * 239 + ".jsonl")
    assert len(target.name) == 245
    with atomic_output(target, encoding="utf-8") as f:
        f.write("{}\n")
    assert target.read_text() == "{}\n"
    assert [p.name for p in tmp_path.iterdir()] == [target.name]


def test_a_folder_that_cannot_be_written(tmp_path):
    # /proc refuses new files even to root; a read-only folder does the same to users.
    with pytest.raises(OutputError, match="cannot write /proc/geo-out.jsonl"):
        AtomicFile("/proc/geo-out.jsonl")


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root writes to read-only folders")
def test_a_read_only_folder(tmp_path):
    ro = tmp_path / "ro"
    ro.mkdir()
    ro.chmod(0o555)
    try:
        with pytest.raises(OutputError, match="choose a folder you can write to"):
            AtomicFile(ro / "out.jsonl")
    finally:
        ro.chmod(0o755)


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="no /dev/full")
def test_a_full_disk_is_one_error_and_no_device_is_replaced():
    before = os.stat("/dev/full")
    with pytest.raises(OutputError, match="No space left on device"):
        with AtomicFile("/dev/full", encoding="utf-8") as out:
            out.file.write("x" * 100_000)
            out.commit()
    after = os.stat("/dev/full")
    assert (before.st_rdev, before.st_ino) == (after.st_rdev, after.st_ino)  # still the device


def test_nothing_is_published_without_commit(tmp_path):
    target = tmp_path / "prev.jsonl"
    target.write_text("earlier output")
    with AtomicFile(target, encoding="utf-8") as out:
        out.file.write("half a run")
    assert target.read_text() == "earlier output"
    assert [p.name for p in tmp_path.iterdir()] == ["prev.jsonl"]


def test_temporary_files_are_removed_at_exit(tmp_path):
    # A process ended by SIGTERM in the CLI exits through atexit: nothing may be left.
    import subprocess
    import sys

    code = ("import sys, time\nfrom geo.output import AtomicFile\n"
            "out = AtomicFile(sys.argv[1], encoding='utf-8')\nout.file.write('x')\nsys.exit(3)")
    done = subprocess.run([sys.executable, "-c", code, str(tmp_path / "o.jsonl")])
    assert done.returncode == 3
    assert list(tmp_path.iterdir()) == []


def test_write_files_atomically_leaves_nothing_when_one_fails(tmp_path):
    (tmp_path / "blocker").write_text("a file where a folder should be")
    with pytest.raises(OutputError):
        write_files_atomically([(tmp_path / "a.html", "A"), (tmp_path / "blocker" / "b.html", "B")])
    assert sorted(p.name for p in tmp_path.iterdir()) == ["blocker"]


@pytest.mark.parametrize(("cell", "safe"), [
    ('=HYPERLINK("http://evil.example","x")', '\'=HYPERLINK("http://evil.example","x")'),
    ("+1-2", "'+1-2"), ("-cmd|' /C calc'!A0", "'-cmd|' /C calc'!A0"), ("@SUM(A1)", "'@SUM(A1)"),
    ("\t=1", "'\t=1"), ("-33.9", "-33.9"), ("+7", "+7"), ("Kyiv", "Kyiv"), ("", ""), (-1.5, -1.5),
])
def test_safe_cell(cell, safe):
    assert safe_cell(cell) == safe


def test_csv_output_neutralises_formulas(tmp_path):
    title = '=HYPERLINK("http://evil.example","x")'
    place = Place(706483, "Kharkiv", 49.98, 36.25, "UA", "Kharkiv Oblast", "city", 1_430_885)
    e = Extraction(Article("@a", "Kharkiv", title=title), (Mention(0, 7, "Kharkiv", place, 0.9, "exact"),))
    _, text = render([e], "csv")
    [row] = csv.DictReader(io.StringIO(text))
    assert (row["title"], row["article_id"], row["name"]) == ("'" + title, "'@a", "Kharkiv")


@pytest.mark.parametrize("name", ["z" * 300 + ".jsonl", "z/" * 3000 + "out.jsonl"])
def test_a_name_too_long_fails_before_any_work(tmp_path, name):
    with pytest.raises(OutputError, match="file name too long") as caught:
        AtomicFile(tmp_path / name)
    assert len(str(caught.value)) < 300  # the name is shortened in the message
    assert list(tmp_path.iterdir()) == []


def test_write_files_atomically_leaves_nothing_when_interrupted(tmp_path):
    # What SIGTERM does in the CLI (an exception in the main thread) half-way through 1,000 pages.
    def pages():
        for i in range(1000):
            if i == 600:
                raise KeyboardInterrupt
            yield tmp_path / "articles" / f"{i}.html", "page"

    with pytest.raises(KeyboardInterrupt):
        write_files_atomically(pages())
    assert list((tmp_path / "articles").iterdir()) == []
