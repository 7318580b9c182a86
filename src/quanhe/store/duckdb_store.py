"""The DuckDB event store: one file, one writer, one transaction per batch.

A document is stored with a hash of its input and the versions that coded it.
Writing a document again replaces its rows inside the same transaction, so a
re-run adds nothing, a crash leaves either the old or the new rows, and a run that
was interrupted resumes by skipping what is already stored with the same hash.
"""
from __future__ import annotations

import importlib.util
import json
from collections.abc import Collection, Iterable, Sequence
from operator import attrgetter
from pathlib import Path
from typing import Any

import duckdb

from quanhe.document import ActorRef, Document, Event
from quanhe.errors import StoreError
from quanhe.store.filters import EventFilter, events_relation, where_clause

SCHEMA_VERSION = 1
WRITER_MEMORY_LIMIT = "64MB"
# pyarrow is optional (extras web, dask): with it, column batches go into DuckDB about three
# times faster. Imported on the first insert only: reading and querying never pay for it.
_ARROW = importlib.util.find_spec("pyarrow") is not None
_ARROW_TYPES = {"VARCHAR": "string", "INTEGER": "int32", "DOUBLE": "float64", "BOOLEAN": "bool"}
# the stored rows of a batch's documents, found by a hash join with the batch's ids (a
# list_contains filter would compare every stored id with every id of the batch)
_IN_BATCH = "doc_id IN (SELECT unnest(?::VARCHAR[]))"
# json.dumps(..., ensure_ascii=False) builds an encoder per call; one shared encoder gives the same text
_JSON = json.JSONEncoder(ensure_ascii=False)
SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key VARCHAR PRIMARY KEY, value VARCHAR);
-- documents and events have no PRIMARY KEY either: DuckDB keeps key indexes in memory, so a
-- key made a long run's memory grow with the database. Ids stay unique because a batch
-- deletes the stored rows of its documents before inserting them, and dedupes in Python.
-- (Stores made before this keep their keys; the plain inserts below work on both.)
CREATE TABLE IF NOT EXISTS documents (
    doc_id VARCHAR NOT NULL,
    content_hash VARCHAR NOT NULL,
    title VARCHAR, author VARCHAR, published VARCHAR, site VARCHAR, url VARCHAR, source VARCHAR,
    origin VARCHAR,
    text VARCHAR,
    n_sentences INTEGER,
    n_events INTEGER,
    quanhe_version VARCHAR NOT NULL,
    dictionary_version VARCHAR NOT NULL,
    processed_at TIMESTAMP DEFAULT current_timestamp
);
-- no primary key: DuckDB keeps key indexes in memory, and sentences are the largest table;
-- (doc_id, idx) stays unique because a document's rows are always replaced as a whole
CREATE TABLE IF NOT EXISTS sentences (
    doc_id VARCHAR NOT NULL, idx INTEGER NOT NULL, start_char INTEGER, end_char INTEGER, text VARCHAR
);
CREATE TABLE IF NOT EXISTS actor_mentions (
    doc_id VARCHAR NOT NULL, start_char INTEGER, end_char INTEGER, text VARCHAR,
    actor_id VARCHAR, kind VARCHAR, sector VARCHAR, role VARCHAR, person VARCHAR,
    resolution VARCHAR, location BOOLEAN
);
CREATE TABLE IF NOT EXISTS events (
    event_id VARCHAR NOT NULL,
    doc_id VARCHAR NOT NULL,
    type VARCHAR NOT NULL, mode VARCHAR, context VARCHAR,
    source_ids VARCHAR[], target_ids VARCHAR[],
    source_bases VARCHAR[], target_bases VARCHAR[],  -- ids before the colon: RUS for RUS:GOV
    source_json VARCHAR, target_json VARCHAR,
    date VARCHAR, date_text VARCHAR,
    sentence_index INTEGER, start_char INTEGER, end_char INTEGER, sentence VARCHAR,
    trigger VARCHAR, trigger_start INTEGER, trigger_end INTEGER,
    cameo VARCHAR, goldstein DOUBLE, quad_class INTEGER,
    modality VARCHAR, negated BOOLEAN,
    mentions_json VARCHAR,
    coder_version VARCHAR NOT NULL, dictionary_version VARCHAR NOT NULL, quanhe_version VARCHAR NOT NULL
);
"""
EVENT_COLUMNS = (
    "event_id", "doc_id", "type", "mode", "context", "source_ids", "target_ids", "source_bases",
    "target_bases", "source_json",
    "target_json", "date", "date_text", "sentence_index", "start_char", "end_char", "sentence",
    "trigger", "trigger_start", "trigger_end", "cameo", "goldstein", "quad_class", "modality",
    "negated", "mentions_json", "coder_version", "dictionary_version", "quanhe_version",
)


DOCUMENT_COLUMNS = (
    ("doc_id", "VARCHAR"), ("content_hash", "VARCHAR"), ("title", "VARCHAR"), ("author", "VARCHAR"),
    ("published", "VARCHAR"), ("site", "VARCHAR"), ("url", "VARCHAR"), ("source", "VARCHAR"),
    ("origin", "VARCHAR"), ("text", "VARCHAR"), ("n_sentences", "INTEGER"), ("n_events", "INTEGER"),
    ("quanhe_version", "VARCHAR"), ("dictionary_version", "VARCHAR"),
)
SENTENCE_COLUMNS = (("doc_id", "VARCHAR"), ("idx", "INTEGER"), ("start_char", "INTEGER"),
                    ("end_char", "INTEGER"), ("text", "VARCHAR"))
MENTION_COLUMNS = (
    ("doc_id", "VARCHAR"), ("start_char", "INTEGER"), ("end_char", "INTEGER"), ("text", "VARCHAR"),
    ("actor_id", "VARCHAR"), ("kind", "VARCHAR"), ("sector", "VARCHAR"), ("role", "VARCHAR"),
    ("person", "VARCHAR"), ("resolution", "VARCHAR"), ("location", "BOOLEAN"),
)
COLUMN_TYPES = {
    **{c: "VARCHAR" for c in EVENT_COLUMNS},
    **{c: "VARCHAR[]" for c in ("source_ids", "target_ids", "source_bases", "target_bases")},
    **{c: "INTEGER" for c in ("sentence_index", "start_char", "end_char", "trigger_start", "trigger_end",
                              "quad_class")},
    "goldstein": "DOUBLE", "negated": "BOOLEAN",
}


def _arrow_type(sql_type: str) -> Any:
    import pyarrow

    if sql_type == "VARCHAR[]":
        return pyarrow.list_(pyarrow.string())
    return pyarrow.type_for_alias(_ARROW_TYPES[sql_type])


class BatchRows:
    """The rows of every table for one batch of documents, in insertion order: documents,
    sentences and mentions as one list per column (the many small rows were built, then
    transposed for the insert), events as rows (a later duplicate event id replaces a row)."""

    def __init__(self) -> None:
        self.documents: list[list[Any]] = [[] for _ in DOCUMENT_COLUMNS]
        self.sentences: list[list[Any]] = [[] for _ in SENTENCE_COLUMNS]
        self.mentions: list[list[Any]] = [[] for _ in MENTION_COLUMNS]
        self.events: list[list[Any]] = []

    def add(self, doc: Document, content_hash: str, quanhe_version: str) -> int:
        events = doc.candidates
        dictionary_version = doc.dictionary_version or (events[0].dictionary_version if events else "")
        row = (doc.id, content_hash, doc.title, doc.author, doc.published, doc.site, doc.url, doc.source,
               doc.origin, doc.text, len(doc.sentences), len(doc.events), quanhe_version, dictionary_version)
        for column, value in zip(self.documents, row):
            column.append(value)
        _extend_columns(self.sentences, doc.id, doc.sentences, _SENTENCE_FIELDS)
        _extend_columns(self.mentions, doc.id, doc.actors, _MENTION_FIELDS)
        self.events += [_event_row(e, quanhe_version) for e in events]
        return len(doc.events)

    def event_columns(self) -> list[list[Any]]:
        """The events as one list per column; a later row with the same event id replaces an
        earlier one, as row-by-row inserts did."""
        return columns_of(list({r[0]: r for r in self.events}.values()), len(EVENT_COLUMNS))


# the attributes behind the columns after doc_id
_SENTENCE_FIELDS = ("index", "start", "end", "text")
_MENTION_FIELDS = ("start", "end", "text", "id", "kind", "sector", "role", "person", "resolution", "location")


def _extend_columns(columns: list[list[Any]], doc_id: str, items: Sequence[Any], fields: tuple[str, ...]) -> None:
    """Append a document's items to per-column lists: doc_id first, then one attribute per column."""
    columns[0] += [doc_id] * len(items)
    for column, name in zip(columns[1:], fields):
        column += map(attrgetter(name), items)


