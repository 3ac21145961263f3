"""`geo normalize` and geo.normalize on the built-in gazetteer."""

from __future__ import annotations

import io

import pandas as pd
import pytest
from click.testing import CliRunner

from geo.cli import main
from geo.errors import InputError
from geo.gazetteer import Gazetteer
from geo.normalize import GEO_COLUMNS, decode, normalize_frame, read_table, summarize, write_table

CSV = (
    "id,place,note\n"
    "1,Kharkov,shelling\n"
    "2,Харків,\"quoted, with comma\"\n"
    "3,Xqzzyville,nothing\n"
    "4,Kharkov,again\n"
    "5,,empty\n"
    "6,\"Odessa, Texas\",qualified\n"
    "7,Kramatorks,typo\n"
    "8,Dzerzhinsk,ambiguous\n"
)


def run(*args):
    return CliRunner().invoke(main, list(args))


def read(text: str, sep=",") -> pd.DataFrame:
    return pd.read_csv(io.StringIO(text), sep=sep, dtype=str, keep_default_na=False)


@pytest.fixture
def csv_file(tmp_path):
    p = tmp_path / "events.csv"
    p.write_text(CSV, encoding="utf-8")
    return p


def test_normalize_to_stdout(csv_file):
    result = run("normalize", str(csv_file), "--column", "place")
    assert result.exit_code == 0, result.output
    df = read(result.stdout)
    assert list(df.columns) == ["id", "place", "note", *GEO_COLUMNS]
    assert df["id"].tolist() == [str(i) for i in range(1, 9)]
    assert df["note"][1] == "quoted, with comma"
    assert df["geo_geonameid"].tolist() == ["706483", "706483", "", "706483", "", "5527554", "704508", "563708"]
    assert df["geo_match"].tolist() == ["alternate", "alternate", "", "alternate", "", "qualified", "fuzzy", "exact"]
    k = df.iloc[0]
    assert (k.geo_name, k.geo_country, k.geo_admin1, k.geo_feature) == ("Kharkiv", "UA", "Kharkiv Oblast", "city")
    assert float(k.geo_lat) == pytest.approx(49.98, abs=0.05) and float(k.geo_lon) == pytest.approx(36.25, abs=0.05)
    assert 0 < float(k.geo_score) <= 1
    assert (df.iloc[2][list(GEO_COLUMNS)] == "").all()  # unresolved rows get empty values
    assert "8 rows: 6 resolved, 2 unresolved" in result.stderr
    assert "alternate 3" in result.stderr and "fuzzy 1" in result.stderr


def test_country_option_biases(csv_file):
    result = run("normalize", str(csv_file), "--column", "place", "--country", "UA")
    assert result.exit_code == 0, result.output
    df = read(result.stdout)
    assert df["geo_geonameid"][7] == "709354"  # Dzerzhinsk, Ukraine (Toretsk)


def test_output_file_is_written_atomically(csv_file, tmp_path):
    out = tmp_path / "out.csv"
    out.write_text("old content", encoding="utf-8")
    result = run("normalize", str(csv_file), "--column", "place", "-o", str(out))
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    df = read(out.read_text(encoding="utf-8"))
    assert len(df) == 8 and df["geo_name"][0] == "Kharkiv"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []
    assert f"wrote {out}" in result.stderr


def test_failed_run_leaves_output_untouched(tmp_path):
    out = tmp_path / "out.csv"
    out.write_text("old content", encoding="utf-8")
    src = tmp_path / "in.csv"
    src.write_text("a,b\n1,2\n", encoding="utf-8")
    result = run("normalize", str(src), "--column", "place", "-o", str(out))
    assert result.exit_code == 1
    assert out.read_text(encoding="utf-8") == "old content"


def test_semicolon_and_cp1251(tmp_path):
    p = tmp_path / "ua.csv"
    p.write_bytes("місто;кількість\nХарків;1\nКиїв;2\nОдеса;3\nСєвєродонецьк;4\n".encode("cp1251"))
    result = run("normalize", str(p), "--column", "місто")
    assert result.exit_code == 0, result.output
    df = read(result.stdout, sep=";")
    assert list(df.columns[:2]) == ["місто", "кількість"]
    assert df["місто"].tolist() == ["Харків", "Київ", "Одеса", "Сєвєродонецьк"]
    assert df["geo_geonameid"].tolist() == ["706483", "703448", "698740", "691999"]


def test_utf8_bom_and_tabs(tmp_path):
    p = tmp_path / "bom.tsv"
    p.write_bytes(b"\xef\xbb\xbf" + b"place\tn\nKyiv\t1\nMala Rogan\t2\n")
    result = run("normalize", str(p), "--column", "place")
    assert result.exit_code == 0, result.output
    df = read(result.stdout, sep="\t")
    assert df.columns[0] == "place"  # the BOM is not part of the column name
    assert df["geo_geonameid"].tolist() == ["703448", "8669030"]


def test_single_column_file(tmp_path):
    p = tmp_path / "one.csv"
    p.write_text("place\nKupiansk\nPopansa\n", encoding="utf-8")
    result = run("normalize", str(p), "--column", "place")
    assert result.exit_code == 0, result.output
    assert read(result.stdout)["geo_geonameid"].tolist() == ["703656", "696566"]


def test_missing_column_lists_the_columns(csv_file):
    result = run("normalize", str(csv_file), "--column", "city")
    assert result.exit_code == 1
    assert result.output.strip().splitlines() == ["Error: no column 'city'; the columns are: 'id', 'place', 'note'"]


def test_missing_column_option():
    result = run("normalize", "x.csv")
    assert result.exit_code == 2 and "--column" in result.output


