"""Bytes from a file or standard input, whole (up to a cap) or as lines of text.

Record files (JSONL, CSV, JSON lists) are read as a stream, so memory does not follow
file size; one-article files are read whole, up to the article size cap.
"""

from __future__ import annotations

import codecs
import io
import re
import sys
from collections.abc import Iterator
from typing import BinaryIO

from geo.readers.decode import SAMPLE, Detected, detect

#: Bytes read at a time from a record file.
CHUNK = 1 << 16


class LineProblem(Exception):
    """A line that cannot be read (too long, undecodable): raised by :func:`text_lines`."""

    def __init__(self, lineno: int, reason: str):
        super().__init__(reason)
        self.lineno, self.reason = lineno, reason


def open_binary(path, whole: bool = False) -> BinaryIO:
    """Open a file, or standard input for ``"-"``, for reading bytes.

    With ``whole``, a file to be read in one go (:func:`read_upto`) is opened
    unbuffered: a buffer would only copy it once more.
    """
    if str(path) == "-":
        buffer = getattr(sys.stdin, "buffer", None)
        if buffer is not None:
            return buffer
        # A replaced sys.stdin (tests, notebooks) may only offer str.
        return io.BytesIO(sys.stdin.read().encode("utf-8"))
    return open(path, "rb", buffering=0 if whole else -1)


def read_upto(fp: BinaryIO, cap: int, size: int = 0) -> bytes:
    """Read at most ``cap + 1`` bytes: more than ``cap`` means the file is over it.

    ``size``, the file's size when known, sizes the first read, so a small file is one
    read of its size rather than one of a megabyte (a buffer that big allocated per file).
    """
    parts, left = [], cap + 1
    step = size + 1 if 0 < size < 1 << 20 else 1 << 20
    while left > 0:
        chunk = fp.read(min(left, step))
        if not chunk:
            break
        parts.append(chunk)
        left -= len(chunk)
        step = 1 << 20
    return parts[0] if len(parts) == 1 else b"".join(parts)


class Peeked:
    """A binary stream with its first bytes read ahead to tell its encoding."""

    def __init__(self, fp: BinaryIO, declared: str | None = None):
        self.fp = fp
        self.head = read_upto(fp, SAMPLE - 1)
        self.complete = len(self.head) < SAMPLE
        self.detected: Detected = detect(self.head, declared, complete=self.complete)

    def chunks(self) -> Iterator[bytes]:
        """Yield the stream's bytes after the byte-order mark, a chunk at a time."""
        yield self.head[self.detected.bom:]
        if self.complete:
            return
        while True:
            chunk = self.fp.read(CHUNK)
            if not chunk:
                return
            yield chunk

    def text_chunks(self) -> Iterator[str]:
        """Yield the decoded text, a chunk at a time.

        Raises
        ------
        UnicodeDecodeError
            Where the bytes stop being text in the detected encoding.
        """
        decoder = codecs.getincrementaldecoder(self.detected.encoding)()
        for chunk in self.chunks():
            text = decoder.decode(chunk)
            if text:
                yield text
        tail = decoder.decode(b"", final=True)
        if tail:
            yield tail


# "\r" alone ends a line too, for CSV (as open(newline="") reads it); "\r\n" is one end.
_LONE_CR = re.compile(r"(?<=\r)(?!\n)")


def text_lines(source: Peeked, cap: int, csv_ends: bool = False) -> Iterator[tuple[int, str | LineProblem]]:
    r"""Yield ``(line number, line)`` with its line end, splitting on ``\n`` only.

    ``str.splitlines()`` would also split on U+0085, U+2028 and the like, which JSON
    strings may hold unescaped. With ``csv_ends`` a lone ``\r`` ends a line too.
    A line longer than ``cap`` bytes, or not text in the file's encoding, comes as a
    :class:`LineProblem` instead; lines go on after it.
    """
    encoding = source.detected.encoding
    # UTF-8 and the single-byte code pages never hold a 0x0A byte inside a character,
    # so lines can be cut as bytes and decoded one at a time: a bad line costs itself.
    if codecs.lookup(encoding).name.startswith(("utf-16", "utf-32")):
        lines = _wide_lines(source, cap)
    else:
        lines = _byte_lines(source, cap)
    lineno = 0
    for raw in lines:
        lineno += 1
        if raw is None:
            yield lineno, LineProblem(
                lineno, f"longer than the {cap / (1 << 20):.3g} MB limit (GEO_MAX_ARTICLE_MB), skipped")
            continue
        if isinstance(raw, LineProblem):
            yield lineno, LineProblem(lineno, raw.reason)
            return
        if isinstance(raw, bytes):
            try:
                raw = raw.decode(encoding)
            except UnicodeDecodeError:
                yield lineno, LineProblem(lineno, f"not {encoding} text like the rest of the file, skipped")
                continue
        if csv_ends and "\r" in raw[:-1]:
            for part in _LONE_CR.split(raw):
                if part:
                    yield lineno, part
        else:
            yield lineno, raw


def _byte_lines(source: Peeked, cap: int) -> Iterator[bytes | None]:
    """Yield lines as bytes (None for one over ``cap``), cut on newlines as they come."""
    pending: list[bytes] = []
    size = 0
    over = False
    for chunk in source.chunks():
        start = 0
        while True:
            end = chunk.find(b"\n", start)
            if end < 0:
                rest = chunk[start:]
                if not over:
                    pending.append(rest)
                    size += len(rest)
                    if size > cap:
                        over, pending, size = True, [], 0
                break
            piece = chunk[start:end + 1]
            if over or size + len(piece) > cap:
                yield None
            else:
                pending.append(piece)
                yield b"".join(pending)
            pending, size, over = [], 0, False
            start = end + 1
    if over:
        yield None
    elif pending and any(pending):
        yield b"".join(pending)


def _wide_lines(source: Peeked, cap: int) -> Iterator[str | LineProblem | None]:
    pending: list[str] = []
    size = 0
    over = False
    try:
        for text in source.text_chunks():
            start = 0
            while True:
                end = text.find("\n", start)
                if end < 0:
                    rest = text[start:]
                    if not over:
                        pending.append(rest)
                        size += len(rest)
                        if 2 * size > cap:
                            over, pending, size = True, [], 0
                    break
                piece = text[start:end + 1]
                if over or 2 * (size + len(piece)) > cap:
                    yield None
                else:
                    pending.append(piece)
                    yield "".join(pending)
                pending, size, over = [], 0, False
                start = end + 1
    except UnicodeDecodeError:
        yield LineProblem(0, f"not {source.detected.encoding} text from here on, rest of file skipped")
        return
    if over:
        yield None
    elif pending and any(pending):
        yield "".join(pending)
