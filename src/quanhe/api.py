"""The Python API that the CLI (and any user) calls: process, run, query, evaluate."""
from __future__ import annotations

import gc
import hashlib
import logging
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from quanhe.dictionaries import Dictionaries, load_dictionaries
from quanhe.document import ActorMention, Document
from quanhe.errors import InputError
from quanhe.evaluate import ActorScore, Score, load_gold, load_gold_mentions, score, score_mentions
from quanhe.pipeline import Pipeline, build_pipeline
from quanhe.sources.dispatch import iter_inputs
from quanhe.store.duckdb_store import DuckDBStore
from quanhe.store.filters import EventFilter
from quanhe.version import __version__

log = logging.getLogger(__name__)
DEFAULT_DB = "quanhe.duckdb"
DEFAULT_BATCH = 200
WRITER_THREADS = 1  # DuckDB's threads for `run`: inserting a batch is little work next to coding it
# Allocations between two young-generation collections during `run` (Python's default: 700)
BULK_GC_THRESHOLD = 10_000
_GC_TUNING = threading.Lock()


@dataclass
class RunSummary:
    documents_seen: int = 0
    documents_stored: int = 0
    documents_skipped: int = 0  # already stored with the same content and versions
    events_stored: int = 0
    errors: list[InputError] = field(default_factory=list)
    by_type: dict[str, int] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.errors


def content_hash(doc: Document) -> str:
    digest = hashlib.sha256()
    for part in (doc.raw, doc.title, doc.published or "", doc.url, doc.source, str(doc.is_html)):
        digest.update(part.encode("utf-8", "surrogatepass"))
        digest.update(b"\x1f")
    return digest.hexdigest()[:32]


def process_document(doc: Document, pipeline: Pipeline | None = None) -> Document:
    """Run every per-document stage on one document."""
    return (pipeline or build_pipeline())(doc)


def process_text(text: str, doc_id: str = "text", published: str | None = None, html: bool = False,
                 pipeline: Pipeline | None = None) -> Document:
    """Convenience: code a string (text or HTML) without touching any store."""
    return process_document(Document(id=doc_id, raw=text, is_html=html, origin=doc_id, published=published), pipeline)


def process(inputs: Iterable[str], published: str | None = None,
            pipeline: Pipeline | None = None) -> Iterator[Document | InputError]:
    """Processed documents (or input errors) from paths, directories and '-'."""
    pipe = pipeline or build_pipeline()
    for item in iter_inputs(inputs, published):
        if isinstance(item, InputError):
            log.warning("%s", item)
            yield item
        else:
            yield pipe(item)


def run(
    inputs: Iterable[str],
    db: str | Path = DEFAULT_DB,
    published: str | None = None,
    batch_size: int = DEFAULT_BATCH,
    on_progress: Callable[[RunSummary], None] | None = None,
    pipeline: Pipeline | None = None,
) -> RunSummary:
    """Process inputs and store them, one transaction per batch; re-runs add nothing."""
    pipe = pipeline or build_pipeline()
    summary = RunSummary()
    with bulk_collector(), DuckDBStore(db, threads=WRITER_THREADS) as store:
        for batch in iter_batches(inputs, published, batch_size, summary, on_progress):
            _store_batch(store, batch, pipe, summary)
            if on_progress:
                on_progress(summary)
    return summary


@contextmanager
def bulk_collector() -> Iterator[None]:
    """The cyclic garbage collector tuned for a bulk run, restored afterwards. Every full pass
    rescanned the dictionaries (some 300,000 long-lived objects), and the coder's many short-lived
    containers set off a young pass every 700 allocations: about 6% of a run's time. What
    exists when the run starts (dictionaries, modules) is frozen out of the passes, and young
    passes come less often. Only one run at a time tunes it; what the application froze stays frozen."""
    if not _GC_TUNING.acquire(blocking=False):
        yield  # another run in this process has tuned it already
        return
    threshold = gc.get_threshold()
    freeze = gc.get_freeze_count() == 0
    try:
        if freeze:
            gc.freeze()
        gc.set_threshold(BULK_GC_THRESHOLD, *threshold[1:])
        yield
    finally:
        gc.set_threshold(*threshold)
        if freeze:
            gc.unfreeze()
        _GC_TUNING.release()


