"""Check any rewrite against its source: align, verify each sentence, measure copying.

The rewrite may come from a person, another tool or a chat model, so nothing is known
about which sentence restates which. The aligner (``verify.align``) finds that; the verify
stage's own ``FactChecker`` then judges each aligned group exactly as it judges the
pipeline's candidates, so "supported" means the same thing here as in ``rewrite``.

A rewrite may leave things out: omitted source sentences and details (a number, a name,
a word) are listed but do not make the rewrite unsupported. Anything it adds or changes
does, and so does a dropped "not", modal, qualifier or speaker: leaving those out changes
the claim rather than shortening it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from difflib import SequenceMatcher

from rewrite_cli.document import Document, Finding, Originality, Sentence
from rewrite_cli.segment import segment
from rewrite_cli.verify.align import Alignment, align_sentences
from rewrite_cli.verify.checker import ArticleContext, FactChecker
from rewrite_cli.verify.originality import (
    longest_copied_words,
    measure_originality,
    novel_bigram_ratio,
)
from rewrite_cli.verify.quotes import contains, read_quotes
from rewrite_cli.verify.text import words

ALTERED_QUOTE_SIMILARITY = 0.5  # a quote this close to a source quote was altered, not made up


@dataclass(frozen=True)
class QuoteProblem:
    """A quotation in the rewrite that the source does not contain word for word."""

    text: str
    problem: str  # "altered" | "invented"
    source: str | None = None  # the source quote it most resembles (altered only)


@dataclass
class SentenceVerdict:
    """One rewrite sentence: what it restates and whether the source supports it."""

    index: int  # 0-based position among the rewrite's sentences
    text: str
    match: str  # alignment kind, or "elsewhere" when found outside the article's order
    sources: list[int]  # 0-based indices of the source sentences it was checked against
    findings: list[Finding]  # what makes it unsupported
    left_out: list[Finding]  # details of its source it does not repeat (allowed)
    copied_words: int  # longest run copied from its source sentence(s)
    novel_bigram_ratio: float

    @property
    def supported(self) -> bool:
        return not self.findings


@dataclass
class CheckResult:
    """Everything ``rewrite check`` reports about one rewrite."""

    source: list[Sentence]
    sentences: list[SentenceVerdict]
    omitted: list[int]  # source sentences no rewrite sentence restates
    quotes: list[QuoteProblem]
    originality: Originality
    copied_span: str  # the longest run of words copied from the source
    alignments: list[Alignment] = field(default_factory=list)

    @property
    def supported(self) -> bool:
        return all(s.supported for s in self.sentences) and not self.quotes

    @property
    def unsupported(self) -> list[SentenceVerdict]:
        return [s for s in self.sentences if not s.supported]


def document_sentences(document: Document) -> list[Sentence]:
    """The title (if any) and body sentences, segmented as the pipeline segments them."""
    body = segment(document)
    if not document.title:
        return body
    title = Sentence(document.title, 0, -1)
    return [title, *(Sentence(s.text, s.index + 1, s.paragraph) for s in body)]


def check_rewrite(source: Document, rewrite: Document, checker: FactChecker) -> CheckResult:
    """Align ``rewrite`` to ``source`` (both cleaned documents) and verify every sentence."""
    src = document_sentences(source)
    out = document_sentences(rewrite)
    src_texts = [s.text for s in src]
    out_texts = [s.text for s in out]
    ctx = checker.context(src)
    alignments = align_sentences(src_texts, out_texts, checker.nlp)
    verdicts: list[SentenceVerdict] = []
    for a in alignments:
        if not a.rewrite:
            continue
        if a.source:
            verdicts += _judge_group(a, src_texts, out_texts, checker, ctx)
        else:
            verdicts.append(_judge_free(a.rewrite[0], out_texts, src_texts, checker, ctx))
    verdicts.sort(key=lambda v: v.index)
    used = {i for v in verdicts for i in v.sources}
    omitted = [i for i in range(len(src)) if i not in used]
    source_words = [w for t in src_texts for w in words(t)]
    copied = max((longest_copied_words(words(t), source_words) for t in out_texts),
                 key=len, default=[])
    return CheckResult(
        source=src,
        sentences=verdicts,
        omitted=omitted,
        quotes=quote_problems(" ".join(out_texts), " ".join(src_texts)),
        originality=measure_originality(out_texts, src_texts),
        copied_span=" ".join(copied),
        alignments=alignments,
    )


def _judge_group(a: Alignment, src: list[str], out: list[str], checker: FactChecker,
                 ctx: ArticleContext) -> list[SentenceVerdict]:
    """Judge the aligned rewrite sentences together against their source sentence(s).

    A split is judged as one text, since each half alone lacks what the other says; each
    finding is then shown on the sentence that contains its span.
    """
    candidate = " ".join(out[i] for i in a.rewrite)
    source_text = " ".join(src[j] for j in a.source)
    findings = _judge(checker, candidate, source_text, ctx, omissions=True)
    changed = {f.span for f in findings if not _is_left_out(f)}
    left_out = [f for f in findings if _is_left_out(f) and f.span not in changed]
    per_sentence: dict[int, list[Finding]] = {i: [] for i in a.rewrite}
    for f in findings:
        if _is_left_out(f):
            continue
        holder = next((i for i in a.rewrite if _mentions(out[i], f.span)), a.rewrite[0])
        per_sentence[holder].append(f)
    return [_verdict(i, out[i], a.kind, list(a.source), per_sentence[i], source_text,
                     left_out if i == a.rewrite[0] else [])
            for i in a.rewrite]


def _is_left_out(finding: Finding) -> bool:
    """A detail left out, which shortens the claim; dropped negations and the like change it."""
    return finding.reason == "omission" or finding.detail == "relation or role of the source " \
        "left out"


def _judge_free(index: int, out: list[str], src: list[str], checker: FactChecker,
                ctx: ArticleContext) -> SentenceVerdict:
    """A sentence the alignment left unpaired may still restate facts from anywhere.

    The checker's free-sentence check (as for summaries) looks for support in the whole
    article; only if it finds none, or the support does not hold, is it unsupported.
    """
    text = out[index]
    supports, findings = checker.check_free_sentence(text, ctx)
    sources = [src.index(s) for s in supports if s in src]
    if findings or not sources:
        reason = Finding("invented", _short(text), "restates no sentence of the source")
        return _verdict(index, text, "invented", sources, [reason, *findings], " ".join(supports))
    return _verdict(index, text, "elsewhere", sources, [], " ".join(supports))


def _judge(checker: FactChecker, candidate: str, source_text: str, ctx: ArticleContext,
           omissions: bool) -> list[Finding]:
    """The verify stage's judgement, as it judges the pipeline's own candidates.

    ``omissions`` False judges only what the candidate adds (a sentence restating part of
    the article from anywhere, as a summary sentence would).
    """
    checker._prepare([candidate, source_text], ctx)
    return checker._judge(candidate, source_text, source_text, ctx, omissions=omissions)


def _verdict(index: int, text: str, match: str, sources: list[int], findings: list[Finding],
             source_text: str, left_out: list[Finding] | None = None) -> SentenceVerdict:
    cw, sw = words(text), words(source_text)
    return SentenceVerdict(index, text, match, sources, findings, left_out or [],
                           len(longest_copied_words(cw, sw)),
                           round(novel_bigram_ratio(cw, sw), 4))


def _mentions(sentence: str, span: str) -> bool:
    return bool(span) and contains(tuple(words(sentence)), tuple(words(span)))


def _short(text: str, width: int = 60) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def quote_problems(rewrite: str, source: str) -> list[QuoteProblem]:
    """Quotations of the rewrite that no source quotation contains word for word.

    One close to a source quote (most of its words, in order) was altered; any other was
    invented, including source words the source itself never put in quotation marks.
    """
    source_quotes = read_quotes(source)
    problems: list[QuoteProblem] = []
    for quote in read_quotes(rewrite):
        if any(contains(sq, quote) for sq in source_quotes):
            continue
        best, ratio = None, 0.0
        for sq in source_quotes:
            r = _overlap(quote, sq)
            if r > ratio:
                best, ratio = sq, r
        text = " ".join(quote)
        if best is not None and ratio >= ALTERED_QUOTE_SIMILARITY:
            problems.append(QuoteProblem(text, "altered", " ".join(best)))
        else:
            problems.append(QuoteProblem(text, "invented"))
    return problems


def _overlap(quote: tuple[str, ...], source_quote: tuple[str, ...]) -> float:
    """Share of the quote's words found, in order, in the source quote."""
    m = SequenceMatcher(None, quote, source_quote, autojunk=False)
    return sum(b.size for b in m.get_matching_blocks()) / len(quote)
