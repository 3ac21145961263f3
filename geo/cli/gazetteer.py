"""``geo gazetteer``: build a gazetteer index and show what is loaded."""

from __future__ import annotations

import json
import time

import click

from geo.cli.options import friendly_errors, gazetteer_option, load_gazetteer


@click.group()
def gazetteer():
    """Build gazetteer indexes and show what a gazetteer holds.

    The built-in gazetteer (GeoNames places of 500+ people, admin-1 areas, countries)
    is built once into the user cache (env GEO_CACHE_DIR moves it); it holds Ukraine's
    villages too. For villages elsewhere, rivers or every district, download GeoNames
    dumps from https://download.geonames.org/export/dump/ (--geonames) or postal-code
    dumps from https://download.geonames.org/export/zip/ (--postal) and build your own.
    """


def _say(msg: str) -> None:
    click.echo(f"geo: {msg}", err=True)


@gazetteer.command()
@click.option("--geonames", "geonames", multiple=True, metavar="FILE",
              type=click.Path(dir_okay=False, path_type=str),
              help="A GeoNames dump (allCountries.txt, UA.zip, cities500.txt, ...); repeat for several.")
@click.option("--postal", "postal", multiple=True, metavar="FILE",
              type=click.Path(dir_okay=False, path_type=str),
              help="A GeoNames postal-code dump (UA.txt or UA.zip from https://download.geonames.org/export/zip/): "
                   "its villages, cleaned of estimated and copied points; repeat for several.")
@click.option("--alternate-names", "alternate_names", default=None, metavar="FILE",
              type=click.Path(dir_okay=False, path_type=str),
              help="alternateNamesV2.txt (or .zip): more names, with their language.")
@click.option("--output", "-o", "out_dir", default=None, metavar="DIR",
              type=click.Path(file_okay=False, path_type=str),
              help="Folder to write gazetteer.sqlite into (use it with --gazetteer DIR).")
@click.option("--no-supplement", "no_supplement", is_flag=True,
              help="Leave out the built-in supplement (Donbas, seas, rivers, ...).")
@click.option("--builtin", is_flag=True, help="Rebuild the built-in index in the user cache instead.")
@friendly_errors
def build(geonames, postal, alternate_names, out_dir, no_supplement, builtin):
    """Build a gazetteer index from GeoNames dumps, or rebuild the built-in one.

    \b
    Examples:
      geo gazetteer build --geonames UA.zip --alternate-names alternateNamesV2.zip -o ua
      geo gazetteer build --postal BY.txt -o by-villages
      geo lookup --gazetteer ua "Mala Rohan"
      geo gazetteer build --builtin
    """
    started = time.perf_counter()
    if builtin:
        if geonames or postal or alternate_names or out_dir:
            raise click.UsageError("--builtin takes no --geonames, --postal, --alternate-names or --output")
        from geo.build import build_builtin
        from geo.gazetteer import default_index_path

        path = build_builtin(default_index_path(), progress=_say)
    else:
        if not geonames and not postal:
            raise click.UsageError("give GeoNames dump files with --geonames FILE or --postal FILE (or --builtin)")
        if not out_dir:
            raise click.UsageError("give the output folder with -o DIR")
        if geonames:
            from geo.dump import build_from_geonames

            path = build_from_geonames(geonames, out_dir, alternate_names=alternate_names, progress=_say,
                                       supplement=not no_supplement, postal=postal)
        else:
            if alternate_names:
                raise click.UsageError("--alternate-names goes with --geonames dumps, not --postal alone")
            from geo.postal import build_from_postal

            path = build_from_postal(postal, out_dir, progress=_say, supplement=not no_supplement)
    from geo.gazetteer import Gazetteer

    info = Gazetteer(path).info()
    click.echo(f"Built {path}: {info['places']:,} places, {info['names']:,} names, "
               f"{info['size_mb']} MB in {time.perf_counter() - started:.1f} s")


@gazetteer.command()
@gazetteer_option
@click.option("--json", "as_json", is_flag=True, help="Print the information as a JSON object.")
@friendly_errors
def info(gazetteer_path, as_json):
    """Show the gazetteer in use: path, source, places by feature, names, size."""
    data = load_gazetteer(gazetteer_path).info()
    if as_json:
        click.echo(json.dumps(data, ensure_ascii=False))
        return
    features = ", ".join(f"{k} {v:,}" for k, v in data["features"].items())
    click.echo(f"path:        {data['path']}")
    click.echo(f"source:      {data['source']}")
    click.echo(f"places:      {data['places']:,} ({features})")
    click.echo(f"names:       {data['names']:,}")
    click.echo(f"countries:   {data['countries']:,}")
    click.echo(f"size:        {data['size_mb']} MB")
    click.echo(f"attribution: {data['attribution']}")
