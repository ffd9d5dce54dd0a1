"""The server engine: a chat model behind an OpenAI-compatible server proposes the rewrites.

Strong models write better with context, so by default the model rewrites a passage at a
time (whole paragraphs, packed up to ``max_words``; the whole article when it fits). Its
answer is split into sentences and aligned to the source sentences (one to one, split or
merged; ``verify.align``, the aligner of ``rewrite check``), and every aligned piece is
checked by the ``FactChecker`` right away. A piece the checker rejects is asked for once
more, with the findings as feedback ("'12.4': no source number has this value"); if that
fails too, the source sentence stays. ``unit="sentence"`` asks one sentence per request
instead, to compare.

Facts are protected exactly as for local models (``protect``): the model sees
placeholders, and a piece that drops, repeats or invents one cannot be restored.

Every request is recorded as an ``Exchange`` on its drafts, so ``--report`` and the JSON
report show what was asked, answered, retried and published for every sentence. The
pipeline's verify stage still judges every candidate again: this engine only proposes.

Requests run on a thread pool as wide as the client allows (``--concurrency`` per
endpoint, times the endpoints), so every server stays busy; the fact checker is not
thread-safe and runs under a lock, which costs little beside the model's seconds.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import FIRST_EXCEPTION, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field

from rewrite_cli.document import Candidate, Draft, Exchange, Plan, PlanUnit, Sentence
from rewrite_cli.engines.base import Generation
from rewrite_cli.engines.chat_client import ChatClient
from rewrite_cli.engines.prompts import CHAT, PromptSet, chat_messages, clean_output, clean_passage
from rewrite_cli.engines.protect import (
    DEFAULT_STYLE,
    Protected,
    fill,
    join,
    protect_together,
    restore,
)
from rewrite_cli.verify.align import Alignment, align_sentences
from rewrite_cli.verify.checker import ArticleContext, FactChecker

# (source sentences, answer sentences, spaCy pipeline) -> alignments
Aligner = Callable[[Sequence[str], Sequence[str], object], list[Alignment]]

ORIGIN = "model"
REPEATS_SOURCE = "repeats the source"
TRIVIAL = "changes only punctuation or small words"
UNITS = ("paragraph", "sentence")


@dataclass
class _Passage:
    """Consecutive plan units sent in one request."""

    plan: int
    request: int
    units: list[PlanUnit]
    protected: list[Protected]

    def masked_text(self) -> str:
        """The units as the model sees them, paragraphs apart by a blank line."""
        parts: list[str] = []
        for i, (unit, item) in enumerate(zip(self.units, self.protected, strict=True)):
            if i and unit.paragraph != self.units[i - 1].paragraph:
                parts.append("\n\n")
            elif i:
                parts.append(" ")
            parts.append(item.masked)
        return "".join(parts)


@dataclass
class _Tally:
    """What the requests cost; summed over threads under the engine's lock."""

    requests: int = 0
    retries: int = 0
    attempts: int = 0
    prompt_tokens: int = 0
    new_tokens: int = 0
    answered_pieces: int = 0
    passed_pieces: int = 0
    left_out: int = 0
    extra_sentences: int = 0
    served: dict[str, int] = field(default_factory=dict)


