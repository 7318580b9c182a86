"""Load test of the HTTP API: a synthetic database of >= 100,000 events, a server on loopback,
bounded concurrent requests; prints requests/s and p50/p99 latency per endpoint.

    .venv/bin/python benchmarks/bench_web.py [--events 120000] [--requests 3000] [--concurrency 16]

Only 127.0.0.1 is contacted. The run stops after --requests requests or --max-seconds,
whichever comes first. The figures in docs/web.md come from this script.
"""
from __future__ import annotations

import argparse
import asyncio
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import duckdb
import httpx

ROOT = Path(__file__).resolve().parents[1]
ACTORS = ["RUS", "NATO", "USA", "CHN", "UKR", "VNM", "EU", "DEU", "FRA", "GBR", "IRN", "IDN", "JPN", "KOR"]
SECTORS = ["", "", ":GOV", ":MIL", ":DIP"]


def build_database(path: Path, n_events: int) -> int:
    """Code the example articles, then add synthetic events cloned from them with new ids, actors and dates."""
    from quanhe import api

    api.run([str(ROOT / "examples" / "articles")], db=path)
    con = duckdb.connect(str(path))
    n_seed = con.execute("SELECT count(*) FROM events").fetchone()[0]
    con.execute(f"""
      INSERT INTO events
      WITH src AS (SELECT *, row_number() OVER (ORDER BY event_id) - 1 AS k FROM events),
      nums AS (
        SELECT range AS i, {ACTORS!r}[1 + range % {len(ACTORS)}] AS s,
               {ACTORS!r}[1 + (range * 7 + 3) % {len(ACTORS)}] AS t0,
               {SECTORS!r}[1 + range % {len(SECTORS)}] AS sec
        FROM range(?)
      ),
      pairs AS (SELECT *, CASE WHEN t0 = s THEN 'NATO' ELSE t0 END AS t FROM nums)
      SELECT substr(md5(src.event_id || ':' || i::VARCHAR), 1, 16), src.doc_id, src.type, src.mode, src.context,
             [s || sec], [t], [s], [t],
             '[{{"id": "' || s || sec || '", "name": "' || s || '", "text": "' || s || '"}}]',
             '[{{"id": "' || t || '", "name": "' || t || '", "text": "' || t || '"}}]',
             CASE WHEN i % 10 = 0 THEN NULL
                  ELSE strftime(DATE '2015-01-01' + CAST(i % 3650 AS INTEGER), '%Y-%m-%d') END,
             src.date_text, src.sentence_index, src.start_char, src.end_char, src.sentence, src.trigger,
             src.trigger_start, src.trigger_end, src.cameo, src.goldstein, src.quad_class, src.modality,
             i % 50 = 0, src.mentions_json, src.coder_version, src.dictionary_version, src.quanhe_version
      FROM pairs JOIN src ON src.k = pairs.i % {n_seed}
    """, [n_events])
    total = con.execute("SELECT count(*) FROM events").fetchone()[0]
    con.execute("CHECKPOINT")
    con.close()
    return int(total)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_server(db: Path, port: int) -> subprocess.Popen[bytes]:
    cmd = [sys.executable, "-m", "quanhe", "serve", "--db", str(db), "--host", "127.0.0.1", "--port", str(port)]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/api/stats", timeout=1).status_code == 200:
                return proc
        except httpx.TransportError:
            time.sleep(0.1)
    proc.kill()
    raise SystemExit(f"server did not start: {proc.stderr.read().decode() if proc.stderr else ''}")


