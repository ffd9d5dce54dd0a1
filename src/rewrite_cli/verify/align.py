"""Sentence alignment: which source sentence(s) each sentence of a rewrite restates.

A rewrite made elsewhere (a person, another tool, a chat model, a paragraph-level engine)
does not come with a plan unit per sentence, so before a sentence can be fact-checked we
must find what it claims to restate. A writer keeps the article's order but splits long
sentences, merges short ones, adds a sentence of their own or leaves one out; that is the
shape of a monotone alignment (as Gale and Church align translations), found here by
dynamic programming over a content-word similarity, with one crossing step for two
neighbours swapped. A second, cheap pass pairs what that pass left over: a heavily
reworded sentence facing its source at the same place, and a sentence moved further.
Only sentences that share content words are ever compared (an inverted index finds
them), so two 2,000-sentence texts align in seconds, not minutes.

Stable API (other features build on it):

- ``sentence_bags(texts, nlp)`` turns sentences into weighted content-lemma bags;
- ``align_bags(source_bags, rewrite_bags)`` aligns bags (pure, no spaCy);
- ``align_sentences(source, rewrite, nlp)`` does both;
- ``verify.align_exhaustive.align_bags_exhaustive`` is the original table over every
  pair, the reference ``align_bags`` must agree with;
- every result is an ``Alignment``: ``rewrite`` and ``source`` index tuples (either may be
  empty) and a ``score`` in 0..1, in the rewrite's order, omitted source sentences placed
  where they would have been; a swapped or moved sentence is a one-to-one alignment whose
  source index is out of order.

``python scripts/bench_align.py`` measures it on dev articles made into rewrites with
known links.
"""

from __future__ import annotations

import bisect
import heapq
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

Bag = Mapping[str, float]  # content lemma -> weight

NAME_WEIGHT = 3.0  # names and numbers identify a sentence far better than common words
NUMBER_WEIGHT = 3.0
WORD_WEIGHT = 1.0
LIGHT_WEIGHT = 0.3  # reporting verbs and other words nearly every news sentence has
MIN_MATCH = 0.18  # below this similarity a pair is not a restatement
MIN_REORDERED = 0.35  # a pair found outside the article's order must be clearly similar
MIN_IN_PLACE = 0.08  # a gap facing a gap at the same place is a heavy rewording

_CONTENT_POS = frozenset({"NOUN", "PROPN", "VERB", "ADJ", "ADV", "NUM"})
_NAME_ENTS = frozenset({"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT", "PRODUCT",
                        "WORK_OF_ART", "LAW"})
_LIGHT = frozenset({"say", "tell", "add", "state", "note", "be", "have", "do", "also",
                    "according", "report", "year", "people"})
_NUMBER = re.compile(r"^[\d.,]+$")


@dataclass(frozen=True)
class Alignment:
    """Rewrite sentence(s) and the source sentence(s) they restate, by index.

    ``rewrite`` empty: a source sentence with no counterpart (omitted). ``source`` empty:
    a rewrite sentence that restates nothing (invented). ``score`` is the weighted
    content-word overlap (Dice) of the two sides; 0 for either kind of gap.
    """

    rewrite: tuple[int, ...]
    source: tuple[int, ...]
    score: float

    @property
    def kind(self) -> str:
        """``one-to-one``, ``split`` (one source, two rewrite sentences), ``merge``,
        ``invented`` or ``omitted``."""
        if not self.source:
            return "invented"
        if not self.rewrite:
            return "omitted"
        if len(self.rewrite) > 1:
            return "split"
        if len(self.source) > 1:
            return "merge"
        return "one-to-one"


def sentence_bags(texts: Sequence[str], nlp) -> list[dict[str, float]]:
    """Weighted bags of content lemmas, one per text, parsed in one spaCy batch."""
    return [bag_from_doc(doc) for doc in nlp.pipe(list(texts))]


def bag_from_doc(doc) -> dict[str, float]:
    """One parsed sentence as lemma -> weight: names and numbers count most.

    Lemmas make "raised" meet "raise"; numbers lose their thousands separators so
    "2,000" meets "2000".
    """
    bag: dict[str, float] = {}
    for tok in doc:
        if tok.is_punct or tok.is_space or (tok.is_stop and not tok.like_num):
            continue
        if tok.like_num or _NUMBER.match(tok.text):
            key, weight = tok.text.replace(",", "").lower(), NUMBER_WEIGHT
        elif tok.ent_type_ in _NAME_ENTS or tok.pos_ == "PROPN":
            key, weight = tok.text.lower().removesuffix("'s"), NAME_WEIGHT
        elif tok.pos_ in _CONTENT_POS:
            key = tok.lemma_.lower()
            weight = LIGHT_WEIGHT if key in _LIGHT else WORD_WEIGHT
        else:
            continue
        if key:
            bag[key] = max(bag.get(key, 0.0), weight)
    return bag


