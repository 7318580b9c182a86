"""Exports of stored events: GDELT 2.0-style TSV, PLOVER/POLECAT-style JSON, CSV, Parquet, JSON lines.

Column mappings and date rules are documented in docs/exports.md. Every writer streams
the events in batches, so an export never holds the whole table in Python.
"""
from __future__ import annotations

import csv
import hashlib
import json
import logging
from collections.abc import Iterator
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path
from typing import IO, Any

import duckdb

from quanhe.errors import QuanheError, StoreError
from quanhe.store.filters import EventFilter
from quanhe.web.query import iter_event_batches

log = logging.getLogger(__name__)
FORMATS = ("gdelt", "plover", "csv", "parquet", "jsonl")

GDELT_ACTOR_FIELDS = ("Code", "Name", "CountryCode", "KnownGroupCode", "EthnicCode", "Religion1Code",
                      "Religion2Code", "Type1Code", "Type2Code", "Type3Code")
GDELT_GEO_FIELDS = ("Type", "FullName", "CountryCode", "ADM1Code", "ADM2Code", "Lat", "Long", "FeatureID")
GDELT_COLUMNS: tuple[str, ...] = (
    ("GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate")
    + tuple(f"Actor1{f}" for f in GDELT_ACTOR_FIELDS)
    + tuple(f"Actor2{f}" for f in GDELT_ACTOR_FIELDS)
    + ("IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass", "GoldsteinScale",
       "NumMentions", "NumSources", "NumArticles", "AvgTone")
    + tuple(f"{p}Geo_{f}" for p in ("Actor1", "Actor2", "Action") for f in GDELT_GEO_FIELDS)
    + ("DATEADDED", "SOURCEURL")
)
FLAT_COLUMNS = (
    "event_id", "doc_id", "day", "date", "date_text", "date_source", "type", "mode", "context",
    "source_ids", "target_ids", "source_names", "target_names", "cameo", "goldstein", "quad_class",
    "modality", "negated", "trigger", "trigger_start", "trigger_end", "sentence_index", "start", "end",
    "sentence", "num_mentions", "url", "title", "coder_version", "dictionary_version", "quanhe_version",
)


class ExportError(QuanheError):
    """An export cannot be written (unknown format, Parquet to a terminal, bad path)."""


@lru_cache(maxsize=4096)
def _is_state(code: str) -> bool:
    import pycountry  # heavy-ish; only the GDELT export needs it

    return len(code) == 3 and code.isalpha() and pycountry.countries.get(alpha_3=code) is not None


def _actors(js: str | None) -> list[dict[str, str]]:
    return json.loads(js or "[]")


def _gdelt_actor(actor: dict[str, str] | None) -> list[str]:
    """Actor{N}Code .. Actor{N}Type3Code for one actor (or ten empty fields)."""
    if actor is None:
        return [""] * len(GDELT_ACTOR_FIELDS)
    base, _, sector = actor["id"].partition(":")
    state = _is_state(base)
    return [
        base + sector,  # GDELT concatenates country and role: RUS:GOV -> RUSGOV
        actor.get("name", ""),
        base if state else "",
        "" if state else base,
        "", "", "",
        sector, "", "",
    ]


def gdelt_event_id(event_id: str, actor1: str, actor2: str) -> int:
    """A positive 60-bit integer per (event, dyad): GDELT ids are integers, quanhe's are hex hashes."""
    digest = hashlib.sha256(f"{event_id}\x1f{actor1}\x1f{actor2}".encode()).hexdigest()
    return int(digest[:15], 16)


def _gdelt_dates(day: date | None) -> list[str]:
    if day is None:
        return ["", "", "", ""]
    fraction = day.year + (day.timetuple().tm_yday - 1) / 365.0
    return [day.strftime("%Y%m%d"), day.strftime("%Y%m"), str(day.year), f"{fraction:.4f}"]


def _num(x: float | int | None) -> str:
    return "" if x is None else (f"{x:g}" if isinstance(x, float) else str(x))


