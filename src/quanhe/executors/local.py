"""The in-process executor: one pipeline, one DuckDB transaction per batch (quanhe.api.run)."""
from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from quanhe.api import DEFAULT_BATCH, DEFAULT_DB, RunSummary
from quanhe.api import run as _api_run
from quanhe.pipeline import Pipeline


def run_local(inputs: Iterable[str], db: str | Path = DEFAULT_DB, published: str | None = None,
              batch_size: int = DEFAULT_BATCH, on_progress: Callable[[RunSummary], None] | None = None,
              pipeline: Pipeline | None = None) -> RunSummary:
    """Process and store in this process; the reference the other executors must match."""
    return _api_run(inputs, db=db, published=published, batch_size=batch_size,
                    on_progress=on_progress, pipeline=pipeline)
