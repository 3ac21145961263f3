"""`geo lookup` on the built-in gazetteer."""

from __future__ import annotations

import json

from click.testing import CliRunner

from geo.cli import main

BEST_KEYS = {"geonameid", "name", "lat", "lon", "country_code", "admin1", "feature", "population",
             "matched", "match", "score"}


def run(*args, input=None):
    return CliRunner().invoke(main, ["lookup", *args], input=input)


def jsonl(stdout: str) -> list[dict]:
    return [json.loads(line) for line in stdout.splitlines() if line.strip()]


def best_rows(stdout: str) -> dict[str, str]:
    """The starred (best) row under each query heading of the table."""
    out, query = {}, None
    for line in stdout.splitlines():
        if line and not line.startswith(" "):
            query = line
        elif line.startswith(" * "):
            out[query] = line
    return out


def test_table_of_four_names():
    result = run("Kharkov", "Kiev", "Сєвєродонецьк", "Moscow, Idaho")
    assert result.exit_code == 0, result.output
    rows = best_rows(result.stdout)
    assert list(rows) == ["Kharkov", "Kiev", "Сєвєродонецьк", "Moscow, Idaho"]
    assert "Kharkiv" in rows["Kharkov"] and rows["Kharkov"].endswith("id 706483")
    assert "Kyiv" in rows["Kiev"] and rows["Kiev"].endswith("id 703448")
    assert rows["Сєвєродонецьк"].endswith("id 691999")
    assert "Moscow" in rows["Moscow, Idaho"] and "Idaho, US" in rows["Moscow, Idaho"]
    assert rows["Moscow, Idaho"].endswith("id 5601538")


def test_json_records():
    result = run("--json", "Kharkov", "Kiev", "Сєвєродонецьк", "Moscow, Idaho")
    assert result.exit_code == 0, result.output
    recs = jsonl(result.stdout)
    assert [r["query"] for r in recs] == ["Kharkov", "Kiev", "Сєвєродонецьк", "Moscow, Idaho"]
    for r in recs:
        assert set(r) == {"query", "best", "candidates"}
        assert set(r["best"]) == BEST_KEYS
        assert all(set(c) == BEST_KEYS for c in r["candidates"])
        assert 0 < r["best"]["score"] <= 1
        assert all(c["score"] <= r["best"]["score"] for c in r["candidates"])
    assert [r["best"]["geonameid"] for r in recs] == [706483, 703448, 691999, 5601538]
    assert recs[3]["best"]["country_code"] == "US" and recs[3]["best"]["admin1"] == "Idaho"
    assert recs[0]["best"]["match"] == "alternate"


def test_limit_caps_the_candidates():
    [rec] = jsonl(run("--json", "--limit", "2", "Odessa").stdout)
    assert len(rec["candidates"]) == 1


def test_unknown_name_exits_1_with_suggestions():
    result = run("Kharkivvv")
    assert result.exit_code == 1
    assert "Kharkivvv: not found" in result.stdout and "did you mean" in result.stdout
    assert "Kharkiv" in result.stdout


def test_unknown_name_in_json_has_suggestions():
    result = run("--json", "--no-fuzzy", "Kramatorks", "Kiev")
    assert result.exit_code == 1  # any unknown name
    missing, found = jsonl(result.stdout)
    assert set(missing) == {"query", "best", "candidates", "suggestions"}
    assert missing["best"] is None and missing["candidates"] == []
    assert "Kramatorsk" in missing["suggestions"]
    assert set(found) == {"query", "best", "candidates"} and found["best"]["geonameid"] == 703448


def test_no_suggestions_for_gibberish():
    result = run("--json", "Xqzzyvillovka")
    assert result.exit_code == 1
    assert jsonl(result.stdout)[0]["suggestions"] == []


def test_stdin_batch():
    result = run("--json", input="Kharkov\n\n  Lviv  \nOdessa, Texas\n")
    assert result.exit_code == 0, result.output
    recs = jsonl(result.stdout)
    assert [r["query"] for r in recs] == ["Kharkov", "Lviv", "Odessa, Texas"]
    assert [r["best"]["geonameid"] for r in recs] == [706483, 702550, 5527554]


def test_explain_says_why_odesa_beat_odessa_texas():
    result = run("--explain", "Odessa")
    assert result.exit_code == 0, result.output
    rows = best_rows(result.stdout)
    assert rows["Odessa"].endswith("id 698740")
    assert "alternate match on 'Odessa'" in result.stdout
    assert "exact match on 'Odessa'" in result.stdout
    assert "population 1,010,537" in result.stdout and "population 114,428" in result.stdout
    assert "Odesa wins by" in result.stdout and "over Odessa" in result.stdout


def test_country_narrows_the_choice():
    [rec] = jsonl(run("--json", "--country", "US", "Odessa").stdout)
    assert rec["best"]["geonameid"] == 5527554
    assert rec["candidates"][0]["country_code"] == "US"  # preferred, not filtered


def test_unknown_country_is_a_one_line_error():
    result = run("--country", "XX", "Kiev")
    assert result.exit_code != 0
    assert "Traceback" not in result.output
    [line] = result.stderr.strip().splitlines()
    assert "XX" in line


def test_empty_name_is_a_one_line_error():
    result = run("")
    assert result.exit_code != 0
    assert "Traceback" not in result.output
    [line] = result.stderr.strip().splitlines()
    assert "empty" in line
