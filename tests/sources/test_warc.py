from __future__ import annotations

from io import BytesIO
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from quanhe import api
from quanhe.document import Document
from quanhe.errors import InputError
from quanhe.sources.dispatch import iter_inputs
from quanhe.sources.warc import iter_warc, record_document_id

PAGE = """<!doctype html><html><head><meta charset="utf-8"><title>Pháp trục xuất nhà ngoại giao Iran</title>
{meta}</head><body><article><h1>Pháp trục xuất nhà ngoại giao Iran</h1>
<p>Pháp trục xuất hai nhà ngoại giao Iran hôm 3/5, Bộ Ngoại giao Pháp cho biết.</p>
<p>Iran phản đối quyết định này và triệu tập đại sứ Pháp tại Tehran.</p></article></body></html>"""
DATED = '<meta property="article:published_time" content="2020-05-04T08:00:00+07:00">'


def _response(writer: WARCWriter, uri: str, body: bytes, content_type: str = "text/html; charset=utf-8",
              status: str = "200 OK", date: str = "2020-05-10T12:00:00Z") -> None:
    http = StatusAndHeaders(status, [("Content-Type", content_type)], protocol="HTTP/1.1")
    record = writer.create_warc_record(uri, "response", payload=BytesIO(body), http_headers=http,
                                       warc_headers_dict={"WARC-Date": date})
    writer.write_record(record)


def write_warc(path: Path, gzip: bool) -> Path:
    with path.open("wb") as handle:
        writer = WARCWriter(handle, gzip=gzip)
        writer.write_record(writer.create_warcinfo_record(path.name, {"software": "quanhe tests"}))
        _response(writer, "https://vnexpress.example/a.html", PAGE.format(meta="").encode())
        _response(writer, "https://vnexpress.example/logo.png", b"\x89PNG....", content_type="image/png")
        _response(writer, "https://vnexpress.example/gone.html", b"<html>gone</html>", status="404 Not Found")
        _response(writer, "https://vnexpress.example/bad.html", b"\xff\xfe\x00\x00\xff" * 40)
        _response(writer, "https://vnexpress.example/b.html", PAGE.format(meta=DATED).encode())
        request = writer.create_warc_record("https://vnexpress.example/a.html", "request",
                                            payload=BytesIO(b"GET /a.html HTTP/1.1\r\n\r\n"))
        writer.write_record(request)
    return path


@pytest.mark.parametrize("name,gzip", [("crawl.warc", False), ("crawl.warc.gz", True)])
def test_one_document_per_html_response(tmp_path, name, gzip):
    items = list(iter_warc(write_warc(tmp_path / name, gzip)))
    docs = [i for i in items if isinstance(i, Document)]
    errors = [i for i in items if isinstance(i, InputError)]
    assert [d.url for d in docs] == ["https://vnexpress.example/a.html", "https://vnexpress.example/b.html"]
    assert all(d.is_html and d.id.startswith("warc-") for d in docs)
    assert docs[0].published == "2020-05-10"  # the crawl date: the page has none
    assert docs[1].published is None  # the page states its own date; the extract stage reads it
    [bad] = errors  # the undecodable page, named by archive and offset; the archive went on
    assert bad.path.startswith(f"{tmp_path / name}@") and "binary" in bad.reason


def test_ids_are_stable_across_reads(tmp_path):
    path = write_warc(tmp_path / "c.warc.gz", True)
    first = [d.id for d in iter_warc(path) if isinstance(d, Document)]
    assert first == [d.id for d in iter_warc(path) if isinstance(d, Document)]
    assert record_document_id("<urn:uuid:1>") != record_document_id("<urn:uuid:2>")


def test_published_option_is_used_before_the_crawl_date(tmp_path):
    docs = [d for d in iter_warc(write_warc(tmp_path / "c.warc", False), published="2020-05-03")
            if isinstance(d, Document)]
    assert [d.published for d in docs] == ["2020-05-03", None]


def test_corrupt_archive_keeps_what_came_before(tmp_path):
    path = write_warc(tmp_path / "c.warc.gz", True)
    data = path.read_bytes()
    path.write_bytes(data[:1400] + b"garbage" * 50 + data[1400:])
    items = list(iter_warc(path))
    assert isinstance(items[0], Document)
    last = items[-1]
    assert isinstance(last, InputError) and last.path.startswith(f"{path}@") and "unreadable WARC" in last.reason


def test_not_a_warc_is_one_error(tmp_path):
    path = tmp_path / "x.warc"
    path.write_bytes(b"hello, world\n")
    items = list(iter_inputs([str(path)]))
    assert items and all(isinstance(i, InputError) for i in items)
    assert list(iter_inputs([str(tmp_path / "missing.warc.gz")]))[0].reason == "no such file or directory"


def test_run_stores_events_from_an_archive(tmp_path):
    path = write_warc(tmp_path / "c.warc.gz", True)
    summary = api.run([str(path)], db=tmp_path / "q.duckdb")
    assert summary.documents_stored == 2 and len(summary.errors) == 1
    events = api.query_events(tmp_path / "q.duckdb")
    assert {e["doc_id"] for e in events} <= {record_document_id(x) for x in _record_ids(path)}
    assert any("FRA" in [a["id"].split(":")[0] for a in e["source"] + e["target"]] for e in events)
    again = api.run([str(path)], db=tmp_path / "q.duckdb")
    assert again.documents_skipped == 2 and again.documents_stored == 0


def test_directory_with_archives(tmp_path):
    write_warc(tmp_path / "c.warc.gz", True)
    (tmp_path / "note.txt").write_text("Nga và Mỹ hội đàm tại Geneva.", encoding="utf-8")
    docs = [i for i in iter_inputs([str(tmp_path)]) if isinstance(i, Document)]
    assert [d.id for d in docs][0] == "note" and len(docs) == 3


def _record_ids(path: Path) -> list[str]:
    from warcio.archiveiterator import ArchiveIterator

    with path.open("rb") as handle:
        return [r.rec_headers.get_header("WARC-Record-ID") for r in ArchiveIterator(handle)]
