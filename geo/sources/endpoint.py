"""Process-wide state per geocoding server: the shared throttle and circuit breaker.

Every geocoder of the process talking to one server (same service, scheme and address)
shares one :class:`Endpoint`, so two geocoders for the public Nominatim still send at
most one request a second between them, and a server switched off for one is off for all.

Examples
--------
>>> ep = endpoint(("example", "http", "127.0.0.1:1"))
>>> ep is endpoint(("example", "http", "127.0.0.1:1")), ep.trip("down"), ep.trip("again"), ep.broken
(True, True, False, 'down')
>>> reset_circuit_breakers(); ep.broken is None
True
"""

from __future__ import annotations

import threading
import time

__all__ = ["Endpoint", "endpoint", "reset_circuit_breakers"]


class Endpoint:
    """Throttle and circuit breaker shared by all geocoders talking to one server."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.last_sent: float | None = None
        self.broken: str | None = None  # why the breaker is open
        self.bad_answers = 0  # unusable answers in a row

    def wait_turn(self, min_delay: float) -> None:
        """Sleep until ``min_delay`` seconds have passed since the last request ended."""
        with self.lock:
            now = time.monotonic()
            if self.last_sent is not None and now - self.last_sent < min_delay:
                time.sleep(min_delay - (now - self.last_sent))
            self.last_sent = time.monotonic()

    def done(self) -> None:
        """Count the gap from the end of the last request (conservative on slow links)."""
        with self.lock:
            self.last_sent = time.monotonic()

    def garbled(self) -> int:
        """Count an unusable answer; return how many came in a row."""
        with self.lock:
            self.bad_answers += 1
            return self.bad_answers

    def understood(self) -> None:
        """Count a usable answer: the run of unusable ones is over."""
        with self.lock:
            self.bad_answers = 0

    def trip(self, reason: str) -> bool:
        """Open the breaker; True when this call opened it."""
        with self.lock:
            first = self.broken is None
            if first:
                self.broken = reason
            return first


_ENDPOINTS: dict[tuple, Endpoint] = {}
_ENDPOINTS_LOCK = threading.Lock()


def endpoint(key: tuple) -> Endpoint:
    """Return the process's one :class:`Endpoint` for ``key`` (service, scheme, address)."""
    with _ENDPOINTS_LOCK:
        return _ENDPOINTS.setdefault(key, Endpoint())


def reset_circuit_breakers() -> None:
    """Close every circuit breaker, letting geocoders try their servers again.

    The breakers are process-wide; long-running programs may call this once the
    network is back.
    """
    with _ENDPOINTS_LOCK:
        for ep in _ENDPOINTS.values():
            ep.broken = None
