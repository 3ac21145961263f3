"""Read news articles from files, folders and stdin.

Articles come as plain text or Markdown, saved web pages, JSON / JSON Lines records or
CSV rows. Whatever the format, each one becomes an :class:`geo.records.Article`.

The text of ``.txt`` and ``.md`` files is the decoded file content, untouched, because
mention offsets index into it and must point at the same characters a user sees when
opening the file. Other formats are reduced to text deterministically, so offsets stay
stable from one run to the next.

Files that cannot be read as text (binary, undecodable, empty) are reported and skipped
rather than stopping a run over a folder of thousands of files; see ``on_skip`` in
:func:`read_articles`.
"""

from __future__ import annotations

import codecs
import csv
import datetime as _dt
import heapq
import io
import json
import os
import re
import sys
import warnings
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from geo.errors import InputError
from geo.records import Article

__all__ = ["SkippedFile", "iter_article_files", "read_article", "read_articles"]

#: File extensions read from folders (lower case, with the dot).
EXTENSIONS = (".txt", ".md", ".html", ".htm", ".json", ".jsonl", ".csv")

#: The id and path given to an article read from standard input.
STDIN_ID = "<stdin>"

#: Field names tried, in order, when no ``*_field`` option names one.
DEFAULT_FIELDS = {
    "text": ("text", "body", "content"),
    "title": ("title", "headline"),
    "url": ("url", "link"),
    "date": ("date", "published", "published_at", "publish_date", "pubDate"),
    "id": ("id",),
}

OnSkip = Callable[[str, str], None]


class SkippedFile(UserWarning):
    """Warning issued for a file or record that was skipped, when no ``on_skip`` is given."""


# --------------------------------------------------------------------------- public API


def iter_article_files(paths: Iterable[str | os.PathLike] | str | os.PathLike) -> Iterator[Path]:
    """List the article files under the given files and folders.

    Folders are walked recursively in sorted order, skipping hidden files and folders
    and files whose extension is not one of :data:`EXTENSIONS`. A file named
    explicitly is always listed, whatever its extension (it is then read as plain
    text), and ``"-"`` is passed through as ``Path("-")`` for standard input.

    Parameters
    ----------
    paths : iterable of str or path-like
        Files, folders or ``"-"``. A single str or path is accepted too.

    Returns
    -------
    iterator of Path

    Raises
    ------
    geo.errors.InputError
        If a path does not exist (checked before anything is listed).

    Examples
    --------
    >>> import tempfile
    >>> tmp = tempfile.TemporaryDirectory()
    >>> root = Path(tmp.name)
    >>> (root / "kyiv").mkdir()
    >>> for name in ["b.txt", "a.html", "kyiv/c.jsonl", ".hidden.txt", "notes.pdf"]:
    ...     _ = (root / name).write_text("x", encoding="utf-8")
    >>> [p.relative_to(root).as_posix() for p in iter_article_files([root])]
    ['a.html', 'b.txt', 'kyiv/c.jsonl']
    >>> tmp.cleanup()
    """
    roots = _check_paths(paths)
    return (path for path, _ in _iter_sources(roots, _warn))


