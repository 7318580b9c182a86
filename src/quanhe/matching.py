"""Whole-syllable multi-pattern matching over normalised text (Aho-Corasick)."""
from __future__ import annotations

import bisect
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import ahocorasick


@dataclass(slots=True)
class Match:
    start: int
    end: int
    items: list[tuple[str, Any]]


def _is_word_char(c: str) -> bool:
    return c.isalnum() or c == "_"


def iter_matches(automaton: ahocorasick.Automaton, lowered: str) -> Iterator[Match]:
    """Every dictionary key found in `lowered` that starts and ends on a syllable boundary."""
    if not len(automaton):
        return
    n = len(lowered)
    for end_index, (key, length, items) in automaton.iter(lowered):
        start = end_index - length + 1
        end = end_index + 1
        if start > 0 and _is_word_char(lowered[start - 1]) and _is_word_char(key[0]):
            continue
        if end < n and _is_word_char(lowered[end]) and _is_word_char(key[-1]):
            continue
        yield Match(start, end, items)


def longest_leftmost(matches: list[Match]) -> list[Match]:
    """Drop matches overlapped by a longer one; ties keep the leftmost. O(n log n): the taken
    spans never overlap, so a new span only needs checking against its two neighbours."""
    ordered = sorted(matches, key=lambda m: (-(m.end - m.start), m.start))
    starts: list[int] = []
    ends: list[int] = []
    taken: list[Match] = []
    for m in ordered:
        i = bisect.bisect_left(starts, m.start)
        if i > 0 and ends[i - 1] > m.start:
            continue
        if i < len(starts) and starts[i] < m.end:
            continue
        starts.insert(i, m.start)
        ends.insert(i, m.end)
        taken.append(m)
    return sorted(taken, key=lambda m: m.start)

