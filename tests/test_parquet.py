"""Mention rows to Parquet and back: columns of mentions_frame, atomic files and folders."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.full_index  # mentions of the seeds, from the built-in gazetteer
pd = pytest.importorskip("pandas")
pytest.importorskip("pyarrow")

from geo.errors import InputError  # noqa: E402
from geo.extract import extract_articles, mentions_frame  # noqa: E402
from geo.parquet import COLUMNS, mention_rows, read_extractions_parquet, write_parquet  # noqa: E402
from tests.conftest import SEEDS  # noqa: E402


@pytest.fixture(scope="module")
def extractions():
    from geo.articles import read_articles

    return list(extract_articles(read_articles([SEEDS])))


def test_rows_are_mentions_frame_with_fixed_dtypes(extractions):
    rows = mention_rows(extractions)
    assert list(rows.columns) == list(COLUMNS)
    pd.testing.assert_frame_equal(rows, mentions_frame(extractions), check_dtype=False)
    assert str(rows["geonameid"].dtype) == "int64" and len(rows) > 50


def test_file_and_folder_round_trip(extractions, tmp_path):
    batches = [mention_rows(extractions[:2]), mention_rows(extractions[2:])]
    assert write_parquet(batches, tmp_path / "m.parquet") == sum(len(b) for b in batches)
    assert write_parquet(batches, tmp_path / "parts", folder=True) == sum(len(b) for b in batches)
    assert sorted(p.name for p in (tmp_path / "parts").iterdir()) == ["part-00000.parquet", "part-00001.parquet"]
    for out in (tmp_path / "m.parquet", tmp_path / "parts"):
        back = list(read_extractions_parquet(out))
        with_mentions = [e for e in extractions if e.mentions]
        assert [e.article for e in back] == [e.article for e in with_mentions]
        assert [e.mentions for e in back] == [e.mentions for e in with_mentions]


def test_a_failed_run_leaves_the_earlier_output(extractions, tmp_path):
    def failing():
        yield mention_rows(extractions[:1])
        raise RuntimeError("worker lost")

    for folder, out in ((False, tmp_path / "m.parquet"), (True, tmp_path / "parts")):
        write_parquet([mention_rows(extractions)], out, folder=folder)
        before = pd.read_parquet(out)
        with pytest.raises(RuntimeError):
            write_parquet(failing(), out, folder=folder)
        pd.testing.assert_frame_equal(pd.read_parquet(out), before)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["m.parquet", "parts"]


def test_a_folder_output_replaces_the_old_parts(extractions, tmp_path):
    write_parquet([mention_rows(extractions[:1]), mention_rows(extractions[1:])], tmp_path / "p", folder=True)
    write_parquet([mention_rows(extractions)], tmp_path / "p", folder=True)
    assert [p.name for p in (tmp_path / "p").iterdir()] == ["part-00000.parquet"]
    assert len(pd.read_parquet(tmp_path / "p")) == len(mention_rows(extractions))


def test_other_parquet_is_refused(tmp_path):
    pd.DataFrame({"text": ["Kyiv"]}).to_parquet(tmp_path / "x.parquet")
    with pytest.raises(InputError, match="not 'geo extract' Parquet"):
        list(read_extractions_parquet(tmp_path / "x.parquet"))
    (tmp_path / "y.parquet").write_text("not parquet")
    with pytest.raises(InputError, match="cannot read"):
        list(read_extractions_parquet(tmp_path / "y.parquet"))


def test_geo_map_draws_parquet_files_and_folders(extractions, tmp_path):
    """`geo map` reads the Parquet output as it reads the JSONL: the same places drawn."""
    import json
    import re

    from click.testing import CliRunner

    from geo.cli import main

    write_parquet([mention_rows(extractions)], tmp_path / "m.parquet")
    write_parquet([mention_rows(extractions[:2]), mention_rows(extractions[2:])], tmp_path / "parts", folder=True)
    drawn = []
    for src in ("m.parquet", "parts"):
        out = tmp_path / f"map-{src}" / "index.html"
        res = CliRunner().invoke(main, ["map", str(tmp_path / src), "-o", str(out)])
        assert res.exit_code == 0, res.output
        block = re.search(r'<script type="application/json" id="geo-data">(.*?)</script>', out.read_text("utf-8"), re.S)
        drawn.append(sorted((p["n"], p["c"]) for p in json.loads(block.group(1))["places"]))
    expected = {}
    for e in extractions:
        for m in e.mentions:
            expected[m.place.geonameid] = expected.get(m.place.geonameid, 0) + 1
    assert drawn[0] == drawn[1]
    assert sum(c for _, c in drawn[0]) == sum(expected.values()) and len(drawn[0]) == len(expected)
