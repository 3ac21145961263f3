"""``geo cache``: inspect or empty the cache of online geocoding answers."""

from __future__ import annotations

import json

import click

from geo.cli.options import friendly_errors


def _size(n: int) -> str:
    for unit in ("B", "KiB", "MiB", "GiB"):
        if n < 1024 or unit == "GiB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1024
    return f"{n} B"  # pragma: no cover


@click.group()
def cache():
    """Inspect or empty the cache of online geocoding answers.

    Answers of --online geocoders (Nominatim, Photon) are kept in an SQLite file in
    the user cache directory (env GEO_CACHE_DIR moves it): found places for 30 days,
    names not found for 7.
    """


@cache.command()
@click.option("--json", "as_json", is_flag=True, help="Print the numbers as a JSON object.")
@friendly_errors
def info(as_json):
    """Show where the cache is, how many answers it holds and its size."""
    from geo.geocache import Geocache

    data = Geocache().info()
    if as_json:
        click.echo(json.dumps(data))
        return
    click.echo(f"path:     {data['path']}")
    click.echo(f"entries:  {data['entries']} ({data['positive']} found, {data['negative']} not found,"
               f" {data['expired']} expired)")
    click.echo(f"size:     {_size(data['size_bytes'])}")


@cache.command()
@click.option("--expired", is_flag=True, help="Remove only answers whose lifetime is over.")
@friendly_errors
def clear(expired):
    """Remove cached answers (all of them, or only expired ones).

    A corrupt cache file is deleted.
    """
    from geo.errors import DataError
    from geo.geocache import Geocache

    gc = Geocache()
    try:
        gc.info()
    except DataError as exc:
        if "corrupt" not in str(exc):
            raise
        gc.clear()
        click.echo(f"Deleted the corrupt cache file {gc.path}")
        return
    n = gc.clear(expired_only=expired)
    what = "expired " if expired else ""
    click.echo(f"Removed {n} {what}entr{'y' if n == 1 else 'ies'} from {gc.path}")
