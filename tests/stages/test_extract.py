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


def test_cached_trafilatura_settings_extract_like_fresh_ones():
    """Pages without a URL reuse one trafilatura settings object; it must give what the
    keyword arguments give, page after page."""
    import trafilatura

    from quanhe.stages.extract import _TRAFILATURA_OPTIONS, _extract_html

    pages = [f"""<html><head><title>Tin {i}</title></head><body><nav>Trang chủ</nav><article>
        <p>Nga và Trung Quốc hôm {i}/5 ký thỏa thuận hợp tác năng lượng trị giá {i} tỷ USD tại Moskva.</p>
        <p>Hai bên cũng thảo luận về an ninh khu vực và thương mại song phương trong năm {2000 + i}.</p>
        </article><footer>Liên hệ</footer></body></html>""" for i in (1, 2, 3)]
    for page in pages + pages:
        fresh = trafilatura.bare_extraction(page, **_TRAFILATURA_OPTIONS).as_dict()
        found = _extract_html(Document(id="p", raw=page, is_html=True))
        assert found.text == fresh["text"] and found.text
        assert (found.title, found.published) == (fresh["title"], fresh["date"])
