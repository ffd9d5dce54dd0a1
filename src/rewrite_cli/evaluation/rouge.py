"""ROUGE scoring and the Lead-3 baseline, the yardstick for summary mode.

Lead-3 (the first three sentences) is hard to beat on news, so a summarizer that scores
below it is not worth its complexity; every change to ranking or compression is measured
against it with the same scorer.
"""

from __future__ import annotations

from collections.abc import Sequence

from rouge_score import rouge_scorer

ROUGE_TYPES = ("rouge1", "rouge2", "rougeLsum")


def lead3(sentences: Sequence[str]) -> list[str]:
    """The first three sentences: the standard extractive baseline for news."""
    return list(sentences[:3])


def rouge(summary_sentences: Sequence[str], reference: str) -> dict[str, float]:
    """ROUGE-1/2 F1 and ROUGE-Lsum F1 (one sentence per line), with stemming.

    ``reference`` has one sentence per line, as in the CNN/DailyMail highlights.
    """
    scorer = rouge_scorer.RougeScorer(list(ROUGE_TYPES), use_stemmer=True)
    scores = scorer.score(reference.strip(), "\n".join(s.strip() for s in summary_sentences))
    return {name: scores[name].fmeasure for name in ROUGE_TYPES}
