"""One bounded HTTP GET of a JSON answer, for the online geocoders.

geopy's adapters (and requests) bound each socket read, not the request: a server that
answers one byte every 50 ms holds a 10 s time-out for ever. They follow redirects to
any host and read a body whole whatever its size. :func:`get_json` bounds all three:

* **time**: resolving the name, connecting, sending, the headers, the body and any
  redirects all fit in ``timeout`` seconds; a watchdog hangs up the socket when the
  time is over;
* **size**: at most ``max_bytes`` of body are read (a longer ``Content-Length`` is
  refused before reading);
* **redirects**: followed only to the host first asked (http may become https, never
  the other way round), at most :data:`MAX_REDIRECTS` times.

Proxies set in ``http_proxy`` / ``https_proxy`` (and ``no_proxy``) and CA bundles set in
``REQUESTS_CA_BUNDLE`` / ``SSL_CERT_FILE`` are used as requests uses them.

Failures raise :class:`~geo.errors.GeocoderError` subclasses that say what went wrong,
so the caller can tell a time-out from a closed connection from an HTTP error.

Examples
--------
>>> get_json("ftp://example.org/x", headers={}, timeout=1, max_bytes=10)
Traceback (most recent call last):
...
geo.sources.http.Unreachable: unsupported URL scheme 'ftp'; use http or https
"""

from __future__ import annotations

import functools
import http.client
import json
import socket
import ssl
import threading
import time
import urllib.request
from urllib.parse import urljoin, urlsplit

from geo.errors import GeocoderError

#: Most redirects followed (on the same host) for one request.
MAX_REDIRECTS = 3
_REDIRECTS = (301, 302, 303, 307, 308)
_CHUNK = 64 * 1024


class Unreachable(GeocoderError):
    """Raised when no connection can be made (no route, refused, unknown host)."""


class TimedOut(GeocoderError):
    """Raised when the whole request did not finish within its time limit."""


class ConnectionClosed(GeocoderError):
    """Raised when the server closed the connection before a complete answer."""


class HTTPStatusError(GeocoderError):
    """Raised for an HTTP error status (4xx, 5xx); carries ``status`` and ``retry_after``."""

    def __init__(self, message: str, status: int, retry_after: float | None = None):
        super().__init__(message)
        self.status = status
        self.retry_after = retry_after


class BadAnswer(GeocoderError):
    """Raised when the answer is unusable: not HTTP, not JSON, too big, or redirected off the host."""


def _retry_after(value: str | None) -> float | None:
    try:
        return max(0.0, float(value)) if value else None
    except ValueError:  # an HTTP date: not worth parsing, the backoff applies
        return None


def _origin(url: str) -> tuple[str, str, int]:
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    try:
        port = parts.port
    except ValueError:
        port = None
    return scheme, (parts.hostname or "").lower(), port or (443 if scheme == "https" else 80)


def get_json(url: str, *, headers: dict[str, str], timeout: float, max_bytes: int) -> object:
    """GET ``url`` and return its JSON answer, within the limits of the module docstring.

    Parameters
    ----------
    url : str
        An http or https URL.
    headers : dict
        Request headers (User-Agent...).
    timeout : float
        Seconds for the whole request, redirects included.
    max_bytes : int
        Largest body read.

    Returns
    -------
    object
        The decoded JSON (any JSON value: checking its shape is the caller's job).

    Raises
    ------
    Unreachable, TimedOut, ConnectionClosed, HTTPStatusError, BadAnswer
        All :class:`~geo.errors.GeocoderError`; see their docstrings.
    """
    deadline = time.monotonic() + timeout
    scheme, host, port = _origin(url)
    if scheme not in ("http", "https"):
        raise Unreachable(f"unsupported URL scheme {scheme!r}; use http or https")
    for _ in range(MAX_REDIRECTS + 1):
        status, location, retry_after, body = _get_once(url, headers, deadline, timeout, max_bytes)
        if status in _REDIRECTS and location:
            target = urljoin(url, location)
            t_scheme, t_host, t_port = _origin(target)
            same_host = t_host == host and (t_port == port or t_scheme != scheme)
            if not same_host or t_scheme not in ("http", "https") or (scheme, t_scheme) == ("https", "http"):
                raise BadAnswer(f"redirected to another server ({t_scheme}://{t_host}:{t_port}); not followed")
            url, scheme = target, t_scheme
            continue
        if status >= 400:
            raise HTTPStatusError(f"HTTP {status}", status, retry_after)
        if not 200 <= status < 300:
            raise BadAnswer(f"unexpected HTTP {status}")
        try:
            return json.loads(body)
        except ValueError:  # also UnicodeDecodeError
            raise BadAnswer("unreadable answer (not JSON)") from None
    raise BadAnswer(f"more than {MAX_REDIRECTS} redirects")


def _tls() -> ssl.SSLContext:
    from geo.settings import ca_bundle

    cafile = ca_bundle()
    if cafile is None:
        try:  # the bundle requests uses, where the system's is not wired to Python
            import certifi

            cafile = certifi.where()
        except ImportError:  # pragma: no cover - certifi comes with requests
            return ssl.create_default_context()
    try:
        return ssl.create_default_context(cafile=str(cafile))
    except (OSError, ssl.SSLError) as exc:
        raise Unreachable(f"cannot read the CA certificates {cafile} ({exc.strerror or exc})") from None


