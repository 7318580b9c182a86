"""Arbitrary input must never raise or hang in any per-document stage."""
from hypothesis import HealthCheck, given, settings, strategies as st

from quanhe.api import process_text

VIETNAMESE = st.text(alphabet=st.sampled_from(list("aăâbcdđeêghiklmnoôơpqrstuưvxyàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ ,.;:!?\"“”()-/0123456789\n")), max_size=400)
WORDS = st.lists(st.sampled_from(["Nga", "NATO", "Mỹ", "trục xuất", "không", "nếu", "bị", "được", "và", ",", "việc",
                                  "cảnh báo", "hội đàm", "với", "nước này", "liên minh này", "hai bên", "hôm 6/10",
                                  "Điện Kremlin", "Đức", "Anh", "tấn công", "“", "”", ":", "."]), max_size=60)
FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(text=st.text(max_size=2000))
def test_any_unicode(text, pipeline):
    process_text(text or " ", pipeline=pipeline)


@FAST
@given(text=VIETNAMESE)
def test_vietnamese_like_text(text, pipeline):
    process_text(text or " ", pipeline=pipeline)


@FAST
@given(words=WORDS)
def test_actor_and_trigger_soup(words, pipeline):
    doc = process_text(" ".join(words) or " ", published="2021-10-20", pipeline=pipeline)
    for e in doc.candidates:
        assert e.source or e.type == "ASSAULT"
        assert doc.text[e.start:e.end] == e.sentence


@FAST
@given(text=st.text(max_size=1500))
def test_html_fragments(text, pipeline):
    process_text(f"<html><body><div><p>{text}</p><script>x</script></div></body></html>", html=True, pipeline=pipeline)


def test_huge_line(pipeline):
    process_text("Nga trục xuất nhà ngoại giao NATO, " * 20000, pipeline=pipeline)
