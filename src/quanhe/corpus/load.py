"""Reading what the per-article stages stored: documents, actors, event signatures."""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

import duckdb


@dataclass(slots=True)
class Article:
    doc_id: str
    title: str
    published: str | None  # YYYY-MM-DD or None
    outlet: str  # documents.source, else site, else the doc id (independence of sources)
    text: str
    actors: frozenset[str] = field(default_factory=frozenset)
    signatures: frozenset[str] = field(default_factory=frozenset)  # "TYPE|SRC|TGT" of its events

    @property
    def sort_key(self) -> tuple[str, str]:
        # Undated articles sort after dated ones; ties broken by id so order is deterministic.
        return (self.published or "9999", self.doc_id)

    @property
    def headline(self) -> str:
        if self.title.strip():
            return self.title.strip()
        first = self.text.strip().split("\n", 1)[0]
        return first if len(first) <= 120 else first[:117] + "..."


def load_articles(con: duckdb.DuckDBPyConnection, doc_ids: list[str] | None = None) -> list[Article]:
    """Articles in deterministic order (published, doc_id), with their actors and event signatures."""
    sql = "SELECT doc_id, coalesce(title, ''), published, coalesce(nullif(source, ''), nullif(site, ''), doc_id), " \
          "coalesce(text, '') FROM documents"
    params: list[object] = []
    if doc_ids is not None:
        sql += " WHERE list_contains(?, doc_id)"
        params.append(doc_ids)
    rows = con.execute(sql, params).fetchall()
    actors = _actors(con)
    sigs = _signatures(con)
    arts = [Article(r[0], r[1], _day(r[2]), r[3], r[4], frozenset(actors.get(r[0], ())),
                    frozenset(sigs.get(r[0], ()))) for r in rows]
    return sorted(arts, key=lambda a: a.sort_key)


def _day(value: str | None) -> str | None:
    return value[:10] if value and len(value) >= 10 else None


def _actors(con: duckdb.DuckDBPyConnection) -> dict[str, set[str]]:
    out: dict[str, set[str]] = defaultdict(set)
    rows = con.execute(
        "SELECT doc_id, actor_id FROM actor_mentions WHERE actor_id <> '' AND NOT coalesce(location, false)"
    ).fetchall()
    for doc_id, actor in rows:
        out[doc_id].add(actor.split(":")[0])
    return out


def _signatures(con: duckdb.DuckDBPyConnection) -> dict[str, set[str]]:
    out: dict[str, set[str]] = defaultdict(set)
    rows = con.execute("SELECT doc_id, type, source_bases, target_bases FROM events WHERE NOT negated").fetchall()
    for doc_id, type_, src, tgt in rows:
        out[doc_id].add(f"{type_}|{','.join(sorted(src or []))}|{','.join(sorted(tgt or []))}")
    return out
