"""Sentence alignment: which source sentence(s) each sentence of a rewrite restates.

A rewrite made elsewhere (a person, another tool, a chat model, a paragraph-level engine)
does not come with a plan unit per sentence, so before a sentence can be fact-checked we
must find what it claims to restate. A writer keeps the article's order but splits long
sentences, merges short ones, adds a sentence of their own or leaves one out; that is the
shape of a monotone alignment (as Gale and Church align translations), found here by
dynamic programming over a content-word similarity. A second, cheap pass pairs what the
monotone pass left over, so two sentences swapped within a paragraph still find each other.

Stable API (other features build on it):

- ``sentence_bags(texts, nlp)`` turns sentences into weighted content-lemma bags;
- ``align_bags(source_bags, rewrite_bags)`` aligns bags (pure, no spaCy);
- ``align_sentences(source, rewrite, nlp)`` does both;
- every result is an ``Alignment``: ``rewrite`` and ``source`` index tuples (either may be
  empty) and a ``score`` in 0..1, in the rewrite's order, omitted source sentences placed
  where they would have been.
"""

from __future__ import annotations

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


# (rewrite sentences, source sentences) each step of the alignment may take.
_MOVES = ((1, 1), (1, 0), (0, 1), (2, 1), (1, 2))


def align_bags(source: Sequence[Bag], rewrite: Sequence[Bag]) -> list[Alignment]:
    """Align rewrite bags to source bags; see the module docstring for the shape.

    A pair earns its similarity minus ``MIN_MATCH``; a gap earns nothing. A split or a
    merge is only taken when each of its sentences shares a word with the other side, so
    an invented sentence next to a faithful one is not swallowed into a "split".
    """
    n, m = len(rewrite), len(source)
    best = [[float("-inf")] * (m + 1) for _ in range(n + 1)]
    back: list[list[tuple[int, int, float] | None]] = [[None] * (m + 1) for _ in range(n + 1)]
    best[0][0] = 0.0
    for i in range(n + 1):
        for j in range(m + 1):
            if best[i][j] == float("-inf"):
                continue
            for di, dj in _MOVES:
                ni, nj = i + di, j + dj
                if ni > n or nj > m:
                    continue
                score = _pair_score(rewrite[i:ni], source[j:nj])
                if score is None:
                    continue
                gain = score - MIN_MATCH if di and dj else 0.0
                if best[i][j] + gain > best[ni][nj] + 1e-12:
                    best[ni][nj] = best[i][j] + gain
                    back[ni][nj] = (di, dj, score)
    steps: list[Alignment] = []
    i, j = n, m
    while i or j:
        di, dj, score = back[i][j]  # type: ignore[misc]
        steps.append(Alignment(tuple(range(i - di, i)), tuple(range(j - dj, j)),
                               round(score, 4)))
        i, j = i - di, j - dj
    steps.reverse()
    return _pair_leftovers(steps, source, rewrite)


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


def _pair_leftovers(steps: list[Alignment], source: Sequence[Bag],
                    rewrite: Sequence[Bag]) -> list[Alignment]:
    """Pair invented rewrite sentences with omitted source sentences, best first.

    The monotone pass cannot follow a swap; this one can, but only for clearly similar
    pairs, since anything out of order is less likely to be a restatement.
    """
    invented = [a.rewrite[0] for a in steps if a.kind == "invented"]
    omitted = [a.source[0] for a in steps if a.kind == "omitted"]
    pairs = sorted(((similarity(rewrite[r], source[s]), r, s) for r in invented for s in omitted),
                   reverse=True)
    matched: dict[int, tuple[int, float]] = {}
    used: set[int] = set()
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
