"""The corpus-level API that `quanhe stories`, `story`, `timeline` and `eval-stories` call."""
from __future__ import annotations

import json
import logging
from collections import Counter
from dataclasses import asdict
from pathlib import Path
from typing import Any

import duckdb

from quanhe.corpus import metrics
from quanhe.corpus.errors import StoryNotFound
from quanhe.corpus.schema import has_table
from quanhe.corpus.stories import StoryParams, UpdateResult, update_stories
from quanhe.corpus.summarize import DEFAULT_WORDS, summarize
from quanhe.corpus.text import syllables
from quanhe.corpus.timeline import Period, build_timeline
from quanhe.errors import GoldError
from quanhe.store.duckdb_store import DuckDBStore

log = logging.getLogger(__name__)
STORY_COLUMNS = ("story_id", "title", "first_doc", "first_seen", "last_seen", "n_articles", "actors", "n_events")


def build_stories(db: str | Path, params: StoryParams = StoryParams()) -> UpdateResult:
    """Assign every stored article that has no story yet (incremental)."""
    with DuckDBStore(db) as store:
        return update_stories(store.con, params)


def list_stories(db: str | Path, since: str | None = None, actor: str | None = None) -> list[dict[str, Any]]:
    with DuckDBStore(db, read_only=True) as store:
        return _list(store.con, since, actor)


def _list(con: duckdb.DuckDBPyConnection, since: str | None, actor: str | None) -> list[dict[str, Any]]:
    if not has_table(con, "stories"):
        return []
    where, params = [], []
    if since:
        where.append("last_seen >= ?")
        params.append(since)
    if actor:
        where.append("list_contains(actors, ?)")
        params.append(actor.split(":")[0].upper())
    sql = f"SELECT {', '.join(STORY_COLUMNS)} FROM stories"
    if where:
        sql += " WHERE " + " AND ".join(where)
    sql += " ORDER BY n_articles DESC, coalesce(first_seen, '9999'), story_id"
    return [dict(zip(STORY_COLUMNS, r)) for r in con.execute(sql, params).fetchall()]


def story_detail(db: str | Path, story_id: str, words: int = DEFAULT_WORDS) -> dict[str, Any]:
    """A story: its row, summary, articles, and story events with every mention as evidence."""
    with DuckDBStore(db, read_only=True) as store:
        con = store.con
        if not has_table(con, "stories"):
            raise StoryNotFound(story_id)
        row = con.execute(f"SELECT {', '.join(STORY_COLUMNS)} FROM stories WHERE story_id = ?", [story_id]).fetchone()
        if row is None:
            raise StoryNotFound(story_id)
        summary = summarize(con, story_id, words)
        return {
            **dict(zip(STORY_COLUMNS, row)),
            "summary": summary.text,
            "summary_sentences": [asdict(s) for s in summary.sentences],
            "articles": _articles(con, story_id),
            "events": _story_events(con, story_id),
        }


def _articles(con: duckdb.DuckDBPyConnection, story_id: str) -> list[dict[str, Any]]:
    rows = con.execute(
        """
        SELECT sa.doc_id, d.title, d.published, coalesce(nullif(d.source, ''), nullif(d.site, ''), ''),
               sa.similarity, dd.original_id
        FROM story_articles sa JOIN documents d ON d.doc_id = sa.doc_id
        LEFT JOIN doc_duplicates dd ON dd.doc_id = sa.doc_id
        WHERE sa.story_id = ? ORDER BY sa.seq
        """, [story_id]).fetchall()
    keys = ("doc_id", "title", "published", "source", "similarity", "duplicate_of")
    return [dict(zip(keys, r)) for r in rows]


