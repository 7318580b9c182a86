"""Speed of the per-document stages on ../shared/corpus (one core, in-process, no store).

usage: python benchmarks/bench_coder.py [CORPUS.jsonl] [--repeat N]

Prints sentences/s, articles/s and MB/s for the whole pipeline (extract -> merge) and
the share of time spent in each stage. A script that prints figures, not a test.
"""
from __future__ import annotations

import argparse
import json
import time
from collections import defaultdict
from pathlib import Path

from quanhe.document import Document
from quanhe.pipeline import build_pipeline

DEFAULT = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "vntc-world-dev.jsonl"


def load(path: Path) -> list[dict]:
    return [r for r in (json.loads(line) for line in path.open(encoding="utf-8") if line.strip()) if r.get("text")]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("corpus", nargs="?", type=Path, default=DEFAULT)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    records = load(args.corpus)
    pipeline = build_pipeline()
    stage_time: dict[str, float] = defaultdict(float)
    best = float("inf")
    sentences = events = 0
    for _ in range(args.repeat):
        sentences = events = 0
        started = time.perf_counter()
        for r in records:
            doc = Document(id=r["id"], raw=r["text"], title=r.get("title", ""))
            for name, stage in pipeline.stages:
                t = time.perf_counter()
                doc = stage(doc)
                stage_time[name] += time.perf_counter() - t
            sentences += len(doc.sentences)
            events += len(doc.events)
        best = min(best, time.perf_counter() - started)
    megabytes = sum(len(r["text"].encode("utf-8")) for r in records) / 1e6
    total = sum(stage_time.values())
    print(f"corpus: {len(records)} articles, {sentences} sentences, {megabytes:.2f} MB, {events} events")
    print(f"best of {args.repeat}: {best:.2f} s -> {sentences / best:,.0f} sentences/s, "
          f"{len(records) / best:,.0f} articles/s, {megabytes / best:.2f} MB/s")
    for name, seconds in sorted(stage_time.items(), key=lambda kv: -kv[1]):
        print(f"  {name:<10} {100 * seconds / total:5.1f}%")


if __name__ == "__main__":
    main()
