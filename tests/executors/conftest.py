"""Inputs for the executor tests: real corpus articles when ../shared is present, else
synthetic Vietnamese articles built here (so these tests never skip)."""
from __future__ import annotations

import itertools
import json
from collections.abc import Callable
from pathlib import Path

import pytest

CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus" / "vntc-world-dev.jsonl"
ACTORS = ["Nga", "Mỹ", "Trung Quốc", "Nhật Bản", "NATO", "Iran", "Pháp", "Đức", "Hàn Quốc", "Ukraine"]
TEMPLATES = [
    "{a} chỉ trích {b} về vụ thử tên lửa hôm 3/5.",
    "Ngoại trưởng {a} hội đàm với người đồng cấp {b} tại Geneva.",
    "{a} trục xuất hai nhà ngoại giao {b}.",
    "{a} áp đặt lệnh trừng phạt mới đối với {b}.",
    "{a} cam kết viện trợ 10 triệu USD cho {b}.",
    "Thủ tướng {a} kêu gọi {b} kiềm chế.",
]


def synthetic(n: int) -> list[dict[str, str]]:
    pairs = [p for p in itertools.permutations(ACTORS, 2)]
    out = []
    for i in range(n):
        lines = [TEMPLATES[(i + k) % len(TEMPLATES)].format(a=pairs[(i + k) % len(pairs)][0],
                                                            b=pairs[(i + k) % len(pairs)][1]) for k in range(8)]
        out.append({"id": f"syn-{i:05d}", "title": f"Tin số {i}", "published": "2020-05-10",
                    "text": "\n".join(lines)})
    return out


def corpus_or_synthetic(n: int) -> list[dict[str, str]]:
    if CORPUS.exists():
        with CORPUS.open(encoding="utf-8") as handle:
            rows = [r for r in map(json.loads, handle) if (r.get("text") or "").strip()][:n]
        if len(rows) == n:
            return rows
    return synthetic(n)


@pytest.fixture
def make_input(tmp_path) -> Callable[[int], Path]:
    def make(n: int) -> Path:
        path = tmp_path / f"articles-{n}.jsonl"
        with path.open("w", encoding="utf-8") as handle:
            for row in corpus_or_synthetic(n):
                handle.write(json.dumps(row, ensure_ascii=False) + "\n")
        return path

    return make


def table_rows(db: Path) -> dict[str, list[tuple]]:
    """Every stored row of the four tables, sorted, without the processing timestamp."""
    import duckdb

    con = duckdb.connect(str(db), read_only=True)
    try:
        out = {}
        for table in ("documents", "sentences", "actor_mentions", "events"):
            columns = [r[0] for r in con.execute(f"DESCRIBE {table}").fetchall() if r[0] != "processed_at"]
            rows = con.execute(f"SELECT {', '.join(columns)} FROM {table}").fetchall()
            out[table] = sorted(rows, key=repr)
        return out
    finally:
        con.close()
