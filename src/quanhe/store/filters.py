"""The one event filter, and the SQL that applies it, shared by the store, the CLI, the exports and the web API.

Every value from a caller travels as a bound parameter; the only text spliced into SQL
comes from constants in this module (column names, the date expression) and from the
names of tables that exist in the database.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

import duckdb

from quanhe.errors import QuanheError


class QueryError(QuanheError):
    """A request the store cannot answer (bad filter value, missing optional table)."""


class NotAvailable(QueryError):
    """An optional part of the store (stories) is not there."""


@dataclass(frozen=True, slots=True)
class EventFilter:
    """Filters for events; every field optional, all given ones must hold.

    `actor` is on either side (RUS matches RUS:GOV; RUS:GOV only itself); `pair` is two actors
    in either direction; `date_from`/`date_to` bound the event's placed day (see docs/exports.md);
    `q` is text in the sentence or trigger; `story` needs a stories table.
    """

    actor: str | None = None
    pair: tuple[str, str] | None = None
    type: str | None = None
    quad_class: int | None = None
    date_from: date | None = None
    date_to: date | None = None
    q: str | None = None
    story: str | None = None
    doc_id: str | None = None
    include_negated: bool = False


# The date an event is placed at, as a DATE: the start of its EDTF date; for an
# unknown year (XXXX-MM-DD) the latest such day on or before publication; with no
# (or an unreadable) date, the publication date. See docs/exports.md.
_PUB = "try_cast(substr(d.published, 1, 10) AS DATE)"
_START = "regexp_extract(split_part(e.date, '/', 1), '^(\\d{4}(-\\d{2}(-\\d{2})?)?)', 1)"
_XMD = "regexp_extract(e.date, '^XXXX-(\\d{2})(-(\\d{2}))?$', ['m', 'x', 'd'])"
EFFECTIVE_DATE_SQL = f"""(CASE
  WHEN length({_START}) = 10 THEN try_cast({_START} AS DATE)
  WHEN length({_START}) = 7 THEN try_cast({_START} || '-01' AS DATE)
  WHEN length({_START}) = 4 THEN try_cast({_START} || '-01-01' AS DATE)
  WHEN regexp_matches(e.date, '^XXXX-\\d{{2}}') AND {_PUB} IS NOT NULL THEN try_cast(
      (year({_PUB}) - CASE WHEN substr(e.date, 6, 5) > strftime({_PUB}, '%m-%d') THEN 1 ELSE 0 END)::VARCHAR
      || '-' || {_XMD}.m || '-' || coalesce(nullif({_XMD}.d, ''), '01') AS DATE)
  WHEN regexp_matches(e.date, '^XXXX') THEN NULL
  ELSE {_PUB}
END)"""
DATE_SOURCE_SQL = f"""(CASE
  WHEN length({_START}) >= 4 THEN 'event'
  WHEN regexp_matches(e.date, '^XXXX-\\d{{2}}') AND {_PUB} IS NOT NULL THEN 'year-from-published'
  WHEN regexp_matches(e.date, '^XXXX') THEN NULL
  WHEN {_PUB} IS NOT NULL THEN 'published'
END)"""
DOC_FIELDS = ("d.url AS doc_url, d.title AS doc_title, d.published AS doc_published, d.source AS doc_source,"
              " d.processed_at AS processed_at")


def events_relation(columns: tuple[str, ...]) -> str:
    """The events with `day`, `date_source` and document fields, as a derived table aliased `e`:
    the relation every filter below runs over."""
    return ("(SELECT " + ", ".join(f"e.{c}" for c in columns)
            + f", {EFFECTIVE_DATE_SQL} AS day, {DATE_SOURCE_SQL} AS date_source, {DOC_FIELDS}"
            " FROM events e LEFT JOIN documents d ON d.doc_id = e.doc_id) e")


_ACTOR_RE = re.compile(r"^[A-Za-z0-9_.\-]{1,40}(:[A-Za-z0-9_.\-]{1,40})?$")
_TYPE_RE = re.compile(r"^[A-Za-z_]{1,40}$")


def check_actor(value: str) -> str:
    """Actor ids are short codes (RUS, NATO, RUS:GOV); anything else cannot match, so refuse it."""
    if not _ACTOR_RE.match(value):
        raise QueryError("an actor id is letters, digits and _.-, with one optional ':SECTOR' (RUS, NATO, RUS:GOV)")
    return value.upper()


def check_type(value: str) -> str:
    if not _TYPE_RE.match(value):
        raise QueryError("type must be a PLOVER type name such as SANCTION")
    return value.upper()


def actor_column(side: str, actor: str) -> str:
    """Which list holds the actor: full ids (RUS:GOV) or the ids before the colon (RUS)."""
    return f"{side}_ids" if ":" in actor else f"{side}_bases"


def _actor_sql(side: str, actor: str) -> str:
    return f"list_contains(e.{actor_column(side, actor)}, ?)"


def table_exists(con: duckdb.DuckDBPyConnection, name: str) -> bool:
    row = con.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_name = ? AND table_schema = 'main'"
        " AND table_catalog = current_database()", [name]
    ).fetchall()  # fetchall, not fetchone: DuckDB 2 keeps a half-read result open on the connection
    return bool(row and row[0][0])


def table_columns(con: duckdb.DuckDBPyConnection, name: str) -> list[str]:
    rows = con.execute(
        "SELECT column_name FROM information_schema.columns WHERE table_name = ? AND table_schema = 'main'"
        " AND table_catalog = current_database()"
        " ORDER BY ordinal_position", [name]
    ).fetchall()
    return [r[0] for r in rows]


def story_key(cols: set[str]) -> str | None:
    for key in ("story_id", "id"):
        if key in cols:
            return key
    return None


def _story_clause(con: duckdb.DuckDBPyConnection) -> str:
    """How events link to stories, from whatever the stories code created (looked up, never assumed)."""
    if not table_exists(con, "stories"):
        raise NotAvailable("this database has no stories table (stories are built by the corpus tools)")
    mention_cols = set(table_columns(con, "story_event_mentions"))
    if {"story_event_id", "event_id"} <= mention_cols and {"story_event_id", "story_id"} <= set(
            table_columns(con, "story_events")):
        # the corpus package's layout: stories -> story_events -> story_event_mentions -> events
        return ("e.event_id IN (SELECT m.event_id FROM story_event_mentions m JOIN story_events s"
                " ON s.story_event_id = m.story_event_id WHERE CAST(s.story_id AS VARCHAR) = ?)")
    if {"story_id", "event_id"} <= set(table_columns(con, "story_events")):
        return "e.event_id IN (SELECT event_id FROM story_events WHERE CAST(story_id AS VARCHAR) = ?)"
    cols = set(table_columns(con, "stories"))
    key = story_key(cols)
    if "event_ids" in cols and key:
        return f"list_contains((SELECT first(event_ids) FROM stories WHERE CAST({key} AS VARCHAR) = ?), e.event_id)"
    if {"story_id", "doc_id"} <= set(table_columns(con, "story_articles")):
        return "e.doc_id IN (SELECT doc_id FROM story_articles WHERE CAST(story_id AS VARCHAR) = ?)"
    raise NotAvailable("the stories table does not say which events belong to a story")


def _actor_parts(f: EventFilter) -> tuple[list[str], list[Any]]:
    where: list[str] = []
    params: list[Any] = []
    if f.actor:
        a = check_actor(f.actor)
        where.append(f"({_actor_sql('source', a)} OR {_actor_sql('target', a)})")
        params += [a, a]
    if f.pair:
        a, b = (check_actor(x) for x in f.pair)
        where.append(f"(({_actor_sql('source', a)} AND {_actor_sql('target', b)})"
                     f" OR ({_actor_sql('source', b)} AND {_actor_sql('target', a)}))")
        params += [a, b, b, a]
    return where, params


def _column_parts(f: EventFilter) -> tuple[list[str], list[Any]]:
    where: list[str] = []
    params: list[Any] = []
    if f.type:
        where.append("e.type = ?")
        params.append(check_type(f.type))
    if f.quad_class is not None:
        where.append("e.quad_class = ?")
        params.append(int(f.quad_class))
    if f.date_from:
        where.append("e.day >= ?")
        params.append(f.date_from)
    if f.date_to:
        where.append("e.day <= ?")
        params.append(f.date_to)
    if f.doc_id:
        where.append("e.doc_id = ?")
        params.append(f.doc_id)
    return where, params


def lookup_parts(con: duckdb.DuckDBPyConnection, f: EventFilter) -> tuple[list[str], list[Any]]:
    """The conditions on text columns or other tables (`q`, `story`): they hold for a relation `e`
    with the columns of the events table, which is how the in-memory index asks for them."""
    where: list[str] = []
    params: list[Any] = []
    if f.q:
        # contains() rather than LIKE: no wildcard characters for a client to smuggle in
        where.append("(contains(lower(e.sentence), lower(?)) OR contains(lower(e.trigger), lower(?)))")
        params += [f.q, f.q]
    if f.story:
        where.append(_story_clause(con))
        params.append(f.story)
    return where, params


def where_clause(con: duckdb.DuckDBPyConnection, f: EventFilter) -> tuple[str, list[Any]]:
    """` WHERE ...` and its parameters, over a relation `e` shaped like `events_relation`."""
    where: list[str] = [] if f.include_negated else ["NOT coalesce(e.negated, false)"]
    params: list[Any] = []
    for part in (_actor_parts(f), _column_parts(f), lookup_parts(con, f)):
        where += part[0]
        params += part[1]
    return (" WHERE " + " AND ".join(where)) if where else "", params
