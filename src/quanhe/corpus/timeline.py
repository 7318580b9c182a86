"""Relation timelines between two actors: events per period, by type and quad class.

Events are counted once per story event when stories exist (an event reported by five
articles is one event), otherwise once per article event. An event's date is its
story-event or coded date; an unknown year is read from the article's publication year,
and an event with no date takes the publication date (as GDELT does). A date coarser
than the period (a year, for months) is counted in a period labelled at its own
precision; events with no date at all fall in "undated".
"""
from __future__ import annotations

import csv
import io
import json
import logging
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import duckdb

from quanhe.corpus import dates
from quanhe.corpus.errors import CorpusError, MissingDependency
from quanhe.corpus.schema import has_table

log = logging.getLogger(__name__)
PERIODS = ("day", "week", "month", "year")
UNDATED = "undated"


@dataclass(slots=True)
class TimelineEvent:
    key: str  # story event id, or the article event id
    type: str
    source: str
    target: str
    date: dates.Parts | None
    goldstein: float | None
    quad_class: int | None
    trigger: str
    sentence: str
    num_articles: int = 1


@dataclass(slots=True)
class Period:
    label: str
    events: list[TimelineEvent] = field(default_factory=list)

    @property
    def goldstein_sum(self) -> float:
        return round(sum(e.goldstein or 0.0 for e in self.events), 2)

    @property
    def goldstein_mean(self) -> float | None:
        scored = [e.goldstein for e in self.events if e.goldstein is not None]
        return round(sum(scored) / len(scored), 2) if scored else None

    def key_events(self) -> dict[str, TimelineEvent | None]:
        scored = [e for e in self.events if e.goldstein is not None]
        return {
            "most_negative": min(scored, key=lambda e: (e.goldstein, e.key), default=None),
            "most_positive": max(scored, key=lambda e: (e.goldstein, e.key), default=None),
            "most_reported": max(self.events, key=lambda e: (e.num_articles, e.key), default=None),
        }

    def to_dict(self) -> dict[str, Any]:
        keys = {k: _brief(e) for k, e in self.key_events().items()}
        return {
            "period": self.label, "events": len(self.events),
            "by_type": dict(sorted(Counter(e.type for e in self.events).items())),
            "by_quad_class": {str(k): v for k, v in sorted(Counter(e.quad_class for e in self.events
                                                                  if e.quad_class).items())},
            "goldstein_sum": self.goldstein_sum, "goldstein_mean": self.goldstein_mean, **keys,
        }


def _brief(e: TimelineEvent | None) -> dict[str, Any] | None:
    if e is None:
        return None
    return {"type": e.type, "source": e.source, "target": e.target, "date": dates.render(e.date),
            "goldstein": e.goldstein, "num_articles": e.num_articles, "trigger": e.trigger}


def period_label(p: dates.Parts | None, by: str) -> str:
    if p is None or p[0] is None:
        return UNDATED
    y, m, d = p
    if by == "year" or m is None:
        return f"{y:04d}"
    if by == "month" or d is None:
        return f"{y:04d}-{m:02d}"
    if by == "week":
        iso = date(y, m, d).isocalendar()
        return f"{iso[0]:04d}-W{iso[1]:02d}"
    return f"{y:04d}-{m:02d}-{d:02d}"


def _sides(bases: list[str] | None) -> str:
    return ",".join(sorted(bases or []))


_SQL = """
        SELECT e.event_id, se.story_event_id, e.type, e.source_bases, e.target_bases, e.date, d.published,
               coalesce(se.goldstein, e.goldstein), coalesce(se.quad_class, e.quad_class), e.trigger, e.sentence,
               coalesce(se.num_articles, 1), se.date
        FROM events e JOIN documents d ON d.doc_id = e.doc_id
        LEFT JOIN story_event_mentions m ON m.event_id = e.event_id
        LEFT JOIN story_events se ON se.story_event_id = m.story_event_id
        WHERE NOT e.negated AND ((list_contains(e.source_bases, ?) AND list_contains(e.target_bases, ?))
                                 OR (list_contains(e.source_bases, ?) AND list_contains(e.target_bases, ?)))
        ORDER BY e.event_id
        """


_SQL_NO_STORIES = """
        SELECT e.event_id, NULL, e.type, e.source_bases, e.target_bases, e.date, d.published,
               e.goldstein, e.quad_class, e.trigger, e.sentence, 1, NULL
        FROM events e JOIN documents d ON d.doc_id = e.doc_id
        WHERE NOT e.negated AND ((list_contains(e.source_bases, ?) AND list_contains(e.target_bases, ?))
                                 OR (list_contains(e.source_bases, ?) AND list_contains(e.target_bases, ?)))
        ORDER BY e.event_id
        """


