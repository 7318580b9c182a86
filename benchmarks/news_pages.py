"""News-site pages for the HTML benchmarks, generated around an article's text.

A real article page is mostly not the article: the head carries meta tags, style sheets,
inline scripts and JSON-LD; the body a menu of sections, a breadcrumb, share buttons, a
related-articles box inside the text, tags, readers' comments, lists of other headlines
("Tin cùng chuyên mục", "Đọc nhiều") and a long footer. `news_page` builds such a page
(80-130 KB, as Vietnamese news pages commonly are) so that extraction is measured on the
kind of page it meets, not on a bare <article>. Other articles' titles and first sentences
stand in for the lists of headlines, as on a real site. The layout, class names and
furniture texts are this project's own; nothing is copied from a site.

Deterministic: the same article, neighbours and seed give the same page.
"""
from __future__ import annotations

import json
import random
from datetime import date
from html import escape

SECTIONS = (
    "Thời sự", "Góc nhìn", "Thế giới", "Kinh doanh", "Bất động sản", "Khoa học", "Giải trí", "Thể thao",
    "Pháp luật", "Giáo dục", "Sức khỏe", "Đời sống", "Du lịch", "Số hóa", "Xe", "Ý kiến",
)
SUBSECTIONS = ("Tư liệu", "Phân tích", "Người Việt năm châu", "Cuộc sống đó đây", "Quân sự", "Hồ sơ",
               "Chuyện lạ", "Video", "Ảnh", "Infographics")
COMMENTS = (
    "Mong tình hình sớm ổn định để người dân yên tâm làm ăn.",
    "Cảm ơn tòa soạn đã cập nhật tin nhanh.",
    "Bài phân tích dễ hiểu, mong có thêm bài tiếp theo.",
    "Không biết rồi sự việc sẽ đi đến đâu.",
    "Theo tôi cần chờ thêm thông tin chính thức.",
    "Đọc xong thấy lo cho người dân ở đó.",
    "Hy vọng các bên sớm ngồi lại với nhau.",
)
NAMES = ("Minh Anh", "Quốc Huy", "Thu Trang", "Văn Long", "Hải Yến", "Đức Thắng", "Ngọc Lan", "Tuấn Kiệt")
WEEKDAYS = ("Thứ hai", "Thứ ba", "Thứ tư", "Thứ năm", "Thứ sáu", "Thứ bảy", "Chủ nhật")
STYLE_RULES = ("margin:0;padding:0", "font-family:Arial,sans-serif;font-size:16px", "color:#222;line-height:1.6",
               "display:flex;justify-content:space-between", "border-bottom:1px solid #e5e5e5",
               "background:#f7f7f7;padding:8px 12px", "width:100%;max-width:1130px;margin:0 auto")


def _style(rng: random.Random) -> str:
    rules = [f".c{rng.randrange(10**6):06d}{{{rng.choice(STYLE_RULES)}}}" for _ in range(220)]
    return "<style>" + "".join(rules) + "</style>"


def _scripts(rng: random.Random, article_id: str) -> str:
    config = {"site": "bao-mau", "section": "the-gioi", "article": article_id,
              "ads": [{"slot": f"slot-{i}", "size": [300, 250], "refresh": 30} for i in range(12)],
              "experiments": {f"exp{i}": rng.random() < 0.5 for i in range(40)}}
    loader = ";".join(f"window.q{i}=window.q{i}||[];q{i}.push(['init',{rng.randrange(10**8)}])" for i in range(60))
    return (f"<script>window.__CONFIG__={json.dumps(config)};</script>"
            f"<script>{loader}</script>"
            '<script async src="/static/js/app.min.js"></script><script async src="/static/js/ads.js"></script>')


def _json_ld(article: dict, url: str, published: str) -> str:
    data = {"@context": "https://schema.org", "@type": "NewsArticle", "headline": article.get("title", ""),
            "datePublished": published, "mainEntityOfPage": url,
            "publisher": {"@type": "Organization", "name": "Báo Mẫu"}}
    crumbs = {"@context": "https://schema.org", "@type": "BreadcrumbList",
              "itemListElement": [{"@type": "ListItem", "position": 1, "name": "Thế giới", "item": "/the-gioi"}]}
    return "".join(f'<script type="application/ld+json">{json.dumps(d, ensure_ascii=False)}</script>'
                   for d in (data, crumbs))


def _menu() -> str:
    items = []
    for i, section in enumerate(SECTIONS):
        subs = "".join(f'<li><a href="/s{i}/{j}">{escape(s)}</a></li>' for j, s in enumerate(SUBSECTIONS))
        items.append(f'<li class="menu-item"><a href="/s{i}">{escape(section)}</a><ul class="sub">{subs}</ul></li>')
    return f'<nav class="main-nav"><ul>{"".join(items)}</ul></nav>'


def _lead(text: str) -> str:
    first = text.strip().split("\n", 1)[0]
    cut = first.find(". ")
    return first[: cut + 1] if 0 < cut < 300 else first[:300]


