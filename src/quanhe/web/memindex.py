"""The server's in-memory copy of the events, in API order, so that answering a query scans nothing in DuckDB.

Filters become boolean masks over numpy arrays (type, quad class, day, negation) and
per-actor position lists; a page is the first `limit` set positions in the wanted order;
its rows are read from columns held in memory (strings that repeat, such as versions,
types, document fields and days, as codes into one list of values; the rest as Arrow
arrays). Text search
and stories still ask DuckDB which event ids match. The SQL in quanhe.web.query is the
definition these answers must agree with (tests/web/test_memindex.py checks that).
"""
from __future__ import annotations

import logging
import time
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

import duckdb
import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from quanhe.store.filters import EventFilter, actor_column, check_actor, check_type, events_relation, lookup_parts
from quanhe.web import query as Q

log = logging.getLogger(__name__)

# the columns of a row that event_api_dict reads
ROW_FIELDS = (
    "event_id", "doc_id", "type", "mode", "context", "source_json", "target_json", "date", "date_text",
    "sentence_index", "sentence", "start_char", "end_char", "trigger", "trigger_start", "trigger_end", "cameo",
    "goldstein", "quad_class", "modality", "negated", "coder_version", "dictionary_version", "quanhe_version",
)
LIST_FIELDS = ("source_ids", "target_ids", "source_bases", "target_bases")
NO_DAY = np.iinfo(np.int32).min
EMPTY = np.zeros(0, dtype=np.int64)
_EPOCH = date(1970, 1, 1)


# the listing order, the same as quanhe.web.query.ORDER_SQL: all ascending, NULLs last
ORDER_KEYS = ("day", "doc_id", "start_char", "trigger_start", "event_id")


def _load(con: duckdb.DuckDBPyConnection) -> pa.Table:
    """Every event with its day, document fields and id hash, in listing order.

    Sorted by Arrow rather than DuckDB: sorting the wide rows in DuckDB keeps about twice the
    memory in DuckDB's allocator for the life of the connection.
    """
    sql = ("SELECT " + ", ".join(f"e.{c}" for c in ROW_FIELDS + LIST_FIELDS)
           + ", e.day, e.date_source, e.doc_url, e.doc_title, hash(e.event_id) AS id_hash FROM "
           + events_relation(ROW_FIELDS + LIST_FIELDS))
    rel = con.sql(sql)
    fetch = getattr(rel, "to_arrow_table", None) or rel.arrow  # duckdb 2 / 1.x
    table = fetch()
    if isinstance(table, pa.RecordBatchReader):
        table = table.read_all()
    return table.take(_listing_order(table))


def _listing_order(table: pa.Table) -> pa.Array:
    try:
        return pc.sort_indices(table, sort_keys=[(k, "ascending", "at_end") for k in ORDER_KEYS])
    except (TypeError, ValueError, pa.ArrowInvalid):  # pyarrow < 25: one null placement for all keys
        return pc.sort_indices(table, sort_keys=[(k, "ascending") for k in ORDER_KEYS], null_placement="at_end")


class _Values:
    """A column with few distinct values: an integer code per row and the values as Python objects,
    so reading a page costs one list lookup per cell (Arrow's own conversion costs ~0.1 ms a column)."""

    def __init__(self, codes: np.ndarray, values: list[Any]) -> None:
        self.codes = np.where(codes < 0, len(values), codes).astype(np.int32)
        self.values = values + [None]

    def get(self, idx: np.ndarray, _: pa.Array) -> list[Any]:
        values = self.values
        return [values[c] for c in self.codes[idx].tolist()]


class _Arrow:
    """A column kept as one Arrow array (numbers, and strings that seldom repeat)."""

    def __init__(self, arr: pa.Array) -> None:
        self.arr = arr

    def get(self, _: np.ndarray, idx: pa.Array) -> list[Any]:
        return self.arr.take(idx).to_pylist()