def iter_batches(inputs: Iterable[str], published: str | None, size: int, summary: RunSummary,
                 on_item: Callable[[RunSummary], None] | None = None) -> Iterator[list[Document]]:
    """Documents in bounded batches; input errors are logged and counted in `summary`."""
    batch: list[Document] = []
    for item in iter_inputs(inputs, published):
        summary.documents_seen += 1
        if isinstance(item, InputError):
            log.warning("%s", item)
            summary.errors.append(item)
        else:
            batch.append(item)
        if on_item:
            on_item(summary)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _store_batch(store: DuckDBStore, batch: list[Document], pipe: Pipeline, summary: RunSummary) -> None:
    if not batch:
        return
    hashes = {d.id: content_hash(d) for d in batch}
    stored = store.stored_hashes(list(hashes))
    todo: dict[str, tuple[Document, str]] = {}
    for doc in batch:
        known = stored.get(doc.id)
        if known == (hashes[doc.id], __version__, pipe.dictionary_version):
            summary.documents_skipped += 1
            continue
        todo[doc.id] = (doc, hashes[doc.id])  # a later duplicate id in the batch wins
    processed = []
    for doc, digest in todo.values():
        try:
            processed.append((pipe(doc), digest))
        except Exception as exc:  # one broken document must not lose the batch
            log.exception("%s: processing failed", doc.origin)
            summary.errors.append(InputError(doc.origin or doc.id, f"processing failed: {exc!r}"))
    # the ids looked up above stand for the stored rows only if no stage changed a document's id
    same_ids = all(doc.id in hashes for doc, _ in processed)
    summary.events_stored += store.write_batch(processed, __version__, stored=stored.keys() if same_ids else None)
    summary.documents_stored += len(processed)
    for doc, _ in processed:
        for e in doc.events:
            summary.by_type[e.type] = summary.by_type.get(e.type, 0) + 1


def query_events(db: str | Path = DEFAULT_DB, actor: str | None = None, between: tuple[str, str] | None = None,
                 type: str | None = None, include_negated: bool = False, limit: int | None = None) -> list[dict[str, Any]]:
    with DuckDBStore(db, read_only=True) as store:
        return store.events(EventFilter(actor=actor, pair=between, type=type, include_negated=include_negated),
                            limit=limit)


def actor_mentions(doc: Document) -> list[dict[str, Any]]:
    return [_mention_dict(doc.id, m) for m in doc.actors]


def _mention_dict(doc_id: str, m: ActorMention) -> dict[str, Any]:
    return {"doc_id": doc_id, "start": m.start, "end": m.end, "text": m.text, "id": m.id,
            "sector": m.sector, "role": m.role, "person": m.person, "kind": m.kind,
            "resolution": m.resolution, "location": m.location}


@dataclass
class Evaluation:
    score: Score
    documents: list[str]
    errors: list[InputError]


def evaluate(gold_path: str | Path, inputs: Iterable[str], published: str | None = None,
             only_ids: set[str] | None = None, dictionaries: Dictionaries | None = None) -> Evaluation:
    """Code the inputs and score them against a gold file (rule: docs/evaluation.md)."""
    gold = load_gold(gold_path)
    pipe = build_pipeline(dictionaries or load_dictionaries())
    events: list[dict[str, Any]] = []
    docs: list[str] = []
    errors: list[InputError] = []
    for item in iter_inputs(inputs, published):
        if isinstance(item, InputError):
            errors.append(item)
            continue
        if only_ids is not None and item.id not in only_ids:
            continue
        doc = pipe(item)
        docs.append(doc.id)
        events.extend(e.to_dict() for e in doc.events)
    return Evaluation(score=score(events, gold, docs), documents=docs, errors=errors)


def evaluate_actors(gold_path: str | Path, inputs: Iterable[str], only_ids: set[str] | None = None,
                    published: str | None = None, skip_kinds: frozenset[str] = frozenset(),
                    dictionaries: Dictionaries | None = None) -> tuple[ActorScore, list[str]]:
    """Score actor mentions against gold mentions whose offsets index the input's raw text:
    the recogniser runs on the normalised raw text (no extraction), so offsets line up."""
    from quanhe.stages import actors as actor_stage
    from quanhe.stages import normalize as normalize_stage
    from quanhe.stages import sentences as sentence_stage

    dicts = dictionaries or load_dictionaries()
    gold = load_gold_mentions(gold_path)
    mentions: list[dict[str, Any]] = []
    docs: list[str] = []
    for item in iter_inputs(inputs, published):
        if isinstance(item, InputError) or (only_ids is not None and item.id not in only_ids):
            continue
        item.text = item.raw
        doc = actor_stage.actors(sentence_stage.sentences(normalize_stage.normalize(item)), dicts)
        docs.append(doc.id)
        mentions.extend(actor_mentions(doc))
    return score_mentions(mentions, gold, docs, skip_kinds), docs
