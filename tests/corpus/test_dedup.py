from __future__ import annotations

import duckdb

from quanhe.corpus.dedup import find_duplicates, update_duplicates
from quanhe.corpus.load import Article

from .conftest import EXPELLED_1, EXPELLED_1_COPY, EXPELLED_2, FLOOD


def _art(doc_id: str, text: str, published: str | None = None) -> Article:
    return Article(doc_id, "", published, doc_id, text)


def test_near_copy_found_and_linked_to_the_original() -> None:
    dups = find_duplicates([_art("copy", EXPELLED_1_COPY, "2023-03-09"), _art("orig", EXPELLED_1, "2023-03-07"),
                            _art("flood", FLOOD, "2023-03-08")])
    assert [(d.doc_id, d.original_id) for d in dups] == [("copy", "orig")]
    assert dups[0].similarity >= 0.7


def test_same_story_rewritten_is_not_a_duplicate() -> None:
    # Two outlets writing the same news in their own words are independent sources, not copies.
    assert find_duplicates([_art("a", EXPELLED_1), _art("b", EXPELLED_2), _art("c", FLOOD)]) == []


def test_update_is_incremental_and_stored(example_db, copy_db) -> None:  # type: ignore[no-untyped-def]
    con = duckdb.connect(str(copy_db(example_db)))
    first = update_duplicates(con)
    assert [(d.doc_id, d.original_id) for d in first] == [("ex-expel-copy", "ex-expel-1")]
    assert update_duplicates(con) == []  # nothing new to check
    assert con.execute("SELECT doc_id, original_id FROM doc_duplicates").fetchall() == [("ex-expel-copy", "ex-expel-1")]
