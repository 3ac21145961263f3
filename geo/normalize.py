"""Resolve a column of place names in a table to GeoNames places.

:func:`normalize_frame` adds ``geo_*`` columns to a pandas DataFrame; :func:`read_table`
and :func:`write_table` read and write the CSV files ``geo normalize`` works on, with
encoding and delimiter detection and an atomic write.

>>> import pandas as pd
>>> from geo.gazetteer import Gazetteer
>>> df = pd.DataFrame({"place": ["Kharkov", "Kharkov", "nowhere at all", ""], "n": [1, 2, 3, 4]})
>>> out = normalize_frame(df, "place", Gazetteer.default())
>>> out[["place", "geo_name", "geo_geonameid", "geo_match"]].values.tolist()
[['Kharkov', 'Kharkiv', 706483, 'alternate'], ['Kharkov', 'Kharkiv', 706483, 'alternate'],
 ['nowhere at all', '', <NA>, ''], ['', '', <NA>, '']]
"""

from __future__ import annotations

import csv
import io
import os
from collections import Counter
from pathlib import Path

from geo.errors import InputError
from geo.names import fold

__all__ = ["GEO_COLUMNS", "normalize_frame", "read_table", "summarize", "write_table"]

#: The columns :func:`normalize_frame` adds, in order.
GEO_COLUMNS = ("geo_name", "geo_geonameid", "geo_lat", "geo_lon", "geo_country", "geo_admin1", "geo_feature",
               "geo_match", "geo_score")

_DELIMITERS = ",;\t|"


def normalize_frame(df, column: str, gazetteer, country: str | None = None):
    """Return a copy of ``df`` with the place each value of ``column`` resolves to.

    Every row and column of ``df`` is kept in order; the :data:`GEO_COLUMNS` are added
    (or overwritten in place when ``df`` already has them). Rows whose value resolves
    to nothing get empty values. Each distinct value is looked up once.

    Parameters
    ----------
    df : pandas.DataFrame
    column : str
        The column holding place names.
    gazetteer : geo.gazetteer.Gazetteer
        Any object with the ``lookup(name, country=..., limit=...)`` method.
    country : str, optional
        Prefer places in this country (ISO code or name).

    Raises
    ------
    InputError
        If ``column`` is not in ``df`` (the message lists the columns it has) or
        ``country`` is unknown.
    """
    import pandas as pd

    if column not in df.columns:
        have = ", ".join(repr(str(c)) for c in df.columns) or "none"
        raise InputError(f"no column {column!r}; the columns are: {have}")
    values = df[column]
    if isinstance(values, pd.DataFrame):
        raise InputError(f"more than one column is named {column!r}")
    resolved: dict[str, object] = {}
    for value in values.dropna().unique():
        text = str(value).strip()
        if text in resolved or not fold(text):
            continue
        found = gazetteer.lookup(text, country=country, limit=1)
        resolved[text] = found[0] if found else None

    def field(get, empty=""):
        out = []
        for value in values:
            c = resolved.get(str(value).strip()) if not _missing(value) else None
            out.append(get(c) if c is not None else empty)
        return out

    out = df.copy()
    out["geo_name"] = field(lambda c: c.place.name)
    out["geo_geonameid"] = pd.array(field(lambda c: c.place.geonameid or None, None), dtype="Int64")
    out["geo_lat"] = pd.array(field(lambda c: c.place.lat, None), dtype="Float64")
    out["geo_lon"] = pd.array(field(lambda c: c.place.lon, None), dtype="Float64")
    out["geo_country"] = field(lambda c: c.place.country_code)
    out["geo_admin1"] = field(lambda c: c.place.admin1)
    out["geo_feature"] = field(lambda c: c.place.feature)
    out["geo_match"] = field(lambda c: c.match)
    out["geo_score"] = pd.array(field(lambda c: round(c.score, 4), None), dtype="Float64")
    return out


def _missing(value) -> bool:
    try:
        return value is None or value != value  # NaN
    except (TypeError, ValueError):  # pragma: no cover - exotic cell types
        return False


def summarize(df) -> dict:
    """Count rows, resolved and unresolved rows and rows by match kind of a normalized frame.

    Examples
    --------
    >>> import pandas as pd
    >>> summarize(pd.DataFrame({"geo_match": ["exact", "", "fuzzy", "exact"]}))
    {'rows': 4, 'resolved': 3, 'unresolved': 1, 'by_match': {'exact': 2, 'fuzzy': 1}}
    """
    matches = [m for m in df["geo_match"] if m]
    by = Counter(matches)
    return {"rows": len(df), "resolved": len(matches), "unresolved": len(df) - len(matches),
            "by_match": dict(sorted(by.items(), key=lambda kv: (-kv[1], kv[0])))}


