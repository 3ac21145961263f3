"""Write extractions as JSONL, CSV or GeoJSON, streaming, one article at a time.

The JSONL format is a contract: one line per article, ``{"id", "path", "title", "date",
"url", "mentions": [{"start", "end", "text", "score", "match", "place": {...}}]}``.
"""

from __future__ import annotations

import atexit
import contextlib
import csv
import errno
import json
import os
import tempfile
import threading
from collections.abc import Iterable
from contextlib import contextmanager
from pathlib import Path
from typing import IO

from geo.errors import GeoError, InputError, OutputError
from geo.records import Extraction

FORMATS = ("jsonl", "csv", "geojson")
CSV_COLUMNS = ("article_id", "path", "title", "date", "url", "start", "end", "text", "score", "match",
               "geonameid", "name", "lat", "lon", "country_code", "admin1", "feature", "population")


def write(extractions: Iterable[Extraction], fp: IO[str], fmt: str = "jsonl") -> int:
    """Write ``extractions`` to the text stream ``fp``; return the number of articles.

    Examples
    --------
    >>> import io
    >>> from geo.records import Article, Extraction
    >>> buf = io.StringIO()
    >>> write([Extraction(Article("a.txt", "Calm."), ())], buf)
    1
    >>> buf.getvalue()
    '{"id":"a.txt","path":"","title":"","date":"","url":"","mentions":[]}\\n'
    """
    if fmt not in FORMATS:
        raise InputError(f"unknown format {fmt!r}; choose one of: {', '.join(FORMATS)}")
    return {"jsonl": _jsonl, "csv": _csv, "geojson": _geojson}[fmt](extractions, fp)


def jsonl_bytes(e: Extraction) -> bytes:
    """Return the JSONL record of one extraction as UTF-8 bytes, newline included.

    Examples
    --------
    >>> from geo.records import Article, Extraction
    >>> jsonl_bytes(Extraction(Article("a.txt", "Calm."), ()))
    b'{"id":"a.txt","path":"","title":"","date":"","url":"","mentions":[]}\\n'
    """
    import orjson

    return orjson.dumps(e.to_dict(), option=orjson.OPT_APPEND_NEWLINE)


def jsonl_line(e: Extraction) -> str:
    """Return the JSONL record of one extraction, newline included.

    Written with orjson, six times faster than json: in a parallel run this is done in
    the workers (see ``encode`` in :meth:`geo.extract.Extractor.extract_articles`).

    Examples
    --------
    >>> from geo.records import Article, Extraction
    >>> jsonl_line(Extraction(Article("a.txt", "Calm."), ()))
    '{"id":"a.txt","path":"","title":"","date":"","url":"","mentions":[]}\\n'
    """
    return jsonl_bytes(e).decode()


def write_lines(lines: Iterable[str], fp: IO[str]) -> int:
    """Write records already encoded (by :func:`jsonl_line`); return how many."""
    n = 0
    for line in lines:
        fp.write(line)
        n += 1
    return n


def write_chunks(chunks: Iterable[tuple[bytes, int]], fp: IO[bytes]) -> int:
    """Write records encoded in chunks (:meth:`geo.extract.Extractor.encode_articles`); return how many.

    Examples
    --------
    >>> import io
    >>> buf = io.BytesIO()
    >>> write_chunks([(b'{"a":1}\\n{"a":2}\\n', 2), (b'{"a":3}\\n', 1)], buf)
    3
    """
    n = 0
    for data, count in chunks:
        fp.write(data)
        n += count
    return n


def _jsonl(extractions, fp) -> int:
    return write_lines((jsonl_line(e) for e in extractions), fp)


def _rows(e: Extraction):
    a = e.article
    for m in e.mentions:
        row = {"article_id": a.id, "path": a.path, "title": a.title, "date": a.date, "url": a.url,
               "start": m.start, "end": m.end, "text": m.text, "score": m.score, "match": m.match}
        if m.place is not None:
            row.update({k: v for k, v in m.place.to_dict().items() if k in CSV_COLUMNS})
        yield row


# What a spreadsheet takes for the start of a formula (OWASP's list).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
    """Return a CSV cell that a spreadsheet will not run as a formula.

    A text starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return gets a
    leading ``'`` (the spreadsheet convention for "this is text"), unless it is a plain
    number such as ``-33.9``. Article titles and texts are untrusted: a title
    ``=HYPERLINK("http://evil.example","x")`` would otherwise become a live link.

    Examples
    --------
    >>> print(safe_cell('=HYPERLINK("http://evil.example","x")'))
    '=HYPERLINK("http://evil.example","x")
    >>> safe_cell("-33.9"), safe_cell("Kyiv"), safe_cell(-1.5)
    ('-33.9', 'Kyiv', -1.5)
    """
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        try:
            float(value)
        except ValueError:
            return "'" + value
    return value


