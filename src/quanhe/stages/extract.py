"""Main text and metadata out of a page or a scraped text.

HTML is parsed once; trafilatura gives the main content, and its metadata helpers the
title, author and site; the publication date is taken only from what the page states
explicitly (see explicit_date). Plain text that was scraped from a page keeps the page's
furniture, so the same line-level boilerplate filter runs on both: "Theo dõi ... trên",
"Tin liên quan" links, repeated-headline teaser blocks, "Đọc thêm" reading lists,
photo-credit captions, source credits, "Phiên bản di động". The filter works on whole
lines and only ever drops lines.
"""
from __future__ import annotations

import logging
import re
from copy import copy
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from html import unescape
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
# Lines dropped wherever they stand. All but the credit are whole lines, tried as one pattern
# anchored at the line's start (one search per line instead of one per pattern).
_DROP_WHOLE_LINES = (
    r"\s*theo dõi\s+\S.{0,60}\btrên\s*$",
    r"\s*phiên bản di động\s*$",
    r"\s*(ảnh|nguồn|photo)\s*:\s*\S.{0,80}$",
    r"\s*\(?\s*theo\s+[\w.\-]+\.(com|net|org|vn|int|gov|co\.uk)\s*\)?\s*$",
    # a linked headline with its date, as news sites list related articles: "... Syria(02/01)"
    # (no letters: the same with or without IGNORECASE)
    r".{5,250}\(\d{1,2}/\d{1,2}(/\d{2,4})?\)\s*$",
    r"\s*(chia sẻ|bình luận|in bài|gửi bài|lưu bài|share|tweet|like)\s*$",
    # the page's own time stamp as a line of its own: "Thứ hai, 2/1/2006, 08:00 (GMT+7)", "2006-01-02 08:00"
    r"\s*((thứ\s+(hai|ba|tư|năm|sáu|bảy)|chủ\s+nhật)\s*,?\s*)?(\d{1,2}/\d{1,2}/\d{4}|\d{4}-\d{2}-\d{2})"
    r"([\s,|\-t]+\d{1,2}:\d{2}(:\d{2})?(\s*(am|pm|sa|ch))?)?\s*(\(?gmt\s*[+-]\s*\d{1,2}\)?)?\s*$",
)
_DROP_LINE = (
    re.compile("^(?:" + "|".join(_DROP_WHOLE_LINES) + ")", re.IGNORECASE),
    re.compile(r"\((nguồn|ảnh|photo|source)\s*:[^)]{1,120}\)\s*$", re.IGNORECASE),  # a credit at the end
)
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


# trafilatura's extraction settings for news pages: main text without comments or tables,
# favouring precision. quanhe reads the metadata itself (see _page_metadata), so trafilatura
# is asked for the text only.
_TRAFILATURA_OPTIONS: dict[str, bool] = dict(include_comments=False, include_tables=False, favor_precision=True)

@lru_cache(maxsize=2)
def _extractor(fast: bool) -> Any:
    """trafilatura's settings object, built once (building it reads its configuration anew,
    about 4% of the extraction time). trafilatura copies it before changing anything, so
    one instance serves every page; a page's URL goes on a shallow copy.

    fast=True skips trafilatura's comparison with readability and jusText, which re-extracts
    every page twice more to second-guess the main extractor."""
    from trafilatura.settings import Extractor

    return Extractor(output_format="python", fast=fast, comments=False, tables=False, precision=True)


def _options(fast: bool, url: str) -> Any:
    options = _extractor(fast)
    if url:
        options = copy(options)
        options.url = options.source = url
    return options


@lru_cache(maxsize=2)
def _date_options(day: date) -> Any:
    """htmldate's options: publication (not modification) dates up to the end of today,
    no extensive search (which would call the slow external date parser)."""
    from htmldate.utils import Extractor
    from htmldate.validators import get_max_date, get_min_date

    return Extractor(False, get_max_date(None), get_min_date(None), True, "%Y-%m-%d")


