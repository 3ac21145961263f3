"""Read news articles from files, folders and stdin, streaming, with a size policy.

Articles come as plain text or Markdown, saved web pages, JSON / JSON Lines records or
CSV rows; each becomes an :class:`geo.records.Article`. One module per format
(:mod:`~geo.readers.text`, :mod:`~geo.readers.html`, :mod:`~geo.readers.json`,
:mod:`~geo.readers.jsonl`, :mod:`~geo.readers.csv`) on a shared walker
(:mod:`~geo.readers.walk`) and one decoder (:mod:`~geo.readers.decode`).

The text of ``.txt`` and ``.md`` files is the decoded file content, untouched, because
mention offsets index into it and must point at the same characters a user sees when
opening the file. Other formats are reduced to text deterministically, so offsets stay
stable from one run to the next.

Memory does not follow input size: record files (JSONL, CSV, JSON lists) are read
record by record, and one article is at most ``GEO_MAX_ARTICLE_MB`` (default
:data:`~geo.readers.article.MAX_ARTICLE_MB`) megabytes; a bigger file or record is
skipped with a note. Files that cannot be read as text (binary, undecodable, empty,
nested too deeply) are reported and skipped rather than stopping a run over a folder
of thousands of files; see ``on_skip`` in :func:`read_articles`.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from pathlib import Path

from geo.errors import InputError
from geo.readers.article import DEFAULT_FIELDS, Fields, OnSkip, SkippedFile, max_article_bytes, too_big, warn
from geo.readers.decode import UndecodableError, decode
from geo.readers.walk import EXTENSIONS, STDIN_ID, check_paths, iter_source_names, iter_sources
from geo.records import Article

__all__ = [
    "DEFAULT_FIELDS",
    "EXTENSIONS",
    "STDIN_ID",
    "ArticleFile",
    "ArticleStream",
    "SkippedFile",
    "iter_article_files",
    "read_article",
    "read_articles",
]

#: Extensions of files that hold exactly one article.
ONE_ARTICLE = (".txt", ".md", ".html", ".htm")


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
    roots = check_paths(paths)
    return (path for path, _ in iter_sources(roots, warn))


def read_articles(
    paths: Iterable[str | os.PathLike] | str | os.PathLike,
    *,
    text_field: str | None = None,
    title_field: str | None = None,
    id_field: str | None = None,
    url_field: str | None = None,
    date_field: str | None = None,
    on_skip: OnSkip | None = None,
    max_article_mb: float | None = None,
) -> ArticleStream:
    r"""Read articles from files, folders and standard input, one at a time.

    Articles are yielded lazily, file by file and record by record, so memory stays
    flat however big the folder or the file is.

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
        (binary, undecodable, empty, too big, broken JSON line, ...). Without it a
        :class:`SkippedFile` warning is issued instead.
    max_article_mb : float, optional
        The size cap of one article (a one-article file, a JSONL line, a CSV row, a
        JSON item) in MB; default ``GEO_MAX_ARTICLE_MB`` or 10.

    Returns
    -------
    ArticleStream
        An iterator of Article. Ids are file names relative to the folder given (with
        ``/``), or the file name for a file given directly; records of JSON / JSONL /
        CSV files without an id get ``"<file id>#<n>"`` (n counts from 1: the line of
        a JSONL file, the row of a CSV file, the item of a JSON list). ``date`` is ISO
        ``YYYY-MM-DD`` when a full date is known; when the source gives none it is the
        first date found near the top of the text, as written if it has no year
        (``"May 13"``). ``url`` is set only for http(s) URLs the source gives.

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
    ...     "[ad_1]\nShelling in Kharkiv\nOn January 23, 2024 missiles hit the city.\n",
    ...     encoding="utf-8")
    >>> _ = (root / "b.jsonl").write_text(
    ...     '{"title": "Calm in Lviv", "text": "Quiet night.", "url": "https://x.ua/1"}\n'
    ...     '{broken\n', encoding="utf-8")
    >>> skipped = []
    >>> for a in read_articles([root], on_skip=lambda path, why: skipped.append(why)):
    ...     print(a.id, "|", a.title, "|", a.date, "|", a.url)
    a.txt | Shelling in Kharkiv | 2024-01-23 |
    b.jsonl#1 | Calm in Lviv |  | https://x.ua/1
    >>> skipped
    ['line 2: not valid JSON, skipped']
    >>> tmp.cleanup()
    """
    roots = check_paths(paths)
    fields = Fields(text_field, title_field, id_field, url_field, date_field)
    return ArticleStream(roots, fields, on_skip if on_skip is not None else warn, max_article_bytes(max_article_mb))


def read_article(
    path: str | os.PathLike,
    *,
    text_field: str | None = None,
    title_field: str | None = None,
    id_field: str | None = None,
    url_field: str | None = None,
    date_field: str | None = None,
    on_skip: OnSkip | None = None,
    max_article_mb: float | None = None,
) -> list[Article]:
    """Read the articles in one file (a JSONL or CSV file may hold many).

    Parameters
    ----------
    path : str or path-like
        A file, or ``"-"`` for standard input.
    text_field, title_field, id_field, url_field, date_field, on_skip, max_article_mb
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
    return list(read_articles([path], text_field=text_field, title_field=title_field, id_field=id_field,
                              url_field=url_field, date_field=date_field, on_skip=on_skip,
                              max_article_mb=max_article_mb))


