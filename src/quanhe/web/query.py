"""Read-only SQL over the event store, shared by the HTTP API, the dashboard and the exports.

Only duckdb is imported here, so `quanhe export` does not pay for the web stack. The filter
type and its SQL live in quanhe.store.filters (shared with `quanhe events`). Every value from
a client travels as a bound parameter; the only text spliced into SQL comes from constants
(column names, the date expression) and table names chosen by the app.
"""
from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator
from typing import Any

import duckdb

from quanhe.store.filters import (
    EventFilter, NotAvailable, QueryError, check_actor, events_relation,
    story_key, table_columns, table_exists, where_clause,
)

MAX_LIMIT = 500
DEFAULT_LIMIT = 50
MAX_FILTER_CHARS = 200
KEY_EVENTS = 8


class NotFound(QueryError):
    """The document, story or actor asked for does not exist."""


EVENT_FIELDS = (
    "event_id", "doc_id", "type", "mode", "context", "source_ids", "target_ids", "source_bases",
    "target_bases", "source_json", "target_json", "date", "date_text", "sentence_index", "start_char",
    "end_char", "sentence", "trigger", "trigger_start", "trigger_end", "cameo", "goldstein", "quad_class",
    "modality", "negated", "mentions_json", "coder_version", "dictionary_version", "quanhe_version",
)
# Every filter runs over this derived table, aliased `e`: the event columns plus `day`,
# `date_source` and document fields. The server answers from quanhe.web.memindex instead,
# which must agree with these queries.
FULL_EVENTS = events_relation(EVENT_FIELDS)
_ORDER_KEY = "e.day NULLS LAST, e.doc_id, e.start_char, e.trigger_start, e.event_id"
ORDER_SQL = " ORDER BY " + _ORDER_KEY
ORDERS = {
    "asc": ORDER_SQL,
    "desc": " ORDER BY e.day DESC NULLS LAST, e.doc_id, e.start_char, e.trigger_start, e.event_id",
    "strongest": " ORDER BY abs(e.goldstein) DESC NULLS LAST, " + _ORDER_KEY,
}


def event_rows(con: duckdb.DuckDBPyConnection, f: EventFilter, limit: int | None = DEFAULT_LIMIT,
               offset: int = 0, newest_first: bool = False) -> list[dict[str, Any]]:
    """Events as flat rows (store columns plus day, date_source and document fields)."""
    return paged_events(con, f, limit, offset, "desc" if newest_first else "asc")[0]


def paged_events(con: duckdb.DuckDBPyConnection, f: EventFilter, limit: int | None = DEFAULT_LIMIT,
                 offset: int = 0, order: str = "asc") -> tuple[list[dict[str, Any]], int]:
    """One page of events and the number that match (counted in the same pass)."""
    where, params = where_clause(con, f)
    sql = f"SELECT e.*, count(*) OVER () AS _total FROM {FULL_EVENTS}{where}{ORDERS[order]}"
    if limit is not None:
        sql += " LIMIT ? OFFSET ?"
        params += [int(limit), int(offset)]
    rows = _dicts(con.execute(sql, params))
    total = rows[0]["_total"] if rows else None
    for r in rows:
        del r["_total"]
    return rows, int(total) if total is not None else count_events(con, f)


