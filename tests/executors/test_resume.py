"""A `quanhe run` killed with SIGKILL mid-way, then run again, ends with the same store
as a clean run: batches commit whole, and the re-run skips what is already stored."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest
from .conftest import table_rows

N_ARTICLES = 1000
BATCH = 50


def quanhe_run(args: list[str]) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "quanhe", "run", *args], stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, env={**os.environ, "COLUMNS": "120"})


def wait_for_first_commit(db: Path, process: subprocess.Popen, timeout: float = 60) -> None:
    """DuckDB appends each committed batch to the write-ahead log: its growth past the schema's
    few kilobytes (one batch of 50 articles is several hundred) is the signal."""
    wal = Path(f"{db}.wal")
    deadline = time.monotonic() + timeout
    while not (wal.exists() and wal.stat().st_size > 64 * 1024):
        assert process.poll() is None, "the run ended before it could be killed"
        assert time.monotonic() < deadline, "no batch committed in time"
        time.sleep(0.01)


def documents_stored(db: Path) -> int:
    con = duckdb.connect(str(db))  # read-write: replays the write-ahead log the killed run left
    try:
        return int(con.execute("SELECT count(*) FROM documents").fetchone()[0])
    finally:
        con.close()


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
def test_killed_run_resumes_to_the_same_store(make_input, tmp_path):
    source = make_input(N_ARTICLES)
    clean, resumed = tmp_path / "clean.duckdb", tmp_path / "resumed.duckdb"
    assert quanhe_run([str(source), "--db", str(clean), "--batch-size", str(BATCH)]).wait() == 0

    victim = quanhe_run([str(source), "--db", str(resumed), "--batch-size", str(BATCH)])
    wait_for_first_commit(resumed, victim)
    time.sleep(0.3)  # a few more batches, then the kill lands in the middle of one
    victim.send_signal(signal.SIGKILL)
    assert victim.wait() == -signal.SIGKILL
    partial = documents_stored(resumed)
    assert 0 < partial < N_ARTICLES and partial % BATCH == 0  # killed mid-way; only whole batches

    rerun = quanhe_run([str(source), "--db", str(resumed), "--batch-size", str(BATCH)])
    assert rerun.wait() == 0, rerun.stderr.read().decode()
    assert table_rows(resumed) == table_rows(clean)
