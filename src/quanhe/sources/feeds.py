"""Article URLs from RSS/Atom feeds (feedparser) and XML sitemaps (lxml).

A sitemap index lists further sitemaps; those are returned separately so that the
caller decides whether (and how politely) to fetch them.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass, field
from urllib.parse import urljoin

from quanhe.errors import InputError

log = logging.getLogger(__name__)

FEED_SUFFIXES = (".xml", ".rss", ".atom")
_SITEMAP_NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


@dataclass(slots=True)
class Discovered:
    """What one feed or sitemap points to."""

    kind: str  # rss, atom, sitemap, sitemapindex
    articles: list[str] = field(default_factory=list)
    sitemaps: list[str] = field(default_factory=list)  # from a sitemap index
    dates: dict[str, str] = field(default_factory=dict)  # url -> YYYY-MM-DD when the listing says


def is_feed_path(spec: str) -> bool:
    return spec.lower().endswith(FEED_SUFFIXES)


def discover(data: bytes, origin: str, base_url: str = "") -> Discovered:
    """Parse a feed or a sitemap (sniffed from the root element); InputError when it is neither."""
    from lxml import etree

    root = _parse_xml(data, origin)
    name = etree.QName(root).localname.lower()
    if name in ("urlset", "sitemapindex"):
        return _sitemap(root, base_url)
    if name in ("rss", "feed", "rdf"):
        return _feed(data, origin, base_url)
    raise InputError(origin, f"not a feed or sitemap (root element <{name}>)")


def _parse_xml(data: bytes, origin: str) -> object:
    from lxml import etree

    try:
        parser = etree.XMLParser(resolve_entities=False, no_network=True, recover=False, huge_tree=False)
        root = etree.fromstring(data.lstrip(), parser=parser)
    except etree.XMLSyntaxError as exc:
        raise InputError(origin, f"invalid XML ({exc})") from None
    return root


def _sitemap(root: object, base_url: str) -> Discovered:
    from lxml import etree

    kind = etree.QName(root).localname.lower()
    out = Discovered(kind=kind)
    entry_tag = "sitemap" if kind == "sitemapindex" else "url"
    for entry in root:  # type: ignore[attr-defined]
        if not isinstance(entry.tag, str) or etree.QName(entry).localname != entry_tag:
            continue
        loc = _child_text(entry, "loc")
        if not loc:
            continue
        url = urljoin(base_url, loc.strip())
        if kind == "sitemapindex":
            out.sitemaps.append(url)
        else:
            out.articles.append(url)
            date = _child_text(entry, "lastmod") or _news_date(entry)
            if date and len(date) >= 10:
                out.dates[url] = date[:10]
    return out


def _child_text(element: object, name: str) -> str:
    for child in element:  # type: ignore[attr-defined]
        if isinstance(child.tag, str) and child.tag.split("}")[-1] == name:
            return (child.text or "").strip()
    return ""


def _news_date(entry: object) -> str:
    """<news:news><news:publication_date> of Google News sitemaps."""
    for child in entry.iter():  # type: ignore[attr-defined]
        if isinstance(child.tag, str) and child.tag.endswith("publication_date"):
            return (child.text or "").strip()
    return ""


def _feed(data: bytes, origin: str, base_url: str) -> Discovered:
    import feedparser

    parsed = feedparser.parse(data, response_headers={"content-location": base_url} if base_url else None)
    if parsed.bozo and not parsed.entries:
        raise InputError(origin, f"unreadable feed ({parsed.get('bozo_exception')})")
    version = parsed.get("version") or ""
    out = Discovered(kind="atom" if version.startswith("atom") else "rss")
    for entry in parsed.entries:
        link = entry.get("link") or ""
        if not link:
            continue
        url = urljoin(base_url, link)
        out.articles.append(url)
        stamp = entry.get("published_parsed") or entry.get("updated_parsed")
        if stamp:
            out.dates[url] = f"{stamp.tm_year:04d}-{stamp.tm_mon:02d}-{stamp.tm_mday:02d}"
    return out
