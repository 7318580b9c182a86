from datetime import date

from quanhe.stages.dates import find_dates


def edtf(text, published=None, narrative=None):
    return [m.edtf for m in find_dates(text, date.fromisoformat(published) if published else None, narrative)]


def test_day_month_without_publication_date_keeps_year_unknown():
    assert edtf("Nga trục xuất hai nhà ngoại giao hôm 6/10.") == ["XXXX-10-06"]
    assert edtf("vào ngày 18/10, Nga tuyên bố") == ["XXXX-10-18"]
    assert edtf("từ ngày 1/11 văn phòng đóng cửa") == ["XXXX-11-01"]


def test_resolved_against_publication_date():
    assert edtf("hôm 6/10", "2021-10-20") == ["2021-10-06"]
    assert edtf("từ ngày 1/11", "2021-10-20") == ["2021-11-01"]
    # more than two months after publication: last year
    assert edtf("ngày 20/12", "2021-02-01") == ["2020-12-20"]
    assert edtf("hôm qua", "2021-10-20") == ["2021-10-19"]
    assert edtf("cuối tháng này", "2021-10-20") == ["2021-10"]
    assert edtf("năm ngoái", "2021-10-20") == ["2020"]
    assert edtf("tuần trước", "2021-10-20") == ["2021-10-11/2021-10-17"]


def test_unknowable_relative_dates_are_none():
    assert edtf("hôm qua") == [None]
    assert edtf("năm ngoái") == [None]


def test_this_month_takes_the_narrative_month():
    assert edtf("ngày 18/10 và trước cuối tháng này") == ["XXXX-10-18", "XXXX-10"]


def test_years_and_full_dates():
    assert edtf("hồi năm 2001") == ["2001"]
    assert edtf("ngày 16/6/2021") == ["2021-06-16"]
    assert edtf("ngày 5 tháng 3 năm 2003") == ["2003-03-05"]
    assert edtf("tháng 10/2005") == ["2005-10"]


def test_impossible_dates_are_rejected():
    assert edtf("ngày 31/2") == []
    assert edtf("tỷ số 6/10") == []


def test_day_in_brackets_after_a_day_word():
    assert edtf("hai vụ nổ xảy ra hôm nay (24/4) ở thủ đô") == ["XXXX-04-24"]
    assert edtf("Hôm thứ ba (6/4), phóng viên bị bắt", "2004-04-09") == ["2004-04-06"]
    assert edtf("tỷ số chung cuộc (2/1) không đổi") == []


def test_month_of_a_relative_year():
    assert edtf("Hồi tháng 4 năm ngoái, công nhân biểu tình") == ["XXXX-04"]
    assert edtf("Hồi tháng 4 năm ngoái, công nhân biểu tình", "2006-03-22") == ["2005-04"]


def test_year_named_in_the_title_dates_months_of_an_undated_article():
    from quanhe.stages.dates import find_dates as fd
    assert [m.edtf for m in fd("hồi tháng 2, căng thẳng bùng lên", None, None, 2005)] == ["2005-02"]
    assert [m.edtf for m in fd("Tháng 11 năm nay, chính phủ áp dụng luật", None, None, 2005)] == ["2005-11"]
    assert [m.edtf for m in fd("Nga trục xuất hai nhà ngoại giao hôm 6/10.", None, None, 2005)] == ["XXXX-10-06"]
    assert [m.edtf for m in fd("Năm1981, một tay súng âm mưu sát hại Giáo hoàng", None)] == ["1981"]


def test_days_named_from_an_earlier_day_of_the_story():
    from quanhe.stages.dates import find_dates

    same = find_dates("Cùng ngày, Ngoại trưởng Pháp gặp người đồng cấp Đức.", None, narrative_day="XXXX-03-15")
    assert [m.edtf for m in same] == ["XXXX-03-15"]
    after = find_dates("Hôm sau, hai bên ký thỏa thuận.", date(2005, 3, 20), narrative_day="2005-02-28")
    assert [m.edtf for m in after] == ["2005-03-01"]
    before = find_dates("Một ngày trước đó, cảnh sát bắt hai người.", None, narrative_day="XXXX-01-01")
    assert [m.edtf for m in before] == [None]  # the day before 1 January of an unknown year: unknown
    # with no earlier day the phrase stays undated
    assert [m.edtf for m in find_dates("Cùng ngày, hai bên hội đàm.", None)] == []


def test_same_day_follows_the_last_day_named_in_the_article(pipeline):
    from quanhe.api import process_text

    doc = process_text("Hôm 12/5, Nga trục xuất hai nhà ngoại giao Anh. Cùng ngày, Anh triệu tập đại sứ Nga.",
                       pipeline=pipeline)
    assert [(e.type, e.date) for e in doc.events] == [("SANCTION", "XXXX-05-12"), ("ACCUSE", "XXXX-05-12")]


def test_years_counted_from_a_year_in_the_same_sentence():
    found = find_dates("Hai nước lập quan hệ năm 1992, ba năm trước khi ký hiệp định thương mại.", None)
    assert [(m.text, m.edtf) for m in found] == [("năm 1992", "1992"), ("ba năm trước khi", "1995")]


def test_years_apart_dates_only_what_follows_in_its_clause(pipeline):
    from quanhe.api import process_text

    doc = process_text("Năm 2003, một năm trước khi gia nhập NATO, Litva ký thỏa thuận với Mỹ.", pipeline=pipeline)
    assert [e.date for e in doc.events if e.type == "AGREE"] == ["2003"]


def test_a_day_after_an_event_is_not_the_story_day():
    found = find_dates("Một ngày sau khi Mỹ không kích Iraq, Iran cảnh báo Mỹ.", None, narrative_day="XXXX-05-10")
    assert [m.edtf for m in found] == []


def test_same_day_takes_a_day_named_earlier_in_the_sentence():
    found = find_dates("Ngày 12/5, Mỹ trục xuất hai nhà ngoại giao, cùng ngày Anh triệu tập đại sứ.", None,
                       narrative_day="XXXX-05-10")
    assert [m.edtf for m in found] == ["XXXX-05-12", "XXXX-05-12"]
