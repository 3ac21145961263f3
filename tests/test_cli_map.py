"""``geo map`` end to end: JSONL from ``geo extract``, CSV of places, articles, errors."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from geo.cli import main

ROOT = Path(__file__).resolve().parents[1]


def map_data(html: str) -> dict:
    m = re.search(r'<script type="application/json" id="geo-data">(.*?)</script>', html, re.S)
    assert m
    return json.loads(m.group(1))


def names_on(html_path: Path) -> set[str]:
    html = html_path.read_text(encoding="utf-8")
    return {p["n"] for p in map_data(html)["places"]}


@pytest.fixture()
def jsonl(seed_extraction_list, tmp_path):
    path = tmp_path / "extract.jsonl"
    with path.open("w", encoding="utf-8") as fh:
        for ex in seed_extraction_list:
            fh.write(json.dumps(ex.to_dict(), ensure_ascii=False) + "\n")
    return path


def run(*args):
    return CliRunner().invoke(main, list(map(str, args)), catch_exceptions=False)


def test_map_from_extract_jsonl(jsonl, tmp_path, seed_extraction_list):
    out = tmp_path / "maps" / "index.html"
    res = run("map", jsonl, "-o", out, "--title", "Seeds", "--tiles", "OpenStreetMap.Mapnik")
    assert res.exit_code == 0, res.output
    assert f"Wrote {out}" in res.output and "13 places" in res.output
    html = out.read_text(encoding="utf-8")
    assert "<title>Seeds</title>" in html and "tile.openstreetmap.org" in html
    assert (out.parent / "lib" / "leaflet" / "leaflet.js").is_file()
    assert {"Kharkiv", "Kyiv", "Ukraine"} <= names_on(out)
    pages = list((out.parent / "articles").glob("*.html"))
    assert len(pages) == len(seed_extraction_list)  # text re-read from each record's path


def test_options_reach_the_map(jsonl, tmp_path):
    out = tmp_path / "m.html"
    res = run("map", jsonl, "-o", out, "--no-countries", "--bbox", "22,44,41,53", "--tiles", "none")
    assert res.exit_code == 0, res.output
    names = names_on(out)
    assert "Ukraine" not in names and "Moscow" not in names and "Kyiv" in names
    area = tmp_path / "east.geojson"
    east = [[[35, 46], [41, 46], [41, 51], [35, 51], [35, 46]]]
    area.write_text(json.dumps({"type": "Polygon", "coordinates": east}))
    res = run("map", jsonl, "-o", out, "--within", area, "--min-score", "0.5")
    assert res.exit_code == 0, res.output
    assert "Kharkiv" in names_on(out) and "Kyiv" not in names_on(out)
    res = run("map", jsonl, "-o", out, "--min-score", "0.95")
    assert res.exit_code == 0 and "no places to map" in res.output


def test_csv_of_places(tmp_path):
    csv = tmp_path / "places.csv"
    csv.write_text("name,lat,lon,url,title,date\n"
                   "Kharkiv,49.98177,36.25475,https://example.org/1,Strike,2024-05-01\n"
                   "Odesa,46.48572,30.74383,https://example.org/2,Port,2024-05-02\n", encoding="utf-8")
    out = tmp_path / "index.html"
    res = run("map", csv, "-o", out)
    assert res.exit_code == 0, res.output
    assert names_on(out) == {"Kharkiv", "Odesa"}
    assert "https://example.org/1" in out.read_text(encoding="utf-8")


@pytest.mark.parametrize("args,message", [
    (["--bbox", "1,2,3"], "bad bbox"),
    (["--bbox", "40,50,30,60"], "west must be less than east"),
    (["--within", "missing.geojson"], "no such file"),
    (["--tiles", "Nowhere.Tiles"], "unknown tiles"),
])
def test_errors_are_one_line(jsonl, tmp_path, args, message):
    res = CliRunner().invoke(main, ["map", str(jsonl), "-o", str(tmp_path / "x.html"), *args])
    assert res.exit_code == 1
    assert message in res.output
    assert res.output.startswith("Error: ") and res.output.count("\n") == 1
    assert not (tmp_path / "x.html").exists()


def test_invalid_geojson(jsonl, tmp_path):
    bad = tmp_path / "bad.geojson"
    bad.write_text('{"type": "FeatureCollection", "features": [{"type": "Feature", "geometry": {"type": "Polygon"}}]}')
    res = CliRunner().invoke(main, ["map", str(jsonl), "-o", str(tmp_path / "x.html"), "--within", str(bad)])
    assert res.exit_code == 1 and "not valid GeoJSON" in res.output and res.output.count("\n") == 1


def test_missing_path(tmp_path):
    res = CliRunner().invoke(main, ["map", str(tmp_path / "nope"), "-o", str(tmp_path / "x.html")])
    assert res.exit_code == 1 and "no such file or folder" in res.output


def test_open_uses_webbrowser(jsonl, tmp_path, monkeypatch):
    opened = []
    monkeypatch.setattr("webbrowser.open", lambda url, *a, **k: opened.append(url) or True)
    out = tmp_path / "index.html"
    res = run("map", jsonl, "-o", out, "--open")
    assert res.exit_code == 0, res.output
    assert opened == [out.resolve().as_uri()]


def test_jsonl_map_search_names(jsonl, tmp_path):
    out = tmp_path / "index.html"
    assert run("map", jsonl, "-o", out).exit_code == 0
    kyiv = next(p for p in map_data(out.read_text(encoding="utf-8"))["places"] if p["n"] == "Kyiv")
    assert "Kiev" in kyiv["sp"] and "al" not in kyiv  # the spellings; the gazetteer was not opened


@pytest.mark.full_index
def test_jsonl_map_with_gazetteer_names(jsonl, tmp_path):
    out = tmp_path / "index.html"
    res = run("map", jsonl, "-o", out, "--gazetteer-names")
    assert res.exit_code == 0, res.output
    kyiv = next(p for p in map_data(out.read_text(encoding="utf-8"))["places"] if p["n"] == "Kyiv")
    assert {"Kijev", "Київ"} <= set(kyiv["al"])


def test_self_contained(jsonl, tmp_path):
    out = tmp_path / "one.html"
    res = run("map", jsonl, "-o", out, "--self-contained")
    assert res.exit_code == 0, res.output
    assert not (tmp_path / "lib").exists() and "<script src=" not in out.read_text(encoding="utf-8")


def test_help():
    res = run("map", "--help")
    assert res.exit_code == 0
    for opt in ("--title", "--tiles", "--min-score", "--countries / --no-countries", "--bbox", "--within", "--open",
                "--self-contained", "--gazetteer-names"):
        assert opt in res.output


def _need_extract():
    pytest.importorskip("geo.extract", reason="geo.extract is not in this checkout yet")
    import geo.extract

    if not hasattr(geo.extract, "extract_articles"):
        pytest.skip("geo.extract has no extract_articles yet")


def test_seeds_end_to_end(tmp_path):
    _need_extract()
    out = tmp_path / "maps" / "index.html"
    res = run("map", ROOT / "seeds", "-o", out)
    assert res.exit_code == 0, res.output
    names = names_on(out)
    assert "Kharkiv" in names and ("Kyiv" in names or "Kiev" in names)
    html = out.read_text(encoding="utf-8")
    data = map_data(html)
    hrefs = [f"{data['articles'][i]['pp']}#m-{s[3]}" for p in data["places"] for i, snips, _ in p["m"] for s in snips
             if data["articles"][i]["pp"] and s[3] >= 0]
    assert hrefs
    # search knows the gazetteer's names too: Kyiv by "Kijev"
    kyiv = next(p for p in data["places"] if p["n"] == "Kyiv")
    assert "Kijev" in kyiv.get("al", [])
    for href in hrefs[:20]:
        page, anchor = href.split("#")
        assert f'id="{anchor}"' in (out.parent / page).read_text(encoding="utf-8")


def test_default_path_is_seeds(tmp_path, monkeypatch):
    _need_extract()
    shutil.copytree(ROOT / "seeds", tmp_path / "seeds")
    monkeypatch.chdir(tmp_path)
    res = run("map")
    assert res.exit_code == 0, res.output
    assert (tmp_path / "maps" / "index.html").is_file()
    assert len(list((tmp_path / "maps" / "articles").glob("*.html"))) == 5


@pytest.mark.parametrize("where", ["through-a-file", "articles-is-a-file", "among-the-inputs", "not-html"])
def test_a_map_that_cannot_be_written_fails_before_the_work(jsonl, tmp_path, where):
    """The destination is checked before any article is read: one line, no file written."""
    news = tmp_path / "news"
    news.mkdir()
    shutil.copy(ROOT / "seeds" / "000_fdaf78911eb850d2.txt", news)
    (tmp_path / "notes.txt").write_text("not a folder")
    (tmp_path / "m").mkdir()
    (tmp_path / "m" / "articles").write_text("a file where the folder should be")
    out, inputs, says = {
        "through-a-file": (tmp_path / "notes.txt" / "index.html", [str(jsonl)], "is a file, not a folder"),
        "articles-is-a-file": (tmp_path / "m" / "index.html", [str(jsonl)], "is a file, not a folder"),
        "among-the-inputs": (news / "map.html", [str(news)], "the next run would read it"),
        "not-html": (tmp_path / "map.png", [str(jsonl)], "must be written to an .html file"),
    }[where]
    before = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*"))
    res = run("map", *inputs, "-o", str(out))
    assert res.exit_code != 0
    assert says in res.output and len(res.output.strip().splitlines()) == 1
    assert sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*")) == before
