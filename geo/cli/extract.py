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
@click.option("--format", "fmt", type=click.Choice(["jsonl", "csv", "geojson", "parquet"]),
              default=None,
              help="Output format (default: parquet for -o *.parquet, else jsonl); parquet with --engine dask.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True), default=None,
              help="Write here (atomically) instead of standard output.")
@click.option("--min-score", type=click.FloatRange(0, 1), default=0.0, show_default=True,
              help="Drop mentions less confident than this.")
@click.option("--explain", is_flag=True, help="Print the evidence for each mention to standard error.")
@click.option("--text-field", default=None, help="JSON/CSV field or column holding the text.")
@click.option("--title-field", default=None, help="JSON/CSV field or column holding the title.")
@click.option("--id-field", default=None, help="JSON/CSV field or column holding the id.")
@click.option("--date-field", default=None, help="JSON/CSV field or column holding the date.")
@click.option("--max-article-mb", type=click.FloatRange(min=0, min_open=True), default=None,
              help="Skip articles bigger than this, in MB (default: GEO_MAX_ARTICLE_MB or 10).")
@click.option("--progress/--no-progress", default=None,
              help="Progress bar on standard error (default: when a terminal).")
@jobs_option
@gazetteer_option
@online_option
@click.option("--engine", type=click.Choice(["local", "dask"]), default="local", show_default=True,
              help="Run here (with --jobs processes) or on a Dask cluster (pip install 'geo-news[dask]').")
@click.option("--scheduler", default=None, metavar="ADDRESS",
              help="With --engine dask: the scheduler of an existing cluster (default: start a local one).")
@click.option("--workers", type=click.IntRange(1, 1024), default=None,
              help="With --engine dask: worker processes of the local cluster (default: CPU cores).")
@friendly_errors
def extract(paths, fmt, output, min_score, explain, text_field, title_field, id_field, date_field, max_article_mb,
            progress, jobs, gazetteer_path, online, engine, scheduler, workers):
    """Find the places PATHS mention: files or folders of .txt .md .html .json .jsonl .csv, or - for stdin.

    \b
    Examples:
      geo extract seeds/ -o mentions.jsonl
      geo extract news.csv --text-field body --format geojson -o places.geojson
      geo extract archive/ --engine dask --scheduler tcp://10.0.0.5:8786 -o mentions.parquet
    """
    online, paths = online_service(online, paths)
    if not paths:
        raise click.UsageError("give files or folders of articles, or - for standard input")
    fmt = fmt or ("parquet" if output and output.endswith(".parquet") else "jsonl")
    if engine == "dask" or fmt == "parquet":
        _check_dask_options(engine, explain, online, jobs, scheduler, workers)
        from geo.dask import extract_files

        fields = {"text_field": text_field, "title_field": title_field, "id_field": id_field, "date_field": date_field,
                  "max_article_mb": max_article_mb}
        n = extract_files(paths, output, fmt=fmt, scheduler=scheduler, workers=workers, gazetteer=gazetteer_path,
                          min_score=min_score, fields=fields,
                          progress=sys.stderr.isatty() if progress is None else progress,
                          on_skip=lambda path, why: click.echo(f"geo: {path}: {why}", err=True))
        if n == 0:
            raise click.ClickException(f"no articles found in {', '.join(paths)}")
        return
    if scheduler or workers:
        raise click.UsageError("--scheduler and --workers go with --engine dask")
    from geo.cli.options import load_gazetteer
    from geo.extract import Extractor
    from geo.output import AtomicFile, check_output, jsonl_bytes, write, write_chunks
    from geo.readers import read_articles
    from geo.readers.walk import would_read

    skipped = []

    def on_skip(path, reason):
        skipped.append(path)
        click.echo(f"geo: {path}: {reason}", err=True)

    articles = read_articles(paths, text_field=text_field, title_field=title_field, id_field=id_field,
                             date_field=date_field, on_skip=on_skip, max_article_mb=max_article_mb)
    if output and check_output(output, inputs=paths) and would_read(output, paths):
        raise click.ClickException(f"cannot write {output}: it is among the inputs (a file the next run would "
                                   "read as articles); write the output outside the input folders")
    # The output is opened (a temporary file beside it) before any work, so a place it
    # cannot go fails now; it replaces earlier output only once everything is written.
    earlier = bool(output) and os.path.isfile(output)
    # JSON lines are encoded in the workers and written as the bytes they send back;
    # --explain needs the mentions here.
    encoded = fmt == "jsonl" and not explain
    if not output:
        out = None
    elif encoded:
        out = AtomicFile(output, "wb", inputs=paths)
    else:
        out = AtomicFile(output, encoding="utf-8", newline="" if fmt == "csv" else None, inputs=paths)
    with out or contextlib.nullcontext():
        extractor = Extractor(load_gazetteer(gazetteer_path), online=load_geocoder(online), min_score=min_score)
        if progress is None:
            progress = sys.stderr.isatty()
        if encoded:
            chunks = extractor.encode_articles(articles, jsonl_bytes, jobs=default_jobs(jobs))
            if progress:
                chunks = _counted(chunks)
            if out is None:
                sys.stdout.flush()
            n = write_chunks(chunks, out.file if out else sys.stdout.buffer)
        else:
            results = extractor.extract_articles(articles, explain=explain, jobs=default_jobs(jobs))
            if progress:
                from tqdm import tqdm

                results = tqdm(results, desc="articles", unit=" art", file=sys.stderr)
            if explain:
                results = _explained(results)
            n = write(results, out.file if out else sys.stdout, fmt)
        if n == 0:
            raise click.ClickException(
                f"no articles found in {', '.join(paths)}"
                + (" (every file was skipped)" if skipped else "; give .txt, .md, .html, .json, .jsonl or .csv files")
                + (f"; {output} is unchanged" if earlier else "")
            )
        if out:
            out.commit()


def _counted(chunks):
    """Pass on ``(data, articles)`` chunks, counting their articles on a progress bar."""
    from tqdm import tqdm

    with tqdm(desc="articles", unit=" art", file=sys.stderr) as bar:
        for data, n in chunks:
            bar.update(n)
            yield data, n


def _explained(results):
    for e in results:
        for m in e.mentions:
            place = f"{m.place.name} ({m.place.country_code}, {m.place.geonameid})" if m.place else "-"
            click.echo(f"{e.article.id}:{m.start}-{m.end} {m.text!r} -> {place} score {m.score:.2f}", err=True)
            for line in m.why:
                click.echo(f"    - {line}", err=True)
        yield e


def _check_dask_options(engine, explain, online, jobs, scheduler, workers):
    if engine != "dask":
        raise click.UsageError("Parquet output is written by the dask engine: add --engine dask")
    for given, name in ((explain, "--explain"), (online, "--online"), (jobs, "--jobs (use --workers)")):
        if given:
            raise click.UsageError(f"{name} does not go with --engine dask")
    if scheduler and workers:
        raise click.UsageError("--workers starts a local cluster; with --scheduler the cluster has its own workers")
