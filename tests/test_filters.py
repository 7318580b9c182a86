"""One EventFilter for the store (`quanhe events`, api.query_events) and the web layer."""
from __future__ import annotations

import json
from datetime import date

import pytest

from quanhe import api
from quanhe.store.duckdb_store import DuckDBStore
from quanhe.store.filters import EventFilter, QueryError

ARTICLES = [
    {"id": "f1", "published": "2021-10-20", "text": "NATO trục xuất 8 nhà ngoại giao Nga hôm 6/10. Nga chỉ trích NATO."},
    {"id": "f2", "published": "2022-03-01", "text": "Mỹ và Nhật Bản hội đàm tại Tokyo. Pháp không trục xuất nhà ngoại giao Nga."},
]


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory):
    path = tmp_path_factory.mktemp("filters") / "f.duckdb"
    src = path.with_suffix(".jsonl")
    src.write_text("\n".join(json.dumps(a, ensure_ascii=False) for a in ARTICLES), encoding="utf-8")
    api.run([str(src)], db=path)
    return path


def test_store_takes_every_field_of_the_filter(db) -> None:
    with DuckDBStore(db, read_only=True) as store:
        every = store.events(EventFilter(include_negated=True))
        assert every and len(store.events(EventFilter(include_negated=True), limit=1)) == 1
        for f, keep in [
            (EventFilter(q="TRỤC XUẤT", include_negated=True), lambda e: "trục xuất" in e["sentence"].lower()),
            (EventFilter(quad_class=4, include_negated=True), lambda e: e["quad_class"] == 4),
            (EventFilter(doc_id="f2", include_negated=True), lambda e: e["doc_id"] == "f2"),
            (EventFilter(date_from=date(2022, 1, 1), include_negated=True), lambda e: e["doc_id"] == "f2"),
            (EventFilter(), lambda e: not e["negated"]),
        ]:
            assert [e["event_id"] for e in store.events(f)] == [e["event_id"] for e in every if keep(e)], f


def test_query_events_checks_values(db) -> None:
    assert api.query_events(db, actor="rus") == api.query_events(db, actor="RUS")
    with pytest.raises(QueryError):
        api.query_events(db, actor="RUS' OR 1=1 --")
    with pytest.raises(QueryError):
        api.query_events(db, type="SANCTION;")
