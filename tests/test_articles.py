"""Tests for geo.articles: the seed articles, every input format, encodings, skips."""

from __future__ import annotations

import io
import json
import warnings
from pathlib import Path

import pytest

from geo.articles import SkippedFile, iter_article_files, read_article, read_articles
from geo.errors import GeoError, InputError
from geo.records import Article

SEEDS = Path(__file__).parent.parent / "seeds"

SEED_TITLES = {
    "000_fdaf78911eb850d2.txt": (
        "Ukrainian Army Chief of Staff Valery Zaluzhny confirmed on May 13 that Russia has "
        "been using Kh-22 supersonic anti-ship cruise missiles to target Ukrainian civilian "
        "infrastructure recently."
    ),
    "001_9b13e29202cecbc7.txt": "Russia asks NATO to stop handing weapons to Kiev",
    "002_0e63576e7f423fe3.txt": (
        "Firefighters battle blaze in Ukraine’s Odessa after Russian airstrike on "
        "residential building"
    ),
    "003_acfe845d26ceb1a8.txt": (
        "Ukraine war: Kyiv’s men pose on Russian border as Kharkiv attack crumbles"
    ),
    "004_6a0ffea67addcdde.txt": (
        "Zaluzhnyi, Milley discuss Ukraine’s military needs in first phone call of 2023"
    ),
}

# The first date-like expression of each seed, as the files state it.
SEED_DATES = {
    "000_fdaf78911eb850d2.txt": ("May 13", "confirmed on May 13 that"),
    "001_9b13e29202cecbc7.txt": ("February 24", "began on February 24"),
    "002_0e63576e7f423fe3.txt": ("2024-01-23", "Zakir-Hussain23 January 2024 14:38"),
    "003_acfe845d26ceb1a8.txt": ("15th May", "Today the 15th May"),
    "004_6a0ffea67addcdde.txt": ("Dec. 26", "On Dec. 26, Luhansk"),
}


class Skips(list):
    """An on_skip callback that records (path, reason) pairs."""

    def __call__(self, path, reason):
        self.append((str(path), reason))


@pytest.fixture
def skips():
    return Skips()


def write(path: Path, content: str | bytes, encoding: str = "utf-8") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, str):
        content = content.encode(encoding)
    path.write_bytes(content)
    return path


# ------------------------------------------------------------------------------ seeds


@pytest.fixture(scope="module")
def seeds() -> dict[str, Article]:
    return {a.id: a for a in read_articles([SEEDS])}


def test_seeds_ids_in_sorted_order():
    ids = [a.id for a in read_articles([SEEDS])]
    assert ids == sorted(SEED_TITLES)


@pytest.mark.parametrize("name", sorted(SEED_TITLES))
def test_seed_text_is_the_file_content(seeds, name):
    article = seeds[name]
    path = SEEDS / name
    assert article.text == path.read_bytes().decode("utf-8")
    assert article.path == str(path)
    assert article.url == ""


@pytest.mark.parametrize("name", sorted(SEED_TITLES))
def test_seed_titles_skip_boilerplate_lines(seeds, name):
    assert seeds[name].title == SEED_TITLES[name]


@pytest.mark.parametrize("name", sorted(SEED_DATES))
def test_seed_dates_are_the_first_date_in_the_text(seeds, name):
    expected, context = SEED_DATES[name]
    article = seeds[name]
    assert context in article.text
    assert article.date == expected


def test_single_seed_file_id_is_its_name():
    [article] = read_article(SEEDS / "002_0e63576e7f423fe3.txt")
    assert article.id == "002_0e63576e7f423fe3.txt"
    assert article.date == "2024-01-23"


def test_read_articles_is_lazy():
    it = read_articles([SEEDS])
    assert iter(it) is it
    first = next(it)
    assert first.id == "000_fdaf78911eb850d2.txt"


# -------------------------------------------------------------------- plain text / md


def test_crlf_text_kept_as_is(tmp_path):
    raw = "Kharkiv under fire\r\n\r\nShelling hit Kharkiv on 2024-03-05.\r\n"
    write(tmp_path / "crlf.txt", raw)
    [a] = read_article(tmp_path / "crlf.txt")
    assert a.text == raw
    assert a.title == "Kharkiv under fire"
    assert a.date == "2024-03-05"
    start = a.text.index("Kharkiv on")
    assert a.text[start : start + 7] == "Kharkiv"


