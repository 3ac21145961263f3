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


def test_title_lines_are_single_spaced_as_split_and_join_give(seeds_dir):
    """The shortcut for lines already single-spaced gives what splitting and joining gives."""
    import sys

    from geo.readers.article import _single_spaced

    lines = [line for p in sorted(seeds_dir.rglob("*.txt")) for line in p.read_text(encoding="utf-8").splitlines()]
    odd = ["", " ", "a", " a", "a ", "a  b", "a\tb", "a\u00a0b", "a\u2028b", "a\x1cb", "a\u3000b", "“Kyiv” — Odesa’s",
           "a\xadb", "a b c"]
    space_like = "".join(c for c in map(chr, range(sys.maxunicode + 1)) if c.isspace())
    for text in lines + odd + [f"a{c}b" for c in space_like]:
        assert _single_spaced(text) == " ".join(text.split()), repr(text)


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


def test_work_units_sent_to_workers_read_as_the_stream_does(tmp_path, skips):
    """Pickled (as worker processes get them), the one-article files read the same articles and skips."""
    import pickle

    from geo.readers import ArticleFile

    write(tmp_path / "a.txt", "Shelling in Sumy on 2024-01-23.")
    write(tmp_path / "b.html", "<title>Odesa</title><p>Drones struck Odesa.</p>")
    write(tmp_path / "c.txt", b"\x89PNG\r\n\x1a\n\x00\x00")
    write(tmp_path / "d.jsonl", '{"text": "Calm in Lviv."}\n')
    write(tmp_path / "sub" / "e.MD", "# Kherson\nFloods in Kherson.")
    stream = read_articles([SEEDS, tmp_path, tmp_path / "a.txt"], on_skip=skips)
    units = pickle.loads(pickle.dumps(list(stream.units())))
    assert [type(u) for u in units[-3:]] == [Article, ArticleFile, ArticleFile]
    assert all(isinstance(u.path, Path) for u in units if isinstance(u, ArticleFile))
    assert [u.id for u in units[-2:]] == ["sub/e.MD", "a.txt"]
    found, unit_skips = [], []
    for u in units:
        articles, skipped = u.read() if isinstance(u, ArticleFile) else ([u], [])
        found += articles
        unit_skips += skipped
    streamed = Skips()
    assert found == list(read_articles([SEEDS, tmp_path, tmp_path / "a.txt"], on_skip=streamed))
    assert unit_skips == streamed == [(str(tmp_path / "c.txt"), "binary file, skipped")]


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


# ------------------------------------------------------------- bad input (issue #13)


def test_jsonl_record_holding_u0085_is_read_and_line_numbers_stay_right(tmp_path, skips):
    # U+0085 (NEXT LINE) is legal inside a JSON string; str.splitlines() would cut there.
    lines = [
        json.dumps({"text": "Shelling in Kharkiv\u0085and in Izium.", "title": "Kharkiv"}, ensure_ascii=False),
        "not json",
        json.dumps({"text": "Calm in Lviv\u2028tonight."}, ensure_ascii=False),
    ]
    write(tmp_path / "feed.jsonl", "\n".join(lines) + "\n")
    first, second = read_articles([tmp_path / "feed.jsonl"], on_skip=skips)
    assert first.text == "Shelling in Kharkiv\u0085and in Izium."
    assert (first.id, second.id) == ("feed.jsonl#1", "feed.jsonl#3")
    assert skips == [(str(tmp_path / "feed.jsonl"), "line 2: not valid JSON, skipped")]


def test_csv_unterminated_quote_does_not_swallow_the_rows_after_it(tmp_path, skips):
    write(tmp_path / "news.csv",
          'id,text\n'
          'a,"Shelling in Kharkiv\n'          # the quote is never closed
          'b,Calm in Lviv\n'
          'c,"Strikes on ""Odesa"" port"\n'
          'd,Drones over Kyiv\n')
    articles = read_articles([tmp_path / "news.csv"], on_skip=skips)
    assert [(a.id, a.text) for a in articles] == [
        ("b", "Calm in Lviv"), ("c", 'Strikes on "Odesa" port'), ("d", "Drones over Kyiv")]
    [(path, reason)] = skips
    assert path == str(tmp_path / "news.csv") and reason.startswith("line 2: ") and "quote" in reason


