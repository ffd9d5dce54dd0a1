"""The model engine: local transformers models propose rewrites of each plan unit.

Split like a transformers pipeline so each step can be tested alone:

1. preprocess: protect the facts of each unit (``protect``), build the family's prompt
   (``prompts.render_prompt``);
2. forward: ``sample`` runs batched ``generate`` calls (left padding for causal LMs; each
   prompt read once and its KV cache shared by its candidates; seeded top-k/top-p sampling
   by ``SeededSampler``; a row stops once its answer is complete, ``AnswerFinished``);
3. postprocess: ``prompts.clean_output`` then ``protect.restore``; candidates that lose a
   placeholder, repeat the source or each other are dropped.

In ``--mode summary`` a seq2seq summarizer also summarizes whole chunks of the plan
(``chunk_candidates``); for chat LMs that is off: with SmolLM2-135M on 10 dev articles it
made summary mode 4.4x slower (15.9 vs 3.6 s/article) and none of its sentences passed
verify (ROUGE unchanged).

The engine only proposes. The verify stage picks the best faithful candidate or keeps the
source sentence, so proposing nothing for a unit is always safe.

Measured with SmolLM2-135M-Instruct on dev articles (``scripts/engine_probe.py``): facts
protected, 58% of candidates that survive restore pass verify (20% unprotected); bfloat16
runs 2.2x faster than float32 on CPU with the same pass rate; on a busy 2-core machine one
torch thread beats two by far (OpenMP threads spin while waiting for a core). A decoding
step costs about in proportion to its rows here, and every row of a batch waits for the
longest answer, so batches stay small: 8 prompts x 4 candidates took 19.0 CPU s per dev
article against 21.1 s for 16 prompts, 26.6 s for 32 and 22.2 s for 4 (one thread).
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, field

import torch
from transformers import (
    LogitsProcessor,
    LogitsProcessorList,
    StoppingCriteria,
    StoppingCriteriaList,
)

from rewrite_cli.document import Candidate, Draft, Plan
from rewrite_cli.engines.base import Generation
from rewrite_cli.engines.prompts import (
    PromptSet,
    answer_complete,
    clean_output,
    prompts_for,
    render_prompt,
)
from rewrite_cli.engines.protect import KINDS, Protected, protect, restore
from rewrite_cli.segment import split_sentences

ORIGIN = "model"


@dataclass
class Stats:
    """What a run cost and how many candidates survived each postprocess step."""

    prompts: int = 0
    rows: int = 0
    prompt_tokens: int = 0
    new_tokens: int = 0
    seconds: float = 0.0
    too_long: int = 0
    skipped: int = 0  # too little text around the placeholders to rewrite
    unusable: int = 0  # cleanup found no finished sentence
    lost_placeholder: int = 0
    duplicate: int = 0
    kept: int = 0
    problems: dict[str, int] = field(default_factory=dict)

    def as_dict(self) -> dict[str, float]:
        values = {k: float(v) for k, v in vars(self).items() if k != "problems"}
        values.update({f"lost_{reason}": float(n) for reason, n in self.problems.items()})
        if self.seconds:
            values["tokens_per_second"] = self.new_tokens / self.seconds
            values["candidates_per_second"] = self.kept / self.seconds
        return values


class ModelEngine:
    """Rewrites plan units with a loaded model (duck-typed ``LoadedModel``).

    ``loaded`` needs ``name``, ``family`` ("causal" | "seq2seq"), ``model``, ``tokenizer``,
    ``device`` and ``max_input_tokens``. ``nlp`` (a spaCy pipeline) lets ``protect`` also
    find names and spelled-out numbers; without it only regex-found facts are protected.
    """

    name = "model"

    def __init__(
        self,
        loaded,
        *,
        seed: int = 0,
        candidates: int = 4,
        batch_size: int = 8,
        mode: str = "rewrite",
        protect_kinds: Sequence[str] = KINDS,
        nlp=None,
        prompts: PromptSet | None = None,
        temperature: float = 0.7,
        top_p: float = 0.9,
        threads: int | None = None,
        stop_after_sentence: bool = True,
        chunk_summaries: bool | None = None,
        jobs: Collection[str] | None = None,
    ) -> None:
        self.model: str | None = loaded.name
        self.loaded = loaded
        self.seed = seed
        self.candidates = candidates
        self.batch_size = batch_size
        self.mode = mode
        self.protect_kinds = tuple(protect_kinds)
        self.nlp = nlp
        self.prompts = prompts or prompts_for(loaded.family, loaded.name)
        self.temperature = temperature
        self.top_p = top_p
        self.stop_after_sentence = stop_after_sentence
        # Whole-chunk summaries as extra candidates in summary mode: by default only for
        # seq2seq summarizers, which are trained on whole articles.
        self.chunk_summaries = (
            loaded.family == "seq2seq" if chunk_summaries is None else chunk_summaries
        )
        # The jobs to do (``engines.jobs``): None is all of them; a unit or headline whose
        # job is off gets no model candidates (the parse-based rewrites still apply).
        self.jobs = None if jobs is None else frozenset(jobs)
        if threads:
            torch.set_num_threads(threads)

    def generate(self, plans: Sequence[Plan]) -> list[Generation]:
        """Propose candidates for every unit of every plan in as few model calls as possible."""
        stats = Stats()
        units = [unit for plan in plans for unit in plan.units]
        wanted = [
            self._does(unit_job(self.mode, number))
            for plan in plans
            for number in range(len(plan.units))
        ]
        asked = self.rewrite([u.text for u, w in zip(units, wanted, strict=True) if w], stats=stats)
        answers = iter(asked)
        proposals = [next(answers) if w else [] for w in wanted]
        if self.mode == "summary" and self.chunk_summaries:
            from_chunks = [
                texts
                for plan in plans
                for texts in self.chunk_candidates([u.text for u in plan.units], stats=stats)
            ]
            proposals = [a + b for a, b in zip(proposals, from_chunks, strict=True)]
        titled = [plan for plan in plans if plan.headline and self._does("headline")]
        headlines = iter(self.headlines([str(p.headline) for p in titled], stats=stats))
        generations: list[Generation] = []
        position = 0
        for plan in plans:
            drafts = []
            for unit in plan.units:
                texts = proposals[position]
                position += 1
                drafts.append(Draft(unit, [Candidate(t, ORIGIN) for t in texts]))
            headline = (
                [Candidate(t, ORIGIN) for t in next(headlines)]
                if plan.headline and self._does("headline")
                else []
            )
            generations.append(Generation(drafts, headline))
        shared = stats.as_dict()
        for generation in generations:
            generation.stats = dict(shared)  # one batched run serves all plans
        return generations

    def _does(self, job: str) -> bool:
        return self.jobs is None or job in self.jobs

    def rewrite(self, texts: Sequence[str], *, stats: Stats | None = None) -> list[list[str]]:
        """Candidate rewrites for each text: facts protected, cleaned, restored, deduplicated."""
        return self._propose(texts, "rewrite", _rewrite_budget, stats)

    def headlines(self, texts: Sequence[str], *, stats: Stats | None = None) -> list[list[str]]:
        """Rewordings of each planned headline (facts protected as well).

        Only the headline itself is given: the verify stage checks a headline against the
        original title alone, so facts from the body would only get candidates rejected.
        """
        return self._propose(texts, "headline", lambda _: 32, stats)

    def _propose(
        self, texts: Sequence[str], task: str, budget: Callable[[int], int], stats: Stats | None
    ) -> list[list[str]]:
        """Protect each text's facts, prompt for ``task``, sample, then clean and restore.

        A text with fewer than ``MIN_FRAME_WORDS`` words left around its placeholders (a
        bare quote, "[QUOTE_1] he said.", a stray "Palace.") is not sent: the model can
        only pad such a frame with words of its own, which the verify stage then rejects
        (or, once, did not: "Palace." became "The Palace of the World.").
        """
        stats = stats if stats is not None else Stats()
        protected = [self._protect(text) for text in texts]
        wanted = [i for i, p in enumerate(protected) if frame_words(p) >= MIN_FRAME_WORDS]
        stats.skipped += len(texts) - len(wanted)
        prompts = [
            render_prompt(
                self.prompts,
                self.loaded.tokenizer,
                task,
                protected[i].masked,
                placeholders=bool(protected[i].slots),
            )
            for i in wanted
        ]
        raw = self.sample(prompts, n=self.candidates, stats=stats, budget=budget, task=task)
        results: list[list[str]] = [[] for _ in texts]
        for i, answers in zip(wanted, raw, strict=True):
            results[i] = _postprocess(answers, protected[i], stats, task=task)
        return results

    def chunk_candidates(
        self, texts: Sequence[str], *, stats: Stats | None = None
    ) -> list[list[str]]:
        """Sentences of whole-chunk summaries, each offered to the text it overlaps most.

        For seq2seq summarizers (BART/Pegasus are trained on whole articles, not single
        sentences) in ``--mode summary``. A summary sentence becomes one more candidate of
        the planned sentence it shares most words with, so the verify stage checks it
        against that sentence like any other candidate: one that merges facts from two
        sentences is rejected, never published.
        """
        chunks = self._chunks(texts)
        summaries = self.summarize_chunks(texts, stats=stats)
        offered: list[list[str]] = [[] for _ in texts]
        first = 0
        for chunk, summary in zip(chunks, summaries, strict=True):
            for sentence in split_sentences(summary):
                best = closest(sentence, chunk)
                if best is not None and sentence not in offered[first + best]:
                    offered[first + best].append(sentence)
            first += len(chunk)
        return offered

    def summarize_chunks(
        self, sentences: Sequence[str], *, stats: Stats | None = None
    ) -> list[str]:
        """Summaries of consecutive chunks of ``sentences``, each chunk within the input limit.

        A chunk the model cannot take whole gets an empty summary (never a truncated one).
        """
        prompts = [
            render_prompt(self.prompts, self.loaded.tokenizer, "summary", " ".join(chunk))
            for chunk in self._chunks(sentences)
        ]
        raw = self.sample(
            prompts,
            n=1,
            do_sample=False,
            budget=lambda n: max(48, n // 3),
            task="summary",
            stats=stats,
        )
        results = []
        for answers in raw:
            text = answers[0] if answers else ""
            results.append(clean_output(text, task="summary", sentences=8) or "")
        return results

    def _chunks(self, sentences: Sequence[str]) -> list[list[str]]:
        return chunk_by_tokens(
            sentences, self._count_tokens, self._input_limit() - _PROMPT_ALLOWANCE
        )

    def sample(
        self,
        prompts: Sequence[str],
        *,
        n: int,
        stats: Stats | None = None,
        do_sample: bool = True,
        budget: Callable[[int], int] = lambda tokens: 2 * tokens,
        task: str = "rewrite",
    ) -> list[list[str]]:
        """Raw decoded answers, ``n`` per prompt, in prompt order.

        Prompts are sorted by length so batches pad little; every batch is seeded from
        ``seed`` so the same prompts, seed and model give the same answers. A prompt over
        the model's input limit gets no answers (counted in ``stats.too_long``) instead of
        being truncated silently. Rows stop once their answer for ``task`` is complete
        (``prompts.answer_complete``). ``budget`` maps the longest input's token count to
        ``max_new_tokens``.
        """
        stats = stats if stats is not None else Stats()
        tokenizer = self.loaded.tokenizer
        encoded = [tokenizer(p, add_special_tokens=self._add_special)["input_ids"] for p in prompts]
        results: list[list[str]] = [[] for _ in prompts]
        limit = self._input_limit()
        order = [
            i
            for i in sorted(range(len(prompts)), key=lambda i: len(encoded[i]))
            if len(encoded[i]) <= limit
        ]
        stats.too_long += len(prompts) - len(order)
        started = time.perf_counter()
        for number, first in enumerate(range(0, len(order), self.batch_size)):
            batch = order[first : first + self.batch_size]
            answers = self._generate_batch(
                [encoded[i] for i in batch],
                n=n,
                seed=self.seed + number,
                do_sample=do_sample,
                max_new_tokens=budget(max(len(encoded[i]) for i in batch)),
                stats=stats,
                task=task,
            )
            for row, index in enumerate(batch):
                results[index] = answers[row * n : (row + 1) * n]
        stats.prompts += len(order)
        stats.seconds += time.perf_counter() - started
        return results

    def _generate_batch(
        self,
        inputs: list[list[int]],
        *,
        n: int,
        seed: int,
        do_sample: bool,
        max_new_tokens: int,
        stats: Stats,
        task: str = "rewrite",
    ) -> list[str]:
        """One ``generate`` call: left-padded for causal LMs, ``n`` sequences per input.

        Causal LMs read each prompt once (``_prefill_once``) and share its KV cache among the
        prompt's ``n`` candidates; sampling draws with ``SeededSampler``.
        """
        tokenizer = self.loaded.tokenizer
        causal = self.loaded.family == "causal"
        batch = pad_batch(inputs, _pad_id(tokenizer), left=causal)
        batch = {k: v.to(self.loaded.device) for k, v in batch.items()}
        prompt_width = batch["input_ids"].shape[1]
        options: dict[str, object] = {
            "max_new_tokens": max_new_tokens,
            "pad_token_id": _pad_id(tokenizer),
        }
        processors = LogitsProcessorList()
        if causal and self.stop_after_sentence and task != "summary":
            options["stopping_criteria"] = StoppingCriteriaList(
                [AnswerFinished(tokenizer, prompt_width, task)]
            )
        if do_sample:
            generator = torch.Generator(device=self.loaded.device).manual_seed(seed)
            processors.append(SeededSampler(self.temperature, self.top_p, generator=generator))
            options.update(do_sample=False, num_beams=1)  # the sampler picks; greedy takes it
        else:
            options.update(do_sample=False, num_beams=max(n, 1))
        # The only randomness is SeededSampler's own generator: torch's global RNG is untouched.
        with torch.inference_mode():
            if not do_sample:
                model_inputs = dict(batch, num_return_sequences=n)  # the n best beams
            elif causal and prompt_width > 1:
                model_inputs = self._prefill_once(batch, n)
            else:  # greedy search takes one row per candidate
                model_inputs = {k: v.repeat_interleave(n, dim=0) for k, v in batch.items()}
            output = self.loaded.model.generate(
                **model_inputs, **options, logits_processor=processors
            )
        new = output[:, prompt_width:] if causal else output
        stats.rows += output.shape[0]
        stats.prompt_tokens += int(batch["attention_mask"].sum()) * n
        stats.new_tokens += int((new != _pad_id(tokenizer)).sum())
        return tokenizer.batch_decode(new, skip_special_tokens=True)

    def _prefill_once(self, batch: dict[str, torch.Tensor], n: int) -> dict[str, object]:
        """Run each prompt through the model once and copy its KV cache for ``n`` candidates.

        ``generate`` with ``num_return_sequences=n`` would repeat the prompt ``n`` times
        before reading it. Here all but the last prompt token are read once; ``generate``
        then reads only that last token per candidate. Position ids follow the attention
        mask (as ``generate`` computes them), so left padding does not shift them.
        Measured on a 808-word dev article, 4 candidates: prefill 6.7 s -> 1.7 s.
        """
        ids, mask = batch["input_ids"], batch["attention_mask"]
        positions = (mask.cumsum(-1) - 1).clamp_min(0)
        output = self.loaded.model(
            input_ids=ids[:, :-1],
            attention_mask=mask[:, :-1],
            position_ids=positions[:, :-1],
            use_cache=True,
        )
        cache = output.cache if hasattr(output, "cache") else output.past_key_values
        cache.batch_repeat_interleave(n)
        return {
            "input_ids": ids.repeat_interleave(n, dim=0),
            "attention_mask": mask.repeat_interleave(n, dim=0),
            "cache": cache,
        }

    def _protect(self, text: str) -> Protected:
        return protect(text, nlp=self.nlp, kinds=self.protect_kinds)

    def _count_tokens(self, text: str) -> int:
        return len(self.loaded.tokenizer(text, add_special_tokens=False)["input_ids"])

    def _input_limit(self) -> int:
        return int(getattr(self.loaded, "max_input_tokens", 0) or 1024)

    @property
    def _add_special(self) -> bool:
        # Chat templates already contain the special tokens; seq2seq encoders need theirs.
        return self.loaded.family == "seq2seq"


def unit_job(mode: str, number: int) -> str:
    """The job (``engines.jobs.JOBS``) of a plan's unit ``number`` (0-based) in ``mode``."""
    if mode == "summary":
        return "sentences"
    return "lead" if number == 0 else "body"


