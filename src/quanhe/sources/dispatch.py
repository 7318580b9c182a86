"""One entry point for every kind of input: files, directories, stdin, web archives,
URLs, and feeds or sitemaps (files or URLs) whose articles are fetched.

Each input yields Documents or InputErrors, in order; nothing is read ahead, so a run
holds one batch at a time however large the inputs are. The WARC, HTTP and feed
modules (and their libraries) are imported only when an input needs them.
"""
from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from quanhe.document import Document
from quanhe.errors import InputError
from quanhe.sources import files

if TYPE_CHECKING:
    from quanhe.sources.feeds import Discovered
    from quanhe.sources.http import Fetcher, Page, Politeness

log = logging.getLogger(__name__)

Item = Document | InputError
MAX_SITEMAP_DEPTH = 3  # index -> index -> sitemap is already unusual
_XML_TYPES = ("xml", "rss", "atom")


class _Inputs:
    """Routes inputs; owns the one HTTP client of a run, created only when a URL needs it."""

    def __init__(self, published: str | None, politeness: Politeness | None,
                 fetcher: Fetcher | None) -> None:
        self.published = published
        self.politeness = politeness
        self._fetcher = fetcher
        self._own_fetcher = fetcher is None

    @property
    def fetcher(self) -> Fetcher:
        if self._fetcher is None:
            from quanhe.sources.http import Fetcher

            self._fetcher = Fetcher(self.politeness)
        return self._fetcher

    def close(self) -> None:
        if self._own_fetcher and self._fetcher is not None:
            self._fetcher.close()

    def route(self, spec: str) -> Iterator[Item]:
        from quanhe.sources.feeds import is_feed_path
        from quanhe.sources.http import is_url
        from quanhe.sources.warc import is_warc

        if is_url(spec):
            yield from self.url(spec)
        elif spec != "-" and is_warc(spec):
            yield from self.warc(Path(spec))
        elif spec != "-" and is_feed_path(spec):
            yield from self.feed_file(Path(spec))
        elif spec != "-" and Path(spec).is_dir():
            yield from self.directory(Path(spec))
        else:
            yield from files.iter_documents([spec], self.published)

    def warc(self, path: Path) -> Iterator[Item]:
        from quanhe.sources.warc import iter_warc

        if not path.exists():
            yield InputError(str(path), "no such file or directory")
            return
        yield from iter_warc(path, self.published)

    def directory(self, path: Path) -> Iterator[Item]:
        """The files' own rules for .txt/.html/.jsonl, plus any web archives inside."""
        from quanhe.sources.warc import is_warc

        archives = sorted(p for p in path.rglob("*") if p.is_file() and is_warc(p.name))
        has_files = any(p.is_file() and p.suffix.lower() in files.SUPPORTED for p in path.rglob("*"))
        if has_files or not archives:
            yield from files.iter_documents([str(path)], self.published)
        for archive in archives:
            yield from self.warc(archive)

    def feed_file(self, path: Path) -> Iterator[Item]:
        try:
            data = path.read_bytes()
        except OSError as exc:
            yield InputError(str(path), f"cannot read: {exc.strerror or exc}")
            return
        yield from self.listing(data, str(path), "", depth=0)

    def listing(self, data: bytes, origin: str, base_url: str, depth: int) -> Iterator[Item]:
        """Every article a feed or sitemap lists, fetched; nested sitemaps followed."""
        from quanhe.sources.feeds import discover

        try:
            found: Discovered = discover(data, origin, base_url)
        except InputError as exc:
            yield exc
            return
        log.info("%s: %s with %d articles, %d sitemaps", origin, found.kind, len(found.articles), len(found.sitemaps))
        for url in found.articles:
            yield from self.page(url, found.dates.get(url))
        for url in found.sitemaps:
            if depth + 1 >= MAX_SITEMAP_DEPTH:
                yield InputError(url, f"sitemap nesting deeper than {MAX_SITEMAP_DEPTH}; not followed")
                continue
            try:
                fetched = self.fetcher.fetch(url, conditional=False)
            except InputError as exc:
                yield exc
                continue
            yield from self.listing(fetched.body, url, fetched.url, depth + 1)

    def url(self, url: str) -> Iterator[Item]:
        """A page, or a feed/sitemap (sniffed from the response) whose articles are fetched."""
        try:
            # listings are always fetched whole: a 304 would hide the articles they list
            page = self.fetcher.fetch(url, conditional=False)
        except InputError as exc:
            yield exc
            return
        if _is_listing(page):
            yield from self.listing(page.body, url, page.url, depth=0)
        else:
            yield from self._page_document(url, page, None)

    def page(self, url: str, listed_date: str | None) -> Iterator[Item]:
        try:
            page = self.fetcher.fetch(url)
        except InputError as exc:
            yield exc
            return
        yield from self._page_document(url, page, listed_date)

    def _page_document(self, url: str, page: Page, listed_date: str | None) -> Iterator[Item]:
        from quanhe.sources.http import decode_body, url_document_id

        if page.unchanged:
            log.info("%s: unchanged since the last fetch (HTTP 304)", url)
            return
        try:
            text = decode_body(page.body, page.content_type, url)
        except InputError as exc:
            yield exc
            return
        if not text.strip():
            yield InputError(url, "empty page")
            return
        is_html = "html" in page.content_type.lower() or files._looks_like_html(text)
        yield Document(id=url_document_id(url), raw=text, is_html=is_html, origin=url, url=page.url,
                       published=listed_date or self.published)


def _is_listing(page: Page) -> bool:
    content_type = page.content_type.lower().split(";")[0]
    if "html" in content_type:
        return False
    if any(t in content_type for t in _XML_TYPES):
        return True
    head = page.body[:512].lstrip().lower()
    return head.startswith(b"<?xml") or head.startswith((b"<rss", b"<feed", b"<urlset", b"<sitemapindex"))


def iter_inputs(inputs: Iterable[str], published: str | None = None, politeness: Politeness | None = None,
                fetcher: Fetcher | None = None) -> Iterator[Item]:
    """Documents (or per-input errors) from any mix of paths, directories, '-', .warc(.gz),
    http(s) URLs and feed or sitemap files/URLs, in order."""
    router = _Inputs(published, politeness, fetcher)
    try:
        for spec in inputs:
            yield from router.route(spec)
    finally:
        router.close()
