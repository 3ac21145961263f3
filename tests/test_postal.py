"""geo.postal on real rows of GeoNames' Ukrainian postal dump (tests/data/frontline_postal_rows.txt:
every row of seven raions of Donetsk and Kharkiv oblasts, copied unchanged)."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from geo.errors import InputError
from geo.postal import Cleaning, clean_settlements, display_name, read_postal

ROWS = Path(__file__).resolve().parent / "data" / "frontline_postal_rows.txt"


@pytest.fixture(scope="module")
def cleaned():
    report = Cleaning()
    kept = clean_settlements(read_postal(ROWS), report)
    return {(s.admin2_name, s.name): s for s in kept}, report


def test_every_step_drops_what_it_should(cleaned):
    _, report = cleaned
    assert report.rows == 365
    assert report.estimated > 0 and report.copied_namesakes > 0
    assert report.outside_admin1 + report.far_from_admin2 > 0
    assert report.kept == report.groups - report.estimated - report.copied_namesakes - report.outside_admin1 \
        - report.far_from_admin2


def test_good_points_are_kept(cleaned):
    kept, _ = cleaned
    k = kept[("Kharkivskyi", "Кутузівка")]
    assert (k.lat, k.lon, k.admin1_code) == (50.0427, 36.468, "07")


def test_a_point_copied_to_namesakes_in_other_raions_stays_with_one(cleaned):
    # Андріївка of Borivskyi, Kehychivskyi and Sakhnovshchynskyi raions share one point.
    kept, _ = cleaned
    owners = [r for r in ("Borivskyi", "Kehychivskyi", "Sakhnovshchynskyi") if (r, "Андріївка") in kept]
    assert owners == ["Kehychivskyi"]


@pytest.mark.parametrize("raion, name", [("Slovianskyi", "Прелесне"),  # a Donetsk village at a point near Kharkiv
                                         ("Lymanskyi", "Ярова")])  # ... and one at a point in Poltava Oblast
def test_a_point_outside_its_oblast_or_raion_is_dropped(cleaned, raion, name):
    kept, _ = cleaned
    assert (raion, name) not in kept


def test_council_names_in_brackets_are_dropped(tmp_path):
    p = tmp_path / "UA.txt"  # a real row, with its council name in brackets
    p.write_text("UA\t19223\tНагірна (Нагірнянська сільська рада)\tCherkaska\t01\tZhashkivskyi\t\t\t\t49.8736\t"
                 "30.0785\t4\n", encoding="utf-8")
    [s] = clean_settlements(read_postal(p))
    assert s.name == "Нагірна"


def test_a_zipped_dump_reads_like_the_plain_one(tmp_path):
    z = tmp_path / "UA.zip"
    with zipfile.ZipFile(z, "w") as f:
        f.write(ROWS, "UA.txt")
        f.writestr("readme.txt", "GeoNames postal codes")
    assert read_postal(z) == read_postal(ROWS)


@pytest.mark.parametrize("content, message", [("UA\t1\tX\n", "line 1"), ("", "no rows"),
                                              ("UA\t1\tX\tA\t01\tB\t\t\t\tnorth\t30\t4\n", "line 1")])
def test_bad_files_give_one_line_errors(tmp_path, content, message):
    p = tmp_path / "UA.txt"
    p.write_text(content, encoding="utf-8")
    with pytest.raises(InputError, match=message):
        read_postal(p)


def test_a_missing_file_says_what_to_give(tmp_path):
    with pytest.raises(InputError, match="postal dump"):
        read_postal(tmp_path / "nope.txt")


def test_ukrainian_names_show_in_kmu_latin():
    assert display_name("Роботине", "UA") == "Robotyne"
    assert display_name("Минск", "BY") == "Минск"
