"""Exceptions raised by geo.

Every error the library raises on purpose derives from :class:`GeoError`, and also from
the builtin exception it means, so callers may catch either. The CLI turns these into
one-line messages with a non-zero exit code.
"""


class GeoError(Exception):
    """Base class for all errors geo raises on purpose."""


class InputError(GeoError, ValueError):
    """Raised when user input is malformed.

    An empty query, a bad option value, a CSV
    without the requested column, a file in an encoding that cannot be decoded.
    """


class PlaceNotFound(GeoError, LookupError):
    """Raised when a place that must exist does not.

    An unknown geonameid passed to
    :meth:`geo.gazetteer.Gazetteer.get`.
    """


class DataError(GeoError, OSError):
    """Raised when gazetteer data cannot be read, built or written.

    A missing or corrupt index, an unreadable GeoNames dump, a full disk.
    """


class GeocoderError(GeoError, OSError):
    """Raised by online geocoders when a service cannot be reached or refuses a query.

    Network down, time-out, rate limit exhausted after retries.
    """


class UnknownSource(GeoError, LookupError):
    """Raised when a gazetteer source or geocoder name is not in the registry."""


class MissingDependency(GeoError, ImportError):
    """Raised when a feature needs an optional package that is not installed.

    The Dask engine and Parquet output need ``pip install "geo-news[dask]"``.
    """


class WorkerError(GeoError, RuntimeError):
    """Raised when the workers of a cluster cannot do their part.

    A worker that cannot load the gazetteer, a scheduler that cannot be reached, a
    partition that kills its worker every time it is tried.
    """


class OutputError(GeoError, OSError):
    """Raised when an output cannot be written.

    Its folder is read-only or missing, its
    path names a folder or goes through a file, it is also an input, or the disk is
    full. Earlier output at that path is left as it was.
    """
