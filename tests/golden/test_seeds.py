"""The whole pipeline on the seed articles, scored against their gold (floors are pinned)."""
import pytest

from quanhe.api import evaluate, process
from quanhe.pipeline import build_pipeline

SEED_F1_FLOOR = 0.85  # issue 4 asks for 0.85 on the seeds; measured 0.95 when pinned


def test_seed_accuracy_floor(shared, dicts):
    result = evaluate(shared / "gold" / "seeds.events.jsonl", [str(shared / "seeds")], dictionaries=dicts)
    s = result.score
    assert len(result.documents) == 2
    assert s.negatives_hit == 0
    assert s.f1 >= SEED_F1_FLOOR, s.to_dict()


def test_boilerplate_teasers_produce_no_events(shared, dicts):
    [doc] = [d for d in process([str(shared / "seeds" / "004_1f9f40a1f8fcd362.txt")], pipeline=build_pipeline(dicts))]
    for gone in ("Đọc thêm", "Tin liên quan", "Theo dõi", "Phiên bản di động", "Dimona", "Hamas", "Baghdad"):
        assert gone not in doc.text
    assert all("Iran" not in e.sentence for e in doc.candidates)


def test_russia_nato_events_are_listed(shared, tmp_path):
    from quanhe import api

    db = tmp_path / "seeds.duckdb"
    api.run([str(shared / "seeds")], db=db)
    rows = api.query_events(db, between=("RUS", "NATO"))
    docs = {r["doc_id"] for r in rows}
    assert docs == {"000_02013d207489e143", "004_1f9f40a1f8fcd362"}
    assert any(r["date"] == "XXXX-10-06" and r["trigger"].startswith("trục xuất") for r in rows)
