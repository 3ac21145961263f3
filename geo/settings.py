"""Settings from the environment, and the paths derived from them: read here, and only here.

=================  ==================================================================
``GEO_CACHE_DIR``  Folder for built indexes, text matchers and the online geocoder's
                   cache (``~`` is expanded). Default: the user cache folder
                   (``platformdirs.user_cache_dir("geo-news")``).
``GEO_USER_AGENT`` User-Agent sent to online geocoders.
``GEO_BENCHMARKS`` Folder of the benchmark JSONL files (``benchmarks/`` scripts).
=================  ==================================================================

Each function reads the environment when called, so a test (or a long-lived process)
that changes a variable is seen at once.
"""

from __future__ import annotations

import os
from pathlib import Path

__all__ = ["APP_NAME", "CACHE_DIR_ENV", "USER_AGENT_ENV", "cache_dir", "env_path", "user_agent"]

#: The name the user cache folder is kept under.
APP_NAME = "geo-news"
CACHE_DIR_ENV = "GEO_CACHE_DIR"
USER_AGENT_ENV = "GEO_USER_AGENT"


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
