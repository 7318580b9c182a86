"""`quanhe serve` and `quanhe export`, registered on the main typer app by `register`."""
from __future__ import annotations

import sys
from datetime import date
from pathlib import Path
from typing import Annotated, Optional

import typer


def _parse_day(value: str | None, flag: str) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(f"{value!r} is not a date YYYY-MM-DD", param_hint=flag) from None


def _fail(message: str, code: int = 1) -> None:
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(code)


def serve(
    db: Annotated[Path, typer.Option("--db", help="DuckDB database file.")] = Path("quanhe.duckdb"),
    host: Annotated[str, typer.Option("--host", help="Address to bind; loopback unless you mean to expose it.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", min=1, max=65535)] = 8000,
    ingest_token: Annotated[Optional[str], typer.Option(
        "--ingest-token", envvar="QUANHE_INGEST_TOKEN",
        help="Enable POST /api/ingest with this Bearer token (opens the database read-write).")] = None,
    cors: Annotated[Optional[list[str]], typer.Option("--cors-origin", help="Allow this origin (repeatable); CORS is off otherwise.")] = None,
    access_log: Annotated[bool, typer.Option("--access-log", help="Log every request to stderr.")] = False,
    workers: Annotated[int, typer.Option("--workers", min=1, max=64, help=(
        "Server processes answering on the same port, each with its own in-memory index "
        "(read-only: not with an ingest token)."))] = 1,
) -> None:
    """Serve the HTTP API and the dashboard (read-only unless an ingest token is given)."""
    from quanhe.errors import QuanheError

    try:
        from quanhe.web.app import serve as run_server
    except ImportError as exc:
        _fail(f"the web server needs the web extra: pip install 'quanhe[web]' ({exc.name} is missing)")
    try:
        run_server(db, host=host, port=port, ingest_token=ingest_token, cors_origins=cors or None,
                   access_log=access_log, workers=workers)
    except QuanheError as exc:
        _fail(str(exc))


def export(
    fmt: Annotated[str, typer.Option("--format", "-f", help="gdelt, plover, csv, parquet or jsonl.")] = "jsonl",
    db: Annotated[Path, typer.Option("--db", help="DuckDB database file.")] = Path("quanhe.duckdb"),
    out: Annotated[Optional[Path], typer.Option("--out", "-o", help="Output file (default: standard output).")] = None,
    actor: Annotated[Optional[str], typer.Option("--actor", help="Events where this actor is source or target.")] = None,
    between: Annotated[Optional[tuple[str, str]], typer.Option("--between", help="Events between two actors, either direction.")] = None,
    type_: Annotated[Optional[str], typer.Option("--type", help="PLOVER type, e.g. SANCTION.")] = None,
    quad_class: Annotated[Optional[int], typer.Option("--quad-class", min=1, max=4)] = None,
    date_from: Annotated[Optional[str], typer.Option("--from", help="First day YYYY-MM-DD (event's placed day).")] = None,
    date_to: Annotated[Optional[str], typer.Option("--to", help="Last day YYYY-MM-DD.")] = None,
    text: Annotated[Optional[str], typer.Option("--text", help="Only events whose sentence or trigger contains this.")] = None,
    include_negated: Annotated[bool, typer.Option("--include-negated", help="Also export negated/conditional events.")] = False,
) -> None:
    """Export stored events (GDELT 2.0-style TSV, PLOVER JSON, CSV, Parquet, JSON lines); see docs/exports.md."""
    from quanhe.errors import QuanheError
    from quanhe.export import export as run_export
    from quanhe.store.filters import EventFilter

    flt = EventFilter(actor=actor, pair=between, type=type_, quad_class=quad_class,
                     date_from=_parse_day(date_from, "--from"), date_to=_parse_day(date_to, "--to"), q=text,
                     include_negated=include_negated)
    try:
        n = run_export(db, fmt, out if out is not None else sys.stdout, flt)
    except QuanheError as exc:
        _fail(str(exc))
    if out is not None:
        typer.echo(f"{n} rows → {out}", err=True)


def register(app: typer.Typer) -> None:
    app.command("serve")(serve)
    app.command("export")(export)
