"""Exports round-trip: what DuckDB reads back from each file is what the store holds."""
from __future__ import annotations

import csv
import json
from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

from quanhe.export import FLAT_COLUMNS, GDELT_COLUMNS, export, gdelt_event_id
from quanhe.store.filters import EventFilter
from quanhe.web.query import event_rows


@pytest.fixture(scope="module")
def stored(example_db: Path) -> list[dict]:
    con = duckdb.connect(str(example_db), read_only=True)
    try:
        return event_rows(con, EventFilter(), limit=None)
    finally:
        con.close()


def _sql(query: str, *params: object) -> list[tuple]:
    con = duckdb.connect()
    try:
        return con.execute(query, list(params)).fetchall()
    finally:
        con.close()


def test_jsonl_round_trip(example_db: Path, tmp_path: Path, stored: list[dict]) -> None:
    out = tmp_path / "e.jsonl"
    assert export(example_db, "jsonl", out) == len(stored)
    rows = _sql("SELECT event_id, type, goldstein, trigger, trigger_start, day FROM read_json_auto(?)", str(out))
    assert [(r[0], r[1], r[2], r[3], r[4]) for r in rows] == [
        (s["event_id"], s["type"], s["goldstein"], s["trigger"], s["trigger_start"]) for s in stored]
    assert [str(r[5]) if r[5] else None for r in rows] == [s["day"].isoformat() if s["day"] else None for s in stored]


def test_csv_round_trip(example_db: Path, tmp_path: Path, stored: list[dict]) -> None:
    out = tmp_path / "e.csv"
    export(example_db, "csv", out)
    with out.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert list(rows[0]) == list(FLAT_COLUMNS)
    assert [r["event_id"] for r in rows] == [s["event_id"] for s in stored]
    assert [r["sentence"] for r in rows] == [s["sentence"] for s in stored]
    assert [float(r["goldstein"]) for r in rows] == [s["goldstein"] for s in stored]
    assert [r["source_ids"] for r in rows] == [";".join(s["source_ids"]) for s in stored]
    via_duckdb = _sql("SELECT count(*) FROM read_csv(?, header=true)", str(out))
    assert via_duckdb[0][0] == len(stored)


def test_parquet_round_trip(example_db: Path, tmp_path: Path, stored: list[dict]) -> None:
    pytest.importorskip("pyarrow", reason="Parquet export needs pyarrow (the web extra)")
    out = tmp_path / "e.parquet"
    export(example_db, "parquet", out)
    rows = _sql("SELECT event_id, source_ids, target_ids, day, quad_class, negated, sentence FROM read_parquet(?)",
                str(out))
    assert rows == [(s["event_id"], s["source_ids"], s["target_ids"], s["day"], s["quad_class"], s["negated"],
                     s["sentence"]) for s in stored]


def test_plover_round_trip(example_db: Path, tmp_path: Path, stored: list[dict]) -> None:
    out = tmp_path / "e.json"
    export(example_db, "plover", out)
    records = json.loads(out.read_text(encoding="utf-8"))
    assert [r["event_id"] for r in records] == [s["event_id"] for s in stored]
    first, row = records[0], stored[0]
    assert first["evidence"]["trigger_start"] == row["trigger_start"]
    assert [a["id"] for a in first["source"]] == row["source_ids"]
    assert first["provenance"]["coder_version"] == row["coder_version"]
    assert _sql("SELECT count(*) FROM read_json_auto(?)", str(out))[0][0] == len(stored)


def test_gdelt_round_trip(example_db: Path, tmp_path: Path, stored: list[dict]) -> None:
    out = tmp_path / "e.tsv"
    n = export(example_db, "gdelt", out)
    lines = out.read_text(encoding="utf-8").splitlines()
    assert len(lines) == n
    fields = [dict(zip(GDELT_COLUMNS, line.split("\t"))) for line in lines]
    assert all(len(line.split("\t")) == 61 for line in lines)
    dyads = sum(max(1, len(s["source_ids"])) * max(1, len(s["target_ids"])) for s in stored)
    assert n == dyads
    by_id = {f["GLOBALEVENTID"]: f for f in fields}
    for s in stored:
        src = s["source_ids"][0] if s["source_ids"] else ""
        tgt = s["target_ids"][0] if s["target_ids"] else ""
        f = by_id[str(gdelt_event_id(s["event_id"], src, tgt))]
        assert f["EventCode"] == s["cameo"] and f["EventRootCode"] == s["cameo"][:2]
        assert float(f["GoldsteinScale"]) == s["goldstein"] and int(f["QuadClass"]) == s["quad_class"]
        assert f["SQLDATE"] == (s["day"].strftime("%Y%m%d") if s["day"] else "")
        assert f["Actor1Code"] == src.replace(":", "")
    rus = next(f for f in fields if f["Actor1Code"] == "RUSGOV")
    assert rus["Actor1CountryCode"] == "RUS" and rus["Actor1Type1Code"] == "GOV"
    nato = next(f for f in fields if f["Actor1Code"] == "NATO")
    assert nato["Actor1CountryCode"] == "" and nato["Actor1KnownGroupCode"] == "NATO"
    loaded = _sql("SELECT count(*), count(DISTINCT column00) FROM read_csv(?, delim='\t', header=false,"
                  " all_varchar=true, quote='')", str(out))
    assert loaded[0] == (n, n)


def test_filters_and_cli(example_db: Path, tmp_path: Path) -> None:
    from quanhe.cli import app

    out = tmp_path / "pair.jsonl"
    result = CliRunner().invoke(app, ["export", "--format", "jsonl", "--db", str(example_db), "--out", str(out),
                                      "--between", "RUS", "NATO"])
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert records and all({"RUS", "NATO"} <= {a["id"].split(":")[0] for a in r["source"] + r["target"]}
                           for r in records)
    bad = CliRunner().invoke(app, ["export", "--format", "xml", "--db", str(example_db)])
    assert bad.exit_code == 1
    stdout = CliRunner().invoke(app, ["export", "--format", "gdelt", "--db", str(example_db), "--type", "SANCTION"])
    assert stdout.exit_code == 0 and "\t166\t" in stdout.output
    no_parquet_to_stdout = CliRunner().invoke(app, ["export", "--format", "parquet", "--db", str(example_db)])
    assert no_parquet_to_stdout.exit_code == 1


def test_unknown_year_takes_year_from_publication(tmp_path: Path) -> None:
    """XXXX-MM-DD: the latest such day on or before publication; no publication date, no day."""
    con = duckdb.connect()
    from quanhe.store.filters import EFFECTIVE_DATE_SQL

    cases = [("XXXX-10-06", "2021-10-20", "2021-10-06"), ("XXXX-12-30", "2022-01-05", "2021-12-30"),
             ("XXXX-09-15", None, None), ("2021-10", "2022-01-01", "2021-10-01"), ("2014", None, "2014-01-01"),
             ("2022-04-04/2022-04-10", None, "2022-04-04"), (None, "2020-05-10", "2020-05-10"),
             ("XXXX-02-29", "2023-03-01", None)]
    for edtf, published, expected in cases:
        got = con.execute(f"SELECT {EFFECTIVE_DATE_SQL} FROM (SELECT ?::VARCHAR AS date) e,"
                          " (SELECT ?::VARCHAR AS published) d", [edtf, published]).fetchone()[0]
        assert (got.isoformat() if got else None) == expected, edtf