def test_csv_unterminated_quote_at_the_end_of_the_file(tmp_path, skips):
    write(tmp_path / "news.csv", 'id,title,text\n1,Kyiv,"Air raid\n2,Lviv,Calm\n3,Odesa,Port hit\n')
    assert [a.id for a in read_articles([tmp_path / "news.csv"], on_skip=skips)] == ["2", "3"]
    assert len(skips) == 1 and "line 2" in skips[0][1]


def test_csv_stray_quote_inside_one_line_is_read_leniently(tmp_path, skips):
    write(tmp_path / "news.csv", 'id,text\n1,"Kyiv" said the mayor\n2,Calm\n')
    assert [a.text for a in read_articles([tmp_path / "news.csv"], on_skip=skips)] == [
        "Kyiv said the mayor", "Calm"]
    assert skips == []


def test_csv_multiline_cells_and_old_mac_line_ends(tmp_path):
    write(tmp_path / "a.csv", 'id,text\r1,"two\rlines"\r2,Kyiv\r')
    assert [(a.id, a.text) for a in read_articles([tmp_path / "a.csv"])] == [("1", "two\rlines"), ("2", "Kyiv")]


def test_csv_article_longer_than_the_csv_module_default(tmp_path):
    body = "Kharkiv. " * 30_000  # 270 KB: csv refuses fields over 128 KB by default
    write(tmp_path / "long.csv", f'id,text\n1,"{body}"\n2,Lviv\n')
    assert [len(a.text) for a in read_articles([tmp_path / "long.csv"])] == [len(body), 4]


@pytest.mark.parametrize("name", ["deep.json", "deep.jsonl"])
def test_deeply_nested_json_is_one_skip_and_other_files_still_read(tmp_path, skips, name):
    deep = '{"text": "Shelling in Kharkiv", "x": ' + "[" * 100_000 + "]" * 100_000 + "}"
    write(tmp_path / name, deep + "\n")
    write(tmp_path / "ok.txt", "Calm in Lviv.")
    articles = list(read_articles([tmp_path], on_skip=skips))
    assert [a.id for a in articles] == ["ok.txt"]
    [(path, reason)] = skips
    assert path == str(tmp_path / name) and "nested too deeply" in reason and "\n" not in reason


def test_json_list_is_read_item_by_item(tmp_path, skips):
    items = [{"text": f"Article {i} about Kyiv."} for i in range(3000)] + [7, {"title": "no text"}]
    write(tmp_path / "list.json", json.dumps(items, indent=1))
    articles = list(read_articles([tmp_path / "list.json"], on_skip=skips))
    assert len(articles) == 3000
    assert (articles[0].id, articles[-1].id, articles[-1].text) == ("list.json#1", "list.json#3000",
                                                                    "Article 2999 about Kyiv.")
    assert [r for _, r in skips] == ["item 3001: not a JSON object, skipped",
                                     "item 3002: no text in field text or body or content, skipped"]


def test_json_list_broken_in_the_middle_keeps_the_items_before(tmp_path, skips):
    write(tmp_path / "list.json", '[{"text": "Kyiv"}, {"text": "Lviv"}, {"text": oops}, {"text": "Odesa"}]')
    assert [a.text for a in read_articles([tmp_path / "list.json"], on_skip=skips)] == ["Kyiv", "Lviv"]
    assert len(skips) == 1 and skips[0][1].startswith("item 3: not valid JSON")