def similarity(a: Bag, b: Bag) -> float:
    """Weighted Dice overlap of two bags: 1 = same content words, 0 = none shared."""
    total = sum(a.values()) + sum(b.values())
    if not total:
        return 0.0
    shared = sum(min(w, b[k]) for k, w in a.items() if k in b)
    return 2.0 * shared / total


def _union(bags: Iterable[Bag]) -> dict[str, float]:
    out: dict[str, float] = {}
    for bag in bags:
        for k, w in bag.items():
            out[k] = max(out.get(k, 0.0), w)
    return out


def _shares(part: Bag, other: Bag) -> bool:
    return any(k in other for k in part)


# How far the search for counterparts looks (see ``candidate_sources``). Both are at least
# the sentence count of any ordinary article, so there every sentence pair that shares a
# word is still compared and the alignment is the exhaustive one, exactly.
COMMON_WORD_SENTENCES = 100  # a word in more source sentences than this proposes none
MAX_CANDIDATES = 100  # source sentences compared with one rewrite sentence, at most
_TIE = 1e-12  # chain values closer than this are equal (as in the exhaustive programme)


def align_bags(source: Sequence[Bag], rewrite: Sequence[Bag]) -> list[Alignment]:
    """Align rewrite bags to source bags; see the module docstring for the shape.

    A pair earns its similarity minus ``MIN_MATCH``; a gap earns nothing. A split or a
    merge is only taken when each of its sentences shares a word with the other side, so
    an invented sentence next to a faithful one is not swallowed into a "split".

    The best alignment is the heaviest monotone chain of the steps that earn something
    (pairs, splits, merges and swaps over sentences that share words); everything between
    two steps of the chain is a gap. Only sentence pairs ``candidate_sources`` proposes
    are compared, so the work grows with the number of sentences, not with their product
    as the exhaustive table of ``align_bags_exhaustive`` (kept as the reference) does: a
    2,000-sentence rewrite of a 2,000-sentence article took minutes there. Where that
    table has equal-scoring alignments, the one it would find is taken (``_backtrack``).
    """
    near = candidate_sources(source, rewrite)
    blocks = _blocks(source, rewrite, near)
    steps = _backtrack(blocks, *_chain_values(blocks, len(source)), len(rewrite), len(source))
    return _pair_leftovers(steps, source, rewrite, near)


def candidate_sources(source: Sequence[Bag], rewrite: Sequence[Bag]) -> list[list[int]]:
    """For each rewrite sentence, the source sentences worth comparing it with, in order.

    A pair that shares no content word has similarity 0 and can never be aligned, so an
    inverted index of the source's words finds every pair that could. A word in more than
    ``COMMON_WORD_SENTENCES`` sentences (the main name of a long story) proposes nobody,
    and at most ``MAX_CANDIDATES`` of the most similar are kept, so a long article does
    not make every sentence a candidate for every other.
    """
    index: dict[str, list[int]] = {}
    for j, bag in enumerate(source):
        for key in bag:
            index.setdefault(key, []).append(j)
    totals = [sum(bag.values()) for bag in source]
    found: list[list[int]] = []
    for bag in rewrite:
        shared: dict[int, float] = {}
        for key, weight in bag.items():
            postings = index.get(key, ())
            if len(postings) > COMMON_WORD_SENTENCES:
                continue
            for j in postings:
                shared[j] = shared.get(j, 0.0) + min(weight, source[j][key])
        if len(shared) > MAX_CANDIDATES:
            total = sum(bag.values())
            shared = dict(heapq.nlargest(MAX_CANDIDATES, shared.items(),
                                         key=lambda item: item[1] / (total + totals[item[0]])))
        found.append(sorted(shared))
    return found


@dataclass(frozen=True)
class _Block:
    """One step of the chain: rewrite[i0:i1] restates source[j0:j1] (a pair, split, merge or
    swap). ``rank`` orders steps ending at the same place as the exhaustive table prefers
    them (swap, split, merge, pair)."""

    i0: int
    j0: int
    i1: int
    j1: int
    gain: float
    rank: int
    steps: tuple[Alignment, ...]


