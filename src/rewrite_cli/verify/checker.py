"""The fact checker: parses an article once, then judges every candidate against it.

Engines only propose wording; this decides what is published. A candidate that fails
any check is rejected with its findings, and the source wording is kept instead.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from rewrite_cli.document import (
    Candidate,
    Draft,
    Finding,
    PlanUnit,
    Rejection,
    Sentence,
    VerifiedSentence,
    Vouch,
)
from rewrite_cli.verify.checks import (
    check_attribution,
    check_dates,
    check_entities,
    check_meaning,
    check_numbers,
    check_order,
    check_ordinals,
    check_quotes,
    check_wording,
)
from rewrite_cli.verify.entities import NameIndex, merge_indexes
from rewrite_cli.verify.facts import Facts, read_facts
from rewrite_cli.verify.judge import ClaimJudge
from rewrite_cli.verify.lexicon import load_lexicon
from rewrite_cli.verify.originality import is_trivial_edit, sentence_originality
from rewrite_cli.verify.quotes import read_quotes
from rewrite_cli.verify.text import squash, words
from rewrite_cli.verify.word_align import Alignment, align

# Findings that only say the wording differs: a word of the source has no vetted
# equivalent in the rewrite, or a relation is read on words the aligner could not pair.
# The claim judge may overrule these, never the others (numbers, dates, names, quotes,
# negation, speakers, a swap of who did what to whom).
WORDING_REASONS = frozenset({"addition", "omission", "role", "order", "inflection", "tense",
                             "modality", "polarity", "repetition"})
_FACT_DETAILS = frozenset({
    "name not in the source sentence", "date of the source left out",
    "name of the source left out", "number of the source left out",
    "rank of the source left out", "who did what to whom swapped",
})


def is_wording_finding(finding: Finding) -> bool:
    """Whether ``finding`` is about wording only (the claim judge may overrule it)."""
    return finding.reason in WORDING_REASONS and finding.detail not in _FACT_DETAILS


@dataclass
class ArticleContext:
    """One article, parsed once: its sentences, their facts and its quotations.

    ``facts`` is a per-article cache (text -> facts) so each text is parsed at most once.
    """

    sentences: list[Sentence]
    quotes: tuple[tuple[str, ...], ...]
    facts: dict[str, Facts] = field(default_factory=dict)
    names: NameIndex | None = None  # every name the article mentions
    words: list[frozenset[str]] | None = None  # each sentence's words (for ``align``)


class FactChecker:
    """Holds the spaCy pipeline (loaded once per process) and applies every check."""

    def __init__(self, nlp=None, meaning=None, *, wording: bool = True,
                 judge: ClaimJudge | None = None) -> None:
        self._nlp = nlp
        self.wording = wording  # compare content words both ways (see verify.wording)
        self.meaning = meaning  # optional extra judge: (candidate, source) -> Finding | None
        self.judge = judge  # may overrule wording-only findings (see verify.judge)

    @property
    def nlp(self):
        if self._nlp is None:
            from rewrite_cli.nlp import load_english

            self._nlp = load_english()
        return self._nlp

    def context(self, sentences: list[Sentence]) -> ArticleContext:
        """Collect the article's quotations; the parse waits until a candidate needs it.

        An engine that proposes nothing (the extractive one) then never pays for loading
        or running the parser.
        """
        article = " ".join(s.text for s in sentences)
        return ArticleContext(sentences=list(sentences), quotes=tuple(read_quotes(article)))

    def _names(self, ctx: ArticleContext) -> NameIndex:
        """Every name the article mentions, parsing the whole article in one batch once."""
        if ctx.names is None:
            self._prepare((s.text for s in ctx.sentences), ctx)
            ctx.names = merge_indexes([ctx.facts[s.text].names for s in ctx.sentences])
        return ctx.names

    def parse(self, texts: Sequence[str], ctx: ArticleContext) -> list:
        """Parse ``texts`` in one batch, keep their facts in ``ctx`` and return the parses.

        A caller that needs more from the same parse (``rewrite check``'s sentence aligner
        reads its word bags from it) then does not parse the article a second time.
        """
        unique = list(dict.fromkeys(texts))
        docs = dict(zip(unique, self.nlp.pipe(unique), strict=True))
        for text, doc in docs.items():
            ctx.facts.setdefault(text, read_facts(doc))
        return [docs[t] for t in texts]

    def _prepare(self, texts: Iterable[str], ctx: ArticleContext) -> None:
        todo = list(dict.fromkeys(t for t in texts if t not in ctx.facts))
        if not todo:
            return
        for text, doc in zip(todo, self.nlp.pipe(todo), strict=True):
            ctx.facts[text] = read_facts(doc)

    def _facts(self, text: str, ctx: ArticleContext) -> Facts:
        if text not in ctx.facts:
            self._prepare([text], ctx)
        return ctx.facts[text]

    def check(self, candidate: str, unit: PlanUnit, ctx: ArticleContext) -> list[Finding]:
        """Everything wrong with ``candidate`` as a rendering of ``unit`` (empty = supported)."""
        source_text = " ".join(s.text for s in unit.sources) or unit.text
        self._prepare([candidate, source_text, unit.text], ctx)
        return self._judge(candidate, source_text, unit.text, ctx, omissions=True)

    def _judge(self, candidate: str, source_text: str, unit_text: str, ctx: ArticleContext,
               omissions: bool) -> list[Finding]:
        cand = self._facts(candidate, ctx)
        source = self._facts(source_text, ctx)
        unit = self._facts(unit_text, ctx)
        aligned = self._align(cand, source, unit)
        findings = [
            *check_numbers(cand, source, unit),
            *check_ordinals(cand, source, unit),
            *check_dates(cand, source, unit),
            *check_entities(cand, source, unit, self._names(ctx)),
            *check_quotes(cand, source, ctx.quotes),
            *check_attribution(cand, source, unit),
            *check_meaning(cand, unit, drops=omissions, aligned=aligned),
        ]
        if self.wording:
            findings += check_wording(cand, source, unit, drops=omissions, aligned=aligned)
        if not omissions:
            findings = [f for f in findings if f.reason != "omission"
                        and "left out" not in f.detail and f.detail != "drops who said it"]
        if not findings and self.meaning is not None:
            extra = self.meaning(candidate, unit_text)
            if extra is not None:
                findings.append(extra)
        return list(dict.fromkeys(findings))

    def _align(self, cand: Facts, source: Facts, unit: Facts) -> Alignment:
        """Which rewrite words stand for which source words (none without the wording check,
        which is what compares words at all)."""
        if not self.wording:
            return Alignment()
        return align(cand, source, unit, load_lexicon())

    def vouch(self, findings: list[Finding], source: str, candidate: str) -> Vouch | None:
        """The claim judge's acceptance when every finding is about wording only.

        Without a judge, or with any finding about a fact, the rules stand as they are.
        """
        if not findings or self.judge is None or not all(map(is_wording_finding, findings)):
            return None
        ok, score = self.judge.keeps_claims(source, candidate)
        return Vouch(round(score, 4), tuple(findings)) if ok else None

    def select(self, draft: Draft, ctx: ArticleContext) -> VerifiedSentence:
        """Publish the most original candidate that keeps every fact, else the unit's text."""
        unit = draft.unit
        vouched: dict[str, Vouch] = {}
        passing, rejected = self._sort(draft.candidates, unit, ctx, vouched=vouched)
        sources = [s.text for s in unit.sources]
        best = _most_original(passing, unit.text)
        if best is not None and squash(best.text) != squash(unit.text):
            return VerifiedSentence(best.text.strip(), sources, unit.paragraph, "rewritten",
                                    best.origin, rejected, vouched=vouched.get(best.text))
        status = "compressed" if unit.compressed else "kept"
        origin = "compress" if unit.compressed else "source"
        return VerifiedSentence(unit.text, sources, unit.paragraph, status, origin, rejected)

    def _sort(self, candidates: list[Candidate], unit: PlanUnit, ctx: ArticleContext,
              order: bool = True, vouched: dict[str, Vouch] | None = None
              ) -> tuple[list[Candidate], list[Rejection]]:
        """Split candidates into passing and rejected; ``order`` holds a model's sentence
        rewrites to the source's order of names (not headlines, which are reordered freely).
        Only a caller that records them in ``vouched`` (and so reports them) lets the claim
        judge pass candidates."""
        passing: list[Candidate] = []
        rejected: list[Rejection] = []
        for cand in candidates:
            if not cand.text.strip():
                rejected.append(Rejection(cand.text, cand.origin,
                                          [Finding("empty", "", "candidate is empty")]))
                continue
            findings = self.check(cand.text, unit, ctx)
            if self.wording and order and cand.origin == "model":
                cand_facts, unit_facts = self._facts(cand.text, ctx), self._facts(unit.text, ctx)
                source_facts = self._facts(" ".join(s.text for s in unit.sources) or unit.text,
                                           ctx)
                aligned = self._align(cand_facts, source_facts, unit_facts)
                findings += check_order(cand_facts, unit_facts, aligned)
            vouch = self.vouch(findings, unit.text, cand.text) if vouched is not None else None
            if vouch is not None:
                findings = []
                vouched[cand.text] = vouch
            if not findings and is_trivial_edit(cand.text, unit.text):
                findings = [Finding("trivial", "", "changes only punctuation or small words")]
            if findings:
                rejected.append(Rejection(cand.text, cand.origin, findings))
            else:
                passing.append(cand)
        return passing, rejected

    def select_headline(self, candidates: list[Candidate], title: str, ctx: ArticleContext
                        ) -> tuple[str, str, list[Rejection]]:
        """Pick a headline by the same rules, with the original title as its only source."""
        unit = PlanUnit(sources=(Sentence(title, -1, -1),), text=title, paragraph=0)
        passing, rejected = self._sort(candidates, unit, ctx, order=False)
        best = _most_original(passing, title)
        if best is not None and squash(best.text) != squash(title):
            return best.text.strip(), "rewritten", rejected
        return title, "kept", rejected

    def align(self, sentence: str, ctx: ArticleContext, limit: int = 3) -> list[Sentence]:
        """The source sentence(s) that best support a free-standing summary sentence."""
        self._prepare([sentence], ctx)
        target = set(words(sentence))
        if not target or not ctx.sentences:
            return []
        if ctx.words is None:  # once per article: a long rewrite has many free sentences
            ctx.words = [frozenset(words(s.text)) for s in ctx.sentences]
        overlap = {s.index: target & sw for s, sw in zip(ctx.sentences, ctx.words, strict=True)}
        scored = sorted(ctx.sentences, key=lambda s: -len(overlap[s.index]))
        chosen = [scored[0]]
        covered = set(overlap[scored[0].index])
        for s in scored[1:]:
            if len(chosen) >= limit:
                break
            gain = overlap[s.index] - covered
            if len(gain) >= 2:
                chosen.append(s)
                covered |= gain
        return sorted(chosen, key=lambda s: s.index)

    def check_free_sentence(self, sentence: str, ctx: ArticleContext
                            ) -> tuple[list[str], list[Finding]]:
        """Check a summary sentence tied to no unit: align it, then check additions only."""
        sources = self.align(sentence, ctx)
        if not sources:
            return [], [Finding("unsupported", sentence, "no source sentence supports it")]
        source_text = " ".join(s.text for s in sources)
        self._prepare([source_text], ctx)
        findings = self._judge(sentence, source_text, source_text, ctx, omissions=False)
        return [s.text for s in sources], findings

    def verify(self, drafts: list[Draft], ctx: ArticleContext) -> list[VerifiedSentence]:
        """Select for every draft, parsing all candidates in one spaCy batch first."""
        texts: list[str] = []
        for d in drafts:
            if not d.candidates:
                continue
            texts.append(d.unit.text)
            texts.append(" ".join(s.text for s in d.unit.sources) or d.unit.text)
            texts.extend(c.text for c in d.candidates if c.text.strip())
        self._prepare(texts, ctx)
        return [self.select(d, ctx) for d in drafts]


def _most_original(passing: list[Candidate], source: str) -> Candidate | None:
    if not passing:
        return None
    return max(passing, key=lambda c: sentence_originality(c.text, source))
