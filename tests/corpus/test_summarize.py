from __future__ import annotations

import duckdb
import pytest

from quanhe.corpus.errors import StoryNotFound
from quanhe.corpus.stories import story_id_for, update_stories
from quanhe.corpus.summarize import Candidate, is_boilerplate, select, summarize
from quanhe.corpus.text import syllables


def test_boilerplate_filter() -> None:
    assert is_boilerplate("Theo dõi Baoquocte.vn trên Google News để cập nhật tin tức mới nhất mỗi ngày")
    assert is_boilerplate("Vy An")
    assert not is_boilerplate("Bộ Ngoại giao Pháp thông báo trục xuất hai nhà ngoại giao Iran làm việc tại Paris.")


def test_mmr_drops_repeated_sentences() -> None:
    s = "Pháp trục xuất hai nhà ngoại giao Iran vì bị cáo buộc hoạt động gián điệp tại Paris."
    other = "Iran triệu tập đại sứ Pháp để phản đối và cảnh báo sẽ có biện pháp đáp trả tương xứng."
    cands = [Candidate("a", 0, 0, s), Candidate("b", 0, 1, s), Candidate("b", 1, 1, other)]
    picked = select(cands, words=60)
    assert [c.text for c in picked] == [s, other]


def test_story_summary_respects_the_word_budget(example_db, copy_db) -> None:  # type: ignore[no-untyped-def]
    con = duckdb.connect(str(copy_db(example_db)))
    update_stories(con)
    summary = summarize(con, story_id_for("ex-expel-1"), words=40)
    assert 10 <= summary.words <= 48
    assert "Iran" in summary.text and "Bangladesh" not in summary.text
    assert len(syllables(summary.text)) == summary.words
    with pytest.raises(StoryNotFound):
        summarize(con, "st-nope")
