from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pytest

from quanhe.corpus import dates
from quanhe.corpus.errors import CorpusError
from quanhe.corpus.stories import update_stories
from quanhe.corpus.timeline import build_timeline, period_label, render, render_png


@pytest.fixture
def seeds_with_stories(seeds_db, copy_db) -> Path:  # type: ignore[no-untyped-def]
    db = copy_db(seeds_db)
    con = duckdb.connect(str(db))
    update_stories(con)
    con.close()
    return db


def test_rus_nato_trend_is_negative(seeds_with_stories: Path) -> None:
    con = duckdb.connect(str(seeds_with_stories), read_only=True)
    periods = build_timeline(con, "RUS", "NATO", by="year")
    dated = [p for p in periods if p.label != "undated"]
    assert [p.label for p in dated] == ["2002", "2021"]  # the NATO-Russia Council agreement, "một năm trước khi" 2001 -> 2002
    assert dated[0].goldstein_mean > 0 > dated[-1].goldstein_mean  # cooperation in 2002, conflict in 2021
    assert dated[-1].goldstein_sum < 0
    assert dated[-1].key_events()["most_reported"].num_articles == 2  # the expulsion, counted once
    expel = [e for e in dated[-1].events if e.type == "SANCTION" and e.source == "NATO"]
    assert len(expel) == 1


def test_outputs_and_png(seeds_with_stories: Path, tmp_path: Path) -> None:
    con = duckdb.connect(str(seeds_with_stories), read_only=True)
    periods = build_timeline(con, "NATO", "RUS", by="month")
    rows = [json.loads(line) for line in render(periods, "jsonl").splitlines()]
    assert rows[0]["period"] == "2002" and "2021-10" in [r["period"] for r in rows]
    assert render(periods, "csv").splitlines()[0].startswith("period,events,by_type")
    png = render_png(periods, "RUS", "NATO", tmp_path / "t.png")
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and png.stat().st_size > 10_000


def test_period_labels() -> None:
    assert period_label(dates.parts("2021-10-18"), "week") == "2021-W42"
    assert period_label(dates.parts("2021-10-18"), "day") == "2021-10-18"
    assert period_label(dates.parts("2021"), "month") == "2021"  # coarser than the period: its own label
    assert period_label(dates.parts("XXXX-10-06"), "month") == "undated"
    assert period_label(dates.parts("XXXX-10-06", 2021), "month") == "2021-10"


def test_date_compatibility() -> None:
    assert dates.compatible(dates.parts("2021-10"), dates.parts("2021-10-18"))
    assert dates.compatible(dates.parts("XXXX-10-06"), dates.parts("2021-10-06"))
    assert not dates.compatible(dates.parts("XXXX-10-06"), dates.parts("XXXX-10-18"))
    assert dates.compatible(None, dates.parts("2001"))
    assert dates.parts("2021-10-04/2021-10-10") == (2021, 10, 4)


def test_unknown_period_is_a_typed_error(seeds_with_stories: Path) -> None:
    con = duckdb.connect(str(seeds_with_stories), read_only=True)
    with pytest.raises(CorpusError):
        build_timeline(con, "RUS", "NATO", by="decade")
