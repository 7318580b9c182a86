"""Story events: the same event reported by several articles of a story, counted once.

Per-article events of one story are grouped when they have the same PLOVER type, the
same source and target base actors (RUS for RUS:GOV) and compatible dates (no known
date part disagrees; an unknown year is read from the article's publication year).
The per-article events stay in `events`; `story_event_mentions` links each one to its
story event.

Confidence grows with independent sources: ``confidence = 1 - (1 - P_SOURCE) ** k``
where k = num_sources, the number of distinct outlets (documents.source, else site,
else the document id; a near-duplicate counts as its original's outlet). With
P_SOURCE = 0.6 one source gives 0.60, two 0.84, three 0.94.
"""
from __future__ import annotations

import hashlib
import logging
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import duckdb

from quanhe.corpus import dates
from quanhe.corpus.schema import bulk_insert, ensure_schema

log = logging.getLogger(__name__)
P_SOURCE = 0.6


def confidence(num_sources: int) -> float:
    return round(1.0 - (1.0 - P_SOURCE) ** max(num_sources, 0), 4)


@dataclass(slots=True)
class _Mention:
    event_id: str
    doc_id: str
    outlet: str
    published: str | None
    mode: str
    date: dates.Parts | None
    sentence_index: int
    start: int
    end: int
    trigger: str
    sentence: str
    cameo: str
    goldstein: float | None
    quad_class: int | None


@dataclass(slots=True)
class StoryEvent:
    story_id: str
    type: str
    source_bases: tuple[str, ...]
    target_bases: tuple[str, ...]
    mentions: list[_Mention] = field(default_factory=list)
    date: dates.Parts | None = None

    def fits(self, m: _Mention) -> bool:
        return dates.compatible(self.date, m.date)

    def add(self, m: _Mention) -> None:
        self.mentions.append(m)
        self.date = dates.merge(self.date, m.date)

    @property
    def story_event_id(self) -> str:
        key = "|".join([self.story_id, self.type, ",".join(self.source_bases), ",".join(self.target_bases),
                        min(m.event_id for m in self.mentions)])
        return "se-" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:12]

    @property
    def num_articles(self) -> int:
        return len({m.doc_id for m in self.mentions})

    @property
    def num_sources(self) -> int:
        return len({m.outlet for m in self.mentions})

    def row(self) -> list[Any]:
        lead = self.mentions[0]
        modes = Counter(m.mode or "" for m in self.mentions)
        mode = sorted(modes.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]
        seen = [m.published for m in self.mentions if m.published]
        return [self.story_event_id, self.story_id, self.type, mode, list(self.source_bases),
                list(self.target_bases), dates.render(self.date), min(seen) if seen else None,
                self.num_articles, self.num_sources, confidence(self.num_sources),
                lead.cameo, lead.goldstein, lead.quad_class]


def group_events(story_id: str, mentions: list[tuple[tuple[str, tuple[str, ...], tuple[str, ...]], _Mention]]
                 ) -> list[StoryEvent]:
    """Greedy grouping; most specific dates first so a vague date joins the event it fits."""
    ordered = sorted(mentions, key=lambda km: (km[0], -dates.specificity(km[1].date),
                                               km[1].published or "9999", km[1].doc_id, km[1].start))
    groups: list[StoryEvent] = []
    for (type_, src, tgt), m in ordered:
        target = next((g for g in groups if (g.type, g.source_bases, g.target_bases) == (type_, src, tgt)
                       and g.fits(m)), None)
        if target is None:
            target = StoryEvent(story_id, type_, src, tgt)
            groups.append(target)
        target.add(m)
    for g in groups:
        g.mentions.sort(key=lambda m: (m.published or "9999", m.doc_id, m.start))
    return groups


def _load(con: duckdb.DuckDBPyConnection, story_ids: list[str]) -> dict[str, list[Any]]:
    rows = con.execute(
        """
        SELECT sa.story_id, e.event_id, e.doc_id, coalesce(nullif(od.source, ''), nullif(od.site, ''), od.doc_id),
               d.published, e.mode, e.date, e.sentence_index, e.start_char, e.end_char, e.trigger, e.sentence,
               e.cameo, e.goldstein, e.quad_class, e.type, e.source_bases, e.target_bases
        FROM events e
        JOIN story_articles sa ON sa.doc_id = e.doc_id
        JOIN documents d ON d.doc_id = e.doc_id
        LEFT JOIN doc_duplicates dd ON dd.doc_id = e.doc_id
        JOIN documents od ON od.doc_id = coalesce(dd.original_id, e.doc_id)
        WHERE list_contains(?, sa.story_id) AND NOT e.negated
        ORDER BY e.event_id
        """, [story_ids]).fetchall()
    out: dict[str, list[Any]] = {}
    for r in rows:
        published = r[4][:10] if r[4] else None
        m = _Mention(r[1], r[2], r[3], published, r[5], dates.parts(r[6], dates.year_of(published)),
                     r[7], r[8], r[9], r[10], r[11], r[12], r[13], r[14])
        out.setdefault(r[0], []).append(((r[15], tuple(sorted(r[16] or [])), tuple(sorted(r[17] or []))), m))
    return out


def aggregate_story_events(con: duckdb.DuckDBPyConnection, story_ids: list[str]) -> dict[str, int]:
    """Rebuild the story events of the given stories; returns story id -> number of story events."""
    ensure_schema(con)
    loaded = _load(con, story_ids)
    groups = [g for sid in sorted(loaded) for g in group_events(sid, loaded[sid])]
    counts = {sid: 0 for sid in story_ids}
    for g in groups:
        counts[g.story_id] += 1
    con.execute("BEGIN TRANSACTION")
    try:
        con.execute("DELETE FROM story_event_mentions WHERE story_event_id IN "
                    "(SELECT story_event_id FROM story_events WHERE list_contains(?, story_id))", [story_ids])
        con.execute("DELETE FROM story_events WHERE list_contains(?, story_id)", [story_ids])
        bulk_insert(con, "story_events", [g.row() for g in groups], replace=True)
        bulk_insert(con, "story_event_mentions", [
            [g.story_event_id, m.event_id, m.doc_id, m.sentence_index, m.start, m.end, m.trigger, m.sentence]
            for g in groups for m in g.mentions])
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise
    return counts