def test_utf8_bom_is_stripped(tmp_path):
    write(tmp_path / "bom.txt", b"\xef\xbb\xbf" + "Львів\nТихо.".encode())
    [a] = read_article(tmp_path / "bom.txt")
    assert a.text == "Львів\nТихо."
    assert a.title == "Львів"


def test_markdown_title_and_front_matter(tmp_path):
    write(tmp_path / "a.md", "\n# Strikes on Dnipro\n\nOn January 5, 2024 ...\n")
    write(
        tmp_path / "b.md",
        '---\ntitle: "Kherson evacuations"\ndate: 2023-06-07\n---\n# Ignored heading\nText.\n',
    )
    a, b = read_articles([tmp_path])
    assert a.title == "Strikes on Dnipro"
    assert a.text == "\n# Strikes on Dnipro\n\nOn January 5, 2024 ...\n"
    assert a.date == "2024-01-05"
    assert (b.title, b.date) == ("Kherson evacuations", "2023-06-07")
    assert b.text.startswith("---\ntitle:")


def test_long_single_line_title_is_shortened(tmp_path):
    write(tmp_path / "long.txt", "word " * 200)
    [a] = read_article(tmp_path / "long.txt")
    assert len(a.title) <= 251 and a.title.endswith("…")
    assert a.text == "word " * 200


@pytest.mark.parametrize(
    ("text", "date"),
    [
        ("Posted 23 January 2024 14:38\nbody", "2024-01-23"),
        ("Kyiv, January 23, 2024 - strikes", "2024-01-23"),
        ("Updated: 05.02.2024 10:00", "2024-02-05"),
        ("Харків, 24 лютого 2022 року", "2022-02-24"),
        ("Sept. 3: Drones over Odesa", "Sept. 3"),
        ("The mayor may 13 times repeat it", ""),
        ("February 30, 2024 is no date but March 2, 2024 is", "2024-03-02"),
    ],
)
def test_date_detection(tmp_path, text, date):
    write(tmp_path / "d.txt", text)
    [a] = read_article(tmp_path / "d.txt")
    assert a.date == date


def test_date_only_in_first_lines(tmp_path):
    write(tmp_path / "late.txt", "Title\n" + "line\n" * 60 + "On 2024-01-23 something.\n")
    [a] = read_article(tmp_path / "late.txt")
    assert a.date == ""


# -------------------------------------------------------------------------- encodings


def test_cp1251_russian_and_ukrainian(tmp_path):
    ru = "Обстрел Харькова\n\nВ результате обстрела Харькова пострадали люди."
    uk = "Обстріл Харкова\n\nУ Харкові пролунали вибухи, повідомив Ігор Терехов."
    write(tmp_path / "ru.txt", ru, "cp1251")
    write(tmp_path / "uk.txt", uk, "cp1251")
    a_ru, a_uk = read_articles([tmp_path / "ru.txt", tmp_path / "uk.txt"])
    assert (a_ru.text, a_ru.title) == (ru, "Обстрел Харькова")
    assert (a_uk.text, a_uk.title) == (uk, "Обстріл Харкова")


def test_short_cp1251_phrase(tmp_path):
    write(tmp_path / "short.txt", "Обстрел Харькова", "cp1251")
    [a] = read_article(tmp_path / "short.txt")
    assert a.text == "Обстрел Харькова"


def test_koi8r(tmp_path):
    text = "Взрывы в Одессе\nВоздушная тревога в Одессе длилась два часа."
    write(tmp_path / "koi.txt", text, "koi8_r")
    [a] = read_article(tmp_path / "koi.txt")
    assert a.text == text


def test_latin1(tmp_path):
    text = "Café in Zürich\nLe maire a déclaré que la défense aérienne a été efficace à Odessa."
    write(tmp_path / "fr.txt", text, "latin-1")
    [a] = read_article(tmp_path / "fr.txt")
    assert a.text == text
    assert a.title == "Café in Zürich"


def test_utf16_with_bom(tmp_path):
    text = "Mykolaiv\r\nMissiles struck Mykolaiv."
    write(tmp_path / "u16.txt", "\ufeff" + text, "utf-16-le")
    [a] = read_article(tmp_path / "u16.txt")
    assert a.text == text


# ------------------------------------------------------------------------------ skips


