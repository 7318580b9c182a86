"""Tables of the corpus package, created next to the per-article tables of the store."""
from __future__ import annotations

import duckdb

SCHEMA = """
CREATE TABLE IF NOT EXISTS doc_duplicates (
    doc_id VARCHAR PRIMARY KEY, original_id VARCHAR NOT NULL, similarity DOUBLE NOT NULL
);
CREATE TABLE IF NOT EXISTS dedup_seen (doc_id VARCHAR PRIMARY KEY);
CREATE TABLE IF NOT EXISTS stories (
    story_id VARCHAR PRIMARY KEY, title VARCHAR, first_doc VARCHAR NOT NULL,
    first_seen VARCHAR, last_seen VARCHAR, n_articles INTEGER, actors VARCHAR[], n_events INTEGER
);
CREATE TABLE IF NOT EXISTS story_articles (
    doc_id VARCHAR PRIMARY KEY, story_id VARCHAR NOT NULL, similarity DOUBLE, seq INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS story_events (
    story_event_id VARCHAR PRIMARY KEY, story_id VARCHAR NOT NULL, type VARCHAR NOT NULL, mode VARCHAR,
    source_bases VARCHAR[], target_bases VARCHAR[], date VARCHAR, first_seen VARCHAR,
    num_articles INTEGER, num_sources INTEGER, confidence DOUBLE,
    cameo VARCHAR, goldstein DOUBLE, quad_class INTEGER
);
CREATE TABLE IF NOT EXISTS story_event_mentions (
    story_event_id VARCHAR NOT NULL, event_id VARCHAR NOT NULL, doc_id VARCHAR NOT NULL,
    sentence_index INTEGER, start_char INTEGER, end_char INTEGER, trigger VARCHAR, sentence VARCHAR
);
"""


def ensure_schema(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(SCHEMA)


def has_table(con: duckdb.DuckDBPyConnection, name: str) -> bool:
    row = con.execute("SELECT count(*) FROM information_schema.tables WHERE table_name = ?", [name]).fetchone()
    return bool(row and row[0])


def bulk_insert(con: duckdb.DuckDBPyConnection, table: str, rows: list[list[object]], replace: bool = False) -> None:
    """Insert many rows in one statement (executemany costs a round trip per row).

    Columns are passed as lists and zipped back into rows by parallel unnest.
    """
    if not rows:
        return
    columns = [list(col) for col in zip(*rows)]
    select = ", ".join(f"unnest(${i + 1})" for i in range(len(columns)))
    verb = "INSERT OR REPLACE" if replace else "INSERT"
    con.execute(f"{verb} INTO {table} SELECT {select}", columns)
