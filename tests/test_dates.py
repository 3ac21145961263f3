"""geo.dates on the dates the seed articles and real datelines give."""

from __future__ import annotations

import pytest

from geo.dates import article_date, normalise_date
from geo.records import Article


@pytest.mark.parametrize("raw,iso", [
    ("2024-01-23", "2024-01-23"),
    ("2024-01-23T14:38:00+02:00", "2024-01-23"),
    ("Tue, 23 Jan 2024", "2024-01-23"),
    ("January 23, 2024", "2024-01-23"),
    ("23 January 2024 14:38", "2024-01-23"),
    ("24 февраля 2022", "2022-02-24"),
    ("13 травня 2023 р.", "2023-05-13"),
    ("15th May", "--05-15"),
    ("Dec. 26", "--12-26"),
    ("February 24", "--02-24"),
    ("February 29", "--02-29"),
    ("yesterday", ""),
    ("2023", ""),
    ("", ""),
    ("2024-02-30", ""),
])
def test_normalise(raw, iso):
    assert normalise_date(raw).iso == iso


def test_seed_articles(seeds_dir):
    from geo.articles import read_articles

    dates = {a.id: article_date(a) for a in read_articles([str(seeds_dir)])}
    # the Firefighters story gives its full date; Zaluzhnyi/Milley's "Dec. 26" names no
    # year, its text names 2023 twice and 2022 once; three others name no year at all
    assert dates["002_0e63576e7f423fe3.txt"].iso == "2024-01-23"
    assert (dates["004_6a0ffea67addcdde.txt"].iso, dates["004_6a0ffea67addcdde.txt"].year_from) == \
        ("2023-12-26", "text")
    assert dates["004_6a0ffea67addcdde.txt"].label == "26 Dec 2023 (year from the text)"
    for aid in ("000_fdaf78911eb850d2.txt", "001_9b13e29202cecbc7.txt", "003_acfe845d26ceb1a8.txt"):
        assert not dates[aid].known and dates[aid].iso.startswith("--"), aid
        assert dates[aid].label.endswith("(year unknown)")


def test_year_from_url_before_text():
    a = Article("a", "Back in 2019 and 2019 again.", date="May 13",
                url="https://kyivindependent.com/2023/05/13/kharkiv-strike/")
    d = article_date(a)
    assert (d.iso, d.year_from) == ("2023-05-13", "url")


def test_no_majority_year_stays_unknown():
    d = normalise_date("May 13", text="Talks of 2022 and 2023 went on.")
    assert (d.iso, d.year_from, d.known) == ("--05-13", "", False)


def test_leap_day_without_its_year():
    assert normalise_date("February 29", text="In 2023, and in 2023.").iso == "--02-29"
    assert normalise_date("February 29", text="In 2024, and in 2024.").iso == "2024-02-29"


def test_digit_runs_are_where_the_regular_expression_finds_them(seeds_dir):
    """The bytes search starts runs where ``\\d+`` does: ASCII digits, and decimal digits of any script."""
    from geo.dates import _DIGITS, _digit_runs

    texts = [p.read_text(encoding="utf-8") for p in sorted(seeds_dir.rglob("*.txt"))]
    texts += ["", "7", "a1", "12 34", "On 2024-01-23, 5.6.2023", "x99", "9x", "May 13, 2024.",
              "٣ مارس 2024", "Київ 24 лютого", "١٢٣ and 45", "1٢3 ３月 x²½ “2024” — 7’s", "\ud800 9"]
    for text in texts:
        assert list(_digit_runs(text)) == [m.start() for m in _DIGITS.finditer(text)], text[:40]
