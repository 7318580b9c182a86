"""Unicode and orthography normalisation.

Vietnamese has two tone-mark conventions for the rhymes oa, oe and uy with no
final consonant: "hoà" (mark on the second vowel) and "hòa" (mark on the first).
quanhe writes the mark on the first vowel everywhere, in texts and in
dictionaries, so that both spellings meet the same entries. The rewrite never
changes the length of a string, so offsets survive it.
"""
from __future__ import annotations

import re
import unicodedata

from quanhe.document import Document

_TONES = "\u0300\u0301\u0303\u0309\u0323"  # grave, acute, tilde, hook, dot below


def _toned(base: str, tone: str) -> str:
    return unicodedata.normalize("NFC", base + tone)


# "hoà" -> "hòa": the tone moves from a/e/y to the o/u before it when the rhyme ends the
# syllable and the u is not part of "qu" ("quý" keeps its mark). Tables built once.
_MOVE_TONE: dict[str, str] = {}
for _first in "oOuU":
    for _second in "aAeEyY":
        if _first.lower() == "o" and _second.lower() == "y" or _first.lower() == "u" and _second.lower() != "y":
            continue
        for _tone in _TONES:
            _MOVE_TONE[_first + _toned(_second, _tone)] = _toned(_first, _tone) + _second
# Two character classes, not an alternation of the 60 pairs: the scan is about four times
# faster. A pair the classes let through but the table lacks ("uà") is left as it is; its
# second character is never a first one, so no rewrite can start inside it. The "not after q"
# test comes after the first vowel ("[ou](?<![qQ][ou])", the same matches as "(?<![qQ])[ou]"):
# a pattern that opens with a character class lets the engine skip ahead to those vowels,
# one that opens with a look-behind is tried at every offset (measured four times slower).
_FIRST_VOWELS = "".join(sorted({k[0] for k in _MOVE_TONE}))
_MISPLACED_TONE = re.compile(
    "[" + _FIRST_VOWELS + "](?<![qQ][" + _FIRST_VOWELS + "])["
    + "".join(sorted({k[1] for k in _MOVE_TONE})) + "](?!\\w)"
)


def _move_tone(m: re.Match[str]) -> str:
    pair = m.group(0)
    return _MOVE_TONE.get(pair, pair)
_SPACES = re.compile(r"[\u00a0\u2000-\u200a\u202f\u205f\u3000]")
_INVISIBLE = re.compile(r"[\u200b-\u200d\u2060\ufeff\u00ad]")


def normalize_text(text: str) -> str:
    """NFC, one tone-mark convention, plain spaces, no invisible characters."""
    text = _INVISIBLE.sub("", text)
    text = _SPACES.sub(" ", text)
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    return _MISPLACED_TONE.sub(_move_tone, text)


def normalize(doc: Document) -> Document:
    doc.text = normalize_text(doc.text)
    doc.title = normalize_text(doc.title)
    doc.stages.append("normalize")
    return doc
