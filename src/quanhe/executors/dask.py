"""The Dask executor: partitions of the input are coded on a Dask cluster, each written
as Parquet (one file per table and partition), then loaded into the DuckDB store.

UTF-8 JSON lines files are cut by the driver into byte ranges of `partition_size` lines
(one pass over the bytes, no JSON decoding); each worker reads its own range, hashes the
documents, skips those already stored with the same content and versions (the driver
writes the stored hashes to OUT/_stored.parquet once, before the first partition), codes
the rest and writes Parquet, so the driver only loads finished partitions into DuckDB.
Other inputs (text and HTML files, stdin, URLs, WARC, UTF-16 JSON lines) are read by the
driver and shipped to the workers as documents. At most a few partitions are in flight,
so memory stays flat however large the input. Each partition is loaded into DuckDB in its
own transaction as soon as it is done: a run that is killed resumes like a local run.

Output layout, queryable with DuckDB's `read_parquet('OUT/events/*.parquet')`:
OUT/{documents,sentences,actor_mentions,events}/part-NNNNNN.parquet

This is the only module that imports dask. With a remote scheduler, OUT must be on
storage that the workers and the driver both see, and so must the JSON lines inputs unless
`worker_reads=False` (see docs/scale.md).
"""
from __future__ import annotations

import logging
import os
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from quanhe.api import DEFAULT_DB, WRITER_THREADS, RunSummary, bulk_collector, content_hash, iter_batches
from quanhe.document import Document
from quanhe.errors import InputError, QuanheError
from quanhe.store.duckdb_store import (
    COLUMN_TYPES, DOCUMENT_COLUMNS, EVENT_COLUMNS, MENTION_COLUMNS, SENTENCE_COLUMNS, BatchRows, DuckDBStore,
)
from quanhe.version import __version__

log = logging.getLogger(__name__)
DEFAULT_OUT = "quanhe-parquet"
# Documents per partition: a partition is a scheduled task, four Parquet files and one load into
# the store, so small ones cost the driver and the scheduler more than they save in balance
# (20 MB, 2 workers: 27.6 s with 200, 18.8-21.1 s with 1,000, 20.9 s with 2,000).
DEFAULT_PARTITION = 1000
TABLES = ("documents", "sentences", "actor_mentions", "events")
_ARROW_TYPES = {"VARCHAR": "string", "INTEGER": "int32", "DOUBLE": "float64", "BOOLEAN": "bool",
                "VARCHAR[]": "list<string>"}

_worker_pipeline: Any = None  # one pipeline per worker process, built on first use
STORED = "_stored.parquet"


@dataclass
class PartitionResult:
    index: int
    doc_ids: list[str]
    files: dict[str, str]
    by_type: dict[str, int] = field(default_factory=dict)
    errors: list[tuple[str, str]] = field(default_factory=list)  # (origin, reason)
    seen: int = 0  # inputs read by the worker (documents and errors); 0 when the driver read them
    skipped: int = 0  # documents the worker found stored already


@dataclass(frozen=True)
class Range:
    """One byte range of a JSON lines file, read by a worker."""

    path: str  # as given, for the documents' origins
    start: int
    end: int
    first_line: int


def _columns(table: str) -> list[tuple[str, str]]:
    columns = {"documents": DOCUMENT_COLUMNS, "sentences": SENTENCE_COLUMNS,
               "actor_mentions": MENTION_COLUMNS, "events": EVENT_COLUMNS}[table]
    return [(c, COLUMN_TYPES[c]) if isinstance(c, str) else c for c in columns]


def _arrow_schema(table: str) -> Any:
    import pyarrow as pa

    def arrow_type(name: str) -> Any:
        return pa.list_(pa.string()) if name == "list<string>" else pa.type_for_alias(name)

    return pa.schema([(name, arrow_type(_ARROW_TYPES[sql])) for name, sql in _columns(table)])


def _pipeline() -> Any:
    global _worker_pipeline
    if _worker_pipeline is None:
        from quanhe.pipeline import build_pipeline

        _worker_pipeline = build_pipeline()
    return _worker_pipeline


