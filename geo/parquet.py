"""Mentions as Parquet: the rows of :func:`geo.extract.mentions_frame`, written and read back.

One row per mention with the JSONL contract's fields flattened (``article_id, title,
date, url, path, start, end, text, score, match`` and the place's fields). A file is
written with one row group per batch; a folder holds one ``part-NNNNN.parquet`` per
batch. Either appears only when the whole run succeeds. Needs pyarrow
(``pip install "geo-news[dask]"``).
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path

from geo.errors import InputError, MissingDependency
from geo.records import Article, Extraction, Mention, Place

#: The columns, in order, with their pandas dtypes (those of :func:`geo.extract.mentions_frame`).
DTYPES = {
    "article_id": object, "title": object, "date": object, "url": object, "path": object,
    "start": "int64", "end": "int64", "text": object, "score": "float64", "match": object,
    "geonameid": "int64", "name": object, "lat": "float64", "lon": "float64",
    "country_code": object, "admin1": object, "feature": object, "population": "int64",
}  # fmt: skip
COLUMNS = tuple(DTYPES)
_INTS = ("start", "end", "geonameid", "population")
_FLOATS = ("score", "lat", "lon")


def _pyarrow():
    try:
        import pyarrow
        import pyarrow.parquet
    except ImportError:
        raise MissingDependency('Parquet needs pyarrow: pip install "geo-news[dask]"') from None
    return pyarrow


def schema():
    """Return the pyarrow schema of mention rows.

    Examples
    --------
    >>> schema().names[:4], str(schema().field("start").type)
    (['article_id', 'title', 'date', 'url'], 'int64')
    """
    pa = _pyarrow()
    kinds = {"int64": pa.int64(), "float64": pa.float64()}
    return pa.schema([(c, kinds.get(str(t), pa.string())) for c, t in DTYPES.items()])


def mention_rows(extractions: Iterable[Extraction]):
    """Return the mentions of ``extractions`` as a pandas DataFrame with :data:`DTYPES`.

    The rows of :func:`geo.extract.mentions_frame`, with fixed dtypes so that every
    batch of a run has the same schema (a mention without a place gets ``""`` and 0).

    Examples
    --------
    >>> from geo.extract import extract
    >>> text = "From Kyiv to Lviv."
    >>> df = mention_rows([Extraction(Article("a", text), tuple(extract(text)))])
    >>> df[["article_id", "start", "name", "country_code"]].values.tolist()
    [['a', 5, 'Kyiv', 'UA'], ['a', 13, 'Lviv', 'UA']]
    >>> str(mention_rows([]).dtypes["lat"])
    'float64'
    """
    from geo.extract import mentions_frame

    df = mentions_frame(list(extractions)).reindex(columns=list(COLUMNS))
    for c in DTYPES:
        if c in _INTS or c in _FLOATS:
            df[c] = df[c].fillna(0)
        else:
            df[c] = df[c].where(df[c].notna(), "")
    return df.astype(DTYPES)


def write_parquet(frames: Iterable, dest: str | os.PathLike, *, folder: bool = False) -> int:
    """Write DataFrames of mention rows (from :func:`mention_rows`) to Parquet; return the row count.

    Parameters
    ----------
    frames : iterable of pandas.DataFrame
        Written in order: one row group each in a file, one ``part-NNNNN.parquet``
        each in a folder.
    dest : path or binary file
        The file, or with ``folder=True`` the folder, to write. It appears (or is
        replaced) only when every frame is written; a failed run leaves an earlier
        ``dest`` as it was. An open binary file is written as it is.

    Examples
    --------
    >>> import tempfile, pandas as pd
    >>> from geo.extract import extract
    >>> text = "Calm in Lviv."
    >>> rows = mention_rows([Extraction(Article("a", text), tuple(extract(text)))])
    >>> out = Path(tempfile.mkdtemp()) / "m.parquet"
    >>> write_parquet([rows], out)
    1
    >>> pd.read_parquet(out)[["article_id", "text", "lat"]].values.tolist()
    [['a', 'Lviv', 49.83826]]
    """
    pa = _pyarrow()
    sch = schema()
    if hasattr(dest, "write"):
        return _write_file(pa, sch, frames, dest)
    if not folder:
        from geo.output import atomic_output

        with atomic_output(dest, mode="wb") as f:
            return _write_file(pa, sch, frames, f)
    dest = Path(dest)
    if dest.exists() and not dest.is_dir():
        raise InputError(f"{dest} is a file; a folder of Parquet parts needs a folder name")
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{dest.name}.", suffix=".tmp", dir=dest.parent))
    try:
        n = 0
        for i, df in enumerate(frames):
            pa.parquet.write_table(pa.Table.from_pandas(df, schema=sch, preserve_index=False),
                                   tmp / f"part-{i:05d}.parquet")
            n += len(df)
        tmp.chmod(0o777 & ~_umask())
        _replace_folder(tmp, dest)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return n


def _write_file(pa, sch, frames, f) -> int:
    n = 0
    with pa.parquet.ParquetWriter(f, sch) as writer:
        for df in frames:
            writer.write_table(pa.Table.from_pandas(df, schema=sch, preserve_index=False))
            n += len(df)
    return n


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _replace_folder(new: Path, dest: Path) -> None:
    # A folder cannot be renamed over a non-empty one: move the old one aside first,
    # so that at every moment dest is either the old output or the new one.
    if not dest.exists():
        os.replace(new, dest)
        return
    old = Path(tempfile.mkdtemp(prefix=f".{dest.name}.", suffix=".old", dir=dest.parent))
    os.replace(dest, old / dest.name)
    os.replace(new, dest)
    shutil.rmtree(old, ignore_errors=True)


def parquet_files(path: str | os.PathLike) -> list[Path]:
    """Return the Parquet files of ``path``: itself, or those in the folder (recursively, sorted, no hidden ones).

    Raises
    ------
    InputError
        If ``path`` does not exist.

    Examples
    --------
    >>> parquet_files("seeds")
    []
    """
    path = Path(path)
    if not path.exists():
        raise InputError(f"no such file or folder: {path}")
    if not path.is_dir():
        return [path]
    return sorted(p for p in path.rglob("*.parquet")
                  if p.is_file() and not any(s.startswith(".") for s in p.relative_to(path).parts))


def read_extractions_parquet(path: str | os.PathLike) -> Iterator[Extraction]:
    """Read mentions written as Parquet by ``geo extract`` back as :class:`Extraction` records.

    What :func:`geo.extract.read_extractions_jsonl` gives for the JSONL output, so
    ``geo map`` can draw either: rows are grouped by article in file order, and each
    article's text is re-read from its ``path`` when that file still exists (else it
    is ``""``). Articles without mentions have no rows, so they are not returned.

    Raises
    ------
    InputError
        If ``path`` does not exist or is not mentions Parquet.

    Examples
    --------
    >>> import tempfile
    >>> from geo.extract import extract
    >>> text = "From Kyiv to Lviv."
    >>> out = Path(tempfile.mkdtemp()) / "m.parquet"
    >>> _ = write_parquet([mention_rows([Extraction(Article("a", text), tuple(extract(text)))])], out)
    >>> [(e.article.id, [m.place.name for m in e.mentions]) for e in read_extractions_parquet(out)]
    [('a', ['Kyiv', 'Lviv'])]
    """
    pa = _pyarrow()
    texts = _Texts()
    for file in parquet_files(path):
        try:
            pf = pa.parquet.ParquetFile(file)
        except (OSError, pa.ArrowException) as exc:
            raise InputError(f"cannot read {file} as Parquet: {exc}") from None
        missing = [c for c in COLUMNS if c not in pf.schema_arrow.names]
        if missing:
            raise InputError(f"{file}: not 'geo extract' Parquet (no column {', '.join(missing)})")
        current, mentions = None, []
        for g in range(pf.num_row_groups):
            for row in pf.read_row_group(g, columns=list(COLUMNS)).to_pylist():
                key = (row["article_id"], row["path"])
                if current is not None and key != (current["article_id"], current["path"]):
                    yield _extraction(current, mentions, texts)
                    mentions = []
                current = row
                mentions.append(_mention(row))
        if current is not None:
            yield _extraction(current, mentions, texts)


def _mention(row: dict) -> Mention:
    place = None
    if row["name"] or row["geonameid"]:
        place = Place(row["geonameid"], row["name"], row["lat"], row["lon"], row["country_code"] or "",
                      row["admin1"] or "", row["feature"] or "city", row["population"] or 0)
    return Mention(row["start"], row["end"], row["text"], place, row["score"], row["match"] or "")


def _extraction(row: dict, mentions: list[Mention], texts: _Texts) -> Extraction:
    a = Article(row["article_id"], texts.get(row["path"] or "", row["article_id"]), row["title"] or "",
                row["date"] or "", row["url"] or "", row["path"] or "")
    return Extraction(a, tuple(mentions))


class _Texts:
    """Article texts re-read from their source files, one file kept at a time.

    Rows come grouped by source, so a JSONL of thousands of articles is read once.
    """

    def __init__(self):
        self.path, self.by_id = None, {}

    def get(self, path: str, article_id: str) -> str:
        if path != self.path:
            self.path, self.by_id = path, self._read(path)
        if article_id in self.by_id:
            return self.by_id[article_id]
        # Ids of records are relative to the folder given to `geo extract`, the file's own here.
        head, sep, n = article_id.rpartition("#")
        if sep and f"{Path(path).name}#{n}" in self.by_id:
            return self.by_id[f"{Path(path).name}#{n}"]
        # A file of one article is read under its own name; its id is relative to a folder.
        return next(iter(self.by_id.values())) if len(self.by_id) == 1 else ""

    @staticmethod
    def _read(path: str) -> dict[str, str]:
        from geo.articles import read_article
        from geo.errors import GeoError

        if not path or not Path(path).is_file() or path.endswith(".parquet"):
            return {}
        try:
            return {a.id: a.text for a in read_article(path, on_skip=lambda where, why: None)}
        except GeoError:
            return {}
