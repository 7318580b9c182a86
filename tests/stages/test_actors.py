from quanhe.document import Document
from quanhe.stages.actors import recognise
from quanhe.stages.normalize import normalize_text


def mentions(dicts, text, published=None):
    doc = Document(id="t", text=normalize_text(text), published=published)
    return [(m.text, m.code, m.resolution) for m in recognise(doc, dicts)]


def ids(dicts, text, published=None):
    return [code for _, code, _ in mentions(dicts, text, published)]


def test_states_organisations_and_variants(dicts):
    assert ids(dicts, "Mỹ, Hoa Kỳ, Liên bang Nga và Ucraine") == ["USA", "USA", "RUS", "UKR"]
    assert ids(dicts, "Tổ chức Hiệp ước Bắc Đại Tây Dương (NATO) và Liên minh châu Âu") == ["NATO", "NATO", "EU"]


def test_sector_and_role_words_attach_to_the_state(dicts):
    found = mentions(dicts, "Bộ Ngoại giao Nga cho biết quân đội Israel đã rút.")
    codes = [c for _, c, _ in found]
    assert codes[0].startswith("RUS:") and codes[1] == "ISR:MIL"


def test_metonyms(dicts):
    assert ids(dicts, "Điện Kremlin và Nhà Trắng") [0].startswith("RUS")
    assert ids(dicts, "Bình Nhưỡng phản đối Washington")[0] == "PRK"


def test_coreference_to_the_last_state_and_alliance(dicts):
    found = ids(dicts, "Nga phản đối NATO. Ngoại trưởng nước này nói liên minh quân sự này sai.")
    assert found[2].startswith("RUS") and found[3].startswith("NATO")


def test_ambiguous_names_do_not_fire_inside_personal_names(dicts):
    assert ids(dicts, "Ông Nguyễn Minh Đức nói chuyện với anh Tuấn Anh.") == []
    assert ids(dicts, "Thủ tướng Đức và Ngoại trưởng Anh gặp nhau.")[:2] in (["DEU:GOV", "GBR:GOV"], ["DEU", "GBR"])


def test_people_resolve_through_dated_roles(dicts):
    assert ids(dicts, "Ông Putin phát biểu", published="2021-10-01")[0].startswith("RUS")