def test_deeply_nested_html_is_flattened_not_quadratic(tmp_path):
    from geo.readers.html import MAX_DEPTH, flatten_deep_nesting

    n = 200_000  # 2.2 MB; the HTML parser took minutes on this before
    page = "<html><body>" + "<div>" * n + "Shelling in Kharkiv" + "</div>" * n + "</body></html>"
    flat = flatten_deep_nesting(page)
    assert flat.count("<div>") == flat.count("</div>") == MAX_DEPTH - 2  # <html> and <body> are two levels
    write(tmp_path / "deep.html", page)
    [a] = read_article(tmp_path / "deep.html")
    assert a.text == "Shelling in Kharkiv"


def test_html_of_ordinary_depth_is_parsed_as_written(tmp_path):
    from geo.readers.html import flatten_deep_nesting

    assert flatten_deep_nesting(HTML) is HTML
    page = "<ul>" + "<li>x" * 2000 + "</ul>"  # many unclosed <li>: siblings, not nesting
    assert flatten_deep_nesting(page) is page


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom_is_text_not_binary(tmp_path, skips, encoding):
    text = "Mykolaiv\r\nMissiles struck Mykolaiv and Odesa overnight."
    write(tmp_path / "u16.txt", text, encoding)
    [a] = read_article(tmp_path / "u16.txt", on_skip=skips)
    assert a.text == text and skips == []


def test_utf16_jsonl_and_csv_stream_too(tmp_path):
    write(tmp_path / "a.jsonl", "\ufeff" + '{"text": "Київ"}\n{"text": "Львів"}\n', "utf-16-le")
    write(tmp_path / "b.csv", "id,text\n1,Харків\n", "utf-16-be")
    assert [a.text for a in read_articles([tmp_path])] == ["Київ", "Львів", "Харків"]


def test_article_over_the_size_cap_is_skipped_with_a_note(tmp_path, skips, monkeypatch):
    write(tmp_path / "a_big.txt", "Kyiv " * 300_000)  # 1.5 MB
    write(tmp_path / "b_small.txt", "Lviv")
    lines = [json.dumps({"text": "Odesa " * 300_000}), json.dumps({"text": "Kherson"})]
    write(tmp_path / "c.jsonl", "\n".join(lines) + "\n")
    found = list(read_articles([tmp_path], on_skip=skips, max_article_mb=1))
    assert [a.id for a in found] == ["b_small.txt", "c.jsonl#2"]
    assert [(p.rsplit("/", 1)[-1], r) for p, r in skips] == [
        ("a_big.txt", "article of 1.43 MB is over the 1 MB limit (GEO_MAX_ARTICLE_MB), skipped"),
        ("c.jsonl", "line 1: longer than the 1 MB limit (GEO_MAX_ARTICLE_MB), skipped"),
    ]
    monkeypatch.setenv("GEO_MAX_ARTICLE_MB", "2")
    assert len(list(read_articles([tmp_path]))) == 4
    monkeypatch.setenv("GEO_MAX_ARTICLE_MB", "lots")
    with pytest.raises(InputError, match="GEO_MAX_ARTICLE_MB"):
        read_articles([tmp_path])


def test_over_long_path_is_an_input_error(tmp_path):
    with pytest.raises(InputError, match="file name too long"):
        read_articles([tmp_path / ("x" * 300)])


def test_one_decoder_for_readers_and_normalize(tmp_path):
    from geo.normalize import decode as normalize_decode

    text = "place\nХарьков\nОдесса\n"
    for encoding in ("koi8_r", "cp1251", "utf-16-le"):
        data = text.encode(encoding)
        write(tmp_path / f"{encoding}.txt", data)
        [a] = read_article(tmp_path / f"{encoding}.txt")
        assert a.text == normalize_decode(data)[0] == text


def _peak_rss_mb(code: str, *args: str) -> float:
    """Peak resident memory of a child Python process running ``code``, in MB."""
    import subprocess
    import sys

    probe = ("import resource, sys\n" + code
             + "\nprint(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)")
    out = subprocess.run([sys.executable, "-c", probe, *args], capture_output=True, text=True, check=True)
    return float(out.stdout.split()[-1])


