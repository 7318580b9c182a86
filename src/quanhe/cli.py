"""The `quanhe` command: a thin layer that parses arguments, calls quanhe.api and prints."""
from __future__ import annotations

import csv
import io
import json
import logging
import sys
import time
from datetime import date
from pathlib import Path
from typing import Annotated, Any, Optional

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

from quanhe import api
from quanhe.errors import InputError, QuanheError
from quanhe.version import __version__

app = typer.Typer(
    name="quanhe",
    help="quanhe: political events (PLOVER/CAMEO) from Vietnamese news — who did what to whom, when.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
dict_app = typer.Typer(help="Check and maintain the dictionaries and lexicons.", no_args_is_help=True)
app.add_typer(dict_app, name="dict")
out = Console(soft_wrap=True, width=None if sys.stdout.isatty() else 200)
err = Console(stderr=True, soft_wrap=True)

Inputs = Annotated[list[str], typer.Argument(help="Files (.txt, .html, .jsonl, .warc[.gz], feeds, sitemaps), directories, URLs, or - for stdin.")]
DbOption = Annotated[Path, typer.Option("--db", help="DuckDB database file.")]
PublishedOption = Annotated[
    Optional[str], typer.Option("--published", help="Publication date YYYY-MM-DD for inputs that lack one.")
]
FormatOption = Annotated[str, typer.Option("--format", "-f", help="Output format.")]


def _check_published(value: str | None) -> str | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value).isoformat()
    except ValueError:
        raise typer.BadParameter(f"{value!r} is not a date YYYY-MM-DD", param_hint="--published") from None


def _fail(message: str, code: int = 1) -> None:
    err.print(f"[bold red]error:[/] {escape(message)}", highlight=False)
    raise typer.Exit(code)


def _read_ids(path: Path | None) -> set[str] | None:
    """The document ids listed one per line in `path` (None: no restriction)."""
    if path is None:
        return None
    if not path.exists():
        _fail(f"{path}: no such file")
    return {line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line.strip()}


def _report_errors(errors: list[InputError]) -> None:
    for e in errors:
        err.print(f"[red]skipped[/] {escape(str(e))}", highlight=False)


def _print_jsonl(rows: list[dict[str, Any]]) -> None:
    for row in rows:
        sys.stdout.write(json.dumps(row, ensure_ascii=False) + "\n")


def _actor_ids(actors: list[dict[str, str]]) -> str:
    return ",".join(a["id"] for a in actors)


def _print_events(rows: list[dict[str, Any]], fmt: str) -> None:
    if fmt == "jsonl":
        _print_jsonl(rows)
    elif fmt == "csv":
        buffer = io.StringIO()
        fields = ["doc_id", "event_id", "date", "type", "mode", "source", "target", "trigger", "cameo",
                  "goldstein", "quad_class", "modality", "start", "end", "sentence"]
        writer = csv.DictWriter(buffer, fieldnames=fields, extrasaction="ignore")
        writer.writeheader()
        for r in rows:
            writer.writerow({**r, "source": _actor_ids(r["source"]), "target": _actor_ids(r["target"])})
        sys.stdout.write(buffer.getvalue())
    elif fmt == "table":
        table = Table(show_lines=False)
        for col in ("date", "type", "source", "target", "trigger", "doc", "sentence"):
            table.add_column(col, overflow="fold")
        for r in rows:
            sentence = r["sentence"] if len(r["sentence"]) < 140 else r["sentence"][:137] + "..."
            table.add_row(r["date"] or "", f"{r['type']}{':' + r['mode'] if r['mode'] else ''}",
                          _actor_ids(r["source"]), _actor_ids(r["target"]), escape(r["trigger"]),
                          escape(r["doc_id"]), escape(sentence))
        out.print(table)
        out.print(f"{len(rows)} events")
    else:
        _fail(f"unknown format {fmt!r} (use table, jsonl or csv)", 2)


@app.callback()
def _main(
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Log progress details to stderr.")] = False,
) -> None:
    logging.basicConfig(level=logging.INFO if verbose else logging.ERROR, format="%(levelname)s %(name)s: %(message)s")


@app.command()
def version() -> None:
    """Print the quanhe and dictionary versions."""
    from quanhe.dictionaries import load_dictionaries

    out.print(f"quanhe {__version__}, dictionaries {load_dictionaries().version}", highlight=False)


