"""Clustering and summary scores: B-cubed, adjusted Rand index, ROUGE-1/2/L on syllables."""
from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from math import comb

from quanhe.corpus.text import syllables


@dataclass(frozen=True, slots=True)
class PRF:
    precision: float
    recall: float
    f1: float

    def to_dict(self) -> dict[str, float]:
        return {"precision": self.precision, "recall": self.recall, "f1": self.f1}


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def bcubed(gold: Mapping[str, str], system: Mapping[str, str]) -> PRF:
    """B-cubed (Bagga & Baldwin 1998) over the items of `gold`; an item the system lacks is a singleton."""
    items = sorted(gold)
    if not items:
        return PRF(0.0, 0.0, 0.0)
    sys_of = {i: system.get(i, f"__missing__{i}") for i in items}
    gold_members: dict[str, set[str]] = {}
    sys_members: dict[str, set[str]] = {}
    for i in items:
        gold_members.setdefault(gold[i], set()).add(i)
        sys_members.setdefault(sys_of[i], set()).add(i)
    p = r = 0.0
    for i in items:
        g, s = gold_members[gold[i]], sys_members[sys_of[i]]
        both = len(g & s)
        p += both / len(s)
        r += both / len(g)
    p, r = p / len(items), r / len(items)
    return PRF(round(p, 4), round(r, 4), round(_f1(p, r), 4))


def adjusted_rand(gold: Mapping[str, str], system: Mapping[str, str]) -> float:
    """Adjusted Rand index (Hubert & Arabie 1985) over the items of `gold`."""
    items = sorted(gold)
    n = len(items)
    if n < 2:
        return 1.0
    sys_of = {i: system.get(i, f"__missing__{i}") for i in items}
    table = Counter((gold[i], sys_of[i]) for i in items)
    a = Counter(gold[i] for i in items)
    b = Counter(sys_of[i] for i in items)
    index = sum(comb(v, 2) for v in table.values())
    sum_a = sum(comb(v, 2) for v in a.values())
    sum_b = sum(comb(v, 2) for v in b.values())
    expected = sum_a * sum_b / comb(n, 2)
    maximum = (sum_a + sum_b) / 2
    if maximum == expected:
        return 1.0
    return round((index - expected) / (maximum - expected), 4)


def _ngrams(tokens: list[str], n: int) -> Counter[tuple[str, ...]]:
    return Counter(tuple(tokens[i:i + n]) for i in range(len(tokens) - n + 1))


def rouge_n(candidate: str, reference: str, n: int) -> PRF:
    c, r = _ngrams(syllables(candidate), n), _ngrams(syllables(reference), n)
    overlap = sum((c & r).values())
    p = overlap / sum(c.values()) if c else 0.0
    rec = overlap / sum(r.values()) if r else 0.0
    return PRF(round(p, 4), round(rec, 4), round(_f1(p, rec), 4))


def _lcs(a: list[str], b: list[str]) -> int:
    prev = [0] * (len(b) + 1)
    for x in a:
        cur = [0]
        for j, y in enumerate(b):
            cur.append(prev[j] + 1 if x == y else max(prev[j + 1], cur[j]))
        prev = cur
    return prev[-1]


def rouge_l(candidate: str, reference: str) -> PRF:
    c, r = syllables(candidate), syllables(reference)
    lcs = _lcs(c, r)
    p = lcs / len(c) if c else 0.0
    rec = lcs / len(r) if r else 0.0
    return PRF(round(p, 4), round(rec, 4), round(_f1(p, rec), 4))
