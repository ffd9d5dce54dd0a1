"""Sentence salience for summary mode: graph centrality plus a lead-position prior.

News puts the most important facts first, and the sentences that share the most words
with the rest of the article are its core; combining both beats either alone (LexRank-
style centrality by itself loses to simply taking the lead on news).
"""

from __future__ import annotations

import math
import re
from collections import Counter

import numpy as np

from rewrite_cli.document import Sentence


def _word_set(words: str) -> frozenset[str]:
    return frozenset(words.split())


_WORD = re.compile(r"[a-z0-9]+(?:['’][a-z]+)?")
_STOPWORDS = _word_set(
    "a an the and or but if of to in on at by for with from as is are was were be been being "
    "it its this that these those he she they we you i his her their our your him them us "
    "has have had do does did not no so than then there here who whom which what when where "
    "why how all any both each more most other some such only own same too very can will "
    "just would could should may might must said says say also after before over into out up "
    "down about against between through during"
)
LEAD_WEIGHT = 0.8
DAMPING = 0.85


def rank_sentences(sentences: list[Sentence]) -> list[float]:
    """One salience score in [0, 1] per sentence (higher = more central to the article)."""
    if not sentences:
        return []
    centrality = _lexrank([_terms(s.text) for s in sentences])
    lead = np.array([1.0 / math.sqrt(1.0 + i) for i in range(len(sentences))])
    scores = (1.0 - LEAD_WEIGHT) * _normalise(centrality) + LEAD_WEIGHT * lead
    return [float(x) for x in scores]


def _terms(text: str) -> list[str]:
    return [w for w in _WORD.findall(text.lower()) if w not in _STOPWORDS and len(w) > 1]


def _lexrank(docs: list[list[str]]) -> np.ndarray:
    """PageRank over TF-IDF cosine similarity (continuous LexRank)."""
    n = len(docs)
    vocab = sorted({w for d in docs for w in d})
    if n == 1 or not vocab:
        return np.ones(n)
    column = {w: j for j, w in enumerate(vocab)}
    df = Counter(w for d in docs for w in set(d))
    idf = np.array([math.log((1 + n) / (1 + df[w])) + 1.0 for w in vocab])
    tf = np.zeros((n, len(vocab)))
    for i, doc in enumerate(docs):
        for w, count in Counter(doc).items():
            tf[i, column[w]] = count
    vectors = tf * idf
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    vectors = np.divide(vectors, norms, out=np.zeros_like(vectors), where=norms > 0)
    similarity = vectors @ vectors.T
    np.fill_diagonal(similarity, 0.0)
    totals = similarity.sum(axis=1, keepdims=True)
    transition = np.divide(
        similarity, totals, out=np.full_like(similarity, 1.0 / n), where=totals > 0
    )
    scores = np.full(n, 1.0 / n)
    for _ in range(100):
        updated = (1.0 - DAMPING) / n + DAMPING * (transition.T @ scores)
        if np.abs(updated - scores).sum() < 1e-8:
            return updated
        scores = updated
    return scores


def _normalise(values: np.ndarray) -> np.ndarray:
    low, high = float(values.min()), float(values.max())
    if high - low < 1e-12:
        return np.ones_like(values)
    return (values - low) / (high - low)
