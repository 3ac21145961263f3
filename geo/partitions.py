"""Split article inputs into partitions that workers read on their own.

A partition is a small picklable description of work, sent to a worker that reads it
with :func:`geo.articles.read_articles`, so an article means the same on a cluster as in
``geo extract`` on one machine (same ids, titles, dates, paths). Three kinds:

* :class:`Files`: a run of whole files (text, Markdown, HTML, JSON, CSV and small
  JSON Lines files), grouped to about ``blocksize`` bytes;
* :class:`Lines`: a byte range of a big JSON Lines file; it owns the lines that start
  in it, and numbers them from the count of lines before it (``#n`` ids);
* :class:`ParquetRows`: a row group of a Parquet file, whose rows are read as JSON
  Lines records (``--text-field`` & co. name the columns).

Partitions come in input order; reading them in order gives the articles of a
single-process run, in its order.
"""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path

from geo.errors import InputError
from geo.records import Article

#: Partition size when none is given: big enough that a task outlasts its overhead.
DEFAULT_BLOCKSIZE = 32_000_000
#: At most this many files in one partition of small files.
MAX_FILES = 2000
_UTF16_32 = (b"\xff\xfe", b"\xfe\xff")

Skips = list[tuple[str, str]]


@dataclass(frozen=True)
class Files:
    """Whole files ``((path, id), ...)``, each read as ``geo extract`` reads it."""

    files: tuple[tuple[str, str], ...]
    cwd: str = ""

    def read(self, fields: dict, offset: int = 0) -> tuple[list[Article], Skips]:
        """Return the articles and the ``(path, reason)`` of what was skipped."""
        articles: list[Article] = []
        skipped: Skips = []
        for path, ident in self.files:
            found = read_articles_quietly(_at(self.cwd, path), fields,
                                          lambda item, p=path: skipped.append((p, item[1])))
            articles += [_renamed(a, Path(path).name, ident, 0, path) for a in found]
        return articles, skipped


@dataclass(frozen=True)
class Lines:
    """The lines of the JSON Lines file ``path`` that start in bytes ``[start, end)``."""

    path: str
    id: str
    start: int
    end: int
    cwd: str = ""

    def data(self) -> bytes:
        """Return the bytes of the lines, the last one's newline included."""
        with open(_at(self.cwd, self.path), "rb") as f:
            if self.start:
                # A line starting exactly at `start` belongs here; a line running
                # through it belongs to the partition before.
                f.seek(self.start - 1)
                f.readline()
            out, pos = [], f.tell()
            while pos < self.end:
                line = f.readline()
                if not line:
                    break
                out.append(line)
                pos += len(line)
        return b"".join(out)

    def count(self) -> int:
        """Return how many lines start here: the lines of a JSON Lines file end at ``\\n`` only.

        (JSON strings may hold U+2028 and the like unescaped, so not :meth:`str.splitlines`.)
        """
        data = self.data()
        return data.count(b"\n") + (1 if data and not data.endswith(b"\n") else 0)

    def read(self, fields: dict, offset: int = 0) -> tuple[list[Article], Skips]:
        """Return the articles and skips, lines numbered after the ``offset`` lines before."""
        return _read_block(self.data(), Path(self.path).name, self.id, self.path, offset, fields, "line")


@dataclass(frozen=True)
class ParquetRows:
    """Row group ``group`` of the Parquet file ``path``, after ``before`` rows."""

    path: str
    id: str
    group: int
    before: int
    cwd: str = ""

    def read(self, fields: dict, offset: int = 0) -> tuple[list[Article], Skips]:
        """Return the articles and skips; rows without an id get ``<file id>#<row>``."""
        import pyarrow.parquet as pq

        table = pq.ParquetFile(_at(self.cwd, self.path)).read_row_group(self.group)
        return _read_records(table.to_pylist(), self.id, self.path, self.before, fields)


Partition = Files | Lines | ParquetRows


def _at(cwd: str, path: str) -> Path:
    # Paths stay as the user gave them, for the output; a worker elsewhere (another
    # machine, another folder) reads them from the folder they were given in.
    return Path(cwd, path) if cwd else Path(path)


def plan(paths: Iterable[str | os.PathLike], blocksize: int = DEFAULT_BLOCKSIZE) -> Iterator[Partition]:
    """Yield the partitions of ``paths`` (files and folders, as for ``geo extract``), in order.

    Folders are listed by :func:`geo.articles.iter_article_files`, plus their
    ``.parquet`` files; a ``.parquet`` file or a folder of them is a Parquet dataset.

    Raises
    ------
    InputError
        If a path does not exist, or is ``-`` (standard input cannot be shared out).

    Examples
    --------
    >>> [type(p).__name__ for p in plan(["seeds"])]
    ['Files']
    >>> parts = list(plan(["seeds"], blocksize=10_000))
    >>> [len(p.files) for p in parts], parts[0].files[0], parts[0].cwd == os.getcwd()
    ([3, 1, 1], ('seeds/000_fdaf78911eb850d2.txt', '000_fdaf78911eb850d2.txt'), True)
    """
    from geo.articles import iter_article_files

    batch: list[tuple[str, str]] = []
    size = 0
    cwd = os.getcwd()
    for root in paths:
        if str(root) == "-":
            raise InputError("standard input cannot be shared out to workers: give files or folders")
        root = Path(root)
        if not root.exists():
            raise InputError(f"no such file or folder: {root}")
        if root.is_dir():
            cut = len(os.path.join(str(root), ""))
            listed = [(p, str(p)[cut:].replace(os.sep, "/")) for p in iter_article_files([root])]
            from geo.parquet import parquet_files

            listed += [(p, p.relative_to(root).as_posix()) for p in parquet_files(root)]
        else:
            listed = [(root, root.name)]
        for path, ident in listed:
            big = _split(path, ident, blocksize, cwd)
            if big is None:
                batch.append((str(path), ident))
                size += _size(path)
                if size >= blocksize or len(batch) >= MAX_FILES:
                    yield Files(tuple(batch), cwd)
                    batch, size = [], 0
                continue
            if batch:
                yield Files(tuple(batch), cwd)
                batch, size = [], 0
            yield from big
    if batch:
        yield Files(tuple(batch), cwd)


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0  # reported when read