def _dicts(cur: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    names = [c[0] for c in cur.description]
    return [dict(zip(names, r)) for r in cur.fetchall()]


def iter_event_batches(con: duckdb.DuckDBPyConnection, f: EventFilter,
                       size: int = 5000) -> Iterator[list[dict[str, Any]]]:
    """All matching events, in batches, without holding the whole result in Python."""
    where, params = where_clause(con, f)
    cur = con.execute(f"SELECT e.* FROM {FULL_EVENTS}{where}{ORDER_SQL}", params)
    names = [c[0] for c in cur.description]
    while batch := cur.fetchmany(size):
        yield [dict(zip(names, r)) for r in batch]


def count_events(con: duckdb.DuckDBPyConnection, f: EventFilter) -> int:
    where, params = where_clause(con, f)
    row = con.execute(f"SELECT count(*) FROM {FULL_EVENTS}{where}", params).fetchone()
    return int(row[0]) if row else 0


def event_api_dict(row: dict[str, Any]) -> dict[str, Any]:
    """The public JSON shape of one event (the same fields as `quanhe events --format jsonl`, plus day)."""
    return {
        "event_id": row["event_id"], "doc_id": row["doc_id"], "type": row["type"], "mode": row["mode"] or "",
        "context": row["context"] or "", "source": json.loads(row["source_json"] or "[]"),
        "target": json.loads(row["target_json"] or "[]"), "date": row["date"], "date_text": row["date_text"],
        "day": row["day"].isoformat() if row["day"] else None, "date_source": row["date_source"],
        "sentence_index": row["sentence_index"], "sentence": row["sentence"], "start": row["start_char"],
        "end": row["end_char"], "trigger": row["trigger"], "trigger_start": row["trigger_start"],
        "trigger_end": row["trigger_end"], "cameo": row["cameo"], "goldstein": row["goldstein"],
        "quad_class": row["quad_class"], "modality": row["modality"], "negated": bool(row["negated"]),
        "coder_version": row["coder_version"], "dictionary_version": row["dictionary_version"],
        "quanhe_version": row["quanhe_version"], "url": row["doc_url"] or "", "title": row["doc_title"] or "",
    }


def actors(con: duckdb.DuckDBPyConnection, q: str | None = None, limit: int = 100,
           offset: int = 0, exact: str | None = None) -> list[dict[str, Any]]:
    """Actors (ids before any ':SECTOR') with how often they act and are acted on, and a display name."""
    sql = """
    WITH sides AS (
      SELECT unnest(source_bases) AS actor_id, 1 AS as_source, 0 AS as_target, source_json AS js
        FROM events WHERE NOT coalesce(negated, false)
      UNION ALL
      SELECT unnest(target_bases), 0, 1, target_json FROM events WHERE NOT coalesce(negated, false)
    ), named AS (
      SELECT s.actor_id, s.as_source, s.as_target,
             (SELECT first(x.name) FROM (SELECT unnest(from_json(s.js, '[{"id":"VARCHAR","name":"VARCHAR"}]')) AS x)
               WHERE split_part(x.id, ':', 1) = s.actor_id) AS name
      FROM sides s
    )
    SELECT actor_id, coalesce(mode(name), '') AS name, sum(as_source)::BIGINT AS as_source,
           sum(as_target)::BIGINT AS as_target, count(*)::BIGINT AS events
    FROM named
    WHERE (? IS NULL OR contains(lower(actor_id), lower(?)) OR contains(lower(coalesce(name, '')), lower(?)))
      AND (? IS NULL OR actor_id = ?)
    GROUP BY actor_id ORDER BY events DESC, actor_id LIMIT ? OFFSET ?"""
    cur = con.execute(sql, [q, q, q, exact, exact, int(limit), int(offset)])
    names = [c[0] for c in cur.description]
    return [dict(zip(names, r)) for r in cur.fetchall()]


def partners(con: duckdb.DuckDBPyConnection, actor_id: str, limit: int = 20) -> list[dict[str, Any]]:
    """The actors this one acts on or is acted on by, most frequent first."""
    a = check_actor(actor_id)
    sql = """
    WITH ev AS (SELECT source_bases, target_bases FROM events
                WHERE NOT coalesce(negated, false) AND (list_contains(source_bases, ?) OR list_contains(target_bases, ?))),
    other AS (
      SELECT unnest(target_bases) AS actor_id FROM ev WHERE list_contains(source_bases, ?)
      UNION ALL SELECT unnest(source_bases) FROM ev WHERE list_contains(target_bases, ?)
    )
    SELECT actor_id, count(*)::BIGINT AS events FROM other WHERE actor_id <> ?
    GROUP BY actor_id ORDER BY events DESC, actor_id LIMIT ?"""
    rows = con.execute(sql, [a, a, a, a, a, int(limit)]).fetchall()
    return [{"actor_id": r[0], "events": int(r[1])} for r in rows]


def top_pair(con: duckdb.DuckDBPyConnection) -> tuple[str, str] | None:
    """The pair of actors with the most events between them (the dashboard's default view)."""
    row = con.execute("""
      WITH p AS (SELECT unnest(source_bases) AS s, target_bases FROM events WHERE NOT coalesce(negated, false)),
      q AS (SELECT s, unnest(target_bases) AS t FROM p)
      SELECT least(s, t), greatest(s, t), count(*) AS n FROM q WHERE s <> t
      GROUP BY ALL ORDER BY n DESC, 1, 2 LIMIT 1""").fetchone()
    return (row[0], row[1]) if row else None


_PERIOD_FORMATS = {"day": "%Y-%m-%d", "month": "%Y-%m", "year": "%Y"}


def timeline(con: duckdb.DuckDBPyConnection, f: EventFilter, by: str = "month") -> dict[str, Any]:
    """Per period: counts by type and quad class, Goldstein sum and mean, the strongest event."""
    if by not in _PERIOD_FORMATS:
        raise QueryError(f"by must be one of {', '.join(_PERIOD_FORMATS)}")
    where, params = where_clause(con, f)
    fmt = _PERIOD_FORMATS[by]
    # pos: the rank in the listing order, so that of two equally strong events the first is the key one
    base = (f"SELECT e.event_id, e.type, e.quad_class, e.goldstein, row_number() OVER ({ORDER_SQL}) AS pos,"
            f" coalesce(strftime(e.day, '{fmt}'), 'undated') AS period FROM {FULL_EVENTS}{where}")
    rows = con.execute(f"""
    WITH p AS ({base})
    SELECT period, count(*)::BIGINT AS n, sum(goldstein) AS g_sum, avg(goldstein) AS g_mean,
           count(*) FILTER (WHERE quad_class = 1)::BIGINT AS q1, count(*) FILTER (WHERE quad_class = 2)::BIGINT AS q2,
           count(*) FILTER (WHERE quad_class = 3)::BIGINT AS q3, count(*) FILTER (WHERE quad_class = 4)::BIGINT AS q4,
           first(event_id ORDER BY abs(coalesce(goldstein, 0)) DESC, pos) AS key_event,
           list(type) AS types
    FROM p GROUP BY period ORDER BY period = 'undated', period""", params).fetchall()
    periods = [
        {"period": r[0], "events": int(r[1]), "goldstein_sum": _round(r[2]), "goldstein_mean": _round(r[3]),
         "quad_class": {"1": int(r[4]), "2": int(r[5]), "3": int(r[6]), "4": int(r[7])},
         "cooperation": int(r[4]) + int(r[5]), "conflict": int(r[6]) + int(r[7]),
         "by_type": dict(sorted(Counter(r[9]).items())), "key_event_id": r[8]}
        for r in rows
    ]
    rows_key, _ = paged_events(con, f, KEY_EVENTS, 0, order="strongest")
    return {"by": by, "periods": periods, "key_events": [event_api_dict(r) for r in rows_key]}


def _round(x: float | None) -> float | None:
    return None if x is None else round(float(x), 3)


def document(con: duckdb.DuckDBPyConnection, doc_id: str) -> dict[str, Any]:
    cur = con.execute("SELECT doc_id, title, author, published, site, url, source, text, n_sentences, n_events,"
                      " quanhe_version, dictionary_version FROM documents WHERE doc_id = ?", [doc_id])
    names = [c[0] for c in cur.description]
    row = cur.fetchone()
    if row is None:
        raise NotFound("no document with this id")
    doc = dict(zip(names, row))
    cur = con.execute("SELECT start_char, end_char, text, actor_id, kind, sector, role, resolution"
                      " FROM actor_mentions WHERE doc_id = ? ORDER BY start_char, end_char", [doc_id])
    names = [c[0] for c in cur.description]
    doc["actors"] = [dict(zip(names, r)) for r in cur.fetchall()]
    rows = event_rows(con, EventFilter(doc_id=doc_id, include_negated=True), limit=None)
    doc["events"] = [event_api_dict(r) for r in rows]
    return doc


def _jsonable(value: Any) -> Any:
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


def stories(con: duckdb.DuckDBPyConnection, limit: int = DEFAULT_LIMIT, offset: int = 0) -> list[dict[str, Any]]:
    """Rows of the stories table as they are (its columns belong to the stories code)."""
    if not table_exists(con, "stories"):
        raise NotAvailable("this database has no stories table (stories are built by the corpus tools)")
    key = story_key(set(table_columns(con, "stories")))
    order = f" ORDER BY {key}" if key else ""
    cur = con.execute(f"SELECT * FROM stories{order} LIMIT ? OFFSET ?", [int(limit), int(offset)])
    names = [c[0] for c in cur.description]
    return [{k: _jsonable(v) for k, v in zip(names, r)} for r in cur.fetchall()]


def story(con: duckdb.DuckDBPyConnection, story_id: str) -> dict[str, Any]:
    if not table_exists(con, "stories"):
        raise NotAvailable("this database has no stories table (stories are built by the corpus tools)")
    key = story_key(set(table_columns(con, "stories")))
    if key is None:
        raise NotAvailable("the stories table has no story_id or id column")
    cur = con.execute(f"SELECT * FROM stories WHERE CAST({key} AS VARCHAR) = ? LIMIT 1", [story_id])
    names = [c[0] for c in cur.description]
    row = cur.fetchone()
    if row is None:
        raise NotFound("no story with this id")
    out = {k: _jsonable(v) for k, v in zip(names, row)}
    try:
        rows = event_rows(con, EventFilter(story=story_id), limit=MAX_LIMIT)
        out["events"] = [event_api_dict(r) for r in rows]
    except NotAvailable:
        out["events"] = []
    return out


def stats(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    row = con.execute("SELECT (SELECT count(*) FROM documents), (SELECT count(*) FROM events)").fetchone()
    return {"documents": int(row[0]), "events": int(row[1])} if row else {"documents": 0, "events": 0}
