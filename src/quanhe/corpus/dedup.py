"""Near-duplicate articles (syndicated copies, re-posts) by MinHash LSH over syllable shingles.

Each article is shingled into overlapping syllable 5-grams; MinHash signatures with a
fixed seed make the result reproducible, and an LSH index proposes candidates that are
then confirmed on the estimated Jaccard similarity. A duplicate is linked to the earliest
article of its group (published date, then id), which is the "original".
"""
from __future__ import annotations

import logging
from dataclasses import dataclass

import duckdb

from quanhe.corpus.errors import MissingDependency
from quanhe.corpus.load import Article, load_articles
from quanhe.corpus.schema import bulk_insert, ensure_schema
from quanhe.corpus.text import shingles, syllables

log = logging.getLogger(__name__)
SHINGLE = 5
NUM_PERM = 128
SEED = 20211018
DEFAULT_THRESHOLD = 0.7


@dataclass(frozen=True, slots=True)
class Duplicate:
    doc_id: str
    original_id: str
    similarity: float


def minhash(text: str, num_perm: int = NUM_PERM):  # type: ignore[no-untyped-def]
    try:
        from datasketch import MinHash
    except ImportError:
        raise MissingDependency("datasketch") from None
    m = MinHash(num_perm=num_perm, seed=SEED)
    m.update_batch([sh.encode("utf-8") for sh in sorted(shingles(syllables(text), SHINGLE))])
    return m


def find_duplicates(articles: list[Article], threshold: float = DEFAULT_THRESHOLD,
                    known: list[Article] | None = None) -> list[Duplicate]:
    """Duplicates among `articles` (and of the `known` ones, already indexed), oldest first wins."""
    try:
        from datasketch import MinHashLSH
    except ImportError:
        raise MissingDependency("datasketch") from None
    lsh = MinHashLSH(threshold=threshold, num_perm=NUM_PERM)
    sigs = {}
    originals_of: dict[str, str] = {}
    for art in sorted(known or [], key=lambda a: a.sort_key):
        sigs[art.doc_id] = minhash(art.text)
        lsh.insert(art.doc_id, sigs[art.doc_id])
    found: list[Duplicate] = []
    for art in sorted(articles, key=lambda a: a.sort_key):
        if art.doc_id in sigs:
            continue
        sig = minhash(art.text)
        best = _best_match(art, sig, lsh.query(sig), sigs, threshold)
        sigs[art.doc_id] = sig
        lsh.insert(art.doc_id, sig)
        if best is not None:
            original = originals_of.get(best[0], best[0])  # a copy of a copy points to the original
            originals_of[art.doc_id] = original
            found.append(Duplicate(art.doc_id, original, round(best[1], 4)))
    return found


def _best_match(art: Article, sig, candidates: list[str], sigs: dict, threshold: float) -> tuple[str, float] | None:  # type: ignore[no-untyped-def]
    scored = [(c, sig.jaccard(sigs[c])) for c in candidates if c != art.doc_id]
    scored = [(c, s) for c, s in scored if s >= threshold]
    if not scored:
        return None
    return sorted(scored, key=lambda cs: (-cs[1], cs[0]))[0]


def update_duplicates(con: duckdb.DuckDBPyConnection, threshold: float = DEFAULT_THRESHOLD) -> list[Duplicate]:
    """Check the articles not seen before against all seen ones; store and return new duplicates."""
    ensure_schema(con)
    seen = {r[0] for r in con.execute("SELECT doc_id FROM dedup_seen").fetchall()}
    articles = load_articles(con)
    known = [a for a in articles if a.doc_id in seen]
    new = [a for a in articles if a.doc_id not in seen]
    if not new:
        return []
    dups = find_duplicates(new, threshold, known)
    existing = dict(con.execute("SELECT doc_id, original_id FROM doc_duplicates").fetchall())
    rows = [[d.doc_id, existing.get(d.original_id, d.original_id), d.similarity] for d in dups]
    bulk_insert(con, "doc_duplicates", rows, replace=True)
    bulk_insert(con, "dedup_seen", [[a.doc_id] for a in new], replace=True)
    log.info("dedup: %d new articles, %d duplicates", len(new), len(rows))
    return dups


def duplicate_map(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    """doc_id -> original_id for every stored duplicate."""
    ensure_schema(con)
    return dict(con.execute("SELECT doc_id, original_id FROM doc_duplicates").fetchall())