def load_events(con: duckdb.DuckDBPyConnection, a: str, b: str) -> list[TimelineEvent]:
    """Events between a and b (either direction), one per story event where stories exist."""
    a, b = a.split(":")[0].upper(), b.split(":")[0].upper()
    sql = _SQL if has_table(con, "story_events") else _SQL_NO_STORIES
    rows = con.execute(sql, [a, b, b, a]).fetchall()
    seen: dict[str, TimelineEvent] = {}
    for r in rows:
        key = r[1] or r[0]
        if key in seen:
            continue
        published = r[6][:10] if r[6] else None
        when = dates.parts(r[12] or r[5], dates.year_of(published))
        if when is None and published:
            when = dates.parts(published)
        seen[key] = TimelineEvent(key, r[2], _sides(r[3]), _sides(r[4]), when, r[7], r[8], r[9], r[10], r[11])
    return list(seen.values())


def build_timeline(con: duckdb.DuckDBPyConnection, a: str, b: str, by: str = "month") -> list[Period]:
    if by not in PERIODS:
        raise CorpusError(f"unknown period {by!r} (use {', '.join(PERIODS)})")
    periods: dict[str, Period] = {}
    for e in load_events(con, a, b):
        label = period_label(e.date, by)
        periods.setdefault(label, Period(label)).events.append(e)
    return [periods[k] for k in sorted(periods, key=lambda k: (k == UNDATED, k))]


def render(periods: list[Period], fmt: str) -> str:
    """The timeline as table text, CSV or JSON lines."""
    rows = [p.to_dict() for p in periods]
    if fmt == "jsonl":
        return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)
    if fmt not in ("csv", "table"):
        raise CorpusError(f"unknown format {fmt!r} (use table, csv, jsonl or png)")
    buffer = io.StringIO()
    fields = ["period", "events", "by_type", "by_quad_class", "goldstein_sum", "goldstein_mean",
              "most_negative", "most_positive", "most_reported"]
    writer = csv.DictWriter(buffer, fieldnames=fields, delimiter="," if fmt == "csv" else "\t")
    writer.writeheader()
    for r in rows:
        flat = dict(r)
        flat["by_type"] = " ".join(f"{k}:{v}" for k, v in r["by_type"].items())
        flat["by_quad_class"] = " ".join(f"Q{k}:{v}" for k, v in r["by_quad_class"].items())
        for k in ("most_negative", "most_positive", "most_reported"):
            e = r[k]
            flat[k] = "" if e is None else f"{e['type']} {e['source']}>{e['target']} ({e['goldstein']}, {e['num_articles']} art.)"
        writer.writerow(flat)
    return buffer.getvalue()


QUAD_NAMES = {1: "verbal coop.", 2: "material coop.", 3: "verbal conflict", 4: "material conflict"}
QUAD_COLOURS = {1: "#7fbf7f", 2: "#2e8b57", 3: "#f4a582", 4: "#b2182b"}


def render_png(periods: list[Period], a: str, b: str, path: str | Path) -> Path:
    """Stacked bars of events per period by quad class, with the Goldstein mean as a line."""
    try:
        import matplotlib
    except ImportError:
        raise MissingDependency("matplotlib") from None
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    labels = [p.label for p in periods]
    xs = list(range(len(periods)))
    fig, ax = plt.subplots(figsize=(max(6.0, 0.6 * len(periods) + 3), 4.2), dpi=110)
    bottom = [0] * len(periods)
    for quad in (1, 2, 3, 4):
        counts = [sum(1 for e in p.events if e.quad_class == quad) for p in periods]
        ax.bar(xs, counts, bottom=bottom, color=QUAD_COLOURS[quad], label=QUAD_NAMES[quad])
        bottom = [x + y for x, y in zip(bottom, counts)]
    ax.set_ylabel("events (story events counted once)")
    ax.set_xticks(xs, labels, rotation=45, ha="right")
    twin = ax.twinx()
    means = [p.goldstein_mean if p.goldstein_mean is not None else float("nan") for p in periods]
    twin.plot(xs, means, color="black", marker="o", label="Goldstein mean")
    twin.axhline(0, color="grey", linewidth=0.6, linestyle="--")
    twin.set_ylim(-10.5, 10.5)
    twin.set_ylabel("Goldstein mean (-10 conflict … +10 cooperation)")
    handles = ax.get_legend_handles_labels()[0] + twin.get_legend_handles_labels()[0]
    names = ax.get_legend_handles_labels()[1] + twin.get_legend_handles_labels()[1]
    ax.legend(handles, names, loc="upper left", fontsize=8)
    ax.set_title(f"{a} – {b}: events per period and Goldstein mean")
    fig.tight_layout()
    out = Path(path)
    fig.savefig(out)
    plt.close(fig)
    log.info("timeline written to %s", out)
    return out
