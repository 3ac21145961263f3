"""Partitions read on their own give the articles of one read_articles() pass, in order."""

from __future__ import annotations

import json

import pytest

from geo.articles import read_articles
from geo.errors import InputError
from geo.partitions import Files, Lines, ParquetRows, plan, read_rows
from tests.conftest import SEEDS


def read_all(parts, fields=None):
    """Read partitions in order, numbering each file's lines as the cluster does."""
    articles, skipped, offset, previous = [], [], 0, None
    for p in parts:
        if isinstance(p, Lines):
            offset = offset + previous.count() if previous is not None and previous.path == p.path else 0
            previous = p
        else:
            previous = None
        found, skips = p.read(fields or {}, offset)
        articles += found
        skipped += skips
    return articles, skipped


def one_pass(paths, **fields):
    skipped = []
    found = list(read_articles(paths, **fields, on_skip=lambda path, why: skipped.append((path, why))))
    return found, skipped


@pytest.fixture
def news(tmp_path):
    """A folder of seed articles and a JSON Lines file without ids, with a broken and a blank line."""
    texts = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]
    lines = []
    for i in range(30):
        lines.append(json.dumps({"text": texts[i % len(texts)], "date": f"2024-03-0{1 + i % 9}"}))
        if i == 4:
            lines += ["{broken", "", "   "]
    folder = tmp_path / "news"
    (folder / "wire").mkdir(parents=True)
    (folder / "wire" / "feed.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    for p in sorted(SEEDS.glob("*.txt")):
        (folder / p.name).write_text(p.read_text(encoding="utf-8"), encoding="utf-8")
    return folder


@pytest.mark.parametrize("blocksize", [5_000, 30_000, 10_000_000])
def test_partitions_read_as_one_pass(news, blocksize):
    parts = list(plan([news], blocksize))
    assert read_all(parts) == one_pass([news])
    lines = [p for p in parts if isinstance(p, Lines)]
    if blocksize < 100_000:
        assert len(lines) > 3
        # Every byte of the file is in exactly one range.
        assert b"".join(p.data() for p in lines) == (news / "wire" / "feed.jsonl").read_bytes()


def test_ids_and_skips_count_lines_of_the_whole_file(news):
    articles, skipped = read_all(plan([news], 5_000))
    ids = [a.id for a in articles]
    assert ids[:5] == sorted(p.name for p in SEEDS.glob("*.txt"))
    assert ids[5:7] == ["wire/feed.jsonl#1", "wire/feed.jsonl#2"] and ids[-1] == "wire/feed.jsonl#33"
    assert skipped == [(str(news / "wire" / "feed.jsonl"), "line 6: not valid JSON, skipped")]


def test_a_file_given_alone_keeps_its_name(news):
    feed = news / "wire" / "feed.jsonl"
    articles, _ = read_all(plan([feed], 5_000))
    assert articles == one_pass([feed])[0] and articles[0].id == "feed.jsonl#1"


def test_parquet_row_groups(tmp_path):
    pd = pytest.importorskip("pandas")
    pytest.importorskip("pyarrow")
    texts = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]
    frame = pd.DataFrame({"body": texts * 3, "published": pd.date_range("2024-01-01", periods=15, tz="UTC")})
    frame.loc[3, "body"] = ""
    frame.to_parquet(tmp_path / "d.parquet", row_group_size=4)
    parts = list(plan([tmp_path], 1_000_000))
    assert [type(p) for p in parts] == [ParquetRows] * 4 and [p.before for p in parts] == [0, 4, 8, 12]
    articles, skipped = read_all(parts, {"text_field": "body", "date_field": "published"})
    assert [a.id for a in articles][:4] == ["d.parquet#1", "d.parquet#2", "d.parquet#3", "d.parquet#5"]
    assert len(articles) == 14 and articles[-1].date == "2024-01-15"
    assert articles[1].text == texts[1] and articles[1].path == str(tmp_path / "d.parquet")
    assert skipped == [(str(tmp_path / "d.parquet"), "row 4: no text in field body, skipped")]


def test_read_rows_are_read_as_json_lines_records():
    text = (SEEDS / sorted(p.name for p in SEEDS.glob("*.txt"))[0]).read_text(encoding="utf-8")
    [a] = read_rows([{"id": 3, "content": text, "link": "javascript:x", "headline": " A  title "}], "t", {})
    assert (a.id, a.title, a.url, a.path, a.text) == ("3", "A title", "", "", text)


def test_plan_refuses_stdin_and_missing_paths(tmp_path):
    with pytest.raises(InputError, match="standard input"):
        list(plan(["-"]))
    with pytest.raises(InputError, match="no such file"):
        list(plan([tmp_path / "nope"]))


def test_files_group_to_the_blocksize():
    parts = list(plan([SEEDS], 1))
    assert [len(p.files) for p in parts] == [1] * 5 and all(isinstance(p, Files) for p in parts)


def test_a_worker_in_another_folder_reads_relative_paths(news, tmp_path, monkeypatch):
    monkeypatch.chdir(news.parent)
    parts = list(plan(["news"], 5_000))
    expected = one_pass(["news"])
    monkeypatch.chdir(tmp_path / "news" / "wire")
    assert read_all(parts) == expected
    assert expected[0][0].path == "news/" + expected[0][0].id
