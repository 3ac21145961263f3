"""geo.nearness on real articles: the anchor a candidate is near, and the box that spares the others."""

from __future__ import annotations

import csv
import math
from pathlib import Path

import pytest

import geo.resolve
from geo.distance import distance_km
from geo.nearness import nearest
from geo.resolve import Resolver
from geo.scoring import NEAR_KM

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def articles(extractor):
    """Each real article's anchor points, and every candidate place of the names read in them."""
    texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.txt"))]
    texts += [(ROOT / "tests" / "data" / f).read_text(encoding="utf-8") for f in ("uk_war_news.txt", "ru_war_news.txt")]
    with (ROOT / "tests" / "data" / "frontline.csv").open(encoding="utf-8", newline="") as f:
        texts += [row["context"] for row in csv.DictReader(f)]
    boxes, lists = [], []
    with pytest.MonkeyPatch.context() as mp:
        points, facts = geo.resolve.near_points, Resolver._facts
        mp.setattr(geo.resolve, "near_points", lambda anchors: boxes.append(points(anchors)) or boxes[-1])
        mp.setattr(Resolver, "_facts", lambda self, cands: lists.append(cands) or facts(self, cands))
        for text in texts:
            extractor.extract(text)
    places = list({c.place.geonameid: c.place for cands in lists for c in cands}.values())
    return [near for near in boxes if near.points], places


def test_no_place_outside_the_box_around_the_anchors_is_near_one(articles):
    boxes, places = articles
    outside = 0
    for near in boxes:
        if near.lon_lo == -math.inf:
            continue
        for p in places:
            lat, lon = math.radians(p.lat), math.radians(p.lon)
            if near.lat_lo <= lat <= near.lat_hi and not near.lon_lo <= lon <= near.lon_hi:
                outside += 1
                assert all(distance_km(a.lat, a.lon, p.lat, p.lon) > NEAR_KM for *_, a, _ in near.points)
    assert outside >= 1000


def test_nearest_is_the_nearest_anchor_within_reach(articles):
    boxes, places = articles
    found = 0
    for near in boxes[:40]:
        for p in places:
            lat = math.radians(p.lat)
            km, anchor = nearest(lat, math.radians(p.lon), math.cos(lat), near.points, "")
            within = sorted((distance_km(a.lat, a.lon, p.lat, p.lon), i) for i, (*_, a, _) in enumerate(near.points))
            within = [(d, i) for d, i in within if d <= NEAR_KM]
            if not within:
                assert km is None or km > NEAR_KM
                continue
            found += 1
            assert km == pytest.approx(within[0][0], abs=1e-6)
            assert anchor.geonameid == near.points[within[0][1]][3].geonameid or km == pytest.approx(
                distance_km(anchor.lat, anchor.lon, p.lat, p.lon), abs=1e-6)
    assert found >= 100
