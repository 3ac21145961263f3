"""The geoparser: text in, resolved place mentions out.

>>> from geo.extract import extract
>>> [(m.text, m.place.name) for m in extract("Shelling hit Kharkiv and Kup'yans'k on Monday.")]
[('Kharkiv', 'Kharkiv'), ("Kup'yans'k", 'Kupyansk')]

The pipeline is :mod:`geo.matcher` (every gazetteer name in the text) ->
:mod:`geo.recognize` (which of them are place names here) -> :mod:`geo.resolve`
(which place each one means, given the whole article).
"""

from __future__ import annotations

import functools
import json
import threading
from collections.abc import Callable, Iterable, Iterator
from functools import lru_cache
from pathlib import Path

from geo.errors import InputError
from geo.ranking import CANDIDATES  # how many candidates the resolver weighs per name
from geo.records import Article, Extraction, Mention, Place

_DEFAULT = None
_DEFAULT_LOCK = threading.Lock()

_UNKNOWN = object()  # Matcher.best's answer for a word that is no key


class Extractor:
    """Find and resolve the place mentions of texts.

    Parameters
    ----------
    gazetteer : Gazetteer, optional
        Defaults to the built-in one.
    online : Source, optional
        A geocoder (:func:`geo.sources.get_source`) asked about capitalised words
        the gazetteer does not know that stand where places stand ("near Maiorsk").
    min_score : float
        Drop mentions whose confidence is lower.
    recover : bool
        Look for misspelt names of places near the article's other places.

    Examples
    --------
    >>> ex = Extractor()
    >>> ms = ex.extract("Troops entered Ternova, a village north of Kharkiv.")
    >>> [(m.text, m.place.geonameid) for m in ms]
    [('Ternova', 691637), ('Kharkiv', 706483)]
    """

    def __init__(self, gazetteer=None, *, online=None, min_score: float = 0.0, recover: bool = True):
        from geo.gazetteer import Gazetteer
        from geo.matcher import Matcher
        from geo.recognize import Recognizer
        from geo.resolve import Resolver

        self.gazetteer = gazetteer or Gazetteer.default()
        self.matcher = Matcher.for_gazetteer(self.gazetteer)
        # Candidates of each name asked (a key or a surface), filled an article's distinct
        # names at a time (one index query for all of them) and kept.
        self._cands: dict[str, list] = {}
        self._best = lru_cache(maxsize=100_000)(self._best)
        self.recognizer = Recognizer(self.matcher, self._best)
        self.resolver = Resolver(self.gazetteer, self.candidates, prefetch=self.prefetch)
        self.online = online
        self.min_score = min_score
        self.recover = recover

    _MAX_CACHED = 200_000

    def candidates(self, query: str) -> list:
        """Return the gazetteer candidates of a name (exact and qualified matches, :data:`CANDIDATES` at most)."""
        found = self._cands.get(query)
        if found is None:
            found = self.gazetteer.lookup(query, limit=CANDIDATES, fuzzy=False)
            self._keep({query: found})
        return found

    def prefetch(self, queries) -> None:
        """Look up every name of ``queries`` not asked before, in one batch."""
        cands = self._cands
        asked = dict.fromkeys(queries)
        if asked.keys() <= cands.keys():
            return  # all asked before: the usual case, told in C
        missing = [q for q in asked if q not in cands]
        if missing:
            self._keep(self.gazetteer.lookup_many(missing, limit=CANDIDATES))

    def _keep(self, found: dict) -> None:
        if len(self._cands) + len(found) > self._MAX_CACHED:
            self._cands.clear()  # bounded: a long-running process reads endless names
        self._cands.update(found)

    def _best(self, key: str):
        """Return the :class:`~geo.ranking.Best` of a name, None when it names no place."""
        # A key the matcher finds has it stored (no index query); other words ("Jean"
        # before a name) are looked up.
        found = self.matcher.best(key, _UNKNOWN)
        if found is not _UNKNOWN:
            return found
        from geo.ranking import Best

        return Best.of([(c.place.feature, c.place.country_code, c.prior, c.match) for c in self.candidates(key)])

    def extract(self, text: str, explain: bool = False) -> list[Mention]:
        """Return the place mentions of ``text`` in text order.

        ``text[m.start:m.end] == m.text`` for every mention.
        """
        if not isinstance(text, str):
            raise InputError(f"extract() takes a str, not {type(text).__name__}")
        # No look-up of the hits' names here: recognition reads what it needs of them
        # from the matcher (Matcher.best) and resolution looks up the names it keeps.
        hits = self.matcher.scan(text, capitalised=True)
        excluded: list = []  # what recognition turned down, never recovered as misspelt
        spans = self.recognizer.spans(text, hits, excluded=excluded)
        recover = self._recoverable if self.recover else None
        mentions = self.resolver.resolve(text, spans, explain=explain, recover=recover, exclude=excluded)
        if self.online is not None:
            mentions = sorted(mentions + self._online(text, mentions), key=lambda m: m.start)
        if self.min_score:
            mentions = [m for m in mentions if m.score >= self.min_score]
        return mentions

    def _recoverable(self, word: str) -> bool:
        from geo.names import fold

        key = fold(word)
        first = key.split(" ")[0]
        m = self.matcher
        return len(key) >= 5 and not any(first in s for s in (m.given_names, m.titles, m.vocab))

    def _online(self, text: str, mentions: list[Mention]) -> list[Mention]:
        """Ask the online geocoder about unknown capitalised words in place positions."""
        from geo.recover import unclaimed_words
        from geo.sources.online import geocode_missing

        countries = [m.place.country_code for m in mentions if m.place and m.place.country_code]
        focus = max(set(countries), key=countries.count) if countries else None
        words = [(s, e, word) for s, e, word, _ in unclaimed_words(text, [(m.start, m.end) for m in mentions])
                 if self._recoverable(word) and not self.candidates(word)]
        found = geocode_missing([w for _, _, w in words], self.online, country=focus)
        return [Mention(s, e, word, c.place, round(c.score, 4), c.match)
                for s, e, word in words for c in found[word][:1]]

    def extract_articles(self, articles: Iterable[Article], explain: bool = False, jobs: int = 1) -> Iterator:
        r"""Yield an :class:`Extraction` per article, in input order, lazily (memory stays flat).

        With ``jobs`` > 1, articles are shared out to that many worker processes,
        forked after the gazetteer and matcher are loaded so they share that memory
        (where the platform cannot fork, the work stays in this process). With an online
        geocoder it stays in this process too: one rate limiter, one cache.

        A writer of encoded records wants :meth:`encode_articles`, which encodes them
        in the workers.

        Examples
        --------
        >>> [e] = Extractor().extract_articles([Article("a", "Calm in Lviv.")])
        >>> [(m.text, m.place.admin1) for m in e.mentions]
        [('Lviv', 'Lviv Oblast')]
        """
        return self._shared_out(articles, jobs, explain, None)

    def encode_articles(self, articles: Iterable[Article], encode: Callable[[Extraction], bytes],
                        jobs: int = 1) -> Iterator[tuple[bytes, int]]:
        r"""Yield the records ``encode`` makes of the articles, joined: ``(data, number of articles)``.

        ``encode`` is a picklable function of an :class:`Extraction` (such as
        :func:`geo.output.jsonl_bytes`), run in the workers; the records come in input
        order, for a writer of bytes (see :func:`geo.output.write_chunks`): each worker sends back one
        string of bytes per batch of articles rather than an object per article, so
        this process, which also hands the work out, has next to nothing to unpickle,
        re-encode and write.

        Examples
        --------
        >>> from geo.output import jsonl_bytes
        >>> [(data, n)] = Extractor().encode_articles([Article("a", "Calm in Lviv.")], jsonl_bytes)
        >>> n, data.startswith(b'{"id":"a",'), data.count(b"\n")
        (1, True, 1)
        """
        return self._shared_out(articles, jobs, False, encode)

    def _shared_out(self, articles: Iterable[Article], jobs: int, explain: bool, encode) -> Iterator:
        """Yield for :meth:`extract_articles` (``encode`` None) and :meth:`encode_articles`.

        In this process, or shared out to a pool of workers (:meth:`_pool`), in input
        order; the skips of files the workers read are reported in their place.
        """
        from geo.articles import ArticleStream

        pool = self._pool(jobs, explain, encode)
        if pool is None:
            for a in articles:
                e = Extraction(a, tuple(self.extract(a.text, explain=explain)))
                yield e if encode is None else (encode(e), 1)
            return
        with pool:
            if not isinstance(articles, ArticleStream) or articles.started:
                for done in pool.imap(_batch_in_worker, _batches(articles)):
                    yield from done
                return
            # Straight from read_articles(): the workers read the files too, which
            # would otherwise keep this process busier than either of them.
            for done in pool.imap(_units_in_worker, _batches(articles.units())):
                for found, skipped in done:
                    for path, reason in skipped:
                        articles.on_skip(path, reason)
                    yield from found

    def _pool(self, jobs: int, explain: bool, encode):
        """Return a pool of ``jobs`` forked workers, or None where the work stays in this process."""
        import multiprocessing as mp

        if jobs <= 1 or self.online is not None or "fork" not in mp.get_all_start_methods():
            return None
        # The pool initializer hands each worker this extractor; under fork it is
        # inherited with the process's memory, not pickled.
        self.matcher.warm()
        return _pool_class()(jobs, initializer=_init_worker, initargs=(self, explain, encode),
                             context=mp.get_context("fork"))


