"""Optional online geocoding (Nominatim, Photon) for names the offline gazetteer lacks.

The offline GeoNames gazetteer knows cities, regions and most towns, but not every
village, street or facility a news article names. :class:`OnlineGeocoder` sends such
names to an OpenStreetMap geocoder through geopy, politely and safely:

* **rate limited** with :class:`geopy.extra.rate_limiter.RateLimiter` (1 request per
  second by default, never faster on the public Nominatim), and the limit is shared by
  every geocoder of the process talking to the same server;
* **retried with exponential backoff** on HTTP 429 and 5xx (honouring ``Retry-After``);
* **cached** on disk (:class:`geo.geocache.Geocache`): positive answers for 30 days,
  negative ones for 7, so a name is asked about once;
* **failure-tolerant**: no network, a refused connection, a time-out or exhausted
  retries make :meth:`~OnlineGeocoder.lookup` return ``[]`` with one
  :class:`OnlineWarning`, and a *circuit breaker* then stops all further requests to
  that server for the rest of the process (cached answers are still served), so 500
  names never wait for 500 time-outs;
* **identifying**: the User-Agent names the project (``GEO_USER_AGENT`` overrides it),
  as the Nominatim usage policy requires.

It implements the :class:`geo.sources.Source` protocol, so the registry hands it out:
``geo.sources.get_source("nominatim")``. Places it returns have ``geonameid == 0``,
``source`` set to the service and ``source_id`` to the service's id for the place
(``"osm:node/123"``); candidates have ``match == "online:<service>"`` and a score below
0.9 (derived from the service's "importance"), so a good offline match always wins.

Examples
--------
>>> import tempfile
>>> g = OnlineGeocoder("nominatim", cache=Geocache(tempfile.mkdtemp()))
>>> g.name, g.attribution
('nominatim', '© OpenStreetMap contributors, ODbL 1.0')
>>> g.url
'https://nominatim.openstreetmap.org/search'
>>> g.user_agent.startswith("geo-news/")
True
>>> sorted(SERVICES)
['nominatim', 'photon']
"""

from __future__ import annotations

import dataclasses
import logging
import os
import threading
import time
import warnings
from collections.abc import Iterable
from dataclasses import dataclass

from geopy.exc import (
    GeocoderQueryError,
    GeocoderRateLimited,
    GeocoderServiceError,
    GeopyError,
)
from geopy.extra.rate_limiter import RateLimiter

from geo.errors import InputError, UnknownSource
from geo.geocache import Geocache, normalize_query
from geo.records import Candidate, Place

__all__ = [
    "OnlineGeocoder",
    "OnlineWarning",
    "SERVICES",
    "Service",
    "default_user_agent",
    "geocode_missing",
    "nominatim",
    "photon",
    "reset_circuit_breakers",
]

log = logging.getLogger(__name__)
# RateLimiter logs every retry with a traceback on the "geopy" logger; without a
# handler Python's last-resort handler would print those to stderr. Our own
# OnlineWarning is the one line users see; configure logging to see the details.
logging.getLogger("geopy").addHandler(logging.NullHandler())

OSM_ATTRIBUTION = "© OpenStreetMap contributors, ODbL 1.0"
#: The public Nominatim instance, whose policy allows at most 1 request per second.
PUBLIC_NOMINATIM = "nominatim.openstreetmap.org"
#: Scores of online candidates stay below this, under good offline matches.
MAX_SCORE = 0.89
#: Longest wait between retries, in seconds, whatever ``Retry-After`` says.
MAX_ERROR_WAIT = 60.0


class OnlineWarning(UserWarning):
    """Warned (once) when an online geocoder fails and is switched off for the run."""


@dataclass(frozen=True)
class Service:
    """A supported online geocoding service."""

    name: str
    #: geopy geocoder class name in :mod:`geopy.geocoders`.
    geopy_class: str
    default_domain: str
    #: Environment variable that may hold another server (``[scheme://]host[:port][/path]``).
    env_url: str
    attribution: str
    policy: str


#: Supported services by name.
SERVICES: dict[str, Service] = {
    "nominatim": Service(
        "nominatim", "Nominatim", PUBLIC_NOMINATIM, "GEO_NOMINATIM_URL", OSM_ATTRIBUTION,
        "https://operations.osmfoundation.org/policies/nominatim/",
    ),
    "photon": Service(
        "photon", "Photon", "photon.komoot.io", "GEO_PHOTON_URL", OSM_ATTRIBUTION,
        "https://photon.komoot.io/ (fair use)",
    ),
}


