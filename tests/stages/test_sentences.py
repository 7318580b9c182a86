from hypothesis import given, settings, strategies as st

from quanhe.stages.sentences import MAX_SENTENCE_CHARS, split_sentences


def test_splits_on_full_stops_and_lines():
    text = "Nga phản đối. Mỹ hoan nghênh! Liệu EU có đồng ý?\nDòng mới"
    assert [s.text for s in split_sentences(text)] == [
        "Nga phản đối.", "Mỹ hoan nghênh!", "Liệu EU có đồng ý?", "Dòng mới"]


def test_numbers_and_abbreviations_do_not_split():
    text = "Khoảng 5.900 người tại TP. Hồ Chí Minh tham gia. Sau đó họ về."
    assert [s.text for s in split_sentences(text)] == [
        "Khoảng 5.900 người tại TP. Hồ Chí Minh tham gia.", "Sau đó họ về."]


def test_offsets_point_into_the_text():
    text = "  Một câu.  Hai câu.\n\nBa câu."
    for s in split_sentences(text):
        assert text[s.start:s.end] == s.text


def test_long_lines_are_cut():
    text = "chữ " * 5000
    assert all(len(s.text) <= MAX_SENTENCE_CHARS for s in split_sentences(text))


@settings(max_examples=200)
@given(st.text(max_size=3000))
def test_any_text(text):
    for s in split_sentences(text):
        assert text[s.start:s.end] == s.text and s.text.strip()