@app.command("run")
def run_cmd(inputs: Annotated[list[str], typer.Argument(help="Files (.txt, .html, .jsonl, .warc, .warc.gz, feed or sitemap .xml/.rss/.atom), directories, http(s) URLs (pages, feeds, sitemaps), or - for stdin.")],
            db: DbOption = Path(api.DEFAULT_DB), published: PublishedOption = None,
            batch_size: Annotated[Optional[int], typer.Option("--batch-size", min=1, help="Documents per transaction (200), or per partition with dask (1000).")] = None,
            executor: Annotated[str, typer.Option("--executor", help="local (in process) or dask (a cluster).")] = "local",
            scheduler: Annotated[Optional[str], typer.Option("--scheduler", help="Dask scheduler address (tcp://host:8786); a local cluster when left out.")] = None,
            workers: Annotated[int, typer.Option("--workers", min=1, help="Workers of the local Dask cluster.")] = 2,
            out_dir: Annotated[Optional[Path], typer.Option("--out", help="Folder for the Dask executor's Parquet output.")] = None) -> None:
    """Process articles and store documents and events in the database."""
    published = _check_published(published)
    if executor not in ("local", "dask"):
        raise typer.BadParameter(f"{executor!r}: use local or dask", param_hint="--executor")
    if executor == "local" and (scheduler or out_dir):
        raise typer.BadParameter("--scheduler and --out need --executor dask", param_hint="--executor")
    with Progress(SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), TimeElapsedColumn(),
                  console=err, transient=True, disable=not err.is_terminal) as progress:
        task = progress.add_task("reading", total=None)
        started = time.monotonic()

        def update(s: api.RunSummary) -> None:
            rate = s.documents_seen / max(time.monotonic() - started, 1e-6)
            progress.update(task, description=f"{s.documents_seen} docs ({rate:,.0f}/s), {s.events_stored} events, "
                                              f"{len(s.errors)} errors")

        try:
            if executor == "dask":
                from quanhe.executors.dask import DEFAULT_OUT, DEFAULT_PARTITION, run_dask

                summary = run_dask(inputs, db=db, published=published, out=out_dir or Path(DEFAULT_OUT),
                                   scheduler=scheduler, workers=workers, partition_size=batch_size or DEFAULT_PARTITION,
                                   on_progress=update)
            else:
                summary = api.run(inputs, db=db, published=published, batch_size=batch_size or api.DEFAULT_BATCH,
                                  on_progress=update)
        except QuanheError as exc:
            _fail(str(exc))
    elapsed = time.monotonic() - started
    _report_errors(summary.errors)
    table = Table(title=f"quanhe run → {db}")
    table.add_column("what")
    table.add_column("count", justify="right")
    table.add_row("inputs read", str(summary.documents_seen))
    table.add_row("documents stored", str(summary.documents_stored))
    table.add_row("unchanged, skipped", str(summary.documents_skipped))
    table.add_row("events stored", str(summary.events_stored))
    table.add_row("errors", str(len(summary.errors)))
    table.add_row("seconds", f"{elapsed:.1f}")
    table.add_row("documents/s", f"{summary.documents_seen / max(elapsed, 1e-6):,.0f}")
    for t, n in sorted(summary.by_type.items(), key=lambda kv: -kv[1]):
        table.add_row(f"  {t}", str(n))
    out.print(table)
    if summary.errors:
        raise typer.Exit(1)


@app.command("events")
def events_cmd(
    db: DbOption = Path(api.DEFAULT_DB),
    actor: Annotated[Optional[str], typer.Option("--actor", help="Events where this actor is source or target (RUS, NATO, RUS:GOV).")] = None,
    between: Annotated[Optional[tuple[str, str]], typer.Option("--between", help="Events between two actors, either direction.")] = None,
    type_: Annotated[Optional[str], typer.Option("--type", help="PLOVER type, e.g. SANCTION.")] = None,
    fmt: FormatOption = "table",
    include_negated: Annotated[bool, typer.Option("--include-negated", help="Also list negated/conditional events.")] = False,
    limit: Annotated[Optional[int], typer.Option("--limit", min=1)] = None,
) -> None:
    """List stored events."""
    try:
        rows = api.query_events(db, actor=actor, between=between, type=type_,
                                include_negated=include_negated, limit=limit)
    except QuanheError as exc:
        _fail(str(exc))
    _print_events(rows, fmt)


