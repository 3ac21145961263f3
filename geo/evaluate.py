"""Score geoparser output against hand-annotated benchmarks.

The metrics are the field's standard ones (Gritta et al., "What's missing in
geographical parsing?", LRE 2018, and "A Pragmatic Guide to Geoparsing
Evaluation", LRE 2019), computed the same way as the reference scorer shipped
with the development benchmarks (``shared/benchmarks/score.py``):

* **Recognition** -- micro precision, recall and F1 of predicted spans.  A
  prediction matches a gold toponym when the spans overlap; matching is
  one-to-one, largest overlap first.  Exact-span scores are reported too.
* **Resolution** -- over gold toponyms that have coordinates *and* were
  recognised: accuracy within 161 km (100 miles), median and mean error in km,
  and the AUC of the sorted ``ln(1 + error_km)`` curve normalised by
  ``ln(20039)`` (lower is better).  A matched prediction without coordinates
  counts as the maximum error, 20,039 km.
* **End-to-end** -- a prediction is correct when it overlaps a gold toponym
  with coordinates and lies within 161 km of it.  Predictions matched to gold
  toponyms without coordinates are neutral (neither right nor wrong).

Records have the benchmark JSONL shapes::

    gold: {"id": str, "text": str,
           "toponyms": [{"start", "end", "name", "lat", "lon", "geonameid"}]}
    pred: {"id": str, "toponyms": [{"start", "end", "lat", "lon"}]}

Examples
--------
>>> gold = [{"id": "a", "text": "Paris and Lyon.", "toponyms": [
...     {"start": 0, "end": 5, "name": "Paris", "lat": 48.85, "lon": 2.35},
...     {"start": 10, "end": 14, "name": "Lyon", "lat": 45.76, "lon": 4.83}]}]
>>> pred = [{"id": "a", "toponyms": [
...     {"start": 0, "end": 5, "lat": 48.86, "lon": 2.34},
...     {"start": 10, "end": 15, "lat": 33.0, "lon": -97.0}]}]
>>> r = score(gold, pred)
>>> r["overlap_f1"], r["exact_f1"], r["acc161"], r["e2e_f1"]
(1.0, 0.5, 0.5, 0.5)
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

from geo.distance import distance_km

__all__ = [
    "ACC_KM",
    "MAX_ERROR_KM",
    "EARTH_RADIUS_KM",
    "distance_km",
    "has_coords",
    "clean_spans",
    "overlap",
    "match_overlap",
    "prf",
    "median",
    "auc_log_error",
    "score",
    "load_jsonl",
    "summary",
    "format_report",
]

#: Accuracy threshold: 100 miles, the field's customary tolerance.
ACC_KM = 161.0
#: Largest error the AUC allows (half the equatorial circumference), and the
#: error charged to a recognised toponym that got no coordinates.
MAX_ERROR_KM = 20039.0
#: Mean Earth radius (IUGG) that the reference scorer uses, so distances here agree with
#: it to the last printed digit (geopy's radius differs in the fourth decimal).
EARTH_RADIUS_KM = 6371.0088
def has_coords(toponym: Mapping) -> bool:
    """Whether a toponym carries usable coordinates.

    Latitudes outside [-90, 90] and non-finite values count as missing, so a
    broken prediction is charged the maximum error rather than crashing the
    distance computation.

    Examples
    --------
    >>> has_coords({"lat": 1.0, "lon": 2.0}), has_coords({"lat": None, "lon": 2.0})
    (True, False)
    >>> has_coords({"lat": 91, "lon": 0})
    False
    """
    lat, lon = toponym.get("lat"), toponym.get("lon")
    if lat is None or lon is None:
        return False
    try:
        lat, lon = float(lat), float(lon)
    except (TypeError, ValueError):
        return False
    return math.isfinite(lat) and math.isfinite(lon) and -90.0 <= lat <= 90.0


def clean_spans(toponyms: Iterable[Mapping] | None) -> list[dict]:
    """Keep well-formed spans, integer offsets, first of each duplicate span.

    A system that emits the same span twice would otherwise be punished twice
    in precision, or rewarded twice if a scorer were careless; both the
    reference scorer and this one count it once.

    Parameters
    ----------
    toponyms : iterable of mapping or None
        Each with ``start`` and ``end``.

    Returns
    -------
    list of dict
        Copies with ``int`` offsets, in input order.

    Examples
    --------
    >>> clean_spans([{"start": 0, "end": 3}, {"start": "0", "end": 3},
    ...              {"start": 5, "end": 5}, {"end": 2}])
    [{'start': 0, 'end': 3}]
    """
    seen: set[tuple[int, int]] = set()
    out = []
    for t in toponyms or ():
        try:
            start, end = int(t["start"]), int(t["end"])
        except (KeyError, TypeError, ValueError):
            continue
        if end <= start or (start, end) in seen:
            continue
        seen.add((start, end))
        out.append({**t, "start": start, "end": end})
    return out


def overlap(a: Mapping, b: Mapping) -> int:
    """Return the number of characters two spans share (negative or 0 when disjoint).

    Examples
    --------
    >>> overlap({"start": 0, "end": 5}, {"start": 3, "end": 9})
    2
    >>> overlap({"start": 0, "end": 5}, {"start": 5, "end": 9})
    0
    """
    return min(a["end"], b["end"]) - max(a["start"], b["start"])


def match_overlap(gold: Sequence[Mapping], pred: Sequence[Mapping]) -> dict[int, int]:
    """Match overlapping spans one-to-one, largest overlap first.

    Ties on overlap go to the pair whose boundaries differ least, then to the
    earlier gold and predicted span, so the result is deterministic.

    Parameters
    ----------
    gold, pred : sequence of mapping
        Spans with integer ``start`` and ``end``.

    Returns
    -------
    dict
        Gold index -> predicted index.

    Examples
    --------
    >>> g = [{"start": 0, "end": 8}, {"start": 9, "end": 15}]
    >>> p = [{"start": 0, "end": 15}, {"start": 4, "end": 8}]
    >>> match_overlap(g, p)  # the long span takes the gold it covers most
    {0: 0}
    >>> match_overlap(g, [{"start": 4, "end": 8}, {"start": 10, "end": 12}])
    {0: 0, 1: 1}
    """
    pairs = []
    for gi, g in enumerate(gold):
        for pi, p in enumerate(pred):
            shared = overlap(g, p)
            if shared > 0:
                slack = abs(g["start"] - p["start"]) + abs(g["end"] - p["end"])
                pairs.append((-shared, slack, gi, pi))
    pairs.sort()
    matched: dict[int, int] = {}
    used: set[int] = set()
    for _, _, gi, pi in pairs:
        if gi not in matched and pi not in used:
            matched[gi] = pi
            used.add(pi)
    return matched


def prf(tp: int, n_pred: int, n_gold: int) -> tuple[float, float, float]:
    """Precision, recall and F1 from counts (0.0 where undefined).

    Examples
    --------
    >>> prf(3, 4, 6)
    (0.75, 0.5, 0.6)
    >>> prf(0, 0, 0)
    (0.0, 0.0, 0.0)
    """
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def median(values: Iterable[float]) -> float | None:
    """Median (mean of the middle two for an even count); ``None`` if empty.

    Examples
    --------
    >>> median([5, 1, 3]), median([4, 1, 3, 2]), median([])
    (3, 2.5, None)
    """
    s = sorted(values)
    n = len(s)
    if not n:
        return None
    mid = n // 2
    return s[mid] if n % 2 else (s[mid - 1] + s[mid]) / 2


def auc_log_error(errors_km: Iterable[float]) -> float | None:
    """Area under the sorted log-error curve, normalised to [0, 1].

    The log keeps a handful of continent-sized mistakes from swamping the many
    small ones; the trapezoid rule over ``n - 1`` unit steps and the
    ``ln(20039)`` ceiling make a perfect system score 0 and one that is always
    maximally wrong score (just over) 1 (Gritta et al. 2018; the ``+1`` inside
    the log and not in the normaliser is theirs, kept for comparability).

    Parameters
    ----------
    errors_km : iterable of float
        Errors; values above :data:`MAX_ERROR_KM` are capped.

    Returns
    -------
    float or None
        ``None`` for no errors at all.

    Examples
    --------
    >>> auc_log_error([0.0, 0.0])
    0.0
    >>> round(auc_log_error([MAX_ERROR_KM, 1e9]), 4)  # ln(1 + e) / ln(e): a hair over 1
    1.0
    >>> round(auc_log_error([0.0, MAX_ERROR_KM]), 3)
    0.5
    """
    logs = sorted(math.log(min(e, MAX_ERROR_KM) + 1.0) for e in errors_km)
    if not logs:
        return None
    if len(logs) == 1:
        return logs[0] / math.log(MAX_ERROR_KM)
    area = sum((a + b) / 2.0 for a, b in zip(logs, logs[1:], strict=False))
    return area / ((len(logs) - 1) * math.log(MAX_ERROR_KM))


def _by_id(records: Iterable[Mapping] | Mapping[str, Mapping], what: str) -> dict[str, Mapping]:
    if isinstance(records, Mapping):
        return dict(records)
    out: dict[str, Mapping] = {}
    for rec in records:
        doc_id = rec["id"]
        if doc_id in out:
            raise ValueError(f"duplicate {what} id {doc_id!r}")
        out[doc_id] = rec
    return out


def score(
    gold: Iterable[Mapping] | Mapping[str, Mapping],
    pred: Iterable[Mapping] | Mapping[str, Mapping],
    *,
    ignore_types: Iterable[str] = (),
    geonameid_only: bool = False,
) -> dict:
    """Score predictions against gold documents.

    Parameters
    ----------
    gold : iterable of dict, or dict of id -> dict
        Gold documents, ``{"id", "toponyms": [{"start", "end", "lat", "lon", ...}]}``.
    pred : iterable of dict, or dict of id -> dict
        Predictions, ``{"id", "toponyms": [{"start", "end", "lat", "lon"}]}``.
        A gold document without a prediction counts as predicting nothing;
        predictions for unknown ids are ignored (and counted).
    ignore_types : iterable of str, optional
        Gold ``type`` values to treat as "don't care": those toponyms are
        dropped, and so are predictions overlapping them.
    geonameid_only : bool, optional
        Treat gold toponyms without a ``geonameid`` as having no coordinates.

    Returns
    -------
    dict
        Counts and metrics, keyed as the reference scorer's JSON summary:
        ``n_gold``, ``n_pred``, ``exact_p/r/f1``, ``overlap_p/r/f1``,
        ``n_gold_with_coords``, ``n_resolved_eval``,
        ``n_matched_without_pred_coords``, ``acc161``, ``median_km``,
        ``mean_km``, ``auc``, ``e2e_p/r/f1`` and document counts.  Resolution
        figures are ``None`` when nothing was resolved.

    Raises
    ------
    ValueError
        If an id occurs twice in ``gold`` or in ``pred``.

    Examples
    --------
    >>> gold = [{"id": "d", "toponyms": [
    ...     {"start": 0, "end": 6, "lat": 52.52, "lon": 13.40},
    ...     {"start": 10, "end": 16, "lat": None, "lon": None}]}]
    >>> pred = [{"id": "d", "toponyms": [
    ...     {"start": 0, "end": 6, "lat": None, "lon": None},
    ...     {"start": 10, "end": 16, "lat": 1.0, "lon": 1.0},
    ...     {"start": 20, "end": 24, "lat": 1.0, "lon": 1.0}]}]
    >>> r = score(gold, pred)
    >>> r["overlap_p"], r["acc161"], r["median_km"], round(r["auc"], 4)
    (0.6666666666666666, 0.0, 20039.0, 1.0)
    >>> r["e2e_p"], r["e2e_r"]  # the second prediction is neutral
    (0.0, 0.0)
    >>> score(gold, [])["n_pred"], score(gold, [])["docs_missing_in_pred"]
    (0, 1)
    """
    gold_docs = _by_id(gold, "gold")
    pred_docs = _by_id(pred, "pred")
    ignore = set(ignore_types)

    n_gold = n_pred = tp_exact = tp_overlap = 0
    n_gold_coords = unresolved = e2e_correct = e2e_neutral = 0
    ignored_gold = ignored_pred = 0
    errors: list[float] = []

    def gold_located(t: Mapping) -> bool:
        return has_coords(t) and (not geonameid_only or t.get("geonameid") is not None)

    for doc_id, gdoc in gold_docs.items():
        g_spans = clean_spans(gdoc.get("toponyms"))
        p_spans = clean_spans(pred_docs.get(doc_id, {}).get("toponyms"))
        if ignore:
            dont_care = [g for g in g_spans if g.get("type") in ignore]
            g_spans = [g for g in g_spans if g.get("type") not in ignore]
            kept = [p for p in p_spans if not any(overlap(p, g) > 0 for g in dont_care)]
            ignored_gold += len(dont_care)
            ignored_pred += len(p_spans) - len(kept)
            p_spans = kept

        n_gold += len(g_spans)
        n_pred += len(p_spans)
        exact = {(g["start"], g["end"]) for g in g_spans}
        tp_exact += sum((p["start"], p["end"]) in exact for p in p_spans)
        matched = match_overlap(g_spans, p_spans)
        tp_overlap += len(matched)

        for gi, g in enumerate(g_spans):
            if not gold_located(g):
                e2e_neutral += gi in matched
                continue
            n_gold_coords += 1
            if gi not in matched:
                continue
            p = p_spans[matched[gi]]
            if has_coords(p):
                err = distance_km(float(g["lat"]), float(g["lon"]), float(p["lat"]), float(p["lon"]), EARTH_RADIUS_KM)
            else:
                err = MAX_ERROR_KM
                unresolved += 1
            errors.append(err)
            e2e_correct += err <= ACC_KM

    exact_p, exact_r, exact_f = prf(tp_exact, n_pred, n_gold)
    over_p, over_r, over_f = prf(tp_overlap, n_pred, n_gold)
    e2e_p, e2e_r, e2e_f = prf(e2e_correct, n_pred - e2e_neutral, n_gold_coords)
    result = {
        "docs": len(gold_docs),
        "docs_missing_in_pred": sum(d not in pred_docs for d in gold_docs),
        "pred_ids_not_in_gold": sum(d not in gold_docs for d in pred_docs),
        "n_gold": n_gold,
        "n_pred": n_pred,
        "exact_p": exact_p,
        "exact_r": exact_r,
        "exact_f1": exact_f,
        "overlap_p": over_p,
        "overlap_r": over_r,
        "overlap_f1": over_f,
        "n_gold_with_coords": n_gold_coords,
        "n_resolved_eval": len(errors),
        "n_matched_without_pred_coords": unresolved,
        "acc161": sum(e <= ACC_KM for e in errors) / len(errors) if errors else None,
        "median_km": median(errors),
        "mean_km": sum(errors) / len(errors) if errors else None,
        "auc": auc_log_error(errors),
        "e2e_p": e2e_p,
        "e2e_r": e2e_r,
        "e2e_f1": e2e_f,
    }
    if ignore:
        result["ignored_gold"] = ignored_gold
        result["ignored_pred"] = ignored_pred
    return result


def load_jsonl(path: str | Path) -> list[dict]:
    r"""Read one JSON object per non-blank line.

    Examples
    --------
    >>> import tempfile, os
    >>> with tempfile.TemporaryDirectory() as d:
    ...     p = os.path.join(d, "x.jsonl")
    ...     _ = open(p, "w").write('{"id": "a"}\n\n{"id": "b"}\n')
    ...     [r["id"] for r in load_jsonl(p)]
    ['a', 'b']
    """
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def summary(result: Mapping, digits: int = 4) -> dict:
    """Round the floats of a :func:`score` result, as the reference scorer prints them.

    Examples
    --------
    >>> summary({"n_gold": 3, "acc161": 2 / 3, "auc": None})
    {'n_gold': 3, 'acc161': 0.6667, 'auc': None}
    """
    return {k: round(v, digits) if isinstance(v, float) else v for k, v in result.items()}


def format_report(result: Mapping) -> str:
    """Render a :func:`score` result as a short human-readable block.

    Examples
    --------
    >>> print(format_report(score([{"id": "a", "toponyms": []}], [])))  # doctest: +ELLIPSIS
    docs=1  gold toponyms=0  predicted=0
    ...
    End-to-end (overlap & <=161 km)  P   0.00  R   0.00  F1   0.00
    """

    def pct(x):
        return "   n/a" if x is None else f"{100 * x:6.2f}"

    def km(x):
        return "n/a" if x is None else f"{x:.1f}"

    auc = "n/a" if result["auc"] is None else f"{result['auc']:.4f}"
    return "\n".join([
        f"docs={result['docs']}  gold toponyms={result['n_gold']}  predicted={result['n_pred']}",
        "Recognition            P       R      F1",
        f"  exact span       {pct(result['exact_p'])}  {pct(result['exact_r'])}  {pct(result['exact_f1'])}",
        f"  any overlap      {pct(result['overlap_p'])}  {pct(result['overlap_r'])}  {pct(result['overlap_f1'])}",
        f"Resolution ({result['n_resolved_eval']} of {result['n_gold_with_coords']} located gold toponyms "
        f"recognised; {result['n_matched_without_pred_coords']} without predicted coordinates)",
        f"  acc@161km {pct(result['acc161'])}%   median {km(result['median_km'])} km   "
        f"mean {km(result['mean_km'])} km   AUC {auc}",
        f"End-to-end (overlap & <=161 km)  P {pct(result['e2e_p'])}  R {pct(result['e2e_r'])}  "
        f"F1 {pct(result['e2e_f1'])}",
    ])