def _column(col: pa.ChunkedArray) -> _Values | _Arrow:
    """How to hold one row column: repeated strings and days as codes and values, the rest as Arrow."""
    arr = col.combine_chunks()
    if len(arr) and (pa.types.is_string(arr.type) or pa.types.is_date(arr.type)):
        encoded = pc.dictionary_encode(arr)
        if len(encoded.dictionary) <= max(1, len(arr) // 4):
            codes = encoded.indices.fill_null(-1).to_numpy(zero_copy_only=False)
            return _Values(codes, encoded.dictionary.to_pylist())
    return _Arrow(arr)


def _codes(col: pa.ChunkedArray) -> tuple[np.ndarray, dict[str, int]]:
    """Integer codes (-1 for NULL) and the value -> code map of a string column."""
    encoded = pc.dictionary_encode(col.combine_chunks())
    codes = encoded.indices.fill_null(-1).to_numpy(zero_copy_only=False).astype(np.int32)
    return codes, {v: i for i, v in enumerate(encoded.dictionary.to_pylist())}


def _postings(col: pa.ChunkedArray) -> dict[str, np.ndarray]:
    """Actor id -> the sorted positions whose list holds it."""
    arr = col.combine_chunks()
    flat = pc.list_flatten(arr)
    parents = pc.list_parent_indices(arr).to_numpy(zero_copy_only=False)
    valid = flat.is_valid().to_numpy(zero_copy_only=False)
    codes, names = _codes(pa.chunked_array([flat]))
    codes, parents = codes[valid], parents[valid]
    order = np.argsort(codes, kind="stable")  # parents are increasing, so each run stays sorted
    codes, parents = codes[order], parents[order].astype(np.int64)
    starts = np.searchsorted(codes, np.arange(len(names)))
    ends = np.searchsorted(codes, np.arange(len(names)), side="right")
    return {name: parents[starts[i]:ends[i]] for name, i in names.items()}


@dataclass(frozen=True)
class _IdHashes:
    """DuckDB's hash of each event id, sorted, to turn the ids a query names into positions
    without sending the id strings back (a text search can name tens of thousands)."""

    sorted: np.ndarray
    order: np.ndarray

    @classmethod
    def of(cls, hashes: np.ndarray) -> _IdHashes | None:
        order = np.argsort(hashes, kind="stable")
        ordered = hashes[order]
        if len(ordered) > 1 and bool((ordered[1:] == ordered[:-1]).any()):
            return None
        return cls(ordered, order)

    def positions(self, found: np.ndarray) -> np.ndarray:
        """Positions of the hashes found; hashes of events that came after the index are dropped."""
        at = np.searchsorted(self.sorted, found)
        keep = at < len(self.sorted)
        at, found = at[keep], found[keep]
        return self.order[at[self.sorted[at] == found]]


def _numbers(col: pa.ChunkedArray, fill: Any, dtype: Any) -> np.ndarray:
    return np.asarray(col.combine_chunks().fill_null(fill).to_numpy(zero_copy_only=False), dtype=dtype)


@dataclass(frozen=True)
class _Periods:
    """Per event, the code of its day, month and year (NO_DAY when undated)."""

    day: np.ndarray
    month: np.ndarray
    year: np.ndarray

    @classmethod
    def of(cls, day: np.ndarray) -> _Periods:
        dated = day != NO_DAY
        as_days = np.where(dated, day, 0).astype("datetime64[D]")
        month = np.where(dated, as_days.astype("datetime64[M]").astype(np.int64), NO_DAY)
        year = np.where(dated, as_days.astype("datetime64[Y]").astype(np.int64) + 1970, NO_DAY)
        return cls(day, month.astype(np.int32), year.astype(np.int32))

    def codes(self, by: str) -> np.ndarray:
        return {"day": self.day, "month": self.month, "year": self.year}[by]


def _label(code: int, by: str) -> str:
    if code == NO_DAY:
        return "undated"
    if by == "year":
        return f"{code:04d}"
    return str(np.datetime64(code, "D" if by == "day" else "M"))


class MemoryIndex:
    """Every event of the store, held in the order of the API's `asc` listing."""

    def __init__(self, con: duckdb.DuckDBPyConnection) -> None:
        t0 = time.perf_counter()
        self._build(_load(con))
        # the loaded table is gone now; hand the allocator's freed pages back (about half the peak)
        pa.default_memory_pool().release_unused()
        log.info("in-memory event index: %d events, built in %.2f s", self.n, time.perf_counter() - t0)

    def _build(self, table: pa.Table) -> None:
        self.n = table.num_rows
        self.columns = {name: _column(table.column(name)) for name in
                        ROW_FIELDS + ("day", "date_source", "doc_url", "doc_title")}
        self.event_id = table.column("event_id").combine_chunks()
        self.ids = _IdHashes.of(_numbers(table.column("id_hash"), 0, np.uint64))
        self.type_code, self.type_of = _codes(table.column("type"))
        self.type_names = sorted(self.type_of, key=self.type_of.__getitem__)
        self.quad = _numbers(table.column("quad_class"), 0, np.int8)
        self.negated = _numbers(table.column("negated"), False, bool)
        self.goldstein = _numbers(table.column("goldstein"), float("nan"), np.float64)
        day = pc.cast(table.column("day").combine_chunks(), pa.int32())
        self.day = _numbers(pa.chunked_array([day]), NO_DAY, np.int32)
        self.periods = _Periods.of(self.day)
        self.postings = {c: _postings(table.column(c)) for c in LIST_FIELDS}
        self.orders = self._orders()

    def _orders(self) -> dict[str, np.ndarray | None]:
        pos = np.arange(self.n)
        dated = self.day != NO_DAY
        strength = np.abs(self.goldstein)
        known = ~np.isnan(strength)
        return {
            "asc": None,  # already in this order
            "desc": np.lexsort((pos, -self.day.astype(np.int64), ~dated)),
            "strongest": np.lexsort((pos, -np.where(known, strength, 0.0), ~known)),
        }

    # ------------------------------------------------------------------ filtering

    def _side(self, side: str, actor: str) -> np.ndarray:
        mask = np.zeros(self.n, dtype=bool)
        mask[self.postings[actor_column(side, actor)].get(actor, EMPTY)] = True
        return mask

    def mask(self, con: duckdb.DuckDBPyConnection, f: EventFilter) -> np.ndarray:
        """True for the events that match `f`, by position (the same rules as the SQL where_clause)."""
        mask = np.ones(self.n, dtype=bool) if f.include_negated else ~self.negated
        if f.actor:
            a = check_actor(f.actor)
            mask &= self._side("source", a) | self._side("target", a)
        if f.pair:
            a, b = (check_actor(x) for x in f.pair)
            mask &= ((self._side("source", a) & self._side("target", b))
                     | (self._side("source", b) & self._side("target", a)))
        if f.type:
            code = self.type_of.get(check_type(f.type))
            mask &= (self.type_code == code) if code is not None else False
        if f.quad_class is not None:
            mask &= self.quad == int(f.quad_class)
        if f.date_from:
            mask &= (self.day != NO_DAY) & (self.day >= (f.date_from - _EPOCH).days)
        if f.date_to:
            mask &= (self.day != NO_DAY) & (self.day <= (f.date_to - _EPOCH).days)
        if f.q or f.story or f.doc_id:
            mask &= self._looked_up(con, f)
        return mask

    def _looked_up(self, con: duckdb.DuckDBPyConnection, f: EventFilter) -> np.ndarray:
        """Text, story and document conditions: DuckDB names the matching event ids."""
        where, params = lookup_parts(con, f)
        if f.doc_id:
            where.append("e.doc_id = ?")
            params.append(f.doc_id)
        sql = " FROM events e WHERE " + " AND ".join(where)
        mask = np.zeros(self.n, dtype=bool)
        if self.ids is None:  # two ids share a hash: compare the ids themselves
            ids = [r[0] for r in con.execute("SELECT e.event_id" + sql, params).fetchall()]
            return pc.is_in(self.event_id, value_set=pa.array(ids, pa.string())).to_numpy(zero_copy_only=False)
        found = np.asarray(con.execute("SELECT hash(e.event_id) AS h" + sql, params).fetchnumpy()["h"],
                           dtype=np.uint64)
        mask[self.ids.positions(found)] = True
        return mask

    # ------------------------------------------------------------------ answers

    def positions(self, mask: np.ndarray, order: str, limit: int, offset: int) -> tuple[np.ndarray, int]:
        """The positions of one page in the wanted order, and how many match in all."""
        perm = self.orders[order]
        if perm is None:
            hits = np.flatnonzero(mask)
            return hits[offset:offset + limit], len(hits)
        ranks = np.flatnonzero(mask[perm])
        return perm[ranks[offset:offset + limit]], len(ranks)

    def take(self, positions: Iterable[int] | np.ndarray) -> list[dict[str, Any]]:
        """Flat rows, shaped like quanhe.web.query's, for these positions."""
        idx = np.asarray(positions, dtype=np.int64)
        if len(idx) == 0:
            return []
        arrow_idx = pa.array(idx)
        names = list(self.columns)
        cells = [c.get(idx, arrow_idx) for c in self.columns.values()]
        return [dict(zip(names, row)) for row in zip(*cells)]

    def page(self, con: duckdb.DuckDBPyConnection, f: EventFilter, limit: int = Q.DEFAULT_LIMIT,
             offset: int = 0, order: str = "asc") -> tuple[list[dict[str, Any]], int]:
        picked, total = self.positions(self.mask(con, f), order, limit, offset)
        return self.take(picked), total

    def timeline(self, con: duckdb.DuckDBPyConnection, f: EventFilter, by: str = "month") -> dict[str, Any]:
        """The same answer as quanhe.web.query.timeline, from the arrays."""
        if by not in ("day", "month", "year"):
            raise Q.QueryError("by must be one of day, month, year")
        mask = self.mask(con, f)
        sel = np.flatnonzero(mask)
        periods = self._periods(sel, by) if len(sel) else []
        picked, _ = self.positions(mask, "strongest", Q.KEY_EVENTS, 0)
        return {"by": by, "periods": periods, "key_events": [Q.event_api_dict(r) for r in self.take(picked)]}

    def _periods(self, sel: np.ndarray, by: str) -> list[dict[str, Any]]:
        keys, group = np.unique(self.periods.codes(by)[sel], return_inverse=True)
        n_groups = len(keys)
        g = self.goldstein[sel]
        known = ~np.isnan(g)
        counts = np.bincount(group, minlength=n_groups)
        n_known = np.bincount(group, weights=known, minlength=n_groups)
        g_sum = np.bincount(group, weights=np.where(known, g, 0.0), minlength=n_groups)
        quad = np.where((self.quad[sel] >= 1) & (self.quad[sel] <= 4), self.quad[sel], 0)
        quads = np.bincount(group * 5 + quad, minlength=n_groups * 5).reshape(n_groups, 5)
        n_types = len(self.type_names)
        types = np.bincount(group * (n_types + 1) + self.type_code[sel] + 1,
                            minlength=n_groups * (n_types + 1)).reshape(n_groups, n_types + 1)
        # the strongest event of each period: largest |goldstein| (NULL as 0), the first on ties
        strength = np.abs(np.where(known, g, 0.0))
        first = np.lexsort((sel, -strength, group))
        starts = np.searchsorted(group[first], np.arange(n_groups))
        key_ids = self.event_id.take(pa.array(sel[first[starts]])).to_pylist()
        out = []
        for i, code in enumerate(keys.tolist()):
            q = quads[i]
            mean = g_sum[i] / n_known[i] if n_known[i] else None
            by_type = {self.type_names[t]: int(c) for t, c in enumerate(types[i][1:]) if c}
            out.append({
                "period": _label(code, by), "events": int(counts[i]),
                "goldstein_sum": _round(g_sum[i] if n_known[i] else None), "goldstein_mean": _round(mean),
                "quad_class": {"1": int(q[1]), "2": int(q[2]), "3": int(q[3]), "4": int(q[4])},
                "cooperation": int(q[1] + q[2]), "conflict": int(q[3] + q[4]),
                "by_type": dict(sorted(by_type.items())), "key_event_id": key_ids[i]})
        out.sort(key=lambda p: (p["period"] == "undated", p["period"]))
        return out


def _round(x: float | None) -> float | None:
    return None if x is None else round(float(x), 3)
