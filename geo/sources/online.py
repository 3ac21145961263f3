"""The shared base of the online geocoders: cache, throttle, retries, circuit breaker.

The offline gazetteer knows cities, regions and most towns, but not every village,
street or facility a news article names. An :class:`OnlineGeocoder` asks an online
service about such names, politely and safely. Each service is a small subclass in a
module of its own (:mod:`geo.sources.nominatim`, :mod:`geo.sources.photon`) that says
only how to ask (:meth:`~OnlineGeocoder.request`) and how to read the answer
(:meth:`~OnlineGeocoder.parse`); this base owns everything else:

* **bounded requests** (:func:`geo.sources.http.get_json`): the whole request, not each
  read, within ``timeout``; answers of at most ``max_bytes``; redirects followed only on
  the configured host;
* **rate limited**: at least ``min_delay_seconds`` between two requests to a server (1 s
  on the public Nominatim, whatever is asked), shared by every geocoder of the process
  talking to that server;
* **retried with exponential backoff** on HTTP 429, 408 and 5xx (honouring
  ``Retry-After``);
* **cached** on disk (:class:`geo.geocache.Geocache`): positive answers for 30 days,
  negative ones for 7, so a name is asked about once;
* **failure-tolerant**: :meth:`~OnlineGeocoder.search` raises
  :class:`~geo.errors.GeocoderError`; :meth:`~OnlineGeocoder.lookup`, the
  :class:`geo.sources.Source` method a run uses, turns that into ``[]`` and one warning.
  An unreachable, silent, refusing or garbling server trips a *circuit breaker* that
  stops all further requests to it for the rest of the process (cached answers are still
  served), so 500 names never wait for 500 time-outs; a bad answer about one name
  (HTTP 400, a result without usable coordinates) leaves only that name unresolved;
* **identifying**: the User-Agent names the project (``GEO_USER_AGENT`` overrides it),
  as the Nominatim usage policy requires.

Places from online geocoders have ``geonameid == 0``, ``source`` set to the service and
``source_id`` to the service's id for the place (``"osm:node/123"``); candidates have
``match == "online:<service>"`` and a score below 0.9, so a good offline match wins.

Examples
--------
>>> import tempfile
>>> from geo.sources import get_source
>>> g = get_source("nominatim", cache=tempfile.mkdtemp())
>>> g.name, g.attribution, g.url
('nominatim', '© OpenStreetMap contributors, ODbL 1.0', 'https://nominatim.openstreetmap.org/search')
>>> g.user_agent.startswith("geo-news/")
True
"""

from __future__ import annotations

import dataclasses
import logging
import math
import os
import sys
import time
import warnings
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import ClassVar
from urllib.parse import urlencode

from geo import settings
from geo.errors import GeocoderError, InputError
from geo.geocache import Geocache, normalize_query
from geo.records import Candidate
from geo.sources import http
from geo.sources.endpoint import endpoint, reset_circuit_breakers

__all__ = [
    "MAX_ANSWER_BYTES",
    "OnlineGeocoder",
    "OnlineWarning",
    "QueryFailed",
    "ServiceDown",
    "default_user_agent",
    "geocode_missing",
    "reset_circuit_breakers",
]

log = logging.getLogger(__name__)

#: Scores of online candidates stay below this, under good offline matches.
MAX_SCORE = 0.89
#: Longest wait between retries, in seconds, whatever ``Retry-After`` says.
MAX_ERROR_WAIT = 60.0
#: Unusable answers in a row (wrong shape, no usable place) that switch a server off.
MAX_BAD_ANSWERS = 3
#: Largest answer read (a geocoder's answer to one name is a few kilobytes).
MAX_ANSWER_BYTES = 2 * 1024 * 1024
_RETRIED = frozenset({408, 429, 500, 502, 503, 504})
_PACKAGE = str(Path(__file__).resolve().parent)


class OnlineWarning(UserWarning):
    """Warned when an online geocoder fails.

    Once when a server is switched off for the run, once per name it could not answer.
    """


