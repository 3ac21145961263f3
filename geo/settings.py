"""Settings from the environment, and the paths derived from them: read here, and only here.

=================  ==================================================================
``GEO_CACHE_DIR``  Folder for built indexes, text matchers and the online geocoder's
                   cache (``~`` is expanded). Default: the user cache folder
                   (``platformdirs.user_cache_dir("geo-news")``).
``GEO_USER_AGENT`` User-Agent sent to online geocoders.
``REQUESTS_CA_BUNDLE``, ``CURL_CA_BUNDLE``, ``SSL_CERT_FILE``
                   CA certificates that online geocoders' https servers are checked
                   against (as requests reads them). Default: certifi's bundle.
``GEO_<SERVICE>_URL``  Server of an online geocoder (``GEO_NOMINATIM_URL``, ``GEO_PHOTON_URL``):
                   ``[scheme://]host[:port][/path]``. Default: the public instance.
``GEO_BENCHMARKS`` Folder of the benchmark JSONL files (``benchmarks/`` scripts).
``GEO_MAX_ARTICLE_MB`` The size cap of one article read from a file, in MB (default 10;
                   see :mod:`geo.readers`).
=================  ==================================================================

Each function reads the environment when called, so a test (or a long-lived process)
that changes a variable is seen at once.
"""

from __future__ import annotations

import os
from pathlib import Path

__all__ = ["APP_NAME", "CACHE_DIR_ENV", "MAX_ARTICLE_MB_ENV", "USER_AGENT_ENV", "ca_bundle", "cache_dir", "env_path",
           "max_article_mb", "service_url", "user_agent"]

#: The name the user cache folder is kept under.
APP_NAME = "geo-news"
CACHE_DIR_ENV = "GEO_CACHE_DIR"
USER_AGENT_ENV = "GEO_USER_AGENT"
MAX_ARTICLE_MB_ENV = "GEO_MAX_ARTICLE_MB"


def env_path(name: str) -> Path | None:
    """Return the path an environment variable names, ``~`` expanded; None when unset or empty.

    Examples
    --------
    >>> import os
    >>> os.environ["GEO_EXAMPLE_DIR"] = "~/x"
    >>> env_path("GEO_EXAMPLE_DIR") == Path.home() / "x", env_path("GEO_UNSET_EXAMPLE")
    (True, None)
    """
    value = os.environ.get(name, "").strip()
    return Path(value).expanduser() if value else None


def cache_dir() -> Path:
    """Return the folder where indexes, matchers and the geocoding cache are kept.

    ``GEO_CACHE_DIR`` (``~`` expanded) when set, else the user cache folder. Not created
    here: writers create it when they first write.

    Examples
    --------
    >>> import os
    >>> os.environ["GEO_CACHE_DIR"], old = "~/geo-cache", os.environ.get("GEO_CACHE_DIR")
    >>> cache_dir() == Path.home() / "geo-cache"
    True
    >>> if old is None: del os.environ["GEO_CACHE_DIR"]
    ... else: os.environ["GEO_CACHE_DIR"] = old
    """
    env = env_path(CACHE_DIR_ENV)
    if env is not None:
        return env
    from platformdirs import user_cache_dir

    return Path(user_cache_dir(APP_NAME))


def user_agent() -> str | None:
    """Return the User-Agent for online geocoders from ``GEO_USER_AGENT``, or None."""
    return os.environ.get(USER_AGENT_ENV, "").strip() or None


def service_url(variable: str) -> str | None:
    """Return the geocoder server a ``GEO_<SERVICE>_URL`` variable names, or None.

    Examples
    --------
    >>> import os
    >>> os.environ["GEO_EXAMPLE_URL"] = " localhost:8080 "
    >>> service_url("GEO_EXAMPLE_URL"), service_url("GEO_UNSET_EXAMPLE_URL")
    ('localhost:8080', None)
    """
    return os.environ.get(variable, "").strip() or None


def ca_bundle() -> Path | None:
    """Return the CA bundle named by ``REQUESTS_CA_BUNDLE``, ``CURL_CA_BUNDLE`` or ``SSL_CERT_FILE``, or None."""
    for name in ("REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE", "SSL_CERT_FILE"):
        path = env_path(name)
        if path is not None:
            return path
    return None


def max_article_mb() -> str | None:
    """Return ``GEO_MAX_ARTICLE_MB`` as set (checked by :func:`geo.readers.article.max_article_bytes`), or None."""
    return os.environ.get(MAX_ARTICLE_MB_ENV, "").strip() or None


def data_dir() -> Path:
    """Return the folder of the built-in supplement files.

    In an installed wheel the files ship inside the package (``geo/_data/gazetteer``);
    in a source checkout they are read from ``data/gazetteer/`` at the repository root.
    """
    packaged = Path(__file__).parent / "_data" / "gazetteer"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parent.parent / "data" / "gazetteer"