class ServerEngine:
    """Proposes rewrites from a chat server; see the module docstring for the flow."""

    name = "server"

    def __init__(
        self,
        client: ChatClient,
        *,
        checker: FactChecker,
        nlp=None,
        unit: str = "paragraph",
        seed: int = 0,
        max_words: int = 180,
        feedback: bool = True,
        aligner: Aligner = align_sentences,
        prompts: PromptSet = CHAT,
    ) -> None:
        if unit not in UNITS:
            raise ValueError(f"unit must be one of {', '.join(UNITS)}")
        self.client = client
        self.model: str | None = client.model_name()  # probes the server: fails fast if down
        self.checker = checker
        self.nlp = nlp
        self.unit = unit
        self.seed = seed
        self.max_words = max_words
        self.feedback = feedback
        self.aligner = aligner
        self.prompts = prompts
        self._lock = threading.Lock()

    def generate(self, plans: Sequence[Plan]) -> list[Generation]:
        started = time.perf_counter()
        tally = _Tally()
        contexts = [self.checker.context(_plan_sentences(plan)) for plan in plans]
        passages = [p for index, plan in enumerate(plans) for p in self._passages(index, plan)]
        titles = [(i, self._protect([str(p.headline)])[0]) for i, p in enumerate(plans)
                  if p.headline]
        with ThreadPoolExecutor(max_workers=self.client.workers) as pool:
            drafts_of = [
                pool.submit(self._rewrite_passage, p, contexts[p.plan], tally) for p in passages
            ]
            headline_of = [pool.submit(self._headline, t, tally) for _, t in titles]
            _wait_all([*drafts_of, *headline_of], pool)
        by_plan: list[list[Draft]] = [[] for _ in plans]
        for passage, future in zip(passages, drafts_of, strict=True):
            by_plan[passage.plan].extend(future.result())
        headlines: dict[int, list[Candidate]] = {
            i: future.result() for (i, _), future in zip(titles, headline_of, strict=True)
        }
        stats = self._stats(tally, time.perf_counter() - started)
        return [
            Generation(drafts, headlines.get(i, []), dict(stats))
            for i, drafts in enumerate(by_plan)
        ]

    def _passages(self, index: int, plan: Plan) -> list[_Passage]:
        protected = self._protect([unit.text for unit in plan.units])
        passages: list[_Passage] = []
        words = 0
        for unit, item in zip(plan.units, protected, strict=True):
            size = len(unit.text.split())
            if (
                not passages
                or self.unit == "sentence"
                or words + size > self.max_words
            ):
                passages.append(_Passage(index, len(passages) + 1, [], []))
                words = 0
            passages[-1].units.append(unit)
            passages[-1].protected.append(item)
            words += size
        return passages

    def _protect(self, texts: list[str]) -> list[Protected]:
        with self._lock:
            return protect_together(texts, nlp=self.nlp)

    def _rewrite_passage(self, passage: _Passage, ctx: ArticleContext, tally: _Tally
                         ) -> list[Draft]:
        """Ask for the passage, align the answer, check each piece, retry the failures."""
        single = len(passage.units) == 1
        asked = passage.masked_text()
        task = "rewrite" if single else "passage"
        messages = chat_messages(self.prompts, task, asked, placeholders=_has_slots(passage))
        answer = self._ask(messages, asked, tally)
        sentences = clean_passage(answer)
        # Aligned with the facts put back, so names and numbers can anchor the pairs.
        readable = [fill(s, join(passage.protected)) for s in sentences]
        with self._lock:
            pairs = self.aligner([u.text for u in passage.units], readable, self._parser())
        drafts: list[Draft] = []
        for pair in pairs:
            if not pair.source:
                with self._lock:
                    tally.extra_sentences += len(pair.rewrite)
                continue
            units = [passage.units[i] for i in pair.source]
            protected = [passage.protected[i] for i in pair.source]
            if not pair.rewrite:
                with self._lock:
                    tally.left_out += len(units)
                drafts += [
                    Draft(u, [], [Exchange(passage.request, p.masked, None, None,
                                           ("the model left this sentence out",))])
                    for u, p in zip(units, protected, strict=True)
                ]
                continue
            answered = " ".join(sentences[j] for j in pair.rewrite)
            drafts += self._settle(passage.request, units, protected, answered, ctx, tally)
        # A swapped pair comes in the answer's order; the article keeps the source's.
        return sorted(drafts, key=lambda d: min(s.index for s in d.unit.sources))

    def _parser(self):
        return self.nlp if self.nlp is not None else self.checker.nlp

    def _settle(self, request: int, units: list[PlanUnit], protected: list[Protected],
                answered: str, ctx: ArticleContext, tally: _Tally) -> list[Draft]:
        """Check an aligned piece; on failure ask once more with the findings as feedback."""
        group = join(protected)
        unit = _merged(units)
        first = self._judge(request, group, unit, answered, ctx, retry=False)
        exchanges = [first]
        if _worth_retrying(first) and self.feedback and unit is not None:
            task = "rewrite" if len(units) == 1 else "passage"
            messages = chat_messages(self.prompts, task, group.masked,
                                     placeholders=bool(group.slots))
            messages += [
                {"role": "assistant", "content": answered},
                {"role": "user", "content": self.prompts.retry.format(
                    problems="; ".join(first.findings))},
            ]
            with self._lock:
                tally.retries += 1
            again = " ".join(clean_passage(self._ask(messages, group.masked, tally)))
            exchanges.append(self._judge(request, group, unit, again, ctx, retry=True))
        with self._lock:
            tally.answered_pieces += 1
            tally.passed_pieces += not exchanges[-1].findings
        candidates = [Candidate(e.candidate, ORIGIN) for e in exchanges if e.candidate]
        if unit is not None and (len(units) == 1 or not exchanges[-1].findings):
            return [Draft(unit, candidates if len(units) == 1 else candidates[-1:], exchanges)]
        # A merge that failed: each source sentence stands alone, unrewritten.
        return [Draft(u, [], exchanges) for u in units]

    def _judge(self, request: int, group: Protected, unit: PlanUnit | None, answered: str,
               ctx: ArticleContext, *, retry: bool) -> Exchange:
        def exchange(candidate: str | None, findings: Sequence[str]) -> Exchange:
            return Exchange(request, group.masked, answered or None, candidate,
                            tuple(findings), retry)

        if not answered.strip():
            return exchange(None, ("the answer was empty or unfinished",))
        if unit is None:
            return exchange(None, ("merges sentences of two paragraphs",))
        restored = restore(answered, group)
        if restored.text is None:
            return exchange(None, _placeholder_feedback(answered, group))
        with self._lock:
            verdict = self.checker.select(Draft(unit, [Candidate(restored.text, ORIGIN)]), ctx)
        if verdict.status == "rewritten":
            return exchange(restored.text, ())
        found = [f for r in verdict.rejected for f in r.findings]
        if found and all(f.reason == "trivial" for f in found):
            return exchange(restored.text, (TRIVIAL,))
        findings = [f"'{f.span}': {f.detail or f.reason}" if f.span else f.detail or f.reason
                    for f in found]
        return exchange(restored.text, findings or (REPEATS_SOURCE,))

    def _headline(self, protected: Protected, tally: _Tally) -> list[Candidate]:
        messages = chat_messages(self.prompts, "headline", protected.masked,
                                 placeholders=bool(protected.slots))
        cleaned = clean_output(self._ask(messages, protected.masked, tally), task="headline")
        restored = restore(cleaned, protected) if cleaned else None
        return [Candidate(restored.text, ORIGIN)] if restored and restored.text else []

    def _ask(self, messages: list[dict[str, str]], asked: str, tally: _Tally) -> str:
        completion = self.client.complete(
            messages, max_tokens=_budget(asked), seed=self.seed
        )
        with self._lock:
            tally.requests += 1
            tally.attempts += completion.attempts
            tally.prompt_tokens += completion.prompt_tokens
            tally.new_tokens += completion.completion_tokens
            tally.served[completion.endpoint] = tally.served.get(completion.endpoint, 0) + 1
        return completion.text

    def _stats(self, tally: _Tally, seconds: float) -> dict[str, float]:
        stats = {
            "requests": float(tally.requests),
            "retries": float(tally.retries),
            "http_attempts": float(tally.attempts),
            "prompt_tokens": float(tally.prompt_tokens),
            "new_tokens": float(tally.new_tokens),
            "seconds": seconds,
            "answered_pieces": float(tally.answered_pieces),
            "passed_pieces": float(tally.passed_pieces),
            "left_out": float(tally.left_out),
            "extra_sentences": float(tally.extra_sentences),
            "endpoints_used": float(len(tally.served)),
        }
        if seconds > 0:
            stats["tokens_per_second"] = tally.new_tokens / seconds
        return stats


