"""Throughput and memory of quanhe at scale, with reference points. Prints figures.

    .venv/bin/python benchmarks/bench_scale.py [--text-mb 20] [--html-pages 2000] [--html-mb 20] [--big-mb 200 | --skip-big]
                                               [--dask-mb 5] [--repeat N] [--only text html html-plain refs dask big]
                                               [--profile] [--json results.json]

Every run records wall time, CPU time (user + system, from getrusage) and the load average
before and after: on a shared machine, sentences per CPU-second is the fair one-core figure.

Corpora are built from ../shared/corpus/vntc-world-dev.jsonl by repeating its articles
under new ids: plain text, and HTML pages of two kinds: news-site pages (benchmarks/news_pages.py:
menus, scripts, related headlines, comments, footer; about 40-50 KB each) and minimal pages (one
<article> between a short header and footer). Each quanhe measurement runs in a fresh process (`--measure`) so that
its peak RSS is its own. Reference points: underthesea `word_tokenize` on a sample of
the same text, trafilatura's default extraction alone (`trafilatura.extract`) and quanhe's
extract stage alone on a sample of the same pages; extrapolated to the whole corpus and
labelled so.
"""
from __future__ import annotations

import argparse
import cProfile
import io
import json
import os
import platform
import pstats
import resource
import subprocess
import sys
import tempfile
import time
from html import escape
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))
from news_pages import news_page  # noqa: E402
CORPUS = ROOT.parent / "shared" / "corpus" / "vntc-world-dev.jsonl"
MB = 1024 * 1024
PARTS = ("text", "html", "html-plain", "refs", "dask", "big")


def load_articles() -> list[dict]:
    with CORPUS.open(encoding="utf-8") as handle:
        return [r for r in map(json.loads, handle) if (r.get("text") or "").strip()]


def html_page(article: dict) -> str:
    paragraphs = "".join(f"<p>{escape(line)}</p>" for line in article["text"].splitlines() if line.strip())
    title = escape(article.get("title") or "")
    return (f'<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>{title}</title></head><body>'
            f'<header><nav><a href="/">Trang chủ</a> | <a href="/the-gioi">Thế giới</a></nav></header>'
            f"<main><article><h1>{title}</h1>{paragraphs}</article></main>"
            f"<footer>Bản quyền © Báo mẫu. Liên hệ quảng cáo.</footer></body></html>")


def build_corpus(path: Path, target_mb: float, html: bool, news: bool = False, pages: int | None = None) -> dict:
    """Repeat the corpus articles with changed ids until the file reaches target_mb (or holds
    `pages` articles). HTML: minimal pages, or news-site pages when `news`."""
    articles = load_articles()
    written, count, text_bytes, rep = 0, 0, 0, 0

    def full() -> bool:
        return count >= pages if pages else written >= target_mb * MB

    with path.open("w", encoding="utf-8") as handle:
        while not full():
            for index, article in enumerate(articles):
                row = {"id": f"{article['id']}-r{rep}", "title": article.get("title", ""),
                       "source": article.get("source", "")}
                if news:
                    others = [articles[(index + 1 + 13 * k) % len(articles)] for k in range(25)]
                    row["html"] = news_page(article, others, seed=rep)
                else:
                    row["html" if html else "text"] = html_page(article) if html else article["text"]
                line = json.dumps(row, ensure_ascii=False) + "\n"
                handle.write(line)
                written += len(line.encode("utf-8"))
                text_bytes += len(article["text"].encode("utf-8"))
                count += 1
                if full():
                    break
            rep += 1
    return {"path": str(path), "bytes": written, "text_bytes": text_bytes, "articles": count}


# ------------------------------------------------------------ measurements in a fresh process

def measure(mode: str, corpus: str, db: str, workers: int, out: str) -> dict:
    sys.path.insert(0, str(ROOT / "src"))
    import duckdb

    started, cpu_started = time.perf_counter(), cpu_seconds()
    if mode == "dask":
        from quanhe.executors.dask import run_dask

        timings: dict[str, float] = {}
        summary = run_dask([corpus], db=db, out=out, workers=workers, timings=timings)
    else:
        from quanhe.api import run

        summary = run([corpus], db=db)
    seconds, cpu = time.perf_counter() - started, cpu_seconds() - cpu_started
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    con = duckdb.connect(db, read_only=True)
    sentences = con.execute("SELECT count(*) FROM sentences").fetchone()[0]
    con.close()
    return {"seconds": seconds, "cpu_seconds": cpu, "children_cpu_seconds": children.ru_utime + children.ru_stime,
            "startup_seconds": timings.get("startup") if mode == "dask" else None,
            "documents": summary.documents_stored, "events": summary.events_stored,
            "sentences": sentences, "errors": len(summary.errors),
            "peak_rss_mb": peak_rss_mb()}


