"""Serving choices: the response cache and in-memory index after an ingest, and `quanhe serve --workers`."""
from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

httpx = pytest.importorskip("httpx", reason="the serving tests need httpx")

from .conftest import INGEST_TOKEN, Server, _free_port, _ingest_copy  # noqa: E402

ARTICLE = {"articles": [{"id": "cache-1", "text": "Pháp trục xuất hai nhà ngoại giao Iran hôm 3/5.",
                         "published": "2020-05-10"}]}


@pytest.fixture(scope="module")
def writable(example_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    yield from _ingest_copy(example_db, tmp_path_factory, "cache")


def test_ingest_invalidates_cache_and_index(writable: Server) -> None:
    paths = {"events": ("/api/events", {"q": "trục xuất", "include_negated": "true"}),
             "timeline": ("/api/timeline", {"actor": "FRA", "by": "year"})}
    before = {}
    for name, (path, params) in paths.items():
        first = httpx.get(writable.url + path, params=params, timeout=10)
        again = httpx.get(writable.url + path, params=params, timeout=10)  # answered from the response cache
        assert first.status_code == again.status_code == 200 and first.content == again.content
        before[name] = first
    ok = httpx.post(writable.url + "/api/ingest", json=ARTICLE, timeout=60,
                    headers={"Authorization": f"Bearer {INGEST_TOKEN}"})
    assert ok.status_code == 200 and ok.json()["events_stored"] >= 1
    events = httpx.get(writable.url + paths["events"][0], params=paths["events"][1], timeout=10)
    assert events.headers["etag"] != before["events"].headers["etag"]
    assert events.json()["total"] > before["events"].json()["total"]
    assert "cache-1" in {e["doc_id"] for e in httpx.get(writable.url + "/api/events", timeout=10,
                                                         params={"q": "Iran", "include_negated": "true"}).json()["events"]}
    timeline = httpx.get(writable.url + paths["timeline"][0], params=paths["timeline"][1], timeout=10).json()
    old = sum(p["events"] for p in before["timeline"].json()["periods"])
    assert sum(p["events"] for p in timeline["periods"]) > old


def test_workers_refuse_an_ingest_token(example_db: Path) -> None:
    pytest.importorskip("uvicorn")
    from quanhe.errors import QuanheError
    from quanhe.web.app import serve

    with pytest.raises(QuanheError, match="one server process"):
        serve(example_db, port=_free_port(), ingest_token="t", workers=2)
    result = subprocess.run([sys.executable, "-m", "quanhe", "serve", "--db", str(example_db), "--workers", "2",
                             "--ingest-token", "t"], capture_output=True, text=True, timeout=60)
    assert result.returncode == 1 and "one server process" in result.stderr


def test_app_from_env(example_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("fastapi")
    from quanhe.web.app import ENV_CORS, ENV_DB, app_from_env

    monkeypatch.setenv(ENV_DB, str(example_db))
    monkeypatch.setenv(ENV_CORS, '["http://localhost:3000"]')
    app = app_from_env()
    assert app.state.db.writable is False and app.state.db.events.n > 0


def test_serve_with_two_workers(example_db: Path) -> None:
    pytest.importorskip("uvicorn")
    port = _free_port()
    proc = subprocess.Popen([sys.executable, "-m", "quanhe", "serve", "--db", str(example_db), "--port", str(port),
                             "--workers", "2"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(url + "/api/stats", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline or proc.poll() is not None:
                raise AssertionError("the server did not start: " + (proc.stderr.read().decode() if proc.stderr else ""))
            time.sleep(0.2)
        with httpx.Client(base_url=url, timeout=10) as client:  # several connections' worth of requests
            totals = {client.get("/api/events", params={"limit": 1, "_": str(i)}).json()["total"] for i in range(20)}
        assert len(totals) == 1 and totals.pop() > 0
    finally:
        proc.terminate()
        proc.wait(timeout=30)
