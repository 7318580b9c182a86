"""Actor-recognition gate on 15 development articles (dev/actors/, offsets into the corpus text)."""
from pathlib import Path

from quanhe.api import evaluate_actors

ROOT = Path(__file__).resolve().parents[2]
ACTOR_PRECISION_FLOOR = 0.98  # measured 0.992 when pinned
ACTOR_RECALL_FLOOR = 0.955  # measured 0.965 when pinned


def test_actor_mentions_floor(shared, dicts):
    ids = {line.strip() for line in (ROOT / "dev" / "actors" / "articles.txt").read_text().splitlines() if line.strip()}
    result, docs = evaluate_actors(ROOT / "dev" / "actors" / "mentions.jsonl",
                                   [str(shared / "corpus" / "vntc-world-dev.jsonl")], only_ids=ids, dictionaries=dicts)
    assert len(docs) == len(ids)
    assert result.precision >= ACTOR_PRECISION_FLOOR and result.recall >= ACTOR_RECALL_FLOOR, result.to_dict()
