"""The sentence aligner's original dynamic programme over every (rewrite, source) pair.

It fills a table with one cell per pair, so its time grows with the product of the two
texts' lengths (minutes for two 2,000-sentence texts). ``verify.align.align_bags`` finds
the same alignment from the pairs that share words; this one is kept as the reference it
is tested and benchmarked against (``tests/test_align.py``, ``scripts/bench_align.py``).
"""

from __future__ import annotations

from collections.abc import Sequence

from rewrite_cli.verify.align import (
    MIN_MATCH,
    Alignment,
    Bag,
    _pair_leftovers,
    _pair_score,
    similarity,
)

# (rewrite sentences, source sentences) each step of the alignment may take; SWAP is two
# neighbours restated in the other order (two crossing pairs).
_MOVES = ((1, 1), (1, 0), (0, 1), (2, 1), (1, 2))
SWAP = (2, 2)


def align_bags_exhaustive(source: Sequence[Bag], rewrite: Sequence[Bag]) -> list[Alignment]:
    """What ``align_bags`` returns, found by filling the whole table."""
    n, m = len(rewrite), len(source)
    best = [[float("-inf")] * (m + 1) for _ in range(n + 1)]
    back: list[list[tuple[tuple[int, int], list[Alignment]] | None]] = [
        [None] * (m + 1) for _ in range(n + 1)]
    best[0][0] = 0.0
    for i in range(n + 1):
        for j in range(m + 1):
            if best[i][j] == float("-inf"):
                continue
            for move, gain, steps in _steps(i, j, source, rewrite):
                ni, nj = i + move[0], j + move[1]
                if best[i][j] + gain > best[ni][nj] + 1e-12:
                    best[ni][nj] = best[i][j] + gain
                    back[ni][nj] = (move, steps)
    found: list[Alignment] = []
    i, j = n, m
    while i or j:
        move, steps = back[i][j]  # type: ignore[misc]
        found[:0] = steps
        i, j = i - move[0], j - move[1]
    return _pair_leftovers(found, source, rewrite)


def _steps(i: int, j: int, source: Sequence[Bag], rewrite: Sequence[Bag]):
    """Every move allowed from (i, j): (move, gain, the alignments it makes)."""
    n, m = len(rewrite), len(source)
    for di, dj in _MOVES:
        ni, nj = i + di, j + dj
        if ni > n or nj > m:
            continue
        score = _pair_score(rewrite[i:ni], source[j:nj])
        if score is None:
            continue
        gain = score - MIN_MATCH if di and dj else 0.0
        yield (di, dj), gain, [Alignment(tuple(range(i, ni)), tuple(range(j, nj)),
                                         round(score, 4))]
    if i + 2 <= n and j + 2 <= m:
        first = similarity(rewrite[i], source[j + 1])
        second = similarity(rewrite[i + 1], source[j])
        if min(first, second) >= MIN_MATCH:
            yield SWAP, first + second - 2 * MIN_MATCH, [
                Alignment((i,), (j + 1,), round(first, 4)),
                Alignment((i + 1,), (j,), round(second, 4))]
