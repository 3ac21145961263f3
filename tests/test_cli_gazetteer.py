"""`geo gazetteer build` and `geo gazetteer info` through click's CliRunner."""

from __future__ import annotations

import json
import zipfile

import pytest
from click.testing import CliRunner

from geo.cli import main
from geo.gazetteer import Gazetteer

ROWS = [
    "690791\tUkraine\tUkraine\tUkraina,Україна,Украина\t49.0\t32.0\tA\tPCLI\tUA\t\t00\t\t\t\t44622516\t\t163\t"
    "Europe/Kyiv\t2024-03-11",
    "706483\tKharkiv\tKharkiv\tKharkov,Харків,Харьков\t49.98177\t36.25475\tP\tPPLA\tUA\t\t07\t\t\t\t1421125\t\t152\t"
    "Europe/Kyiv\t2024-03-11",
    "703448\tKyiv\tKyiv\tKiev,Київ,Киев\t50.45466\t30.5238\tP\tPPLC\tUA\t\t12\t\t\t\t2952301\t\t187\t"
    "Europe/Kyiv\t2024-03-11",
]


def run(*args):
    return CliRunner().invoke(main, list(args))


@pytest.fixture
def dump(tmp_path):
    p = tmp_path / "UA.txt"
    p.write_text("\n".join(ROWS) + "\n", encoding="utf-8")
    return p


def test_build_from_geonames(tmp_path, dump):
    out = tmp_path / "gz"
    result = run("gazetteer", "build", "--geonames", str(dump), "-o", str(out))
    assert result.exit_code == 0, result.output
    assert (out / "gazetteer.sqlite").is_file()
    assert "Built" in result.stdout and "places" in result.stdout and "MB" in result.stdout
    assert "geo: indexing UA.txt" in result.stderr  # progress goes to stderr
    gz = Gazetteer.open(out)
    assert gz.resolve("Харків").geonameid == 706483
    assert gz.info()["source"] == "geonames"


def test_build_summary_counts(tmp_path, dump):
    result = run("gazetteer", "build", "--geonames", str(dump), "-o", str(tmp_path / "gz"), "--no-supplement")
    assert result.exit_code == 0, result.output
    assert "3 places" in result.stdout


def test_build_from_zip_with_alternate_names(tmp_path, dump):
    z = tmp_path / "UA.zip"
    with zipfile.ZipFile(z, "w") as f:
        f.write(dump, "UA.txt")
    alt = tmp_path / "alternateNamesV2.txt"
    alt.write_text("1\t706483\tde\tCharkiw\t\t\t\t\t\t\n", encoding="utf-8")
    out = tmp_path / "gz"
    result = run("gazetteer", "build", "--geonames", str(z), "--alternate-names", str(alt), "-o", str(out))
    assert result.exit_code == 0, result.output
    assert Gazetteer.open(out).resolve("Charkiw").geonameid == 706483


def test_build_several_files(tmp_path, dump):
    other = tmp_path / "US.txt"
    other.write_text("5601538\tMoscow\tMoscow\t\t46.73239\t-117.00017\tP\tPPLA2\tUS\t\tID\t057\t\t\t25435\t786\t"
                     "788\tAmerica/Los_Angeles\t2017-03-09\n", encoding="utf-8")
    out = tmp_path / "gz"
    result = run("gazetteer", "build", "--geonames", str(dump), "--geonames", str(other), "-o", str(out))
    assert result.exit_code == 0, result.output
    assert Gazetteer.open(out).resolve("Moscow, Idaho").geonameid == 5601538


def test_build_missing_file_is_one_line_error(tmp_path):
    result = run("gazetteer", "build", "--geonames", str(tmp_path / "nope.txt"), "-o", str(tmp_path / "gz"))
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert result.output.strip().splitlines() == [f"Error: {tmp_path / 'nope.txt'}: no such file"]


def test_build_bad_format_names_line(tmp_path):
    bad = tmp_path / "cities.csv"
    bad.write_text("name,lat,lon\nKyiv,50.4,30.5\n", encoding="utf-8")
    result = run("gazetteer", "build", "--geonames", str(bad), "-o", str(tmp_path / "gz"))
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and "cities.csv, line 1" in lines[0] and "19" in lines[0]
    assert not (tmp_path / "gz" / "gazetteer.sqlite").exists()


def test_build_bad_zip(tmp_path):
    bad = tmp_path / "UA.zip"
    bad.write_bytes(b"not a zip")
    result = run("gazetteer", "build", "--geonames", str(bad), "-o", str(tmp_path / "gz"))
    assert result.exit_code == 1 and "zip" in result.output and "Traceback" not in result.output


@pytest.mark.parametrize("args,message", [
    ((), "--geonames"),
    (("--geonames", "UA.txt"), "-o DIR"),
    (("--builtin", "--geonames", "UA.txt"), "--builtin takes no"),
])
def test_build_usage_errors(args, message):
    result = run("gazetteer", "build", *args)
    assert result.exit_code == 2
    assert message in result.output


