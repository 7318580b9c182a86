import pytest

from quanhe.document import Document
from quanhe.stages.extract import clean_text, extract

SCRAPED = """Hàn Quốc và Nhật Bản nối lại đối thoại

Lan Chi
Hàn Quốc và Nhật Bản hôm qua nối lại đối thoại an ninh sau nhiều năm gián đoạn.
Theo dõi Báo Ví Dụ trên
Ảnh minh họa hai ngoại trưởng bắt tay. (Nguồn: ví dụ)

Hai bên nhất trí họp định kỳ.

Tin liên quan
Triều Tiên phóng tên lửa ra biển

Nội dung chính tiếp tục ở đây.

Mỹ trừng phạt công ty Iran

Mỹ trừng phạt công ty Iran

Ngày 3/4, Bộ Tài chính Mỹ công bố ...

(theo Vidu.com)

Đọc thêm

Israel tấn công Gaza
Phiên bản di động"""


def test_boilerplate_is_dropped_and_content_kept():
    doc = extract(Document(id="x", raw=SCRAPED))
    assert doc.title == "Hàn Quốc và Nhật Bản nối lại đối thoại"
    assert doc.author == "Lan Chi"
    assert "nối lại đối thoại an ninh" in doc.text
    assert "Hai bên nhất trí họp định kỳ." in doc.text
    assert "Nội dung chính tiếp tục ở đây." in doc.text
    for gone in ("Theo dõi", "Nguồn:", "Tin liên quan", "Triều Tiên phóng", "Mỹ trừng phạt",
                 "Bộ Tài chính", "Vidu.com", "Đọc thêm", "Israel tấn công", "Phiên bản di động"):
        assert gone not in doc.text, gone


def test_clean_text_starting_with_a_sentence_has_no_title():
    doc = extract(Document(id="x", raw="Nga phản đối quyết định này.\nMỹ im lặng."))
    assert doc.title == ""
    assert doc.text.startswith("Nga phản đối")


def test_html_main_text_and_metadata():
    html = """<html><head><title>Tin A</title><meta name="author" content="An Bình">
    <meta property="article:published_time" content="2020-05-04T10:00:00+07:00"></head>
    <body><nav>Trang chủ | Thế giới</nav><article><h1>Mỹ và Việt Nam ký thỏa thuận</h1>
    <p>Mỹ và Việt Nam hôm 3/5 đã ký thỏa thuận hợp tác về năng lượng sạch, theo đó hai bên sẽ cùng đầu tư vào các dự án điện gió.</p>
    <p>Đại sứ Mỹ cho biết đây là bước tiến quan trọng trong quan hệ song phương giữa hai nước.</p></article>
    <footer>Phiên bản di động</footer></body></html>"""
    doc = extract(Document(id="h", raw=html, is_html=True))
    assert "ký thỏa thuận hợp tác" in doc.text
    assert "Trang chủ" not in doc.text and "Phiên bản di động" not in doc.text
    assert doc.published == "2020-05-04"
    assert doc.author == "An Bình"


def test_clean_text_only_drops_lines():
    text = "Một.\nHai.\nBa."
    assert clean_text(text) == text


ARTICLE = "".join(f"<p>{s}</p>" for s in (
    "Nga và Trung Quốc hôm qua ký thỏa thuận hợp tác năng lượng trị giá 10 tỷ USD tại Moskva, theo hãng tin TASS.",
    "Hai bên cũng thảo luận về an ninh khu vực và thương mại song phương, trong đó có dự án đường ống khí đốt mới.",
    "Năm 2002, hai nước đã ký hiệp ước láng giềng hữu nghị, nền tảng của quan hệ đối tác chiến lược hiện nay.",
))
RELATED = ('<div class="box-tinlienquan"><h3>Tin liên quan</h3><ul><li><a href="/a.html">Mỹ trừng phạt ngân hàng Nga</a></li>'
           '<li><a href="/b.html">Iran thử tên lửa mới</a></li></ul></div>'
           '<div class="teaser"><a href="/d.html"><h3>Triều Tiên phóng tên lửa</h3></a>'
           '<p>Bình Nhưỡng hôm qua phóng tên lửa đạn đạo ra biển Nhật Bản, theo quân đội Hàn Quốc.</p></div>')