@functools.cache
def _pool_class():
    import multiprocessing.pool

    class Pool(multiprocessing.pool.Pool):
        """multiprocessing's Pool, its worker handler woken only when it has work.

        The stock handler also waits on the results pipe, so from each result's arrival
        until the result thread has read it, it loops: 0.3 s of this process's CPU over
        9,756 small files, taken from the workers on a two-core machine. It needs waking
        only when a worker ends (its sentinel, still waited on) or the pool changes (the
        change notifier): what multiprocessing's own ThreadPool waits on.
        """

        def _get_sentinels(self):
            return [self._change_notifier._reader]

    return Pool


#: In a worker process only: its (extractor, explain, encode), set by the pool initializer.
_WORKER = None


def _init_worker(extractor: Extractor, explain: bool, encode) -> None:
    global _WORKER
    _WORKER = (extractor, explain, encode)


def _extract_in_worker(article: Article):
    extractor, explain, encode = _WORKER
    e = Extraction(article, tuple(extractor.extract(article.text, explain=explain)))
    return encode(e) if encode is not None else e


def _batch_in_worker(articles: list[Article]) -> list:
    """Extract (and encode) a batch of articles: Extractions, or one ``(bytes, count)`` chunk."""
    done = [_extract_in_worker(a) for a in articles]
    return done if _WORKER[2] is None else [(b"".join(done), len(done))]