class QueryFailed(GeocoderError):
    """Raised by :meth:`OnlineGeocoder.search` when one query failed.

    HTTP 400, or an answer with no usable place; other names may still be asked.
    """


class ServiceDown(GeocoderError):
    """Raised by :meth:`OnlineGeocoder.search` when the server is switched off for the run.

    It was unreachable, silent, refusing, garbling its answers, or retries were
    exhausted: its circuit breaker is open. ``first`` is True on the failure that
    opened it.
    """

    def __init__(self, message: str, first: bool = False):
        super().__init__(message)
        self.first = first


def default_user_agent() -> str:
    """Return the User-Agent sent unless ``user_agent`` or ``GEO_USER_AGENT`` says otherwise.

    Examples
    --------
    >>> default_user_agent()
    'geo-news/... (+https://pypi.org/project/geo-news/)'
    """
    from geo import __version__

    return f"geo-news/{__version__} (+https://pypi.org/project/geo-news/)"


def valid_point(lat, lon) -> tuple[float, float] | None:
    """Return ``(lat, lon)`` as floats when they are a point on Earth, else None.

    Examples
    --------
    >>> valid_point("48.3", 38), valid_point("nan", 1), valid_point(91, 0), valid_point(None, 1)
    ((48.3, 38.0), None, None, None)
    """
    try:
        la, lo = float(lat), float(lon)
    except (TypeError, ValueError):
        return None
    if not (math.isfinite(la) and math.isfinite(lo) and -90 <= la <= 90 and -180 <= lo <= 180):
        return None
    return la, lo


def answer_score(importance) -> float:
    """Return a service's 0..1 importance as a score below :data:`MAX_SCORE` (0.5 when unknown).

    Examples
    --------
    >>> answer_score(0.41), answer_score(None), answer_score(3)
    (0.41, 0.5, 0.89)
    """
    try:
        value = float(importance)
    except (TypeError, ValueError):
        return 0.5
    if not math.isfinite(value):
        return 0.5
    return min(max(value, 0.0), MAX_SCORE)


def _one_line(text: object, width: int = 400) -> str:
    s = " ".join(str(text).split())
    return s if len(s) <= width else s[: width - 1] + "…"


def _split_url(url: str) -> tuple[str | None, str]:
    url = url.strip().rstrip("/")
    if "://" in url:
        scheme, _, rest = url.partition("://")
        return scheme.lower(), rest
    return None, url


def _is_local(domain: str) -> bool:
    host = domain.split("/")[0].rsplit(":", 1)[0].strip("[]")
    return host in ("localhost", "127.0.0.1", "::1") or host.endswith(".localhost")


def _warn_user(message: str) -> None:
    """Warn an :class:`OnlineWarning` pointing at the caller outside geo.sources."""
    frame, level = sys._getframe(0), 1  # stacklevel 1 is this frame
    while frame is not None and frame.f_code.co_filename.startswith(_PACKAGE):
        frame, level = frame.f_back, level + 1
    warnings.warn(message, OnlineWarning, stacklevel=level)