def read_articles(
    paths: Iterable[str | os.PathLike] | str | os.PathLike,
    *,
    text_field: str | None = None,
    title_field: str | None = None,
    id_field: str | None = None,
    url_field: str | None = None,
    date_field: str | None = None,
    on_skip: OnSkip | None = None,
) -> Iterator[Article]:
    """Read articles from files, folders and standard input, one at a time.

    Articles are yielded lazily, file by file, so memory stays flat however big the
    folder is.

    Parameters
    ----------
    paths : iterable of str or path-like
        Files, folders (walked recursively, sorted, hidden entries skipped; see
        :func:`iter_article_files`) or ``"-"`` for one plain-text article on stdin.
        A single str or path is accepted too.
    text_field, title_field, id_field, url_field, date_field : str, optional
        The JSON field or CSV column holding each value. By default the text is taken
        from ``text``, ``body`` or ``content``, the title from ``title`` or
        ``headline``, the URL from ``url`` or ``link``, the date from ``date``,
        ``published``, ``published_at``, ``publish_date`` or ``pubDate``, and the id
        from ``id``.
    on_skip : callable, optional
        Called as ``on_skip(path, reason)`` for every file or record that is skipped
        (binary, undecodable, empty, broken JSON line, ...). Without it a
        :class:`SkippedFile` warning is issued instead.

    Returns
    -------
    iterator of Article
        Ids are file names relative to the folder given (with ``/``), or the file
        name for a file given directly; records of JSON / JSONL / CSV files without an
        id get ``"<file id>#<n>"`` (n counts from 1: the line of a JSONL file, the
        row of a CSV file, the item of a JSON list). ``date`` is ISO ``YYYY-MM-DD``
        when a full date is known; when the source gives none it is the first date
        found near the top of the text, as written if it has no year (``"May 13"``).
        ``url`` is set only for http(s) URLs the source gives.

    Raises
    ------
    geo.errors.InputError
        If a path does not exist (checked before anything is read), or if a CSV file
        lacks a column named by one of the ``*_field`` options.

    Examples
    --------
    >>> import tempfile
    >>> tmp = tempfile.TemporaryDirectory()
    >>> root = Path(tmp.name)
    >>> _ = (root / "a.txt").write_text(
    ...     "[ad_1]\\nShelling in Kharkiv\\nOn January 23, 2024 missiles hit the city.\\n",
    ...     encoding="utf-8")
    >>> _ = (root / "b.jsonl").write_text(
    ...     '{"title": "Calm in Lviv", "text": "Quiet night.", "url": "https://x.ua/1"}\\n'
    ...     '{broken\\n', encoding="utf-8")
    >>> skipped = []
    >>> for a in read_articles([root], on_skip=lambda path, why: skipped.append(why)):
    ...     print(a.id, "|", a.title, "|", a.date, "|", a.url)
    a.txt | Shelling in Kharkiv | 2024-01-23 |
    b.jsonl#1 | Calm in Lviv |  | https://x.ua/1
    >>> skipped
    ['line 2: not valid JSON, skipped']
    >>> tmp.cleanup()
    """
    roots = _check_paths(paths)
    fields = _Fields(text_field, title_field, id_field, url_field, date_field)
    report = on_skip if on_skip is not None else _warn
    return ArticleStream(roots, fields, report)


def read_article(
    path: str | os.PathLike,
    *,
    text_field: str | None = None,
    title_field: str | None = None,
    id_field: str | None = None,
    url_field: str | None = None,
    date_field: str | None = None,
    on_skip: OnSkip | None = None,
) -> list[Article]:
    """Read the articles in one file (a JSONL or CSV file may hold many).

    Parameters
    ----------
    path : str or path-like
        A file, or ``"-"`` for standard input.
    text_field, title_field, id_field, url_field, date_field, on_skip
        As for :func:`read_articles`.

    Returns
    -------
    list of Article
        Empty when the file was skipped.

    Raises
    ------
    geo.errors.InputError
        If the path does not exist or is a folder.

    Examples
    --------
    >>> import tempfile
    >>> tmp = tempfile.TemporaryDirectory()
    >>> page = Path(tmp.name) / "page.html"
    >>> _ = page.write_text(
    ...     '<html><head><title>Odesa port hit</title>'
    ...     '<link rel="canonical" href="https://news.example/odesa"></head>'
    ...     '<body><nav>Home | World</nav><article><h1>Odesa port hit</h1>'
    ...     '<p>Drones struck <b>Odesa</b> overnight.</p></article></body></html>',
    ...     encoding="utf-8")
    >>> [article] = read_article(page)
    >>> article.id, article.url
    ('page.html', 'https://news.example/odesa')
    >>> print(article.text)
    Odesa port hit
    Drones struck Odesa overnight.
    >>> tmp.cleanup()
    """
    if str(path) != "-" and Path(path).is_dir():
        raise InputError(f"{path} is a folder, not a file: use read_articles() for folders")
    return list(
        read_articles(
            [path],
            text_field=text_field,
            title_field=title_field,
            id_field=id_field,
            url_field=url_field,
            date_field=date_field,
            on_skip=on_skip,
        )
    )


# ---------------------------------------------------------------------- walking paths


class _Fields:
    """The field / column names chosen by the caller (None: use the defaults)."""

    __slots__ = ("text", "title", "id", "url", "date")

    def __init__(self, text, title, id_, url, date):
        self.text, self.title, self.id, self.url, self.date = text, title, id_, url, date

    def explicit(self) -> dict[str, str]:
        return {k: getattr(self, k) for k in self.__slots__ if getattr(self, k)}

    def candidates(self, key: str) -> tuple[str, ...]:
        chosen = getattr(self, key)
        return (chosen,) if chosen else DEFAULT_FIELDS[key]


