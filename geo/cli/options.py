"""Options and helpers shared by several commands."""

from __future__ import annotations

import functools

import click

from geo.errors import GeoError
from geo.sources import available

gazetteer_option = click.option(
    "--gazetteer",
    "gazetteer_path",
    type=click.Path(file_okay=False, path_type=str),
    envvar="GEO_GAZETTEER",
    default=None,
    help="Directory of a gazetteer built by 'geo gazetteer build' (default: the built-in one; env GEO_GAZETTEER).",
)

country_option = click.option(
    "--country",
    default=None,
    metavar="CC",
    help="Prefer places in this country (ISO code or name).",
)

online_option = click.option(
    "--online",
    "online",
    is_flag=False,
    flag_value="nominatim",
    default=None,
    metavar="[SERVICE]",
    help="Send names the gazetteer leaves unresolved to an online geocoder, one of: "
    f"{', '.join(available('online'))} (nominatim when no SERVICE is given; GEO_NOMINATIM_URL or "
    "GEO_PHOTON_URL for a self-hosted one). Answers are cached.",
)


jobs_option = click.option(
    "-j",
    "--jobs",
    type=click.IntRange(1, 64),
    default=None,
    help="Worker processes for extraction (default: the CPU cores, at most 4).",
)


def default_jobs(jobs: int | None) -> int:
    """Return the ``--jobs`` value, or one worker per core (at most 4) when not given."""
    import os

    return jobs or min(4, os.cpu_count() or 1)


def _say(message: str) -> None:
    click.echo(f"geo: {message}", err=True)


def load_geocoder(online: str | None):
    """Return the online geocoder ``--online`` asked for (from the source registry), or None.

    Its warnings print as one ``geo: ...`` line each on standard error.
    """
    if not online:
        return None
    from geo.sources import get_source

    return get_source(online, on_warning=_say)


def online_service(online: str | None, args: tuple) -> tuple[str | None, tuple]:
    """Split ``--online [SERVICE]`` from the arguments it may have swallowed.

    ``geo lookup --online Maiorsk`` means the default service and the name Maiorsk:
    click cannot tell, so a value that names no service goes back to the arguments.
    """
    if online is None:
        return None, args
    if online in available("online"):
        return online, args
    return "nominatim", (online, *args)


def load_gazetteer(path: str | None):
    """Open the gazetteer the user chose (from the source registry), or the built-in one."""
    from geo.sources import get_source

    return get_source("geonames", path=path) if path else get_source("builtin")


def friendly_errors(func):
    """Turn library errors into one-line click errors (exit code 1, no traceback)."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        try:
            return func(*args, **kwargs)
        except GeoError as exc:
            raise click.ClickException(str(exc)) from None
        except BrokenPipeError:  # e.g. `geo lookup ... | head`
            raise SystemExit(0) from None

    return wrapper