def _units_in_worker(units: list) -> list[tuple[list, list[tuple[str, str]]]]:
    """Read and extract (and encode) a batch of work units: ``(results, skipped files)`` pairs.

    Encoded records are joined into one ``(bytes, count)`` chunk per run of units, split
    where a file was skipped, so each skip is still reported between the records
    before and after it.
    """
    done = []
    for unit in units:
        found, skipped = ([unit], []) if isinstance(unit, Article) else unit.read()
        done.append(([_extract_in_worker(a) for a in found], skipped))
    if _WORKER[2] is None:
        return done
    joined: list[tuple[list, list]] = []
    parts: list[bytes] = []
    for records, skipped in done:
        if skipped:
            if parts:
                joined.append(([(b"".join(parts), len(parts))], []))
                parts = []
            joined.append(([], skipped))
        parts += records
    if parts:
        joined.append(([(b"".join(parts), len(parts))], []))
    return joined


def _batches(items: Iterable, first: int = 4, most: int = 64) -> Iterator[list]:
    """Group ``items`` into lists of ``first``, then twice as many each time, up to ``most``.

    Each batch is one message to and from a worker, and the pool's threads in this
    process pay per message: batches of 64 articles rather than 8 take this process's
    CPU over 9,756 small files from 1.6 s to 0.85 s. Small first batches still share a
    short input out evenly and bring the first results back soon. Each batch waits
    until the next is in hand, so the end of the input is seen a batch early and what
    is left goes out in halving batches: the workers finish together, rather than one
    idle while another works through a last batch of 64.

    >>> [len(b) for b in _batches(range(300))]
    [4, 8, 16, 32, 64, 64, 56, 28, 14, 7, 4, 3]
    >>> [len(b) for b in _batches(range(6))], sum(_batches(range(1000)), []) == list(range(1000))
    ([4, 2], True)
    """
    batch: list = []
    size = first
    for item in items:
        batch.append(item)
        if len(batch) >= 2 * size:
            yield batch[:size]
            del batch[:size]
            size = min(most, 2 * size)
    while batch:
        n = max(first, len(batch) // 2)
        yield batch[:n]
        del batch[:n]


def default_extractor() -> Extractor:
    """Return the shared extractor over the built-in gazetteer (built on first use)."""
    global _DEFAULT
    with _DEFAULT_LOCK:
        if _DEFAULT is None:
            _DEFAULT = Extractor()
        return _DEFAULT


def extract(text: str, explain: bool = False) -> list[Mention]:
    """Return the place mentions of ``text`` with the built-in gazetteer.

    Parameters
    ----------
    text : str
        Article text, any length.
    explain : bool
        Fill each mention's ``why`` with the evidence for its place.

    Returns
    -------
    list of Mention
        In text order; ``text[m.start:m.end] == m.text``.

    Examples
    --------
    >>> ms = extract("Defense Secretary Lloyd Austin met allies at Ramstein, Germany.")
    >>> [(m.text, m.place.country_code) for m in ms]
    [('Ramstein', 'DE'), ('Germany', 'DE')]
    """
    return default_extractor().extract(text, explain=explain)


def extract_articles(articles: Iterable[Article], explain: bool = False, jobs: int = 1) -> Iterator[Extraction]:
    """Yield an :class:`Extraction` for each article, with the built-in gazetteer.

    ``jobs`` > 1 spreads the articles over that many processes (see
    :meth:`Extractor.extract_articles`).

    Examples
    --------
    >>> from geo.records import Article
    >>> [e.mentions[0].place.name for e in extract_articles([Article("a", "Calm in Lviv.")])]
    ['Lviv']
    """
    return default_extractor().extract_articles(articles, explain=explain, jobs=jobs)


def mentions_frame(items):
    """Return a pandas DataFrame with one row per mention.

    Parameters
    ----------
    items : iterable of Extraction or Article
        Articles are extracted on the fly.

    Examples
    --------
    >>> from geo.records import Article
    >>> df = mentions_frame([Article("a", "From Kyiv to Lviv.", title="Trains")])
    >>> df[["article_id", "text", "name", "country_code"]].values.tolist()
    [['a', 'Kyiv', 'Kyiv', 'UA'], ['a', 'Lviv', 'Lviv', 'UA']]
    """
    import pandas as pd

    rows = []
    for item in items:
        e = item if isinstance(item, Extraction) else Extraction(item, tuple(extract(item.text)))
        a = e.article
        for m in e.mentions:
            row = {"article_id": a.id, "title": a.title, "date": a.date, "url": a.url, "path": a.path,
                   "start": m.start, "end": m.end, "text": m.text, "score": m.score, "match": m.match}
            row.update(m.place.to_dict() if m.place else {})
            rows.append(row)
    columns = ["article_id", "title", "date", "url", "path", "start", "end", "text", "score", "match",
               "geonameid", "name", "lat", "lon", "country_code", "admin1", "feature", "population"]
    return pd.DataFrame(rows, columns=columns if not rows else None)


def read_extractions_jsonl(path: str | Path) -> Iterator[Extraction]:
    """Read the JSONL written by ``geo extract``, re-reading article texts from their paths.

    Paths are taken as given, or relative to the JSONL's folder.

    Raises
    ------
    InputError
        If the file cannot be read or a line is not a ``geo extract`` record.
    """
    path = Path(path)
    try:
        f = open(path, encoding="utf-8")
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror}") from None
    with f:
        for n, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                rec = json.loads(line)
                mentions = tuple(_mention(m) for m in rec["mentions"])
                text = _article_text(rec.get("path") or "", str(rec.get("id", "")), path.parent)
                article = Article(str(rec.get("id", f"{path.name}#{n}")), text, rec.get("title") or "",
                                  rec.get("date") or "", rec.get("url") or "", rec.get("path") or "")
            except (ValueError, KeyError, TypeError) as exc:
                raise InputError(f"{path}:{n}: not a 'geo extract' JSONL record ({exc})") from None
            yield Extraction(article, mentions)