def peak_rss_mb() -> float:
    """This process's own peak resident memory. Linux's ru_maxrss is not that: a process started
    with fork and exec keeps the parent's peak from before the exec, so after the in-process
    reference runs (about 330 MB) every later measurement read at least 330 MB. VmHWM belongs
    to the process's own memory map, which exec replaces."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def cpu_seconds() -> float:
    """User + system CPU time of this process (all its threads)."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def load() -> float:
    return os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")


def run_measure(mode: str, corpus: dict, workers: int = 2) -> dict:
    load_before = load()
    with tempfile.TemporaryDirectory() as tmp:
        cmd = [sys.executable, __file__, "--measure", mode, corpus["path"], str(Path(tmp) / "q.duckdb"),
               str(workers), str(Path(tmp) / "parquet")]
        done = subprocess.run(cmd, capture_output=True, text=True, check=True)
        result = json.loads(done.stdout.strip().splitlines()[-1])
    result["mb_per_s"] = corpus["bytes"] / MB / result["seconds"]
    result["text_mb_per_s"] = corpus["text_bytes"] / MB / result["seconds"]
    result["articles_per_s"] = result["documents"] / result["seconds"]
    result["sentences_per_s"] = result["sentences"] / result["seconds"]
    # the fair one-core figure on a shared machine: sentences per CPU-second of the run's process
    # (for Dask, of the driver plus the worker processes it started and joined)
    result["sentences_per_cpu_s"] = result["sentences"] / (result["cpu_seconds"] + (
        result["children_cpu_seconds"] if mode == "dask" else 0.0))
    result["load"] = (load_before, load())
    result["input_mb"] = corpus["bytes"] / MB
    return result


# ------------------------------------------------------------ reference points

def underthesea_reference(corpus: dict, sample: int) -> dict:
    from underthesea import word_tokenize

    texts = _field_sample(corpus["path"], "text", sample)
    word_tokenize(texts[0])  # model load outside the timing
    started, cpu = time.perf_counter(), cpu_seconds()
    for text in texts:
        word_tokenize(text)
    seconds = time.perf_counter() - started
    return _extrapolate(corpus, texts, seconds, cpu_seconds() - cpu)


def trafilatura_reference(corpus: dict, sample: int) -> dict:
    """trafilatura's default extraction alone (`trafilatura.extract(page)`, every setting left
    at its default), the reference of issue 5's HTML criterion."""
    import trafilatura

    pages = _field_sample(corpus["path"], "html", sample)
    trafilatura.extract(pages[0])  # imports and first-call set-up outside the timing
    started, cpu = time.perf_counter(), cpu_seconds()
    for page in pages:
        trafilatura.extract(page)
    seconds = time.perf_counter() - started
    return _extrapolate(corpus, pages, seconds, cpu_seconds() - cpu)


def quanhe_extract_reference(corpus: dict, sample: int) -> dict:
    """quanhe's extract stage alone (trafilatura's text, quanhe's metadata, the line filter)
    on the same sample, to compare like with like."""
    sys.path.insert(0, str(ROOT / "src"))
    from quanhe.document import Document
    from quanhe.stages.extract import extract

    pages = _field_sample(corpus["path"], "html", sample)
    extract(Document(id="warm", raw=pages[0], is_html=True))
    started, cpu = time.perf_counter(), cpu_seconds()
    for page in pages:
        extract(Document(id="p", raw=page, is_html=True))
    seconds = time.perf_counter() - started
    return _extrapolate(corpus, pages, seconds, cpu_seconds() - cpu)


