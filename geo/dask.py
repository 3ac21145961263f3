"""Run geo on a Dask cluster: a local one of worker processes, or any cluster by address.

Two entry points:

* :func:`extract_files` — what ``geo extract PATH... --engine dask`` runs: the inputs are
  cut into partitions (:mod:`geo.partitions`: runs of files, byte ranges of big JSON
  Lines files, Parquet row groups), the workers read and extract them, and this process
  writes their results in input order (JSONL, CSV, GeoJSON or Parquet);
* :func:`extract_dataframe` — a Dask DataFrame of articles in, a Dask DataFrame of
  mentions out (one row per mention, the columns of :func:`geo.extract.mentions_frame`),
  for a notebook on whatever cluster the user has.

Each worker process loads the gazetteer and the matcher once and keeps them for every
task (:func:`worker_extractor`). The built-in one is built where ``GEO_CACHE_DIR`` points
on the worker's host, once per host: a file lock makes the host's other workers wait,
then load it in under a second. A worker that cannot load it fails the run with one
message. Needs ``pip install "geo-news[dask]"``; nothing else in geo imports dask.
"""

from __future__ import annotations

import operator
import os
import sys
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import NamedTuple

from geo.errors import GeoError, InputError, MissingDependency, WorkerError
from geo.records import Extraction

INSTALL = 'pip install "geo-news[dask]"'


def _require():
    try:
        import dask  # noqa: F401
        import distributed
    except ImportError:
        raise MissingDependency(f"the dask engine needs dask and pyarrow: {INSTALL}") from None
    return distributed


# ----------------------------------------------------------------------- clusters


@contextmanager
def connect(scheduler: str | None = None, workers: int | None = None):
    """Yield a ``distributed.Client``: of the cluster at ``scheduler``, else of a new local one.

    The local cluster has ``workers`` processes (default: one per core) of one thread
    each, so extraction, which holds the GIL, runs on every core.

    Raises
    ------
    WorkerError
        If no scheduler answers at ``scheduler``.
    MissingDependency
        If dask is not installed.

    Examples
    --------
    >>> with connect(workers=1) as client:
    ...     len(client.scheduler_info()["workers"])
    1
    """
    import logging

    distributed = _require()
    if scheduler:
        try:
            client = distributed.Client(scheduler, timeout="20s")
        except (OSError, TimeoutError, ValueError) as exc:
            raise WorkerError(f"cannot reach the Dask scheduler at {scheduler}: {exc}") from None
        with client:
            yield client
        return
    with distributed.LocalCluster(n_workers=workers or os.cpu_count() or 1, threads_per_worker=1, processes=True,
                                  dashboard_address=":0",
                                  # A task's failure is reported once, by this process.
                                  silence_logs=logging.CRITICAL) as cluster:
        with distributed.Client(cluster) as client:
            yield client


# ------------------------------------------------------------------------ workers


class Spec(NamedTuple):
    """What a worker's extractor is made of.

    A gazetteer folder (None: the built-in one) and the minimum score.
    """

    gazetteer: str | None = None
    min_score: float = 0.0


_BUILTIN = Spec()
_EXTRACTORS: dict = {}
_EXTRACTORS_LOCK = threading.Lock()


def worker_extractor(spec: Spec = _BUILTIN):
    """Return this process's :class:`geo.extract.Extractor` for ``spec``, loaded on first use.

    Loading happens under a lock file in the gazetteer's folder, so when the built-in
    index or a matcher must be built, one worker of the host builds it and the others
    then load it.

    Raises
    ------
    WorkerError
        If the gazetteer cannot be loaded here, naming the worker and the reason.

    Examples
    --------
    >>> worker_extractor() is worker_extractor(Spec(None, 0.0))
    True
    """
    with _EXTRACTORS_LOCK:
        found = _EXTRACTORS.get(spec)
        if found is None:
            found = _EXTRACTORS[spec] = _load(spec)
        return found


