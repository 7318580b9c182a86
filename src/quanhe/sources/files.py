"""Documents from files: .txt, .html/.htm, .jsonl, directories (recursive) and stdin.

Each input yields either a `Document` or an `InputError` naming the file (and line)
and the reason, so that one bad file never stops a batch.
"""
from __future__ import annotations

import codecs
import io
import json
import sys
import unicodedata
from collections.abc import Iterable, Iterator
from pathlib import Path

from quanhe.document import Document
from quanhe.errors import InputError

TEXT_SUFFIXES = frozenset({".txt", ".text"})
HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml"})
JSONL_SUFFIXES = frozenset({".jsonl", ".ndjson"})
SUPPORTED = TEXT_SUFFIXES | HTML_SUFFIXES | JSONL_SUFFIXES
MAX_FILE_BYTES = 64 * 1024 * 1024  # read whole above this only as streamed JSON lines
MAX_DOCUMENT_CHARS = 5 * 1024 * 1024  # one article; anything larger is not an article

Item = Document | InputError


def _check_textual(text: str, origin: str) -> str:
    """Reject binary data that happened to decode: too many control or unassigned characters."""
    sample = text[:20000]
    if not sample:
        return text
    odd = sum(1 for c in sample if unicodedata.category(c) in ("Cc", "Cn", "Co", "Cs") and c not in "\n\r\t")
    if odd > max(2, len(sample) // 50):
        raise InputError(origin, "binary data, not text (many control or unassigned characters)")
    return text


def decode(data: bytes, origin: str) -> str:
    """UTF-8 (with or without BOM) or UTF-16 (with BOM, or detected from NUL bytes)."""
    return _check_textual(_decode(data, origin), origin)


def _decode(data: bytes, origin: str) -> str:
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8):]
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise InputError(origin, f"invalid UTF-16 at byte {exc.start}") from None
    elif len(data) >= 4 and (data[1:2] == b"\x00" and data[3:4] == b"\x00"):
        try:
            return data.decode("utf-16-le")
        except UnicodeDecodeError as exc:
            raise InputError(origin, f"invalid UTF-16-LE at byte {exc.start}") from None
    elif len(data) >= 4 and (data[0:1] == b"\x00" and data[2:3] == b"\x00"):
        try:
            return data.decode("utf-16-be")
        except UnicodeDecodeError as exc:
            raise InputError(origin, f"invalid UTF-16-BE at byte {exc.start}") from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(
            origin, f"not UTF-8 or UTF-16 text (invalid byte 0x{data[exc.start]:02x} at offset {exc.start})"
        ) from None
    if "\x00" in text:
        raise InputError(origin, "binary data (NUL bytes) in a text file")
    return text


def _read(path: Path) -> str:
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise InputError(str(path), f"cannot read: {exc.strerror}") from None
    if size > MAX_FILE_BYTES:
        raise InputError(str(path), f"file is {size} bytes; the limit is {MAX_FILE_BYTES} (split it or use .jsonl)")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(str(path), f"cannot read: {exc.strerror}") from None
    return decode(data, str(path))


def _looks_like_html(text: str) -> bool:
    head = text[:2048].lstrip().lower()
    return head.startswith(("<!doctype html", "<html")) or ("<body" in head and "</" in head)


def _from_text(path: Path, published: str | None) -> Document:
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise InputError(str(path), f"cannot read: {exc.strerror}") from None
    if size > 4 * MAX_DOCUMENT_CHARS:
        raise InputError(str(path), f"file is {size} bytes: too large for one article (limit {4 * MAX_DOCUMENT_CHARS})")
    text = _read(path)
    if not text.strip():
        raise InputError(str(path), "empty file")
    if len(text) > MAX_DOCUMENT_CHARS:
        raise InputError(str(path), f"{len(text)} characters: too large for one article (limit {MAX_DOCUMENT_CHARS})")
    is_html = path.suffix.lower() in HTML_SUFFIXES or _looks_like_html(text)
    return Document(id=path.stem, raw=text, is_html=is_html, origin=str(path), published=published)


def _record_to_document(record: object, origin: str, published: str | None) -> Document:
    if not isinstance(record, dict):
        raise InputError(origin, "a JSON object is expected on each line")
    doc_id = record.get("id")
    if not isinstance(doc_id, (str, int)) or str(doc_id).strip() == "":
        raise InputError(origin, "missing 'id'")
    html = record.get("html")
    text = record.get("text")
    body = html if isinstance(html, str) and html.strip() else text
    if not isinstance(body, str) or not body.strip():
        raise InputError(origin, "needs a non-empty 'text' or 'html'")
    if len(body) > MAX_DOCUMENT_CHARS:
        raise InputError(origin, f"{len(body)} characters: too large for one article (limit {MAX_DOCUMENT_CHARS})")
    date = record.get("published") or record.get("date") or published
    return Document(
        id=str(doc_id), raw=body, is_html=body is html, origin=origin,
        title=str(record.get("title") or ""), url=str(record.get("url") or ""),
        source=str(record.get("source") or ""), published=str(date) if date else None,
    )


