"""Extractive multi-document summary of a story, in the articles' own Vietnamese sentences.

Sentences are scored by cosine similarity to the story centroid (hashed TF-IDF of
syllable 1-2-grams) with a small bonus for lead sentences, then picked by maximal
marginal relevance (MMR) so that a sentence repeating one already chosen loses.
Boilerplate-like sentences (too short or long, links, "Theo dõi", bylines) and
sentences that also occur in articles outside the story (shared boilerplate, quotes of
other stories) are never candidates. The chosen sentences are printed in story order.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

import duckdb

from quanhe.corpus.errors import StoryNotFound
from quanhe.corpus.text import idf_weights, syllables, tf_matrix, tfidf

DEFAULT_WORDS = 100
MMR_LAMBDA = 0.7
LEAD_BONUS = 0.1
MIN_SYLLABLES, MAX_SYLLABLES = 8, 90
_BOILERPLATE = re.compile(
    r"https?://|www\.|@|theo dõi|bấm vào|xem thêm|bình luận|đăng ký|chia sẻ|quảng cáo|ảnh:|nguồn:|"
    r"\.vn\b|\.com\b|bản quyền|copyright", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Candidate:
    doc_id: str
    index: int
    order: int  # position of the article in the story
    text: str

    @property
    def words(self) -> int:
        return len(syllables(self.text))


@dataclass(frozen=True, slots=True)
class Summary:
    story_id: str
    text: str
    sentences: list[Candidate]

    @property
    def words(self) -> int:
        return sum(s.words for s in self.sentences)


def is_boilerplate(text: str) -> bool:
    n = len(syllables(text))
    if n < MIN_SYLLABLES or n > MAX_SYLLABLES:
        return True
    if _BOILERPLATE.search(text):
        return True
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and sum(c.isupper() for c in letters) > 0.6 * len(letters)


def _candidates(con: duckdb.DuckDBPyConnection, story_id: str) -> list[Candidate]:
    rows = con.execute(
        """
        SELECT s.doc_id, s.idx, sa.seq, s.text,
               (SELECT count(*) FROM sentences o JOIN story_articles osa ON osa.doc_id = o.doc_id
                WHERE o.text = s.text AND osa.story_id <> sa.story_id) AS elsewhere
        FROM sentences s JOIN story_articles sa ON sa.doc_id = s.doc_id
        WHERE sa.story_id = ?
        ORDER BY sa.seq, s.idx
        """, [story_id]).fetchall()
    out = []
    for doc_id, idx, seq, text, elsewhere in rows:
        text = " ".join((text or "").split())
        if elsewhere or is_boilerplate(text):
            continue
        out.append(Candidate(doc_id, idx, seq, text))
    return out


def select(cands: list[Candidate], words: int = DEFAULT_WORDS) -> list[Candidate]:
    """MMR selection of sentences up to about `words` syllables (Vietnamese words are syllables)."""
    if not cands:
        return []
    import numpy as np

    tf = tf_matrix([c.text for c in cands])
    x = tfidf(tf, idf_weights(tf))
    centroid = np.asarray(x.mean(axis=0)).ravel()
    relevance = x @ centroid
    relevance = relevance / (relevance.max() or 1.0)
    relevance = relevance + np.array([LEAD_BONUS / (1 + c.index) for c in cands])
    sims = (x @ x.T).toarray()
    chosen: list[int] = []
    used = 0
    remaining = set(range(len(cands)))
    while remaining and used < words:
        def mmr(i: int) -> float:
            redundancy = max((sims[i, j] for j in chosen), default=0.0)
            return MMR_LAMBDA * relevance[i] - (1 - MMR_LAMBDA) * redundancy

        best = min(remaining, key=lambda i: (-round(float(mmr(i)), 9), i))
        remaining.discard(best)
        size = cands[best].words
        if chosen and used + size > words * 1.2:
            continue  # too long for what is left; a shorter sentence may still fit
        if any(sims[best, j] > 0.8 for j in chosen):
            continue
        chosen.append(best)
        used += size
    return sorted((cands[i] for i in chosen), key=lambda c: (c.order, c.index))


def summarize(con: duckdb.DuckDBPyConnection, story_id: str, words: int = DEFAULT_WORDS) -> Summary:
    if not con.execute("SELECT count(*) FROM stories WHERE story_id = ?", [story_id]).fetchone()[0]:
        raise StoryNotFound(story_id)
    picked = select(_candidates(con, story_id), words)
    return Summary(story_id, " ".join(c.text for c in picked), picked)