def columns_of(rows: list[list[Any]], width: int) -> list[list[Any]]:
    """Rows transposed to one list per column (`width` empty lists for no rows)."""
    return [list(c) for c in zip(*rows)] if rows else [[] for _ in range(width)]


class DuckDBStore:
    """Events, documents, sentences and actor mentions in one DuckDB file."""

    def __init__(self, path: str | Path = "quanhe.duckdb", read_only: bool = False,
                 memory_limit: str | None = None, threads: int | None = None) -> None:
        self.path = str(path)
        if read_only and not Path(self.path).exists():
            raise StoreError(f"{self.path}: no such database (run `quanhe run` first)")
        try:
            # DuckDB caches written pages up to 80% of RAM by default; a writer that appends
            # batches needs little, and a bound keeps a long run's memory flat (measured: 171 MB
            # for 20 MB of input, 192 MB for 80 MB). Larger work spills to disk.
            limit = memory_limit or (None if read_only else WRITER_MEMORY_LIMIT)
            config: dict[str, str | int] = {"memory_limit": limit} if limit else {}
            if threads:  # a bulk writer (quanhe run) takes one: the coder is the work
                config["threads"] = threads
            self.con = duckdb.connect(self.path, read_only=read_only, config=config)
        except duckdb.Error as exc:
            raise StoreError(f"{self.path}: cannot open the database: {exc}") from None
        if not read_only:
            self.con.execute(SCHEMA)
            self.con.execute(
                "INSERT OR REPLACE INTO meta VALUES ('schema_version', ?)", [str(SCHEMA_VERSION)]
            )
        self._pending = BatchRows()

    def close(self) -> None:
        self.con.close()

    def __enter__(self) -> DuckDBStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ------------------------------------------------------------ writing

    def stored_hashes(self, doc_ids: Sequence[str]) -> dict[str, tuple[str, str, str]]:
        """doc_id -> (content_hash, quanhe_version, dictionary_version) for the ids already stored."""
        if not doc_ids:
            return {}
        rows = self.con.execute(
            f"SELECT doc_id, content_hash, quanhe_version, dictionary_version FROM documents WHERE {_IN_BATCH}",
            [list(doc_ids)],
        ).fetchall()
        return {r[0]: (r[1], r[2], r[3]) for r in rows}

    def write_batch(self, docs: Iterable[tuple[Document, str]], quanhe_version: str,
                    stored: Collection[str] | None = None) -> int:
        """Store (document, content hash) pairs in one transaction; returns events written.
        `stored`: the ids among them already stored, when the caller (the one writer of this
        store) has just looked up these same ids with stored_hashes; otherwise, or when in
        doubt (a stage may have changed an id), pass None and they are looked up here, inside
        the transaction."""
        batch = list({d.id: (d, h) for d, h in docs}.values())  # a later duplicate id wins
        if not batch:
            return 0
        written = 0
        self._pending = BatchRows()
        self.con.execute("BEGIN TRANSACTION")
        try:
            ids = [d.id for d, _ in batch]
            # a document's rows are written in one transaction, so a document row stands for
            # all of them: only documents already stored need their old rows deleted
            if stored is None:
                replaced = [r[0] for r in self.con.execute(
                    f"SELECT doc_id FROM documents WHERE {_IN_BATCH}", [ids]).fetchall()]
            else:
                replaced = [i for i in ids if i in stored]
            if replaced:
                self._delete(replaced)
            for doc, content_hash in batch:
                written += self._insert(doc, content_hash, quanhe_version)
            self._flush(self._pending)
            self.con.execute("COMMIT")
        except Exception:
            self.con.execute("ROLLBACK")
            raise
        finally:
            self._pending = BatchRows()
        return written

    def _insert(self, doc: Document, content_hash: str, quanhe_version: str) -> int:
        """Stage one document's rows for the batch's inserts; returns its events."""
        return self._pending.add(doc, content_hash, quanhe_version)

    def _flush(self, rows: BatchRows) -> None:
        self._insert_columns("documents", DOCUMENT_COLUMNS, rows.documents)
        self._insert_columns("sentences", SENTENCE_COLUMNS, rows.sentences)
        self._insert_columns("actor_mentions", MENTION_COLUMNS, rows.mentions)
        self._insert_columns("events", EVENT_COLUMNS, rows.event_columns())

    def _delete(self, doc_ids: Sequence[str]) -> None:
        for table in ("events", "actor_mentions", "sentences", "documents"):
            self.con.execute(f"DELETE FROM {table} WHERE {_IN_BATCH}", [list(doc_ids)])

    def load_parquet(self, files: dict[str, str], doc_ids: Sequence[str]) -> int:
        """Replace `doc_ids` with the rows of Parquet files written by an executor, one file per
        table (documents, sentences, actor_mentions, events), in one transaction; returns the
        events reported as real (not negated) that were loaded."""
        tables = {"documents": DOCUMENT_COLUMNS, "sentences": SENTENCE_COLUMNS,
                  "actor_mentions": MENTION_COLUMNS, "events": EVENT_COLUMNS}
        self.con.execute("BEGIN TRANSACTION")
        try:
            self._delete(doc_ids)
            for table, columns in tables.items():  # each part's events are unique already
                names = ", ".join(c if isinstance(c, str) else c[0] for c in columns)
                self.con.execute(f"INSERT INTO {table} ({names}) SELECT {names} FROM read_parquet(?)",
                                 [files[table]])
            loaded = self.con.execute("SELECT count(*) FROM read_parquet(?) WHERE NOT negated",
                                      [files["events"]]).fetchone()[0]
            self.con.execute("COMMIT")
        except Exception:
            self.con.execute("ROLLBACK")
            raise
        return int(loaded)

    def _insert_columns(self, table: str, columns: Sequence[tuple[str, str]] | tuple[str, ...],
                        values: list[list[Any]]) -> None:
        """One INSERT per table and batch, one list per column: as an Arrow table when pyarrow
        is installed, else as lists unnested together (both far faster than executemany)."""
        if not values[0]:
            return
        names = [c if isinstance(c, str) else c[0] for c in columns]
        types = [COLUMN_TYPES[n] if isinstance(c, str) else c[1] for n, c in zip(names, columns)]
        if _ARROW:
            import pyarrow

            arrays = [pyarrow.array(col, type=_arrow_type(t)) for col, t in zip(values, types)]
            self.con.register("_quanhe_batch", pyarrow.Table.from_arrays(arrays, names=names))
            try:
                self.con.execute(f"INSERT INTO {table} ({', '.join(names)}) SELECT * FROM _quanhe_batch")
            finally:
                self.con.unregister("_quanhe_batch")
            return
        unnested = ", ".join(f"unnest(?::{t}[])" for t in types)
        self.con.execute(f"INSERT INTO {table} ({', '.join(names)}) SELECT {unnested}", values)

    # ------------------------------------------------------------ reading

    def events(self, flt: EventFilter = EventFilter(), limit: int | None = None) -> list[dict[str, Any]]:
        """The stored events that match `flt` (the filter the web API uses too), by date then position."""
        where, params = where_clause(self.con, flt)
        sql = (f"SELECT {', '.join('e.' + c for c in EVENT_COLUMNS)} FROM {events_relation(EVENT_COLUMNS)}{where}"
               " ORDER BY coalesce(e.date, 'ZZZZ'), e.doc_id, e.start_char, e.trigger_start, e.event_id")
        if limit:
            sql += " LIMIT ?"
            params.append(int(limit))
        rows = self.con.execute(sql, params).fetchall()
        return [self._event_dict(dict(zip(EVENT_COLUMNS, r))) for r in rows]

    @staticmethod
    def _event_dict(row: dict[str, Any]) -> dict[str, Any]:
        return {
            "doc_id": row["doc_id"], "event_id": row["event_id"], "type": row["type"], "mode": row["mode"],
            "context": row["context"], "source": json.loads(row["source_json"]),
            "target": json.loads(row["target_json"]), "date": row["date"], "date_text": row["date_text"],
            "sentence_index": row["sentence_index"], "sentence": row["sentence"],
            "start": row["start_char"], "end": row["end_char"], "trigger": row["trigger"],
            "trigger_start": row["trigger_start"], "trigger_end": row["trigger_end"], "cameo": row["cameo"],
            "goldstein": row["goldstein"], "quad_class": row["quad_class"], "modality": row["modality"],
            "negated": row["negated"], "mentions": json.loads(row["mentions_json"] or "[]"),
            "coder_version": row["coder_version"], "dictionary_version": row["dictionary_version"],
            "quanhe_version": row["quanhe_version"],
        }

    def counts(self) -> dict[str, int]:
        out = {}
        for table in ("documents", "sentences", "actor_mentions", "events"):
            out[table] = int(self.con.execute(f"SELECT count(*) FROM {table}").fetchone()[0])
        return out


def _event_row(e: Event, quanhe_version: str) -> list[Any]:
    """An event's row, read from the Event itself (no `Event.to_dict()` in between)."""
    source_ids = [a.id for a in e.source]
    target_ids = [a.id for a in e.target]
    return [
        e.event_id, e.doc_id, e.type, e.mode, e.context, source_ids, target_ids,
        sorted({i.split(":")[0] for i in source_ids}), sorted({i.split(":")[0] for i in target_ids}),
        _refs_json(e.source), _refs_json(e.target),
        e.date, e.date_text, e.sentence_index, e.start, e.end, e.sentence,
        e.trigger, e.trigger_start, e.trigger_end, e.cameo, e.goldstein, e.quad_class,
        e.modality, e.negated, _JSON.encode(e.mentions),
        e.coder_version, e.dictionary_version, quanhe_version,
    ]


def _refs_json(refs: list[ActorRef]) -> str:
    return _JSON.encode([r.to_dict() for r in refs])