def _from_jsonl(path: Path, published: str | None) -> Iterator[Item]:
    """JSON lines are streamed line by line (constant memory whatever the file size);
    only a UTF-16 file, which cannot be split on raw newlines, is decoded whole."""
    try:
        with path.open("rb") as handle:
            head = handle.read(4)
    except OSError as exc:
        yield InputError(str(path), f"cannot read: {exc.strerror}")
        return
    utf16 = head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or (len(head) >= 4 and b"\x00" in head)
    if utf16:
        try:
            lines: Iterable[str] = _read(path).splitlines()
        except InputError as exc:
            yield exc
            return
    else:
        lines = _stream_lines(path)
    try:
        yield from _records(path, lines, published)
    except UnicodeDecodeError as exc:
        yield InputError(str(path), f"not UTF-8 text ({exc.reason} at byte {exc.start} of a line)")


def _records(path: Path, lines: Iterable[str], published: str | None, first_line: int = 1) -> Iterator[Item]:
    for number, line in enumerate(lines, first_line):
        if not line.strip():
            continue
        origin = f"{path}:{number}"
        try:
            yield _record_to_document(json.loads(line), origin, published)
        except json.JSONDecodeError as exc:
            yield InputError(origin, f"invalid JSON ({exc.msg})")
        except InputError as exc:
            yield exc


def is_streamed_jsonl(path: Path) -> bool:
    """A JSON lines file that is read line by line as UTF-8 (not UTF-16), so that it can also be
    cut into byte ranges at line ends and read by several processes."""
    if path.suffix.lower() not in JSONL_SUFFIXES or not path.is_file():
        return False
    try:
        with path.open("rb") as handle:
            head = handle.read(4)
    except OSError:
        return False
    return not (head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or (len(head) >= 4 and b"\x00" in head))


def jsonl_ranges(path: Path, documents: int) -> Iterator[tuple[int, int, int]]:
    """(start byte, end byte, number of its first line) of consecutive pieces of a JSON lines
    file holding about `documents` non-empty lines each, cut at line ends. Line numbers count
    as text-mode reading does (\\r\\n, \\n or a lone \\r ends a line), so that origins match."""
    start = offset = 0
    line = first = 1
    records = 0
    with path.open("rb") as handle:
        for raw in handle:
            offset += len(raw)
            line += raw.count(b"\n") + raw.count(b"\r") - raw.count(b"\r\n")
            if raw.strip():
                records += 1
            if records >= documents:
                yield start, offset, first
                start, first, records = offset, line, 0
    if offset > start:
        yield start, offset, first


def read_jsonl_range(path: Path, start: int, end: int, first_line: int, published: str | None,
                     origin: str | None = None) -> Iterator[Item]:
    """The documents (or errors) of one byte range from `jsonl_ranges`, origins named after
    `origin` (the path as given) or `path`. A line that is not UTF-8 is reported on its own
    and the range goes on (a whole-file read stops the file there)."""
    with path.open("rb") as handle:
        handle.seek(start)
        data = handle.read(end - start)
    text = io.TextIOWrapper(io.BytesIO(data), encoding="utf-8-sig" if start == 0 else "utf-8",
                            errors="surrogateescape")
    shown = Path(origin) if origin else path
    bad: list[int] = []

    def checked(lines: Iterable[str]) -> Iterator[str]:
        for number, line in enumerate(lines, first_line):
            try:
                line.encode("utf-8")
            except UnicodeEncodeError:
                bad.append(number)
                line = ""  # skipped by _records; the numbering goes on
            yield line

    yield from _records(shown, checked(text), published, first_line)
    for number in bad:
        yield InputError(f"{shown}:{number}", "not UTF-8 text (invalid bytes in this line)")


def _stream_lines(path: Path) -> Iterator[str]:
    """Large JSON-lines files are read line by line (UTF-8) instead of whole."""
    with path.open(encoding="utf-8-sig", errors="strict") as handle:
        yield from handle


def _from_stdin(published: str | None) -> Iterator[Item]:
    data = sys.stdin.buffer.read()
    try:
        text = decode(data, "<stdin>")
    except InputError as exc:
        yield exc
        return
    stripped = text.lstrip()
    if stripped.startswith("{"):
        for number, line in enumerate(text.splitlines(), 1):
            if line.strip():
                try:
                    yield _record_to_document(json.loads(line), f"<stdin>:{number}", published)
                except json.JSONDecodeError as exc:
                    yield InputError(f"<stdin>:{number}", f"invalid JSON ({exc.msg})")
                except InputError as exc:
                    yield exc
    elif stripped:
        yield Document(id="stdin", raw=text, is_html=_looks_like_html(text), origin="<stdin>", published=published)
    else:
        yield InputError("<stdin>", "empty input")


def _from_path(path: Path, published: str | None) -> Iterator[Item]:
    suffix = path.suffix.lower()
    try:
        if suffix in JSONL_SUFFIXES:
            yield from _from_jsonl(path, published)
        elif suffix in TEXT_SUFFIXES | HTML_SUFFIXES:
            yield _from_text(path, published)
        else:
            yield InputError(str(path), f"unsupported file type {suffix or '(none)'}; use .txt, .html or .jsonl")
    except InputError as exc:
        yield exc


def iter_documents(inputs: Iterable[str], published: str | None = None) -> Iterator[Item]:
    """Documents (or per-input errors) from paths, directories and '-' (stdin), in order."""
    for spec in inputs:
        if spec == "-":
            yield from _from_stdin(published)
            continue
        path = Path(spec)
        if path.is_dir():
            files = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUPPORTED)
            if not files:
                yield InputError(str(path), "directory holds no .txt, .html or .jsonl file")
            for file in files:
                yield from _from_path(file, published)
        elif path.exists():
            yield from _from_path(path, published)
        else:
            yield InputError(str(path), "no such file or directory")
