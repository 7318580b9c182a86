"""Documents from web archives (.warc, .warc.gz), one per HTML `response` record.

A record that cannot be read becomes an `InputError` naming the archive and the
record's byte offset; the archive goes on. An archive whose framing is broken
(truncated gzip member, garbage between records) stops at that point with one error,
since nothing after it can be located reliably.
"""
from __future__ import annotations

import hashlib
import logging
import re
from collections.abc import Iterator
from pathlib import Path

from quanhe.document import Document
from quanhe.errors import InputError
from quanhe.sources.files import MAX_DOCUMENT_CHARS
from quanhe.sources.http import decode_body

log = logging.getLogger(__name__)

WARC_SUFFIXES = (".warc", ".warc.gz")
HTML_TYPES = ("text/html", "application/xhtml+xml")
# Pages that state their own publication date: leave `published` empty so that the
# extract stage reads it from the page instead of using the crawl date.
_PAGE_DATE = re.compile(
    rb"""(article:published_time|datePublished|og:published_time|name=["']?(pubdate|date|dc\.date))""",
    re.IGNORECASE,
)

Item = Document | InputError


def is_warc(spec: str) -> bool:
    return spec.lower().endswith(WARC_SUFFIXES)


def record_document_id(record_id: str) -> str:
    """A short, stable id from the WARC-Record-ID (a URN that is unique per record)."""
    return "warc-" + hashlib.sha256(record_id.encode("utf-8")).hexdigest()[:20]


def iter_warc(path: Path, published: str | None = None) -> Iterator[Item]:
    """One Document per HTML response record, or an InputError per bad record."""
    from warcio.archiveiterator import ArchiveIterator  # heavy: only WARC inputs pay for it

    try:
        handle = path.open("rb")
    except OSError as exc:
        yield InputError(str(path), f"cannot read: {exc.strerror}")
        return
    with handle:
        records = ArchiveIterator(handle, arc2warc=True)
        seen = 0
        try:
            for record in records:
                seen += 1
                if record.rec_type != "response":
                    continue
                item = _record_item(record, records, str(path), published)
                if item is not None:
                    yield item
        except Exception as exc:  # noqa: BLE001 - ArchiveLoadFailed, zlib.error, EOFError: report, never abort the run
            yield InputError(f"{path}@{_offset(records)}", f"unreadable WARC data after {seen} records: {exc}")
    if seen == 0:
        yield InputError(str(path), "no WARC record found")


def _offset(records: object) -> int:
    """Where the iterator stands; get_record_offset() would read on, so it is not used here."""
    return int(getattr(records, "offset", -1))


def _record_item(record: object, records: object, path: str, published: str | None) -> Item | None:
    """The record as a Document, None when it is not an HTML page, an InputError when broken."""
    headers = record.rec_headers  # type: ignore[attr-defined]
    http = record.http_headers  # type: ignore[attr-defined]
    if http is None:
        return None
    status = http.get_statuscode() or ""
    content_type = (http.get_header("Content-Type") or "").lower()
    if not status.startswith("2") or not content_type.startswith(HTML_TYPES):
        return None
    try:
        body = record.content_stream().read()  # type: ignore[attr-defined]
    except Exception as exc:  # noqa: BLE001 - bad chunking or compression inside one record
        return InputError(f"{path}@{_offset(records)}", f"cannot read the record body: {exc!r}")
    # only after the body: asking warcio for the offset reads the record to its end
    origin = f"{path}@{records.get_record_offset()}"  # type: ignore[attr-defined]
    uri = headers.get_header("WARC-Target-URI") or ""
    record_id = headers.get_header("WARC-Record-ID") or f"{uri}@{origin}"
    try:
        text = decode_body(body, content_type, origin)
    except InputError as exc:
        return exc
    if not text.strip():
        return InputError(origin, f"empty page {uri}")
    if len(text) > MAX_DOCUMENT_CHARS:
        return InputError(origin, f"{len(text)} characters: too large for one article (limit {MAX_DOCUMENT_CHARS})")
    return Document(
        id=record_document_id(record_id), raw=text, is_html=True, origin=f"{origin} {uri}".strip(),
        url=uri, published=_published(body, headers.get_header("WARC-Date"), published),
    )


def _published(body: bytes, warc_date: str | None, default: str | None) -> str | None:
    """Page metadata first (left to the extract stage), then --published, then the crawl date."""
    if _PAGE_DATE.search(body[:65536]):
        return None
    if default:
        return default
    return warc_date[:10] if warc_date and len(warc_date) >= 10 else None
