"""Coordinates read from files: a point must be on Earth.

Readers of place tables and mention files (``geo map`` reads both) call
:func:`check_point` on every latitude/longitude pair they are given, so an
out-of-range or missing coordinate is reported, not drawn somewhere or dropped.
"""

from __future__ import annotations

import math

from geo.errors import InputError

__all__ = ["check_point", "point_problem"]


def point_problem(lat, lon) -> str:
    """Return why ``(lat, lon)`` is not a point on Earth, or ``""`` when it is one.

    Examples
    --------
    >>> point_problem(49.98, 36.25)
    ''
    >>> point_problem(95, 30), point_problem("nan", 1), point_problem(50, "east")
    ('latitude 95 is outside -90..90', 'latitude is not a number (nan)', "longitude is not a number ('east')")
    """
    for name, value, limit in (("latitude", lat, 90), ("longitude", lon, 180)):
        try:
            number = float(value)
        except (TypeError, ValueError):
            return f"{name} is not a number ({value!r})"
        if not math.isfinite(number):
            return f"{name} is not a number ({value})"
        if not -limit <= number <= limit:
            return f"{name} {value} is outside -{limit}..{limit}"
    return ""


def check_point(lat, lon, where: str = "") -> tuple[float, float]:
    """Return ``(lat, lon)`` as floats.

    Raises
    ------
    geo.errors.InputError
        If either is missing, not a number, NaN or infinite, or out of range; the
        message starts with ``where`` (such as ``"mentions.jsonl:12"``) when given.

    Examples
    --------
    >>> check_point("50.45", 30.52)
    (50.45, 30.52)
    >>> check_point(50.45, 200, "places.csv:3")
    Traceback (most recent call last):
    ...
    geo.errors.InputError: places.csv:3: longitude 200 is outside -180..180
    """
    problem = point_problem(lat, lon)
    if problem:
        raise InputError(f"{where}: {problem}" if where else problem)
    return float(lat), float(lon)
