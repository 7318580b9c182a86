"""Syllable tokens and hashed TF-IDF vectors for Vietnamese text.

Vietnamese writes one syllable per space-separated token, so syllables (and syllable
n-grams, which approximate words) are the natural unit. Vectors are hashed so that a
new article can be vectorised without refitting a vocabulary (stories are incremental).
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from scipy.sparse import csr_matrix

_TOKEN = re.compile(r"[^\W_]+(?:[.,][0-9]+)*", re.UNICODE)
N_FEATURES = 2**20


def syllables(text: str) -> list[str]:
    """Lower-cased syllables (and numbers) of a text, punctuation dropped."""
    return _TOKEN.findall(unicodedata.normalize("NFC", text).lower())


def shingles(tokens: Sequence[str], n: int) -> set[str]:
    if len(tokens) < n:
        return {" ".join(tokens)} if tokens else set()
    return {" ".join(tokens[i:i + n]) for i in range(len(tokens) - n + 1)}


_WORDS = re.compile(r"[^\W_]+(?:-[^\W_]+)*|[.!?;:\n\"“”()]", re.UNICODE)
NAME_REPEAT = 2


def names(text: str) -> list[str]:
    """Runs of capitalised syllables (proper names: "Tây Ban Nha", "Madrid"), lower-cased.

    A lone capitalised word right after sentence punctuation is skipped (an ordinary word
    starting a sentence), and so is one that the text also writes in lower case (the
    first syllable of a title such as "Tổng thống").
    """
    out: list[str] = []
    run: list[str] = []
    after_stop = True
    for tok in _WORDS.findall(unicodedata.normalize("NFC", text)):
        if tok[0].isalpha() and tok[0].isupper():
            run.append(tok.lower())
            continue
        if run and (len(run) > 1 or not after_stop):
            out.append(" ".join(run))
        after_stop = not tok[0].isalnum()
        run = []
    if run and (len(run) > 1 or not after_stop):
        out.append(" ".join(run))
    lower = set(_WORDS.findall(text))
    return [n for n in out if " " in n or n not in lower]


def _analyzer(text: str) -> list[str]:
    toks = syllables(text)
    feats = toks + [f"{a} {b}" for a, b in zip(toks, toks[1:])]
    return feats + [f"N:{n}" for n in names(text)] * NAME_REPEAT


def tf_matrix(texts: Sequence[str]) -> csr_matrix:
    """Sublinear term frequencies of syllable 1- and 2-grams and names, hashed (no fitted state)."""
    import numpy as np
    from sklearn.feature_extraction.text import HashingVectorizer

    vec = HashingVectorizer(analyzer=_analyzer, n_features=N_FEATURES, alternate_sign=False, norm=None)
    m = vec.transform(list(texts)).tocsr()
    m.data = 1.0 + np.log(m.data)
    return m


IDF_PRIOR_DOCS = 50


def idf_weights(tf: csr_matrix):  # type: ignore[no-untyped-def]
    """Smoothed idf over the rows of tf (the documents known so far).

    Document frequencies from a handful of articles are noise (with two articles every
    shared word looks common), so the idf is shrunk towards 1 (plain tf) by
    n / (n + IDF_PRIOR_DOCS): negligible for a real corpus, dominant for a tiny store.
    """
    import numpy as np

    n = tf.shape[0]
    df = np.bincount(tf.indices, minlength=tf.shape[1])
    idf = np.log((1.0 + n) / (1.0 + df)) + 1.0
    return 1.0 + (idf - 1.0) * (n / (n + IDF_PRIOR_DOCS))


def tfidf(tf: csr_matrix, idf) -> csr_matrix:  # type: ignore[no-untyped-def]
    """Rows of tf weighted by idf and L2-normalised."""
    from sklearn.preprocessing import normalize

    return normalize(tf.multiply(idf).tocsr(), norm="l2", copy=False)


def jaccard(a: set[str] | frozenset[str], b: set[str] | frozenset[str]) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)
