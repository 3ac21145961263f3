r"""JSON Lines files: one article object per line, read line by line.

Lines end at ``\n`` only: JSON strings may hold U+0085 or U+2028 unescaped, which
``str.splitlines()`` would take for line ends.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

from geo.readers.article import Fields, OnSkip
from geo.readers.json import TOO_DEEP, from_record
from geo.readers.source import LineProblem, Peeked, text_lines
from geo.records import Article


def read_jsonl(source: Peeked, ident: str, where: str, fields: Fields, on_skip: OnSkip,
               cap: int) -> Iterator[Article]:
    """Yield the articles of a JSONL file (``#n`` ids, n the line number); bad lines are skipped."""
    seen = False
    for n, line in text_lines(source, cap):
        label = f"line {n}"
        if isinstance(line, LineProblem):
            seen = True
            on_skip(where, f"{label}: {line.reason}")
            continue
        if not line.strip():
            continue
        seen = True
        try:
            record = json.loads(line)
        except RecursionError:
            on_skip(where, f"{label}: {TOO_DEEP}, skipped")
            continue
        except ValueError:
            on_skip(where, f"{label}: not valid JSON, skipped")
            continue
        article = from_record(record, f"{ident}#{n}", where, fields, on_skip, label)
        if article:
            yield article
    if not seen:
        on_skip(where, "empty file, skipped")