def _warn(path: str, reason: str) -> None:
    warnings.warn(f"{path}: {reason}", SkippedFile, stacklevel=3)


def _check_paths(paths) -> list[str | Path]:
    # A bare string is iterable too; reading it character by character would turn
    # "news" into four missing paths, so treat it as the single path it obviously is.
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    roots: list[str | Path] = []
    for p in paths:
        if str(p) == "-":
            roots.append("-")
            continue
        path = Path(p)
        if not path.exists():
            raise InputError(f"no such file or folder: {p}")
        roots.append(path)
    return roots


def _iter_sources(roots, on_skip: OnSkip) -> Iterator[tuple[Path, str]]:
    """Yield ``(path, id)`` for every article file under ``roots``."""
    for root in roots:
        if root == "-":
            yield Path("-"), STDIN_ID
        elif root.is_dir():
            # The walk's paths all start with the root's: cut it off (Path.relative_to
            # costs more than reading a small file).
            cut = len(os.path.join(str(root), ""))
            for path in _walk(root, on_skip):
                yield path, str(path)[cut:].replace(os.sep, "/")
        else:
            yield root, root.name


def _walk(root: Path, on_skip: OnSkip) -> Iterator[Path]:
    # An explicit stack instead of recursion: deep trees cannot hit the recursion limit,
    # and the visited set stops symlink loops.
    seen: set[tuple[int, int]] = set()
    stack = [root]
    while stack:
        folder = stack.pop()
        try:
            st = folder.stat()
            if (st.st_dev, st.st_ino) in seen:
                continue
            seen.add((st.st_dev, st.st_ino))
            with os.scandir(folder) as it:
                entries = sorted(it, key=lambda e: e.name)
        except OSError as exc:
            on_skip(str(folder), f"cannot read folder: {exc.strerror or exc}")
            continue
        subfolders = []
        for entry in entries:
            if entry.name.startswith("."):
                continue
            try:
                is_dir = entry.is_dir()
            except OSError:
                continue
            if is_dir:
                subfolders.append(Path(entry.path))
            elif os.path.splitext(entry.name)[1].lower() in EXTENSIONS:
                yield Path(entry.path)
        # Files of a folder first, then its subfolders, each in name order.
        stack.extend(reversed(subfolders))


class ArticleStream(Iterator[Article]):
    """The articles :func:`read_articles` reads, one at a time, as an iterator.

    Besides iterating, a consumer that works in several processes can take the stream
    as :meth:`units` instead, so the files are read where they are processed.
    """

    def __init__(self, roots, fields: _Fields, on_skip: OnSkip):
        self._roots, self._fields, self.on_skip = roots, fields, on_skip
        self._it: Iterator[Article] | None = None

    def __iter__(self) -> ArticleStream:
        return self

    def __next__(self) -> Article:
        if self._it is None:
            self._it = (a for path, ident in _iter_sources(self._roots, self.on_skip)
                        for a in _read_source(path, ident, self._fields, self.on_skip))
        return next(self._it)

    @property
    def started(self) -> bool:
        """Whether iteration has begun (then :meth:`units` would repeat articles)."""
        return self._it is not None

    def units(self) -> Iterator[Article | ArticleFile]:
        """Yield the work in input order: an :class:`ArticleFile` for every file that
        holds one article (text, Markdown, HTML), read later by whoever handles it, and
        the articles of the other sources (stdin, JSON, JSONL, CSV), read here, so a big
        file of records is still shared out article by article.
        """
        self._it = iter(())
        for path, ident in _iter_sources(self._roots, self.on_skip):
            if str(path) != "-" and path.suffix.lower() in _ONE_ARTICLE:
                yield ArticleFile(path, ident, self._fields)
            else:
                yield from _read_source(path, ident, self._fields, self.on_skip)


#: Extensions of files that hold exactly one article.
_ONE_ARTICLE = (".txt", ".md", ".html", ".htm")


class ArticleFile:
    """A file of one article, not read yet (see :meth:`ArticleStream.units`)."""

    __slots__ = ("path", "id", "_fields")

    def __init__(self, path: Path, ident: str, fields: _Fields):
        self.path, self.id, self._fields = path, ident, fields

    def read(self) -> tuple[list[Article], list[tuple[str, str]]]:
        """Return the file's articles (none if skipped) and the ``(path, reason)`` skips."""
        skipped: list[tuple[str, str]] = []
        found = list(_read_source(self.path, self.id, self._fields, lambda p, r: skipped.append((p, r))))
        return found, skipped


