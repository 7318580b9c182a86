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
# In NFD, "hoà" is h o a <grave>; the rhyme must end the syllable and not follow "q"
# ("quý" is q-u-ý: the u belongs to the consonant).
_MISPLACED_TONE = re.compile(
    rf"(?<![qQ])([oOuU])([aAeEyY])([{_TONES}])(?![\w\u0300-\u036f])"
)
_SPACES = re.compile(r"[\u00a0\u2000-\u200a\u202f\u205f\u3000]")
_INVISIBLE = re.compile(r"[\u200b-\u200d\u2060\ufeff\u00ad]")


def normalize_text(text: str) -> str:
    """NFC, one tone-mark convention, plain spaces, no invisible characters."""
    text = _INVISIBLE.sub("", text)
    text = _SPACES.sub(" ", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    decomposed = unicodedata.normalize("NFD", text)
    decomposed = _MISPLACED_TONE.sub(r"\1\3\2", decomposed)
    return unicodedata.normalize("NFC", decomposed)


def normalize(doc: Document) -> Document:
    doc.text = normalize_text(doc.text)
    doc.title = normalize_text(doc.title)
    doc.stages.append("normalize")
    return doc