_PROMPT_ALLOWANCE = 64
MIN_FRAME_WORDS = 3


def frame_words(protected: Protected) -> int:
    """Words of the text outside its placeholders: what a model could reword."""
    frame = protected.masked
    for slot in protected.slots:
        frame = frame.replace(slot.key, " ")
    return len(re.findall(r"[A-Za-z]+", frame))


class AnswerFinished(StoppingCriteria):
    """Stops a row once its answer for ``task`` is complete (``prompts.answer_complete``).

    Small chat models often go on after the answer ("This version keeps..."); in a batch
    every row then waits for the longest ramble. What follows the first sentence is
    dropped by ``clean_output`` anyway, so stopping there only saves time.
    """

    def __init__(self, tokenizer, prompt_length: int, task: str = "rewrite") -> None:
        self.tokenizer = tokenizer
        self.prompt_length = prompt_length
        self.task = task

    def __call__(self, input_ids: torch.Tensor, scores, **kwargs) -> torch.Tensor:
        texts = self.tokenizer.batch_decode(
            input_ids[:, self.prompt_length :], skip_special_tokens=True
        )
        done = [answer_complete(text, self.task) for text in texts]
        return torch.tensor(done, dtype=torch.bool, device=input_ids.device)


class SeededSampler(LogitsProcessor):
    """Draws each next token (temperature, top-k, top-p) and leaves only it for greedy search.

    Same distribution as transformers' sampling (top-k 50 then nucleus ``top_p``), drawn
    with the Gumbel-max trick from a seeded ``torch.Generator`` over the top-k only:
    ``generate``'s own sampling sorts and samples over the whole 49k vocabulary, which took
    7.2 of 27 s on a dev article (``torch.multinomial`` 5.5 s, ``torch.sort`` 1.7 s).
    """

    def __init__(
        self, temperature: float, top_p: float, *, generator: torch.Generator, top_k: int = 50
    ) -> None:
        if temperature <= 0 or not 0 < top_p <= 1:
            raise ValueError("temperature must be > 0 and top_p in (0, 1]")
        self.temperature = temperature
        self.top_p = top_p
        self.top_k = top_k
        self.generator = generator

    def __call__(self, input_ids: torch.LongTensor, scores: torch.FloatTensor) -> torch.Tensor:
        top = scores.float().topk(min(self.top_k, scores.shape[-1]), dim=-1)
        logits = top.values / self.temperature
        probs = logits.softmax(dim=-1)
        # Keep the most likely tokens until they cover top_p (the first is always kept).
        outside = (probs.cumsum(dim=-1) - probs) >= self.top_p
        logits = logits.masked_fill(outside, float("-inf"))
        uniform = torch.rand(
            logits.shape, generator=self.generator, device=logits.device
        ).clamp_(min=1e-10)
        choice = (logits - torch.log(-torch.log(uniform))).argmax(dim=-1, keepdim=True)
        token = top.indices.gather(-1, choice)
        picked = torch.full_like(scores, float("-inf"))
        return picked.scatter_(-1, token, 0.0)