def explicit_date(tree: Any, url: str | None) -> str | None:
    """The publication date a page states explicitly, as YYYY-MM-DD, or None.

    Only machine-readable statements count, in this order: a full date in the URL, a
    publication-date meta tag (name, property or itemprop), JSON-LD datePublished, <time>
    elements. Unlike htmldate's find_date this never guesses from the page text, the title
    or a copyright year: quanhe resolves relative dates ("hôm qua") against this date, so a
    wrong guess would silently move every one of them.
    """
    from htmldate.core import DATE_ATTRIBUTES, ITEMPROP_ATTRS_ORIGINAL, examine_time_elements
    from htmldate.extractors import extract_url_date, json_search, try_date_expr_opts

    options = _date_options(date.today())
    found = extract_url_date(url, options) if url else None
    if found:
        return found
    for meta in tree.iterfind(".//meta"):
        if "itemprop" in meta.attrib:
            if meta.get("itemprop", "").lower() in ITEMPROP_ATTRS_ORIGINAL:
                found = try_date_expr_opts(meta.get("datetime") or meta.get("content"), options)
        elif meta.get("pubdate", "").lower() == "pubdate":
            found = try_date_expr_opts(meta.get("content"), options)
        else:
            kind = (meta.get("name") or meta.get("property") or "").lower()
            if kind in DATE_ATTRIBUTES:
                found = try_date_expr_opts(meta.get("content"), options)
        if found:
            return found
    return json_search(tree, options) or examine_time_elements(tree, options)


def _page_metadata(tree: Any, url: str) -> dict[str, str | None]:
    """Title, author, site and URL as trafilatura's extract_metadata finds them (same helpers,
    same order and clean-up), and the explicit publication date instead of htmldate's guess."""
    from trafilatura.metadata import (META_URL, examine_meta, extract_author, extract_domain,
                                      extract_meta_json, extract_sitename, extract_title, extract_url)
    from trafilatura.utils import line_processing

    meta = examine_meta(tree)
    if meta.author and " " not in meta.author:
        meta.author = None
    try:
        meta = extract_meta_json(tree, meta)
    except Exception as err:  # trafilatura guards its JSON-LD reader the same way
        log.debug("JSON-LD metadata not read: %s", err)
    title = meta.title or extract_title(tree)
    author = meta.author or extract_author(tree)
    page_url = meta.url or extract_url(tree, url or None)
    hostname = extract_domain(page_url, fast=True) if page_url else None
    site = meta.sitename or extract_sitename(tree)
    if site:
        site = site.lstrip("@")
        if site and "." not in site and not site[0].isupper():
            site = site.title()
    elif page_url and (match := META_URL.match(page_url)):
        site = match[1]
    fields = {"title": title, "author": author, "site": site or hostname, "url": page_url}
    clean = {k: line_processing(unescape(v[:9999] + "…" if len(v) > 10000 else v)) if v else None
             for k, v in fields.items()}
    clean["published"] = explicit_date(tree, page_url)
    return clean


def _main_text(tree: Any, url: str) -> str:
    """trafilatura's main text of the page.

    First without trafilatura's fallback comparison (fast mode). That result is kept when
    it is at least trafilatura's MIN_EXTRACTED_SIZE long and has no page furniture left
    (SANITIZED_XPATH): below that, or with furniture, trafilatura's own comparison would
    bring in jusText, and fast mode also keeps teaser blocks when it recovers text from a
    short page, so the full cascade runs instead. What is skipped on the kept pages is the
    readability comparison, which replaces the main extractor's text only when readability
    finds more than twice as much, or when the extractor's text has no paragraphs or is
    mostly tables."""
    from trafilatura import bare_extraction
    from trafilatura.external import SANITIZED_XPATH

    options = _options(True, url)
    result = bare_extraction(tree, options=options)  # works on a copy of the tree
    if result is not None and len(result.text or "") >= options.min_extracted_size and not (
        result.body is not None and result.body.xpath(SANITIZED_XPATH)
    ):
        return result.text
    result = bare_extraction(tree, options=_options(False, url))
    return (result.text or "") if result is not None else ""


def _extract_html(doc: Document) -> Extracted:
    from trafilatura.settings import DEFAULT_CONFIG
    from trafilatura.utils import load_html

    # parsed once, as trafilatura parses it (with its file-size limit); trafilatura works on a copy
    tree = load_html(doc.raw, DEFAULT_CONFIG.getint("DEFAULT", "MAX_FILE_SIZE"))
    if tree is None:
        return Extracted(text="")
    meta = _page_metadata(tree, doc.url)
    return Extracted(text=_main_text(tree, doc.url), title=meta["title"] or "", author=meta["author"] or "",
                     published=meta["published"], site=meta["site"] or "", url=meta["url"] or "")


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