@app.command("extract")
def extract_cmd(inputs: Inputs, published: PublishedOption = None, fmt: FormatOption = "jsonl",
                include_negated: Annotated[bool, typer.Option("--include-negated", help="Also print negated/conditional events, flagged.")] = False) -> None:
    """Process articles without storing them and print their events."""
    published = _check_published(published)
    errors: list[InputError] = []
    rows: list[dict[str, Any]] = []
    for item in api.process(inputs, published=published):
        if isinstance(item, InputError):
            errors.append(item)
            continue
        chosen = item.candidates if include_negated else item.events
        rows.extend(e.to_dict() for e in chosen)
        if fmt == "jsonl":
            _print_jsonl(rows)
            rows = []
    if fmt != "jsonl":
        _print_events(rows, fmt)
    _report_errors(errors)
    if errors:
        raise typer.Exit(1)


@app.command("text")
def text_cmd(inputs: Inputs, published: PublishedOption = None, fmt: FormatOption = "jsonl") -> None:
    """Print each document as extracted: metadata and main text, boilerplate removed."""
    published = _check_published(published)
    errors: list[InputError] = []
    for item in api.process(inputs, published=published):
        if isinstance(item, InputError):
            errors.append(item)
            continue
        row = {**item.metadata(), "text": item.text}
        if fmt == "jsonl":
            _print_jsonl([row])
        else:
            out.rule(row["title"] or row["id"])
            out.print(row["text"], highlight=False)
    _report_errors(errors)
    if errors:
        raise typer.Exit(1)


@app.command("actors")
def actors_cmd(inputs: Inputs, published: PublishedOption = None, fmt: FormatOption = "jsonl") -> None:
    """Print every actor mention found in the articles."""
    published = _check_published(published)
    errors: list[InputError] = []
    for item in api.process(inputs, published=published):
        if isinstance(item, InputError):
            errors.append(item)
            continue
        rows = api.actor_mentions(item)
        if fmt == "jsonl":
            _print_jsonl(rows)
        else:
            table = Table(title=item.id)
            for col in ("start", "text", "id", "sector", "role", "person", "resolution"):
                table.add_column(col)
            for r in rows:
                table.add_row(str(r["start"]), r["text"], r["id"], r["sector"], r["role"], r["person"], r["resolution"])
            out.print(table)
    _report_errors(errors)
    if errors:
        raise typer.Exit(1)


@app.command("eval")
def eval_cmd(
    inputs: Inputs,
    gold: Annotated[Path, typer.Option("--gold", help="Gold events (JSON lines, ../shared/spec/event-annotation.md).")],
    ids: Annotated[Optional[Path], typer.Option("--ids", help="Score only the documents listed in this file (one id a line).")] = None,
    published: PublishedOption = None,
    fmt: FormatOption = "table",
    show_errors: Annotated[bool, typer.Option("--show-errors", help="List missed gold events, false positives and wrong dates.")] = False,
) -> None:
    """Score the coder against gold events: precision, recall, F1, negatives hit, dates."""
    published = _check_published(published)
    only = _read_ids(ids)
    try:
        result = api.evaluate(gold, inputs, published=published, only_ids=only)
    except QuanheError as exc:
        _fail(str(exc))
    _report_errors(result.errors)
    data = result.score.to_dict()
    data["documents"] = len(result.documents)
    if fmt == "json":
        if show_errors:
            data["misses"] = result.score.misses
            data["false_positives"] = result.score.false_positives
            data["date_errors"] = result.score.date_errors
        sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
    else:
        _print_eval_table(data)
        if show_errors:
            for m in result.score.misses:
                out.print(f"[yellow]missed[/] {m['doc']} {'/'.join(m['types'])} {m['source']}→{m['target']} «{m['trigger']}»", highlight=False)
            for fp in result.score.false_positives:
                tag = "[red]NEGATIVE HIT[/]" if fp["negative"] else "[magenta]false positive[/]"
                out.print(f"{tag} {fp['doc']} {fp['type']} {fp['source']}→{fp['target']} «{fp['trigger']}» | {fp['sentence']}", highlight=False)
            for d in result.score.date_errors:
                out.print(f"[cyan]wrong date[/] {d['doc']} {d['type']} «{d['trigger']}» gold {d['gold']}, system {d['system'] or 'none'} | {d['sentence']}", highlight=False)
    if not result.documents:
        _fail("no document was scored")


