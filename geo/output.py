"""Write extractions as JSONL, CSV or GeoJSON, streaming, one article at a time.

The JSONL format is a contract: one line per article, ``{"id", "path", "title", "date",
"url", "mentions": [{"start", "end", "text", "score", "match", "place": {...}}]}``.
"""

from __future__ import annotations

import csv
import json
import os
import tempfile
from collections.abc import Iterable
from contextlib import contextmanager
from pathlib import Path
from typing import IO

from geo.errors import InputError
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
    import orjson

    return orjson.dumps(e.to_dict(), option=orjson.OPT_APPEND_NEWLINE).decode()


def write_lines(lines: Iterable[str], fp: IO[str]) -> int:
    """Write records already encoded (by :func:`jsonl_line`); return how many."""
    n = 0
    for line in lines:
        fp.write(line)
        n += 1
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


def _csv(extractions, fp) -> int:
    w = csv.DictWriter(fp, fieldnames=CSV_COLUMNS, extrasaction="ignore")
    w.writeheader()
    n = 0
    for e in extractions:
        w.writerows(_rows(e))
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


def _temporary_beside(dest: Path) -> tuple[int, Path]:
    dest.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{dest.name}.", suffix=".tmp", dir=dest.parent)
    return fd, Path(tmp)


def _publish(tmp: Path, dest: Path) -> None:
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(tmp, 0o666 & ~umask)  # mkstemp made it private; outputs are shared files
    os.replace(tmp, dest)


@contextmanager
def atomic_output(path: str | os.PathLike, mode: str = "w", **kw):
    """Open a temporary file next to ``path`` and move it into place only on success.

    A failed run leaves no half-written file (and the old file, if any, untouched).

    Examples
    --------
    >>> import tempfile, os
    >>> target = os.path.join(tempfile.mkdtemp(), "out.txt")
    >>> with atomic_output(target) as f:
    ...     _ = f.write("done")
    >>> open(target).read()
    'done'
    """
    path = Path(path)
    fd, tmp = _temporary_beside(path)
    try:
        with os.fdopen(fd, mode, **kw) as f:
            yield f
        _publish(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def write_files_atomically(files: Iterable[tuple[str | os.PathLike, str]]) -> None:
    """Write several UTF-8 text files all or nothing.

    Every file goes to a temporary file in its own folder first; only when all are
    written are they moved into place, in the order given (so the file that refers to
    the others, such as a map, goes last). On failure the temporary files are removed.

    Raises
    ------
    OSError
        When a file cannot be written; nothing has been replaced then.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> write_files_atomically([(d / "pages" / "a.html", "A"), (d / "index.html", "I")])
    >>> sorted(p.name for p in d.rglob("*.html"))
    ['a.html', 'index.html']
    """
    temps: list[tuple[Path, Path]] = []
    try:
        for dest, text in files:
            dest = Path(dest)
            fd, tmp = _temporary_beside(dest)
            temps.append((tmp, dest))
            with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
                fh.write(text)
    except BaseException:
        for tmp, _ in temps:
            tmp.unlink(missing_ok=True)
        raise
    for tmp, dest in temps:
        _publish(tmp, dest)