class OnlineGeocoder:
    """The base of online geocoders (each a :class:`geo.sources.Source`).

    Subclasses set the class attributes and implement :meth:`request` and :meth:`parse`.

    Parameters
    ----------
    user_agent : str, optional
        Sent with every request; default env ``GEO_USER_AGENT``, else
        :func:`default_user_agent`. The Nominatim policy asks for one that identifies
        the application.
    domain : str, optional
        ``[scheme://]host[:port][/path]`` of the server; default the environment variable
        :attr:`env_url` (``GEO_NOMINATIM_URL``...), else the public instance.
    scheme : {"https", "http"}, optional
        Default: the scheme given with the domain, ``http`` for ``localhost`` servers,
        else ``https``.
    timeout : float
        Seconds for a whole request: connecting, the answer and any redirects.
    min_delay_seconds : float
        Least time between two requests to the server (at least
        :attr:`public_min_delay` on the public instance, whatever is passed).
    max_retries : int
        Retries after HTTP 429 / 408 / 5xx answers; the waits start at
        ``error_wait_seconds`` and double each time (or follow ``Retry-After``).
    error_wait_seconds : float
        First wait after an error (at least ``min_delay_seconds``).
    cache : Geocache, str, path, None or False
        Where answers are cached: ``None`` (default) for the default
        :class:`~geo.geocache.Geocache`, a Geocache or a path, or ``False`` for none.
    cache_ttl_days, negative_ttl_days : float
        How long positive and negative answers stay valid.
    max_bytes : int
        Largest answer read (default :data:`MAX_ANSWER_BYTES`).
    on_warning : callable, optional
        Called with each one-line warning instead of :func:`warnings.warn` (the CLI
        prints them as ``geo: ...``).

    Raises
    ------
    geo.errors.InputError
        For a URL scheme other than http or https.
    """

    #: Short name used on the command line and in ``Candidate.match`` ("online:<name>").
    name: ClassVar[str] = ""
    #: Credit due wherever its places are shown, and where the licence is.
    attribution: ClassVar[str] = ""
    attribution_url: ClassVar[str] = ""
    #: Host of the public instance, path of its search endpoint, env variable of another server.
    default_domain: ClassVar[str] = ""
    path: ClassVar[str] = ""
    env_url: ClassVar[str] = ""
    #: The usage policy of the public instance.
    policy: ClassVar[str] = ""
    #: Least delay between requests to the public instance.
    public_min_delay: ClassVar[float] = 0.0

    def __init__(
        self,
        *,
        user_agent: str | None = None,
        domain: str | None = None,
        scheme: str | None = None,
        timeout: float = 10,
        min_delay_seconds: float = 1.0,
        max_retries: int = 3,
        error_wait_seconds: float = 2.0,
        cache: Geocache | str | os.PathLike | None | bool = None,
        cache_ttl_days: float = 30,
        negative_ttl_days: float = 7,
        max_bytes: int = MAX_ANSWER_BYTES,
        on_warning: Callable[[str], None] | None = None,
    ):
        given_scheme, domain = _split_url(domain or settings.service_url(self.env_url) or self.default_domain)
        scheme = (scheme or given_scheme or ("http" if _is_local(domain) else "https")).lower()
        if scheme not in ("http", "https"):
            raise InputError(f"unsupported URL scheme {scheme!r} for {self.name}; use http or https")
        if domain == self.default_domain:
            min_delay_seconds = max(min_delay_seconds, self.public_min_delay)  # the usage policy's limit
        self.domain = domain
        self.scheme = scheme
        self.timeout = float(timeout)
        self.min_delay_seconds = float(min_delay_seconds)
        self.max_retries = int(max_retries)
        self.error_wait_seconds = max(float(error_wait_seconds), self.min_delay_seconds)
        self.max_bytes = int(max_bytes)
        self.user_agent = user_agent or settings.user_agent() or default_user_agent()
        self.cache_ttl_days = cache_ttl_days
        self.negative_ttl_days = negative_ttl_days
        self.on_warning = on_warning or _warn_user
        if cache is False:
            self.cache = None
        elif cache is None or cache is True:
            self.cache = Geocache()
        elif isinstance(cache, Geocache):
            self.cache = cache
        else:
            self.cache = Geocache(cache)
        # Answers of the public instance are keyed by the service name alone; those of
        # other servers also by their address.
        self._cache_service = self.name if domain == self.default_domain else f"{self.name}@{domain}"
        self._endpoint = endpoint((self.name, scheme, domain))

    def __repr__(self) -> str:
        return f"{type(self).__name__}(url={self.url!r})"

    @property
    def url(self) -> str:
        """The search URL requests go to."""
        return f"{self.scheme}://{self.domain}{self.path}"

    @property
    def available(self) -> bool:
        """False once the circuit breaker has switched this server off for the process."""
        return self._endpoint.broken is None

    # -- what each service says ----------------------------------------------------

    def request(self, query: str, country: str, limit: int) -> dict[str, object]:
        """Return the query parameters that ask the service about ``query``."""
        raise NotImplementedError

    def parse(self, answer: object, query: str, country: str) -> list[Candidate]:
        """Turn the service's JSON answer into candidates, best first.

        Results without a usable place are dropped; an answer of the wrong shape
        raises :class:`geo.sources.http.BadAnswer`.
        """
        raise NotImplementedError

    # -- asking --------------------------------------------------------------------

    def _get(self, params: dict) -> object:
        """One request, throttled; raises the errors of :func:`geo.sources.http.get_json`."""
        self._endpoint.wait_turn(self.min_delay_seconds)
        try:
            return http.get_json(f"{self.url}?{urlencode(params)}", headers={"User-Agent": self.user_agent},
                                 timeout=self.timeout, max_bytes=self.max_bytes)
        finally:
            self._endpoint.done()

    def _down(self, reason: str) -> ServiceDown:
        first = self._endpoint.trip(reason)
        return ServiceDown(f"online geocoding with {self.name} at {self.scheme}://{self.domain} failed ({reason}); "
                           "no more requests will be sent to it in this run", first=first)

    def _fetch(self, query: str, country: str, limit: int) -> object:
        """Return the service's answer, retried with backoff on 429 / 408 / 5xx."""
        wait = self.error_wait_seconds
        for attempt in range(self.max_retries + 1):
            if self._endpoint.broken is not None:
                raise ServiceDown(f"{self.name} is switched off for this run ({self._endpoint.broken})")
            try:
                return self._get(self.request(query, country, limit))
            except http.HTTPStatusError as exc:
                if exc.status == 400:
                    raise QueryFailed(f"{self.name} rejected {query!r} (HTTP 400)") from None
                if exc.status not in _RETRIED:
                    raise self._down(f"HTTP {exc.status}") from None
                if attempt == self.max_retries:
                    what = "rate limited (HTTP 429)" if exc.status == 429 else f"HTTP {exc.status}"
                    raise self._down(f"{what}, {self.max_retries} retries exhausted") from None
                log.debug("%s: HTTP %s, retrying in %.1f s", self.name, exc.status, wait)
                time.sleep(min(max(wait, exc.retry_after or 0.0), max(MAX_ERROR_WAIT, self.min_delay_seconds)))
                wait *= 2
            except GeocoderError as exc:  # unreachable, timed out, closed, garbled
                raise self._down(str(exc)) from None
        raise AssertionError("unreachable")  # pragma: no cover

    def search(self, name: str, country: str | None = None, limit: int = 1) -> list[Candidate]:
        """Return up to ``limit`` candidates for ``name``, best first, or raise.

        Like :meth:`lookup`, but failures raise instead of warning.

        Raises
        ------
        geo.sources.online.QueryFailed
            If the service could not answer this name (a :class:`~geo.errors.GeocoderError`).
        geo.sources.online.ServiceDown
            If the service is switched off for the run (a :class:`~geo.errors.GeocoderError`).
        geo.errors.InputError
            If ``country`` is not a known country code or name.
        geo.errors.DataError
            If the cache file is corrupt (run ``geo cache clear``).
        """
        query = " ".join((name or "").split())
        if not query:
            return []
        limit = max(1, int(limit))
        cc = _country_code(country)
        if self.cache is not None:
            hit = self.cache.get(self._cache_service, query, cc, limit)
            if hit is not None:
                return [dataclasses.replace(c, matched=query) for c in hit]
        answer = self._fetch(query, cc, limit)
        try:
            found = self.parse(answer, query, cc)
            if not found and _has_results(answer):
                raise http.BadAnswer("no usable place: no name or coordinates")
        except http.BadAnswer as exc:
            # One odd answer costs only its name; a server that keeps answering so is
            # not speaking the service's API and is switched off.
            if self._endpoint.garbled() >= MAX_BAD_ANSWERS:
                raise self._down(f"{MAX_BAD_ANSWERS} unusable answers in a row, the last: {exc}") from None
            raise QueryFailed(f"{self.name} gave an unusable answer about {query!r} ({exc}); left unresolved") from None
        self._endpoint.understood()
        found = found[:limit]
        if self.cache is not None:
            self.cache.put(self._cache_service, query, found, cc, limit,
                           ttl_days=self.cache_ttl_days if found else self.negative_ttl_days)
        return found

    def lookup(self, name: str, country: str | None = None, limit: int = 1) -> list[Candidate]:
        """Return up to ``limit`` candidates for ``name``, best first; ``[]`` on failure.

        Answers come from the cache when possible. A failure warns once (see the
        module docstring) and returns ``[]``.

        Parameters
        ----------
        name : str
            The place name, as found in the text.
        country : str, optional
            Country to prefer: ISO 3166-1 code or English name.
        limit : int
            How many candidates to ask for.

        Raises
        ------
        geo.errors.InputError
            If ``country`` is not a known country code or name.
        geo.errors.DataError
            If the cache file is corrupt (run ``geo cache clear``).
        """
        try:
            return self.search(name, country=country, limit=limit)
        except QueryFailed as exc:
            self._warn(str(exc))
        except ServiceDown as exc:
            if exc.first:
                self._warn(str(exc))
        return []

    def _warn(self, message: str) -> None:
        log.debug("%s", message)
        self.on_warning(_one_line(message))