def _read_source(path: Path, ident: str, fields: _Fields, on_skip: OnSkip) -> Iterator[Article]:
    stdin = str(path) == "-"
    where = "-" if stdin else str(path)
    try:
        data = _read_stdin() if stdin else path.read_bytes()
    except OSError as exc:
        on_skip(where, f"cannot read: {exc.strerror or exc}, skipped")
        return
    ext = "" if stdin else path.suffix.lower()
    if isinstance(data, str):
        text: str | None = data
    else:
        declared = _declared_charset(data) if ext in (".html", ".htm") else None
        text, problem = _decode(data, declared)
        if text is None:
            on_skip(where, problem)
            return
    if not text.strip():
        on_skip(where, "empty file, skipped")
        return

    if ext in (".html", ".htm"):
        yield from _from_html(text, ident, where, on_skip)
    elif ext == ".json":
        yield from _from_json(text, ident, where, fields, on_skip)
    elif ext == ".jsonl":
        yield from _from_jsonl(text, ident, where, fields, on_skip)
    elif ext == ".csv":
        yield from _from_csv(text, ident, where, fields, on_skip)
    else:
        yield _from_plain(text, ident, where, markdown=ext == ".md")


def _read_stdin() -> bytes | str:
    # Bytes when possible, so piped files in cp1251 & co. go through the same detection
    # as files on disk; a replaced sys.stdin (tests, notebooks) may only offer str.
    buffer = getattr(sys.stdin, "buffer", None)
    return buffer.read() if buffer is not None else sys.stdin.read()


# -------------------------------------------------------------------------- decoding

# Encodings news files realistically come in besides UTF-8. Letting charset-normalizer
# choose among all it knows picks exotic code pages for short texts.
_ENCODINGS = ["cp1251", "koi8_r", "koi8_u", "cp1252", "latin_1"]

_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    # UTF-32 before UTF-16: the UTF-32-LE mark starts with the UTF-16-LE one.
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

_BINARY = "binary file, skipped"
_UNDECODABLE = "binary or undecodable file (not UTF-8, cp1251, koi8-r/u or latin-1), skipped"


