"""Plain text and Markdown: one article per file, its text the decoded file, untouched.

Mention offsets index into the text and must point at the characters a user sees on
opening the file, so nothing is stripped or normalised (a byte-order mark aside).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from geo.readers.article import make_article
from geo.records import Article

_FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?)\r?\n---[ \t]*(?:\r?\n|\Z)", re.S)


def read_text(text: str, ident: str, where: str) -> Iterator[Article]:
    r"""Yield the article of a plain-text file.

    Examples
    --------
    >>> [a] = read_text("[ad_1]\nShelling in Kharkiv\nOn 2024-01-23 ...", "a.txt", "a.txt")
    >>> a.title, a.date
    ('Shelling in Kharkiv', '2024-01-23')
    """
    yield make_article(ident, text, where)


def read_markdown(text: str, ident: str, where: str) -> Iterator[Article]:
    r"""Yield the article of a Markdown file: title and date from YAML front matter if any.

    Examples
    --------
    >>> [a] = read_markdown('---\ntitle: "Kherson"\ndate: 2023-06-07\n---\n# Other\n', "b.md", "b.md")
    >>> a.title, a.date
    ('Kherson', '2023-06-07')
    """
    body, title, date = text, "", ""
    front = _FRONT_MATTER.match(text)
    if front:
        meta = dict(
            (k.strip().lower(), v.strip().strip("\"'"))
            for k, sep, v in (line.partition(":") for line in front.group(1).splitlines())
            if sep
        )
        title, date = meta.get("title", ""), meta.get("date", "")
        body = text[front.end():]
    yield make_article(ident, text, where, title=title, date=date, body=body, markdown=True)