def _split(path: Path, ident: str, blocksize: int, cwd: str) -> list[Partition] | None:
    """Return the partitions of a big JSON Lines file or of a Parquet file; None for other files."""
    suffix = path.suffix.lower()
    if suffix == ".parquet":
        from geo.parquet import _pyarrow

        pa = _pyarrow()
        try:
            meta = pa.parquet.ParquetFile(path).metadata
        except (OSError, pa.ArrowException) as exc:
            raise InputError(f"cannot read {path} as Parquet: {exc}") from None
        out, before = [], 0
        for g in range(meta.num_row_groups):
            out.append(ParquetRows(str(path), ident, g, before, cwd))
            before += meta.row_group(g).num_rows
        return out
    size = _size(path)
    if suffix != ".jsonl" or size <= blocksize:
        return None
    with open(path, "rb") as f:
        if f.read(4).startswith(_UTF16_32):
            return None  # newlines are not single bytes there: read it whole
    return [Lines(str(path), ident, s, min(s + blocksize, size), cwd) for s in range(0, size, blocksize)]


# ------------------------------------------------------------------------ reading


def read_articles_quietly(path: Path, fields: dict, skip: Callable[[tuple[str, str]], None]) -> list[Article]:
    """Read one file with :func:`geo.articles.read_articles`, handing skips to ``skip``."""
    from geo.articles import read_articles

    return list(read_articles([path], **fields, on_skip=lambda where, why: skip((where, why))))


def _renamed(a: Article, name: str, ident: str, offset: int, where: str) -> Article:
    # read_articles names a file's articles after the file ("name", "name#n"): put back
    # the id the file has under its folder, and the line numbers of the whole file.
    aid = a.id
    if aid == name:
        aid = ident
    elif aid.startswith(name + "#") and aid[len(name) + 1:].isdigit():
        aid = f"{ident}#{int(aid[len(name) + 1:]) + offset}"
    if aid == a.id and a.path == where:
        return a
    return replace(a, id=aid, path=where)


def _read_block(data: bytes, name: str, ident: str, where: str, offset: int, fields: dict,
                label: str) -> tuple[list[Article], Skips]:
    """Read JSON Lines ``data`` as the reader reads a file ``name``, then renumber after ``offset`` lines.

    Through a temporary copy: one reader, one meaning of a record.
    """
    if not data.strip():
        return [], []  # a range inside one long line, or rows that are all blank
    skipped: Skips = []
    shift = re.compile(r"^line (\d+)")

    def skip(item):
        why = shift.sub(lambda m: f"{label} {int(m.group(1)) + offset}", item[1])
        skipped.append((where, why))

    with tempfile.TemporaryDirectory(prefix="geo-part-") as tmp:
        copy = Path(tmp) / name
        copy.write_bytes(data)
        found = read_articles_quietly(copy, fields, skip)
    return [_renamed(a, name, ident, offset, where) for a in found], skipped


def _json_default(value):
    if hasattr(value, "isoformat"):
        return value.isoformat()
    try:
        import pandas as pd

        if pd.isna(value):
            return None
    except (TypeError, ValueError):
        pass
    return str(value)


def _read_records(records: list[dict], ident: str, where: str, before: int, fields: dict):
    """Read table rows (dicts) as JSON Lines records numbered after ``before`` rows."""
    import orjson

    opts = orjson.OPT_APPEND_NEWLINE | orjson.OPT_SERIALIZE_NUMPY | orjson.OPT_NON_STR_KEYS
    data = b"".join(orjson.dumps(r, default=_json_default, option=opts) for r in records)
    return _read_block(data, "rows.jsonl", ident, where, before, fields, "row")


def read_rows(records: list[dict], ident: str, fields: dict, before: int = 0) -> list[Article]:
    """Return the articles of table rows, each read as a JSON Lines record is.

    Rows without text are left out; rows without an id get ``<ident>#<row>``.

    Examples
    --------
    >>> rows = [{"id": 7, "body": "Calm in Lviv.", "published": "2024-01-23T08:00:00Z"},
    ...         {"body": ""}, {"body": "Rain in Kyiv."}]
    >>> [(a.id, a.date, a.title) for a in read_rows(rows, "t", {"text_field": "body"})]
    [('7', '2024-01-23', 'Calm in Lviv.'), ('t#3', '', 'Rain in Kyiv.')]
    """
    return _read_records(records, ident, "", before, fields)[0]