@pytest.mark.parametrize("content,message", [
    (None, "no such file"),
    (b"", "is empty"),
    (b"\x7fELF\x02\x01\x01\x00\x00\x00\x00\x00", "binary"),
    (b"place\n\x80\x81\x82\x83\x84\x85\x86\x87\x88\n\x90\x91\x92\x93\x94\x95\x96\x97\x99\x9a\n", "encoding"),
    (b'place,n\n"Kyiv,1\n', "not a readable CSV"),
    (b"a,b\n1,2\n3,4,5,6\n", "not a readable CSV"),
])
def test_bad_files_are_one_line_errors(tmp_path, content, message):
    p = tmp_path / "bad.csv"
    if content is not None:
        p.write_bytes(content)
    result = run("normalize", str(p), "--column", "place")
    assert result.exit_code == 1, result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and message in lines[0] and "Traceback" not in result.output


def test_folder_is_an_error(tmp_path):
    result = run("normalize", str(tmp_path), "--column", "place")
    assert result.exit_code == 1 and "folder" in result.output


def test_unknown_country(csv_file):
    result = run("normalize", str(csv_file), "--column", "place", "--country", "Narnia")
    assert result.exit_code == 1 and "unknown country 'Narnia'" in result.output


# -- the library --------------------------------------------------------------------


class CountingGazetteer:
    def __init__(self):
        self.gz = Gazetteer.default()
        self.calls = []

    def lookup(self, name, country=None, limit=10):
        self.calls.append(name)
        return self.gz.lookup(name, country=country, limit=limit)


def test_each_distinct_value_is_looked_up_once():
    df = pd.DataFrame({"place": ["Kharkov", "Kharkov", " Kharkov ", "Kyiv", "", "...", None, "Kyiv"]})
    gz = CountingGazetteer()
    out = normalize_frame(df, "place", gz)
    assert sorted(gz.calls) == ["Kharkov", "Kyiv"]
    assert out["geo_geonameid"].tolist()[:4] == [706483, 706483, 706483, 703448]
    assert out["geo_name"].tolist()[4:7] == ["", "", ""]


def test_normalize_frame_keeps_input_and_index():
    df = pd.DataFrame({"n": [3, 1], "place": ["Kupyansk", "Popasna"]}, index=[10, 20])
    out = normalize_frame(df, "place", Gazetteer.default())
    assert list(out.index) == [10, 20] and out["n"].tolist() == [3, 1]
    assert list(df.columns) == ["n", "place"]  # the input frame is not modified
    assert out["geo_geonameid"].dtype == "Int64"


def test_normalize_frame_missing_column():
    with pytest.raises(InputError, match="'a', 'b'"):
        normalize_frame(pd.DataFrame({"a": [], "b": []}), "place", Gazetteer.default())


def test_summarize_counts():
    df = normalize_frame(pd.DataFrame({"p": ["Kyiv", "Kiev", "Xqzzyville", "Kyyiv"]}), "p", Gazetteer.default())
    assert summarize(df) == {"rows": 4, "resolved": 3, "unresolved": 1,
                             "by_match": {"alternate": 1, "exact": 1, "transliterated": 1}}


def test_decode_latin1():
    text, enc = decode("place\nZürich\nMünchen\nKöln\n".encode("latin-1"))
    assert text == "place\nZürich\nMünchen\nKöln\n" and enc in ("cp1252", "latin-1")


def test_read_write_round_trip(tmp_path):
    p = tmp_path / "a.csv"
    p.write_text("x;y\n001;Kyiv\n2;\n", encoding="utf-8")
    df = read_table(p)
    assert df.attrs["delimiter"] == ";" and df["x"].tolist() == ["001", "2"]
    write_table(df, tmp_path / "b.csv")
    assert (tmp_path / "b.csv").read_text(encoding="utf-8") == "x;y\n001;Kyiv\n2;\n"


# ------------------------------------------------------------------ issue #13


@pytest.mark.slow
def test_formulas_are_neutralised_in_the_output(tmp_path):
    p = tmp_path / "in.csv"
    p.write_text('place,note,n\nKharkov,"=HYPERLINK(""http://evil.example"",""x"")",-3\nKyiv,@SUM(A1),+2\n',
                 encoding="utf-8")
    result = run("normalize", str(p), "--column", "place")
    assert result.exit_code == 0, result.output
    df = read(result.stdout)
    assert df["note"].tolist() == ['\'=HYPERLINK("http://evil.example","x")', "'@SUM(A1)"]
    assert df["n"].tolist() == ["-3", "+2"]  # numbers stay numbers
    assert df["geo_name"].tolist() == ["Kharkiv", "Kyiv"]


def test_output_equal_to_the_input_is_refused(csv_file):
    before = csv_file.read_text(encoding="utf-8")
    result = run("normalize", str(csv_file), "--column", "place", "-o", str(csv_file))
    assert result.exit_code == 1 and "also an input" in result.output and "Traceback" not in result.output
    assert csv_file.read_text(encoding="utf-8") == before


def test_output_through_a_file_fails_before_the_work(csv_file, tmp_path):
    result = run("normalize", str(csv_file), "--column", "nope", "-o", str(csv_file) + "/out.csv")
    # The output is checked first: its error, not the missing column's.
    assert result.exit_code == 1 and "is a file, not a folder" in result.output


@pytest.mark.slow
def test_utf16_without_bom_is_read(tmp_path):
    p = tmp_path / "u16.csv"
    p.write_bytes("place\nKharkov\n".encode("utf-16-le"))
    result = run("normalize", str(p), "--column", "place")
    assert result.exit_code == 0, result.output
    assert read(result.stdout)["geo_geonameid"].tolist() == ["706483"]
