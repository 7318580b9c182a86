"""`quanhe stories`, `story`, `timeline`, `eval-stories`: thin commands over quanhe.corpus.api."""
from __future__ import annotations

import csv
import io
import json
import sys
from pathlib import Path
from typing import Annotated, Any, Optional

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from quanhe.errors import QuanheError

DEFAULT_DB = "quanhe.duckdb"
out = Console(soft_wrap=True, width=None if sys.stdout.isatty() else 200)
err = Console(stderr=True, soft_wrap=True)
DbOption = Annotated[Path, typer.Option("--db", help="DuckDB database file.")]


def _fail(message: str, code: int = 1) -> None:
    err.print(f"[bold red]error:[/] {escape(message)}", highlight=False)
    raise typer.Exit(code)


def _jsonl(rows: list[dict[str, Any]]) -> None:
    for row in rows:
        sys.stdout.write(json.dumps(row, ensure_ascii=False, default=str) + "\n")


def stories_cmd(
    db: DbOption = Path(DEFAULT_DB),
    since: Annotated[Optional[str], typer.Option("--since", help="Stories seen on or after YYYY-MM-DD.")] = None,
    actor: Annotated[Optional[str], typer.Option("--actor", help="Stories involving this actor (RUS, NATO).")] = None,
    threshold: Annotated[Optional[float], typer.Option("--threshold", help="Similarity an article needs to join a story.")] = None,
    window: Annotated[Optional[int], typer.Option("--window", min=0, help="Days a dated article may lie outside a story.")] = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="table, jsonl or csv.")] = "table",
) -> None:
    """Group stored articles into stories (incrementally) and list the stories."""
    from quanhe.corpus import api
    from quanhe.corpus.stories import DEFAULT_THRESHOLD, DEFAULT_WINDOW_DAYS, StoryParams

    if fmt not in ("table", "jsonl", "csv"):
        _fail(f"unknown format {fmt!r} (use table, jsonl or csv)", 2)
    try:
        params = StoryParams(threshold=DEFAULT_THRESHOLD if threshold is None else threshold,
                             window_days=DEFAULT_WINDOW_DAYS if window is None else window)
        result = api.build_stories(db, params)
        rows = api.list_stories(db, since=since, actor=actor)
    except QuanheError as exc:
        _fail(str(exc))
    err.print(f"{result.new_articles} new articles: {result.joined} joined stories, {result.new_stories} new stories, "
              f"{result.duplicates} near-duplicates", highlight=False)
    if fmt == "jsonl":
        _jsonl(rows)
    elif fmt == "csv":
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=list(api.STORY_COLUMNS))
        writer.writeheader()
        for r in rows:
            writer.writerow({**r, "actors": " ".join(r["actors"] or [])})
        sys.stdout.write(buffer.getvalue())
    else:
        table = Table()
        for col in ("story", "articles", "events", "first seen", "last seen", "actors", "title"):
            table.add_column(col, overflow="fold")
        for r in rows:
            table.add_row(r["story_id"], str(r["n_articles"]), str(r["n_events"]), r["first_seen"] or "",
                          r["last_seen"] or "", " ".join((r["actors"] or [])[:6]), r["title"] or "")
        out.print(table)
        out.print(f"{len(rows)} stories")


def story_cmd(
    story_id: Annotated[str, typer.Argument(help="Story id (from `quanhe stories`).")],
    db: DbOption = Path(DEFAULT_DB),
    words: Annotated[int, typer.Option("--words", min=10, help="Summary length in words (syllables).")] = 100,
    fmt: Annotated[str, typer.Option("--format", "-f", help="text or json.")] = "text",
) -> None:
    """Show a story: summary, articles, and its events with their evidence."""
    from quanhe.corpus import api

    try:
        story = api.story_detail(db, story_id, words)
    except QuanheError as exc:
        _fail(str(exc))
    if fmt == "json":
        sys.stdout.write(json.dumps(story, ensure_ascii=False, indent=2, default=str) + "\n")
        return
    out.rule(f"{story['story_id']}: {story['title']}")
    out.print(f"{story['n_articles']} articles, {story['n_events']} events, "
              f"{story['first_seen'] or 'undated'} – {story['last_seen'] or 'undated'}", highlight=False)
    out.print(f"\n[bold]Summary[/]\n{story['summary']}\n", highlight=False)
    out.print("[bold]Articles[/]")
    for a in story["articles"]:
        dup = f" (copy of {a['duplicate_of']})" if a["duplicate_of"] else ""
        out.print(f"  {a['doc_id']}  {a['published'] or ''}  {a['source'] or ''}  {a['title'] or ''}{dup}", highlight=False)
    out.print("\n[bold]Events[/]")
    for e in story["events"]:
        out.print(f"  {e['type']}{':' + e['mode'] if e['mode'] else ''} {','.join(e['source_bases'])} → "
                  f"{','.join(e['target_bases'])}  {e['date'] or ''}  articles {e['num_articles']}, sources "
                  f"{e['num_sources']}, confidence {e['confidence']:.2f}", highlight=False)
        for m in e["mentions"]:
            out.print(f"      {m['doc_id']} [{m['start_char']}:{m['end_char']}] «{m['trigger']}»", highlight=False)