def _teasers(others: list[dict], heading: str, css: str) -> str:
    items = "".join(
        f'<article class="item-news"><a href="/bai-{escape(o["id"])}.html"><img src="/img/{i}.jpg" alt=""></a>'
        f'<h3 class="title-news"><a href="/bai-{escape(o["id"])}.html">{escape(o.get("title") or "")}</a></h3>'
        f'<p class="description">{escape(_lead(o["text"]))}</p></article>'
        for i, o in enumerate(others))
    return f'<section class="{css}"><h2 class="box-title">{heading}</h2>{items}</section>'


def _comments(rng: random.Random) -> str:
    rows = "".join(
        f'<div class="comment-item"><span class="user">{rng.choice(NAMES)}</span>'
        f'<p class="comment-content">{rng.choice(COMMENTS)}</p><span class="like">{rng.randrange(200)} thích</span></div>'
        for _ in range(8))
    return f'<section id="comments" class="box-comment"><h3>Ý kiến bạn đọc</h3>{rows}</section>'


def _footer() -> str:
    links = "".join(f'<li><a href="/s{i}">{escape(s)}</a></li>' for i, s in enumerate(SECTIONS * 3))
    return (f'<footer class="footer"><ul class="footer-links">{links}</ul>'
            "<p>Báo Mẫu, tờ báo điện tử của một dự án thử nghiệm. Giấy phép số 000/GP-BTTTT.</p>"
            "<p>Địa chỉ: số 1 phố Mẫu, Hà Nội. Điện thoại: 024 0000 0000. Liên hệ quảng cáo.</p>"
            "<p>© Bản quyền thuộc về Báo Mẫu. Không sao chép khi chưa được phép.</p></footer>")


def _stamp(published: str) -> str:
    """The time stamp above an article, as Vietnamese sites print it: "Thứ hai, 2/1/2006, 08:00 (GMT+7)"."""
    day = date.fromisoformat(published[:10])
    return f"{WEEKDAYS[day.weekday()]}, {day.day}/{day.month}/{day.year}, 08:00 (GMT+7)"


def news_page(article: dict, others: list[dict], seed: int = 0) -> str:
    """A news-site page around `article` (id, title, text; published optional) with `others`
    (about 25 other articles) as the headlines of its lists."""
    rng = random.Random(f"{article['id']}-{seed}")
    title = escape(article.get("title") or "")
    published = article.get("published") or "2006-01-01"
    url = f"https://bao-mau.example/the-gioi/bai-{article['id']}.html"
    paragraphs = [p for p in article["text"].split("\n") if p.strip()]
    related = "".join(f'<li><a href="/bai-{escape(o["id"])}.html">{escape(o.get("title") or "")}</a></li>'
                      for o in others[:3])
    body: list[str] = []
    for i, paragraph in enumerate(paragraphs):
        body.append(f'<p class="Normal">{escape(paragraph)}</p>')
        if i == 1:
            body.append(f'<figure class="tplCaption"><img src="/img/a{i}.jpg" alt="{title}">'
                        f"<figcaption>Ảnh minh họa. Ảnh: Báo Mẫu</figcaption></figure>")
        if i == len(paragraphs) // 2:
            body.append(f'<div class="box-related"><strong>Tin liên quan</strong><ul>{related}</ul></div>')
    share = ('<div class="social"><a class="fb" href="#">Chia sẻ</a><a class="tw" href="#">Tweet</a>'
             '<a class="mail" href="#">Gửi bài</a><a class="print" href="#">In bài</a></div>')
    tags = "".join(f'<a class="tag" href="/tag/{i}">{escape(s)}</a>' for i, s in enumerate(rng.sample(SECTIONS, 4)))
    side = _teasers(others[3:13], "Đọc nhiều", "sidebar most-read")
    more = _teasers(others[13:25], "Tin cùng chuyên mục", "list-news")
    head = (f'<head><meta charset="utf-8"><title>{title} - Báo Mẫu</title>'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">'
            f'<meta name="description" content="{escape(_lead(article["text"]))}">'
            f'<meta property="og:title" content="{title}"><meta property="og:url" content="{url}">'
            f'<meta property="og:site_name" content="Báo Mẫu"><meta property="article:published_time" '
            f'content="{published}T08:00:00+07:00"><link rel="canonical" href="{url}">'
            f'<link rel="stylesheet" href="/static/css/main.css">{_style(rng)}{_scripts(rng, article["id"])}'
            f"{_json_ld(article, url, published)}</head>")
    return (f'<!doctype html><html lang="vi">{head}<body>'
            f'<div class="top-bar"><span>{_stamp(published)[:-16]}</span><a href="/login">Đăng nhập</a></div>'
            f'<header class="header"><a class="logo" href="/">Báo Mẫu</a>{_menu()}</header>'
            f'<div class="container"><ul class="breadcrumb"><li><a href="/">Trang chủ</a></li>'
            f'<li><a href="/the-gioi">Thế giới</a></li></ul>'
            f'<main class="main"><article class="fck_detail"><h1 class="title-detail">{title}</h1>'
            f'<span class="date">{_stamp(published)}</span>{share}{"".join(body)}'
            f'<p class="author"><strong>Báo Mẫu</strong></p></article>'
            f'<div class="tags">{tags}</div>{_comments(rng)}{more}</main>'
            f'<aside class="sidebar">{side}<div class="ads" id="slot-1"></div></aside></div>'
            f"{_footer()}</body></html>")