def _mention(d: dict) -> Mention:
    from geo.readers.points import check_point

    p = d.get("place")
    if p:
        # A hand-edited or foreign file may carry NaN or out-of-range points: refuse them
        # with the line's number rather than draw them somewhere.
        lat, lon = check_point(p.get("lat"), p.get("lon"))
        p = {**p, "lat": lat, "lon": lon}
    place = Place(**{k: p[k] for k in Place.__slots__ if k in p}) if p else None
    return Mention(int(d["start"]), int(d["end"]), d["text"], place, float(d.get("score", 0)), d.get("match", ""),
                   matched=d.get("matched", ""))


def _article_text(path: str, article_id: str, base: Path) -> str:
    """Return the text of the article a JSONL record points to, read as ``geo extract`` read it.

    Same decoding, so the mention offsets fit; ``""`` when it cannot be found.
    """
    if not path:
        return ""
    p = Path(path)
    src = next((c for c in ([p] if p.is_absolute() else [p, base / p]) if c.is_file()), None)
    if src is None:
        return ""
    from geo.articles import read_article
    from geo.errors import GeoError

    try:
        found = read_article(src, on_skip=lambda where, why: None)
    except GeoError:
        return ""
    same = [a.text for a in found if a.id == article_id]
    return same[0] if same else found[0].text if len(found) == 1 else ""
