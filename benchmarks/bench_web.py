"""Load test of the HTTP API: a synthetic database of >= 100,000 events, a server on loopback,
bounded concurrent requests; prints requests/s and p50/p99 latency per endpoint.

    .venv/bin/python benchmarks/bench_web.py [--events 120000] [--requests 3000] [--concurrency 16]
        [--workers 2] [--uncached] [--client raw|httpx]

Only 127.0.0.1 is contacted. The run stops after --requests requests or --max-seconds,
whichever comes first. The load generator shares the machine with the server, so it is
kept cheap: `--client raw` (the default) writes HTTP/1.1 GETs on kept-alive connections and
reads each whole response (status line, headers, Content-Length bytes of body); `--client
httpx` uses httpx's pooled AsyncClient. The script prints the load average and the CPU
seconds the server and the client used. The figures in docs/web.md come from this script.
"""
from __future__ import annotations

import argparse
import asyncio
import os
import resource
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlencode

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


def start_server(db: Path, port: int, workers: int = 1) -> subprocess.Popen[bytes]:
    cmd = [sys.executable, "-m", "quanhe", "serve", "--db", str(db), "--host", "127.0.0.1", "--port", str(port),
           "--workers", str(workers)]
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


def make_plan(n_requests: int, unique: bool) -> list[tuple[str, str]]:
    """(label, path with query string) for every request, drawn before the clock starts."""
    rng = random.Random(7)
    plan = []
    for i in range(n_requests):
        label, path, params = request_mix(rng)
        if unique:  # an unused parameter makes every URL new, so the server's response cache never answers
            params = {**params, "_n": str(i)}
        plan.append((label, f"{path}?{urlencode(params)}"))
    return plan


class RawConnection:
    """One kept-alive HTTP/1.1 connection: a GET out, the whole response read back."""

    def __init__(self, host: str, port: int) -> None:
        self.host, self.port = host, port
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def get(self, target: str) -> int:
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
        assert self.reader is not None
        self.writer.write(f"GET {target} HTTP/1.1\r\nHost: {self.host}\r\nAccept: application/json\r\n\r\n"
                          .encode("ascii"))
        head = await self.reader.readuntil(b"\r\n\r\n")
        status = int(head[9:12])
        length = None
        for line in head.split(b"\r\n")[1:]:
            name, _, value = line.partition(b":")
            if name.strip().lower() == b"content-length":
                length = int(value)
        if length is None:
            raise RuntimeError("the server answered without a Content-Length")
        await self.reader.readexactly(length)
        return status

    async def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
            await self.writer.wait_closed()


async def drive(base: str, plan: list[tuple[str, str]], concurrency: int, max_seconds: float,
                client: str = "raw") -> dict[str, list[float]]:
    """Send the plan from `concurrency` concurrent workers; latency per label, and the failures."""
    latencies: dict[str, list[float]] = {}
    failures = 0
    deadline = time.monotonic() + max_seconds
    todo = iter(plan)
    host, port = base.removeprefix("http://").split(":")
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(base_url=base, timeout=30, limits=limits) as pooled:

        async def worker() -> None:
            nonlocal failures
            raw = RawConnection(host, int(port))
            try:
                for label, target in todo:
                    if time.monotonic() > deadline:
                        break
                    t0 = time.perf_counter()
                    if client == "raw":
                        status = await raw.get(target)
                    else:
                        status = (await pooled.get(target)).status_code
                    elapsed = time.perf_counter() - t0
                    failures += status != 200
                    latencies.setdefault(label, []).append(elapsed)
            finally:
                await raw.close()

        await asyncio.gather(*(worker() for _ in range(concurrency)))
    latencies["_failures"] = [float(failures)]
    return latencies


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000


def server_cpu_seconds(pid: int) -> float | None:
    """CPU seconds of the server and its worker processes (needs psutil; None without it)."""
    try:
        import psutil
    except ImportError:
        return None
    try:
        proc = psutil.Process(pid)
        total = 0.0
        for p in [proc, *proc.children(recursive=True)]:
            times = p.cpu_times()
            total += times.user + times.system
        return total
    except psutil.Error:
        return None


def client_cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def run_load(base: str, args: argparse.Namespace, pid: int) -> tuple[dict[str, list[float]], dict[str, float]]:
    warm = make_plan(args.warmup, unique=True)
    asyncio.run(drive(base, warm, 4, 30, args.client))
    plan = make_plan(args.requests, args.uncached)
    load_before = os.getloadavg()[0]
    cpu_server, cpu_client = server_cpu_seconds(pid), client_cpu_seconds()
    t0 = time.perf_counter()
    lat = asyncio.run(drive(base, plan, args.concurrency, args.max_seconds, args.client))
    wall = time.perf_counter() - t0
    after_server = server_cpu_seconds(pid)
    info = {"wall": wall, "load_before": load_before, "load_after": os.getloadavg()[0],
            "cpu_client": client_cpu_seconds() - cpu_client,
            "cpu_server": (after_server - cpu_server) if after_server is not None and cpu_server is not None else -1}
    return lat, info


def report(lat: dict[str, list[float]], info: dict[str, float], args: argparse.Namespace) -> None:
    failures = int(lat.pop("_failures")[0])
    every = [x for v in lat.values() for x in v]
    wall = info["wall"]
    mode = "every URL unique (no response-cache hits)" if args.uncached else "request mix with repeats"
    print(f"cpu cores: {os.cpu_count()}, load average {info['load_before']:.2f} before, {info['load_after']:.2f}"
          f" after; server workers {args.workers}, client {args.client}, concurrency {args.concurrency}")
    print(f"{mode}: {len(every)} requests in {wall:.1f} s, {failures} non-200")
    cpu = f"server {info['cpu_server']:.1f} s" if info["cpu_server"] >= 0 else "server ? (no psutil)"
    print(f"cpu time during the run: {cpu}, client {info['cpu_client']:.1f} s"
          f" (of {wall * (os.cpu_count() or 1):.1f} core-seconds)")
    print(f"{'endpoint':<20} {'n':>6} {'p50 ms':>8} {'p99 ms':>8}")
    for label, values in sorted(lat.items()):
        print(f"{label:<20} {len(values):>6} {pct(values, 0.5):>8.1f} {pct(values, 0.99):>8.1f}")
    print(f"{'ALL':<20} {len(every):>6} {pct(every, 0.5):>8.1f} {pct(every, 0.99):>8.1f}")
    print(f"throughput: {len(every) / wall:.0f} requests/s (mean latency {statistics.mean(every) * 1000:.1f} ms)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--events", type=int, default=120_000)
    parser.add_argument("--requests", type=int, default=3000)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--max-seconds", type=float, default=60.0)
    parser.add_argument("--warmup", type=int, default=100)
    parser.add_argument("--workers", type=int, default=1, help="server processes (quanhe serve --workers)")
    parser.add_argument("--client", choices=["raw", "httpx"], default="raw")
    parser.add_argument("--uncached", action="store_true",
                        help="make every request URL unique (measures queries, not the response cache)")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="quanhe-bench-") as tmp:
        db = Path(tmp) / "bench.duckdb"
        t0 = time.perf_counter()
        total = build_database(db, args.events)
        print(f"database: {total} events, {db.stat().st_size / 1e6:.1f} MB, built in {time.perf_counter() - t0:.1f} s")
        port = free_port()
        proc = start_server(db, port, args.workers)
        try:
            lat, info = run_load(f"http://127.0.0.1:{port}", args, proc.pid)
        finally:
            proc.terminate()
            proc.wait(timeout=20)
    report(lat, info, args)


if __name__ == "__main__":
    main()