def _load(spec: Spec):
    from geo.extract import Extractor
    from geo.gazetteer import Gazetteer, cache_dir

    folder = Path(spec.gazetteer) if spec.gazetteer else cache_dir()
    try:
        with _host_lock(folder if folder.suffix != ".sqlite" else folder.parent, create=not spec.gazetteer):
            gazetteer = Gazetteer.open(spec.gazetteer) if spec.gazetteer else Gazetteer.default()
            return Extractor(gazetteer, min_score=spec.min_score)
    except (GeoError, OSError) as exc:
        raise WorkerError(f"{_where()} cannot load the gazetteer: {exc}") from None


def _where() -> str:
    import socket

    try:
        from distributed import get_worker

        return f"worker {get_worker().address} on {socket.gethostname()}"
    except (ImportError, ValueError):
        return f"process {os.getpid()} on {socket.gethostname()}"


@contextmanager
def _host_lock(folder: Path, create: bool):
    try:
        import fcntl

        if create:  # the cache folder; a gazetteer folder the user named must exist already
            folder.mkdir(parents=True, exist_ok=True)
        f = open(folder / ".geo-build.lock", "a")
    except (ImportError, OSError):
        # No lock where it cannot be taken (Windows, a read-only shared folder): every
        # worker then loads on its own, and a missing index is reported by the load.
        yield
        return
    with f:
        fcntl.flock(f, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(f, fcntl.LOCK_UN)


def _warm(spec: Spec) -> str:
    worker_extractor(spec)
    return _where()


def prepare_workers(client, spec: Spec = _BUILTIN) -> int:
    """Load the extractor on every worker of ``client`` now; return how many workers.

    Work is shared out only to workers that can do it: a worker that cannot load the
    gazetteer fails here with its reason. Workers that join later load on their
    first task.

    Raises
    ------
    WorkerError
        If a worker cannot load the gazetteer, or the cluster has no workers.
    """
    workers = list(client.scheduler_info()["workers"])
    if not workers:
        raise WorkerError("the Dask cluster has no workers")
    futures = [client.submit(_warm, spec, workers=[w], allow_other_workers=False, pure=False) for w in workers]
    for f in futures:
        f.result()
    return len(workers)


# --------------------------------------------------------------------- extraction

#: What a partition's task returns: JSON lines, Extractions without their text (for
#: the CSV and GeoJSON writers), or a DataFrame of mention rows.
KINDS = ("jsonl", "records", "rows")


def _extract_partition(part, offset: int, spec: Spec, kind: str, fields: dict):
    articles, skipped = part.read(fields, offset)
    ex = worker_extractor(spec)
    found = [Extraction(a, tuple(ex.extract(a.text))) for a in articles]
    if kind == "jsonl":
        from geo.output import jsonl_line

        payload = [jsonl_line(e) for e in found]
    elif kind == "rows":
        from geo.parquet import mention_rows

        payload = mention_rows(found)
    else:
        # The writers need the article's fields, never its text: do not ship it back.
        payload = [Extraction(replace(e.article, text=""), e.mentions) for e in found]
    return payload, skipped, len(found)


def extract_partitions(client, paths: Iterable[str | os.PathLike], *, kind: str = "jsonl", spec: Spec = _BUILTIN,
                       fields: dict | None = None, blocksize: int | None = None, progress: bool = False,
                       on_skip: Callable[[str, str], None] | None = None) -> Iterator[tuple]:
    """Extract the articles of ``paths`` on the cluster; yield ``(payload, n_articles)`` per partition, in order.

    Parameters
    ----------
    client : distributed.Client
    paths : iterable of path
        Files and folders as for ``geo extract``, and Parquet files or folders of them.
    kind : {"jsonl", "records", "rows"}
        What each payload is: the JSONL contract's lines, :class:`Extraction` records
        without article text, or a DataFrame of mention rows (:func:`geo.parquet.mention_rows`).
    spec : Spec
        The gazetteer and minimum score.
    fields : dict, optional
        ``text_field``, ``title_field``, ``id_field``, ``url_field``, ``date_field`` as for
        :func:`geo.articles.read_articles`.
    blocksize : int, optional
        Bytes of input per partition (default: the input shared four times over the
        workers, between 64 kB and :data:`geo.partitions.DEFAULT_BLOCKSIZE`).
    progress : bool
        A progress bar of partitions on standard error.
    on_skip : callable, optional
        Called as ``on_skip(path, reason)`` for what the workers skipped.

    Raises
    ------
    WorkerError
        If a worker cannot load the gazetteer, or a partition kills its workers.
    InputError
        For bad input, as :func:`geo.articles.read_articles` raises it.

    Examples
    --------
    >>> with connect(workers=1) as client:
    ...     out = list(extract_partitions(client, ["seeds"], kind="rows"))
    >>> sum(n for _, n in out), "Kharkiv" in set(out[0][0]["name"])
    (5, True)
    """
    from geo.partitions import DEFAULT_BLOCKSIZE, Lines, plan

    distributed = _require()
    if kind not in KINDS:
        raise InputError(f"unknown kind {kind!r}; choose one of: {', '.join(KINDS)}")
    fields = {k: v for k, v in (fields or {}).items() if v}
    paths = list(paths)
    if blocksize is None:
        nworkers = max(1, len(client.scheduler_info()["workers"]))
        total = sum(_input_bytes(p) for p in paths)
        blocksize = max(64_000, min(DEFAULT_BLOCKSIZE, total // (4 * nworkers) + 1))
    parts = list(plan(paths, blocksize))  # bad paths are reported before any work
    prepare_workers(client, spec)
    futures, offset, previous = [], 0, None
    for part in parts:
        if isinstance(part, Lines):
            if previous is None or previous.path != part.path:
                offset = 0
            else:  # lines before = lines before the previous block + its lines, on the cluster
                offset = client.submit(operator.add, offset, client.submit(Lines.count, previous, pure=False))
            previous = part
        else:
            previous = None
        futures.append(client.submit(_extract_partition, part, offset, spec, kind, fields, pure=False))
    yield from _in_order(distributed, futures, parts, progress, on_skip)


def _input_bytes(path) -> int:
    p = Path(path)
    if p.is_file():
        return p.stat().st_size
    if p.is_dir():
        return sum(f.stat().st_size for f in p.rglob("*") if f.is_file())
    return 0


def _in_order(distributed, futures, parts, progress, on_skip):
    """Yield the futures' results in submission order, as soon as each one's turn comes."""
    from tqdm import tqdm

    index = {f.key: i for i, f in enumerate(futures)}
    ready: dict = {}
    nxt = 0
    with tqdm(total=len(futures), desc="partitions", unit=" part", file=sys.stderr, disable=not progress) as bar:
        for f in distributed.as_completed(futures):
            bar.update()
            ready[index[f.key]] = f
            if f.status == "error":
                _raise(f, parts[index[f.key]], distributed)
            while nxt in ready:
                f = ready.pop(nxt)
                try:
                    payload, skipped, n = f.result()
                except distributed.KilledWorker:
                    _raise(f, parts[nxt], distributed)
                f.release()
                for path, why in skipped:
                    if on_skip is not None:
                        on_skip(path, why)
                yield payload, n
                nxt += 1


def _raise(future, part, distributed):
    try:
        future.result()
    except distributed.KilledWorker:
        raise WorkerError(f"the workers running {_describe(part)} died each time (out of memory?); "
                          "give them more memory or a smaller partition") from None


def _describe(part) -> str:
    from geo.partitions import Files, Lines

    if isinstance(part, Files):
        return f"{part.files[0][0]} and {len(part.files) - 1} more files" if len(part.files) > 1 else part.files[0][0]
    if isinstance(part, Lines):
        return f"bytes {part.start}-{part.end} of {part.path}"
    return f"row group {part.group} of {part.path}"


# ---------------------------------------------------------------------- the command


def extract_files(paths: Iterable[str | os.PathLike], output: str | os.PathLike | None = None, *,
                  fmt: str = "jsonl", scheduler: str | None = None, workers: int | None = None,
                  gazetteer: str | None = None, min_score: float = 0.0, fields: dict | None = None,
                  blocksize: int | None = None, progress: bool = False,
                  on_skip: Callable[[str, str], None] | None = None) -> int:
    r"""Extract ``paths`` on a Dask cluster and write the mentions; return the number of articles.

    Parameters
    ----------
    paths : iterable of path
        Files and folders as for ``geo extract``, and Parquet files or datasets.
    output : path, optional
        The file (or, for ``fmt="parquet"`` with a name not ending in ``.parquet``, the
        folder of parts) to write, atomically; standard output when None.
    fmt : {"jsonl", "csv", "geojson", "parquet"}
        Formats as for ``geo extract``; Parquet has the columns of
        :func:`geo.extract.mentions_frame`, one row per mention.
    scheduler : str, optional
        Address of the scheduler of an existing cluster (``tcp://host:8786``); without
        it a local cluster of ``workers`` processes is started.
    gazetteer, min_score
        As for ``geo extract``; ``gazetteer`` is a folder the workers can read.
    fields, blocksize, progress, on_skip
        As for :func:`extract_partitions`.

    Raises
    ------
    InputError
        For a bad path or format, Parquet without ``output``, or no articles (then no
        output is written).
    WorkerError
        If the cluster cannot be reached or a worker cannot load the gazetteer.

    Examples
    --------
    >>> import io, contextlib
    >>> buf = io.StringIO()
    >>> with contextlib.redirect_stdout(buf):
    ...     n = extract_files(["seeds"], workers=1)
    >>> n, buf.getvalue().count("\n")
    (5, 5)
    """
    from contextlib import nullcontext

    from geo.output import FORMATS, AtomicFile, write, write_lines

    if fmt not in (*FORMATS, "parquet"):
        raise InputError(f"unknown format {fmt!r}; choose one of: {', '.join((*FORMATS, 'parquet'))}")
    if fmt == "parquet" and not output:
        raise InputError("Parquet output needs a file or folder: give -o OUT.parquet or -o FOLDER")
    if fmt == "parquet":
        from geo.parquet import _pyarrow

        _pyarrow()
    paths = list(paths)
    folder = fmt == "parquet" and not str(output).endswith(".parquet")
    if output:
        _check_destination(output, paths, fmt)
    kind = {"jsonl": "jsonl", "parquet": "rows"}.get(fmt, "records")
    spec = Spec(gazetteer, min_score)
    count = [0]

    def payloads(client):
        for payload, n in extract_partitions(client, paths, kind=kind, spec=spec, fields=fields,
                                             blocksize=blocksize, progress=progress, on_skip=on_skip):
            count[0] += n
            yield payload
        if count[0] == 0:  # raised inside the writer, so no empty output appears
            raise InputError(f"no articles found in {', '.join(map(str, paths))}")

    # A file output is opened (a temporary file beside it) before the cluster starts, so
    # a place it cannot go fails at once; it replaces earlier output only at the end.
    out = None
    if output and not folder:
        out = AtomicFile(output, "wb", inputs=paths) if fmt == "parquet" else \
            AtomicFile(output, encoding="utf-8", newline="" if fmt == "csv" else None, inputs=paths)
    with out or nullcontext(), connect(scheduler, workers) as client:
        if fmt == "parquet":
            from geo.parquet import write_parquet

            write_parquet(payloads(client), out.file if out else output, folder=folder)
        elif fmt == "jsonl":
            write_lines((line for lines in payloads(client) for line in lines), out.file if out else sys.stdout)
        else:
            write((e for batch in payloads(client) for e in batch), out.file if out else sys.stdout, fmt)
        if out:
            out.commit()
    return count[0]


def _check_destination(output, paths: list, fmt: str) -> None:
    """Refuse an output the next run would read as input (the dask engine reads Parquet too)."""
    from geo.errors import OutputError
    from geo.readers.walk import would_read

    target = os.path.abspath(output)
    inside = any(os.path.isdir(p) and not os.path.relpath(target, os.path.abspath(p)).startswith(os.pardir)
                 for p in paths if str(p) != "-")
    if would_read(output, paths) or (fmt == "parquet" and inside):
        raise OutputError(f"cannot write {output}: it is among the inputs (a file the next run would read as "
                          "articles); write the output outside the input folders")


# -------------------------------------------------------------------- dataframes


def extract_dataframe(ddf, text: str = "text", id: str | None = "id", *, title: str | None = None,  # noqa: A002
                      date: str | None = None, url: str | None = None, gazetteer: str | None = None,
                      min_score: float = 0.0):
    """Return a Dask DataFrame of the place mentions of a Dask DataFrame of articles.

    One row per mention, with the columns and dtypes of :data:`geo.parquet.DTYPES`
    (those of :func:`geo.extract.mentions_frame`: the JSONL contract's fields
    flattened). A row of ``ddf`` is read as a JSON Lines record of ``geo extract`` is:
    the title is guessed from the text when there is no title column, dates become
    ISO ``YYYY-MM-DD``, only http(s) URLs are kept, rows without text are left out.
    Lazy, like any Dask DataFrame: call ``.compute()``, ``.to_parquet(...)`` & co.

    Parameters
    ----------
    ddf : dask.dataframe.DataFrame
    text : str
        The column of the article text.
    id : str or None
        The column of the article id; None takes the index.
    title, date, url : str, optional
        Their columns (default: ``title``/``headline``, ``date``/``published``/...,
        ``url``/``link`` when present).
    gazetteer : str, optional
        A gazetteer folder the workers can read (default: the built-in one).
    min_score : float
        Drop mentions less confident than this.

    Raises
    ------
    InputError
        If ``ddf`` has no column ``text`` (or ``id``, ...).

    Examples
    --------
    >>> import pandas as pd, dask.dataframe as dd
    >>> news = dd.from_pandas(pd.DataFrame({"id": ["a", "b"], "body": [
    ...     "Shelling hit Kharkiv.", "Calm in Lviv and Odesa."]}), npartitions=2)
    >>> m = extract_dataframe(news, text="body").compute()
    >>> m[["article_id", "text", "country_code"]].values.tolist()
    [['a', 'Kharkiv', 'UA'], ['b', 'Lviv', 'UA'], ['b', 'Odesa', 'UA']]
    """
    _require()
    from geo.parquet import mention_rows

    named = {"text": text, "id": id, "title": title, "date": date, "url": url}
    missing = [c for c in named.values() if c and c not in ddf.columns]
    if missing:
        raise InputError(f"no column {', '.join(map(repr, missing))} (columns: {', '.join(map(str, ddf.columns))})")
    fields = {f"{k}_field": v for k, v in named.items() if v}
    fields.setdefault("id_field", _INDEX)
    return ddf.map_partitions(_frame_mentions, fields, Spec(gazetteer, min_score), meta=mention_rows([]))


_INDEX = "\x00index"


def _frame_mentions(pdf, fields: dict, spec: Spec):
    from geo.parquet import mention_rows
    from geo.partitions import read_rows

    records = pdf.to_dict("records")
    if fields["id_field"] == _INDEX:
        for r, ix in zip(records, pdf.index, strict=True):
            r[_INDEX] = str(ix)
    ex = worker_extractor(spec)
    return mention_rows(Extraction(a, tuple(ex.extract(a.text))) for a in read_rows(records, "row", fields))