def timeline_cmd(
    a: Annotated[str, typer.Argument(help="First actor (RUS).")],
    b: Annotated[str, typer.Argument(help="Second actor (NATO).")],
    db: DbOption = Path(DEFAULT_DB),
    by: Annotated[str, typer.Option("--by", help="day, week, month or year.")] = "month",
    fmt: Annotated[str, typer.Option("--format", "-f", help="table, csv, jsonl or png.")] = "table",
    out_file: Annotated[Optional[Path], typer.Option("--out", help="Write here (required for png).")] = None,
) -> None:
    """Relation timeline between two actors: events per period, Goldstein sum and mean, key events."""
    from quanhe.corpus import api
    from quanhe.corpus.timeline import render, render_png

    if fmt == "png" and out_file is None:
        _fail("--format png needs --out FILE.png", 2)
    try:
        periods = api.timeline(db, a, b, by)
        if fmt == "png":
            path = render_png(periods, a.upper(), b.upper(), out_file)  # type: ignore[arg-type]
            err.print(f"wrote {path} ({len(periods)} periods)", highlight=False)
            return
        text = render(periods, fmt)
    except QuanheError as exc:
        _fail(str(exc))
    if out_file is not None:
        out_file.write_text(text, encoding="utf-8")
    elif fmt == "table":
        _timeline_table(periods, a, b)
    else:
        sys.stdout.write(text)


def _timeline_table(periods: list[Any], a: str, b: str) -> None:
    table = Table(title=f"{a.upper()} – {b.upper()}")
    for col in ("period", "events", "types", "quad", "Goldstein sum", "mean", "most negative", "most reported"):
        table.add_column(col, overflow="fold")
    for p in periods:
        d = p.to_dict()
        neg, rep = d["most_negative"], d["most_reported"]
        table.add_row(d["period"], str(d["events"]), " ".join(f"{k}:{v}" for k, v in d["by_type"].items()),
                      " ".join(f"Q{k}:{v}" for k, v in d["by_quad_class"].items()), f"{d['goldstein_sum']:.1f}",
                      "" if d["goldstein_mean"] is None else f"{d['goldstein_mean']:.2f}",
                      "" if neg is None else f"{neg['type']} {neg['source']}>{neg['target']} {neg['goldstein']}",
                      "" if rep is None else f"{rep['type']} {rep['source']}>{rep['target']} ×{rep['num_articles']}")
    out.print(table)


def eval_stories_cmd(
    gold: Annotated[Path, typer.Option("--gold", help="JSON lines {doc, story} (and optionally {story, summary}).")],
    db: DbOption = Path(DEFAULT_DB),
    threshold: Annotated[Optional[float], typer.Option("--threshold", help="Similarity threshold for new assignments.")] = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="table or json.")] = "table",
) -> None:
    """Score stories against gold clusters: B-cubed P/R/F1, adjusted Rand; ROUGE when summaries are given."""
    from quanhe.corpus import api
    from quanhe.corpus.stories import DEFAULT_THRESHOLD, StoryParams

    try:
        params = StoryParams(threshold=DEFAULT_THRESHOLD if threshold is None else threshold)
        result = api.evaluate_stories(db, gold, params)
    except QuanheError as exc:
        _fail(str(exc))
    if fmt == "json":
        sys.stdout.write(json.dumps(result, ensure_ascii=False, indent=2) + "\n")
        return
    bc = result["bcubed"]
    out.print(f"documents {result['documents']} (missing from the store: {result['missing']}), "
              f"gold stories {result['gold_stories']}, system stories {result['system_stories']}", highlight=False)
    out.print(f"B-cubed precision {bc['precision']:.4f}  recall {bc['recall']:.4f}  F1 {bc['f1']:.4f}", highlight=False)
    out.print(f"adjusted Rand index {result['ari']:.4f}", highlight=False)
    if "rouge" in result:
        r = result["rouge"]
        out.print(f"ROUGE-1 {r['rouge1']}  ROUGE-2 {r['rouge2']}  ROUGE-L {r['rougeL']} ({r['summaries']} summaries)",
                  highlight=False)


def register(app: typer.Typer) -> None:
    """Add the story commands to the `quanhe` application."""
    app.command("stories")(stories_cmd)
    app.command("story")(story_cmd)
    app.command("timeline")(timeline_cmd)
    app.command("eval-stories")(eval_stories_cmd)