def decode(data: bytes, name: str = "input") -> tuple[str, str]:
    r"""Decode the bytes of a text file with geo's one decoder (:mod:`geo.readers.decode`).

    Returns ``(text, encoding)``; a byte-order mark is dropped (the encoding is then
    ``utf-8-sig``).

    Raises
    ------
    InputError
        If the bytes are binary or in no encoding geo reads.

    Examples
    --------
    >>> decode("place\nХарків\n".encode("cp1251"))
    ('place\nХарків\n', 'cp1251')
    >>> decode(b"\xef\xbb\xbfplace\nKyiv\n")[1]
    'utf-8-sig'
    """
    from geo.readers.decode import BINARY, UndecodableError
    from geo.readers.decode import decode as decode_bytes

    try:
        text, encoding = decode_bytes(data)
    except UndecodableError as exc:
        if str(exc) == BINARY:
            raise InputError(f"{name} is a binary file, not CSV text") from None
        raise InputError(f"cannot tell the text encoding of {name}; save it as UTF-8") from None
    return text, {"iso8859-1": "latin-1"}.get(encoding, encoding)


def read_table(path: str | os.PathLike):
    """Read a CSV file into a DataFrame of strings, keeping every cell as written.

    The encoding is detected (:func:`decode`) and the delimiter sniffed among ``, ; tab |``;
    both are kept in ``df.attrs`` (``"encoding"``, ``"delimiter"``) for :func:`write_table`.

    Raises
    ------
    InputError
        If the file is missing, empty, binary, not CSV or in an unknown encoding.
    """
    import pandas as pd

    path = Path(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise InputError(f"{path} is a folder, not a CSV file") from None
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror or exc}") from None
    text, encoding = decode(data, str(path))
    if not text.strip():
        raise InputError(f"{path} is empty")
    delimiter = _sniff(text)
    try:
        df = pd.read_csv(io.StringIO(text), sep=delimiter, dtype=str, keep_default_na=False,
                         na_filter=False, engine="c", skip_blank_lines=True)
    except (pd.errors.ParserError, pd.errors.EmptyDataError, csv.Error, ValueError) as exc:
        detail = " ".join(str(exc).split())
        raise InputError(f"{path} is not a readable CSV file ({detail})") from None
    df.attrs.update(encoding=encoding, delimiter=delimiter)
    return df


def _sniff(text: str) -> str:
    sample = "\n".join(text.splitlines()[:50])
    try:
        return csv.Sniffer().sniff(sample, delimiters=_DELIMITERS).delimiter
    except csv.Error:
        first = text.splitlines()[0] if text else ""
        counts = {d: first.count(d) for d in _DELIMITERS}
        best = max(counts, key=counts.get)
        return best if counts[best] else ","


def write_table(df, path: str | os.PathLike | None = None, stream=None) -> None:
    """Write ``df`` as UTF-8 CSV with the delimiter it was read with.

    To ``path`` atomically (a temporary file in the same folder, then ``os.replace``),
    else to ``stream`` (a text stream such as ``sys.stdout``).

    Cells starting with ``=``, ``+``, ``-`` or ``@`` that are not numbers get a leading
    ``'`` so that a spreadsheet shows them rather than running them as formulas.

    Raises
    ------
    geo.errors.OutputError
        If the file cannot be written; an earlier file at ``path`` is then unchanged.
    """
    from geo.output import AtomicFile, safe_cell

    delimiter = df.attrs.get("delimiter", ",")
    # Cells a spreadsheet would run as formulas get a leading ' (see geo.output.safe_cell).
    import pandas as pd

    text = [i for i, dtype in enumerate(df.dtypes)
            if pd.api.types.is_object_dtype(dtype) or pd.api.types.is_string_dtype(dtype)]
    if text:
        df = df.copy()
        for i in text:  # by position: column names may repeat
            df.isetitem(i, df.iloc[:, i].map(safe_cell))
    if path is None:
        df.to_csv(stream, sep=delimiter, index=False, lineterminator="\n")
        return
    with AtomicFile(path, encoding="utf-8", newline="") as out:
        df.to_csv(out.file, sep=delimiter, index=False, lineterminator="\n")
        out.commit()