def load_worker_dictionaries() -> str:
    """Runs on every worker at start: build its pipeline now, not in its first partition, and
    return only its dictionary version (returning the pipeline would ship every worker's
    dictionaries back to the driver: 1.4-1.8 s of a 2-worker start)."""
    return str(_pipeline().dictionary_version)


def process_range(index: int, part: Range, published: str | None, out: str) -> PartitionResult:
    """Runs on a worker: read one byte range of a JSON lines file, skip what is stored, code
    the rest and write it as Parquet (`process_partition`)."""
    from quanhe.sources.files import read_jsonl_range

    docs: list[Document] = []
    errors: list[tuple[str, str]] = []
    seen = 0
    for item in read_jsonl_range(Path(part.path), part.start, part.end, part.first_line, published,
                                 origin=part.path):
        seen += 1
        if isinstance(item, InputError):
            errors.append((item.path, item.reason))
        else:
            docs.append(item)
    todo, skipped = _unstored(docs, os.path.join(out, STORED), _pipeline().dictionary_version)
    result = process_partition(index, todo, out)
    result.errors[:0] = errors
    result.seen, result.skipped = seen, skipped
    return result


def _unstored(docs: list[Document], stored_file: str, dictionary_version: str) -> tuple[list[tuple[Document, str]], int]:
    """(document, hash) pairs not stored with the same hash and versions (a later duplicate id
    wins), and how many were skipped; the stored hashes come from the driver's Parquet file."""
    hashes = {d.id: content_hash(d) for d in docs}
    stored: dict[str, tuple[str, str, str]] = {}
    if hashes and os.path.exists(stored_file):
        import duckdb

        con = duckdb.connect(config={"threads": 1})
        try:
            rows = con.execute("SELECT doc_id, content_hash, quanhe_version, dictionary_version FROM read_parquet(?) "
                               "WHERE doc_id IN (SELECT unnest(?::VARCHAR[]))", [stored_file, list(hashes)]).fetchall()
        finally:
            con.close()
        stored = {r[0]: (r[1], r[2], r[3]) for r in rows}
    todo: dict[str, tuple[Document, str]] = {}
    skipped = 0
    for doc in docs:
        if stored.get(doc.id) == (hashes[doc.id], __version__, dictionary_version):
            skipped += 1
        else:
            todo[doc.id] = (doc, hashes[doc.id])
    return list(todo.values()), skipped