def test_binary_and_empty_files_are_skipped(tmp_path, skips):
    write(tmp_path / "a_image.txt", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    write(tmp_path / "b_empty.txt", b"")
    write(tmp_path / "c_blank.md", " \n\t\r\n ")
    write(tmp_path / "d_ok.txt", "Sumy\nShelling in Sumy.")
    articles = list(read_articles([tmp_path], on_skip=skips))
    assert [a.id for a in articles] == ["d_ok.txt"]
    reasons = dict(skips)
    assert reasons[str(tmp_path / "a_image.txt")] == "binary file, skipped"
    assert reasons[str(tmp_path / "b_empty.txt")] == "empty file, skipped"
    assert reasons[str(tmp_path / "c_blank.md")] == "empty file, skipped"
    assert all("\n" not in reason for _, reason in skips)


def test_binary_without_nul_bytes_is_skipped(tmp_path, skips):
    write(tmp_path / "noise.txt", bytes(range(1, 256)) * 40)
    assert read_article(tmp_path / "noise.txt", on_skip=skips) == []
    [(path, reason)] = skips
    assert path == str(tmp_path / "noise.txt")
    assert reason.startswith("binary or undecodable file")


def test_skips_warn_without_on_skip(tmp_path):
    write(tmp_path / "empty.txt", b"")
    with pytest.warns(SkippedFile, match=r"empty\.txt: empty file, skipped"):
        assert list(read_articles([tmp_path])) == []
    assert issubclass(SkippedFile, UserWarning)


def test_missing_path_raises_input_error(tmp_path):
    missing = tmp_path / "nope"
    with pytest.raises(InputError, match="no such file or folder: .*nope"):
        read_articles([SEEDS, missing])  # checked up front, before reading anything
    with pytest.raises(GeoError):
        list(iter_article_files([missing]))
    with pytest.raises(ValueError):
        read_article(missing)


def test_read_article_refuses_a_folder(tmp_path):
    with pytest.raises(InputError, match="folder"):
        read_article(tmp_path)


def test_folder_without_supported_files_yields_nothing(tmp_path):
    write(tmp_path / "scan.pdf", b"%PDF-1.4")
    write(tmp_path / ".hidden.txt", "hidden")
    assert list(read_articles([tmp_path])) == []
    assert list(iter_article_files([tmp_path])) == []


# ------------------------------------------------------------------------------- html

HTML = """<!doctype html>
<html><head>
<meta charset="utf-8">
<title>Odesa strike | Example News</title>
<meta property="og:title" content="Drones hit Odesa port">
<meta property="article:published_time" content="2024-01-23T06:12:00+02:00">
<link rel="canonical" href="https://news.example.com/odesa-port">
<style>p { color: red }</style>
<script>var tracking = "Moscow";</script>
</head><body>
<header><a href="/">Example News</a></header>
<nav><a href="/world">World</a> <a href="javascript:void(0)">Menu Lviv</a></nav>
<main>
<article>
<h1>Drones hit Odesa port</h1>
<p>Russian drones struck the port of <b>Odesa</b> overnight,<br>officials said.</p>
<ul><li>Izmail</li><li>Chornomorsk</li></ul>
<aside>Related: Kherson</aside>
<form><input value="Subscribe"></form>
</article>
</main>
<footer>© Example, Kyiv</footer>
<script>alert("Berlin")</script>
</body></html>
"""


def test_html_main_text_without_boilerplate(tmp_path):
    write(tmp_path / "odesa.html", HTML)
    [a] = read_article(tmp_path / "odesa.html")
    assert a.text == (
        "Drones hit Odesa port\n"
        "Russian drones struck the port of Odesa overnight,\n"
        "officials said.\n"
        "Izmail\n"
        "Chornomorsk"
    )
    for noise in ("Moscow", "Berlin", "Lviv", "Kherson", "Kyiv", "World", "color"):
        assert noise not in a.text
    assert a.title == "Drones hit Odesa port"
    assert a.url == "https://news.example.com/odesa-port"
    assert a.date == "2024-01-23"
    assert a.id == "odesa.html"
    assert read_article(tmp_path / "odesa.html") == [a]  # deterministic


def test_html_javascript_url_dropped_and_time_element(tmp_path):
    page = """<html><head><title>Kharkiv blackout</title>
    <link rel="canonical" href="javascript:alert(1)">
    <meta property="og:url" content="data:text/html,hi"></head>
    <body><div><p>Power is out in Kharkiv.</p>
    <time datetime="2022-10-11">Tuesday</time></div></body></html>"""
    write(tmp_path / "k.htm", page)
    [a] = read_article(tmp_path / "k.htm")
    assert a.url == ""
    assert a.title == "Kharkiv blackout"
    assert a.date == "2022-10-11"
    assert a.text == "Power is out in Kharkiv.\nTuesday"


def test_html_title_falls_back_to_h1_and_declared_charset(tmp_path):
    page = (
        '<html><head><meta charset="windows-1251"></head>'
        "<body><h1>Удар по Дніпру</h1><p>Текст.</p></body></html>"
    )
    write(tmp_path / "dnipro.html", page, "cp1251")
    [a] = read_article(tmp_path / "dnipro.html")
    assert a.title == "Удар по Дніпру"
    assert a.text == "Удар по Дніпру\nТекст."


def test_html_without_text_is_skipped(tmp_path, skips):
    write(tmp_path / "empty.html", "<html><body><script>x()</script><nav>Home</nav></body></html>")
    assert read_article(tmp_path / "empty.html", on_skip=skips) == []
    assert skips == [(str(tmp_path / "empty.html"), "no text in HTML page, skipped")]


# ----------------------------------------------------------------------- json / jsonl


def test_json_list(tmp_path):
    records = [
        {
            "title": "Kyiv",
            "body": "Air raid in Kyiv.",
            "url": "https://a.example/1",
            "date": "2024-02-01T10:00Z",
        },
        {"id": 42, "content": "Explosions in Lviv on March 3, 2024.", "url": "javascript:x"},
        "not an object",
        {"title": "no text"},
    ]
    write(tmp_path / "list.json", json.dumps(records, ensure_ascii=False))
    skips = Skips()
    a, b = read_articles([tmp_path / "list.json"], on_skip=skips)
    assert (a.id, a.title, a.text, a.url, a.date) == (
        "list.json#1", "Kyiv", "Air raid in Kyiv.", "https://a.example/1", "2024-02-01",
    )
    assert (b.id, b.url, b.date) == ("42", "", "2024-03-03")
    assert b.title == "Explosions in Lviv on March 3, 2024."
    assert [reason for _, reason in skips] == [
        "item 3: not a JSON object, skipped",
        "item 4: no text in field text or body or content, skipped",
    ]


def test_json_single_object_and_custom_fields(tmp_path):
    record = {"headline": "Mariupol", "article": "Mariupol text", "link": "http://m.example"}
    write(tmp_path / "one.json", json.dumps(record))
    [a] = read_article(tmp_path / "one.json", text_field="article", title_field="headline")
    assert (a.id, a.title, a.text) == ("one.json", "Mariupol", "Mariupol text")
    assert a.url == "http://m.example"


def test_broken_json_file_is_skipped(tmp_path, skips):
    write(tmp_path / "bad.json", '{"text": ')
    assert read_article(tmp_path / "bad.json", on_skip=skips) == []
    assert skips[0][1].startswith("not valid JSON")


def test_jsonl_with_broken_line(tmp_path, skips):
    lines = [
        json.dumps({"text": "Shelling in Kherson.", "title": "Kherson"}),
        '{"text": "unterminated',
        "",
        json.dumps({"text": "Strikes on Zaporizhzhia.", "id": "z-1", "date": "5 June 2023"}),
    ]
    write(tmp_path / "feed.jsonl", "\n".join(lines) + "\n")
    first, second = read_articles([tmp_path], on_skip=skips)
    assert (first.id, first.title) == ("feed.jsonl#1", "Kherson")
    assert first.text == "Shelling in Kherson."
    assert (second.id, second.date) == ("z-1", "2023-06-05")
    assert skips == [(str(tmp_path / "feed.jsonl"), "line 2: not valid JSON, skipped")]


def test_jsonl_without_on_skip_warns_and_continues(tmp_path):
    write(tmp_path / "f.jsonl", '{"text": "Kyiv"}\nnot json\n{"text": "Lviv"}\n')
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        texts = [a.text for a in read_articles([tmp_path / "f.jsonl"])]
    assert texts == ["Kyiv", "Lviv"]
    expected = f"{tmp_path / 'f.jsonl'}: line 2: not valid JSON, skipped"
    assert [str(w.message) for w in caught] == [expected]
    assert caught[0].category is SkippedFile


# -------------------------------------------------------------------------------- csv


def test_csv_default_columns(tmp_path):
    write(
        tmp_path / "news.csv",
        'id,title,text,url,date\n'
        'a1,Odesa,"Odesa port, hit again",https://o.example,2024-01-02\n'
        ',Kyiv,"Multi-line\ntext about Kyiv",ftp://x,\n',
    )
    a, b = read_articles([tmp_path / "news.csv"])
    assert (a.id, a.title, a.text) == ("a1", "Odesa", "Odesa port, hit again")
    assert (a.url, a.date) == ("https://o.example", "2024-01-02")
    assert (b.id, b.text, b.url) == ("news.csv#2", "Multi-line\ntext about Kyiv", "")


def test_csv_custom_columns_and_semicolons(tmp_path):
    write(
        tmp_path / "export.csv",
        "Headline;Story;Link;Published\n"
        "Бахмут;Бої за Бахмут тривають.;https://u.example/b;24.05.2023\n",
        "cp1251",
    )
    [a] = read_article(
        tmp_path / "export.csv",
        text_field="Story",
        title_field="Headline",
        url_field="Link",
        date_field="Published",
    )
    assert (a.id, a.title, a.text, a.url, a.date) == (
        "export.csv#1", "Бахмут", "Бої за Бахмут тривають.", "https://u.example/b", "2023-05-24",
    )


def test_csv_missing_requested_column_is_an_input_error(tmp_path):
    write(tmp_path / "x.csv", "title,text\nA,B\n")
    with pytest.raises(InputError, match="no column 'story'"):
        read_article(tmp_path / "x.csv", text_field="story")


def test_csv_without_text_column_is_skipped(tmp_path, skips):
    write(tmp_path / "x.csv", "a,b\n1,2\n")
    assert read_article(tmp_path / "x.csv", on_skip=skips) == []
    assert "no text column" in skips[0][1]


# ----------------------------------------------------------------- folders and stdin


def test_nested_folders_ids_are_relative_posix_paths(tmp_path):
    write(tmp_path / "b" / "z.txt", "Z")
    write(tmp_path / "b" / "deep" / "y.md", "# Y")
    write(tmp_path / "a.txt", "A")
    write(tmp_path / "b" / "a.txt", "B")
    write(tmp_path / ".git" / "x.txt", "hidden folder")
    write(tmp_path / "b" / "notes.docx", "unsupported")
    articles = list(read_articles([tmp_path]))
    assert [a.id for a in articles] == ["a.txt", "b/a.txt", "b/z.txt", "b/deep/y.md"]
    assert articles[3].path == str(tmp_path / "b" / "deep" / "y.md")
    assert [p.name for p in iter_article_files([tmp_path / "b"])] == ["a.txt", "z.txt", "y.md"]
    # Relative to the folder given, whichever that is.
    assert [a.id for a in read_articles([tmp_path / "b"])] == ["a.txt", "z.txt", "deep/y.md"]


def test_explicit_file_with_other_extension_read_as_text(tmp_path):
    write(tmp_path / "report", "Chernihiv\nNo strikes.")
    [a] = read_article(tmp_path / "report")
    assert (a.id, a.title) == ("report", "Chernihiv")


def test_single_path_string_is_accepted(tmp_path):
    write(tmp_path / "a.txt", "Poltava")
    assert [a.text for a in read_articles(str(tmp_path))] == ["Poltava"]


def test_stdin_bytes(monkeypatch):
    raw = "Обстрел Харькова\r\nСегодня утром.".encode("cp1251")
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(raw)))
    [a] = read_articles(["-"])
    assert (a.id, a.path, a.title) == ("<stdin>", "-", "Обстрел Харькова")
    assert a.text == "Обстрел Харькова\r\nСегодня утром."


def test_stdin_text_stream(monkeypatch):
    monkeypatch.setattr("sys.stdin", io.StringIO("Kramatorsk\nMissile strike on May 3."))
    [a] = read_article("-")
    assert (a.title, a.date) == ("Kramatorsk", "May 3")
    assert a.text == "Kramatorsk\nMissile strike on May 3."


def test_empty_stdin_is_skipped(monkeypatch, skips):
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    assert list(read_articles(["-"], on_skip=skips)) == []
    assert skips == [("-", "empty file, skipped")]


def test_mixed_inputs_in_order(tmp_path, monkeypatch):
    monkeypatch.setattr("sys.stdin", io.StringIO("from stdin"))
    write(tmp_path / "one.txt", "one")
    paths = [tmp_path / "one.txt", "-", SEEDS / "001_9b13e29202cecbc7.txt"]
    ids = [a.id for a in read_articles(paths)]
    assert ids == ["one.txt", "<stdin>", "001_9b13e29202cecbc7.txt"]