def _blocks(source: Sequence[Bag], rewrite: Sequence[Bag],
            near: Sequence[Sequence[int]]) -> list[_Block]:
    """Every step that earns something, among the candidate pairs only.

    A split or merge whose two pairs share too little to reach ``MIN_MATCH`` together is
    not scored: the joined side shares no more weight than the two pairs do, over a total
    no smaller than the larger of its two sentences.
    """
    n = len(rewrite)
    sims = [{j: similarity(rewrite[i], source[j]) for j in near[i]} for i in range(n)]
    r_total = [sum(bag.values()) for bag in rewrite]
    s_total = [sum(bag.values()) for bag in source]

    def may_join(first: tuple[int, int], second: tuple[int, int], total: float) -> bool:
        shared = sum(sims[i][j] * (r_total[i] + s_total[j]) / 2 for i, j in (first, second))
        return 2 * shared / total >= MIN_MATCH - 1e-9

    blocks: list[_Block] = []
    for i in range(n):
        here = sims[i]
        below = sims[i + 1] if i + 1 < n else {}
        for j, score in here.items():
            if j - 1 in below:
                first, second = score, below[j - 1]
                if min(first, second) >= MIN_MATCH:
                    blocks.append(_Block(i, j - 1, i + 2, j + 1,
                                         first + second - 2 * MIN_MATCH, 0, (
                                             Alignment((i,), (j,), round(first, 4)),
                                             Alignment((i + 1,), (j - 1,), round(second, 4)))))
            if j in below and may_join((i, j), (i + 1, j),
                                       max(r_total[i], r_total[i + 1]) + s_total[j]):
                blocks += _multi(i, j, 2, 1, source, rewrite, 1)
            if j + 1 in here and may_join((i, j), (i, j + 1),
                                          r_total[i] + max(s_total[j], s_total[j + 1])):
                blocks += _multi(i, j, 1, 2, source, rewrite, 2)
            if score >= MIN_MATCH:
                blocks.append(_Block(i, j, i + 1, j + 1, score - MIN_MATCH, 3,
                                     (Alignment((i,), (j,), round(score, 4)),)))
    return blocks


def _multi(i: int, j: int, di: int, dj: int, source: Sequence[Bag], rewrite: Sequence[Bag],
           rank: int) -> list[_Block]:
    score = _pair_score(rewrite[i:i + di], source[j:j + dj])
    if score is None:
        return []
    return [_Block(i, j, i + di, j + dj, score - MIN_MATCH, rank,
                   (Alignment(tuple(range(i, i + di)), tuple(range(j, j + dj)),
                              round(score, 4)),))]


def _chain_values(blocks: Sequence[_Block], m: int) -> tuple[list[float], list[float]]:
    """The best chain value ending with each block, and the part of it before the block:
    the best chain that ends above and to the left of it (a prefix maximum over source
    positions, row by row)."""
    best_before = _PrefixMax(m + 1)
    values = [0.0] * len(blocks)
    before = [0.0] * len(blocks)
    by_end = sorted(range(len(blocks)), key=lambda b: blocks[b].i1)
    done = 0
    for b in sorted(range(len(blocks)), key=lambda b: blocks[b].i0):
        block = blocks[b]
        while done < len(by_end) and blocks[by_end[done]].i1 <= block.i0:
            ended = by_end[done]
            best_before.raise_to(blocks[ended].j1, values[ended])
            done += 1
        before[b] = max(0.0, best_before.upto(block.j0))
        values[b] = before[b] + block.gain
    return values, before


class _PrefixMax:
    """Maximum over positions 0..q, with values only ever raised (a Fenwick tree)."""

    def __init__(self, size: int) -> None:
        self._tree = [float("-inf")] * (size + 1)

    def raise_to(self, pos: int, value: float) -> None:
        pos += 1
        while pos < len(self._tree):
            if value > self._tree[pos]:
                self._tree[pos] = value
            pos += pos & -pos

    def upto(self, pos: int) -> float:
        pos += 1
        best = float("-inf")
        while pos > 0:
            best = max(best, self._tree[pos])
            pos -= pos & -pos
        return best


def _backtrack(blocks: Sequence[_Block], values: Sequence[float], before: Sequence[float],
               n: int, m: int) -> list[Alignment]:
    """The chain, with the gaps between its steps, as the exhaustive table traces it back.

    That table walks back from its last cell: to a step that ends at the current cell and
    keeps the best value when there is one (swap, split, merge, pair in that order), else
    one rewrite sentence back when that keeps it, else one source sentence back. So from
    (i, j) it takes, among the steps worth the best value, the nearest one ending in column
    j, else the rightmost one in the highest row any of them ends in; in reading order, the
    skipped source sentences come before the skipped rewrite sentences.
    """
    order = sorted(range(len(blocks)), key=lambda b: values[b])
    sorted_values = [values[b] for b in order]
    backwards: list[Alignment] = []
    i, j = n, m
    value = max(0.0, max(values, default=0.0))
    while True:
        lo = bisect.bisect_left(sorted_values, value - _TIE)
        hi = bisect.bisect_right(sorted_values, value + _TIE)
        best = [b for b in order[lo:hi] if blocks[b].i1 <= i and blocks[b].j1 <= j]
        in_column = [b for b in best if blocks[b].j1 == j]
        pick: int | None = None
        if in_column:
            pick = min(in_column, key=lambda b: (-blocks[b].i1, blocks[b].rank))
        elif best and abs(value) > _TIE:
            top = min(blocks[b].i1 for b in best)
            pick = min((b for b in best if blocks[b].i1 == top),
                       key=lambda b: (-blocks[b].j1, blocks[b].rank))
        start_i, start_j = (blocks[pick].i1, blocks[pick].j1) if pick is not None else (0, 0)
        backwards += [Alignment((r,), (), 0.0) for r in reversed(range(start_i, i))]
        backwards += [Alignment((), (s,), 0.0) for s in reversed(range(start_j, j))]
        if pick is None:
            return backwards[::-1]
        backwards += reversed(blocks[pick].steps)
        i, j, value = blocks[pick].i0, blocks[pick].j0, before[pick]