def _decode(data: bytes, declared: str | None = None) -> tuple[str | None, str]:
    """Decode file bytes; return ``(text, "")`` or ``(None, reason)``.

    Examples
    --------
    >>> _decode("Обстрел Харькова".encode("cp1251"))
    ('Обстрел Харькова', '')
    >>> _decode(codecs.BOM_UTF8 + "Київ".encode("utf-8"))
    ('Київ', '')
    >>> _decode(b"\\x89PNG\\r\\n\\x1a\\n\\x00\\x00")
    (None, 'binary file, skipped')
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom):].decode(encoding), ""
            except UnicodeDecodeError:
                return None, _UNDECODABLE
    if b"\x00" in data[:8192]:
        return None, _BINARY
    try:
        return data.decode("utf-8"), ""
    except UnicodeDecodeError:
        pass
    if declared:
        try:
            return data.decode(declared), ""
        except (UnicodeDecodeError, LookupError):
            pass

    from charset_normalizer import from_bytes  # only needed for the rare non-UTF-8 file

    matches = list(from_bytes(data, cp_isolation=_ENCODINGS))
    if not matches:
        return None, _UNDECODABLE
    # On short texts several code pages score alike ("Café" is also cp1251 "Cafй");
    # a word mixing Latin and Cyrillic letters is the tell of the wrong one.
    texts = [data.decode(m.encoding) for m in matches]
    text = next((t for t in texts if not _mixes_scripts(t[:8192])), texts[0])
    # latin-1 maps every byte to a character, so a binary file without NULs still
    # "decodes"; control characters give it away.
    sample = text[:8192]
    controls = sum(
        1 for ch in sample if (ch < " " and ch not in "\t\n\r\f\v") or "\x7f" <= ch <= "\x9f"
    )
    if controls > max(2, len(sample) // 100):
        return None, _BINARY
    return text, ""


_WORD = re.compile(r"[^\W\d_]+")
_LATIN = re.compile(r"[A-Za-z\u00c0-\u024f]")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")


def _mixes_scripts(text: str) -> bool:
    return any(_LATIN.search(w) and _CYRILLIC.search(w) for w in _WORD.findall(text))


_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)


def _declared_charset(data: bytes) -> str | None:
    match = _META_CHARSET.search(data[:4096])
    return match.group(1).decode("ascii") if match else None


# ------------------------------------------------------------------- plain text / md

# Lines that open scraped articles but are not their headline: ad markers, site logos'
# alt text, section labels, reading times, bylines, counters and image links.
_BOILERPLATE = re.compile(
    r"""^(?:
        \[ad_\d+\]
      | [-–—\s]*advert(?:isement)?[-–—\s]*
      | sponsored(?:\s+content)?
      | site\s+icon\b.*
      | news\s*feed | breaking(?:\s+news)? | latest(?:\s+news)? | live(?:\s+updates?)?
      | home | menu | skip\s+to\s+(?:main\s+)?content | share(?:\s+this(?:\s+article)?)?
      | subscribe | follow\s+us | print | e-?mail | facebook | twitter | whatsapp | telegram
      | related(?:\s+(?:articles|news|stories))?
      | \d+\s*min(?:ute)?s?\s+read
      | by\s+\S+(?:\s+\S+){0,4}
      | (?:photo|image|video)(?:\s*:.*)?
      | !\[[^\]]*\]\([^)]*\).*
    )$""",
    re.I | re.X,
)
_LETTER = re.compile(r"[^\W\d_]")
_TITLE_MAX = 250
_FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?)\r?\n---[ \t]*(?:\r?\n|\Z)", re.S)


def _guess_title(text: str, markdown: bool = False) -> str:
    """Return the first line that looks like a headline.

    Examples
    --------
    >>> _guess_title("[ad_1]\\n\\nSite icon NewsWep\\nRussia asks NATO to stop\\nBody")
    'Russia asks NATO to stop'
    >>> _guess_title("## Strikes on Dnipro ##\\ntext", markdown=True)
    'Strikes on Dnipro'
    """
    first = ""
    for n, raw in enumerate(text.splitlines()):
        if n >= 40:
            break
        # A title is at most _TITLE_MAX characters: spare splitting a one-line article.
        line = " ".join(raw[: 4 * _TITLE_MAX].split())
        if len(line) <= _TITLE_MAX < len(raw):
            line = " ".join(raw.split())
        if markdown:
            line = line.lstrip("#").rstrip("#").strip()
        if not line:
            continue
        first = first or line
        if _BOILERPLATE.match(line) or not _LETTER.search(line):
            continue
        return _shorten(line)
    return _shorten(first)


def _shorten(title: str) -> str:
    # A file with no line breaks would otherwise make the whole article its own title.
    if len(title) <= _TITLE_MAX:
        return title
    return title[:_TITLE_MAX].rsplit(" ", 1)[0].rstrip(" ,;:") + "…"


def _from_plain(text: str, ident: str, where: str, markdown: bool) -> Article:
    body = text
    title = date = ""
    if markdown:
        front = _FRONT_MATTER.match(text)
        if front:
            meta = dict(
                (k.strip().lower(), v.strip().strip("\"'"))
                for k, sep, v in (line.partition(":") for line in front.group(1).splitlines())
                if sep
            )
            title, date = meta.get("title", ""), _normalise_date(meta.get("date", ""))
            body = text[front.end():]
    return Article(
        id=ident,
        text=text,
        title=title or _guess_title(body, markdown),
        date=date or _find_date(body),
        path=where,
    )


# ------------------------------------------------------------------------------ dates

_MONTHS_EN = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
_MONTHS_CYR = {
    "января": 1, "февраля": 2, "марта": 3, "апреля": 4, "мая": 5, "июня": 6,
    "июля": 7, "августа": 8, "сентября": 9, "октября": 10, "ноября": 11, "декабря": 12,
    "січня": 1, "лютого": 2, "березня": 3, "квітня": 4, "травня": 5, "червня": 6,
    "липня": 7, "серпня": 8, "вересня": 9, "жовтня": 10, "листопада": 11, "грудня": 12,
}  # fmt: skip

# Capitalised only: "may" and "march" are common English words.
_MONTH_EN = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
    r"|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\b\.?"
)
_MONTH_CYR = "(?i:" + "|".join(_MONTHS_CYR) + r")\b"
_ORD = r"(?:st|nd|rd|th)?"
# (?<!\d) rather than \b before numbers: scraped bylines glue names to dates
# ("Maryam Zakir-Hussain23 January 2024").
_DATE = re.compile(
    rf"""
      (?<!\d)(?P<iy>\d{{4}})-(?P<im>\d{{1,2}})-(?P<id>\d{{1,2}})(?!\d)
    | (?<!\d)(?P<dd>\d{{1,2}}){_ORD}(?:\s+of)?\s+(?P<dm>{_MONTH_EN})(?:,?\s+(?P<dy>\d{{4}})(?!\d))?
    | \b(?P<mm>{_MONTH_EN})\s+(?P<md>\d{{1,2}}){_ORD}(?!\d)(?:,?\s+(?P<my>\d{{4}})(?!\d))?
    | (?<![\d.])(?P<nd>\d{{1,2}})\.(?P<nm>\d{{1,2}})\.(?P<ny>\d{{4}})(?![\d])
    | (?<!\d)(?P<cd>\d{{1,2}})\s+(?P<cm>{_MONTH_CYR})(?:\s+(?P<cy>\d{{4}})(?!\d))?
    """,
    re.X,
)
_DATE_LINES = 40
_DATE_CHARS = 3000
_DIGITS = re.compile(r"\d+")
# No leading \b, which would keep the engine from skipping to the months' first letters;
# _DATE checks the boundary.
_MONTH_WORD = re.compile(_MONTH_EN)


def _find_date(text: str) -> str:
    """Return the first date-like expression in the first lines of ``text``.

    ISO ``YYYY-MM-DD`` when it has a year, else the text as written; ``""`` if none.

    Examples
    --------
    >>> _find_date("Maryam Zakir-Hussain23 January 2024 14:38")
    '2024-01-23'
    >>> _find_date("Posted January 23, 2024."), _find_date("On 2024-01-23")
    ('2024-01-23', '2024-01-23')
    >>> _find_date("Mayor said on May 13 that"), _find_date("Today the 15th May, ...")
    ('May 13', '15th May')
    >>> _find_date("Обстрел 24 февраля 2022 года"), _find_date("no date here")
    ('2022-02-24', '')
    """
    head = text
    cut = -1
    for _ in range(_DATE_LINES):
        cut = text.find("\n", cut + 1)
        if cut < 0:
            break
    if cut >= 0:
        head = text[:cut]
    # A dateline sits near the top; one-paragraph articles would otherwise be scanned whole.
    head = head[:_DATE_CHARS]
    # A date starts with a run of digits or an English month name: try the (slow) date
    # pattern only there, in text order, rather than searching with it.
    starts = heapq.merge((m.start() for m in _DIGITS.finditer(head)),
                         (m.start() for m in _MONTH_WORD.finditer(head)))
    for pos in starts:
        m = _DATE.match(head, pos)
        if m:
            found = _date_from_match(m)
            if found:
                return found
    return ""


def _date_from_match(m: re.Match) -> str:
    g = m.groupdict()
    if g["iy"]:
        year, month, day = g["iy"], g["im"], g["id"]
    elif g["dm"]:
        year, month, day = g["dy"], _MONTHS_EN[g["dm"][:3].lower()], g["dd"]
    elif g["mm"]:
        year, month, day = g["my"], _MONTHS_EN[g["mm"][:3].lower()], g["md"]
    elif g["nm"]:
        year, month, day = g["ny"], g["nm"], g["nd"]
    else:
        year, month, day = g["cy"], _MONTHS_CYR[g["cm"].lower()], g["cd"]
    try:
        # Leap year 2000 lets "February 29" without a year through.
        date = _dt.date(int(year) if year else 2000, int(month), int(day))
    except ValueError:
        return ""
    return date.isoformat() if year else m.group(0).rstrip(".")


def _normalise_date(value) -> str:
    """Turn a date given by the source into ``YYYY-MM-DD`` when possible.

    Examples
    --------
    >>> _normalise_date("2024-01-23T14:38:00+02:00"), _normalise_date("Tue, 23 Jan 2024")
    ('2024-01-23', '2024-01-23')
    >>> _normalise_date("yesterday")
    'yesterday'
    """
    if value is None:
        return ""
    value = " ".join(str(value).split())
    m = _DATE.search(value)
    found = _date_from_match(m) if m else ""
    return found or value


# ------------------------------------------------------------------------------- html

_DROP_TAGS = frozenset(
    "script style noscript template nav header footer aside form iframe svg canvas "
    "button select option input textarea dialog menu".split()
)
_DROP_ROLES = frozenset({"navigation", "banner", "contentinfo", "complementary", "search"})
_BLOCK_TAGS = frozenset(
    "address article blockquote body dd details div dl dt fieldset figcaption figure h1 "
    "h2 h3 h4 h5 h6 hr li main ol p pre section summary table tbody thead tfoot tr td th "
    "ul caption center".split()
)
_CELL_TAGS = frozenset({"td", "th"})
_END = object()


def _from_html(text: str, ident: str, where: str, on_skip: OnSkip) -> Iterator[Article]:
    from selectolax.lexbor import LexborHTMLParser  # only needed when there is HTML

    try:
        tree = LexborHTMLParser(text)
        title = _html_title(tree)
        url = _html_url(tree)
        date = _html_date(tree)
        body = _html_text(_html_root(tree))
    except Exception as exc:  # noqa: BLE001 - a malformed page must not stop the run
        on_skip(where, f"could not parse HTML ({type(exc).__name__}), skipped")
        return
    if not body.strip():
        on_skip(where, "no text in HTML page, skipped")
        return
    yield Article(
        id=ident,
        text=body,
        title=title or _guess_title(body),
        date=date or _find_date(body),
        url=url,
        path=where,
    )


def _meta(tree, *selectors: str) -> str:
    for selector in selectors:
        node = tree.css_first(selector)
        if node is not None:
            value = node.attributes.get("content") or node.attributes.get("datetime") or ""
            value = " ".join(value.split())
            if value:
                return value
    return ""


def _html_title(tree) -> str:
    title = _meta(tree, 'meta[property="og:title"]', 'meta[name="twitter:title"]')
    if not title:
        for selector in ("title", "h1"):
            node = tree.css_first(selector)
            if node is not None:
                title = " ".join(node.text(deep=True).split())
                if title:
                    break
    return _shorten(title)


def _html_url(tree) -> str:
    for node in tree.css('link[rel="canonical"]'):
        url = _http_url(node.attributes.get("href"))
        if url:
            return url
    return _http_url(_meta(tree, 'meta[property="og:url"]'))


def _html_date(tree) -> str:
    value = _meta(
        tree,
        'meta[property="article:published_time"]',
        'meta[property="og:published_time"]',
        'meta[itemprop="datePublished"]',
        'meta[name="pubdate"]',
        'meta[name="publishdate"]',
        'meta[name="date"]',
        'meta[name="dc.date"]',
        "time[datetime]",
    )
    return _normalise_date(value)


def _html_root(tree):
    # Several <article>s usually means teasers around the real one: take the longest.
    articles = tree.css("article")
    if articles:
        best = max(articles, key=lambda n: len(n.text(deep=True, strip=True)))
        if best.text(deep=True, strip=True):
            return best
    main = tree.css_first("main")
    if main is not None and main.text(deep=True, strip=True):
        return main
    return tree.body if tree.body is not None else tree.root


def _html_text(root) -> str:
    """Text of an element: blocks on lines of their own, boilerplate elements dropped."""
    if root is None:
        return ""
    parts: list[str] = []
    stack: list = [root]
    while stack:
        node = stack.pop()
        if node is _END:
            parts.append("\n")
            continue
        if node.is_text_node:
            parts.append(node.text_content or "")
            continue
        if not node.is_element_node:
            continue
        tag = node.tag
        attrs = node.attributes
        if (
            tag in _DROP_TAGS
            or (attrs.get("role") or "").lower() in _DROP_ROLES
            or "hidden" in attrs
            or (attrs.get("aria-hidden") or "").lower() == "true"
        ):
            continue
        if tag == "br":
            parts.append("\n")
            continue
        if tag in _CELL_TAGS:
            parts.append(" ")
        elif tag in _BLOCK_TAGS:
            parts.append("\n")
            stack.append(_END)
        stack.extend(reversed(list(node.iter(include_text=True))))
    lines = (" ".join(line.split()) for line in "".join(parts).split("\n"))
    return "\n".join(line for line in lines if line)


def _http_url(value) -> str:
    """Return ``value`` if it is an absolute http(s) URL, else ``""``.

    Examples
    --------
    >>> _http_url(" https://kyivindependent.com/a "), _http_url("javascript:alert(1)")
    ('https://kyivindependent.com/a', '')
    """
    if not isinstance(value, str):
        return ""
    value = value.strip()
    return value if re.match(r"https?://[^\s/]", value, re.I) else ""


# ---------------------------------------------------------------------- json / jsonl


def _from_json(text, ident, where, fields, on_skip) -> Iterator[Article]:
    try:
        data = json.loads(text)
    except ValueError as exc:
        on_skip(where, f"not valid JSON ({_json_problem(exc)}), skipped")
        return
    if isinstance(data, dict):
        article = _from_record(data, ident, where, fields, on_skip, "")
        if article:
            yield article
    elif isinstance(data, list):
        for n, record in enumerate(data, 1):
            label = f"item {n}"
            if not isinstance(record, dict):
                on_skip(where, f"{label}: not a JSON object, skipped")
                continue
            article = _from_record(record, f"{ident}#{n}", where, fields, on_skip, label)
            if article:
                yield article
    else:
        on_skip(where, "JSON is neither an object nor a list of objects, skipped")


def _from_jsonl(text, ident, where, fields, on_skip) -> Iterator[Article]:
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        label = f"line {n}"
        try:
            record = json.loads(line)
        except ValueError:
            on_skip(where, f"{label}: not valid JSON, skipped")
            continue
        if not isinstance(record, dict):
            on_skip(where, f"{label}: not a JSON object, skipped")
            continue
        article = _from_record(record, f"{ident}#{n}", where, fields, on_skip, label)
        if article:
            yield article


def _json_problem(exc: ValueError) -> str:
    if isinstance(exc, json.JSONDecodeError):
        return f"{exc.msg} at line {exc.lineno} column {exc.colno}"
    return str(exc).splitlines()[0] if str(exc) else type(exc).__name__


def _pick(record: dict, names: tuple[str, ...]):
    for name in names:
        value = record.get(name)
        if value not in (None, ""):
            return value
    return None


def _from_record(record, default_id, where, fields, on_skip, label) -> Article | None:
    text = _pick(record, fields.candidates("text"))
    if not isinstance(text, str) or not text.strip():
        wanted = " or ".join(fields.candidates("text"))
        prefix = f"{label}: " if label else ""
        on_skip(where, f"{prefix}no text in field {wanted}, skipped")
        return None
    title = _pick(record, fields.candidates("title"))
    title = _shorten(" ".join(str(title).split())) if title is not None else ""
    rid = _pick(record, fields.candidates("id"))
    return Article(
        id=str(rid) if rid is not None else default_id,
        text=text,
        title=title or _guess_title(text),
        date=_normalise_date(_pick(record, fields.candidates("date"))) or _find_date(text),
        url=_http_url(_pick(record, fields.candidates("url"))),
        path=where,
    )


# -------------------------------------------------------------------------------- csv


def _from_csv(text, ident, where, fields, on_skip) -> Iterator[Article]:
    header_line = text.split("\n", 1)[0]
    # Excel in most of Europe writes ';'-separated "CSV"; the header tells which it is.
    delimiter = max(",;\t|", key=header_line.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = next(reader)
    except (StopIteration, csv.Error) as exc:
        on_skip(where, f"no CSV header ({exc}), skipped" if str(exc) else "no CSV header, skipped")
        return
    columns = [c.strip() for c in header]
    for key, name in fields.explicit().items():
        if _column(columns, (name,)) is None:
            raise InputError(
                f"{where}: no column {name!r} for the {key} (columns: {', '.join(columns)}); "
                f"pick one with the {key}_field option"
            )
    index = {key: _column(columns, fields.candidates(key)) for key in DEFAULT_FIELDS}
    if index["text"] is None:
        on_skip(where, f"no text column ({'/'.join(DEFAULT_FIELDS['text'])}), skipped")
        return

    def cell(row, key):
        i = index[key]
        return row[i] if i is not None and i < len(row) else ""

    n = 0
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            on_skip(where, f"row {n + 1}: {exc}; rest of file skipped")
            return
        if not any(c.strip() for c in row):
            continue
        n += 1
        body = cell(row, "text")
        if not body.strip():
            on_skip(where, f"row {n}: empty text, skipped")
            continue
        title = _shorten(" ".join(cell(row, "title").split()))
        rid = cell(row, "id").strip()
        yield Article(
            id=rid or f"{ident}#{n}",
            text=body,
            title=title or _guess_title(body),
            date=_normalise_date(cell(row, "date")) or _find_date(body),
            url=_http_url(cell(row, "url")),
            path=where,
        )


def _column(columns: list[str], names: tuple[str, ...]) -> int | None:
    for name in names:
        if name in columns:
            return columns.index(name)
    lowered = [c.lower() for c in columns]
    for name in names:
        if name.lower() in lowered:
            return lowered.index(name.lower())
    return None
