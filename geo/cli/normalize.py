"""``geo normalize``: resolve a CSV column of place names to GeoNames places."""

from __future__ import annotations

import contextlib
import sys

import click

from geo.cli.options import country_option, friendly_errors, gazetteer_option, load_gazetteer


@click.command()
@click.argument("file", type=click.Path(dir_okay=True, path_type=str))
@click.option("--column", "-c", required=True, metavar="NAME", help="The column holding place names.")
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=str), default=None,
              help="Write the CSV here (atomically) instead of to standard output.")
@country_option
@gazetteer_option
@friendly_errors
def normalize(file, column, output, country, gazetteer_path):
    """Add the GeoNames place of each row's COLUMN value to a CSV file.

    Every row and column is kept; the columns geo_name, geo_geonameid, geo_lat,
    geo_lon, geo_country, geo_admin1, geo_feature, geo_match and geo_score are added
    (empty where a name resolves to nothing). The encoding (UTF-8, or e.g. Windows
    Cyrillic) and the delimiter are detected; the output is UTF-8 with the input's
    delimiter. A summary goes to standard error.

    \b
    Example:
      geo normalize events.csv --column place --country UA -o events-geo.csv
    """
    from geo.normalize import normalize_frame, read_table, summarize, write_table
    from geo.output import AtomicFile

    # Opened before the work, so an output that cannot be written fails first; it
    # replaces an earlier file only once it is all written.
    target = AtomicFile(output, encoding="utf-8", newline="", inputs=[file]) if output else None
    with target or contextlib.nullcontext():
        df = read_table(file)
        out = normalize_frame(df, column, load_gazetteer(gazetteer_path), country=country)
        out.attrs.update(df.attrs)
        write_table(out, stream=target.file if target else sys.stdout)
        if target:
            target.commit()
    s = summarize(out)
    kinds = ", ".join(f"{k} {n}" for k, n in s["by_match"].items()) or "none"
    click.echo(f"{s['rows']} rows: {s['resolved']} resolved, {s['unresolved']} unresolved (by match: {kinds})"
               + (f"; wrote {output}" if output else ""), err=True)
