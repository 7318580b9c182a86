import json

import duckdb

from quanhe import api
from quanhe.store.duckdb_store import DuckDBStore, EventFilter

ARTICLES = [
    {"id": "a1", "published": "2021-10-20", "text": "NATO trục xuất 8 nhà ngoại giao Nga hôm 6/10. Nga chỉ trích NATO."},
    {"id": "a2", "published": "2022-03-01", "text": "Mỹ và Nhật Bản hội đàm tại Tokyo. Pháp không trục xuất nhà ngoại giao Nga."},
]


def write(path, records):
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records), encoding="utf-8")
    return path


def test_run_stores_and_rerun_adds_nothing(tmp_path):
    src = write(tmp_path / "in.jsonl", ARTICLES)
    db = tmp_path / "q.duckdb"
    first = api.run([str(src)], db=db)
    assert first.documents_stored == 2 and first.events_stored >= 2 and first.ok
    with DuckDBStore(db) as store:
        counts = store.counts()
    second = api.run([str(src)], db=db)
    assert second.documents_stored == 0 and second.documents_skipped == 2
    with DuckDBStore(db) as store:
        assert store.counts() == counts


def test_changed_document_replaces_its_rows(tmp_path):
    db = tmp_path / "q.duckdb"
    api.run([str(write(tmp_path / "in.jsonl", ARTICLES))], db=db)
    changed = [dict(ARTICLES[0], text="Nga chỉ trích NATO."), ARTICLES[1]]
    summary = api.run([str(write(tmp_path / "in.jsonl", changed))], db=db)
    assert summary.documents_stored == 1 and summary.documents_skipped == 1
    rows = api.query_events(db, actor="NATO")
    assert {r["type"] for r in rows} == {"ACCUSE"}


def test_queries_and_provenance(tmp_path):
    db = tmp_path / "q.duckdb"
    api.run([str(write(tmp_path / "in.jsonl", ARTICLES))], db=db)
    between = api.query_events(db, between=("RUS", "NATO"))
    assert {r["type"] for r in between} >= {"SANCTION", "ACCUSE"}
    expel = next(r for r in between if r["type"] == "SANCTION")
    assert expel["date"] == "2021-10-06" and expel["trigger"].startswith("trục xuất")
    assert expel["quanhe_version"] and expel["dictionary_version"] and expel["coder_version"]
    assert api.query_events(db, type="sanction", actor="FRA") == []
    negated = api.query_events(db, actor="FRA", include_negated=True)
    assert negated and all(r["negated"] for r in negated)
    con = duckdb.connect(str(db), read_only=True)
    assert con.execute("select count(*) from events where quanhe_version is null").fetchone()[0] == 0
    con.close()


def test_sector_ids_match_their_state(tmp_path):
    db = tmp_path / "q.duckdb"
    api.run([str(write(tmp_path / "in.jsonl", [{"id": "s", "text": "Quân đội Israel tấn công Hamas ở Gaza."}]))], db=db)
    assert api.query_events(db, actor="ISR")
    with DuckDBStore(db, read_only=True) as store:
        assert store.events(EventFilter(actor="ISR:MIL"))