def _rewrite_budget(input_tokens: int) -> int:
    """Room for a rewrite a bit longer than its source, prompt included in ``input_tokens``."""
    return min(160, max(48, input_tokens // 2))


def pad_batch(
    inputs: Sequence[Sequence[int]], pad_id: int, *, left: bool
) -> dict[str, torch.Tensor]:
    """Pad token lists into ``input_ids`` and ``attention_mask``.

    Causal LMs continue from the last position of each row, so they need LEFT padding;
    encoders of seq2seq models take right padding.
    """
    width = max(len(ids) for ids in inputs)
    ids = torch.full((len(inputs), width), pad_id, dtype=torch.long)
    mask = torch.zeros((len(inputs), width), dtype=torch.long)
    for row, tokens in enumerate(inputs):
        span = slice(width - len(tokens), width) if left else slice(0, len(tokens))
        ids[row, span] = torch.tensor(tokens, dtype=torch.long)
        mask[row, span] = 1
    return {"input_ids": ids, "attention_mask": mask}


def _pad_id(tokenizer) -> int:
    if tokenizer.pad_token_id is not None:
        return tokenizer.pad_token_id
    return tokenizer.eos_token_id


def _postprocess(
    answers: Sequence[str], protected: Protected, stats: Stats, *, task: str = "rewrite"
) -> list[str]:
    """Clean, restore and deduplicate raw answers; drop any that only repeat the source."""
    kept: list[str] = []
    seen = {_normal(protected.source)}
    for answer in answers:
        cleaned = clean_output(answer, task=task)
        if cleaned is None:
            stats.unusable += 1
            continue
        restored = restore(cleaned, protected)
        if restored.text is None:
            stats.lost_placeholder += 1
            reason = (restored.problem or "").split(" ")[0]
            stats.problems[reason] = stats.problems.get(reason, 0) + 1
            continue
        if _normal(restored.text) in seen:
            stats.duplicate += 1
            continue
        seen.add(_normal(restored.text))
        kept.append(restored.text)
    stats.kept += len(kept)
    return kept


def _normal(text: str) -> str:
    return " ".join(text.lower().split()).rstrip(".")


def closest(sentence: str, texts: Sequence[str]) -> int | None:
    """Index of the text sharing the most words with ``sentence`` (None if none shares any).

    Counts shared lower-cased words of 4+ letters and numbers (so "the", "of" do not
    decide); ties go to the earlier text.
    """
    words = _content_words(sentence)
    if not words:
        return None
    scores = [len(words & _content_words(text)) for text in texts]
    best = max(range(len(texts)), key=lambda i: (scores[i], -i), default=None)
    return best if best is not None and scores[best] > 0 else None


def _content_words(text: str) -> set[str]:
    return {w for w in re.findall(r"[a-z0-9]+", text.lower()) if len(w) >= 4 or w.isdigit()}


def chunk_by_tokens(
    sentences: Sequence[str], count: Callable[[str], int], limit: int
) -> list[list[str]]:
    """Group consecutive sentences into chunks of at most ``limit`` tokens.

    A single sentence over the limit becomes a chunk of its own (the caller then skips it
    as too long) rather than being cut, so nothing is truncated silently.
    """
    chunks: list[list[str]] = []
    current: list[str] = []
    used = 0
    for sentence in sentences:
        size = count(sentence) + 1
        if current and used + size > limit:
            chunks.append(current)
            current, used = [], 0
        current.append(sentence)
        used += size
    if current:
        chunks.append(current)
    return chunks