def process_partition(index: int, docs: list[tuple[Document, str]], out: str) -> PartitionResult:
    """Runs on a worker: code the documents, write one Parquet file per table."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    pipe = _pipeline()
    rows = BatchRows()
    result = PartitionResult(index=index, doc_ids=[], files={})
    # tuned as in a local run: untuned, the collector's passes over the worker's dictionaries
    # and Dask's own objects made a partition 25-60% slower (20 MB: 23.4 s against 17.1 s)
    with bulk_collector():
        for doc, digest in docs:
            try:
                coded = pipe(doc)
            except Exception as exc:  # noqa: BLE001 - one broken document must not lose the partition
                log.exception("%s: processing failed", doc.origin)
                result.errors.append((doc.origin or doc.id, f"processing failed: {exc!r}"))
                continue
            rows.add(coded, digest, __version__)
            result.doc_ids.append(coded.id)
            for event in coded.events:
                result.by_type[event.type] = result.by_type.get(event.type, 0) + 1
    data = {"documents": rows.documents, "sentences": rows.sentences,
            "actor_mentions": rows.mentions, "events": rows.event_columns()}
    for table in TABLES:
        schema = _arrow_schema(table)
        columns = data[table]
        path = os.path.join(out, table, f"part-{index:06d}.parquet")
        tmp = path + ".tmp"
        pq.write_table(pa.Table.from_arrays([pa.array(c, type=f.type) for c, f in zip(columns, schema)],
                                            schema=schema), tmp)
        os.replace(tmp, path)  # readers of the glob never see half a file
        result.files[table] = path
    return result


def _prepare_out(out: Path) -> None:
    """Create the table folders; remove the parts of an earlier run (they are loaded already)."""
    for table in TABLES:
        folder = out / table
        folder.mkdir(parents=True, exist_ok=True)
        for old in folder.glob("part-*.parquet*"):
            old.unlink()
    (out / STORED).unlink(missing_ok=True)


def _export_stored(store: DuckDBStore, out: Path) -> None:
    """The stored (doc_id, hash, versions) for the workers that read their own input."""
    if store.con.execute("SELECT count(*) FROM documents").fetchone()[0]:
        tmp = out / (STORED + ".tmp")
        store.con.execute(f"COPY (SELECT doc_id, content_hash, quanhe_version, dictionary_version FROM documents) "
                          f"TO '{tmp.as_posix()}' (FORMAT parquet)")
        os.replace(tmp, out / STORED)


def balanced_size(lines: int, partition_size: int, workers: int) -> int:
    """Documents per partition for a file of `lines` documents: at most `partition_size`, aiming
    at a number of partitions that is a multiple of `workers`, all about one size, so that no
    worker is left alone with a short last partition while the others wait (20 MB on 2 workers:
    8 partitions of 1,000 and 354 documents left one worker idle for the last 1.3 s of a 15 s
    run). The size is rounded up, so small files can come out one or more partitions short
    (17 documents on 16 workers: 9 partitions of 2); at the default size of 1,000 that needs
    more partitions than there are documents per partition."""
    parts = -(-max(lines, 1) // max(partition_size, 1))
    parts = -(-parts // max(workers, 1)) * max(workers, 1)
    return max(1, -(-lines // parts))


def _count_documents(path: Path) -> int:
    """Non-blank lines of a JSON lines file, counted as `jsonl_ranges` counts them (one line
    is one article of some KB, so this is one quick pass over the bytes)."""
    with path.open("rb") as handle:
        return sum(1 for raw in handle if raw.strip())


def _work(inputs: Iterable[str], published: str | None, partition_size: int, worker_reads: bool,
          summary: RunSummary, workers: int = 1) -> Iterator[Range | list[Document]]:
    """The partitions in input order: byte ranges of JSON lines files the workers read
    themselves (sizes balanced over `workers`), and batches of documents the driver read."""
    from quanhe.sources.files import is_streamed_jsonl, jsonl_ranges

    for spec in inputs:
        path = Path(spec)
        if worker_reads and spec != "-" and is_streamed_jsonl(path):
            size = balanced_size(_count_documents(path), partition_size, workers)
            for start, end, first in jsonl_ranges(path, size):
                yield Range(str(path), start, end, first)
        else:
            yield from iter_batches([spec], published, partition_size, summary)


def _todo(store: DuckDBStore, part: list[Document], dictionary_version: str,
          summary: RunSummary) -> list[tuple[Document, str]]:
    """The documents not yet stored with the same content and versions (a later duplicate id wins)."""
    hashes = {d.id: content_hash(d) for d in part}
    stored = store.stored_hashes(list(hashes))
    todo: dict[str, tuple[Document, str]] = {}
    for doc in part:
        if stored.get(doc.id) == (hashes[doc.id], __version__, dictionary_version):
            summary.documents_skipped += 1
        else:
            todo[doc.id] = (doc, hashes[doc.id])
    return list(todo.values())


def _client(scheduler: str | None, workers: int, processes: bool) -> Any:
    from dask.distributed import Client, LocalCluster

    if scheduler:
        try:
            return Client(scheduler, timeout="30s")
        except (OSError, TimeoutError) as exc:
            raise QuanheError(f"cannot reach the Dask scheduler at {scheduler}: {exc}") from None
    cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=processes,
                           dashboard_address=None)
    return Client(cluster)


def run_dask(
    inputs: Iterable[str],
    db: str | Path = DEFAULT_DB,
    published: str | None = None,
    out: str | Path = DEFAULT_OUT,
    scheduler: str | None = None,
    workers: int = 2,
    partition_size: int = DEFAULT_PARTITION,
    processes: bool = True,
    on_progress: Callable[[RunSummary], None] | None = None,
    worker_reads: bool | None = None,
    timings: dict[str, float] | None = None,
) -> RunSummary:
    """Code the inputs on a Dask cluster (a LocalCluster of `workers` when no scheduler address),
    write partitioned Parquet under `out`, and load it into the DuckDB store `db`.

    `worker_reads`: workers read UTF-8 JSON lines inputs themselves (default: with a local
    cluster only; a remote cluster needs the inputs on storage it sees). `timings`, when
    given, receives `startup`: seconds to start the cluster and load the dictionaries on
    every worker, the fixed cost of a run."""
    from dask.distributed import wait

    started = time.perf_counter()
    out_dir = Path(out).resolve()
    _prepare_out(out_dir)
    summary = RunSummary()
    reads = scheduler is None if worker_reads is None else worker_reads
    client = _client(scheduler, workers, processes)
    try:
        dictionary_version = _worker_dictionary_version(client)
        if timings is not None:
            timings["startup"] = time.perf_counter() - started
        n_workers = max(1, len(client.scheduler_info().get("workers", {})) or workers)
        max_in_flight = 2 * n_workers
        with DuckDBStore(db, threads=WRITER_THREADS) as store:
            if reads:
                _export_stored(store, out_dir)
            pending: set[Any] = set()
            index = 0
            for part in _work(inputs, published, partition_size, reads, summary, n_workers):
                if isinstance(part, Range):
                    pending.add(client.submit(process_range, index, part, published, str(out_dir), pure=False))
                    index += 1
                elif todo := _todo(store, part, dictionary_version, summary):
                    pending.add(client.submit(process_partition, index, todo, str(out_dir), pure=False))
                    index += 1
                while len(pending) >= max_in_flight:
                    done, pending = _settle(wait(pending, return_when="FIRST_COMPLETED"), store, summary)
                if on_progress:
                    on_progress(summary)
            while pending:
                done, pending = _settle(wait(pending, return_when="FIRST_COMPLETED"), store, summary)
            if on_progress:
                on_progress(summary)
    finally:
        _close(client, scheduler)
    return summary


def _worker_dictionary_version(client: Any) -> str:
    """The dictionary version every worker loaded (the stored hashes are compared against it);
    workers on different versions would code one input two ways, so that is refused. A remote
    scheduler with no worker yet: the driver's own dictionaries tell the version."""
    versions = set(client.run(load_worker_dictionaries).values())
    if not versions:
        from quanhe.dictionaries import load_dictionaries

        return load_dictionaries().version
    if len(versions) > 1:
        raise QuanheError(f"the Dask workers run different dictionary versions ({', '.join(sorted(versions))}): "
                          "install one quanhe version and one set of dictionaries everywhere")
    return versions.pop()


def _settle(waited: Any, store: DuckDBStore, summary: RunSummary) -> tuple[set[Any], set[Any]]:
    """Load every finished partition into the store; return (done, still pending)."""
    for future in waited.done:
        try:
            result: PartitionResult = future.result()
        except Exception as exc:  # noqa: BLE001 - a lost worker or a pickling error: report the partition
            summary.errors.append(InputError(f"partition {future.key}", f"failed on the cluster: {exc!r}"))
            continue
        summary.events_stored += store.load_parquet(result.files, result.doc_ids)
        summary.documents_stored += len(result.doc_ids)
        summary.documents_seen += result.seen
        summary.documents_skipped += result.skipped
        summary.errors.extend(InputError(origin, reason) for origin, reason in result.errors)
        for event_type, n in result.by_type.items():
            summary.by_type[event_type] = summary.by_type.get(event_type, 0) + n
    return set(waited.done), set(waited.not_done)


def _close(client: Any, scheduler: str | None) -> None:
    cluster = client.cluster if scheduler is None else None
    client.close()
    if cluster is not None:
        cluster.close()