def test_build_builtin_into_cache(tmp_path, monkeypatch):
    # Rebuilding the real built-in index takes a minute; check the command wiring only.
    import geo.build

    calls = []

    def fake_build(path, progress=None):
        calls.append(path)
        progress("building")
        from geo.dump import build_from_geonames

        src = tmp_path / "UA.txt"
        src.write_text("\n".join(ROWS) + "\n", encoding="utf-8")
        built = build_from_geonames([src], tmp_path / "b", supplement=False)
        path.parent.mkdir(parents=True, exist_ok=True)
        built.replace(path)
        return path

    monkeypatch.setenv("GEO_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(geo.build, "build_builtin", fake_build)
    result = run("gazetteer", "build", "--builtin")
    assert result.exit_code == 0, result.output
    from geo.gazetteer import default_index_path

    assert calls == [default_index_path()]
    assert str(tmp_path / "cache") in str(calls[0])
    assert "geo: building" in result.stderr and "Built" in result.stdout


def test_info_builtin():
    result = run("gazetteer", "info")
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "source:      builtin" in out
    assert "GeoNames" in out and "city" in out and "country" in out
    assert str(Gazetteer.default().path) in out


def test_info_json_of_built_gazetteer(tmp_path, dump):
    out = tmp_path / "gz"
    assert run("gazetteer", "build", "--geonames", str(dump), "-o", str(out), "--no-supplement").exit_code == 0
    result = run("gazetteer", "info", "--gazetteer", str(out), "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["source"] == "geonames"
    assert data["places"] == 3 and data["features"] == {"city": 2, "country": 1}
    assert data["attribution"].startswith("Place data © GeoNames")


def test_info_env_var(tmp_path, dump, monkeypatch):
    out = tmp_path / "gz"
    assert run("gazetteer", "build", "--geonames", str(dump), "-o", str(out)).exit_code == 0
    monkeypatch.setenv("GEO_GAZETTEER", str(out))
    data = json.loads(run("gazetteer", "info", "--json").stdout)
    assert data["source"] == "geonames"


def test_info_missing_gazetteer(tmp_path):
    result = run("gazetteer", "info", "--gazetteer", str(tmp_path))
    assert result.exit_code == 1
    assert "no gazetteer index" in result.output and "Traceback" not in result.output


# -- postal-code dumps (issue #10) ------------------------------------------------------

POSTAL = [  # real rows of GeoNames' UA postal dump; the last is an estimate (accuracy 1)
    "UA\t84558\tКліщіївка\tDonetska\t05\tBahmutskiy\t\t\t\t48.53\t37.9605\t4",
    "UA\t84500\tАндріївка\tDonetska\t05\tBahmutskiy\t\t\t\t48.5008\t37.968\t4",
    "UA\t84548\tБогданівка\tDonetska\t05\tBahmutskiy\t\t\t\t48.6184\t37.8981\t4",
    "UA\t19012\tТрощин\tCherkaska\t01\tKanivskyi\t\t\t\t50.0589\t30.6534\t1",
]


@pytest.fixture
def postal_dump(tmp_path):
    p = tmp_path / "UA-postal.txt"
    p.write_text("\n".join(POSTAL) + "\n", encoding="utf-8")
    return p


def test_build_from_postal_alone(tmp_path, postal_dump):
    out = tmp_path / "gz"
    result = run("gazetteer", "build", "--postal", str(postal_dump), "-o", str(out), "--no-supplement")
    assert result.exit_code == 0, result.output
    assert "3 places" in result.stdout  # the estimated point is dropped
    gz = Gazetteer.open(out)
    p = gz.resolve("Klishchiivka")
    assert (p.name, p.admin1, p.lat) == ("Klishchiivka", "Donetsk Oblast", 48.53)
    assert gz.resolve("Kleshcheevka") == p  # Russian transliterations of the Ukrainian name
    assert gz.resolve("Trostchyn") is None


def test_build_from_zipped_postal_with_geonames(tmp_path, dump, postal_dump):
    z = tmp_path / "UA.zip"
    with zipfile.ZipFile(z, "w") as f:
        f.write(postal_dump, "UA.txt")
    out = tmp_path / "gz"
    result = run("gazetteer", "build", "--geonames", str(dump), "--postal", str(z), "-o", str(out), "--no-supplement")
    assert result.exit_code == 0, result.output
    gz = Gazetteer.open(out)
    assert gz.resolve("Kharkiv").geonameid == 706483
    assert gz.resolve("Andriivka").admin1 == "Donetsk Oblast"


def test_build_from_a_bad_postal_file_fails_cleanly(tmp_path, dump):
    bad = tmp_path / "UA.txt"
    bad.write_text("not\ta postal dump\n", encoding="utf-8")
    out = tmp_path / "gz"
    result = run("gazetteer", "build", "--geonames", str(dump), "--postal", str(bad), "-o", str(out))
    assert result.exit_code != 0
    assert "line 1" in result.output and "postal" in result.output
    assert "Traceback" not in result.output
    assert not (out / "gazetteer.sqlite").exists()
