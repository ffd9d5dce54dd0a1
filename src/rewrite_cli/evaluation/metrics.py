"""Scoring one published output, and averaging the scores of a system over a dataset.

Quality (ROUGE), faithfulness (statements the verify stage could not support), originality
(new word pairs, longest copied run) and cost (seconds, memory) sit side by side because
each alone misleads: copying the source scores well on ROUGE and faithfulness, and a
fluent model can score well on ROUGE while inventing facts.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from statistics import fmean

from rewrite_cli.document import Report
from rewrite_cli.evaluation.rouge import ROUGE_TYPES, rouge
from rewrite_cli.verify.text import words

# Finding reasons of the verify stage, grouped the way a reader asks about them.
UNSUPPORTED_GROUPS = {
    "number": "numbers", "unit_frame": "numbers", "ordinal": "numbers", "date": "numbers",
    "entity": "entities", "speaker": "entities", "attribution": "entities",
    "quote": "quotes",
}
UNSUPPORTED_KINDS = ("numbers", "entities", "quotes", "other")


def score_output(report: Report, reference: str | None) -> dict[str, float]:
    """Every per-article metric of one published output (ROUGE only with a reference).

    ``unsupported`` counts what was published without support; ``rejected`` counts the
    engine's candidates the verify stage caught (and did not publish), with
    ``rejected_numbers`` etc. counting candidates with at least one finding of that kind.
    """
    texts = [s.text for s in report.sentences]
    n = max(1, len(report.sentences))
    scores: dict[str, float] = {}
    if reference:
        scores.update(rouge(texts, reference))
    unsupported = Counter(
        UNSUPPORTED_GROUPS.get(item["reason"], "other") for item in report.unsupported
    )
    rejected = [r for s in report.sentences for r in s.rejected]
    caught = Counter(
        group for r in rejected
        for group in {UNSUPPORTED_GROUPS.get(f.reason, "other") for f in r.findings}
    )
    scores.update({
        "sentences": float(len(texts)),
        "words": float(sum(len(words(t)) for t in texts)),
        "novel_bigram_ratio": report.originality.novel_bigram_ratio,
        "longest_copied_span": float(report.originality.longest_copied_span),
        "verbatim_share": report.originality.verbatim_share,
        "unsupported": float(sum(unsupported.values())),
        **{f"unsupported_{kind}": float(unsupported[kind]) for kind in UNSUPPORTED_KINDS},
        "rejected": float(len(rejected)),
        **{f"rejected_{kind}": float(caught[kind]) for kind in UNSUPPORTED_KINDS},
        "rewritten_share": report.count("rewritten") / n,
        "compressed_share": report.count("compressed") / n,
        "kept_share": report.count("kept") / n,
    })
    return scores


def average(per_article: Iterable[Mapping[str, float]]) -> dict[str, float]:
    """Mean of each metric over the articles that have it (ROUGE needs a reference)."""
    columns: dict[str, list[float]] = {}
    for scores in per_article:
        for name, value in scores.items():
            columns.setdefault(name, []).append(value)
    return {name: fmean(values) for name, values in columns.items()}


__all__ = ["ROUGE_TYPES", "UNSUPPORTED_KINDS", "average", "score_output"]