def request_mix(rng: random.Random) -> tuple[str, str, dict[str, str]]:
    """(label, path, params): mostly event queries, some timelines and actor lists."""
    a, b = rng.sample(ACTORS, 2)
    year = rng.randint(2015, 2024)
    choices = [
        ("events:actor", "/api/events", {"actor": a, "limit": "50"}),
        ("events:pair", "/api/events", {"a": a, "b": b, "limit": "50"}),
        ("events:type+dates", "/api/events", {"type": rng.choice(["SANCTION", "CONSULT", "AGREE", "ASSAULT"]),
                                              "from": f"{year}-01-01", "to": f"{year}-12-31"}),
        ("events:quad+page", "/api/events", {"quad_class": str(rng.randint(1, 4)),
                                             "offset": str(rng.randint(0, 2000)), "limit": "20"}),
        ("events:text", "/api/events", {"q": rng.choice(["trục xuất", "hợp tác", "không kích"]), "actor": a}),
        ("timeline:pair", "/api/timeline", {"a": a, "b": b, "by": "month"}),
    ]
    weights = [3, 3, 2, 2, 1, 1]
    return rng.choices(choices, weights)[0]


async def drive(base: str, n_requests: int, concurrency: int, max_seconds: float,
                unique: bool = False) -> dict[str, list[float]]:
    rng = random.Random(7)
    plan = [request_mix(rng) for _ in range(n_requests)]
    if unique:  # an unused parameter makes every URL new, so the server's response cache never answers
        plan = [(label, path, {**params, "_n": str(i)}) for i, (label, path, params) in enumerate(plan)]
    latencies: dict[str, list[float]] = {}
    failures = 0
    deadline = time.monotonic() + max_seconds
    queue: asyncio.Queue[tuple[str, str, dict[str, str]]] = asyncio.Queue()
    for item in plan:
        queue.put_nowait(item)
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(base_url=base, timeout=30, limits=limits) as client:

        async def worker() -> None:
            nonlocal failures
            while not queue.empty() and time.monotonic() < deadline:
                label, path, params = queue.get_nowait()
                t0 = time.perf_counter()
                r = await client.get(path, params=params)
                elapsed = time.perf_counter() - t0
                if r.status_code != 200:
                    failures += 1
                latencies.setdefault(label, []).append(elapsed)

        await asyncio.gather(*(worker() for _ in range(concurrency)))
    latencies["_failures"] = [float(failures)]
    return latencies


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--events", type=int, default=120_000)
    parser.add_argument("--requests", type=int, default=3000)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--max-seconds", type=float, default=60.0)
    parser.add_argument("--warmup", type=int, default=100)
    parser.add_argument("--uncached", action="store_true",
                        help="make every request URL unique (measures queries, not the response cache)")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="quanhe-bench-") as tmp:
        db = Path(tmp) / "bench.duckdb"
        t0 = time.perf_counter()
        total = build_database(db, args.events)
        print(f"database: {total} events, {db.stat().st_size / 1e6:.1f} MB, built in {time.perf_counter() - t0:.1f} s")
        port = free_port()
        proc = start_server(db, port)
        base = f"http://127.0.0.1:{port}"
        try:
            asyncio.run(drive(base, args.warmup, 4, 30))
            t0 = time.perf_counter()
            lat = asyncio.run(drive(base, args.requests, args.concurrency, args.max_seconds, args.uncached))
            wall = time.perf_counter() - t0
        finally:
            proc.terminate()
            proc.wait(timeout=10)
    failures = int(lat.pop("_failures")[0])
    every = [x for v in lat.values() for x in v]
    mode = "every URL unique (no response-cache hits)" if args.uncached else "request mix with repeats"
    print(f"cpu cores: {os.cpu_count()}, concurrency {args.concurrency}, {mode}: {len(every)} requests in"
          f" {wall:.1f} s, {failures} non-200")
    print(f"{'endpoint':<20} {'n':>6} {'p50 ms':>8} {'p99 ms':>8}")
    for label, values in sorted(lat.items()):
        print(f"{label:<20} {len(values):>6} {pct(values, 0.5):>8.1f} {pct(values, 0.99):>8.1f}")
    print(f"{'ALL':<20} {len(every):>6} {pct(every, 0.5):>8.1f} {pct(every, 0.99):>8.1f}")
    print(f"throughput: {len(every) / wall:.0f} requests/s (mean latency {statistics.mean(every) * 1000:.1f} ms)")


if __name__ == "__main__":
    main()
