"""JSON files: one article object, or a list of them, read item by item.

A list is decoded one item at a time from a sliding window of the file, so memory
follows the biggest item, not the file. A single object is read whole, up to the
article size cap.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

from geo.readers.article import Fields, OnSkip, make_article, too_big
from geo.readers.source import Peeked
from geo.records import Article

#: The reason given for JSON nested deeper than Python's parser goes.
TOO_DEEP = "JSON nested too deeply to read (over about 1,000 levels)"


def read_json(source: Peeked, ident: str, where: str, fields: Fields, on_skip: OnSkip, cap: int) -> Iterator[Article]:
    """Yield the articles of a JSON file: an object, or a list of objects (``#n`` ids)."""
    chunks = source.text_chunks()
    buf = ""
    try:
        for chunk in chunks:
            buf += chunk
            if buf.strip():
                break
        buf = buf.lstrip()
        if not buf:
            on_skip(where, "empty file, skipped")
            return
        if buf[0] == "[":
            yield from _read_list(buf, chunks, ident, where, fields, on_skip, cap)
            return
        parts, size = [buf], len(buf)
        for chunk in chunks:
            parts.append(chunk)
            size += len(chunk)
            if size > cap:
                on_skip(where, too_big(size, cap) + " (give one article per line as JSONL instead)")
                return
        data = json.loads("".join(parts))
    except UnicodeDecodeError:
        on_skip(where, f"not {source.detected.encoding} text throughout, skipped")
        return
    except RecursionError:
        on_skip(where, TOO_DEEP + ", skipped")
        return
    except ValueError as exc:
        on_skip(where, f"not valid JSON ({_json_problem(exc)}), skipped")
        return
    if isinstance(data, dict):
        article = from_record(data, ident, where, fields, on_skip, "")
        if article:
            yield article
    else:
        on_skip(where, "JSON is neither an object nor a list of objects, skipped")


def _read_list(buf, chunks, ident, where, fields, on_skip, cap) -> Iterator[Article]:
    decoder = json.JSONDecoder()
    pos, n, eof = 1, 0, False

    def more(count: int = 1) -> bool:
        nonlocal buf, pos, eof
        if eof:
            return False
        got = []
        for chunk in chunks:
            got.append(chunk)
            if len(got) >= count:
                break
        else:
            eof = True
        if not got:
            return False
        # Drop what has been decoded: the window holds the current item only.
        buf, pos = buf[pos:] + "".join(got), 0
        return True

    def skip_space() -> str:
        nonlocal pos
        while True:
            while pos < len(buf) and buf[pos] in " \t\r\n":
                pos += 1
            if pos < len(buf) or not more():
                return buf[pos] if pos < len(buf) else ""

    while True:
        c = skip_space()
        if c == "]" and n == 0:
            return
        if n:
            if c == "]":
                return
            if c != ",":
                on_skip(where, f"item {n + 1}: not valid JSON (',' or ']' expected), rest of file skipped")
                return
            pos += 1
            skip_space()
        while True:
            try:
                record, end = decoder.raw_decode(buf, pos)
                # An item running to the end of what has been read may go on (a number).
                if end < len(buf) or not more():
                    break
            except RecursionError:
                on_skip(where, f"item {n + 1}: {TOO_DEEP}, rest of file skipped")
                return
            except ValueError as exc:
                if len(buf) - pos > cap:
                    on_skip(where, f"item {n + 1} is over the {cap / (1 << 20):.3g} MB limit "
                            "(GEO_MAX_ARTICLE_MB), rest of file skipped")
                    return
                # Not decodable yet: maybe the item is only partly read. Read as much
                # again, so a big item costs linear time, not quadratic.
                if not more(max(1, (len(buf) - pos) >> 16)):
                    why = exc.msg if isinstance(exc, json.JSONDecodeError) else "broken"
                    on_skip(where, f"item {n + 1}: not valid JSON ({why}), rest of file skipped")
                    return
        n += 1
        pos = end
        article = from_record(record, f"{ident}#{n}", where, fields, on_skip, f"item {n}")
        if article:
            yield article


def _json_problem(exc: ValueError) -> str:
    if isinstance(exc, json.JSONDecodeError):
        return f"{exc.msg} at line {exc.lineno} column {exc.colno}"
    return str(exc).splitlines()[0] if str(exc) else type(exc).__name__


def _pick(record: dict, names: tuple[str, ...]):
    for name in names:
        value = record.get(name)
        if value not in (None, ""):
            return value
    return None


def from_record(record, default_id: str, where: str, fields: Fields, on_skip: OnSkip,
                label: str) -> Article | None:
    """Return the article of a JSON object, or None (reported to ``on_skip``) if it is none or has no text."""
    prefix = f"{label}: " if label else ""
    if not isinstance(record, dict):
        on_skip(where, f"{prefix}not a JSON object, skipped")
        return None
    text = _pick(record, fields.candidates("text"))
    if not isinstance(text, str) or not text.strip():
        wanted = " or ".join(fields.candidates("text"))
        on_skip(where, f"{prefix}no text in field {wanted}, skipped")
        return None
    rid = _pick(record, fields.candidates("id"))
    return make_article(
        str(rid) if rid is not None else default_id,
        text,
        where,
        title=_pick(record, fields.candidates("title")),
        date=_pick(record, fields.candidates("date")),
        url=_pick(record, fields.candidates("url")),
    )
