from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from quanhe import api
from quanhe.corpus.errors import CorpusError
from quanhe.corpus.stories import StoryParams, story_id_for, update_stories

from .conftest import ARTICLES, write_jsonl


def _assignments(db: Path) -> dict[str, str]:
    con = duckdb.connect(str(db))
    try:
        update_stories(con)
        return dict(con.execute("SELECT doc_id, story_id FROM story_articles").fetchall())
    finally:
        con.close()


def test_examples_cluster_by_story(example_db, copy_db) -> None:  # type: ignore[no-untyped-def]
    stories = _assignments(copy_db(example_db))
    assert stories["ex-expel-1"] == stories["ex-expel-2"] == stories["ex-expel-copy"] == story_id_for("ex-expel-1")
    assert len({stories["ex-expel-1"], stories["ex-flood"], stories["ex-trade"]}) == 3


def test_deterministic_across_runs(example_db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    runs = []
    for name in ("one", "two"):
        db = tmp_path / f"{name}.duckdb"
        # the same articles given in another order
        items = ARTICLES if name == "one" else list(reversed(ARTICLES))
        api.run([str(write_jsonl(tmp_path / f"{name}.jsonl", items))], db=db)
        runs.append(_assignments(db))
    assert runs[0] == runs[1]


def test_incremental_keeps_earlier_assignments(tmp_path: Path) -> None:
    db = tmp_path / "inc.duckdb"
    first, later = ARTICLES[:3], ARTICLES[3:]
    api.run([str(write_jsonl(tmp_path / "a.jsonl", first))], db=db)
    before = _assignments(db)
    api.run([str(write_jsonl(tmp_path / "b.jsonl", later))], db=db)
    after = _assignments(db)
    assert {d: after[d] for d in before} == before  # articles never move, stories never merge
    assert after["ex-expel-2"] == before["ex-expel-1"]  # the follow-up joined the open story
    con = duckdb.connect(str(db))
    assert con.execute("SELECT n_articles FROM stories WHERE story_id = ?", [after["ex-expel-1"]]).fetchone()[0] == 3


def test_time_window_separates_distant_dates(tmp_path: Path) -> None:
    items = [dict(a) for a in ARTICLES if a["id"] in ("ex-expel-1", "ex-expel-2")]
    items[1]["published"] = "2023-06-30"  # months later: another story even though the text is close
    db = tmp_path / "win.duckdb"
    api.run([str(write_jsonl(tmp_path / "w.jsonl", items))], db=db)
    stories = _assignments(db)
    assert stories["ex-expel-1"] != stories["ex-expel-2"]


def test_bad_threshold_is_a_typed_error() -> None:
    with pytest.raises(CorpusError):
        StoryParams(threshold=0.0)


def test_seed_articles_form_one_story(seeds_db, copy_db) -> None:  # type: ignore[no-untyped-def]
    stories = _assignments(copy_db(seeds_db))
    assert len(stories) == 2 and len(set(stories.values())) == 1


def test_seed_expulsion_is_one_story_event_from_two_articles(seeds_db, copy_db) -> None:  # type: ignore[no-untyped-def]
    db = copy_db(seeds_db)
    _assignments(db)
    con = duckdb.connect(str(db))
    rows = con.execute(
        "SELECT story_event_id, num_articles, num_sources, confidence FROM story_events "
        "WHERE type = 'SANCTION' AND mode = 'expel' AND source_bases = ['NATO'] AND target_bases = ['RUS']"
    ).fetchall()
    assert len(rows) == 1
    _, articles, sources, confidence = rows[0]
    assert (articles, sources) == (2, 2)
    assert confidence == pytest.approx(0.84)
    mentions = con.execute("SELECT DISTINCT doc_id FROM story_event_mentions WHERE story_event_id = ?",
                           [rows[0][0]]).fetchall()
    assert sorted(m[0] for m in mentions) == ["000_02013d207489e143", "004_1f9f40a1f8fcd362"]
    # the per-article events are still there
    assert con.execute("SELECT count(*) FROM events WHERE type = 'SANCTION' AND mode = 'expel'").fetchone()[0] >= 2