def _story_events(con: duckdb.DuckDBPyConnection, story_id: str) -> list[dict[str, Any]]:
    cols = ("story_event_id", "type", "mode", "source_bases", "target_bases", "date", "first_seen",
            "num_articles", "num_sources", "confidence", "cameo", "goldstein", "quad_class")
    rows = con.execute(f"SELECT {', '.join(cols)} FROM story_events WHERE story_id = ? "
                       "ORDER BY num_sources DESC, num_articles DESC, story_event_id", [story_id]).fetchall()
    mention_cols = ("event_id", "doc_id", "sentence_index", "start_char", "end_char", "trigger", "sentence")
    out = []
    for r in rows:
        event = dict(zip(cols, r))
        mentions = con.execute(f"SELECT {', '.join(mention_cols)} FROM story_event_mentions "
                               "WHERE story_event_id = ? ORDER BY doc_id, start_char", [r[0]]).fetchall()
        event["mentions"] = [dict(zip(mention_cols, m)) for m in mentions]
        out.append(event)
    return out


def timeline(db: str | Path, a: str, b: str, by: str = "month") -> list[Period]:
    """Events between a and b per period; story events are counted once when stories exist."""
    with DuckDBStore(db, read_only=True) as store:
        return build_timeline(store.con, a, b, by)


def load_gold_clusters(path: str | Path) -> tuple[dict[str, str], dict[str, str]]:
    """(doc -> gold story label, gold label -> reference summary) from a JSON-lines file."""
    clusters: dict[str, str] = {}
    summaries: dict[str, str] = {}
    p = Path(path)
    if not p.exists():
        raise GoldError(f"{p}: no such file")
    for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            rec = json.loads(line)
        except json.JSONDecodeError as exc:
            raise GoldError(f"{p}:{n}: not JSON: {exc.msg}") from None
        if "story" not in rec or not ("doc" in rec or "summary" in rec):
            raise GoldError(f"{p}:{n}: needs 'story' and 'doc' (or 'summary')")
        if "doc" in rec:
            clusters[str(rec["doc"])] = str(rec["story"])
        if "summary" in rec:
            summaries[str(rec["story"])] = str(rec["summary"])
    if not clusters:
        raise GoldError(f"{p}: no {{doc, story}} record")
    return clusters, summaries


def evaluate_stories(db: str | Path, gold_path: str | Path, params: StoryParams = StoryParams()) -> dict[str, Any]:
    """Score the stories of the documents in the gold file (stories are built first if missing)."""
    gold, references = load_gold_clusters(gold_path)
    with DuckDBStore(db) as store:
        con = store.con
        update_stories(con, params)
        system = dict(con.execute("SELECT doc_id, story_id FROM story_articles WHERE list_contains(?, doc_id)",
                                  [sorted(gold)]).fetchall())
        missing = sorted(set(gold) - set(system))
        bc = metrics.bcubed(gold, system)
        result: dict[str, Any] = {
            "documents": len(gold), "missing": len(missing), "gold_stories": len(set(gold.values())),
            "system_stories": len({system[d] for d in gold if d in system}),
            "bcubed": bc.to_dict(), "ari": metrics.adjusted_rand(gold, system),
        }
        if references:
            result["rouge"] = _rouge(con, gold, system, references)
    if missing:
        log.warning("%d gold documents are not in %s (scored as singletons)", len(missing), db)
    return result


def _rouge(con: duckdb.DuckDBPyConnection, gold: dict[str, str], system: dict[str, str],
           references: dict[str, str]) -> dict[str, Any]:
    scores: dict[str, list[float]] = {"rouge1": [], "rouge2": [], "rougeL": []}
    for label, reference in sorted(references.items()):
        members = Counter(system[d] for d, g in gold.items() if g == label and d in system)
        if not members:
            continue
        story_id = sorted(members.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]
        candidate = summarize(con, story_id, max(10, len(syllables(reference)))).text
        scores["rouge1"].append(metrics.rouge_n(candidate, reference, 1).f1)
        scores["rouge2"].append(metrics.rouge_n(candidate, reference, 2).f1)
        scores["rougeL"].append(metrics.rouge_l(candidate, reference).f1)
    out: dict[str, Any] = {k: round(sum(v) / len(v), 4) if v else None for k, v in scores.items()}
    out["summaries"] = len(scores["rouge1"])
    return out

