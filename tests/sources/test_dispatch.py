"""iter_inputs: any mix of files, archives, URLs, feeds and sitemaps (local server only)."""
from __future__ import annotations

import subprocess
import sys

from quanhe import api
from quanhe.document import Document
from quanhe.errors import InputError
from quanhe.sources.dispatch import iter_inputs
from quanhe.sources.http import Politeness, url_document_id

FAST = Politeness(delay=0.0, retries=0, timeout=5)
BODY = "Pháp trục xuất hai nhà ngoại giao Iran hôm 3/5. Nga chỉ trích NATO về cuộc tập trận ở Ba Lan."


def article(site, path: str, title: str = "Tin thế giới") -> str:
    return site.article(path, BODY, title)


def test_mix_of_files_urls_and_feeds_in_order(site, tmp_path):
    txt = tmp_path / "bai.txt"
    txt.write_text("Nga và Mỹ hội đàm tại Geneva.", encoding="utf-8")
    a, b, c = (article(site, f"/{x}.html") for x in "abc")
    feed = tmp_path / "feed.rss"
    feed.write_text(f"<rss version='2.0'><channel><title>t</title><item><link>{a}</link>"
                    "<pubDate>Mon, 04 May 2020 08:00:00 GMT</pubDate></item></channel></rss>", encoding="utf-8")
    sitemap = site.page("/sitemap.xml", "<urlset xmlns='http://www.sitemaps.org/schemas/sitemap/0.9'>"
                        f"<url><loc>{b}</loc></url><url><loc>{site.base}/missing.html</loc></url></urlset>",
                        content_type="application/xml")
    items = list(iter_inputs([str(txt), str(feed), sitemap, c], published="2020-05-05", politeness=FAST))
    docs = [i for i in items if isinstance(i, Document)]
    assert [d.id for d in docs] == ["bai", url_document_id(a), url_document_id(b), url_document_id(c)]
    assert [d.published for d in docs] == ["2020-05-05", "2020-05-04", "2020-05-05", "2020-05-05"]
    assert all(d.is_html and d.url.startswith(site.base) for d in docs[1:])
    [missing] = [i for i in items if isinstance(i, InputError)]
    assert missing.path.endswith("/missing.html") and "404" in missing.reason


def test_sitemap_index_is_followed(site):
    a = article(site, "/a.html")
    site.page("/s1.xml", f"<urlset xmlns='http://www.sitemaps.org/schemas/sitemap/0.9'><url><loc>{a}</loc></url></urlset>",
              content_type="text/xml")
    index = site.page("/index.xml", "<sitemapindex xmlns='http://www.sitemaps.org/schemas/sitemap/0.9'>"
                      f"<sitemap><loc>{site.base}/s1.xml</loc></sitemap></sitemapindex>", content_type="text/xml")
    docs = list(iter_inputs([index], politeness=FAST))
    assert [d.id for d in docs] == [url_document_id(a)]


def test_bad_inputs_are_errors_and_the_rest_goes_on(site, tmp_path):
    bad_feed = tmp_path / "broken.xml"
    bad_feed.write_text("<rss><channel>", encoding="utf-8")
    good = article(site, "/ok.html")
    items = list(iter_inputs([str(bad_feed), "http://127.0.0.1:9/nothing", str(tmp_path / "no.txt"), good],
                             politeness=FAST))
    assert [type(i).__name__ for i in items] == ["InputError", "InputError", "InputError", "Document"]
    assert "invalid XML" in items[0].reason and "cannot fetch" in items[1].reason


def test_file_behaviour_is_unchanged(tmp_path):
    (tmp_path / "x.csv").write_text("a,b", encoding="utf-8")
    [err] = iter_inputs([str(tmp_path / "x.csv")])
    assert isinstance(err, InputError) and "unsupported file type" in err.reason
    result = subprocess.run([sys.executable, "-c", "from quanhe.sources.dispatch import iter_inputs;"
                             "print([d.id for d in iter_inputs(['-'])])"],
                            input="Nga và Mỹ hội đàm.".encode(), capture_output=True, check=True)
    assert result.stdout.strip() == b"['stdin']"


def test_text_path_does_not_import_heavy_libraries(tmp_path):
    code = ("import sys, quanhe.api as a; list(a.process([sys.argv[1]]));"
            "print(sorted(m for m in ('warcio', 'httpx', 'dask', 'pyarrow', 'feedparser') if m in sys.modules))")
    txt = tmp_path / "a.txt"
    txt.write_text("Nga và Mỹ hội đàm tại Geneva.", encoding="utf-8")
    result = subprocess.run([sys.executable, "-c", code, str(txt)], capture_output=True, check=True, text=True)
    assert result.stdout.strip() == "[]"


def test_run_stores_a_fetched_page(site, tmp_path):
    url = article(site, "/tin.html", title="Pháp trục xuất nhà ngoại giao Iran")
    db = tmp_path / "q.duckdb"
    summary = api.run([url], db=db, published="2020-05-05")
    assert summary.ok and summary.documents_stored == 1
    events = api.query_events(db)
    assert events and {e["doc_id"] for e in events} == {url_document_id(url)}