def default_user_agent() -> str:
    """The User-Agent sent unless ``user_agent`` or ``GEO_USER_AGENT`` says otherwise.

    Examples
    --------
    >>> default_user_agent()
    'geo-news/... (+https://pypi.org/project/geo-news/)'
    """
    from geo import __version__

    return f"geo-news/{__version__} (+https://pypi.org/project/geo-news/)"


# -- process-wide state per server: shared throttle and circuit breaker ----------------


class _Endpoint:
    """Throttle and circuit breaker shared by all geocoders talking to one server."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.last_sent: float | None = None
        self.broken: str | None = None  # why the breaker is open

    def wait_turn(self, min_delay: float) -> None:
        with self.lock:
            now = time.monotonic()
            if self.last_sent is not None and now - self.last_sent < min_delay:
                time.sleep(min_delay - (now - self.last_sent))
            self.last_sent = time.monotonic()

    def done(self) -> None:
        """Count the gap from the end of the last request (conservative on slow links)."""
        with self.lock:
            self.last_sent = time.monotonic()


_ENDPOINTS: dict[tuple, _Endpoint] = {}
_ENDPOINTS_LOCK = threading.Lock()


def _endpoint(key: tuple) -> _Endpoint:
    with _ENDPOINTS_LOCK:
        return _ENDPOINTS.setdefault(key, _Endpoint())


def reset_circuit_breakers() -> None:
    """Close every circuit breaker, letting geocoders try their servers again.

    The breakers are process-wide; long-running programs may call this once the
    network is back.
    """
    with _ENDPOINTS_LOCK:
        for ep in _ENDPOINTS.values():
            ep.broken = None


# -- retry with backoff on top of geopy's RateLimiter -----------------------------------


class _BackoffRateLimiter(RateLimiter):
    """geopy's RateLimiter whose wait after an error doubles with every retry and
    honours ``Retry-After`` (capped at :data:`MAX_ERROR_WAIT`).
    """

    def __init__(self, func, *, error_wait_seconds: float, **kw):
        self.failures = 0
        self.retry_after: float | None = None
        self._max_wait = max(MAX_ERROR_WAIT, kw.get("min_delay_seconds", 0.0))
        super().__init__(func, error_wait_seconds=error_wait_seconds, **kw)

    @property
    def error_wait_seconds(self) -> float:  # read by RateLimiter.__call__ between tries
        wait = self._base_wait * 2 ** max(0, self.failures - 1)
        if self.retry_after:
            wait = max(wait, float(self.retry_after))
        return min(max(wait, self.min_delay_seconds), self._max_wait)

    @error_wait_seconds.setter
    def error_wait_seconds(self, value: float) -> None:
        self._base_wait = value


class _Unreachable(Exception):
    """Network-level failure (no route, refused, time-out): not retried, trips the breaker."""


class _Refused(Exception):
    """The server refused us (403, 402, bad answer...): not retried, trips the breaker."""


class _BadQuery(Exception):
    """The server rejected this one query (HTTP 400): only this name fails."""


def _http_status(exc: BaseException) -> int | None:
    return getattr(exc.__cause__, "status_code", None)


def _one_line(text: object, width: int = 160) -> str:
    s = " ".join(str(text).split())
    return s if len(s) <= width else s[: width - 1] + "…"


# -- mapping service answers to Candidates ----------------------------------------------

_CITY = {"city", "town", "village", "hamlet", "suburb", "quarter", "neighbourhood",
         "borough", "locality", "isolated_dwelling", "municipality", "farm", "allotments"}
_WATER_PLACES = {"sea", "ocean"}
_WATER_NATURAL = {"water", "bay", "strait", "spring", "wetland", "glacier", "reef"}
_FACILITY_CLASSES = {"building", "man_made", "military", "aeroway", "amenity", "railway",
                     "highway", "bridge", "tourism", "historic", "office", "shop", "power",
                     "leisure", "craft", "emergency", "barrier", "club", "healthcare"}


def _feature(cls: str, typ: str, admin_level=None, addresstype: str = "", place_rank=None) -> str:
    """Map an OSM ``class``/``type`` (Photon: ``osm_key``/``osm_value``) to a feature.

    Examples
    --------
    >>> _feature("place", "village"), _feature("waterway", "river"), _feature("aeroway", "aerodrome")
    ('city', 'water', 'facility')
    >>> _feature("boundary", "administrative", admin_level="4")
    'admin1'
    >>> _feature("boundary", "administrative", admin_level=2), _feature("boundary", "administrative", 6)
    ('country', 'region')
    >>> _feature("boundary", "administrative", addresstype="state")
    'admin1'
    >>> _feature("natural", "peak")
    'region'
    """
    cls, typ, addresstype = (cls or "").lower(), (typ or "").lower(), (addresstype or "").lower()
    if cls == "place":
        if typ in _CITY:
            return "city"
        if typ == "country":
            return "country"
        if typ in ("state", "province"):
            return "admin1"
        if typ in ("island", "islet", "archipelago"):
            return "island"
        if typ in _WATER_PLACES:
            return "water"
        return "region"
    if cls == "boundary" and typ == "administrative":
        try:
            level = int(admin_level) if admin_level is not None else None
        except (TypeError, ValueError):
            level = None
        if level is None:
            if addresstype == "country" or str(place_rank) == "4":
                level = 2
            elif addresstype in ("state", "province") or str(place_rank) == "8":
                level = 4
        return {2: "country", 4: "admin1"}.get(level, "region")
    if cls == "waterway" or cls == "water" or (cls == "natural" and typ in _WATER_NATURAL):
        return "water"
    if cls == "landuse" and typ in ("reservoir", "basin"):
        return "water"
    if cls in _FACILITY_CLASSES or (cls == "landuse" and typ in ("military", "industrial", "railway")):
        return "facility"
    if addresstype in ("city", "town", "village", "hamlet"):
        return "city"
    return "region"


def _score(importance) -> float:
    try:
        value = float(importance)
    except (TypeError, ValueError):
        return 0.5
    return min(max(value, 0.0), MAX_SCORE)


def _population(extratags) -> int:
    raw = str((extratags or {}).get("population", "")).replace(",", "").replace(" ", "")
    return int(raw) if raw.isdigit() else 0


_OSM_TYPES = {"n": "node", "w": "way", "r": "relation"}


def _osm_id(osm_type, osm_id) -> str:
    if not osm_type or osm_id in (None, ""):
        return ""
    t = str(osm_type).lower()
    return f"osm:{_OSM_TYPES.get(t, t)}/{osm_id}"


def _from_nominatim(raw: dict, query: str, service: str = "nominatim") -> Candidate | None:
    """Turn one Nominatim ``format=json`` result into a candidate.

    Examples
    --------
    >>> raw = {"place_id": 1, "osm_type": "node", "osm_id": 42, "lat": "48.3", "lon": "38.0",
    ...        "class": "place", "type": "town", "importance": 0.41,
    ...        "display_name": "Maiorsk, Donetsk Oblast, Ukraine",
    ...        "address": {"town": "Maiorsk", "state": "Donetsk Oblast", "country_code": "ua"}}
    >>> c = _from_nominatim(raw, "Maiorsk")
    >>> c.place
    Place(geonameid=0, name='Maiorsk', lat=48.3, lon=38.0, country_code='UA', admin1='Donetsk Oblast', feature='city', population=0, source='nominatim', source_id='osm:node/42')
    >>> c.match, c.score
    ('online:nominatim', 0.41)
    """
    try:
        lat, lon = float(raw["lat"]), float(raw["lon"])
    except (KeyError, TypeError, ValueError):
        return None
    address = raw.get("address") or {}
    extratags = raw.get("extratags") or {}
    display = raw.get("display_name") or ""
    name = raw.get("name") or (raw.get("namedetails") or {}).get("name") or display.split(",")[0].strip() or query
    feature = _feature(
        raw.get("class") or raw.get("category") or "", raw.get("type") or "",
        raw.get("admin_level") or extratags.get("admin_level"),
        raw.get("addresstype") or "", raw.get("place_rank"),
    )
    source_id = _osm_id(raw.get("osm_type"), raw.get("osm_id"))
    if not source_id and raw.get("place_id") is not None:
        source_id = f"{service}:{raw['place_id']}"
    admin1 = address.get("state") or address.get("province") or address.get("region") or ""
    place = Place(
        0, name, lat, lon, (address.get("country_code") or "").upper(), admin1, feature,
        _population(extratags), source=service, source_id=source_id,
    )
    return Candidate(place, query, f"online:{service}", _score(raw.get("importance")),
                     (f"{service}: {display or name}",))


def _from_photon(raw: dict, query: str, service: str = "photon") -> Candidate | None:
    """Turn one Photon GeoJSON feature into a candidate.

    Examples
    --------
    >>> raw = {"type": "Feature", "geometry": {"type": "Point", "coordinates": [36.54, 49.87]},
    ...        "properties": {"osm_type": "N", "osm_id": 7, "osm_key": "place", "osm_value": "village",
    ...                       "name": "Kutuzivka", "countrycode": "UA", "state": "Kharkiv Oblast"}}
    >>> c = _from_photon(raw, "Kutuzivka")
    >>> c.place.source_id, c.place.feature, c.place.lat, c.score
    ('osm:node/7', 'city', 49.87, 0.5)
    """
    props = raw.get("properties") or {}
    try:
        lon, lat = (float(v) for v in raw["geometry"]["coordinates"][:2])
    except (KeyError, TypeError, ValueError):
        return None
    name = props.get("name") or props.get("street") or query
    feature = _feature(props.get("osm_key", ""), props.get("osm_value", ""),
                       addresstype=props.get("type", ""))
    place = Place(
        0, name, lat, lon, (props.get("countrycode") or "").upper(), props.get("state") or "",
        feature, _population(props.get("extra")), source=service,
        source_id=_osm_id(props.get("osm_type"), props.get("osm_id")),
    )
    where = ", ".join(props[k] for k in ("name", "city", "state", "country") if props.get(k))
    return Candidate(place, query, f"online:{service}", _score(props.get("importance")),
                     (f"{service}: {where or name}",))


# -- the geocoder -------------------------------------------------------------------------


def _split_url(url: str) -> tuple[str | None, str]:
    url = url.strip().rstrip("/")
    if "://" in url:
        scheme, _, rest = url.partition("://")
        return scheme.lower(), rest
    return None, url


def _adapter_factory():
    """Geopy's HTTP adapter without its own hidden retries.

    geopy's RequestsAdapter lets urllib3 retry failed connections and read time-outs
    twice, which would triple every time-out and every request a struggling server
    sees; our rate limiter does the retrying, with backoff, and only on 429/5xx.
    """
    from geopy import adapters

    if getattr(adapters, "requests_available", False):
        import functools

        return functools.partial(adapters.RequestsAdapter, max_retries=0)
    return None  # geopy's default (URLLibAdapter), which does not retry


def _is_local(domain: str) -> bool:
    host = domain.split("/")[0].rsplit(":", 1)[0].strip("[]")
    return host in ("localhost", "127.0.0.1", "::1") or host.endswith(".localhost")


class OnlineGeocoder:
    """An online geocoder (a :class:`geo.sources.Source`) with rate limit, retries,
    cache and circuit breaker.

    Parameters
    ----------
    service : {"nominatim", "photon"}
        Which service (see :data:`SERVICES`).
    user_agent : str, optional
        Sent with every request; default env ``GEO_USER_AGENT``, else
        :func:`default_user_agent`. The Nominatim policy asks for one that identifies
        the application.
    domain : str, optional
        ``host[:port][/path]`` of the server; default env ``GEO_NOMINATIM_URL`` (or
        ``GEO_PHOTON_URL``, either may include ``http://``), else the public instance.
    scheme : {"https", "http"}, optional
        Default: the scheme given in the env URL, ``http`` for ``localhost`` servers,
        else ``https``.
    timeout : float
        Seconds to wait for an answer.
    min_delay_seconds : float
        Least time between two requests to the server (at least 1 s on the public
        Nominatim, whatever is passed).
    max_retries : int
        Retries after HTTP 429 / 5xx answers; the waits start at
        ``error_wait_seconds`` and double each time (or follow ``Retry-After``).
    error_wait_seconds : float
        First wait after an error (at least ``min_delay_seconds``).
    cache : Geocache, str, path, None or False
        Where answers are cached: ``None`` (default) for the default
        :class:`~geo.geocache.Geocache`, a Geocache or a path, or ``False`` for none.
    cache_ttl_days, negative_ttl_days : float
        How long positive and negative answers stay valid.

    Raises
    ------
    geo.errors.UnknownSource
        For a service that is not in :data:`SERVICES`.
    """

    def __init__(
        self,
        service: str = "nominatim",
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
    ):
        try:
            spec = SERVICES[service]
        except KeyError:
            raise UnknownSource(
                f"unknown online geocoder {service!r}; choose one of: {', '.join(sorted(SERVICES))}"
            ) from None
        env_scheme = None
        if not domain:
            env_scheme, domain = _split_url(os.environ.get(spec.env_url, "")) or (None, "")
        if not domain:
            domain = spec.default_domain
        else:
            given_scheme, domain = _split_url(domain)
            env_scheme = env_scheme or given_scheme
        scheme = (scheme or env_scheme or ("http" if _is_local(domain) else "https")).lower()
        if scheme not in ("http", "https"):
            raise InputError(f"unsupported URL scheme {scheme!r} for {service}; use http or https")
        if domain == PUBLIC_NOMINATIM:
            min_delay_seconds = max(min_delay_seconds, 1.0)  # the usage policy's hard limit

        self.name = spec.name
        self.attribution = spec.attribution
        self.service = spec
        self.domain = domain
        self.scheme = scheme
        self.timeout = timeout
        self.min_delay_seconds = float(min_delay_seconds)
        self.max_retries = int(max_retries)
        self.user_agent = user_agent or os.environ.get("GEO_USER_AGENT") or default_user_agent()
        self.cache_ttl_days = cache_ttl_days
        self.negative_ttl_days = negative_ttl_days
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
        self._cache_service = self.name if domain == spec.default_domain else f"{self.name}@{domain}"

        from geopy import geocoders

        cls = getattr(geocoders, spec.geopy_class)
        self._geocoder = cls(user_agent=self.user_agent, domain=domain, scheme=scheme,
                             timeout=timeout, adapter_factory=_adapter_factory())
        self._limiter = _BackoffRateLimiter(
            self._send,
            min_delay_seconds=self.min_delay_seconds,
            max_retries=self.max_retries,
            error_wait_seconds=max(float(error_wait_seconds), self.min_delay_seconds),
            swallow_exceptions=False,
        )
        self._endpoint = _endpoint((self.name, scheme, domain))

    def __repr__(self) -> str:
        return f"OnlineGeocoder({self.name!r}, url={self.url!r})"

    @property
    def url(self) -> str:
        """The search URL requests go to."""
        return self._geocoder.api

    @property
    def available(self) -> bool:
        """False once the circuit breaker has switched this server off for the process."""
        return self._endpoint.broken is None

    # -- requests ------------------------------------------------------------------

    def _send(self, query: str, country: str, limit: int) -> list:
        """One request (called by the rate limiter, which retries GeocoderServiceError)."""
        if self._endpoint.broken is not None:
            raise _Unreachable(self._endpoint.broken)
        self._endpoint.wait_turn(self.min_delay_seconds)
        try:
            if self.name == "nominatim":
                found = self._geocoder.geocode(
                    query, exactly_one=False, limit=limit, addressdetails=True, extratags=True,
                    country_codes=country.lower() or None,
                )
            else:
                found = self._geocoder.geocode(
                    query, exactly_one=False, limit=min(limit * 3, 50) if country else limit,
                )
        except GeocoderQueryError as exc:
            raise _BadQuery(f"HTTP {_http_status(exc) or 400}: {_one_line(exc)}") from exc
        except GeocoderServiceError as exc:
            status = _http_status(exc)
            if isinstance(exc, GeocoderRateLimited) or status == 408 or (status or 0) >= 500:
                self._limiter.failures += 1
                self._limiter.retry_after = getattr(exc, "retry_after", None)
                raise  # retried by the rate limiter
            if status is None:
                if "timed out" in str(exc).lower() or isinstance(exc, TimeoutError):
                    raise _Unreachable(f"no answer within {self.timeout:g} s") from exc
                if type(exc).__name__ == "GeocoderParseError":
                    raise _Refused("unreadable answer") from exc
                raise _Unreachable("cannot connect") from exc
            raise _Refused(f"HTTP {status}") from exc
        except GeopyError as exc:
            raise _Refused(_one_line(exc)) from exc
        finally:
            self._endpoint.done()
        return [loc.raw for loc in (found or [])]

    def _fetch(self, query: str, country: str, limit: int) -> list | None:
        """Ask the server (rate limited, retried); None after a failure (warned)."""
        self._limiter.failures = 0
        self._limiter.retry_after = None
        try:
            return self._limiter(query, country, limit)
        except _BadQuery as exc:
            self._warn(f"{self.name} rejected {query!r} ({exc})", stacklevel=4)
        except (_Unreachable, _Refused) as exc:
            self._trip(str(exc))
        except GeocoderServiceError as exc:  # retries exhausted
            status = _http_status(exc)
            what = "rate limited (HTTP 429)" if isinstance(exc, GeocoderRateLimited) else (
                f"HTTP {status}" if status else _one_line(exc))
            self._trip(f"{what}, {self.max_retries} retries exhausted")
        return None

    def _trip(self, reason: str) -> None:
        with self._endpoint.lock:
            first = self._endpoint.broken is None
            if first:
                self._endpoint.broken = reason
        if first:
            self._warn(
                stacklevel=5,
                message=f"online geocoding with {self.name} at {self.scheme}://{self.domain} failed "
                f"({reason}); no more requests will be sent to it in this run"
            )

    def _warn(self, message: str, stacklevel: int) -> None:
        # stacklevel points the warning at the code that called lookup()
        log.debug("%s", message)
        warnings.warn(_one_line(message, 400), OnlineWarning, stacklevel=stacklevel)

    # -- the Source API ------------------------------------------------------------

    def lookup(self, name: str, country: str | None = None, limit: int = 1) -> list[Candidate]:
        """Return up to ``limit`` candidates for ``name``, best first.

        Answers come from the cache when possible. Failures never raise: they return
        ``[]`` (see the module docstring).

        Parameters
        ----------
        name : str
            The place name, as found in the text.
        country : str, optional
            ISO 3166-1 alpha-2 code to prefer (Nominatim restricts the search to it
            with ``countrycodes``; Photon results from it are ranked first).
        limit : int
            How many candidates to ask for.

        Raises
        ------
        geo.errors.InputError
            If ``country`` is not a two-letter code.
        geo.errors.DataError
            If the cache file is corrupt (run ``geo cache clear``).
        """
        query = " ".join((name or "").split())
        if not query:
            return []
        limit = max(1, int(limit))
        cc = (country or "").strip().upper()
        if cc and not (len(cc) == 2 and cc.isalpha()):
            raise InputError(f"country bias must be an ISO 3166-1 alpha-2 code, not {country!r}")
        if self.cache is not None:
            hit = self.cache.get(self._cache_service, query, cc, limit)
            if hit is not None:
                return [dataclasses.replace(c, matched=query) for c in hit]
        if self._endpoint.broken is not None:
            return []
        raws = self._fetch(query, cc, limit)
        if raws is None:
            return []
        parse = _from_nominatim if self.name == "nominatim" else _from_photon
        found = [c for c in (parse(r, query, self.name) for r in raws) if c is not None]
        if cc and self.name != "nominatim":
            found.sort(key=lambda c: c.place.country_code != cc)  # stable: keeps service order
        found = found[:limit]
        if self.cache is not None:
            self.cache.put(self._cache_service, query, found, cc, limit,
                           ttl_days=self.cache_ttl_days if found else self.negative_ttl_days)
        return found


def nominatim(**kw) -> OnlineGeocoder:
    """Registry factory: ``OnlineGeocoder("nominatim", **kw)``."""
    return OnlineGeocoder("nominatim", **kw)


def photon(**kw) -> OnlineGeocoder:
    """Registry factory: ``OnlineGeocoder("photon", **kw)``."""
    return OnlineGeocoder("photon", **kw)


def geocode_missing(
    names: Iterable[str], geocoder, country: str | None = None
) -> dict[str, Candidate | None]:
    """Geocode names online, each distinct name once; map each name to its best
    candidate or None.

    Names that differ only in case or spacing share one lookup. Once the geocoder's
    circuit breaker is open the remaining names map to None (or to cached answers)
    without waiting.

    Examples
    --------
    >>> class Fake:
    ...     calls = 0
    ...     def lookup(self, name, country=None, limit=1):
    ...         Fake.calls += 1
    ...         return []
    >>> geocode_missing(["Maiorsk", "maiorsk ", "Maiorsk", ""], Fake())
    {'Maiorsk': None, 'maiorsk ': None, '': None}
    >>> Fake.calls
    1
    """
    out: dict[str, Candidate | None] = {}
    seen: dict[str, Candidate | None] = {}
    for name in names:
        if name in out:
            continue
        key = normalize_query(name)
        if key not in seen:
            found = geocoder.lookup(name, country=country, limit=1) if key else []
            seen[key] = found[0] if found else None
        out[name] = seen[key]
    return out
