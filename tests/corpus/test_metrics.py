from __future__ import annotations

import pytest

from quanhe.corpus.metrics import adjusted_rand, bcubed, rouge_l, rouge_n

GOLD = {"a": "1", "b": "1", "c": "2", "d": "2", "e": "3"}
SYSTEM = {"a": "x", "b": "y", "c": "y", "d": "y", "e": "z"}


def test_bcubed_by_hand() -> None:
    # precision per item: a 1, b 1/3, c 2/3, d 2/3, e 1 -> 11/15; recall: a 1/2, b 1/2, c 1, d 1, e 1 -> 4/5
    score = bcubed(GOLD, SYSTEM)
    assert score.precision == pytest.approx(11 / 15, abs=1e-4)
    assert score.recall == pytest.approx(0.8, abs=1e-4)
    assert score.f1 == pytest.approx(2 * (11 / 15) * 0.8 / (11 / 15 + 0.8), abs=1e-4)


def test_bcubed_perfect_and_missing_items() -> None:
    assert bcubed(GOLD, {"a": 1, "b": 1, "c": 2, "d": 2, "e": 3}).f1 == 1.0  # type: ignore[dict-item]
    # items the system lacks are singletons: recall drops, precision stays 1
    partial = bcubed({"a": "1", "b": "1"}, {"a": "x"})
    assert (partial.precision, partial.recall) == (1.0, 0.5)


def test_adjusted_rand_by_hand() -> None:
    # contingency pairs: (1,y)=0 ... only (2,y) has 2 items -> index 1; gold pairs 2, system pairs 3,
    # expected 2*3/10 = 0.6, max 2.5 -> (1 - 0.6) / (2.5 - 0.6) = 0.2105
    assert adjusted_rand(GOLD, SYSTEM) == pytest.approx(0.4 / 1.9, abs=1e-4)
    assert adjusted_rand(GOLD, GOLD) == 1.0


def test_rouge_on_syllables_by_hand() -> None:
    cand, ref = "Nga trục xuất nhà ngoại giao", "Nga trục xuất hai nhà ngoại giao"
    r1 = rouge_n(cand, ref, 1)
    assert (r1.precision, r1.recall) == (1.0, pytest.approx(6 / 7, abs=1e-4))
    r2 = rouge_n(cand, ref, 2)  # bigrams: 5 in cand, 6 in ref, 4 shared ("xuất nhà" is not in ref)
    assert (r2.precision, r2.recall) == (pytest.approx(0.8), pytest.approx(4 / 6, abs=1e-4))
    rl = rouge_l(cand, ref)  # LCS = all 6 syllables of the candidate
    assert (rl.precision, rl.recall) == (1.0, pytest.approx(6 / 7, abs=1e-4))
