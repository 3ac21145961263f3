"""``geo extract``: articles in, place mentions out."""

from __future__ import annotations

import contextlib
import os
import sys

import click

from geo.cli.options import (
    default_jobs,
    friendly_errors,
    gazetteer_option,
    jobs_option,
    load_geocoder,
    online_option,
    online_service,
)


@click.command()
@click.argument("paths", nargs=-1)
@click.option("--format", "fmt", type=click.Choice(["jsonl", "csv", "geojson"]), default="jsonl", show_default=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True), default=None,
              help="Write here (atomically) instead of standard output.")
@click.option("--min-score", type=click.FloatRange(0, 1), default=0.0, show_default=True,
              help="Drop mentions less confident than this.")
@click.option("--explain", is_flag=True, help="Print the evidence for each mention to standard error.")
@click.option("--text-field", default=None, help="JSON/CSV field or column holding the text.")
@click.option("--title-field", default=None, help="JSON/CSV field or column holding the title.")
@click.option("--id-field", default=None, help="JSON/CSV field or column holding the id.")
@click.option("--max-article-mb", type=click.FloatRange(min=0, min_open=True), default=None,
              help="Skip articles bigger than this, in MB (default: GEO_MAX_ARTICLE_MB or 10).")
@click.option("--progress/--no-progress", default=None,
              help="Progress bar on standard error (default: when a terminal).")
@jobs_option
@gazetteer_option
@online_option
@friendly_errors
def extract(paths, fmt, output, min_score, explain, text_field, title_field, id_field, max_article_mb, progress,
            jobs, gazetteer_path, online):
    """Find the places PATHS mention: files or folders of .txt .md .html .json .jsonl .csv, or - for stdin.

    \b
    Examples:
      geo extract seeds/ -o mentions.jsonl
      geo extract news.csv --text-field body --format geojson -o places.geojson
    """
    online, paths = online_service(online, paths)
    if not paths:
        raise click.UsageError("give files or folders of articles, or - for standard input")
    from geo.cli.options import load_gazetteer
    from geo.extract import Extractor
    from geo.output import AtomicFile, check_output, jsonl_line, write, write_lines
    from geo.readers import read_articles
    from geo.readers.walk import would_read

    skipped = []

    def on_skip(path, reason):
        skipped.append(path)
        click.echo(f"geo: {path}: {reason}", err=True)

    articles = read_articles(paths, text_field=text_field, title_field=title_field, id_field=id_field,
                             on_skip=on_skip, max_article_mb=max_article_mb)
    if output and check_output(output, inputs=paths) and would_read(output, paths):
        raise click.ClickException(f"cannot write {output}: it is among the inputs (a file the next run would "
                                   "read as articles); write the output outside the input folders")
    # The output is opened (a temporary file beside it) before any work, so a place it
    # cannot go fails now; it replaces earlier output only once everything is written.
    earlier = bool(output) and os.path.isfile(output)
    out = AtomicFile(output, encoding="utf-8", newline="" if fmt == "csv" else None, inputs=paths) if output else None
    with out or contextlib.nullcontext():
        extractor = Extractor(load_gazetteer(gazetteer_path), online=load_geocoder(online), min_score=min_score)
        # JSON lines are encoded in the workers; --explain needs the mentions here.
        encoded = fmt == "jsonl" and not explain
        results = extractor.extract_articles(articles, explain=explain, jobs=default_jobs(jobs),
                                             encode=jsonl_line if encoded else None)
        if progress is None:
            progress = sys.stderr.isatty()
        if progress:
            from tqdm import tqdm

            results = tqdm(results, desc="articles", unit=" art", file=sys.stderr)
        if explain:
            results = _explained(results)
        f = out.file if out else sys.stdout
        n = write_lines(results, f) if encoded else write(results, f, fmt)
        if n == 0:
            raise click.ClickException(
                f"no articles found in {', '.join(paths)}"
                + (" (every file was skipped)" if skipped else "; give .txt, .md, .html, .json, .jsonl or .csv files")
                + (f"; {output} is unchanged" if earlier else "")
            )
        if out:
            out.commit()


def _explained(results):
    for e in results:
        for m in e.mentions:
            place = f"{m.place.name} ({m.place.country_code}, {m.place.geonameid})" if m.place else "-"
            click.echo(f"{e.article.id}:{m.start}-{m.end} {m.text!r} -> {place} score {m.score:.2f}", err=True)
            for line in m.why:
                click.echo(f"    - {line}", err=True)
        yield e
