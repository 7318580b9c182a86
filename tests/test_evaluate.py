import json

import pytest

from quanhe.errors import GoldError
from quanhe.evaluate import date_agrees, load_gold, score


def gold_file(tmp_path, records):
    p = tmp_path / "g.jsonl"
    p.write_text("\n".join(json.dumps(r) for r in records), encoding="utf-8")
    return load_gold(p)


def ev(doc, type_, src, tgt, date=None):
    return {"doc_id": doc, "type": type_, "source": [{"id": s} for s in src],
            "target": [{"id": t} for t in tgt], "date": date, "trigger": ""}


def rec(type_, src, tgt, status="strict", date=None):
    return {"doc": "d", "start": 0, "end": 1, "types": type_ if isinstance(type_, list) else [type_],
            "mode": "", "source": src, "target": tgt, "date": date, "status": status, "trigger": "x"}


def test_precision_recall_soft_negative(tmp_path):
    gold = gold_file(tmp_path, [
        rec("SANCTION", ["NATO"], ["RUS"], date="XXXX-10-06"),
        rec(["ACCUSE"], ["RUS"], ["NATO"]),
        rec("COERCE", ["RUS"], ["UKR"], "soft"),
        rec("SANCTION", ["RUS"], ["EU"], "negative"),
    ])
    system = [ev("d", "SANCTION", ["NATO:IGO"], ["RUS"], "2021-10-06"), ev("d", "COERCE", ["RUS"], ["UKR"]),
              ev("d", "SANCTION", ["RUS"], ["EU"]), ev("d", "AID", ["USA"], ["UKR"])]
    s = score(system, gold, ["d"])
    assert (s.matched, s.soft_matched, s.system, s.negatives_hit) == (1, 1, 4, 1)
    assert s.precision == pytest.approx(1 / 3) and s.recall == pytest.approx(1 / 2)
    assert s.date_accuracy == 1.0


def test_symmetric_types_match_either_direction(tmp_path):
    gold = gold_file(tmp_path, [rec("CONSULT", ["RUS"], ["USA"]), rec("ACCUSE", ["RUS"], ["USA"])])
    s = score([ev("d", "CONSULT", ["USA"], ["RUS"]), ev("d", "ACCUSE", ["USA"], ["RUS"])], gold, ["d"])
    assert s.matched == 1


def test_each_gold_record_matched_once_and_order_does_not_matter(tmp_path):
    gold = gold_file(tmp_path, [rec(["SANCTION", "COERCE"], ["NATO"], ["RUS"]), rec("SANCTION", ["NATO", "USA"], ["RUS"])])
    system = [ev("d", "SANCTION", ["NATO"], ["RUS"]), ev("d", "SANCTION", ["USA"], ["RUS"]), ev("d", "SANCTION", ["NATO"], ["RUS"])]
    s = score(system, gold, ["d"])
    assert s.matched == 2 and s.recall == 1.0


def test_documents_without_gold_count_false_positives(tmp_path):
    gold = gold_file(tmp_path, [rec("ACCUSE", ["RUS"], ["USA"])])
    s = score([ev("other", "ACCUSE", ["RUS"], ["USA"])], gold, ["d", "other"])
    assert s.matched == 0 and s.system == 1 and s.recall == 0.0


def test_dates_at_gold_precision():
    assert date_agrees("2021-10-18", "XXXX-10-18")
    assert date_agrees("2021-10-18", "2021-10")
    assert not date_agrees("XXXX-10-18", "2021-10-18")
    assert not date_agrees(None, "2014")
    assert not date_agrees("2021", "2021-10")


def test_malformed_gold(tmp_path):
    p = tmp_path / "g.jsonl"
    p.write_text('{"doc": "d", "status": "maybe", "types": ["AID"]}\n', encoding="utf-8")
    with pytest.raises(GoldError, match="status"):
        load_gold(p)


def test_date_consistent_record_is_preferred(tmp_path):
    gold = gold_file(tmp_path, [rec("SANCTION", ["RUS"], ["NATO"], date="XXXX-10-18"),
                                rec("SANCTION", ["RUS"], ["NATO"], date="XXXX-11-01")])
    s = score([ev("d", "SANCTION", ["RUS"], ["NATO"], "2021-11-01"), ev("d", "SANCTION", ["RUS"], ["NATO"], "2021-10-18")],
              gold, ["d"])
    assert s.recall == 1.0 and s.date_accuracy == 1.0
