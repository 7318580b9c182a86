"""Fetching, only against a local server on 127.0.0.1 (conftest.site)."""
from __future__ import annotations

import json

import pytest

from quanhe.errors import InputError
from quanhe.sources.http import Fetcher, Politeness, Validators
from quanhe.version import __version__

FAST = Politeness(delay=0.0, backoff=0.01, retries=2, timeout=5)


def test_user_agent_names_quanhe_and_version(site):
    url = site.page("/a.html", "<html><body>x</body></html>")
    with Fetcher(FAST) as fetcher:
        page = fetcher.fetch(url)
    assert page.status == 200 and page.body.startswith(b"<html>")
    agents = {h["user-agent"] for h in site.hits("/a.html")}
    assert agents == {FAST.user_agent} and f"quanhe/{__version__}" in FAST.user_agent


def test_robots_txt_is_obeyed(site):
    site.page("/robots.txt", "User-agent: *\nDisallow: /private/\n", content_type="text/plain")
    allowed = site.page("/public.html", "<html>ok</html>")
    blocked = site.page("/private/x.html", "<html>no</html>")
    with Fetcher(FAST) as fetcher:
        assert fetcher.fetch(allowed).status == 200
        with pytest.raises(InputError, match="robots.txt"):
            fetcher.fetch(blocked)
    assert site.hits("/private/x.html") == [] and len(site.hits("/robots.txt")) == 1


def test_robots_forbidden_means_disallow_all(site):
    site.routes["/robots.txt"] = lambda h: (403, {}, b"")
    url = site.page("/a.html", "<html>x</html>")
    with Fetcher(FAST) as fetcher, pytest.raises(InputError, match="robots"):
        fetcher.fetch(url)


def test_per_host_rate_limit(site):
    urls = [site.page(f"/{i}.html", "<html>x</html>") for i in range(3)]
    with Fetcher(Politeness(delay=0.15)) as fetcher:
        for url in urls:
            fetcher.fetch(url)
    times = [t for t, path, _ in site.requests]  # robots.txt, then the three pages
    assert len(times) == 4
    # arrival times are stamped by the server thread: allow scheduling jitter on each gap,
    # while unthrottled requests would arrive milliseconds apart
    gaps = [b - a for a, b in zip(times, times[1:])]
    assert all(gap >= 0.10 for gap in gaps), gaps
    assert times[-1] - times[0] >= 3 * 0.15 - 0.05, gaps


def test_crawl_delay_from_robots_wins_when_larger(site):
    site.page("/robots.txt", "User-agent: *\nCrawl-delay: 2\n", content_type="text/plain")
    waits: list[float] = []
    url = site.page("/a.html", "<html>x</html>")
    with Fetcher(FAST, sleep=waits.append) as fetcher:
        fetcher.fetch(url)
        fetcher.fetch(url, conditional=False)
    assert waits and max(waits) > 1.5


def test_retries_with_backoff_then_success(site):
    calls = {"n": 0}

    def flaky(handler):
        calls["n"] += 1
        if calls["n"] <= 2:
            return 503, {"Retry-After": "1"} if calls["n"] == 2 else {}, b"busy"
        return 200, {"Content-Type": "text/html"}, b"<html>ok</html>"

    site.routes["/flaky.html"] = flaky
    waits: list[float] = []
    with Fetcher(Politeness(delay=0, backoff=0.5, retries=3), sleep=waits.append) as fetcher:
        page = fetcher.fetch(site.base + "/flaky.html")
    assert page.status == 200 and calls["n"] == 3
    assert waits == [0.5, 1.0]  # backoff for the first 503, Retry-After for the second


def test_gives_up_after_retries(site):
    site.routes["/down.html"] = lambda h: (500, {}, b"")
    with Fetcher(FAST, sleep=lambda s: None) as fetcher, pytest.raises(InputError, match="HTTP 500"):
        fetcher.fetch(site.base + "/down.html")
    assert len(site.hits("/down.html")) == 3


def test_connection_refused_is_an_input_error():
    with Fetcher(FAST, sleep=lambda s: None) as fetcher, pytest.raises(InputError, match="cannot fetch"):
        fetcher.fetch("http://127.0.0.1:9/x.html")


def test_conditional_requests_with_etag_and_last_modified(site, tmp_path):
    def page(handler):
        if handler.headers.get("If-None-Match") == '"v1"':
            return 304, {}, b""
        return 200, {"Content-Type": "text/html", "ETag": '"v1"',
                     "Last-Modified": "Mon, 04 May 2020 08:00:00 GMT"}, b"<html>v1</html>"

    site.routes["/a.html"] = page
    cache = tmp_path / "validators.json"
    with Fetcher(FAST, Validators.load(cache)) as fetcher:
        assert fetcher.fetch(site.base + "/a.html").status == 200
    assert json.loads(cache.read_text())[site.base + "/a.html"]["etag"] == '"v1"'
    with Fetcher(FAST, Validators.load(cache)) as fetcher:  # a later run: the page is unchanged
        assert fetcher.fetch(site.base + "/a.html").unchanged
    second = site.hits("/a.html")[1]
    assert second["if-none-match"] == '"v1"' and second["if-modified-since"].startswith("Mon, 04 May 2020")