def test_bad_file_among_good_ones(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good1.txt").write_text("Nga chỉ trích NATO.", encoding="utf-8")
    (folder / "good2.txt").write_text("Pháp trục xuất nhà ngoại giao Iran.", encoding="utf-8")
    (folder / "bad.txt").write_bytes(b"Nga \xc3\x28 \xa0\xa1 NATO")
    summary = api.run([str(folder)], db=tmp_path / "q.duckdb")
    assert summary.documents_stored == 2 and len(summary.errors) == 1 and "bad.txt" in str(summary.errors[0])


def test_failed_batch_leaves_store_consistent(tmp_path, monkeypatch):
    db = tmp_path / "q.duckdb"
    src = write(tmp_path / "in.jsonl", ARTICLES)
    api.run([str(src)], db=db)
    before = api.query_events(db, include_negated=True)

    def boom(self, doc, content_hash, version):
        raise RuntimeError("disk gone")

    monkeypatch.setattr(DuckDBStore, "_insert", boom)
    changed = [dict(a, text=a["text"] + " Đức chỉ trích Nga.") for a in ARTICLES]
    try:
        api.run([str(write(tmp_path / "in2.jsonl", changed))], db=db)
    except RuntimeError:
        pass
    monkeypatch.undo()
    assert api.query_events(db, include_negated=True) == before


def _all_rows(db) -> dict[str, list[tuple]]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return {t: con.execute(f"SELECT * EXCLUDE (processed_at) FROM {t} ORDER BY ALL" if t == "documents"
                               else f"SELECT * FROM {t} ORDER BY ALL").fetchall()
                for t in ("documents", "sentences", "actor_mentions", "events")}
    finally:
        con.close()


def test_arrow_and_list_inserts_store_the_same_rows(tmp_path, monkeypatch):
    from quanhe.store import duckdb_store

    src = write(tmp_path / "in.jsonl", ARTICLES)
    api.run([str(src)], db=tmp_path / "a.duckdb")
    monkeypatch.setattr(duckdb_store, "_ARROW", False)
    api.run([str(src)], db=tmp_path / "b.duckdb")
    rows = _all_rows(tmp_path / "a.duckdb")
    assert rows["events"] and rows == _all_rows(tmp_path / "b.duckdb")


def test_no_key_indexes_and_duplicate_ids_stay_unique(tmp_path):
    """Keys would be held in memory; ids stay unique through deletes and in-batch dedupe."""
    db = tmp_path / "q.duckdb"
    twice = [ARTICLES[0], ARTICLES[1], dict(ARTICLES[0], text="Nga chỉ trích NATO.")]
    api.run([str(write(tmp_path / "in.jsonl", twice))], db=db, batch_size=2)
    api.run([str(write(tmp_path / "in2.jsonl", [dict(ARTICLES[1], text="Đức chỉ trích Nga.")]))], db=db)
    con = duckdb.connect(str(db), read_only=True)
    try:
        assert con.execute("SELECT count(*) FROM duckdb_constraints() WHERE constraint_type IN "
                           "('PRIMARY KEY', 'UNIQUE') AND table_name IN ('documents', 'events')").fetchone()[0] == 0
        assert con.execute("SELECT count(*) = count(DISTINCT doc_id) FROM documents").fetchone()[0]
        assert con.execute("SELECT count(*) = count(DISTINCT event_id) FROM events").fetchone()[0]
        assert con.execute("SELECT count(DISTINCT doc_id) FROM sentences").fetchone()[0] == 2
    finally:
        con.close()
    assert {r["type"] for r in api.query_events(db, actor="NATO")} == {"ACCUSE"}
    assert {r["type"] for r in api.query_events(db, actor="DEU")} == {"ACCUSE"}


def test_store_made_with_keys_still_takes_reruns(tmp_path):
    """Stores created before the keys were dropped keep them; replacing rows must still work."""
    db = tmp_path / "q.duckdb"
    con = duckdb.connect(str(db))
    from quanhe.store.duckdb_store import SCHEMA

    con.execute(SCHEMA.replace("doc_id VARCHAR NOT NULL,\n    content_hash", "doc_id VARCHAR PRIMARY KEY,\n    content_hash")
                .replace("event_id VARCHAR NOT NULL", "event_id VARCHAR PRIMARY KEY"))
    assert con.execute("SELECT count(*) FROM duckdb_constraints() WHERE constraint_type = 'PRIMARY KEY'"
                       ).fetchone()[0] == 3
    con.close()
    api.run([str(write(tmp_path / "in.jsonl", ARTICLES))], db=db)
    summary = api.run([str(write(tmp_path / "in.jsonl", [dict(ARTICLES[0], text="Nga chỉ trích NATO."),
                                                         ARTICLES[1]]))], db=db)
    assert summary.documents_stored == 1 and summary.ok
    assert {r["type"] for r in api.query_events(db, actor="NATO")} == {"ACCUSE"}


def test_a_stage_that_renames_documents_still_replaces_their_rows(tmp_path):
    from quanhe.pipeline import Pipeline, build_pipeline

    base = build_pipeline()

    def rename(doc):
        doc.id = "canon-" + doc.id
        return doc

    renaming = Pipeline(dictionaries=base.dictionaries, stages=(("rename", rename), *base.stages))
    db = tmp_path / "q.duckdb"
    src = write(tmp_path / "in.jsonl", ARTICLES)
    for _ in range(2):  # the input ids are never stored, so both runs code and write
        api.run([str(src)], db=db, pipeline=renaming)
    ids = duckdb.connect(str(db), read_only=True).execute("SELECT doc_id FROM documents ORDER BY doc_id").fetchall()
    assert ids == [("canon-a1",), ("canon-a2",)]
