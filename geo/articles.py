"""Articles: where they are read, and the dates found in them.

Reading lives in :mod:`geo.readers` (one module per format on a shared walker and
decoder); its public names are importable from here too, as they always were
(``from geo.articles import read_articles``). Dates found in articles are
:mod:`geo.dates`'s (:func:`geo.dates.find_date`, :func:`geo.dates.source_date`).
"""

from __future__ import annotations

import importlib

__all__ = ["ArticleFile", "ArticleStream", "SkippedFile", "iter_article_files", "read_article",  # noqa: F822
           "read_articles"]

# The reading API, imported on first use.
_READERS = {
    "ArticleFile": "geo.readers",
    "ArticleStream": "geo.readers",
    "iter_article_files": "geo.readers",
    "read_article": "geo.readers",
    "read_articles": "geo.readers",
    "EXTENSIONS": "geo.readers",
    "STDIN_ID": "geo.readers",
    "DEFAULT_FIELDS": "geo.readers",
    "SkippedFile": "geo.readers",
}


def __getattr__(name):
    module = _READERS.get(name)
    if module is None:
        raise AttributeError(f"module 'geo.articles' has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)