def _connection(parts, timeout: float) -> tuple[http.client.HTTPConnection, str]:
    """Return a connection for ``parts`` and the path to ask for.

    Through the proxy of ``http_proxy`` / ``https_proxy``, as requests and urllib do.
    """
    https = parts.scheme.lower() == "https"
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    proxy = urllib.request.getproxies().get(parts.scheme.lower())
    if proxy and not urllib.request.proxy_bypass(parts.hostname or ""):
        via = urlsplit(proxy if "://" in proxy else f"http://{proxy}")
        if https:  # a CONNECT tunnel, TLS inside it
            conn = http.client.HTTPSConnection(via.hostname, via.port or 80, timeout=timeout, context=_tls())
            conn.set_tunnel(parts.hostname, parts.port or 443)
            return conn, path
        # A plain-http proxy takes the whole URL.
        return http.client.HTTPConnection(via.hostname, via.port or 80, timeout=timeout), parts.geturl()
    if https:
        return http.client.HTTPSConnection(parts.hostname, parts.port, timeout=timeout, context=_tls()), path
    return http.client.HTTPConnection(parts.hostname, parts.port, timeout=timeout), path


def _connect_within(deadline: float, address, timeout=None, source_address=None, **_kw) -> socket.socket:
    """Do what :func:`socket.create_connection` does, resolving the name before ``deadline``."""
    host, port = address
    found: list = []

    def resolve() -> None:
        try:
            found.append(socket.getaddrinfo(host, port, type=socket.SOCK_STREAM))
        except OSError as exc:
            found.append(exc)

    resolver = threading.Thread(target=resolve, daemon=True)
    resolver.start()
    resolver.join(max(0.0, deadline - time.monotonic()))
    if not found:
        raise TimeoutError(f"no address for {host} in time")
    if isinstance(found[0], OSError):
        raise found[0]
    error: OSError = OSError(f"no address for {host}")
    for family, kind, proto, _, sockaddr in found[0]:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise TimeoutError(f"no connection to {host} in time")
        sock = socket.socket(family, kind, proto)
        try:
            sock.settimeout(min(remaining, timeout) if isinstance(timeout, (int, float)) else remaining)
            if source_address:
                sock.bind(source_address)
            sock.connect(sockaddr)
            return sock
        except OSError as exc:
            sock.close()
            error = exc
    raise error


def _get_once(url: str, headers: dict, deadline: float, timeout: float, max_bytes: int):
    """One request: (status, Location, Retry-After, body)."""
    parts = urlsplit(url)
    remaining = deadline - time.monotonic()
    if remaining <= 0:
        raise TimedOut(f"no complete answer within {timeout:g} s")
    conn, path = _connection(parts, remaining)
    # Name resolution cannot be interrupted: it gets its own bounded thread.
    conn._create_connection = functools.partial(_connect_within, deadline)
    expired = threading.Event()

    def hang_up() -> None:
        # Wakes a read blocked in any layer (headers, chunked body, TLS) at the deadline.
        expired.set()
        sock = conn.sock
        if sock is not None:
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass

    watchdog = threading.Timer(remaining, hang_up)
    watchdog.daemon = True
    watchdog.start()
    try:
        try:
            conn.connect()
        except TimeoutError:
            raise TimedOut(f"no connection within {timeout:g} s") from None
        except ssl.SSLError as exc:
            raise Unreachable(f"TLS failed ({exc.reason or type(exc).__name__})") from None
        except OSError as exc:
            if expired.is_set():
                raise TimedOut(f"no connection within {timeout:g} s") from None
            raise Unreachable(f"cannot connect ({exc.strerror or type(exc).__name__})") from None
        conn.request("GET", path, headers={**headers, "Accept": "application/json"})
        resp = conn.getresponse()
        status = resp.status
        location, retry_after = resp.getheader("Location"), _retry_after(resp.getheader("Retry-After"))
        if status in _REDIRECTS or status >= 400:
            return status, location, retry_after, b""  # the body is not needed
        if resp.length is not None and resp.length > max_bytes:
            raise BadAnswer(f"answer too large ({resp.length:,} bytes; the limit is {max_bytes:,})")
        body = bytearray()
        while True:
            chunk = resp.read1(_CHUNK)
            if not chunk:
                break
            body += chunk
            if len(body) > max_bytes:
                raise BadAnswer(f"answer too large (over {max_bytes:,} bytes)")
            if time.monotonic() > deadline:
                raise TimedOut(f"no complete answer within {timeout:g} s")
        if expired.is_set():
            raise TimedOut(f"no complete answer within {timeout:g} s")
        if resp.length:  # bytes promised by Content-Length that never came
            raise ConnectionClosed("the server closed the connection in the middle of its answer")
        return status, location, retry_after, bytes(body)
    except GeocoderError:  # ours, raised above (they are OSErrors too)
        raise
    except TimeoutError:
        raise TimedOut(f"no complete answer within {timeout:g} s") from None
    except (http.client.RemoteDisconnected, http.client.IncompleteRead, ConnectionError) as exc:
        if expired.is_set():
            raise TimedOut(f"no complete answer within {timeout:g} s") from None
        what = "before answering" if isinstance(exc, http.client.RemoteDisconnected) else "in the middle of its answer"
        raise ConnectionClosed(f"the server closed the connection {what}") from None
    except http.client.HTTPException as exc:
        if expired.is_set():
            raise TimedOut(f"no complete answer within {timeout:g} s") from None
        raise BadAnswer(f"not an HTTP answer ({type(exc).__name__})") from None
    except OSError as exc:
        if expired.is_set():
            raise TimedOut(f"no complete answer within {timeout:g} s") from None
        raise Unreachable(f"connection failed ({exc.strerror or type(exc).__name__})") from None
    finally:
        watchdog.cancel()
        conn.close()
