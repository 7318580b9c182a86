from __future__ import annotations

import pytest

from quanhe.errors import InputError
from quanhe.sources.feeds import discover

RSS = b"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Th\xe1\xba\xbf gi\xe1\xbb\x9bi</title><link>https://tin.example/</link>
<item><title>A</title><link>https://tin.example/a.html</link><pubDate>Mon, 04 May 2020 08:00:00 +0700</pubDate></item>
<item><title>B</title><link>/b.html</link></item>
<item><title>no link</title></item>
</channel></rss>"""
ATOM = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>T</title><id>urn:x</id><updated>2020-05-04T00:00:00Z</updated>
<entry><title>C</title><id>urn:c</id><link href="https://tin.example/c.html"/><updated>2020-05-03T10:00:00Z</updated></entry>
</feed>"""
SITEMAP = b"""<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
<url><loc>https://tin.example/d.html</loc><lastmod>2020-05-02</lastmod></url>
<url><loc>https://tin.example/e.html</loc><news:news><news:publication_date>2020-05-01T09:00:00+07:00</news:publication_date></news:news></url>
</urlset>"""
INDEX = b"""<?xml version="1.0" encoding="UTF-8"?>
<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<sitemap><loc>https://tin.example/sitemap-1.xml</loc></sitemap><sitemap><loc>https://tin.example/sitemap-2.xml</loc></sitemap>
</sitemapindex>"""


def test_rss_links_and_dates():
    found = discover(RSS, "feed.rss", "https://tin.example/rss")
    assert found.kind == "rss"
    assert found.articles == ["https://tin.example/a.html", "https://tin.example/b.html"]
    assert found.dates == {"https://tin.example/a.html": "2020-05-04"}


def test_atom():
    found = discover(ATOM, "feed.atom")
    assert found.kind == "atom" and found.articles == ["https://tin.example/c.html"]
    assert found.dates["https://tin.example/c.html"] == "2020-05-03"


def test_sitemap_and_news_dates():
    found = discover(SITEMAP, "sitemap.xml")
    assert found.kind == "urlset" and found.articles == ["https://tin.example/d.html", "https://tin.example/e.html"]
    assert found.dates == {"https://tin.example/d.html": "2020-05-02", "https://tin.example/e.html": "2020-05-01"}


def test_sitemap_index_lists_sitemaps_not_articles():
    found = discover(INDEX, "index.xml")
    assert found.articles == [] and found.sitemaps == ["https://tin.example/sitemap-1.xml",
                                                       "https://tin.example/sitemap-2.xml"]


@pytest.mark.parametrize("data,reason", [(b"<html><body>x</body></html>", "not a feed or sitemap"),
                                         (b"<rss><channel>", "invalid XML"), (b"", "invalid XML")])
def test_not_a_listing_is_an_input_error(data, reason):
    with pytest.raises(InputError, match=reason):
        discover(data, "x.xml")


def test_external_entities_are_not_resolved(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("https://evil.example/leak", encoding="utf-8")
    data = (f'<?xml version="1.0"?><!DOCTYPE u [<!ENTITY x SYSTEM "file://{secret}">]>'
            '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>&x;</loc></url></urlset>').encode()
    found = discover(data, "x.xml")
    assert "https://evil.example/leak" not in found.articles
