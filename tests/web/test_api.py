"""The HTTP API against a real server: filters, pagination, timeline, documents, stories, ETags, ingest."""
from __future__ import annotations

import pytest

httpx = pytest.importorskip("httpx", reason="the API tests need httpx")

from .conftest import INGEST_TOKEN, Server


def get(server: Server, path: str, **kw: object) -> httpx.Response:
    return httpx.get(server.url + path, timeout=10, **kw)  # type: ignore[arg-type]


def test_events_default_page(server: Server) -> None:
    r = get(server, "/api/events")
    assert r.status_code == 200
    body = r.json()
    assert body["total"] == len(body["events"]) > 5
    e = body["events"][0]
    assert {"event_id", "doc_id", "type", "source", "target", "trigger", "trigger_start", "cameo", "goldstein",
            "quad_class", "day", "date"} <= set(e)
    assert not any(ev["negated"] for ev in body["events"])


def test_filters(server: Server) -> None:
    pair = get(server, "/api/events", params={"a": "NATO", "b": "RUS"}).json()
    assert pair["total"] >= 2
    for e in pair["events"]:
        sides = {a["id"].split(":")[0] for a in e["source"]} | {a["id"].split(":")[0] for a in e["target"]}
        assert {"RUS", "NATO"} <= sides
    sanction = get(server, "/api/events", params={"type": "sanction"}).json()
    assert sanction["total"] >= 1 and all(e["type"] == "SANCTION" for e in sanction["events"])
    quad = get(server, "/api/events", params={"quad_class": 4}).json()
    assert all(e["quad_class"] == 4 for e in quad["events"])
    dated = get(server, "/api/events", params={"from": "2022-04-01", "to": "2022-04-30"}).json()
    assert dated["total"] >= 1 and all("2022-04-01" <= e["day"] <= "2022-04-30" for e in dated["events"])
    text = get(server, "/api/events", params={"q": "trục xuất"}).json()
    assert text["total"] >= 1 and all("trục xuất" in e["sentence"].lower() for e in text["events"])
    with_neg = get(server, "/api/events", params={"include_negated": "true"}).json()
    assert with_neg["total"] > get(server, "/api/events").json()["total"]


def test_pagination_and_cap(server: Server) -> None:
    first = get(server, "/api/events", params={"limit": 2}).json()
    second = get(server, "/api/events", params={"limit": 2, "offset": 2}).json()
    assert len(first["events"]) == 2 and first["total"] == second["total"]
    assert first["events"][0]["event_id"] != second["events"][0]["event_id"]
    assert get(server, "/api/events", params={"limit": 10_000}).status_code == 422
    assert get(server, "/api/events", params={"a": "RUS"}).status_code == 422


def test_timeline(server: Server) -> None:
    r = get(server, "/api/timeline", params={"a": "RUS", "b": "NATO", "by": "month"})
    assert r.status_code == 200
    t = r.json()
    assert (t["a"], t["b"], t["by"]) == ("RUS", "NATO", "month")
    total = sum(p["events"] for p in t["periods"])
    assert total == get(server, "/api/events", params={"a": "RUS", "b": "NATO"}).json()["total"]
    p = t["periods"][0]
    assert p["cooperation"] + p["conflict"] == sum(p["quad_class"].values()) == p["events"]
    assert sum(p["by_type"].values()) == p["events"]
    assert t["key_events"] and abs(t["key_events"][0]["goldstein"]) >= abs(t["key_events"][-1]["goldstein"])
    assert get(server, "/api/timeline", params={"by": "week"}).status_code == 422


def test_actors(server: Server) -> None:
    actors = get(server, "/api/actors").json()["actors"]
    ids = [a["actor_id"] for a in actors]
    assert "RUS" in ids and "NATO" in ids
    assert get(server, "/api/actors", params={"q": "nga"}).json()["actors"][0]["actor_id"] == "RUS"
    detail = get(server, "/api/actors/RUS").json()
    assert detail["actor"]["actor_id"] == "RUS" and detail["partners"]
    assert get(server, "/api/actors/ZZZ").status_code == 404


def test_document_marks(server: Server) -> None:
    doc = get(server, "/api/documents/vd-002").json()
    assert doc["text"] and doc["events"]
    triggers = [m for m in doc["marks"] if m["kind"] == "trigger"]
    assert triggers
    for mk in triggers:
        ev = next(e for e in doc["events"] if e["event_id"] == mk["event_id"])
        assert doc["text"][mk["start"]:mk["end"]].startswith(ev["trigger"].split(" ... ")[0])
    assert get(server, "/api/documents/no-such-doc").status_code == 404


def test_stories_missing_is_404(server: Server) -> None:
    for path in ("/api/stories", "/api/stories/s1", "/api/events?story=s1"):
        r = get(server, path)
        assert r.status_code == 404, path
        assert "stories" in r.json()["error"]


