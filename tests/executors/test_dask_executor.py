"""The Dask executor codes the same events as the in-process one, writes Parquet that
DuckDB can query, and loads the store so that `quanhe events` works."""
from __future__ import annotations

import json
import subprocess
import sys

import duckdb
import pytest
from .conftest import table_rows

from quanhe import api

pytest.importorskip("dask.distributed")
pytest.importorskip("pyarrow")


def cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "quanhe", *args], capture_output=True, text=True, timeout=120)


def test_dask_and_local_executors_store_identical_rows(make_input, tmp_path):
    source = make_input(120)
    local_db, dask_db, out = tmp_path / "local.duckdb", tmp_path / "dask.duckdb", tmp_path / "parquet"
    assert cli("run", str(source), "--db", str(local_db), "--batch-size", "30").returncode == 0
    done = cli("run", str(source), "--db", str(dask_db), "--executor", "dask", "--workers", "2",
               "--out", str(out), "--batch-size", "30")
    assert done.returncode == 0, done.stderr

    local, dask = table_rows(local_db), table_rows(dask_db)
    assert local["events"] and [r[0] for r in dask["events"]] == [r[0] for r in local["events"]]
    # every column equal but quanhe_version/processed_at, which both executors share anyway
    assert dask == local

    parquet = duckdb.sql(f"SELECT event_id FROM read_parquet('{out}/events/*.parquet') ORDER BY event_id").fetchall()
    assert sorted(r[0] for r in local["events"]) == [r[0] for r in parquet]
    assert len(list((out / "events").glob("part-*.parquet"))) == 4  # 120 documents, partitions of 30

    listed = cli("events", "--db", str(dask_db), "--format", "jsonl", "--include-negated")
    assert listed.returncode == 0
    assert [json.loads(line)["event_id"] for line in listed.stdout.splitlines()] == \
        [e["event_id"] for e in api.query_events(local_db, include_negated=True)]


def test_dask_rerun_skips_unchanged_documents(make_input, tmp_path):
    from quanhe.executors.dask import run_dask

    source = make_input(20)
    db, out = tmp_path / "q.duckdb", tmp_path / "parquet"
    first = run_dask([str(source)], db=db, out=out, workers=1, processes=False, partition_size=10)
    assert first.documents_stored == 20 and first.events_stored > 0 and first.ok
    again = run_dask([str(source)], db=db, out=out, workers=1, processes=False, partition_size=10)
    # every document, with events or without, is stored with its dictionary version: all skipped
    assert _with_version(db) == 20
    assert again.documents_skipped == 20 and again.documents_stored == 0 and again.events_stored == 0


def test_local_executor_is_the_api_run(make_input, tmp_path):
    from quanhe.executors.local import run_local

    summary = run_local([str(make_input(5))], db=tmp_path / "q.duckdb")
    assert summary.documents_stored == 5
    import quanhe

    assert callable(quanhe.run)  # importing the executors keeps quanhe.run(...) a function
    again = quanhe.run([str(make_input(5))], db=tmp_path / "q.duckdb")
    assert again.documents_seen == 5 and again.documents_skipped == _with_version(tmp_path / "q.duckdb") == 5


def _with_version(db) -> int:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return int(con.execute("SELECT count(*) FROM documents WHERE dictionary_version <> ''").fetchone()[0])
    finally:
        con.close()


def test_workers_reading_their_ranges_match_the_driver_reading(make_input, tmp_path):
    from quanhe.executors.dask import run_dask

    source = make_input(25)
    with source.open("a", encoding="utf-8") as handle:
        handle.write("\nnot json\n")
    summaries, rows = [], []
    for reads in (True, False):
        db = tmp_path / f"{reads}.duckdb"
        timings: dict[str, float] = {}
        summaries.append(run_dask([str(source)], db=db, out=tmp_path / f"p{reads}", workers=1, processes=False,
                                  partition_size=10, worker_reads=reads, timings=timings))
        assert timings["startup"] > 0
        rows.append(table_rows(db))
    (ranged, shipped) = summaries
    assert rows[0] == rows[1] and rows[0]["events"]
    assert (ranged.documents_seen, ranged.documents_stored, [str(e) for e in ranged.errors]) == \
        (shipped.documents_seen, shipped.documents_stored, [str(e) for e in shipped.errors]) == \
        (26, 25, [f"{source}:27: invalid JSON (Expecting value)"])


@pytest.mark.parametrize("lines, size, workers, expected", [
    (7354, 1000, 2, 920),  # 8 even partitions instead of 7 of 1,000 and one of 354
    (4000, 1000, 2, 1000),
    (100, 1000, 2, 50),  # a small input still keeps both workers busy
    (5000, 1000, 3, 834),  # 6 partitions, a multiple of 3
    (0, 1000, 2, 1),
])
def test_partitions_are_balanced_over_the_workers(lines, size, workers, expected):
    from quanhe.executors.dask import balanced_size

    assert balanced_size(lines, size, workers) == expected
    parts = -(-lines // expected)
    assert expected <= size and (lines == 0 or parts % workers == 0)


class _Workers:
    """What `_worker_dictionary_version` asks of a client: the answers of `client.run`."""

    def __init__(self, answers: dict[str, str]) -> None:
        self.answers = answers

    def run(self, function):
        return dict(self.answers)


def test_workers_on_different_dictionary_versions_are_refused():
    from quanhe.errors import QuanheError
    from quanhe.executors.dask import _worker_dictionary_version

    assert _worker_dictionary_version(_Workers({"w1": "abc", "w2": "abc"})) == "abc"
    with pytest.raises(QuanheError, match="different dictionary versions.*abc, abd"):
        _worker_dictionary_version(_Workers({"w1": "abd", "w2": "abc"}))


def test_workers_report_their_dictionary_version_not_their_pipeline():
    from dask.distributed import Client, LocalCluster

    from quanhe.dictionaries import load_dictionaries
    from quanhe.executors.dask import load_worker_dictionaries

    with LocalCluster(n_workers=1, processes=False, dashboard_address=None) as cluster, Client(cluster) as client:
        assert list(client.run(load_worker_dictionaries).values()) == [load_dictionaries().version]
