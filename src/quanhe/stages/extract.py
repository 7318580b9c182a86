"""Main text and metadata out of a page or a scraped text.

HTML goes through trafilatura (main content and metadata). Plain text that was
scraped from a page keeps the page's furniture, so the same line-level boilerplate
filter runs on both: "Theo dõi ... trên", "Tin liên quan" links, repeated-headline
teaser blocks, "Đọc thêm" reading lists, photo-credit captions, source credits,
"Phiên bản di động". The filter works on whole lines and only ever drops lines.
"""
from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from quanhe.document import Document

log = logging.getLogger(__name__)

# A line that starts a tail of links to other articles: everything after it goes.
_TAIL_MARKERS = re.compile(
    r"^\s*(đọc thêm|xem thêm|tin cùng chuyên mục|tin mới nhất|tin khác|bài viết khác|"
    r"có thể bạn quan tâm|các tin khác|tin bài khác|bài đọc nhiều|đọc nhiều nhất)\s*:?\s*$",
    re.IGNORECASE,
)
# A line that introduces one linked headline: it and the next non-empty line go.
_LINK_MARKERS = re.compile(
    r"^\s*(tin liên quan|bài liên quan|xem tiếp|>>\s*xem thêm)\s*:?\s*$", re.IGNORECASE
)
_DROP_LINE = [
    re.compile(r"^\s*theo dõi\s+\S.{0,60}\btrên\s*$", re.IGNORECASE),
    re.compile(r"^\s*phiên bản di động\s*$", re.IGNORECASE),
    re.compile(r"\((nguồn|ảnh|photo|source)\s*:[^)]{1,120}\)\s*$", re.IGNORECASE),
    re.compile(r"^\s*(ảnh|nguồn|photo)\s*:\s*\S.{0,80}$", re.IGNORECASE),
    re.compile(r"^\s*\(?\s*theo\s+[\w.\-]+\.(com|net|org|vn|int|gov|co\.uk)\s*\)?\s*$", re.IGNORECASE),
    # a linked headline with its date, as news sites list related articles: "... Syria(02/01)"
    re.compile(r"^.{5,250}\(\d{1,2}/\d{1,2}(/\d{2,4})?\)\s*$"),
    re.compile(r"^\s*(chia sẻ|bình luận|in bài|gửi bài|lưu bài|share|tweet|like)\s*$", re.IGNORECASE),
]
_AUTHOR_LINE = re.compile(r"^[A-ZĐ\u00C0-\u1EF9][\w\u00C0-\u1EF9]*(\s[A-ZĐ\u00C0-\u1EF9][\w\u00C0-\u1EF9]*){0,4}$")


@dataclass(slots=True)
class Extracted:
    text: str
    title: str = ""
    author: str = ""
    published: str | None = None
    site: str = ""
    url: str = ""


def _is_dropped_line(line: str) -> bool:
    return any(p.search(line) for p in _DROP_LINE)


def _strip_teasers(lines: list[str]) -> list[str]:
    """Drop 'headline / same headline / teaser paragraph' blocks that list other articles."""
    keep = [True] * len(lines)
    non_empty = [i for i, line in enumerate(lines) if line.strip()]
    for a, b in zip(non_empty, non_empty[1:]):
        if lines[a].strip() == lines[b].strip() and keep[a]:
            keep[a] = keep[b] = False
            later = [i for i in non_empty if i > b]
            if later and len(lines[later[0]]) < 400:
                keep[later[0]] = False
    return [line for line, k in zip(lines, keep) if k]


def clean_text(text: str) -> str:
    """Remove page furniture from a scraped text, line by line."""
    lines = text.split("\n")
    out: list[str] = []
    skip_next_headline = False
    for line in lines:
        stripped = line.strip()
        if _TAIL_MARKERS.match(stripped):
            break
        if _LINK_MARKERS.match(stripped):
            skip_next_headline = True
            continue
        if skip_next_headline and stripped:
            skip_next_headline = False
            continue
        if _is_dropped_line(stripped):
            continue
        out.append(line)
    out = _strip_teasers(out)
    cleaned = "\n".join(out)
    return re.sub(r"\n{3,}", "\n\n", cleaned).strip()


def _split_heading(text: str) -> tuple[str, str, str]:
    """(title, author, body) of a scraped text whose first line is a headline.

    A first line counts as a headline when it is short, has no final full stop and
    is followed by an empty line; a following short line of capitalised words is the
    byline. Clean article texts that start with a sentence are left alone.
    """
    lines = text.split("\n")
    if len(lines) < 3:
        return "", "", text
    first = lines[0].strip()
    if not first or len(first) > 200 or first[-1] in ".!?…:" or lines[1].strip():
        return "", "", text
    rest = lines[2:]
    author = ""
    if rest and _AUTHOR_LINE.match(rest[0].strip()) and len(rest[0].split()) <= 5:
        author = rest[0].strip()
        rest = rest[1:]
    return first, author, "\n".join(rest).strip()


_TRAFILATURA_OPTIONS: dict[str, bool] = dict(
    include_comments=False, include_tables=False, favor_precision=True, with_metadata=True
)


@lru_cache(maxsize=1)
def _extractor_without_url() -> Any:
    """trafilatura's settings object for pages without a URL, built once: building it reads
    its configuration anew on every call (about 4% of the extraction time). trafilatura
    copies it before changing anything, so one instance serves every page."""
    from trafilatura.settings import Extractor

    return Extractor(output_format="python", comments=False, tables=False, precision=True, with_metadata=True)


def _extract_html(doc: Document) -> Extracted:
    import trafilatura  # imported here: the text path should not pay for it

    if doc.url:
        result = trafilatura.bare_extraction(doc.raw, url=doc.url, **_TRAFILATURA_OPTIONS)
    else:
        result = trafilatura.bare_extraction(doc.raw, options=_extractor_without_url())
    if result is None:
        return Extracted(text="")
    data = result.as_dict() if hasattr(result, "as_dict") else dict(result)
    return Extracted(
        text=data.get("text") or "",
        title=data.get("title") or "",
        author=data.get("author") or "",
        published=data.get("date") or None,
        site=data.get("sitename") or data.get("hostname") or "",
        url=data.get("url") or "",
    )


def extract(doc: Document) -> Document:
    if doc.is_html:
        found = _extract_html(doc)
        text = clean_text(found.text)
        doc.title = doc.title or found.title
        first, _, rest = text.partition("\n")
        if doc.title and first.strip() == doc.title.strip():
            text = rest.lstrip("\n")  # the headline repeated as the first line of the body
        doc.author = doc.author or found.author
        doc.published = doc.published or found.published
        doc.site = doc.site or found.site
        doc.url = doc.url or found.url
    else:
        text = clean_text(doc.raw)
        if not doc.title:
            title, author, text = _split_heading(text)
            doc.title = title
            doc.author = doc.author or author
    doc.text = text
    doc.stages.append("extract")
    return doc