def _page(head: str = "", body: str = "", article: str = ARTICLE) -> str:
    return (f'<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>Nga và Trung Quốc ký thỏa thuận</title>{head}</head>'
            f'<body><nav><a href="/">Trang chủ</a> | <a href="/the-gioi">Thế giới</a></nav><article>'
            f"<h1>Nga và Trung Quốc ký thỏa thuận</h1>{body}{article}</article>{RELATED}"
            f"<footer>© 2002-2024 Báo mẫu. Liên hệ quảng cáo.</footer></body></html>")


PAGES = [
    _page(),
    _page('<meta name="author" content="Thanh Hà"><meta property="og:site_name" content="Báo mẫu">'),
    _page(article="<p>Nga triệu tập đại sứ Mỹ hôm qua.</p>"),  # short: trafilatura's full cascade runs
    _page(body='<figure><img src="a.jpg"><figcaption>Ảnh: TASS</figcaption></figure>'),
    "<html><body><div id='menu'><a href='/'>Trang chủ</a></div><div id='content'>"
    + ARTICLE.replace("<p>", "<div>").replace("</p>", "</div>") + "</div></body></html>",
]


def test_html_text_is_trafilaturas_full_extraction():
    """The main text, title, author and site are those of trafilatura's full extraction with
    metadata (its fallback comparison included), page after page, with and without a URL."""
    import trafilatura

    from quanhe.stages.extract import _TRAFILATURA_OPTIONS, _extract_html

    for url in ("", "https://baomau.vn/the-gioi/nga-trung-quoc.html"):
        for page in PAGES + PAGES:
            full = trafilatura.bare_extraction(page, url=url or None, with_metadata=True, **_TRAFILATURA_OPTIONS).as_dict()
            found = _extract_html(Document(id="p", raw=page, is_html=True, url=url))
            assert found.text == full["text"] and found.text
            assert "Tin liên quan" not in found.text and "Triều Tiên" not in found.text
            assert (found.title, found.author) == (full["title"] or "", full["author"] or "")
            assert found.site == (full["sitename"] or full["hostname"] or "")
            assert found.url == (full["url"] or "")


@pytest.mark.parametrize("head, body, url, expected", [
    ('<meta property="article:published_time" content="2020-05-04T10:00:00+07:00">', "", "", "2020-05-04"),
    ('<meta name="pubdate" content="2021-10-19T08:30:00+07:00">', "", "", "2021-10-19"),
    ('<meta itemprop="datePublished" content="2019-02-03">', "", "", "2019-02-03"),
    ('<script type="application/ld+json">{"@type": "NewsArticle", "datePublished": "2018-06-07T10:00:00+07:00"}</script>',
     "", "", "2018-06-07"),
    ("", '<time datetime="2017-08-09T09:00:00+07:00">9/8/2017</time>', "", "2017-08-09"),
    ("", "", "https://baomau.vn/2016/03/12/the-gioi/bai.html", "2016-03-12"),
    ('<link rel="canonical" href="https://baomau.vn/2015/01/02/bai.html">', "", "", "2015-01-02"),
    # no explicit date: none is guessed from the text, the footer's year, a dated <span> or a copyright year
    ("", "", "", None),
    ("", '<span class="date">Thứ ba, 12/03/2017, 10:20 (GMT+7)</span>', "", None),
    ('<meta itemprop="copyrightYear" content="2002">', "", "", None),
])
def test_publication_date_only_from_explicit_metadata(head, body, url, expected):
    doc = extract(Document(id="d", raw=_page(head, body), is_html=True, url=url))
    assert doc.published == expected
    assert "ký thỏa thuận hợp tác năng lượng" in doc.text


@pytest.mark.parametrize("stamp", ["Thứ hai, 2/1/2006, 08:00 (GMT+7)", "Chủ nhật, 12/3/2023 | 14:05",
                                   "2006-01-02", "2006-01-02T08:00:00", "thứ Sáu, 5/5/2006 08:30 GMT+7"])
def test_a_time_stamp_line_is_dropped(stamp):
    assert clean_text(f"Nga lên tiếng.\n{stamp}\nMỹ im lặng.") == "Nga lên tiếng.\nMỹ im lặng."


@pytest.mark.parametrize("line", ["Ngày 2/1/2006, Nga tuyên bố rút quân.", "2/1/2006 là ngày Nga rút quân."])
def test_a_sentence_starting_with_a_date_is_kept(line):
    assert clean_text(f"Nga lên tiếng.\n{line}") == f"Nga lên tiếng.\n{line}"
