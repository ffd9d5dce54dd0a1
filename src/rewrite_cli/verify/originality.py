"""How much of the output is new wording: the figures the report and select() use.

A rewrite that copies its source sentence for sentence is not a rewrite, and one that
invents is not faithful; these numbers make the first failure visible.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from difflib import SequenceMatcher

from rewrite_cli.document import Originality
from rewrite_cli.verify.text import squash, words


def _bigrams(ws: Sequence[str]) -> list[tuple[str, str]]:
    return list(itertools.pairwise(ws))


def novel_bigram_ratio(output: Sequence[str], source: Sequence[str]) -> float:
    """Share of the output's word bigrams that never occur in the source (0 = all copied)."""
    grams = _bigrams(output)
    if not grams:
        return 0.0
    have = set(_bigrams(source))
    return sum(1 for g in grams if g not in have) / len(grams)


def longest_copied_run(output: Sequence[str], source: Sequence[str]) -> int:
    """Longest run of words the output copies from the source word for word."""
    return len(longest_copied_words(output, source))


def longest_copied_words(output: Sequence[str], source: Sequence[str]) -> list[str]:
    """The words of that run, so a report can show what was copied, not only how much."""
    if not output or not source:
        return []
    m = SequenceMatcher(None, list(output), list(source), autojunk=False)
    match = m.find_longest_match(0, len(output), 0, len(source))
    return list(output[match.a : match.a + match.size])


def sentence_originality(candidate: str, source: str) -> float:
    """0..1 score: novel bigrams, penalised by the longest verbatim run (used to pick wording)."""
    cw, sw = words(candidate), words(source)
    if not cw:
        return 0.0
    copied = longest_copied_run(cw, sw) / len(cw)
    return 0.5 * novel_bigram_ratio(cw, sw) + 0.5 * (1.0 - copied)


def measure_originality(outputs: list[str], sources: list[str]) -> Originality:
    """Whole-output figures: novel bigram ratio, longest copied run, verbatim sentence share."""
    source_words = [w for s in sources for w in words(s)]
    have = {g for s in sources for g in _bigrams(words(s))}
    grams = [g for o in outputs for g in _bigrams(words(o))]
    ratio = sum(1 for g in grams if g not in have) / len(grams) if grams else 0.0
    longest = max((longest_copied_run(words(o), source_words) for o in outputs), default=0)
    squashed = {squash(s) for s in sources}
    verbatim = sum(1 for o in outputs if squash(o) in squashed) / len(outputs) if outputs else 0.0
    return Originality(
        novel_bigram_ratio=round(ratio, 4),
        longest_copied_span=longest,
        verbatim_share=round(verbatim, 4),
    )


def is_trivial_edit(candidate: str, source: str) -> bool:
    """True when a candidate differs from its source only in punctuation or small words.

    Such a sentence ("the West" -> "West", an added comma) is faithful but is not a
    rewrite; counting it as one would make the note's "rewritten" claim hollow.
    """
    from spacy.lang.en.stop_words import STOP_WORDS

    cw, sw = words(candidate), words(source)
    changed: list[str] = []
    for op, i1, i2, j1, j2 in SequenceMatcher(a=sw, b=cw, autojunk=False).get_opcodes():
        if op == "replace" and i2 - i1 == j2 - j1:
            # A spelling variant ("cancelled" -> "canceled") is not a rewrite either.
            pairs = zip(sw[i1:i2], cw[j1:j2], strict=True)
            changed += [w for a, b in pairs if not _spelling_variant(a, b) for w in (a, b)]
        elif op != "equal":
            changed += sw[i1:i2] + cw[j1:j2]
    return all(w in STOP_WORDS or not w.isalnum() for w in changed)


def _spelling_variant(a: str, b: str) -> bool:
    """British/American pairs and doubled letters: one letter in or out, or -our/-or."""
    if a == b:
        return True
    ops = [op for op in SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes() if op[0] != "equal"]
    return len(ops) == 1 and max(ops[0][2] - ops[0][1], ops[0][4] - ops[0][3]) == 1 \
        and ops[0][0] in {"insert", "delete"} and min(len(a), len(b)) >= 5