def gdelt_rows(row: dict[str, Any]) -> Iterator[list[str]]:
    """One GDELT row per (source, target) pair; a missing side is an empty actor."""
    sources: list[dict[str, str] | None] = list(_actors(row["source_json"])) or [None]
    targets: list[dict[str, str] | None] = list(_actors(row["target_json"])) or [None]
    cameo = row["cameo"] or ""
    mentions = len(json.loads(row["mentions_json"] or "[]")) or 1
    added = row["processed_at"].strftime("%Y%m%d%H%M%S") if isinstance(row["processed_at"], datetime) else ""
    for s in sources:
        for t in targets:
            ids = (s["id"] if s else "", t["id"] if t else "")
            yield (
                [str(gdelt_event_id(row["event_id"], *ids))] + _gdelt_dates(row["day"])
                + _gdelt_actor(s) + _gdelt_actor(t)
                + ["1" if row["sentence_index"] == 0 else "0", cameo, cameo[:3], cameo[:2],
                   _num(row["quad_class"]), _num(row["goldstein"]), str(mentions), "1", "1", ""]
                + [""] * (3 * len(GDELT_GEO_FIELDS))
                + [added, row["doc_url"] or row["doc_id"]]
            )


def _tsv_field(value: str) -> str:
    return value.replace("\t", " ").replace("\r", " ").replace("\n", " ")


def flat_row(row: dict[str, Any]) -> dict[str, Any]:
    """One event as flat, typed columns (CSV and Parquet)."""
    src, tgt = _actors(row["source_json"]), _actors(row["target_json"])
    return {
        "event_id": row["event_id"], "doc_id": row["doc_id"], "day": row["day"], "date": row["date"],
        "date_text": row["date_text"], "date_source": row["date_source"], "type": row["type"],
        "mode": row["mode"] or "", "context": row["context"] or "",
        "source_ids": [a["id"] for a in src], "target_ids": [a["id"] for a in tgt],
        "source_names": [a.get("name", "") for a in src], "target_names": [a.get("name", "") for a in tgt],
        "cameo": row["cameo"], "goldstein": row["goldstein"], "quad_class": row["quad_class"],
        "modality": row["modality"], "negated": bool(row["negated"]), "trigger": row["trigger"],
        "trigger_start": row["trigger_start"], "trigger_end": row["trigger_end"],
        "sentence_index": row["sentence_index"], "start": row["start_char"], "end": row["end_char"],
        "sentence": row["sentence"], "num_mentions": len(json.loads(row["mentions_json"] or "[]")),
        "url": row["doc_url"] or "", "title": row["doc_title"] or "", "coder_version": row["coder_version"],
        "dictionary_version": row["dictionary_version"], "quanhe_version": row["quanhe_version"],
    }


def _plover_actor(a: dict[str, str]) -> dict[str, str]:
    base, _, sector = a["id"].partition(":")
    return {"id": a["id"], "actor": base, "sector": sector, "name": a.get("name", ""), "text": a.get("text", "")}


def plover_record(row: dict[str, Any]) -> dict[str, Any]:
    """One event in a PLOVER/POLECAT-like nested shape: what, who, when, evidence, provenance."""
    return {
        "event_id": row["event_id"],
        "event_type": row["type"],
        "event_mode": row["mode"] or "",
        "event_context": [c for c in (row["context"] or "").split(",") if c],
        "event_date": row["day"].isoformat() if row["day"] else None,
        "date_edtf": row["date"],
        "date_text": row["date_text"],
        "date_source": row["date_source"],
        "source": [_plover_actor(a) for a in _actors(row["source_json"])],
        "target": [_plover_actor(a) for a in _actors(row["target_json"])],
        "cameo": row["cameo"], "goldstein": row["goldstein"], "quad_class": row["quad_class"],
        "modality": row["modality"], "negated": bool(row["negated"]),
        "evidence": {
            "doc_id": row["doc_id"], "url": row["doc_url"] or "", "title": row["doc_title"] or "",
            "published": row["doc_published"], "sentence": row["sentence"], "sentence_index": row["sentence_index"],
            "start": row["start_char"], "end": row["end_char"], "trigger": row["trigger"],
            "trigger_start": row["trigger_start"], "trigger_end": row["trigger_end"],
            "mentions": json.loads(row["mentions_json"] or "[]"),
        },
        "provenance": {"coder_version": row["coder_version"], "dictionary_version": row["dictionary_version"],
                       "quanhe_version": row["quanhe_version"]},
    }


