"""Check any rewrite against its source: align, verify each sentence, measure copying.

The rewrite may come from a person, another tool or a chat model, so nothing is known
about which sentence restates which. The aligner (``verify.align``) finds that; the verify
stage's own ``FactChecker`` then judges each aligned group exactly as it judges the
pipeline's candidates, so "supported" means the same thing here as in ``rewrite``.

A rewrite may leave whole source sentences out: they are listed, and allowed. Within a
sentence the stage's judgement is kept whole by default: a detail left out (a number, a
name, a qualifier, a clause) can change a claim as surely as a changed word, and the checks
cannot tell which. ``allow_omissions`` (for summaries and shortened rewrites) lists such
details instead; a dropped "not", modal, qualifier or speaker still counts, since leaving
those out changes the claim rather than shortening it.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from rewrite_cli.document import Document, Finding, Originality, Sentence
from rewrite_cli.segment import segment
from rewrite_cli.verify.align import Alignment, align_bags, bag_from_doc
from rewrite_cli.verify.checker import ArticleContext, FactChecker
from rewrite_cli.verify.copied_runs import CopiedRunFinder
from rewrite_cli.verify.originality import (
    longest_copied_words,
    measure_originality,
    novel_bigram_ratio,
)
from rewrite_cli.verify.quotes import contains, read_quotes
from rewrite_cli.verify.text import words

ALTERED_QUOTE_SIMILARITY = 0.5  # a quote this close to a source quote was altered, not made up
LEFT_OUT_ROLE = "relation or role of the source left out"  # the checker's detail for it


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
    score: float = 0.0  # the alignment's similarity (0 when found by the free check)

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


def check_rewrite(source: Document, rewrite: Document, checker: FactChecker, *,
                  allow_omissions: bool = False) -> CheckResult:
    """Align ``rewrite`` to ``source`` (both cleaned documents) and verify every sentence."""
    src = document_sentences(source)
    out = document_sentences(rewrite)
    src_texts = [s.text for s in src]
    out_texts = [s.text for s in out]
    ctx = checker.context(src)
    bags = [bag_from_doc(doc) for doc in checker.parse([*src_texts, *out_texts], ctx)]
    alignments = align_bags(bags[: len(src)], bags[len(src):])
    verdicts: list[SentenceVerdict] = []
    for a in alignments:
        if not a.rewrite:
            continue
        if a.source:
            verdicts += _judge_group(a, src_texts, out_texts, checker, ctx, allow_omissions)
        else:
            verdicts.append(_judge_free(a.rewrite[0], out_texts, src_texts, checker, ctx))
    verdicts.sort(key=lambda v: v.index)
    used = {i for v in verdicts for i in v.sources}
    omitted = [i for i in range(len(src)) if i not in used]
    copied = longest_copied_span(out_texts, src_texts)
    return CheckResult(
        source=src,
        sentences=verdicts,
        omitted=omitted,
        quotes=quote_problems(" ".join(out_texts), " ".join(src_texts)),
        originality=measure_originality(out_texts, src_texts),
        copied_span=" ".join(copied),
        alignments=alignments,
    )


def longest_copied_span(outputs: list[str], sources: list[str]) -> list[str]:
    """The longest run of words any output sentence copies from the whole source.

    The source's word index is built once for all sentences; building it per sentence made
    a long rewrite's check quadratic in the article's length.
    """
    finder = CopiedRunFinder([w for t in sources for w in words(t)])
    best: list[str] = []
    for text in outputs:
        ws = words(text)
        start, size = finder.longest_span(ws)
        if size > len(best):
            best = ws[start:start + size]
    return best


def _judge_group(a: Alignment, src: list[str], out: list[str], checker: FactChecker,
                 ctx: ArticleContext, allow_omissions: bool) -> list[SentenceVerdict]:
    """Judge the aligned rewrite sentences together against their source sentence(s).

    A split is judged as one text, since each half alone lacks what the other says; each
    finding is then shown on the sentence that contains its span.
    """
    candidate = " ".join(out[i] for i in a.rewrite)
    source_text = " ".join(src[j] for j in a.source)
    findings = _judge(checker, candidate, source_text, ctx)
    allowed = (lambda f: _is_left_out(f)) if allow_omissions else (lambda f: False)
    changed = {f.span for f in findings if not allowed(f)}
    left_out = [f for f in findings if allowed(f) and f.span not in changed]
    per_sentence: dict[int, list[Finding]] = {i: [] for i in a.rewrite}
    for f in findings:
        if allowed(f):
            continue
        holder = next((i for i in a.rewrite if _mentions(out[i], f.span)), a.rewrite[0])
        per_sentence[holder].append(f)
    return [_verdict(i, out[i], a.kind, list(a.source), per_sentence[i], source_text,
                     left_out if i == a.rewrite[0] else [], a.score)
            for i in a.rewrite]


def _is_left_out(finding: Finding) -> bool:
    """A detail left out, which shortens the claim; dropped negations and the like change it."""
    return finding.reason == "omission" or finding.detail == LEFT_OUT_ROLE


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


def _judge(checker: FactChecker, candidate: str, source_text: str,
           ctx: ArticleContext) -> list[Finding]:
    """The verify stage's judgement, as it judges the pipeline's own candidates (with the
    omission checks on, so that a dropped "not" is seen; the caller sorts what was only
    left out from what was changed)."""
    checker._prepare([candidate, source_text], ctx)
    return checker._judge(candidate, source_text, source_text, ctx, omissions=True)


def _verdict(index: int, text: str, match: str, sources: list[int], findings: list[Finding],
             source_text: str, left_out: list[Finding] | None = None,
             score: float = 0.0) -> SentenceVerdict:
    cw, sw = words(text), words(source_text)
    return SentenceVerdict(index, text, match, sources, findings, left_out or [],
                           len(longest_copied_words(cw, sw)),
                           round(novel_bigram_ratio(cw, sw), 4), score)


def _mentions(sentence: str, span: str) -> bool:
    return bool(span) and contains(tuple(words(sentence)), tuple(words(span)))


def _short(text: str, width: int = 60) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def quote_problems(rewrite: str, source: str) -> list[QuoteProblem]:
    """Quotations of the rewrite that no source quotation contains word for word.

    One close to a source quote (most of its words, in order) was altered; any other was
    invented, including source words the source itself never put in quotation marks.
    Each quote is compared only with the source quotes that hold enough of its words to
    contain it or to be that close (``_QuoteIndex``), so a long article's hundreds of
    quotes are not all compared with each other.
    """
    source_quotes = read_quotes(source)
    index = _QuoteIndex(source_quotes)
    problems: list[QuoteProblem] = []
    for quote in read_quotes(rewrite):
        sharing = index.sharing(quote)
        if any(shared == len(quote) and contains(source_quotes[k], quote)
               for k, shared in sharing.items()):
            continue
        best, ratio = None, 0.0
        for k, shared in sharing.items():
            if shared < ALTERED_QUOTE_SIMILARITY * len(quote):
                continue
            r = _overlap(quote, source_quotes[k])
            if r > ratio:
                best, ratio = source_quotes[k], r
        text = " ".join(quote)
        if best is not None and ratio >= ALTERED_QUOTE_SIMILARITY:
            problems.append(QuoteProblem(text, "altered", " ".join(best)))
        else:
            problems.append(QuoteProblem(text, "invented"))
    return problems


class _QuoteIndex:
    """Which source quotes hold which words, to find the few a quote can be compared with."""

    def __init__(self, quotes: list[tuple[str, ...]]) -> None:
        self._counts = [Counter(q) for q in quotes]
        self._holders: dict[str, list[int]] = {}
        for k, count in enumerate(self._counts):
            for word in count:
                self._holders.setdefault(word, []).append(k)

    def sharing(self, quote: tuple[str, ...]) -> dict[int, int]:
        """Source quote index -> how many of ``quote``'s words (with repeats) it holds, in
        source order. No more of the quote than that can be found in it, in order or not."""
        shared: dict[int, int] = {}
        for word, times in Counter(quote).items():
            for k in self._holders.get(word, ()):
                shared[k] = shared.get(k, 0) + min(times, self._counts[k][word])
        return dict(sorted(shared.items()))


def _overlap(quote: tuple[str, ...], source_quote: tuple[str, ...]) -> float:
    """Share of the quote's words found, in order, in the source quote."""
    m = SequenceMatcher(None, quote, source_quote, autojunk=False)
    return sum(b.size for b in m.get_matching_blocks()) / len(quote)