class ArticleStream(Iterator[Article]):
    """The articles :func:`read_articles` reads, one at a time, as an iterator.

    Besides iterating, a consumer that works in several processes can take the stream
    as :meth:`units` instead, so the files are read where they are processed.
    """

    def __init__(self, roots, fields: Fields, on_skip: OnSkip, cap: int | None = None):
        self._roots, self._fields, self.on_skip = roots, fields, on_skip
        self._cap = cap if cap is not None else max_article_bytes()
        self._it: Iterator[Article] | None = None

    def __iter__(self) -> ArticleStream:
        return self

    def __next__(self) -> Article:
        if self._it is None:
            self._it = (a for name, ident, ext in iter_source_names(self._roots, self.on_skip)
                        for a in read_source(name, ident, self._fields, self.on_skip, self._cap, ext))
        return next(self._it)

    @property
    def started(self) -> bool:
        """Whether iteration has begun (then :meth:`units` would repeat articles)."""
        return self._it is not None

    def units(self) -> Iterator[Article | ArticleFile]:
        """Yield the work in input order.

        An :class:`ArticleFile` for every file that holds one article (text,
        Markdown, HTML), read later by whoever handles it, and the articles of the
        other sources (stdin, JSON, JSONL, CSV), read here, so a big file of records
        is still shared out article by article.
        """
        self._it = iter(())
        for name, ident, ext in iter_source_names(self._roots, self.on_skip):
            if name != "-" and ext in ONE_ARTICLE:
                yield ArticleFile(name, ident, self._fields, self._cap, ext)
            else:
                yield from read_source(name, ident, self._fields, self.on_skip, self._cap, ext)


class ArticleFile:
    """A file of one article, not read yet (see :meth:`ArticleStream.units`)."""

    __slots__ = ("_name", "id", "_fields", "_cap", "_ext")

    def __init__(self, path: str | Path, ident: str, fields: Fields, cap: int | None = None, ext: str | None = None):
        # Kept as a str, with its extension when known: the parent walking a folder makes
        # one per file and sends it to a worker process, where a str pickles fifteen
        # times faster than a Path (its parts, parsed again on arrival), and the file is
        # read without one.
        self._name, self.id, self._fields, self._ext = str(path), ident, fields, ext
        self._cap = cap if cap is not None else max_article_bytes()

    @property
    def path(self) -> Path:
        """The file."""
        return Path(self._name)

    def __reduce__(self):
        return ArticleFile, (self._name, self.id, self._fields, self._cap, self._ext)

    def read(self) -> tuple[list[Article], list[tuple[str, str]]]:
        """Return the file's articles (none if skipped) and the ``(path, reason)`` skips."""
        skipped: list[tuple[str, str]] = []
        found = list(read_source(self._name, self.id, self._fields, lambda p, r: skipped.append((p, r)), self._cap,
                                 self._ext))
        return found, skipped


def read_source(path: str | Path, ident: str, fields: Fields, on_skip: OnSkip, cap: int,
                ext: str | None = None) -> Iterator[Article]:
    """Yield the articles of one file (or stdin for ``"-"``), by its extension; problems go to ``on_skip``.

    ``ext``, the lower-cased ``Path(path).suffix`` when the caller knows it.
    """
    from geo.readers.source import Peeked, open_binary, read_upto

    where = os.fspath(path)
    stdin = where == "-"
    if stdin:
        ext = ""
    elif ext is None:
        ext = Path(where).suffix.lower()
    size = 0
    if not stdin and ext not in (".json", ".jsonl", ".csv"):
        size = _size(where, 0)
        if size > cap:  # known to be too big: not read at all
            on_skip(where, too_big(size, cap))
            return
    try:
        fp = open_binary(where, whole=ext not in (".json", ".jsonl", ".csv"))
    except OSError as exc:
        on_skip(where, f"cannot read: {exc.strerror or exc}, skipped")
        return
    try:
        if ext in (".json", ".jsonl", ".csv"):
            source = Peeked(fp)
            if source.detected.encoding is None:
                on_skip(where, source.detected.problem)
                return
            if ext == ".json":
                from geo.readers.json import read_json as reader
            elif ext == ".jsonl":
                from geo.readers.jsonl import read_jsonl as reader
            else:
                from geo.readers.csv import read_csv as reader
            yield from reader(source, ident, where, fields, on_skip, cap)
            return
        data = read_upto(fp, cap, size)
    except OSError as exc:
        on_skip(where, f"cannot read: {exc.strerror or exc}, skipped")
        return
    finally:
        if not stdin:
            fp.close()
    if len(data) > cap:
        if stdin:
            on_skip(where, f"standard input is over the {cap / (1 << 20):.3g} MB limit for one article "
                    "(GEO_MAX_ARTICLE_MB), skipped")
        else:
            on_skip(where, too_big(_size(where, len(data)), cap))
        return
    if ext in (".html", ".htm"):
        from geo.readers.html import declared_charset, read_html

        declared = declared_charset(data)
    else:
        declared = None
    try:
        text, _ = decode(data, declared)
    except UndecodableError as exc:
        on_skip(where, str(exc))
        return
    if not text.strip():
        on_skip(where, "empty file, skipped")
        return
    if ext in (".html", ".htm"):
        yield from read_html(text, ident, where, on_skip)
    elif ext == ".md":
        from geo.readers.text import read_markdown

        yield from read_markdown(text, ident, where)
    else:
        from geo.readers.text import read_text

        yield from read_text(text, ident, where)


def _size(path: str, at_least: int) -> int:
    try:
        return max(at_least, os.stat(path).st_size)
    except OSError:
        return at_least