def jsonl_record(row: dict[str, Any]) -> dict[str, Any]:
    """The `quanhe events --format jsonl` shape, plus `day`, `date_source`, `url` and `title`."""
    from quanhe.web.query import event_api_dict

    return {**event_api_dict(row), "mentions": json.loads(row["mentions_json"] or "[]")}


def _csv_value(value: Any) -> Any:
    if isinstance(value, list):
        return ";".join(value)
    if isinstance(value, date):
        return value.isoformat()
    return value


def write_gdelt(batches: Iterator[list[dict[str, Any]]], fh: IO[str]) -> int:
    n = 0
    for batch in batches:
        for row in batch:
            for fields in gdelt_rows(row):
                fh.write("\t".join(_tsv_field(f) for f in fields) + "\n")
                n += 1
    return n


def write_csv(batches: Iterator[list[dict[str, Any]]], fh: IO[str]) -> int:
    writer = csv.DictWriter(fh, fieldnames=FLAT_COLUMNS)
    writer.writeheader()
    n = 0
    for batch in batches:
        for row in batch:
            writer.writerow({k: _csv_value(v) for k, v in flat_row(row).items()})
            n += 1
    return n


def write_jsonl(batches: Iterator[list[dict[str, Any]]], fh: IO[str]) -> int:
    n = 0
    for batch in batches:
        for row in batch:
            fh.write(json.dumps(jsonl_record(row), ensure_ascii=False) + "\n")
            n += 1
    return n


def write_plover(batches: Iterator[list[dict[str, Any]]], fh: IO[str]) -> int:
    """A JSON array written element by element."""
    n = 0
    fh.write("[")
    for batch in batches:
        for row in batch:
            fh.write(("\n" if n == 0 else ",\n") + json.dumps(plover_record(row), ensure_ascii=False))
            n += 1
    fh.write("\n]\n")
    return n


def _parquet_schema() -> Any:
    import pyarrow as pa

    s, i, f, b = pa.string(), pa.int32(), pa.float64(), pa.bool_()
    types = {"day": pa.date32(), "source_ids": pa.list_(s), "target_ids": pa.list_(s),
             "source_names": pa.list_(s), "target_names": pa.list_(s), "goldstein": f, "quad_class": i,
             "negated": b, "trigger_start": i, "trigger_end": i, "sentence_index": i, "start": i, "end": i,
             "num_mentions": i}
    return pa.schema([(c, types.get(c, s)) for c in FLAT_COLUMNS])


def write_parquet(batches: Iterator[list[dict[str, Any]]], path: Path) -> int:
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError:
        raise ExportError("Parquet export needs pyarrow: pip install 'quanhe[web]'") from None
    schema = _parquet_schema()
    n = 0
    with pq.ParquetWriter(str(path), schema) as writer:
        for batch in batches:
            rows = [flat_row(r) for r in batch]
            writer.write_table(pa.Table.from_pylist(rows, schema=schema))
            n += len(rows)
        if n == 0:
            writer.write_table(schema.empty_table())
    return n


_TEXT_WRITERS = {"gdelt": write_gdelt, "csv": write_csv, "jsonl": write_jsonl, "plover": write_plover}


def export(db: str | Path, fmt: str, out: IO[str] | Path, flt: EventFilter = EventFilter()) -> int:
    """Write the events that match `flt` to `out` (a path, or a text stream for text formats); returns rows."""
    if fmt not in FORMATS:
        raise ExportError(f"unknown export format {fmt!r} (use {', '.join(FORMATS)})")
    if not Path(db).exists():
        raise StoreError(f"{db}: no such database (run `quanhe run` first)")
    try:
        con = duckdb.connect(str(db), read_only=True)
    except duckdb.Error as exc:
        raise StoreError(f"{db}: cannot open the database: {exc}") from None
    try:
        batches = iter_event_batches(con, flt)
        if fmt == "parquet":
            if not isinstance(out, Path):
                raise ExportError("Parquet is binary: give --out FILE")
            return write_parquet(batches, out)
        if isinstance(out, Path):
            # newline="" lets the csv module write its own line ends
            with out.open("w", encoding="utf-8", newline="") as fh:
                return _TEXT_WRITERS[fmt](batches, fh)
        return _TEXT_WRITERS[fmt](batches, out)
    finally:
        con.close()