@app.command("eval-actors")
def eval_actors_cmd(
    inputs: Inputs,
    gold: Annotated[Path, typer.Option("--gold", help="Gold actor mentions (JSON lines: doc, start, end, id, kind).")],
    ids: Annotated[Optional[Path], typer.Option("--ids", help="Score only the documents listed in this file.")] = None,
    published: PublishedOption = None,
    skip_kind: Annotated[Optional[list[str]], typer.Option("--skip-kind", help="Leave out gold mentions of this kind (e.g. people).")] = None,
    show_errors: Annotated[bool, typer.Option("--show-errors", help="List missed and wrong mentions.")] = False,
) -> None:
    """Score actor recognition against gold mentions (state/organisation id level)."""
    published = _check_published(published)
    only = _read_ids(ids)
    try:
        result, docs = api.evaluate_actors(gold, inputs, only_ids=only, published=published,
                                           skip_kinds=frozenset(skip_kind or ()))
    except QuanheError as exc:
        _fail(str(exc))
    if not docs:
        _fail("no document was scored")
    data = result.to_dict()
    out.print(f"actor mentions in {len(docs)} documents: precision {data['precision']:.3f} "
              f"({data['system_correct']}/{data['system_mentions']}), recall {data['recall']:.3f} "
              f"({data['gold_found']}/{data['gold_mentions']})", highlight=False)
    out.print("recall by kind: " + ", ".join(f"{k or '-'} {v:.2f}" for k, v in data["recall_by_kind"].items()), highlight=False)
    if show_errors:
        for m in result.misses:
            out.print(f"[yellow]missed[/] {m['doc']} {m['start']}-{m['end']} {m['ids']} ({m['kind']})", highlight=False)
        for w in result.wrong:
            out.print(f"[magenta]wrong[/] {w['doc']} {w['start']} «{w['text']}» {w['id']} gold={w['gold']}", highlight=False)


def _print_eval_table(data: dict[str, Any]) -> None:
    table = Table(title=f"quanhe eval ({data['documents']} documents)")
    for col in ("type", "gold", "found", "system", "correct", "precision", "recall", "F1"):
        table.add_column(col, justify="right" if col != "type" else "left")
    for t, row in data["per_type"].items():
        table.add_row(t, str(row["gold"]), str(row["found"]), str(row["system"]), str(row["correct"]),
                      f"{row['precision']:.2f}", f"{row['recall']:.2f}", f"{row['f1']:.2f}")
    out.print(table)
    date_acc = "n/a" if data["date_accuracy"] is None else f"{data['date_accuracy']:.3f} ({data['dated_records']} dated)"
    lines = [
        f"system events   {data['system_events']}  (matched {data['matched']}, soft {data['soft_matched']})",
        f"strict records  {data['strict_records']}  (found {data['strict_found']})",
        f"precision {data['precision']:.3f}  recall {data['recall']:.3f}  F1 {data['f1']:.3f}",
        f"negatives hit   {data['negatives_hit']}",
        f"date accuracy   {date_acc}",
    ]
    for line in lines:
        out.print(line, highlight=False)


@dict_app.command("lint")
def dict_lint(data_dir: Annotated[Optional[Path], typer.Option("--data", help="Data directory (default: packaged).")] = None) -> None:
    """Check every dictionary and lexicon file; exit 1 on any problem."""
    from quanhe.lint import lint

    problems = lint(data_dir)
    for p in problems:
        err.print(f"[red]✗[/] {p}", highlight=False)
    if problems:
        err.print(f"{len(problems)} problem(s)")
        raise typer.Exit(1)
    out.print("dictionaries OK")


@dict_app.command("manifest")
def dict_manifest(data_dir: Annotated[Optional[Path], typer.Option("--data", help="Data directory (default: packaged).")] = None,
                  bump: Annotated[Optional[str], typer.Option("--version", help="Set the data version.")] = None) -> None:
    """Rewrite manifest.json with the current checksums (and optionally a new version)."""
    from quanhe.lint import write_manifest

    path = write_manifest(data_dir, bump)
    out.print(f"wrote {path}")


def main() -> None:
    try:
        app()
    except QuanheError as exc:  # anything the commands did not catch themselves
        err.print(f"[bold red]error:[/] {escape(str(exc))}", highlight=False)
        sys.exit(1)

from quanhe.cli_web import register as _register_web

_register_web(app)


from quanhe.cli_stories import register as _register_stories  # noqa: E402
_register_stories(app)
