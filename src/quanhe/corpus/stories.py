"""Incremental story clustering: each new article joins the nearest story or opens one.

An article is compared with the centroid of every open story (hashed TF-IDF of syllable
1-2-grams, see text.py), with a small bonus for shared actors and shared event
signatures (type, source, target). It joins the best story when the score reaches the
threshold and the story's dates are within `window_days` of the article's date (the
window is ignored when either side has no date); otherwise it opens a story whose id is
a hash of this first article. Articles never move and stories never merge: earlier
assignments are kept, so adding articles only adds rows. New articles are taken in
(published, doc_id) order, which makes the result deterministic. A near-duplicate
(dedup.py) joins the story of its original.
"""
from __future__ import annotations

import hashlib
import logging
from collections import Counter
from dataclasses import dataclass, field
from datetime import date

import duckdb

from quanhe.corpus.dedup import update_duplicates
from quanhe.corpus.errors import CorpusError
from quanhe.corpus.load import Article, load_articles
from quanhe.corpus.schema import bulk_insert, ensure_schema
from quanhe.corpus.text import idf_weights, jaccard, tf_matrix, tfidf

log = logging.getLogger(__name__)
DEFAULT_THRESHOLD = 0.18
DEFAULT_WINDOW_DAYS = 7
ACTOR_WEIGHT = 0.05
EVENT_WEIGHT = 0.05
LINK_WEIGHT = 0.3
SHORTLIST = 5  # stories scored with the actor/event bonus, best text similarity first
DOT_BLOCK = 256
TITLE_REPEAT = 2  # headlines name the story; counting them twice helped on dev/stories


@dataclass(frozen=True, slots=True)
class StoryParams:
    threshold: float = DEFAULT_THRESHOLD
    window_days: int = DEFAULT_WINDOW_DAYS
    actor_weight: float = ACTOR_WEIGHT
    event_weight: float = EVENT_WEIGHT
    link_weight: float = LINK_WEIGHT

    def __post_init__(self) -> None:
        if not 0.0 < self.threshold <= 1.5:
            raise CorpusError(f"story threshold {self.threshold} out of range (0, 1.5]")
        if self.window_days < 0:
            raise CorpusError(f"window of {self.window_days} days: must be >= 0")


@dataclass(slots=True)
class _Story:
    story_id: str
    index: int
    members: list[int] = field(default_factory=list)
    norm2: float = 0.0  # squared norm of the sum of member vectors
    first: str | None = None
    last: str | None = None
    actors: Counter[str] = field(default_factory=Counter)
    signatures: set[str] = field(default_factory=set)

    def add(self, i: int, art: Article, dot_with_members: float) -> None:
        self.norm2 += 2.0 * dot_with_members + 1.0
        self.members.append(i)
        if art.published:
            self.first = min(self.first or art.published, art.published)
            self.last = max(self.last or art.published, art.published)
        self.actors.update(art.actors)
        self.signatures |= art.signatures


@dataclass(slots=True)
class UpdateResult:
    new_articles: int = 0
    new_stories: int = 0
    joined: int = 0
    duplicates: int = 0
    touched: list[str] = field(default_factory=list)


def story_id_for(doc_id: str) -> str:
    return "st-" + hashlib.sha1(doc_id.encode("utf-8")).hexdigest()[:12]


def _days_apart(a: str, b: str) -> int:
    return abs((date.fromisoformat(a) - date.fromisoformat(b)).days)


def _in_window(story: _Story, published: str | None, window: int) -> bool:
    if published is None or story.first is None or story.last is None:
        return True
    if story.first <= published <= story.last:
        return True
    return min(_days_apart(published, story.first), _days_apart(published, story.last)) <= window


