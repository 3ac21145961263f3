"""What a map is drawn from: articles, ``geo extract`` JSONL, or a CSV of places."""

from __future__ import annotations

import csv
import json
import os
from collections.abc import Iterable, Iterator
from pathlib import Path

from geo.errors import InputError
from geo.records import Article, Extraction, Mention, Place

__all__ = ["read_map_inputs", "input_kind"]


def read_map_inputs(paths: Iterable[str | os.PathLike], extractor=None, jobs: int = 1) -> Iterator[Extraction]:
    r"""Read extractions from articles, ``geo extract`` JSONL, or a CSV of places.

    Parameters
    ----------
    paths : iterable of path
        Each is one of

        * an article file or folder: read with :func:`geo.articles.read_articles` and
          extracted on the fly with :func:`geo.extract.extract_articles`;
        * a ``.jsonl`` written by ``geo extract`` (its first record has ``"mentions"``);
          the article text is re-read from each record's ``"path"`` when that exists;
        * mentions Parquet written by ``geo extract`` (a ``.parquet`` file or a folder of
          parts), read with :func:`geo.parquet.read_extractions_parquet`;
        * a ``.csv`` of places with ``lat``, ``lon`` and ``name`` columns (plus optional
          ``url``, ``title``, ``date``, ``text``, ``feature``, ``geonameid``).
    extractor : geo.extract.Extractor, optional
        Extracts the articles (default: the built-in one); e.g. one with an online
        geocoder.
    jobs : int
        Worker processes for extraction.

    Raises
    ------
    InputError
        When a path does not exist or a JSONL/CSV is malformed.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (d / "p.csv").write_text("name,lat,lon,url\nKharkiv,49.98177,36.25475,https://example.org/a\n")
    >>> [e.mentions[0].place.name for e in read_map_inputs([d / "p.csv"])]
    ['Kharkiv']
    """
    articles: list[Path] = []

    def flush():
        if articles:
            batch = list(articles)
            articles.clear()
            yield from _extract_articles(batch, extractor, jobs)

    for p in paths:
        path = Path(p)
        if not path.exists():
            raise InputError(f"no such file or folder: {os.fspath(p)}")
        kind = input_kind(path)
        if kind == "articles":
            articles.append(path)
            continue
        yield from flush()
        if kind == "jsonl":
            from geo.extract import read_extractions_jsonl

            yield from read_extractions_jsonl(path)
        elif kind == "parquet":
            from geo.parquet import read_extractions_parquet

            yield from read_extractions_parquet(path)
        else:
            yield from _read_places_csv(path)
    yield from flush()


def input_kind(path: str | os.PathLike) -> str:
    """Return how :func:`read_map_inputs` reads ``path``: ``"articles"``, ``"jsonl"``, ``"parquet"`` or ``"csv"``.

    A ``.parquet`` file, or a folder holding only ``.parquet`` parts, is the Parquet output
    of ``geo extract`` (see :mod:`geo.parquet`).

    Examples
    --------
    >>> input_kind("seeds")
    'articles'
    """
    path = Path(path)
    if path.is_dir():
        files = [f for f in path.iterdir() if f.is_file() and not f.name.startswith((".", "_"))]
        if files and all(f.suffix.lower() == ".parquet" for f in files):
            return "parquet"
        return "articles"
    suffix = path.suffix.lower()
    if suffix == ".parquet":
        return "parquet"
    if suffix in (".jsonl", ".ndjson"):
        first = _first_json_record(path)
        return "jsonl" if isinstance(first, dict) and "mentions" in first else "articles"
    if suffix == ".csv":
        header = _csv_header(path)
        cols = {c.strip().lower() for c in header}
        if cols & {"lat", "latitude"} and cols & {"lon", "lng", "long", "longitude"}:
            return "csv"
    return "articles"


def _first_json_record(path: Path):
    try:
        with path.open(encoding="utf-8-sig") as fh:
            for line in fh:
                if line.strip():
                    return json.loads(line)
    except (OSError, UnicodeDecodeError, json.JSONDecodeError):
        return None
    return None


def _csv_header(path: Path) -> list[str]:
    try:
        with path.open(encoding="utf-8-sig", newline="") as fh:
            return next(csv.reader(fh), [])
    except (OSError, UnicodeDecodeError, csv.Error):
        return []


def _extract_articles(paths: list[Path], extractor=None, jobs: int = 1) -> Iterator[Extraction]:
    from geo.articles import read_articles
    from geo.extract import default_extractor

    extractor = extractor or default_extractor()
    yield from extractor.extract_articles(read_articles([os.fspath(p) for p in paths]), jobs=jobs)


_CSV_ALIASES = {
    "lat": ("lat", "latitude"),
    "lon": ("lon", "lng", "long", "longitude"),
    "name": ("name", "place", "place_name", "toponym"),
}


def _read_places_csv(path: Path) -> Iterator[Extraction]:
    """One Extraction per article (rows grouped by url/title/date/text)."""
    try:
        fh = path.open(encoding="utf-8-sig", newline="")
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror}") from None
    with fh:
        try:
            reader = csv.DictReader(fh)
            header = {(c or "").strip().lower(): c for c in reader.fieldnames or ()}
            cols = {}
            for want, aliases in _CSV_ALIASES.items():
                col = next((header[a] for a in aliases if a in header), None)
                if col is None:
                    raise InputError(f"{path}: no {want!r} column (columns: {', '.join(header) or 'none'})")
                cols[want] = col

            def get(row, name):
                col = header.get(name)
                return (row.get(col) or "").strip() if col else ""

            groups: dict[tuple, list[Mention]] = {}
            arts: dict[tuple, Article] = {}
            for lineno, row in enumerate(reader, 2):
                name = (row.get(cols["name"]) or "").strip()
                try:
                    lat = float(row.get(cols["lat"]) or "nan")
                    lon = float(row.get(cols["lon"]) or "nan")
                except ValueError:
                    raise InputError(f"{path}:{lineno}: lat/lon must be numbers") from None
                if not name or not (-90 <= lat <= 90 and -180 <= lon <= 180):
                    raise InputError(f"{path}:{lineno}: a place needs a name and lat/lon in range")
                url, title, date, text = (get(row, k) for k in ("url", "title", "date", "text"))
                try:
                    gid = int(get(row, "geonameid") or 0)
                except ValueError:
                    raise InputError(f"{path}:{lineno}: geonameid must be an integer") from None
                feature = get(row, "feature") or "city"
                place = Place(gid, name, lat, lon, get(row, "country_code"), "", feature, 0,
                              source="" if gid else "csv",
                              source_id="" if gid else f"{name}|{lat:.5f}|{lon:.5f}")
                key = (url, title, date, text)
                if key not in arts:
                    aid = url or title or f"{path.name}:{lineno}"
                    arts[key] = Article(id=aid, text=text, title=title or url or name, date=date, url=url,
                                        path=os.fspath(path))
                    groups[key] = []
                at = text.find(name) if text else -1
                if at >= 0 and not any(m.start == at for m in groups[key]):
                    mention = Mention(at, at + len(name), name, place, score=1.0, match="exact")
                else:
                    mention = Mention(0, 0, name, place, score=1.0, match="exact")
                groups[key].append(mention)
        except csv.Error as exc:
            raise InputError(f"{path}: not a readable CSV ({exc})") from None
        except UnicodeDecodeError:
            raise InputError(f"{path}: not UTF-8 text") from None
    for key, art in arts.items():
        yield Extraction(art, tuple(sorted(groups[key], key=lambda m: m.start)))

