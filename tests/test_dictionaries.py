import pytest

from quanhe.dictionaries import PLOVER_TYPES, build_dictionaries, quad_class
from quanhe.errors import DictionaryError
from quanhe.lint import lint, write_manifest


def test_packaged_data_is_clean():
    assert lint() == []


def test_every_plover_type_has_triggers(dicts):
    assert {t.type for t in dicts.triggers} == set(PLOVER_TYPES)


def test_every_iso_state_is_present(dicts):
    import pycountry

    assert {c.alpha_3 for c in pycountry.countries} <= dicts.state_ids


def test_goldstein_and_quad_class(dicts):
    assert dicts.goldstein_for("166") == dicts.goldstein["166"] < 0
    assert dicts.goldstein_for("0421") == dicts.goldstein_for("042")
    assert [quad_class(c) for c in ("042", "061", "112", "190", "")] == [1, 2, 3, 4, None]


def test_lint_catches_conflicting_alias_and_bad_manifest(data_copy):
    path = data_copy / "actors" / "groups.tsv"
    with path.open("a", encoding="utf-8") as f:
        f.write("ZZZ\tgroup\t\t\tNhóm thử\tNga\t\t\t\t\n")
    problems = lint(data_copy)
    assert any("'nga'" in p and "ZZZ" in p for p in problems)
    assert any("checksum" in p for p in problems)


def test_lint_catches_malformed_rows(data_copy):
    path = data_copy / "actors" / "people.tsv"
    with path.open("a", encoding="utf-8") as f:
        f.write("RUS\tperson\tGOV\thead_of_state\tAi Đó\tAi Đó\t2020-13-01\t\t\t\n")
    with pytest.raises(DictionaryError, match="people.tsv"):
        build_dictionaries(data_copy)
    assert lint(data_copy)


def test_lint_catches_unknown_cameo_and_type(data_copy):
    path = data_copy / "triggers" / "AID.tsv"
    with path.open("a", encoding="utf-8") as f:
        f.write("AID\t\t\t999\tviện trợ thử nghiệm\tsvo\t\t\n")
    write_manifest(data_copy)
    assert any("999" in p for p in lint(data_copy))


def test_tone_conventions_meet_in_dictionaries(dicts):
    from quanhe.dictionaries import fold

    assert fold("thoả thuận") == fold("thỏa thuận")
