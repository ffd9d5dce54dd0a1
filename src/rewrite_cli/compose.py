"""Assemble the published article from verified sentences, headline and attribution."""

from __future__ import annotations

from itertools import groupby

from rewrite_cli.attribution import Attribution
from rewrite_cli.document import InputInfo, Report, Rewrite, VerifiedSentence

# A summary reads better as one block until it is long enough to need a break.
SUMMARY_SENTENCES_PER_PARAGRAPH = 5


def paragraphs_of(sentences: list[VerifiedSentence], mode: str) -> list[str]:
    """Rewrites keep the article's paragraphs; summaries are short blocks of sentences."""
    if mode == "summary":
        size = SUMMARY_SENTENCES_PER_PARAGRAPH
        return [
            " ".join(s.text for s in sentences[i : i + size])
            for i in range(0, len(sentences), size)
        ]
    return [
        " ".join(s.text for s in group)
        for _, group in groupby(sentences, key=lambda s: s.paragraph)
    ]


def compose(
    *,
    headline: str,
    sentences: list[VerifiedSentence],
    attribution: Attribution,
    position: str,
    mode: str,
    engine: str,
    model: str | None,
    input_info: InputInfo,
    report: Report,
    timings: dict[str, float],
    engine_stats: dict[str, float] | None = None,
    notes: list[str] | None = None,
) -> Rewrite:
    return Rewrite(
        headline=headline,
        paragraphs=paragraphs_of(sentences, mode),
        disclaimer=attribution.disclaimer,
        disclaimer_position=position,
        sources=attribution.sources,
        mode=mode,
        engine=engine,
        model=model,
        input=input_info,
        report=report,
        timings=timings,
        engine_stats=dict(engine_stats or {}),
        notes=list(notes or []),
    )