def test_stories_when_present(story_server: Server) -> None:
    stories = get(story_server, "/api/stories").json()["stories"]
    assert stories[0]["story_id"] == "s1"
    story = get(story_server, "/api/stories/s1").json()
    assert story["events"] and all(e["type"] == "SANCTION" for e in story["events"])
    filtered = get(story_server, "/api/events", params={"story": "s1"}).json()
    assert filtered["total"] == len(story["events"])
    assert get(story_server, "/api/stories/nope").status_code == 404
    assert "s1" in get(story_server, "/stories").text


def test_etag_304(server: Server) -> None:
    r = get(server, "/api/events", params={"type": "SANCTION"})
    tag = r.headers["etag"]
    again = get(server, "/api/events", params={"type": "SANCTION"}, headers={"If-None-Match": tag})
    assert again.status_code == 304 and again.content == b""
    other = get(server, "/api/events", params={"type": "AID"}, headers={"If-None-Match": tag})
    assert other.status_code == 200 and other.headers["etag"] != tag


def test_json_twins(server: Server) -> None:
    html = get(server, "/events", params={"type": "SANCTION"})
    assert html.headers["content-type"].startswith("text/html")
    twin = get(server, "/events", params={"type": "SANCTION", "format": "json"}).json()
    api = get(server, "/api/events", params={"type": "SANCTION"}).json()
    assert twin == api
    by_accept = get(server, "/events", params={"type": "SANCTION"}, headers={"Accept": "application/json"})
    assert by_accept.json() == api
    assert html.headers["etag"] != by_accept.headers["etag"]
    assert get(server, "/documents/vd-001?format=json").json()["doc_id"] == "vd-001"
    assert get(server, "/actors/RUS?format=json").json()["actor"]["actor_id"] == "RUS"
    assert get(server, "/?a=RUS&b=NATO&format=json").json() == get(server, "/api/timeline?a=RUS&b=NATO").json()


def test_pages_render(server: Server) -> None:
    for path in ("/", "/events", "/actors", "/actors/RUS", "/documents/vd-002", "/?a=RUS&b=NATO&by=year"):
        r = get(server, path)
        assert r.status_code == 200, path
        assert "<!doctype html>" in r.text and "content-security-policy" in r.headers
    relations = get(server, "/?a=RUS&b=NATO").text
    assert "<svg" in relations and 'class="bar conf"' in relations
    doc = get(server, "/documents/vd-002").text
    assert 'class="m-trigger"' in doc and 'class="m-source"' in doc
    assert get(server, "/stories").status_code == 404


def test_openapi(server: Server) -> None:
    spec = get(server, "/openapi.json").json()
    for path in ("/api/events", "/api/timeline", "/api/actors", "/api/documents/{doc_id}", "/api/stories",
                 "/api/ingest"):
        assert path in spec["paths"]
    assert "EventPage" in spec["components"]["schemas"]


def test_cors_off_by_default(server: Server) -> None:
    r = get(server, "/api/events", headers={"Origin": "http://evil.example"})
    assert "access-control-allow-origin" not in r.headers


ARTICLE = {"articles": [{"id": "ingest-1", "text": "Pháp trục xuất hai nhà ngoại giao Iran hôm 3/5.",
                         "published": "2020-05-10"}]}


def test_ingest_disabled_without_token(server: Server) -> None:
    r = httpx.post(server.url + "/api/ingest", json=ARTICLE, timeout=10)
    assert r.status_code == 403
    r = httpx.post(server.url + "/api/ingest", json=ARTICLE, headers={"Authorization": "Bearer x"}, timeout=10)
    assert r.status_code == 403


def test_ingest_with_token(ingest_server: Server) -> None:
    url = ingest_server.url + "/api/ingest"
    assert httpx.post(url, json=ARTICLE, timeout=10).status_code == 401
    wrong = httpx.post(url, json=ARTICLE, headers={"Authorization": "Bearer wrong"}, timeout=10)
    assert wrong.status_code == 401 and wrong.headers["www-authenticate"] == "Bearer"
    before = get(ingest_server, "/api/events", params={"actor": "FRA"})
    ok = httpx.post(url, json=ARTICLE, headers={"Authorization": f"Bearer {INGEST_TOKEN}"}, timeout=60)
    assert ok.status_code == 200, ok.text
    assert ok.json()["documents_stored"] == 1 and ok.json()["events_stored"] >= 1
    after = get(ingest_server, "/api/events", params={"actor": "FRA"},
                headers={"If-None-Match": before.headers["etag"]})
    assert after.status_code == 200 and after.json()["total"] == before.json()["total"] + 1
    too_many = {"articles": [{"id": str(i), "text": "x"} for i in range(51)]}
    auth = {"Authorization": f"Bearer {INGEST_TOKEN}"}
    assert httpx.post(url, json=too_many, headers=auth, timeout=10).status_code == 422
    huge = httpx.post(url, content=b"{" + b" " * (5 * 1024 * 1024) + b"}", headers=auth, timeout=10)
    assert huge.status_code == 413


@pytest.mark.parametrize("path", ["/api/events?limit=abc", "/api/documents/" + "x" * 300])
def test_errors_are_json_without_traces(server: Server, path: str) -> None:
    r = get(server, path)
    assert r.status_code == 422
    assert "Traceback" not in r.text and r.json()["status"] == 422