def _field_sample(path: str, field: str, n: int) -> list[str]:
    """Every k-th article of the first repetition, so the sample spans the corpus's mix."""
    with open(path, encoding="utf-8") as handle:
        rows = [json.loads(line)[field] for line in handle if line.split('"id": "', 1)[1].split('"')[0].endswith("-r0")]
    step = max(1, len(rows) // n)
    return rows[::step][:n]


def _extrapolate(corpus: dict, sample: list[str], seconds: float, cpu: float) -> dict:
    sample_bytes = sum(len(s.encode("utf-8")) for s in sample)
    rate = sample_bytes / MB / seconds
    per_article = seconds / len(sample)
    return {"sample_articles": len(sample), "sample_seconds": seconds, "sample_cpu_seconds": cpu,
            "mb_per_s": rate, "articles_per_s": len(sample) / seconds,
            "articles_per_cpu_s": len(sample) / cpu, "load": load(),
            "extrapolated_seconds_for_corpus": corpus["articles"] * per_article}


def profile_text(corpus: dict, n: int, top: int = 20) -> str:
    sys.path.insert(0, str(ROOT / "src"))
    from quanhe.api import run

    small = Path(corpus["path"]).with_name("profile.jsonl")
    with open(corpus["path"], encoding="utf-8") as src, small.open("w", encoding="utf-8") as dst:
        for _, line in zip(range(n), src):
            dst.write(line)
    with tempfile.TemporaryDirectory() as tmp:
        profiler = cProfile.Profile()
        profiler.enable()
        run([str(small)], db=str(Path(tmp) / "p.duckdb"))
        profiler.disable()
    buffer = io.StringIO()
    pstats.Stats(profiler, stream=buffer).sort_stats("tottime").print_stats(top)
    return buffer.getvalue()


# ------------------------------------------------------------ main

def _median_run(runs: list[dict]) -> dict:
    """The middle run by wall time (of an even number, the slower of the two middle ones)."""
    return sorted(runs, key=lambda r: r["seconds"])[len(runs) // 2]


def _positive(value: str) -> int:
    number = int(value)
    if number < 1:
        raise argparse.ArgumentTypeError(f"must be 1 or more, not {number}")
    return number


def machine() -> str:
    try:
        import psutil

        memory = f"{psutil.virtual_memory().total / 1024 ** 3:.0f} GiB"
    except ImportError:
        memory = "?"
    return (f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores, {memory} RAM, "
            f"Python {platform.python_version()}, {platform.system()} {platform.release()}, load {load():.1f}")


def row(name: str, r: dict) -> str:
    cpu = r["cpu_seconds"] + (r["children_cpu_seconds"] if "Dask" in name else 0.0)
    return (f"| {name} | {r['input_mb']:.1f} | {r['documents']} | {r['seconds']:.1f} | {cpu:.1f} | "
            f"{r['articles_per_s']:.1f} | {r['documents'] / cpu:.1f} | {r['sentences_per_s']:.0f} | {r['sentences_per_cpu_s']:.0f} | "
            f"{r['mb_per_s']:.2f} | {r['peak_rss_mb']:.0f} | {r['load'][0]:.1f}/{r['load'][1]:.1f} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--text-mb", type=float, default=20)
    parser.add_argument("--html-pages", type=_positive, default=2000, help="news-site pages for the HTML path")
    parser.add_argument("--html-mb", type=float, default=20, help="size of the minimal-pages input")
    parser.add_argument("--dask-mb", type=float, default=5, help="size of the local vs Dask comparison")
    parser.add_argument("--big-mb", type=float, default=200)
    parser.add_argument("--skip-big", action="store_true", help="skip the flat-memory run")
    parser.add_argument("--sample", type=int, default=300, help="articles for the reference samples")
    parser.add_argument("--repeat", type=_positive, default=1,
                        help="run the text and Dask measurements this many times (back to back) and report "
                             "every run and the middle one: on a shared host the same run varies by 15%% or more")
    parser.add_argument("--profile", action="store_true", help="cProfile the text path on 500 articles")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    parser.add_argument("--only", nargs="+", choices=PARTS, help="run only these measurements")
    parser.add_argument("--measure", nargs=5, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        mode, corpus, db, workers, out = args.measure
        print(json.dumps(measure(mode, corpus, db, int(workers), out)))
        return

    parts = set(args.only or PARTS) - ({"big"} if args.skip_big else set())
    results: dict = {"machine": machine()}
    print(f"machine: {results['machine']}")
    with tempfile.TemporaryDirectory() as tmp:
        text = build_corpus(Path(tmp) / "text.jsonl", args.text_mb, html=False)
        html = (build_corpus(Path(tmp) / "html.jsonl", 0, html=True, news=True, pages=args.html_pages)
                if parts & {"html", "refs"} else None)
        plain = build_corpus(Path(tmp) / "plain.jsonl", args.html_mb, html=True) if parts & {"html-plain", "refs"} else None
        print(f"corpora: text {text['bytes'] / MB:.1f} MB ({text['articles']} articles)"
              + (f", news-site pages {html['bytes'] / MB:.1f} MB ({html['articles']} pages)" if html else "")
              + (f", minimal pages {plain['bytes'] / MB:.1f} MB ({plain['articles']} pages)" if plain else ""))
        if "text" in parts:
            runs = [run_measure("local", text) for _ in range(args.repeat)]
            results["text"] = _median_run(runs)
            results["text_runs"] = runs
        if "html" in parts:
            results["html"] = run_measure("local", html)
        if "html-plain" in parts:
            results["html_plain"] = run_measure("local", plain)
        if "refs" in parts:
            results["underthesea"] = underthesea_reference(text, args.sample)
            results["trafilatura"] = trafilatura_reference(html, args.sample)
            results["quanhe_extract"] = quanhe_extract_reference(html, args.sample)
            results["trafilatura_plain"] = trafilatura_reference(plain, args.sample)
            results["quanhe_extract_plain"] = quanhe_extract_reference(plain, args.sample)
        if "dask" in parts:
            small = build_corpus(Path(tmp) / "small.jsonl", args.dask_mb, html=False)
            pairs = [(run_measure("local", small), run_measure("dask", small, workers=2)) for _ in range(args.repeat)]
            results["dask_pairs"] = pairs
            results["dask_local"], results["dask_2"] = sorted(pairs, key=lambda p: p[0]["seconds"] / p[1]["seconds"])[
                len(pairs) // 2]
        if "big" in parts:
            big = build_corpus(Path(tmp) / "big.jsonl", args.big_mb, html=False)
            results["big"] = run_measure("local", big)
        if args.profile:
            results["profile"] = profile_text(text, 500)

    print("\n| run | input MB | articles | wall s | CPU s | articles/s | articles/CPU-s | sentences/s | sentences/CPU-s | "
          "input MB/s | peak RSS MB | load before/after |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|")
    for key, name in (("text", "quanhe, text (JSONL)"), ("html", "quanhe, news-site HTML pages (JSONL)"),
                      ("html_plain", "quanhe, minimal HTML pages (JSONL)"),
                      ("big", "quanhe, text, flat-memory run"),
                      ("dask_local", "local executor (Dask comparison input)"), ("dask_2", "Dask executor, 2 workers")):
        if key in results:
            print(row(name, results[key]))
    for name in ("underthesea", "trafilatura", "quanhe_extract", "trafilatura_plain", "quanhe_extract_plain"):
        if name not in results:
            continue
        r = results[name]
        print(f"{name}: {r['articles_per_s']:.1f} articles/s ({r['articles_per_cpu_s']:.1f} per CPU-s, "
              f"load {r['load']:.1f}), {r['mb_per_s']:.2f} MB/s on a sample of "
              f"{r['sample_articles']}; extrapolated (per article) to the corpus: {r['extrapolated_seconds_for_corpus']:.0f} s")
    for pages, ref in (("html", "trafilatura"), ("html_plain", "trafilatura_plain")):
        if pages in results and ref in results:
            ours, theirs = results[pages], results[ref]
            kind = "news-site" if pages == "html" else "minimal"
            print(f"HTML path, {kind} pages: quanhe end to end {ours['articles_per_s']:.1f} pages/s "
                  f"({ours['documents'] / ours['cpu_seconds']:.1f} per CPU-s) against trafilatura's default "
                  f"extraction alone {theirs['articles_per_s']:.1f} pages/s ({theirs['articles_per_cpu_s']:.1f} per CPU-s): "
                  f"{ours['articles_per_s'] / theirs['articles_per_s']:.2f}x")
    if len(results.get("text_runs", [])) > 1:
        print("text runs, back to back (sentences/s): " + ", ".join(
            f"{r['sentences_per_s']:.0f}" for r in results["text_runs"]) + f"; middle run {results['text']['sentences_per_s']:.0f}, "
              f"best {max(r['sentences_per_s'] for r in results['text_runs']):.0f}")
    if len(results.get("dask_pairs", [])) > 1:
        print("Dask speed-ups, local then Dask back to back: " + ", ".join(
            f"{local['seconds'] / dask['seconds']:.2f}x ({local['seconds']:.1f} s / {dask['seconds']:.1f} s)"
            for local, dask in results["dask_pairs"]) + "; the middle pair is in the table (peak RSS: the driver's)")
    if "dask_2" in results:
        local, dask = results["dask_local"], results["dask_2"]
        results["dask_speedup"] = local["seconds"] / dask["seconds"]
        print(f"Dask speed-up with 2 workers (wall time, same input, cluster start included): "
              f"{results['dask_speedup']:.2f}x")
        if dask.get("startup_seconds") is not None:
            results["dask_speedup_after_startup"] = local["seconds"] / (dask["seconds"] - dask["startup_seconds"])
            print(f"  without the fixed cluster start ({dask['startup_seconds']:.1f} s): "
                  f"{results['dask_speedup_after_startup']:.2f}x")
    if args.profile:
        print(results["profile"])
    if args.json:
        args.json.write_text(json.dumps(results, indent=2, ensure_ascii=False), encoding="utf-8")


if __name__ == "__main__":
    main()
