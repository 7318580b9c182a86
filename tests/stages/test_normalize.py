import unicodedata

from hypothesis import given, strategies as st

from quanhe.stages.normalize import normalize_text


def test_both_tone_conventions_meet():
    assert normalize_text("hoà bình") == normalize_text("hòa bình") == "hòa bình"
    assert normalize_text("thoả thuận") == "thỏa thuận"
    assert normalize_text("thuỷ quân") == "thủy quân"
    assert normalize_text("Hoà") == "Hòa"


def test_rhymes_with_final_consonant_or_qu_are_left_alone():
    for word in ("hoàn toàn", "quý", "quý vị", "thuyền", "khoảng", "hoặc", "của", "quá"):
        assert normalize_text(word) == word


def test_nfc_and_spaces():
    decomposed = unicodedata.normalize("NFD", "Việt Nam")
    assert normalize_text(decomposed) == "Việt Nam"
    assert normalize_text("Nga\u00a0và\u200bNATO") == "Nga vàNATO"
    assert normalize_text("a\r\nb") == "a\nb"


@given(st.text())
def test_never_fails_and_is_idempotent(text):
    once = normalize_text(text)
    assert normalize_text(once) == once