def _csv(extractions, fp) -> int:
    w = csv.DictWriter(fp, fieldnames=CSV_COLUMNS, extrasaction="ignore")
    w.writeheader()
    n = 0
    for e in extractions:
        w.writerows({k: safe_cell(v) for k, v in row.items()} for row in _rows(e))
        n += 1
    return n


def _geojson(extractions, fp) -> int:
    # Written piecewise so a big folder never sits in memory as one document.
    fp.write('{"type": "FeatureCollection", "features": [\n')
    n, first = 0, True
    for e in extractions:
        for row in _rows(e):
            if "lat" not in row:
                continue
            lon, lat = row.pop("lon"), row.pop("lat")
            feature = {"type": "Feature", "geometry": {"type": "Point", "coordinates": [lon, lat]}, "properties": row}
            fp.write(("" if first else ",\n") + json.dumps(feature, ensure_ascii=False))
            first = False
        n += 1
    fp.write("\n]}\n")
    return n


# Temporary files not published yet: removed at exit, whatever ends the process
# short of SIGKILL (the CLI turns SIGTERM into an exit).
_LIVE: set[Path] = set()
_LIVE_LOCK = threading.Lock()


@atexit.register
def _remove_leftovers() -> None:
    with _LIVE_LOCK:
        for tmp in list(_LIVE):
            with contextlib.suppress(OSError):
                tmp.unlink()
        _LIVE.clear()


def _name_max(folder: Path) -> int:
    try:
        return os.pathconf(folder, "PC_NAME_MAX")
    except (OSError, ValueError):
        return 255


def _shown(path) -> str:
    name = os.fspath(path)
    return name if len(name) <= 100 else f"{name[:50]}...{name[-40:]} ({len(name)} characters)"


def _problem(dest: Path, exc: OSError) -> OutputError:
    """Return the one-line error for an output that cannot be written."""
    why = exc.strerror or str(exc)
    if exc.errno == errno.ENOTDIR or isinstance(exc, (FileExistsError, NotADirectoryError)):
        part = next((p for p in dest.parents if p.exists() and not p.is_dir()), None)
        if part is not None:
            return OutputError(f"cannot write {_shown(dest)}: {part} is a file, not a folder")
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return OutputError(f"cannot write {_shown(dest)}: {why} (choose a folder you can write to with -o)")
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        kept = "; earlier output there is unchanged" if dest.is_file() else ""
        return OutputError(f"cannot write {_shown(dest)}: {why}{kept}")
    if exc.errno == errno.ENAMETOOLONG:
        return OutputError(f"cannot write {_shown(dest)}: file name too long")
    return OutputError(f"cannot write {_shown(dest)}: {why}")


def check_output(path: str | os.PathLike, inputs: Iterable[str | os.PathLike] = ()) -> Path:
    """Check, before any work, that output may go to ``path``; return it as a Path.

    Raises
    ------
    geo.errors.OutputError
        If ``path`` is a folder, goes through a file (``notes.txt/out.jsonl``), or is
        one of ``inputs``.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (d / "a.txt").write_text("Kyiv")
    >>> check_output(d / "a.txt", inputs=[d / "a.txt"])
    Traceback (most recent call last):
    ...
    geo.errors.OutputError: ... is also an input: write the output somewhere else
    """
    dest = Path(path)
    try:
        return _check(dest, inputs)
    except OutputError:
        raise
    except OSError as exc:  # a name too long, a folder that cannot be looked into
        raise _problem(dest, exc) from None


def _check(dest: Path, inputs) -> Path:
    if dest.is_dir():
        raise OutputError(f"cannot write {_shown(dest)}: it is a folder; give a file name")
    for p in inputs:
        if str(p) == "-":
            continue
        try:
            same = dest.exists() and os.path.samefile(dest, p)
        except (OSError, ValueError):
            same = False
        if same:
            raise OutputError(f"cannot write {_shown(dest)}: it is also an input: write the output somewhere else")
    part = next((p for p in dest.parents if p.exists()), None)
    if part is not None and not part.is_dir():
        raise OutputError(f"cannot write {_shown(dest)}: {part} is a file, not a folder")
    if part is not None and len(os.fsencode(dest.name)) > _name_max(part):
        raise OutputError(f"cannot write {_shown(dest)}: file name too long ({len(os.fsencode(dest.name))} bytes, "
                          f"at most {_name_max(part)} here)")
    return dest


