"""CSV files: one article per row, read row by row.

The delimiter (``,`` ``;`` tab or ``|``) is the one the header line uses most. Rows are
parsed strictly, so a quote that is opened and never closed does not silently swallow
the rows after it: that row is reported and reading goes on from its next line.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator

from geo.errors import InputError
from geo.readers.article import DEFAULT_FIELDS, Fields, OnSkip, make_article
from geo.readers.source import LineProblem, Peeked, text_lines
from geo.records import Article


class _RowTooBig(Exception):
    """A row longer than the article cap (the csv module's own limit is process-wide)."""


class _Lines:
    """The file's lines for :mod:`csv`.

    Remembers those of the row being read, and takes back lines to read again.
    """

    def __init__(self, lines, cap: int):
        self._it = lines
        self._back: list[tuple[int, str]] = []
        self.taken: list[tuple[int, str]] = []
        self._size, self._cap = 0, cap

    def __iter__(self):
        return self

    def __next__(self) -> str:
        n, line = self._back.pop() if self._back else next(self._it)
        if isinstance(line, LineProblem):
            raise line
        self.taken.append((n, line))
        self._size += len(line)
        if self._size > self._cap:
            raise _RowTooBig()
        return line

    def start_row(self) -> None:
        """Forget the lines of the last row."""
        self.taken, self._size = [], 0

    def give_back(self, lines: list[tuple[int, str]]) -> None:
        self._back.extend(reversed(lines))

    def skip_open_quote(self) -> bool:
        """Read on to the line that closes a quoted cell left open; False if none does."""
        open_ = sum(line.count('"') for _, line in self.taken) % 2
        while open_:
            try:
                _, line = self._back.pop() if self._back else next(self._it)
            except StopIteration:
                return False
            if not isinstance(line, LineProblem):
                open_ = (open_ + line.count('"')) % 2
        self.start_row()
        return True


def read_csv(source: Peeked, ident: str, where: str, fields: Fields, on_skip: OnSkip, cap: int) -> Iterator[Article]:
    """Yield the articles of a CSV file with a header row (``#n`` ids, n counting data rows).

    Raises
    ------
    geo.errors.InputError
        If a column named by ``fields`` is not in the header.
    """
    _allow_fields_up_to(cap)
    lines = _Lines(text_lines(source, cap, csv_ends=True), cap)
    try:
        header_line = next(lines)
    except StopIteration:
        on_skip(where, "empty file, skipped")
        return
    except LineProblem as p:
        on_skip(where, f"no CSV header: line 1 is {p.reason.replace(', skipped', '')}, skipped")
        return
    # Excel in most of Europe writes ';'-separated "CSV"; the header tells which it is.
    delimiter = max(",;\t|", key=header_line.count)
    lines.give_back(lines.taken)
    lines.start_row()
    try:
        header = next(csv.reader(lines, delimiter=delimiter))
    except (StopIteration, csv.Error, _RowTooBig) as exc:
        on_skip(where, f"no CSV header ({exc}), skipped" if str(exc) else "no CSV header, skipped")
        return
    if not any(c.strip() for c in header):
        on_skip(where, "empty file, skipped")
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
    reader = csv.reader(lines, delimiter=delimiter, strict=True)
    while True:
        lines.start_row()
        try:
            row = next(reader)
        except StopIteration:
            return
        except LineProblem as p:
            on_skip(where, f"line {p.lineno}: {p.reason}")
            reader = csv.reader(lines, delimiter=delimiter, strict=True)
            continue
        except (csv.Error, _RowTooBig) as exc:
            taken = lines.taken
            reader = csv.reader(lines, delimiter=delimiter, strict=True)
            if isinstance(exc, _RowTooBig) or "field limit" in str(exc):
                # A cell over the cap: skip to the line its closing quote is on.
                limit = f"a cell over the {cap / (1 << 20):.3g} MB limit (GEO_MAX_ARTICLE_MB)"
                if lines.skip_open_quote():
                    on_skip(where, f"line {taken[0][0]}: {limit}, row skipped")
                    continue
                on_skip(where, f"line {taken[0][0]}: {limit} or a quote never closed, rest of file skipped")
                return
            if len(taken) > 1:
                # A quote opened and never closed ran on into the next lines: read
                # them again as rows of their own.
                on_skip(where, f"line {taken[0][0]}: {exc} (a quote left open?), row skipped")
                lines.give_back(taken[1:])
                continue
            # A stray quote within one line: read that line leniently, as spreadsheets do.
            row = next(csv.reader([line for _, line in taken], delimiter=delimiter), [])
        if not any(c.strip() for c in row):
            continue
        n += 1
        body = cell(row, "text")
        if not body.strip():
            on_skip(where, f"row {n}: empty text, skipped")
            continue
        yield make_article(
            cell(row, "id").strip() or f"{ident}#{n}",
            body,
            where,
            title=cell(row, "title"),
            date=cell(row, "date"),
            url=cell(row, "url"),
        )


def _allow_fields_up_to(cap: int) -> None:
    # The csv module refuses fields over 128 KB by default; an article may be longer.
    if csv.field_size_limit() < cap:
        csv.field_size_limit(cap)


def _column(columns: list[str], names: tuple[str, ...]) -> int | None:
    for name in names:
        if name in columns:
            return columns.index(name)
    lowered = [c.lower() for c in columns]
    for name in names:
        if name.lower() in lowered:
            return lowered.index(name.lower())
    return None
