"""geo.evaluate against hand-worked cases and against the benchmarks' reference scorer."""

from __future__ import annotations

import json
import math
import os
import random
import subprocess
import sys
from pathlib import Path

import pytest

from geo import evaluate as ev

BENCH = Path(os.environ.get("GEO_BENCHMARKS") or Path(__file__).resolve().parents[2] / "shared" / "benchmarks")
SCORE_PY = BENCH / "score.py"
FILES = ["lgl.jsonl", "geovirus.jsonl"]

needs_bench = pytest.mark.skipif(not SCORE_PY.exists(), reason=f"benchmarks not found at {BENCH}")


def _reference(gold: Path, preds: list[dict], tmp_path: Path, *extra: str) -> dict:
    """Run the reference score.py on the same gold and predictions; return its JSON summary."""
    pred_path = tmp_path / "pred.jsonl"
    pred_path.write_text("".join(json.dumps(p) + "\n" for p in preds), encoding="utf-8")
    out = subprocess.run([sys.executable, str(SCORE_PY), str(gold), str(pred_path), "--quiet", *extra],
                         capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def _perturbed(gold: list[dict], seed: int) -> list[dict]:
    """Predictions that exercise every branch: shifted spans and points, misses, extras, gaps."""
    rng = random.Random(seed)
    preds = []
    for doc in gold:
        if rng.random() < 0.05:
            continue  # a document with no prediction line at all
        tops = []
        for t in doc["toponyms"]:
            r = rng.random()
            if r < 0.15:
                continue  # missed
            p = {"start": t["start"], "end": t["end"], "lat": t["lat"], "lon": t["lon"]}
            if r < 0.3:  # partial span: still overlaps, not exact
                p["start"] += 1 if t["end"] - t["start"] > 2 else 0
                p["end"] += rng.choice([-1, 0, 3])
            if p["lat"] is not None and rng.random() < 0.5:
                # errors from metres to continents, so every metric has range
                p["lat"] = max(-90.0, min(90.0, p["lat"] + rng.choice([0.01, 0.9, 1.6, 5, 40]) * rng.choice([-1, 1])))
                p["lon"] = (p["lon"] + rng.uniform(-30, 30) + 180) % 360 - 180
            if rng.random() < 0.05:
                p["lat"] = p["lon"] = None  # recognised, unresolved
            if p["lat"] is None and t["lat"] is None and rng.random() < 0.5:
                p["lat"], p["lon"] = 10.0, 10.0  # neutral: gold has no coordinates
            tops.append(p)
            if rng.random() < 0.03:
                tops.append(dict(p))  # exact duplicate, counted once
        for _ in range(rng.randint(0, 2)):  # spurious, sometimes overlapping two gold spans
            s = rng.randrange(max(1, len(doc["text"]) - 20))
            tops.append({"start": s, "end": s + rng.randint(1, 20), "lat": 0.0, "lon": 0.0})
        tops.append({"start": 5, "end": 5, "lat": 1.0, "lon": 1.0})  # empty span, dropped
        preds.append({"id": doc["id"], "toponyms": tops})
    preds.append({"id": "not-in-gold", "toponyms": []})
    return preds


# --- hand-worked cases -------------------------------------------------------


def test_distance_matches_haversine():
    # Independent haversine with the same radius: the two formulas must agree.
    lat1, lon1, lat2, lon2 = map(math.radians, (40.7128, -74.006, 51.5074, -0.1278))
    a = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    expected = 2 * ev.EARTH_RADIUS_KM * math.asin(math.sqrt(a))
    assert ev.distance_km(40.7128, -74.006, 51.5074, -0.1278, ev.EARTH_RADIUS_KM) == pytest.approx(expected, rel=1e-12)


def test_matching_is_one_to_one_largest_overlap_first():
    gold = [{"start": 0, "end": 3}, {"start": 4, "end": 12}]
    pred = [{"start": 2, "end": 10}]  # overlaps gold 0 by 1, gold 1 by 6
    assert ev.match_overlap(gold, pred) == {1: 0}


def test_tie_prefers_closer_boundaries():
    gold = [{"start": 0, "end": 4}]
    pred = [{"start": 0, "end": 9}, {"start": 0, "end": 4}]
    assert ev.match_overlap(gold, pred) == {0: 1}


def test_score_counts():
    gold = [{"id": "x", "toponyms": [
        {"start": 0, "end": 6, "lat": 0.0, "lon": 0.0},
        {"start": 10, "end": 15, "lat": 0.0, "lon": 10.0},
        {"start": 20, "end": 25, "lat": None, "lon": None},
    ]}]
    pred = [{"id": "x", "toponyms": [
        {"start": 0, "end": 6, "lat": 0.0, "lon": 1.0},        # 111 km: correct
        {"start": 11, "end": 15, "lat": 0.0, "lon": 0.0},      # overlap, 1112 km: wrong
        {"start": 20, "end": 25, "lat": 5.0, "lon": 5.0},      # neutral
        {"start": 30, "end": 35, "lat": 5.0, "lon": 5.0},      # spurious
    ]}]
    r = ev.score(gold, pred)
    assert (r["n_gold"], r["n_pred"]) == (3, 4)
    assert r["exact_p"] == pytest.approx(2 / 4)
    assert r["overlap_p"] == pytest.approx(3 / 4) and r["overlap_r"] == 1.0
    assert r["n_gold_with_coords"] == 2 and r["n_resolved_eval"] == 2
    assert r["acc161"] == 0.5
    assert r["median_km"] == pytest.approx((ev.distance_km(0, 0, 0, 1) + ev.distance_km(0, 10, 0, 0)) / 2)
    assert r["e2e_p"] == pytest.approx(1 / 3)  # 4 predictions less 1 neutral
    assert r["e2e_r"] == pytest.approx(1 / 2)


def test_empty_inputs():
    r = ev.score([], [])
    assert r["overlap_f1"] == 0.0 and r["acc161"] is None and r["auc"] is None


def test_duplicate_ids_rejected():
    with pytest.raises(ValueError, match="duplicate"):
        ev.score([{"id": "a", "toponyms": []}] * 2, [])


def test_accepts_mappings_and_generators():
    gold = [{"id": "a", "toponyms": [{"start": 0, "end": 2, "lat": 1.0, "lon": 1.0}]}]
    pred = {"a": {"id": "a", "toponyms": [{"start": 0, "end": 2, "lat": 1.0, "lon": 1.0}]}}
    assert ev.score((g for g in gold), pred)["e2e_f1"] == 1.0


def test_invalid_predicted_latitude_is_unresolved():
    gold = [{"id": "a", "toponyms": [{"start": 0, "end": 2, "lat": 1.0, "lon": 1.0}]}]
    pred = [{"id": "a", "toponyms": [{"start": 0, "end": 2, "lat": 123.0, "lon": 1.0}]}]
    r = ev.score(gold, pred)
    assert r["n_matched_without_pred_coords"] == 1 and r["median_km"] == ev.MAX_ERROR_KM


def test_format_report_mentions_every_metric():
    text = ev.format_report(ev.score([{"id": "a", "toponyms": []}], []))
    for word in ("exact span", "any overlap", "acc@161km", "AUC", "End-to-end"):
        assert word in text


# --- agreement with the reference scorer on the real benchmarks --------------


@needs_bench
@pytest.mark.parametrize("name", FILES)
def test_gold_as_prediction_is_perfect_and_matches_reference(name, tmp_path):
    gold = ev.load_jsonl(BENCH / name)
    preds = [{"id": d["id"], "toponyms": d["toponyms"]} for d in gold]
    ours = ev.summary(ev.score(gold, preds))
    assert ours == _reference(BENCH / name, preds, tmp_path)
    assert ours["overlap_f1"] == ours["exact_f1"] == ours["e2e_f1"] == ours["acc161"] == 1.0
    assert ours["auc"] == 0.0


@needs_bench
@pytest.mark.parametrize("name", FILES)
@pytest.mark.parametrize("seed", [1, 2])
def test_perturbed_gold_matches_reference(name, seed, tmp_path):
    gold = ev.load_jsonl(BENCH / name)
    preds = _perturbed(gold, seed)
    ours = ev.summary(ev.score(gold, preds))
    ref = _reference(BENCH / name, preds, tmp_path)
    assert ours == ref
    assert 0 < ours["acc161"] < 1 and ours["docs_missing_in_pred"] > 0 and ours["pred_ids_not_in_gold"] == 1


@needs_bench
def test_geonameid_only_matches_reference(tmp_path):
    gold = ev.load_jsonl(BENCH / "lgl.jsonl")
    preds = _perturbed(gold, 3)
    ours = ev.summary(ev.score(gold, preds, geonameid_only=True))
    assert ours == _reference(BENCH / "lgl.jsonl", preds, tmp_path, "--geonameid-only")


@needs_bench
@pytest.mark.parametrize("name", FILES)
def test_geotext_predictions_match_reference(name, tmp_path):
    pytest.importorskip("geotext")
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
    try:
        from _peers import GeotextPeer
    finally:
        sys.path.pop(0)
    gold = ev.load_jsonl(BENCH / name)
    peer = GeotextPeer()
    preds = [{"id": d["id"], "toponyms": peer(d["text"])} for d in gold]
    ours = ev.summary(ev.score(gold, preds))
    assert ours == _reference(BENCH / name, preds, tmp_path)
    assert ours["overlap_f1"] > 0.4  # geotext finds plenty; a collapse means a broken peer