def _pair_score(rewrite: Sequence[Bag], source: Sequence[Bag]) -> float | None:
    """Similarity of a candidate step, or None when the step is not allowed."""
    if not rewrite or not source:
        return 0.0
    r, s = _union(rewrite), _union(source)
    if len(rewrite) > 1 and not all(_shares(part, s) for part in rewrite):
        return None
    if len(source) > 1 and not all(_shares(part, r) for part in source):
        return None
    score = similarity(r, s)
    if (len(rewrite) > 1 or len(source) > 1) and score < MIN_MATCH:
        return None
    return score


def _pair_leftovers(steps: list[Alignment], source: Sequence[Bag], rewrite: Sequence[Bag],
                    near: Sequence[Sequence[int]] | None = None) -> list[Alignment]:
    """Pair invented rewrite sentences with omitted source sentences.

    First in place: a rewrite sentence and a source sentence left over between the same
    two aligned neighbours are one heavily reworded restatement when they share anything
    much. Then anywhere, best first: the monotone pass cannot follow a swap; this one can,
    but only for clearly similar pairs, since a pair out of order is less likely. ``near``
    limits that search to each rewrite sentence's candidates (None: every pair).
    """
    matched: dict[int, tuple[int, float]] = {}
    used: set[int] = set()
    for run in _gap_runs(steps):
        invented = [a.rewrite[0] for a in run if a.kind == "invented"]
        omitted = [a.source[0] for a in run if a.kind == "omitted"]
        if len(invented) == len(omitted):
            for r, s in zip(invented, omitted, strict=True):
                score = similarity(rewrite[r], source[s])
                if score >= MIN_IN_PLACE:
                    matched[r] = (s, score)
                    used.add(s)
    invented = [a.rewrite[0] for a in steps if a.kind == "invented" and a.rewrite[0] not in matched]
    omitted = [a.source[0] for a in steps if a.kind == "omitted" and a.source[0] not in used]
    if near is None:
        options = [(r, s) for r in invented for s in omitted]
    else:
        left = set(omitted)
        options = [(r, s) for r in invented for s in near[r] if s in left]
    pairs = sorted(((similarity(rewrite[r], source[s]), r, s) for r, s in options), reverse=True)
    for score, r, s in pairs:
        if score < MIN_REORDERED or r in matched or s in used:
            continue
        matched[r] = (s, score)
        used.add(s)
    out: list[Alignment] = []
    for a in steps:
        if a.kind == "omitted" and a.source[0] in used:
            continue
        if a.kind == "invented" and a.rewrite[0] in matched:
            s, score = matched[a.rewrite[0]]
            a = Alignment(a.rewrite, (s,), round(score, 4))
        out.append(a)
    return _gaps_in_order(out)


def _gap_runs(steps: list[Alignment]) -> list[list[Alignment]]:
    """Maximal runs of consecutive gaps (invented or omitted) between aligned pairs."""
    runs: list[list[Alignment]] = [[]]
    for a in steps:
        if a.kind in {"invented", "omitted"}:
            runs[-1].append(a)
        elif runs[-1]:
            runs.append([])
    return [run for run in runs if run]


def _gaps_in_order(steps: list[Alignment]) -> list[Alignment]:
    """Within a run of gaps, invented sentences come first, then omitted ones.

    The dynamic programme may interleave gaps either way at equal score; one fixed order
    keeps reports and tests stable.
    """
    out: list[Alignment] = []
    run: list[Alignment] = []
    for a in [*steps, None]:
        if a is not None and a.kind in {"invented", "omitted"}:
            run.append(a)
            continue
        run.sort(key=lambda g: (g.kind == "omitted", g.rewrite, g.source))
        out.extend(run)
        run = []
        if a is not None:
            out.append(a)
    return out


def align_sentences(source: Sequence[str], rewrite: Sequence[str], nlp) -> list[Alignment]:
    """Align a rewrite's sentences to its source's (``nlp``: a spaCy English pipeline)."""
    bags = sentence_bags([*source, *rewrite], nlp)
    return align_bags(bags[: len(source)], bags[len(source):])