_READ_ALL = ("from geo.readers import read_articles\n"
             "n = sum(len(a.text) > 0 for a in read_articles(sys.argv[1], on_skip=lambda p, r: None))\n"
             "assert n > 0 or sys.argv[1].endswith('.txt'), n")


@pytest.mark.slow
@pytest.mark.parametrize("fmt", ["jsonl", "csv", "json", "txt"])
def test_memory_does_not_follow_file_size(tmp_path, fmt):
    # Before: a 200 MB JSONL peaked at 0.9 GB, a CSV at 1.45 GB, a .txt at 3.5 GB.
    import csv as csv_module

    record = {"title": "Shelling in Kharkiv", "text": "Missiles hit Kharkiv and Izium overnight. " * 20}
    small, big = tmp_path / f"small.{fmt}", tmp_path / f"big.{fmt}"
    for path, count in ((small, 100), (big, 70_000)):  # about 60 MB
        with open(path, "w", encoding="utf-8", newline="") as f:
            if fmt == "jsonl":
                f.writelines(json.dumps(record) + "\n" for _ in range(count))
            elif fmt == "json":
                f.write("[" + ",\n".join(json.dumps(record) for _ in range(count)) + "]")
            elif fmt == "csv":
                w = csv_module.writer(f)
                w.writerow(["title", "text"])
                w.writerows([record["title"], record["text"]] for _ in range(count))
            else:
                f.writelines(record["text"] + "\n" for _ in range(count))
    assert big.stat().st_size > 55 << 20
    base = _peak_rss_mb(_READ_ALL, str(small))
    peak = _peak_rss_mb(_READ_ALL, str(big))
    assert peak < 700
    assert peak - base < 40, (base, peak)  # flat: the file is 60 MB


@pytest.mark.parametrize(("lat", "lon", "problem"), [
    (49.98, 36.25, ""), ("-90", "180", ""),
    (95, 30, "latitude 95 is outside -90..90"), (50, -180.5, "longitude -180.5 is outside -180..180"),
    (float("nan"), 30, "latitude is not a number (nan)"), (50, float("inf"), "longitude is not a number (inf)"),
    (None, 30, "latitude is not a number (None)"), ("", 30, "latitude is not a number ('')"),
])
def test_points_must_be_on_earth(lat, lon, problem):
    from geo.readers.points import check_point, point_problem

    assert point_problem(lat, lon) == problem
    if problem:
        with pytest.raises(InputError, match=r"^m\.jsonl:3: "):
            check_point(lat, lon, "m.jsonl:3")
    else:
        assert check_point(lat, lon) == (float(lat), float(lon))


def test_csv_cell_over_the_cap_is_one_skip(tmp_path, skips):
    cell = 'Lviv ""quoted"" line\n' * 60_000  # 1.2 MB over many lines
    write(tmp_path / "big.csv", f'id,text\n1,Kyiv\n2,"{cell}"\n3,Odesa\n')
    assert [a.id for a in read_articles([tmp_path / "big.csv"], on_skip=skips, max_article_mb=1)] == ["1", "3"]
    assert [r for _, r in skips] == ["line 3: a cell over the 1 MB limit (GEO_MAX_ARTICLE_MB), row skipped"]


def test_csv_quote_never_closed_over_the_cap_is_reported(tmp_path, skips):
    write(tmp_path / "open.csv", 'id,text\n1,Kyiv\n2,"open ' + "Lviv line\n" * 120_000 + "3,Odesa\n")
    assert [a.id for a in read_articles([tmp_path / "open.csv"], on_skip=skips, max_article_mb=1)] == ["1"]
    [(_, reason)] = skips
    assert reason.startswith("line 3: a cell over the 1 MB limit") and "quote never closed" in reason


def test_stdin_over_the_cap_is_skipped(monkeypatch, skips):
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(b"Kyiv " * 300_000)))
    assert list(read_articles(["-"], on_skip=skips, max_article_mb=1)) == []
    assert skips == [("-", "standard input is over the 1 MB limit for one article (GEO_MAX_ARTICLE_MB), skipped")]
