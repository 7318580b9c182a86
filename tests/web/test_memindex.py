"""The server's in-memory index answers exactly as the SQL in quanhe.web.query does.

The database is the example articles plus a few thousand cloned events with varied actors,
sectors, EDTF dates (full, month, year, XXXX-MM-DD, none), Goldstein values and negation.
"""
from __future__ import annotations

import shutil
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import duckdb
import pytest

pytest.importorskip("numpy", reason="the in-memory index needs numpy (web extra)")
pytest.importorskip("pyarrow", reason="the in-memory index needs pyarrow (web extra)")

from quanhe.store.filters import EventFilter, QueryError  # noqa: E402
from quanhe.web import query as Q  # noqa: E402
from quanhe.web.memindex import MemoryIndex  # noqa: E402

ACTORS = ["RUS", "NATO", "USA", "CHN", "VNM", "EU"]
DATES = ["'2020-03-04'", "'2021-07'", "'2019'", "'XXXX-05-06'", "NULL", "'2020-03-04/2020-04-01'"]


def _add_clones(path: Path, n: int) -> None:
    con = duckdb.connect(str(path))
    con.execute(f"""
      INSERT INTO events
      WITH src AS (SELECT *, row_number() OVER (ORDER BY event_id) - 1 AS k FROM events),
      gen AS (SELECT range AS i, {ACTORS!r}[1 + range % 6] AS s, {ACTORS!r}[1 + (range // 7 + range % 5) % 6] AS t,
                     CASE WHEN range % 4 = 0 THEN ':GOV' ELSE '' END AS sec FROM range(?))
      SELECT 'c' || i::VARCHAR, src.doc_id, src.type, src.mode, src.context, [s || sec], [t], [s], [t],
             '[{{"id": "' || s || sec || '", "name": "' || s || '"}}]', '[{{"id": "' || t || '", "name": "' || t || '"}}]',
             [{", ".join(DATES)}][1 + (i // 3) % {len(DATES)}], src.date_text, src.sentence_index, src.start_char + i % 7,
             src.end_char, src.sentence, src.trigger, src.trigger_start, src.trigger_end, src.cameo,
             CASE WHEN i % 11 = 0 THEN NULL ELSE ((i % 21) - 10) / 2.0 END, 1 + (i // 5) % 4, src.modality,
             CASE WHEN i % 13 = 0 THEN NULL ELSE i % 17 = 0 END,
             src.mentions_json, src.coder_version, src.dictionary_version, src.quanhe_version
      FROM gen JOIN src ON src.k = gen.i % (SELECT count(*) FROM src)""", [n])
    con.close()


@pytest.fixture(scope="module")
def store(example_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[duckdb.DuckDBPyConnection, MemoryIndex]]:
    db = tmp_path_factory.mktemp("memindex") / "clones.duckdb"
    shutil.copy(example_db, db)
    _add_clones(db, 3000)
    con = duckdb.connect(str(db), read_only=True)
    yield con, MemoryIndex(con)
    con.close()


FILTERS = [
    EventFilter(),
    EventFilter(include_negated=True),
    EventFilter(actor="rus"),
    EventFilter(actor="RUS:GOV"),
    EventFilter(actor="NOBODY"),
    EventFilter(pair=("NATO", "RUS")),
    EventFilter(pair=("CHN:GOV", "USA")),
    EventFilter(type="sanction"),
    EventFilter(type="NOT_A_TYPE"),
    EventFilter(quad_class=3, actor="EU"),
    EventFilter(date_from=date(2020, 1, 1)),
    EventFilter(date_to=date(2020, 12, 31), include_negated=True),
    EventFilter(date_from=date(2020, 3, 1), date_to=date(2020, 3, 31), actor="VNM"),
    EventFilter(q="trục xuất"),
    EventFilter(q="không có chữ này", actor="RUS"),
    EventFilter(doc_id="vd-002", include_negated=True),
]


@pytest.mark.parametrize("f", FILTERS, ids=repr)
@pytest.mark.parametrize("order", ["asc", "desc", "strongest"])
def test_pages_match_sql(store: tuple[duckdb.DuckDBPyConnection, MemoryIndex], f: EventFilter, order: str) -> None:
    con, index = store
    for limit, offset in ((50, 0), (7, 23), (500, 0), (10, 100_000)):
        want, want_total = Q.paged_events(con, f, limit, offset, order=order)
        got, got_total = index.page(con, f, limit, offset, order=order)
        assert got_total == want_total
        assert len(got) == min(limit, max(0, want_total - offset))
        assert [Q.event_api_dict(r) for r in got] == [Q.event_api_dict(r) for r in want]


@pytest.mark.parametrize("f", FILTERS[:13], ids=repr)
@pytest.mark.parametrize("by", ["day", "month", "year"])
def test_timeline_matches_sql(store: tuple[duckdb.DuckDBPyConnection, MemoryIndex], f: EventFilter, by: str) -> None:
    con, index = store
    want, got = Q.timeline(con, f, by), index.timeline(con, f, by)
    assert sum(p["events"] for p in got["periods"]) == index.page(con, f)[1]
    assert got["key_events"] == want["key_events"]
    assert [p["period"] for p in got["periods"]] == [p["period"] for p in want["periods"]]
    for g, w in zip(got["periods"], want["periods"]):
        for key in ("goldstein_sum", "goldstein_mean"):  # summed in another order: equal to rounding
            mine, theirs = g.pop(key), w.pop(key)
            assert (mine is None and theirs is None) or mine == pytest.approx(theirs, abs=2e-3)
        assert g == w


def test_bad_values_are_refused(store: tuple[duckdb.DuckDBPyConnection, MemoryIndex]) -> None:
    con, index = store
    for f in (EventFilter(actor="RUS; DROP"), EventFilter(type="SANCTION'"), EventFilter(pair=("RUS", "a b"))):
        with pytest.raises(QueryError):
            index.page(con, f)
    with pytest.raises(QueryError):
        index.timeline(con, EventFilter(), by="week")


def test_empty_database(tmp_path: Path) -> None:
    from quanhe.store.duckdb_store import DuckDBStore

    db = tmp_path / "empty.duckdb"
    DuckDBStore(db).close()
    con = duckdb.connect(str(db), read_only=True)
    index = MemoryIndex(con)
    assert index.page(con, EventFilter(actor="RUS")) == ([], 0)
    assert index.timeline(con, EventFilter())["periods"] == []
    con.close()
