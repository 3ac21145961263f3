"""The geoparser on real text: the seed articles against their gold annotation, and the
hard cases the issue names (spelling variants, persons, regions, qualifiers, proximity,
misspellings)."""

from __future__ import annotations

import json

import pytest

from geo.extract import extract, mentions_frame, read_extractions_jsonl
from geo.records import Article, Extraction


def _overlaps(a, b) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def _score_seed(extractor, seeds_dir, gold, name):
    from geo.evaluate import distance_km

    text = (seeds_dir / name).read_text(encoding="utf-8")
    g = gold[name]
    places = {(p["start"], p["end"]): p for p in g["places"]}
    forbidden = [(x["start"], x["end"], x["text"]) for x in g["must_not_match"]]
    ignore = [(x["start"], x["end"]) for x in g["ignore"]]
    tp = fp = 0
    matched, bad = set(), []
    for m in extractor.extract(text):
        span = (m.start, m.end)
        hit = next((k for k in places if _overlaps(k, span) and k not in matched), None)
        if hit is not None:
            matched.add(hit)
            p = places[hit]
            right = (p["geonameid"] == m.place.geonameid if p["geonameid"]
                     else distance_km(p["lat"], p["lon"], m.place.lat, m.place.lon) <= 161)
            tp += right
            fp += not right
        elif any(_overlaps((s, e), span) for s, e, _ in forbidden):
            bad.append(m.text)
            fp += 1
        elif not any(_overlaps(k, span) for k in ignore):
            fp += 1
    return tp, fp, len(places) - len(matched), bad


def test_seed_articles_meet_the_gold_annotation(extractor, seeds_dir, gold):
    tp = fp = fn = 0
    bad = []
    for name in sorted(gold):
        t, f, n, b = _score_seed(extractor, seeds_dir, gold, name)
        tp, fp, fn, bad = tp + t, fp + f, fn + n, bad + b
    precision, recall = tp / (tp + fp), tp / (tp + fn)
    f1 = 2 * precision * recall / (precision + recall)
    assert bad == [], f"persons or common words mapped as places: {bad}"
    assert f1 > 0.97, f"F1 {f1:.3f} (P {precision:.3f}, R {recall:.3f})"


