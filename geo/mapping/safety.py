r"""Making untrusted text safe for the page: JSON in a script element, links, file names.

Everything taken from an article (text, title, URL, date) or a place record is untrusted.
On the Python side it is escaped by autoescaping Jinja templates or embedded as JSON
whose ``<``, ``>`` and ``&`` are ``\u`` escapes; in the browser it is shown with
``textContent``; links are kept only when they are http(s) or relative.
"""

from __future__ import annotations

import hashlib
import json
import re
from typing import Any

__all__ = ["js_json", "safe_url", "safe_name", "clip"]

_SLUG_BAD = re.compile(r"[^A-Za-z0-9_-]+")
_URL_OK = re.compile(r"https?://[^\s\x00-\x1f\x7f<>\"'`\\]+", re.IGNORECASE)


def js_json(obj: Any) -> str:
    r"""Serialise ``obj`` as JSON that is safe inside an HTML ``<script>`` element.

    ``<``, ``>``, ``&`` and ``'`` are written as ``\\u`` escapes, so no string in the
    data can close the script or start a tag (or a comment), whatever it contains.

    Examples
    --------
    >>> js_json({"t": "</script><img src=x>"}) == '{"t":"\\u003c/script\\u003e\\u003cimg src=x\\u003e"}'
    True
    """
    s = json.dumps(obj, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return (
        s.replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
        .replace("'", "\\u0027")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )


def clip(s: str, n: int) -> str:
    """Collapse whitespace and cut ``s`` to ``n`` characters (an ellipsis marks the cut).

    Examples
    --------
    >>> clip("  a   long   title ", 7)
    'a long…'
    """
    s = " ".join(s.split())
    return s if len(s) <= n else s[: n - 1].rstrip() + "…"


def safe_url(url: str | None) -> str | None:
    """Return ``url`` if it is a plain absolute http(s) URL, else ``None``.

    Examples
    --------
    >>> safe_url("https://kyivindependent.com/news?id=1")
    'https://kyivindependent.com/news?id=1'
    >>> safe_url("javascript:alert(1)") is None, safe_url("  ") is None
    (True, True)
    >>> safe_url("http://x.org/a b") is None
    True
    """
    if not url:
        return None
    url = url.strip()
    if not _URL_OK.fullmatch(url):
        return None
    from urllib.parse import urlsplit

    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return None
    return url


def safe_name(article_id: str, *, max_len: int = 60) -> str:
    """Return a file name stem for an article: a slug of its id plus a short hash.

    The result has only ``[A-Za-z0-9_-]`` (no path separators, no ``..``), at most
    ``max_len + 9`` characters, and differs for different ids.

    Examples
    --------
    >>> safe_name("000_fdaf78911eb850d2.txt")
    '000_fdaf78911eb850d2-txt-...'
    >>> "/" in safe_name("../../etc/passwd"), safe_name("../../etc/passwd").startswith("etc-")
    (False, True)
    >>> len(safe_name("x" * 500)) <= 69
    True
    """
    digest = hashlib.sha1(article_id.encode("utf-8", "surrogatepass")).hexdigest()[:8]
    slug = _SLUG_BAD.sub("-", article_id).strip("-_")[:max_len].strip("-_")
    return f"{slug}-{digest}" if slug else f"article-{digest}"
