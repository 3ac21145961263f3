"""`geo cache info` and `geo cache clear`, with GEO_CACHE_DIR in a temp dir."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from geo.cli import main
from geo.geocache import Geocache
from geo.records import Candidate, Place


@pytest.fixture
def cache_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("GEO_CACHE_DIR", str(tmp_path))
    return tmp_path


def run(*args):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def fill(now=None):
    cache = Geocache(clock=(lambda: now) if now else None)
    place = Place(0, "Maiorsk", 48.31, 38.01, "UA", "Donetsk Oblast", "city",
                  source="nominatim", source_id="osm:node/1")
    cache.put("nominatim", "Maiorsk", [Candidate(place, "Maiorsk", "online:nominatim", 0.37)])
    cache.put("nominatim", "Atlantis", [])
    return cache


def test_info_empty_cache_creates_nothing(cache_dir):
    result = run("cache", "info")
    assert result.exit_code == 0
    assert str(cache_dir / "geocode.sqlite") in result.output
    assert "entries:  0" in result.output
    assert not (cache_dir / "geocode.sqlite").exists()


def test_info_counts(cache_dir):
    fill()
    result = run("cache", "info")
    assert result.exit_code == 0
    assert "entries:  2 (1 found, 1 not found, 0 expired)" in result.output
    assert "size:" in result.output


def test_info_json(cache_dir):
    fill()
    result = run("cache", "info", "--json")
    data = json.loads(result.output)
    assert data["path"] == str(cache_dir / "geocode.sqlite")
    assert (data["entries"], data["positive"], data["negative"], data["expired"]) == (2, 1, 1, 0)
    assert data["size_bytes"] > 0


def test_clear_all(cache_dir):
    fill()
    result = run("cache", "clear")
    assert result.exit_code == 0
    assert "Removed 2 entries" in result.output
    assert Geocache().info()["entries"] == 0


def test_clear_expired_only(cache_dir):
    fill(now=1_000_000.0)  # long ago: both answers have expired
    Geocache().put("nominatim", "Kutuzivka", [])  # fresh
    result = run("cache", "clear", "--expired")
    assert result.exit_code == 0
    assert "Removed 2 expired entries" in result.output
    assert Geocache().info()["entries"] == 1


def test_corrupt_cache_one_line_error_then_clear(cache_dir):
    (cache_dir / "geocode.sqlite").write_bytes(b"garbage, not SQLite " * 200)
    result = run("cache", "info")
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error:") and "geo cache clear" in lines[0]
    result = run("cache", "clear")
    assert result.exit_code == 0 and "corrupt" in result.output
    assert not (cache_dir / "geocode.sqlite").exists()
    assert run("cache", "info").exit_code == 0


def test_help_lists_subcommands(cache_dir):
    result = run("cache", "--help")
    assert result.exit_code == 0
    assert "info" in result.output and "clear" in result.output
