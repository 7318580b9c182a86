"""Sentence splitting for Vietnamese news text.

Rule based and linear: a sentence ends at a line break, or at . ! ? … followed by
space and an upper-case letter, a digit, a quote or a bracket. Abbreviations common in
Vietnamese news ("TP.", "Mr.", "St.") and numbers ("5.900", "3.5") do not end one.
Over-long sentences are cut at the last space before a hard limit so that no stage
ever sees an unbounded string.
"""
from __future__ import annotations

import re

from quanhe.document import Document, Sentence

MAX_SENTENCE_CHARS = 2000
_ABBREVIATIONS = frozenset(
    {"tp", "mr", "mrs", "ms", "dr", "st", "ts", "ths", "gs", "pgs", "no", "vs", "u.s", "p", "q"}
)
# End punctuation, then optional closing quotes/brackets, then whitespace.
_BOUNDARY = re.compile(r"([.!?…]+)([\"'”’»)\]]*)(\s+)[\"'“‘«(\[]?(\w)")


def _is_abbreviation(text: str, dot_at: int) -> bool:
    word_start = dot_at
    while word_start > 0 and (text[word_start - 1].isalpha() or text[word_start - 1] == "."):
        word_start -= 1
    word = text[word_start:dot_at].lower()
    return word in _ABBREVIATIONS or (len(word) == 1 and word.isalpha() and word.isupper())


def _split_line(text: str, start: int, end: int) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    cursor = start
    for m in _BOUNDARY.finditer(text, start, end):
        first = m.group(4)
        if not (first.isupper() or first.isdigit()):
            continue
        if m.group(1) == "." and _is_abbreviation(text, m.start(1)):
            continue
        spans.append((cursor, m.end(2)))
        cursor = m.end(3)
    spans.append((cursor, end))
    return spans


def _cut_long(text: str, start: int, end: int) -> list[tuple[int, int]]:
    spans = []
    while end - start > MAX_SENTENCE_CHARS:
        cut = text.rfind(" ", start, start + MAX_SENTENCE_CHARS)
        if cut <= start:
            cut = start + MAX_SENTENCE_CHARS
        spans.append((start, cut))
        start = cut
    spans.append((start, end))
    return spans


def split_sentences(text: str) -> list[Sentence]:
    sentences: list[Sentence] = []
    line_start = 0
    length = len(text)
    while line_start <= length:
        line_end = text.find("\n", line_start)
        if line_end < 0:
            line_end = length
        for s, e in _split_line(text, line_start, line_end):
            for s2, e2 in _cut_long(text, s, e):
                while s2 < e2 and text[s2].isspace():
                    s2 += 1
                while e2 > s2 and text[e2 - 1].isspace():
                    e2 -= 1
                if e2 > s2:
                    sentences.append(Sentence(len(sentences), s2, e2, text[s2:e2]))
        line_start = line_end + 1
    return sentences


def sentences(doc: Document) -> Document:
    doc.sentences = split_sentences(doc.text)
    doc.stages.append("sentences")
    return doc