def _country_code(country: str | None) -> str:
    """Return the ISO 3166-1 alpha-2 code of a country given by code or name ("" for none).

    Examples
    --------
    >>> _country_code("ua"), _country_code("Ukraine"), _country_code("UKR"), _country_code(None)
    ('UA', 'UA', 'UA', '')
    """
    text = " ".join((country or "").split())
    if not text:
        return ""
    if len(text) == 2 and text.isalpha():
        return text.upper()
    import pycountry

    try:
        return pycountry.countries.lookup(text).alpha_2
    except LookupError:
        raise InputError(f"unknown country {country!r}; give an ISO code such as UA or a name such as Ukraine"
                         ) from None


def json_type(value: object) -> str:
    """Return the JSON name of a decoded value's type.

    Examples
    --------
    >>> json_type({}), json_type("x"), json_type(None), json_type(1.5)
    ('object', 'string', 'null', 'number')
    """
    names = {dict: "object", list: "array", str: "string", bool: "boolean", type(None): "null"}
    return names.get(type(value), "number")


def _has_results(answer: object) -> bool:
    """Whether a (well-shaped) answer held any result at all."""
    if isinstance(answer, list):
        return bool(answer)
    if isinstance(answer, dict):
        return bool(answer.get("features"))
    return False


def geocode_missing(
    names: Iterable[str], geocoder, country: str | None = None, limit: int = 1
) -> dict[str, list[Candidate]]:
    """Ask ``geocoder`` about names the gazetteer left unresolved, each distinct name once.

    This is the one path from the pipeline to an online geocoder: ``geo lookup
    --online`` and :class:`geo.extract.Extractor` both come through here. Names that
    differ only in case or spacing share one lookup; once the geocoder's circuit
    breaker is open the remaining names get ``[]`` (or cached answers) without waiting.

    Parameters
    ----------
    names : iterable of str
        The names, as found.
    geocoder : Source
        Any source with ``lookup(name, country=, limit=)``.
    country : str, optional
        ISO code to prefer.
    limit : int
        Candidates per name.

    Returns
    -------
    dict
        Each distinct name to its candidates, best first (``[]`` when not found).

    Examples
    --------
    >>> class Fake:
    ...     calls = 0
    ...     def lookup(self, name, country=None, limit=1):
    ...         Fake.calls += 1
    ...         return []
    >>> geocode_missing(["Maiorsk", "maiorsk ", "Maiorsk", ""], Fake())
    {'Maiorsk': [], 'maiorsk ': [], '': []}
    >>> Fake.calls
    1
    """
    out: dict[str, list[Candidate]] = {}
    seen: dict[str, list[Candidate]] = {}
    for name in names:
        if name in out:
            continue
        key = normalize_query(name)
        if key not in seen:
            seen[key] = geocoder.lookup(name, country=country, limit=limit) if key else []
        out[name] = seen[key]
    return out
