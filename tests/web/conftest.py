"""A real uvicorn server on 127.0.0.1 (free port, in a thread) over a database built from examples/articles."""
from __future__ import annotations

import shutil
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
INGEST_TOKEN = "test-token-7b1f"

WEB_MISSING = "the web extra (fastapi, uvicorn, jinja2) is not installed: pip install -e '.[web]'"


@dataclass
class Server:
    url: str
    db: Path


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _web_app(db: Path, **options: object) -> object:
    pytest.importorskip("fastapi", reason=WEB_MISSING)
    pytest.importorskip("jinja2", reason=WEB_MISSING)
    from quanhe.web import create_app

    return create_app(db, **options)  # type: ignore[arg-type]


def _serve(app: object) -> Iterator[str]:
    uvicorn = pytest.importorskip("uvicorn", reason=WEB_MISSING)

    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="off"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 15
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the test server did not start")
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


@pytest.fixture(scope="session")
def example_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from quanhe import api

    db = tmp_path_factory.mktemp("web") / "example.duckdb"
    summary = api.run([str(ROOT / "examples" / "articles")], db=db)
    assert summary.events_stored > 5
    return db


@pytest.fixture(scope="session")
def server(example_db: Path) -> Iterator[Server]:
    for url in _serve(_web_app(example_db)):
        yield Server(url, example_db)


def _ingest_copy(example_db: Path, tmp_path_factory: pytest.TempPathFactory, name: str) -> Iterator[Server]:
    """A server with ingest enabled on a private copy of the example database."""
    db = tmp_path_factory.mktemp(name) / f"{name}.duckdb"
    shutil.copy(example_db, db)
    for url in _serve(_web_app(db, ingest_token=INGEST_TOKEN)):
        yield Server(url, db)


@pytest.fixture(scope="session")
def ingest_server(example_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    yield from _ingest_copy(example_db, tmp_path_factory, "ingest")


@pytest.fixture(scope="session")
def story_server(example_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """A copy of the example database with a small stories table, the shape the corpus code may create."""
    import duckdb

    db = tmp_path_factory.mktemp("stories") / "stories.duckdb"
    shutil.copy(example_db, db)
    con = duckdb.connect(str(db))
    # the layout of src/quanhe/corpus: stories -> story_events -> story_event_mentions -> events
    con.execute("CREATE TABLE stories (story_id VARCHAR PRIMARY KEY, title VARCHAR, first_doc VARCHAR,"
                " actors VARCHAR[], n_events INTEGER)")
    con.execute("INSERT INTO stories VALUES ('s1', 'EU và Nga trục xuất nhà ngoại giao', 'vd-002', ['EU', 'RUS'], 1)")
    con.execute("CREATE TABLE story_events (story_event_id VARCHAR PRIMARY KEY, story_id VARCHAR, type VARCHAR)")
    con.execute("INSERT INTO story_events VALUES ('se1', 's1', 'SANCTION')")
    con.execute("CREATE TABLE story_event_mentions (story_event_id VARCHAR, event_id VARCHAR, doc_id VARCHAR)")
    con.execute("INSERT INTO story_event_mentions SELECT 'se1', event_id, doc_id FROM events WHERE type = 'SANCTION'")
    con.close()
    for url in _serve(_web_app(db)):
        yield Server(url, db)
