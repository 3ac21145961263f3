"""geo on a real Dask LocalCluster of two worker processes: same mentions as one process,
Parquet read back with pandas, a worker killed mid-run, a worker without a gazetteer.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from geo.articles import read_articles
from geo.cli import main
from geo.extract import extract_articles, mentions_frame, read_extractions_jsonl
from tests.conftest import ROOT, SEEDS

pytestmark = pytest.mark.slow
dd = pytest.importorskip("dask.dataframe", reason="needs the dask extra: pip install 'geo-news[dask]'")
pd = pytest.importorskip("pandas")

from geo.dask import connect, extract_dataframe, extract_files, extract_partitions  # noqa: E402
from geo.parquet import COLUMNS, read_extractions_parquet  # noqa: E402

GEOVIRUS = Path(os.environ.get("GEO_BENCHMARKS") or ROOT.parent / "shared" / "benchmarks") / "geovirus.jsonl"
needs_geovirus = pytest.mark.skipif(not GEOVIRUS.is_file(), reason=f"{GEOVIRUS} is absent (set GEO_BENCHMARKS)")


def run(*args):
    return CliRunner().invoke(main, ["extract", *map(str, args)])


def single(*args, tmp_path, name="single.jsonl"):
    """The JSONL of the ordinary single-process run."""
    out = tmp_path / name
    r = run(*args, "-o", out, "--jobs", "1")
    assert r.exit_code == 0, r.output
    return out.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def client():
    with connect(workers=2) as c:
        yield c


def worker_pids(client) -> dict:
    return client.run(os.getpid)


def test_the_cluster_has_two_worker_processes(client):
    pids = worker_pids(client)
    assert len(pids) == 2 and len(set(pids.values())) == 2 and os.getpid() not in pids.values()


def test_cli_local_cluster_equals_single_process_on_seeds(tmp_path):
    expected = single(SEEDS, tmp_path=tmp_path)
    out = tmp_path / "dask.jsonl"
    r = run(SEEDS, "--engine", "dask", "--workers", "2", "-o", out)
    assert r.exit_code == 0, r.output
    assert out.read_text(encoding="utf-8") == expected
    assert expected.count("\n") == 5


def test_seeds_in_several_partitions_equal_single_process(client, tmp_path):
    expected = single(SEEDS, tmp_path=tmp_path)
    lines = [line for payload, _ in extract_partitions(client, [SEEDS], blocksize=8000) for line in payload]
    assert len(lines) == 5 and "".join(lines) == expected


@needs_geovirus
def test_benchmark_file_split_in_byte_ranges_equals_single_process(client, tmp_path):
    from geo.partitions import Lines, plan

    expected = single(GEOVIRUS, tmp_path=tmp_path)
    assert sum(isinstance(p, Lines) for p in plan([GEOVIRUS], 100_000)) == 8
    out = tmp_path / "dask.jsonl"
    r = run(GEOVIRUS, "--engine", "dask", "--scheduler", client.scheduler.address, "-o", out)
    assert r.exit_code == 0, r.output
    assert out.read_text(encoding="utf-8") == expected
    assert expected.count("\n") == 229


def test_jsonl_without_ids_numbers_lines_as_one_process_does(client, tmp_path):
    # Records without ids are named file#line: the byte ranges must count lines before them.
    texts = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]
    lines = []
    for i in range(40):
        lines.append(json.dumps({"text": texts[i % len(texts)]}))
        if i == 7:
            lines += ["{broken", ""]
    src = tmp_path / "news.jsonl"
    src.write_text("\n".join(lines) + "\n", encoding="utf-8")
    expected = single(src, tmp_path=tmp_path)
    got = "".join(line for payload, _ in extract_partitions(client, [src], blocksize=20_000) for line in payload)
    assert got == expected
    assert json.loads(got.splitlines()[-1])["id"] == "news.jsonl#42"


@pytest.mark.parametrize("fmt", ["csv", "geojson"])
def test_csv_and_geojson_equal_single_process(client, tmp_path, fmt):
    expected = tmp_path / f"one.{fmt}"
    assert run(SEEDS, "--format", fmt, "-o", expected).exit_code == 0
    out = tmp_path / f"dask.{fmt}"
    r = run(SEEDS, "--engine", "dask", "--scheduler", client.scheduler.address, "--format", fmt, "-o", out)
    assert r.exit_code == 0, r.output
    assert out.read_bytes() == expected.read_bytes() and len(out.read_bytes()) > 10_000


def test_parquet_file_and_folder_read_back_with_pandas(client, tmp_path):
    expected = mentions_frame(extract_articles(read_articles([SEEDS])))
    addr = client.scheduler.address
    r = run(SEEDS, "--engine", "dask", "--scheduler", addr, "-o", tmp_path / "m.parquet")
    assert r.exit_code == 0, r.output
    r = run(SEEDS, "--engine", "dask", "--scheduler", addr, "--format", "parquet", "-o", tmp_path / "parts")
    assert r.exit_code == 0, r.output
    for got in (pd.read_parquet(tmp_path / "m.parquet"), pd.read_parquet(tmp_path / "parts")):
        assert list(got.columns) == list(expected.columns) == list(COLUMNS)
        assert len(got) == len(expected) > 50
        pd.testing.assert_frame_equal(got, expected, check_dtype=False)
    assert sorted(p.name for p in (tmp_path / "parts").iterdir()) == ["part-00000.parquet"]


def test_parquet_output_reads_back_for_geo_map(client, tmp_path):
    jsonl, parquet = tmp_path / "m.jsonl", tmp_path / "m.parquet"
    assert run(SEEDS, "-o", jsonl).exit_code == 0
    r = run(SEEDS, "--engine", "dask", "--scheduler", client.scheduler.address, "-o", parquet)
    assert r.exit_code == 0, r.output
    want = [e for e in read_extractions_jsonl(jsonl) if e.mentions]
    got = list(read_extractions_parquet(parquet))
    assert [e.article for e in got] == [e.article for e in want]
    assert [e.mentions for e in got] == [e.mentions for e in want]
    assert all(e.article.text[m.start:m.end] == m.text for e in got for m in e.mentions)


@needs_geovirus
def test_parquet_dataset_in_and_extract_dataframe(client, tmp_path):
    news = pd.read_json(GEOVIRUS, lines=True)
    data = tmp_path / "news"
    data.mkdir()
    news.iloc[:120].to_parquet(data / "a.parquet", row_group_size=50)
    news.iloc[120:].to_parquet(data / "b.parquet")
    expected = single(GEOVIRUS, tmp_path=tmp_path)

    out = tmp_path / "dask.jsonl"
    r = run(data, "--engine", "dask", "--scheduler", client.scheduler.address, "--text-field", "text",
            "--id-field", "id", "-o", out)
    assert r.exit_code == 0, r.output
    got = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    want = [json.loads(line) for line in expected.splitlines()]
    assert [(g["id"], g["mentions"]) for g in got] == [(w["id"], w["mentions"]) for w in want]

    frame = extract_dataframe(dd.read_parquet(data), text="text", id="id").compute()
    assert list(frame.columns) == list(COLUMNS)
    one = mentions_frame(read_extractions_jsonl(tmp_path / "single.jsonl"))
    keys = ["article_id", "start", "end", "text", "geonameid", "score"]
    assert frame[keys].values.tolist() == one[keys].values.tolist()


def test_extract_dataframe_takes_the_index_as_id_and_checks_columns(client):
    texts = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]
    news = dd.from_pandas(pd.DataFrame({"body": texts}, index=[f"n{i}" for i in range(5)]), npartitions=2)
    frame = extract_dataframe(news, text="body", id=None).compute()
    assert sorted(set(frame["article_id"])) == ["n0", "n1", "n2", "n3", "n4"]
    assert all(texts[int(r.article_id[1:])][r.start:r.end] == r.text for r in frame.itertuples())
    with pytest.raises(ValueError, match="no column 'text'"):
        extract_dataframe(news)


@needs_geovirus
def test_worker_killed_mid_run_still_gives_every_article_once(client, tmp_path):
    expected = single(GEOVIRUS, tmp_path=tmp_path)
    before = worker_pids(client)
    victim = next(iter(before.values()))
    lines, killed = [], False
    for payload, _ in extract_partitions(client, [GEOVIRUS], blocksize=25_000):
        lines += payload
        if not killed:
            os.kill(victim, signal.SIGKILL)  # the nanny starts a new worker; its tasks are redone
            killed = True
    ids = [json.loads(line)["id"] for line in lines]
    assert len(ids) == len(set(ids)) == 229
    assert "".join(lines) == expected
    client.wait_for_workers(2, timeout=60)
    deadline = time.time() + 60
    while victim in worker_pids(client).values() and time.time() < deadline:
        time.sleep(0.5)
    assert victim not in worker_pids(client).values()


def test_worker_without_gazetteer_fails_with_one_message(client, tmp_path):
    out = tmp_path / "m.jsonl"
    r = run(SEEDS, "--engine", "dask", "--scheduler", client.scheduler.address,
            "--gazetteer", tmp_path / "nowhere", "-o", out)
    assert r.exit_code == 1
    assert "cannot load the gazetteer" in r.output and "Traceback" not in r.output
    assert len(r.output.strip().splitlines()) == 1
    assert not out.exists() and not (tmp_path / "nowhere").exists()


def test_the_command_says_it_in_one_line_on_stderr(tmp_path):
    # The whole standard error of a real run on its own local cluster: no worker logs.
    p = subprocess.run([sys.executable, "-m", "geo", "extract", str(SEEDS), "--engine", "dask", "--workers", "1",
                        "--gazetteer", str(tmp_path / "nowhere"), "-o", str(tmp_path / "m.jsonl")],
                       capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert p.returncode == 1
    [line] = p.stderr.strip().splitlines()
    assert line.startswith("Error: worker tcp://") and "cannot load the gazetteer: no gazetteer index" in line


def test_no_articles_no_output(client, tmp_path):
    (tmp_path / "empty").mkdir()
    (tmp_path / "empty" / "blank.txt").write_text("  \n")
    for out in (tmp_path / "m.jsonl", tmp_path / "m.parquet"):
        r = run(tmp_path / "empty", "--engine", "dask", "--scheduler", client.scheduler.address, "-o", out)
        assert r.exit_code == 1 and "no articles found" in r.output, r.output
        assert "blank.txt: empty file, skipped" in r.output
        assert not out.exists()


def test_missing_path_is_one_line(client, tmp_path):
    r = run(SEEDS, tmp_path / "nope", "--engine", "dask", "--scheduler", client.scheduler.address)
    assert r.exit_code == 1 and r.output == f"Error: no such file or folder: {tmp_path / 'nope'}\n"


def test_output_among_the_inputs_is_refused_before_any_work(tmp_path):
    news = tmp_path / "news"
    news.mkdir()
    (news / "a.txt").write_text("Shelling hit Kharkiv.", encoding="utf-8")
    for out in (news / "m.parquet", news / "m.jsonl", news / "a.txt"):
        r = run(news, "--engine", "dask", "--workers", "1", "-o", out)
        assert r.exit_code == 1 and "cannot write" in r.output and len(r.output.splitlines()) == 1, r.output
    assert sorted(p.name for p in news.iterdir()) == ["a.txt"]


def test_dask_only_options_are_refused_without_it(tmp_path):
    r = run(SEEDS, "--workers", "2")
    assert r.exit_code == 2 and "--engine dask" in r.output
    r = run(SEEDS, "-o", tmp_path / "m.parquet")
    assert r.exit_code == 2 and "--engine dask" in r.output
    r = run(SEEDS, "--engine", "dask", "--explain")
    assert r.exit_code == 2 and "--explain" in r.output
    assert not (tmp_path / "m.parquet").exists()


def test_extract_files_parquet_needs_an_output():
    with pytest.raises(ValueError, match="Parquet output needs"):
        extract_files([SEEDS], fmt="parquet")


PROBE = """
import sys
from click.testing import CliRunner
import geo
from geo.articles import read_articles
from geo.cli import main
r = CliRunner().invoke(main, ["extract", sys.argv[1], "-o", sys.argv[2], "--jobs", "2"])
assert r.exit_code == 0, r.output
print(sorted(m for m in sys.modules if m.split(".")[0] in ("dask", "distributed")))
"""


def test_default_path_does_not_import_dask(tmp_path):
    out = subprocess.run([sys.executable, "-c", PROBE, str(SEEDS), str(tmp_path / "m.jsonl")],
                         capture_output=True, text=True, cwd=ROOT, check=True)
    assert out.stdout.strip() == "[]"
    assert (tmp_path / "m.jsonl").read_text(encoding="utf-8").count("\n") == 5


NO_DASK = """
import sys
sys.modules["dask"] = sys.modules["distributed"] = None  # as if not installed
from click.testing import CliRunner
from geo.articles import read_articles
from geo.cli import main
r = CliRunner().invoke(main, ["extract", sys.argv[1], "--engine", "dask"])
print(r.exit_code)
print(r.output)
"""


def test_engine_dask_without_dask_says_how_to_install():
    out = subprocess.run([sys.executable, "-c", NO_DASK, str(SEEDS)], capture_output=True, text=True, cwd=ROOT,
                         check=True)
    code, *message = out.stdout.strip().splitlines()
    assert code == "1"
    assert message == ['Error: the dask engine needs dask and pyarrow: pip install "geo-news[dask]"']
