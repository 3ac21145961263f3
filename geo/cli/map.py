"""``geo map``: draw the places articles mention on an interactive HTML map."""

from __future__ import annotations

import click

from geo.cli.options import (
    default_jobs,
    friendly_errors,
    gazetteer_option,
    jobs_option,
    load_gazetteer,
    load_geocoder,
    online_option,
    online_service,
)


@click.command("map")
@click.argument("paths", nargs=-1, type=click.Path(path_type=str))
@click.option(
    "-o",
    "--output",
    default="maps/index.html",
    show_default=True,
    type=click.Path(dir_okay=False, path_type=str),
    help="The map's HTML file; article pages go to articles/ next to it.",
)
@click.option("--title", default=None, help="Title shown in the legend and the browser tab.")
@click.option(
    "--tiles",
    default="CartoDB positron",
    show_default=True,
    help="Base map: an xyzservices provider ('OpenStreetMap.Mapnik', ...), a URL template, or 'none'.",
)
@click.option("--min-score", type=float, default=0.0, show_default=True, help="Drop mentions scored below this.")
@click.option(
    "--countries/--no-countries",
    default=True,
    show_default=True,
    help="Draw countries and provinces (faint and small), or leave them out.",
)
@click.option("--bbox", default=None, metavar="W,S,E,N", help="Keep only places inside this box (degrees).")
@click.option(
    "--within",
    default=None,
    metavar="FILE.geojson",
    type=click.Path(path_type=str),
    help="Keep only places inside the polygons of this GeoJSON file.",
)
@click.option(
    "--links",
    "article_links",
    type=click.Choice(["auto", "local", "url", "none"]),
    default="auto",
    show_default=True,
    help="Where popups link: the article URL when known else a highlighted copy (auto), "
    "always the copy (local), only URLs (url), or nowhere (none).",
)
@click.option("--open", "open_browser", is_flag=True, help="Open the map in a web browser.")
@jobs_option
@gazetteer_option
@online_option
@friendly_errors
def map_command(paths, output, title, tiles, min_score, countries, bbox, within, article_links, open_browser, jobs,
                gazetteer_path, online):
    """Map the places in PATH... (default: seeds).

    PATH may be article files or folders (extracted on the fly), the JSONL written by
    'geo extract', or a CSV of places with lat, lon and name columns (plus optional url,
    title, date, text).

    \b
    Examples:
      geo map seeds -o maps/index.html
      geo extract seeds -o out.jsonl && geo map out.jsonl --no-countries
      geo map places.csv --bbox 22,44,41,53 --tiles OpenStreetMap.Mapnik --open
    """
    from geo.extract import Extractor

    online, paths = online_service(online, paths)
    from geo.mapping import build_map, read_map_inputs

    # Built only when asked for: a map of JSONL or CSV input needs no extractor at all.
    extractor = (Extractor(load_gazetteer(gazetteer_path), online=load_geocoder(online))
                 if (gazetteer_path or online) else None)
    built = build_map(
        read_map_inputs(paths or ("seeds",), extractor=extractor, jobs=default_jobs(jobs)),
        title=title,
        tiles=tiles,
        min_score=min_score,
        countries=countries,
        bbox=bbox,
        within=within,
        article_links=article_links,
    )
    out = built.write(output)
    n_pages = built.n_pages
    click.echo(
        f"Wrote {out}: {built.n_places} places, {built.n_mentions} mentions, {built.n_articles} articles"
        + (f", {n_pages} article pages" if n_pages else ""),
        err=True,
    )
    if not built.n_places:
        click.echo("warning: no places to map (check --min-score, --bbox, --within)", err=True)
    if open_browser:
        import webbrowser

        webbrowser.open(out.resolve().as_uri())
