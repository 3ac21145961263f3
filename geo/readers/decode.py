"""The decoder: bytes in, text out, for every reader and for ``geo normalize``.

News files come in UTF-8 (with or without a byte-order mark), UTF-16/32 (usually with
one, sometimes not), or an old single-byte code page: Windows Cyrillic, KOI8-R/U,
Windows Western or Latin-1. :func:`detect` picks the encoding from the first bytes of a
file, so record files can then be decoded as a stream; :func:`decode` decodes bytes
held whole.
"""

from __future__ import annotations

import codecs
import re
from typing import NamedTuple

from geo.errors import InputError

__all__ = ["BINARY", "SAMPLE", "Detected", "UndecodableError", "decode", "detect"]

#: How many bytes :func:`detect` looks at.
SAMPLE = 1 << 16

# Encodings news files realistically come in besides UTF-8. Letting charset-normalizer
# choose among all it knows picks exotic code pages for short texts.
_ENCODINGS = ["cp1251", "koi8_r", "koi8_u", "cp1252", "latin_1"]

_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    # UTF-32 before UTF-16: the UTF-32-LE mark starts with the UTF-16-LE one.
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

_NUL_SPAN = 8192  # a NUL byte among the first this many bytes: UTF-16/32 or binary

#: The reason given for a file that is not text.
BINARY = "binary file, skipped"
_UNDECODABLE = "binary or undecodable file (not UTF-8, UTF-16, cp1251, koi8-r/u or latin-1), skipped"


class UndecodableError(InputError):
    """Raised by :func:`decode` when bytes are binary or in no encoding geo reads."""


class Detected(NamedTuple):
    """What :func:`detect` found: the codec, the byte-order mark's length, or why not."""

    encoding: str | None
    bom: int = 0
    problem: str = ""


def detect(sample: bytes, declared: str | None = None, complete: bool = True) -> Detected:
    r"""Tell the encoding of a file from its first bytes.

    Parameters
    ----------
    sample : bytes
        The file's first bytes (:data:`SAMPLE` is enough), or all of them.
    declared : str, optional
        An encoding the file names itself (an HTML ``<meta charset>``), tried after UTF-8.
    complete : bool
        Whether ``sample`` is the whole file; when not, a character cut at its end is
        not held against it.

    Returns
    -------
    Detected
        ``encoding`` is None when the bytes are not text; ``problem`` then says why.

    Examples
    --------
    >>> detect("Обстрел Харькова".encode("cp1251")).encoding
    'cp1251'
    >>> detect(codecs.BOM_UTF8 + "Київ".encode("utf-8"))
    Detected(encoding='utf-8', bom=3, problem='')
    >>> detect("Mykolaiv".encode("utf-16-le")).encoding  # no byte-order mark
    'utf-16-le'
    >>> detect(b"\x89PNG\r\n\x1a\n\x00\x00").problem
    'binary file, skipped'
    """
    for bom, encoding in _BOMS:
        if sample.startswith(bom):
            return Detected(encoding, len(bom))
    if b"\x00" in sample[:_NUL_SPAN]:
        wide = _utf16_without_bom(sample, complete)
        return Detected(wide) if wide else Detected(None, 0, BINARY)
    try:
        codecs.getincrementaldecoder("utf-8")().decode(sample, final=complete)
        return Detected("utf-8")
    except UnicodeDecodeError:
        pass
    if declared:
        try:
            codecs.lookup(declared)
            sample.decode(declared)
            return Detected(declared)
        except (UnicodeDecodeError, LookupError):
            pass
    from charset_normalizer import from_bytes  # only needed for the rare non-UTF-8 file

    matches = list(from_bytes(sample, cp_isolation=_ENCODINGS))
    if not matches:
        return Detected(None, 0, _UNDECODABLE)
    # On short texts several code pages score alike ("Café" is also cp1251 "Cafй");
    # a word mixing Latin and Cyrillic letters is the tell of the wrong one.
    texts = [(m.encoding, sample.decode(m.encoding, errors="replace")) for m in matches]
    encoding, text = next(((e, t) for e, t in texts if not _mixes_scripts(t[:8192])), texts[0])
    # latin-1 maps every byte to a character, so a binary file without NULs still
    # "decodes"; control characters give it away.
    head = text[:8192]
    controls = sum(1 for ch in head if (ch < " " and ch not in "\t\n\r\f\v") or "\x7f" <= ch <= "\x9f")
    if controls > max(2, len(head) // 100):
        return Detected(None, 0, BINARY)
    return Detected(encoding)


def decode(data: bytes, declared: str | None = None) -> tuple[str, str]:
    r"""Decode the bytes of a whole text file; return ``(text, encoding)``.

    A byte-order mark is dropped from the text (the encoding then ends in ``-sig`` for
    UTF-8, so a writer may put it back).

    Raises
    ------
    UndecodableError
        If the bytes are binary or in no encoding geo reads; the message says which.

    Examples
    --------
    >>> decode("Обстрел Харькова".encode("cp1251"))
    ('Обстрел Харькова', 'cp1251')
    >>> decode(codecs.BOM_UTF8 + "Київ".encode("utf-8"))
    ('Київ', 'utf-8-sig')
    >>> decode(b"\x89PNG\r\n\x1a\n\x00\x00")
    Traceback (most recent call last):
    ...
    geo.readers.decode.UndecodableError: binary file, skipped
    """
    # Most files are UTF-8 without a byte-order mark: decoded once here, what detect()
    # would conclude after decoding them once to tell (a NUL or a mark goes to detect()).
    if data.find(b"\0", 0, _NUL_SPAN) < 0 and not data.startswith(codecs.BOM_UTF8):
        try:
            return data.decode("utf-8"), "utf-8"
        except UnicodeDecodeError:
            pass
    found = detect(data, declared)
    if found.encoding is None:
        raise UndecodableError(found.problem)
    try:
        text = data[found.bom:].decode(found.encoding)
    except UnicodeDecodeError:
        raise UndecodableError(_UNDECODABLE) from None
    name = codecs.lookup(found.encoding).name
    return text, ("utf-8-sig" if found.bom and name == "utf-8" else name)


def _utf16_without_bom(sample: bytes, complete: bool) -> str | None:
    # Text in UTF-16 has a NUL in every other byte for ASCII letters; which half holds
    # them tells the byte order. Binary files have NULs too, but not in that pattern.
    head = sample[:8192]
    head = head[: len(head) - len(head) % 2]
    if len(head) < 4:
        return None
    even, odd = head[0::2], head[1::2]
    half = len(head) // 2
    order = "utf-16-le" if odd.count(0) > even.count(0) else "utf-16-be"
    zeros = max(odd.count(0), even.count(0))
    if zeros < half * 0.3 or min(odd.count(0), even.count(0)) > half * 0.1:
        return None
    try:
        text = codecs.getincrementaldecoder(order)().decode(sample, final=complete)
    except UnicodeDecodeError:
        return None
    controls = sum(1 for ch in text[:4096] if ch < " " and ch not in "\t\n\r\f\v")
    return order if controls <= max(2, len(text[:4096]) // 100) else None


_WORD = re.compile(r"[^\W\d_]+")
_LATIN = re.compile(r"[A-Za-z\u00c0-\u024f]")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")


def _mixes_scripts(text: str) -> bool:
    return any(_LATIN.search(w) and _CYRILLIC.search(w) for w in _WORD.findall(text))