class AtomicFile:
    r"""An output file that appears at its path only when :meth:`commit` is called.

    The temporary file is created beside the destination when this is made, so a
    destination that cannot be written fails before any work is done. Until
    :meth:`commit`, earlier output at the path is untouched; :meth:`discard` (or the end
    of a ``with`` block left by an exception) removes the temporary file. A
    destination that is not a regular file (``/dev/stdout``, a pipe) is written
    directly.

    Parameters
    ----------
    path : str or path-like
    mode : str
        ``"w"`` (text) or ``"wb"``.
    inputs : iterable of path, optional
        Files the output must not overwrite (see :func:`check_output`).
    **kw
        Passed to :func:`open` (``encoding``, ``newline``).

    Raises
    ------
    geo.errors.OutputError
        If the destination cannot be written (see :func:`check_output`), its folder
        cannot be made or written, or writing fails (a full disk).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> target = pathlib.Path(tempfile.mkdtemp()) / "out.jsonl"
    >>> with AtomicFile(target, encoding="utf-8") as out:
    ...     _ = out.file.write("{}\n")
    ...     _ = out.commit()
    >>> target.read_text()
    '{}\n'
    """

    def __init__(self, path: str | os.PathLike, mode: str = "w", *, inputs=(), **kw):
        self.path = check_output(path, inputs)
        self.committed = False
        self._tmp: Path | None = None
        dest = self.path
        #: folders made for the output, nearest first: a discarded output takes them away
        #: again, so a failed run leaves no trace (they go only while still empty)
        self._made = [p for p in dest.parents if not p.exists()]
        try:
            if dest.exists() and not dest.is_file():
                self.file = open(dest, mode, **kw)  # noqa: SIM115 - closed by commit/discard
                return
            dest.parent.mkdir(parents=True, exist_ok=True)
            # "<name>.<random>.tmp" may be too long where the name alone is not.
            name = f".{dest.name}."
            if len(os.fsencode(name)) + 12 > _name_max(dest.parent):
                name = ".geo-output-"
            fd, tmp = tempfile.mkstemp(prefix=name, suffix=".tmp", dir=dest.parent)
        except OSError as exc:
            raise _problem(dest, exc) from None
        self._tmp = Path(tmp)
        with _LIVE_LOCK:
            _LIVE.add(self._tmp)
        try:
            self.file = os.fdopen(fd, mode, **kw)
        except BaseException:
            os.close(fd)
            self.discard()
            raise

    @property
    def temporary(self) -> Path | None:
        """The temporary file, for writers that need a path (SQLite); None when writing directly."""
        return self._tmp

    def commit(self) -> Path:
        """Close the file and move it into place; return the destination."""
        if self.committed:
            return self.path
        try:
            self.file.close()
            if self._tmp is not None:
                umask = os.umask(0)
                os.umask(umask)
                os.chmod(self._tmp, 0o666 & ~umask)  # mkstemp made it private; outputs are shared files
                os.replace(self._tmp, self.path)
        except OSError as exc:
            self.discard()
            raise _problem(self.path, exc) from None
        self._forget()
        self.committed = True
        return self.path

    def discard(self) -> None:
        """Close and remove the temporary file, leaving the destination as it was."""
        if self.committed:
            return
        with contextlib.suppress(OSError):
            self.file.close()
        if self._tmp is not None:
            with contextlib.suppress(OSError):
                self._tmp.unlink()
            self._forget()
        for folder in self._made:
            with contextlib.suppress(OSError):
                folder.rmdir()

    def _forget(self) -> None:
        with _LIVE_LOCK:
            _LIVE.discard(self._tmp)

    def __enter__(self) -> AtomicFile:
        return self

    def __exit__(self, exc_type, exc, tb):
        if exc_type is not None:
            self.discard()
            if isinstance(exc, OSError) and not isinstance(exc, GeoError):
                raise _problem(self.path, exc) from None
            return False
        if not self.committed:
            self.discard()
        return False


@contextmanager
def atomic_output(path: str | os.PathLike, mode: str = "w", *, inputs=(), **kw):
    """Open a temporary file next to ``path`` and move it into place only on success.

    A failed run leaves no half-written file (and the old file, if any, untouched).
    See :class:`AtomicFile` for the checks made before anything is written.

    Raises
    ------
    geo.errors.OutputError
        If ``path`` cannot be written.

    Examples
    --------
    >>> import tempfile, os
    >>> target = os.path.join(tempfile.mkdtemp(), "out.txt")
    >>> with atomic_output(target) as f:
    ...     _ = f.write("done")
    >>> open(target).read()
    'done'
    """
    with AtomicFile(path, mode, inputs=inputs, **kw) as out:
        yield out.file
        out.commit()


def write_files_atomically(files: Iterable[tuple[str | os.PathLike, str]]) -> None:
    """Write several UTF-8 text files all or nothing.

    Every file goes to a temporary file in its own folder first; only when all are
    written are they moved into place, in the order given (so the file that refers to
    the others, such as a map, goes last). On failure the temporary files are removed.

    Raises
    ------
    geo.errors.OutputError
        When a file cannot be written; nothing has been replaced then.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> write_files_atomically([(d / "pages" / "a.html", "A"), (d / "index.html", "I")])
    >>> sorted(p.name for p in d.rglob("*.html"))
    ['a.html', 'index.html']
    """
    outs: list[AtomicFile] = []
    try:
        for dest, text in files:
            out = AtomicFile(dest, encoding="utf-8", newline="\n")
            outs.append(out)
            try:
                out.file.write(text)
                out.file.close()
            except OSError as exc:
                raise _problem(out.path, exc) from None
    except BaseException:
        for out in outs:
            out.discard()
        raise
    for out in outs:
        out.commit()