def _wait_all(futures: list[Future], pool: ThreadPoolExecutor) -> None:
    """Wait for every request; on the first failure cancel the rest and raise it."""
    done, _ = wait(futures, return_when=FIRST_EXCEPTION)
    for future in done:
        if future.exception() is not None:
            pool.shutdown(wait=True, cancel_futures=True)
            raise future.exception()  # type: ignore[misc]


def _plan_sentences(plan: Plan) -> list[Sentence]:
    found = {s.index: s for unit in plan.units for s in unit.sources}
    found.update({s.index: s for s, _ in plan.dropped})
    return [found[i] for i in sorted(found)]


def _merged(units: list[PlanUnit]) -> PlanUnit | None:
    """One unit for source sentences the model merged; None across a paragraph break."""
    if len(units) == 1:
        return units[0]
    if len({u.paragraph for u in units}) > 1:
        return None
    return PlanUnit(
        sources=tuple(s for u in units for s in u.sources),
        text=" ".join(u.text for u in units),
        paragraph=units[0].paragraph,
        compressed=any(u.compressed for u in units),
    )


_NOT_FACTS = frozenset({REPEATS_SOURCE, TRIVIAL, "merges sentences of two paragraphs"})


def _worth_retrying(exchange: Exchange) -> bool:
    """Feedback is about facts: an answer that only repeats the source is not asked again."""
    return any(f not in _NOT_FACTS for f in exchange.findings)


def _has_slots(passage: _Passage) -> bool:
    return any(p.slots for p in passage.protected)


def _placeholder_feedback(answer: str, group: Protected) -> tuple[str, ...]:
    """What the answer did to the placeholders, in the model's own terms ([NUMBER_1])."""
    pattern = DEFAULT_STYLE.pattern()
    found = [f"[{m.group(1).upper()}_{m.group(2)}]" for m in pattern.finditer(answer)]
    problems = []
    for slot in group.slots:
        expected, seen = group.masked.count(slot.key), found.count(slot.key)
        if seen < expected:
            problems.append(f"you left out {slot.key}")
        elif seen > expected:
            problems.append(f"you wrote {slot.key} more often than the source")
    keys = {slot.key for slot in group.slots}
    problems += [f"you invented {key}, which the source does not have"
                 for key in dict.fromkeys(found) if key not in keys]
    return tuple(problems) or ("keep each bracketed code exactly as in the source",)


def _budget(text: str) -> int:
    """Room for a rewrite somewhat longer than its source (about 1.4 tokens a word)."""
    return min(4096, 64 + 3 * len(text.split()))
