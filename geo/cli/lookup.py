"""``geo lookup``: place names to places, from arguments or standard input."""

from __future__ import annotations

import json
import sys

import click

from geo.cli.options import (
    country_option,
    friendly_errors,
    gazetteer_option,
    load_gazetteer,
    load_geocoder,
    online_option,
    online_service,
)


@click.command()
@click.argument("names", nargs=-1)
@country_option
@click.option("--limit", default=5, show_default=True, type=click.IntRange(1, 100), help="Candidates to show per name.")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per name per line.")
@click.option("--explain", is_flag=True, help="Say why the best candidate won over the runners-up.")
@click.option("--no-fuzzy", is_flag=True, help="Exact and transliterated matches only, no typo tolerance.")
@gazetteer_option
@online_option
@friendly_errors
def lookup(names, country, limit, as_json, explain, no_fuzzy, gazetteer_path, online):
    """Resolve place NAMES (any spelling or script) to GeoNames places.

    With no NAMES, reads one name per line from standard input. Exits with code 1
    when any name is unknown.

    \b
    Examples:
      geo lookup Kharkov Kiev Сєвєродонецьк "Moscow, Idaho"
      geo lookup --json --country UA Popasna < names.txt
    """
    online, names = online_service(online, names)
    gz = load_gazetteer(gazetteer_path)
    if not names:
        if sys.stdin.isatty():
            raise click.UsageError("give place names as arguments, or one per line on standard input")
        names = [line.strip() for line in sys.stdin if line.strip()]
    geocoder = load_geocoder(online)
    missing = 0
    for name in names:
        found = gz.lookup(name, country=country, limit=limit, fuzzy=not no_fuzzy, explain=explain)
        if not found and geocoder is not None:
            from geo.sources.online import geocode_missing

            found = geocode_missing([name], geocoder, country=country, limit=limit)[name]
        if not found:
            missing += 1
        if as_json:
            click.echo(json.dumps(_record(name, found, gz), ensure_ascii=False))
        else:
            _print_table(name, found, explain, gz)
    if missing:
        sys.exit(1)


def _record(name, found, gz) -> dict:
    rec = {"query": name, "best": found[0].to_dict() if found else None,
           "candidates": [c.to_dict() for c in found[1:]]}
    if not found:
        rec["suggestions"] = gz.suggest(name)
    return rec


def _print_table(name, found, explain, gz) -> None:
    if not found:
        hint = gz.suggest(name)
        click.echo(f"{name}: not found" + (f" (did you mean: {', '.join(hint)}?)" if hint else ""))
        click.echo()
        return
    click.secho(name, bold=True)
    for i, c in enumerate(found):
        p = c.place
        where = ", ".join(x for x in (p.admin1, p.country_code) if x and x != p.name)
        mark = "*" if i == 0 else " "
        click.echo(
            f" {mark} {p.name:<28} {where:<30} {p.lat:9.4f} {p.lon:10.4f}  {p.feature:<8} "
            f"pop {p.population:>10,}  {c.match:<14} {c.score:.3f}  id {p.geonameid}"
        )
        if explain:
            for line in c.why:
                click.echo(f"        - {line}")
    if explain and len(found) > 1:
        gap = found[0].score - found[1].score
        click.echo(f"   {found[0].place.name} wins by {gap:.3f} over {found[1].place.name}")
    click.echo()
