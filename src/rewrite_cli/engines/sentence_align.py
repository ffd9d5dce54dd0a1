"""Align the sentences of a model's rewritten passage to the source sentences it rewrote.

A chat model asked to rewrite a paragraph may split a sentence in two, merge two into one,
leave one out or add one of its own. Each source sentence must be checked against what
became of it, so we pair them up first: a monotone alignment (order kept) of groups of
1-2 source sentences with 0-2 answer sentences, chosen by dynamic programming over word
overlap, in the spirit of Gale & Church (1993) but scored by shared words rather than
lengths, because a paraphrase keeps the content words and (with facts protected) the
placeholders, which are the best anchors of all.

``Aligner`` is the interface the server engine uses; the project's ``rewrite check``
aligner can replace ``align_sentences`` without touching the engine.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Pair:
    """Source sentences ``source`` (indices) became answer sentences ``answer`` (indices).

    ``answer`` is empty when the model left the source out; ``source`` is empty for an
    answer sentence that matches no source sentence (it is never published).
    """

    source: tuple[int, ...]
    answer: tuple[int, ...]


Aligner = Callable[[Sequence[str], Sequence[str]], list[Pair]]

# (source sentences, answer sentences) per step, and what a non 1-1 step costs.
_STEPS = {(1, 1): 0.0, (1, 2): 0.15, (2, 1): 0.15, (1, 0): 0.3, (0, 1): 0.3}
_MIN_SIMILARITY = 0.12
_WORD = re.compile(r"\[[A-Z]+_\d+\]|[a-z0-9]+(?:'[a-z]+)?", re.IGNORECASE)
_SMALL = frozenset({
    "the", "a", "an", "of", "to", "in", "on", "at", "for", "and", "or", "but", "is", "was",
    "are", "were", "be", "been", "has", "have", "had", "with", "by", "as", "that", "this",
    "it", "its", "from", "said", "says", "will", "would",
})


def content_words(text: str) -> set[str]:
    """Lower-cased words that carry content, and placeholders (which always do)."""
    found = set()
    for word in _WORD.findall(text):
        if word.startswith("["):
            found.add(word.upper())
        elif word.lower() not in _SMALL:
            found.add(word.lower())
    return found


def similarity(a: str, b: str) -> float:
    """Dice overlap of content words: 1.0 for the same words, 0.0 for none shared."""
    wa, wb = content_words(a), content_words(b)
    if not wa or not wb:
        return 0.0
    return 2 * len(wa & wb) / (len(wa) + len(wb))


def align_sentences(source: Sequence[str], answer: Sequence[str]) -> list[Pair]:
    """The best monotone alignment of ``answer`` sentences to ``source`` sentences.

    A 1-1, split or merged step earns its similarity minus a small penalty, so a split is
    chosen only when the two halves together match better than either alone; a skipped
    sentence earns nothing. Steps whose groups share almost no words become a left-out
    source sentence and an unmatched answer sentence instead of a false pair.
    """
    n, m = len(source), len(answer)
    best: list[list[float]] = [[float("-inf")] * (m + 1) for _ in range(n + 1)]
    back: list[list[tuple[int, int] | None]] = [[None] * (m + 1) for _ in range(n + 1)]
    best[0][0] = 0.0
    for i in range(n + 1):
        for j in range(m + 1):
            if best[i][j] == float("-inf"):
                continue
            for (di, dj), penalty in _STEPS.items():
                ni, nj = i + di, j + dj
                if ni > n or nj > m:
                    continue
                gain = -penalty
                if di and dj:
                    gain += similarity(" ".join(source[i:ni]), " ".join(answer[j:nj]))
                if best[i][j] + gain > best[ni][nj]:
                    best[ni][nj] = best[i][j] + gain
                    back[ni][nj] = (di, dj)
    pairs: list[Pair] = []
    i, j = n, m
    while i or j:
        step = back[i][j]
        assert step is not None
        di, dj = step
        pairs.append(Pair(tuple(range(i - di, i)), tuple(range(j - dj, j))))
        i, j = i - di, j - dj
    pairs.reverse()
    return _unpair_strangers(pairs, source, answer)


def _unpair_strangers(pairs: list[Pair], source: Sequence[str], answer: Sequence[str]
                      ) -> list[Pair]:
    """Split pairs that share too few words into 'left out' and 'not in the source'."""
    out: list[Pair] = []
    for pair in pairs:
        if pair.source and pair.answer:
            text_s = " ".join(source[i] for i in pair.source)
            text_a = " ".join(answer[j] for j in pair.answer)
            if similarity(text_s, text_a) < _MIN_SIMILARITY:
                out.append(Pair(pair.source, ()))
                out.append(Pair((), pair.answer))
                continue
        out.append(pair)
    return out
