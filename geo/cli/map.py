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
    help="Online tiles over the offline country outlines, used when reachable: an xyzservices provider "
    "('OpenStreetMap.Mapnik', ...), a URL template, or 'none'.",
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
@click.option(
    "--self-contained",
    is_flag=True,
    help="Inline Leaflet, the plugins and the styles: one HTML file to mail around (article pages still go to "
    "articles/).",
)
@click.option(
    "--gazetteer-names",
    is_flag=True,
    help="Let search find places by every name the gazetteer knows for JSONL or CSV input too "
    "(always on when articles are extracted).",
)
@click.option("--open", "open_browser", is_flag=True, help="Open the map in a web browser.")
@jobs_option
@gazetteer_option
@online_option
@friendly_errors
def map_command(paths, output, title, tiles, min_score, countries, bbox, within, article_links, self_contained,
                gazetteer_names, open_browser, jobs, gazetteer_path, online):
    """Map the places in PATH... (default: seeds).

    PATH may be article files or folders (extracted on the fly), the JSONL written by
    'geo extract', or a CSV of places with lat, lon and name columns (plus optional url,
    title, date, text).

    \b
    Examples:
      geo map seeds -o maps/index.html
      geo extract seeds -o out.jsonl && geo map out.jsonl --no-countries
      geo map places.csv --bbox 22,44,41,53 --tiles OpenStreetMap.Mapnik --open

    The map works offline: Leaflet and its plugins are written to lib/ next to it
    (or inlined with --self-contained), country outlines are drawn from local data,
    and the online --tiles are used when reachable.
    """
    from geo.extract import Extractor

    online, paths = online_service(online, paths)
    from geo.mapping import build_map, read_map_inputs
    from geo.mapping.inputs import input_kind

    paths = paths or ("seeds",)
    from geo.mapping.build import check_map_output

    check_map_output(output, inputs=paths)  # before the work: a failed write would waste it

    # Built only when asked for: a map of JSONL or CSV input needs no extractor at all.
    gazetteer = load_gazetteer(gazetteer_path) if (gazetteer_path or online) else None
    extractor = Extractor(gazetteer, online=load_geocoder(online)) if gazetteer is not None else None
    built = build_map(
        read_map_inputs(paths, extractor=extractor, jobs=default_jobs(jobs)),
        title=title,
        tiles=tiles,
        min_score=min_score,
        countries=countries,
        bbox=bbox,
        within=within,
        article_links=article_links,
        # the gazetteer is open anyway when articles are extracted; JSONL or CSV asks for it
        names=_names(gazetteer_path, gazetteer) if (
            gazetteer is not None or gazetteer_names or any(input_kind(p) == "articles" for p in paths)) else None,
    )
    out = built.write(output, self_contained=self_contained)
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


def _names(gazetteer_path, gazetteer):
    """Return names(place): every name the gazetteer knows for it, opened on first use."""
    opened = [gazetteer]

    def names(place):
        if opened[0] is None:
            opened[0] = load_gazetteer(gazetteer_path)
        return opened[0].alternate_names(place.geonameid)

    return names