def test_offsets_index_the_decoded_text(extractor, seeds_dir):
    for path in sorted(seeds_dir.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        ms = extractor.extract(text)
        assert ms, path.name
        assert all(text[m.start : m.end] == m.text for m in ms)
        assert [m.start for m in ms] == sorted(m.start for m in ms)


@pytest.mark.parametrize("spelling", ["Sievierodonetsk", "Severodonetsk", "Syevyerodonets'k", "Сєвєродонецьк",
                                      "Северодонецк"])
def test_spelling_variants_in_running_text(extractor, spelling):
    text = f"Russian forces shelled {spelling} and nearby Lysychansk overnight."
    ms = {m.text: m.place.geonameid for m in extractor.extract(text)}
    assert ms[spelling] == 691999


def test_cyrillic_text(extractor):
    text = "Вибухи пролунали у місті Харків та в Києві. Київ заявив про атаку."
    found = {(m.text, m.place.geonameid) for m in extractor.extract(text)}
    assert ("Харків", 706483) in found and ("Київ", 703448) in found


@pytest.mark.parametrize("text, person", [
    ("Defense Secretary Lloyd Austin visited Kyiv. Austin said more aid was coming.", "Austin"),
    ("British Defence Secretary Ben Wallace arrived in Warsaw on Monday.", "Wallace"),
    ("In the capital Kyiv, city administration chief Roman Popko said one person died.", "Roman"),
    ("CIA Director William Burns warned in Washington that Burns had no illusions.", "Burns"),
    ("Swedish Foreign Minister Ann Linde met Ms Linde's counterparts in Helsinki.", "Linde"),
    ("Chairman of the Joint Chiefs General Mark Milley spoke to Kyiv in May.", "Mark"),
])
def test_persons_and_common_words_are_not_places(extractor, text, person):
    found = [m.text for m in extractor.extract(text)]
    assert person not in found
    assert all(w not in found for w in ("May", "Chairman", "General", "CIA", "Secretary", "Minister"))
    assert found, "the real places of the sentence must still be found"


@pytest.mark.parametrize("phrase, geonameid", [
    ("Donetsk region", 709716), ("Luhansk Oblast", 702657), ("Kharkiv region", 706482)])
def test_regions_resolve_to_admin1_with_the_suffix_in_the_span(extractor, phrase, geonameid):
    text = f"Heavy fighting continues in the {phrase}, officials said."
    [m] = extractor.extract(text)
    assert (m.text, m.place.geonameid, m.place.feature) == (phrase, geonameid, "admin1")


def test_text_qualifiers_choose_the_place(extractor):
    ms = {m.text: m.place for m in extractor.extract(
        "A missile hit Zatoka, Odesa region, while ministers met in Ramstein, Germany.")}
    assert ms["Zatoka"].geonameid == 687557
    assert ms["Ramstein"].country_code == "DE"


def test_nearby_places_decide_between_namesakes(extractor):
    ms = {m.text: m.place for m in extractor.extract(
        "Ukrainian troops entered Ternova, a village north of Kharkiv near the Russian border.")}
    assert ms["Ternova"].geonameid == 691637


def test_longest_name_wins(extractor):
    ms = [(m.text, m.place.geonameid) for m in extractor.extract("Shelling hit Ruska Lozova north of Kharkiv.")]
    assert ("Ruska Lozova", 695106) in ms


def test_misspelt_names_are_recovered_near_the_articles_places(extractor):
    text = "Russia holds the area except around Severodonetsk and Popansa, where it is advancing."
    ms = {m.text: m for m in extractor.extract(text)}
    assert ms["Popansa"].place.geonameid == 696566 and ms["Popansa"].match == "fuzzy"
    assert ms["Popansa"].score < ms["Severodonetsk"].score


def test_possessives_stay_out_of_the_span(extractor):
    ms = [m.text for m in extractor.extract("Kyiv's mayor and Russia’s army.")]
    assert ms == ["Kyiv", "Russia"]


def test_an_unknown_name_does_not_empty_the_results(extractor):
    ms = extractor.extract("Fighting near Xqzzyvillovka and in Bakhmut.")
    assert [m.text for m in ms] == ["Bakhmut"]


def test_explain_gives_evidence(extractor):
    [m] = extractor.extract("Explosions in Odessa overnight.", explain=True)
    assert m.place.geonameid == 698740 and m.why


@pytest.mark.full_index
def test_module_function_and_frame(seeds_dir):
    assert [m.place.name for m in extract("Calm in Lviv.")] == ["Lviv"]
    df = mentions_frame([Article("s", (seeds_dir / "004_6a0ffea67addcdde.txt").read_text(encoding="utf-8"))])
    assert {"article_id", "text", "geonameid", "lat", "lon"} <= set(df.columns)
    assert (df["text"] == "Sievierodonetsk").any()


def test_jsonl_round_trip(tmp_path, extractor, seeds_dir):
    from geo.output import write

    path = seeds_dir / "001_9b13e29202cecbc7.txt"
    text = path.read_text(encoding="utf-8")
    e = Extraction(Article(path.name, text, path=str(path)), tuple(extractor.extract(text)))
    out = tmp_path / "x.jsonl"
    with open(out, "w", encoding="utf-8") as f:
        write([e], f)
    [back] = read_extractions_jsonl(out)
    assert back.article.text == text
    assert [(m.start, m.end, m.place.geonameid) for m in back.mentions] == \
        [(m.start, m.end, m.place.geonameid) for m in e.mentions]
    assert json.loads(out.read_text())["mentions"][0]["place"]["geonameid"] == e.mentions[0].place.geonameid


def test_jsonl_rereads_articles_as_extract_read_them(tmp_path, extractor):
    from geo.output import write

    folder = tmp_path / "news"
    folder.mkdir()
    text = "Вибухи: Київ і Харків під обстрілом."
    (folder / "a.txt").write_bytes(text.encode("cp1251"))
    e = Extraction(Article("a.txt", text, path="news/a.txt"), tuple(extractor.extract(text)))
    out = tmp_path / "x.jsonl"
    with open(out, "w", encoding="utf-8") as f:
        write([e], f)
    [back] = read_extractions_jsonl(out)  # the path is relative to the JSONL's folder
    assert back.article.text == text
    assert all(back.article.text[m.start : m.end] == m.text for m in back.mentions)
    assert {m.place.geonameid for m in back.mentions} >= {703448, 706483}


def test_english_counties_in_running_text(extractor):
    text = "Bird flu outbreak in Suffolk and Norfolk, England, where 6,000 turkeys were culled."
    found = {m.text: m.place for m in extractor.extract(text)}
    for name in ("Suffolk", "Norfolk"):
        assert (found[name].feature, found[name].country_code) == ("admin2", "GB"), name


def test_county_names_keep_their_local_sense(extractor):
    # Norfolk among Virginia places is the Virginian city; Kent and Cornwall among
    # Connecticut towns are no English counties.
    ms = {m.text: m.place for m in extractor.extract("Flooding hit Norfolk and Virginia Beach, Virginia, on Monday.")}
    assert (ms["Norfolk"].country_code, ms["Norfolk"].admin1) == ("US", "Virginia")
    text = ("Torrington and Litchfield, Connecticut, will pay more to the school district; "
            "only Cornwall and Kent will see decreases.")
    ms = {m.text: m.place for m in extractor.extract(text)}
    assert all(ms[n].country_code != "GB" for n in ("Cornwall", "Kent") if n in ms)


# -- on the tiny gazetteer (tests/conftest.py): seconds, no full index -----------------


def test_tiny_workers_give_what_one_process_gives(tiny_extractor):
    from geo.records import Article

    texts = ["Troops entered Ternova, a village north of Kharkiv.", "A storm hit Odessa, Texas.",
             "Police in Moscow, Idaho said.", "Calm in Lviv."] * 5
    articles = [Article(str(i), t) for i, t in enumerate(texts)]
    one = list(tiny_extractor.extract_articles(articles, jobs=1))
    two = list(tiny_extractor.extract_articles(articles, jobs=2))
    assert one == two and len(one) == len(texts)
    assert [m.place.geonameid for m in one[0].mentions] == [691637, 706483]


def test_only_the_names_kept_are_looked_up(tiny_gazetteer):
    from geo.extract import Extractor

    ex = Extractor(tiny_gazetteer)  # its own look-ups, none made yet
    text = "Concord in Kharkiv. The Mayor of Odesa said Ternova was calm. Lens flare."
    hit_keys = {h.key for h in ex.matcher.scan(text, capitalised=True)}
    assert {"concord", "lens"} <= hit_keys  # names in the gazetteer, but not places here
    mentions = ex.extract(text)
    assert [m.text for m in mentions] == ["Kharkiv", "Odesa", "Ternova"]
    # Recognition read what it needs of every name from the matcher: only resolution asked.
    assert set(ex._cands) == {"Kharkiv", "Odesa", "Ternova"}


def test_recognition_reads_the_best_place_the_matcher_stored(tiny_gazetteer):
    from geo.extract import Extractor
    from geo.ranking import Best

    ex = Extractor(tiny_gazetteer)
    for key in ("kharkiv", "odessa", "ukraine", "donetsk oblast"):
        fresh = Best.of([(c.place.feature, c.place.country_code, c.prior, c.match) for c in ex.candidates(key)])
        assert ex._best(key) == ex.matcher.best(key) == fresh is not None
    # A word that is no key ("Jean" before a name, written as in the text) is looked up.
    assert ex._best("Kharkiv") == ex._best("kharkiv") and "Kharkiv" in ex._cands