class StoryClusterer:
    """The in-memory state of one update: vectors of every article, stories and their members."""

    def __init__(self, articles: list[Article], params: StoryParams) -> None:
        import numpy as np

        self.np = np
        self.params = params
        self.articles = articles
        self.index = {a.doc_id: i for i, a in enumerate(articles)}
        tf = tf_matrix([f"{a.title}\n" * TITLE_REPEAT + a.text for a in articles])
        self.x = tfidf(tf, idf_weights(tf))
        self._xt = self.x.T.tocsc()
        self._block = -1
        self._block_dots = None
        self.story_of = np.full(len(articles), -1, dtype=np.int64)
        self.stories: list[_Story] = []
        self.by_id: dict[str, _Story] = {}

    def restore(self, doc_id: str, story_id: str) -> None:
        """Put back an article assigned by an earlier run."""
        i = self.index[doc_id]
        story = self.by_id.get(story_id) or self._open(story_id)
        dots = self._dots(i)
        self._attach(story, i, float(dots[story.members].sum()) if story.members else 0.0)

    def assign(self, doc_id: str, original: str | None) -> tuple[str, float, bool]:
        """(story id, similarity, opened a new story) for a new article."""
        i = self.index[doc_id]
        art = self.articles[i]
        dots = self._dots(i)
        if original is not None and original in self.index and self.story_of[self.index[original]] >= 0:
            story = self.stories[int(self.story_of[self.index[original]])]
            self._attach(story, i, float(dots[story.members].sum()))
            return story.story_id, 1.0, False
        best = self._best(art, dots)
        if best is not None and best[1] >= self.params.threshold:
            story, score = best
            self._attach(story, i, float(dots[story.members].sum()))
            return story.story_id, round(score, 4), False
        story = self._open(story_id_for(doc_id))
        self._attach(story, i, 0.0)
        return story.story_id, 1.0, True

    def _dots(self, i: int):  # type: ignore[no-untyped-def]
        """Similarities of article i with every article; computed by blocks of rows and cached."""
        block = i // DOT_BLOCK
        if block != self._block:
            rows = self.x[block * DOT_BLOCK:(block + 1) * DOT_BLOCK]
            self._block_dots = (rows @ self._xt).toarray()
            self._block = block
        return self._block_dots[i - block * DOT_BLOCK]

    def _open(self, story_id: str) -> _Story:
        if story_id in self.by_id:  # two first articles with colliding ids: make it unique, still stable
            story_id = story_id + "-" + str(len(self.stories))
        story = _Story(story_id, len(self.stories))
        self.stories.append(story)
        self.by_id[story_id] = story
        return story

    def _attach(self, story: _Story, i: int, dot: float) -> None:
        story.add(i, self.articles[i], dot)
        self.story_of[i] = story.index

    def _best(self, art: Article, dots) -> tuple[_Story, float] | None:  # type: ignore[no-untyped-def]
        np = self.np
        if not self.stories:
            return None
        assigned = np.nonzero(self.story_of >= 0)[0]
        sums = np.bincount(self.story_of[assigned], weights=dots[assigned], minlength=len(self.stories))
        norms = np.sqrt(np.array([max(s.norm2, 1e-12) for s in self.stories]))
        cosines = sums / norms
        if self.params.link_weight:
            # Mix in the best single member: a story that drifted still catches its follow-ups.
            nearest = np.zeros(len(self.stories))
            np.maximum.at(nearest, self.story_of[assigned], dots[assigned])
            cosines = (1 - self.params.link_weight) * cosines + self.params.link_weight * nearest
        # Stable order: highest cosine first, then the older story.
        order = sorted(range(len(self.stories)), key=lambda k: (-round(float(cosines[k]), 9), k))
        shortlist = [self.stories[k] for k in order
                     if _in_window(self.stories[k], art.published, self.params.window_days)][:SHORTLIST]
        scored = [(s, float(cosines[s.index]) + self._bonus(art, s)) for s in shortlist]
        if not scored:
            return None
        return sorted(scored, key=lambda t: (-round(t[1], 9), t[0].index))[0]

    def _bonus(self, art: Article, story: _Story) -> float:
        actors = jaccard(set(art.actors), set(story.actors))
        events = jaccard(set(art.signatures), story.signatures)
        return self.params.actor_weight * actors + self.params.event_weight * events

    def centroid_nearest(self, story: _Story) -> int:
        """The member nearest the story centroid, preferring members with a real headline."""
        sub = self.x[story.members]
        centroid = self.np.asarray(sub.sum(axis=0)).ravel()
        sims = sub @ centroid
        titled = [k for k, i in enumerate(story.members) if self.articles[i].title.strip()]
        pool = titled or list(range(len(story.members)))
        best = max(pool, key=lambda k: (round(float(sims[k]), 9), -k))  # ties: the earliest member
        return story.members[best]


def update_stories(con: duckdb.DuckDBPyConnection, params: StoryParams = StoryParams(),
                   doc_ids: list[str] | None = None) -> UpdateResult:
    """Assign the stored articles that have no story yet; refresh the stories they touched."""
    from quanhe.corpus.aggregate import aggregate_story_events

    ensure_schema(con)
    result = UpdateResult(duplicates=len(update_duplicates(con)))
    articles = load_articles(con, doc_ids)
    if not articles:
        return result
    clusterer = StoryClusterer(articles, params)
    previous = con.execute("SELECT doc_id, story_id FROM story_articles ORDER BY seq").fetchall()
    known = {d for d, _ in previous}
    for doc_id, story_id in previous:
        if doc_id in clusterer.index:
            clusterer.restore(doc_id, story_id)
    originals = dict(con.execute("SELECT doc_id, original_id FROM doc_duplicates").fetchall())
    seq = int(con.execute("SELECT coalesce(max(seq), -1) FROM story_articles").fetchone()[0]) + 1
    touched: set[str] = set()
    rows = []
    for art in articles:
        if art.doc_id in known:
            continue
        story_id, sim, opened = clusterer.assign(art.doc_id, originals.get(art.doc_id))
        rows.append([art.doc_id, story_id, sim, seq])
        seq += 1
        touched.add(story_id)
        result.new_articles += 1
        result.new_stories += int(opened)
        result.joined += int(not opened)
    bulk_insert(con, "story_articles", rows)
    result.touched = sorted(touched)
    counts = aggregate_story_events(con, result.touched)
    _write_stories(con, clusterer, [clusterer.by_id[s] for s in result.touched], counts)
    log.info("stories: %d new articles, %d new stories", result.new_articles, result.new_stories)
    return result


def _write_stories(con: duckdb.DuckDBPyConnection, clusterer: StoryClusterer, stories: list[_Story],
                   n_events: dict[str, int]) -> None:
    rows = []
    for story in stories:
        arts = [clusterer.articles[i] for i in story.members]
        title = clusterer.articles[clusterer.centroid_nearest(story)].headline
        actors = [a for a, _ in sorted(story.actors.items(), key=lambda kv: (-kv[1], kv[0]))]
        rows.append([story.story_id, title, arts[0].doc_id, story.first, story.last, len(arts), actors,
                     n_events.get(story.story_id, 0)])
    bulk_insert(con, "stories", rows, replace=True)
