"""Whole-syllable multi-pattern matching over normalised text (Aho-Corasick)."""
from __future__ import annotations

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
    """Drop matches overlapped by a longer one; ties keep the leftmost."""
    ordered = sorted(matches, key=lambda m: (-(m.end - m.start), m.start))
    taken: list[Match] = []
    occupied: list[tuple[int, int]] = []
    for m in ordered:
        if any(m.start < e and s < m.end for s, e in occupied):
            continue
        taken.append(m)
        occupied.append((m.start, m.end))
    return sorted(taken, key=lambda m: m.start)


def syllables_between(lowered: str, start: int, end: int) -> list[str]:
    return lowered[start:end].split()
