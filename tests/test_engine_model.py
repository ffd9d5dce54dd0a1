"""The model engine with tiny random models (mechanics) and a scripted model (postprocess).

Random weights produce nonsense, so tests of *what* survives postprocessing use a scripted
model that answers with fixed text through the real tokenizer and the real generate path.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any

import pytest
import torch

from rewrite_cli.document import Plan, PlanUnit, Sentence
from rewrite_cli.engines.model import (
    AnswerFinished,
    ModelEngine,
    SeededSampler,
    Stats,
    chunk_by_tokens,
    closest,
    pad_batch,
)
from tiny_models import make_tiny_causal_lm, make_tiny_seq2seq

SOURCES = [
    "The city council voted on Tuesday to expand the bus network to three new districts.",
    "Officials said the plan would cost about 40 million dollars over five years.",
    "Heavy rain flooded several streets in the old town on Monday night.",
]


@dataclass
class Loaded:
    """The fields of ``models.load.LoadedModel`` the engine uses (duck typed)."""

    name: str
    family: str
    model: Any
    tokenizer: Any
    device: torch.device
    max_input_tokens: int = 512


def _load(path, family: str, **fields) -> Loaded:
    from transformers import AutoModelForCausalLM, AutoModelForSeq2SeqLM, AutoTokenizer

    cls = AutoModelForCausalLM if family == "causal" else AutoModelForSeq2SeqLM
    model = cls.from_pretrained(path).eval()
    return Loaded(
        path.name, family, model, AutoTokenizer.from_pretrained(path), torch.device("cpu"), **fields
    )


@pytest.fixture(scope="module")
def tiny_causal(tmp_path_factory) -> Loaded:
    return _load(make_tiny_causal_lm(tmp_path_factory.mktemp("causal")), "causal")


@pytest.fixture(scope="module")
def tiny_seq2seq(tmp_path_factory) -> Loaded:
    return _load(make_tiny_seq2seq(tmp_path_factory.mktemp("seq2seq")), "seq2seq")


def _plan(texts: list[str], headline: str | None = "Council expands bus network") -> Plan:
    units = [PlanUnit((Sentence(text, i, 0),), text, paragraph=0) for i, text in enumerate(texts)]
    return Plan("rewrite", units, headline)


def test_pad_batch_pads_left_for_causal_and_right_for_seq2seq():
    left = pad_batch([[5, 6, 7], [8]], pad_id=0, left=True)
    assert left["input_ids"].tolist() == [[5, 6, 7], [0, 0, 8]]
    assert left["attention_mask"].tolist() == [[1, 1, 1], [0, 0, 1]]
    right = pad_batch([[5, 6, 7], [8]], pad_id=0, left=False)
    assert right["input_ids"].tolist() == [[5, 6, 7], [8, 0, 0]]


def _draws(sampler: SeededSampler, logits: list[float], n: int) -> list[int]:
    scores = torch.tensor([logits] * n)
    picked = sampler(torch.zeros((n, 1), dtype=torch.long), scores)
    assert bool((picked.isfinite().sum(dim=-1) == 1).all())  # exactly one token left per row
    return picked.argmax(dim=-1).tolist()


def test_seeded_sampler_draws_from_the_tempered_nucleus():
    logits = [2.0, 1.0, 0.0, -1.0, -8.0]
    sampler = SeededSampler(1.0, 0.9, generator=torch.Generator().manual_seed(0))
    draws = _draws(sampler, logits, 20000)
    probs = torch.tensor(logits).softmax(-1)
    # top_p 0.9 keeps the three likeliest tokens (0.66 + 0.24 + 0.09 >= 0.9), renormalised.
    expected = (probs[:3] / probs[:3].sum()).tolist()
    observed = [draws.count(token) / len(draws) for token in range(5)]
    assert observed[3] == observed[4] == 0
    for token in range(3):
        assert abs(observed[token] - expected[token]) < 0.015
    cold = SeededSampler(0.05, 1.0, generator=torch.Generator().manual_seed(0))
    assert set(_draws(cold, logits, 200)) == {0}


def test_seeded_sampler_repeats_with_the_same_seed():
    logits = [0.5, 0.4, 0.3, 0.2, 0.1, 0.0]

    def draws(seed: int) -> list[int]:
        sampler = SeededSampler(1.0, 1.0, generator=torch.Generator().manual_seed(seed))
        return _draws(sampler, logits, 64)

    assert draws(3) == draws(3)
    assert draws(3) != draws(4)


def test_prompt_read_once_gives_the_same_tokens_as_plain_generate(tiny_causal):
    """The shared-prefill path must continue each left-padded prompt exactly as generate does."""
    model = copy.deepcopy(tiny_causal.model)
    with torch.no_grad():  # sharper random weights, so the greedy tokens vary with context
        for parameter in model.parameters():
            if parameter.ndim == 2:
                parameter.mul_(40)
    loaded = Loaded(**{**vars(tiny_causal), "model": model})
    engine = ModelEngine(loaded, temperature=1e-4, top_p=1.0)  # sampling ~ greedy
    tokenizer = tiny_causal.tokenizer
    inputs = [tokenizer(text)["input_ids"] for text in (SOURCES[0], "Heavy rain fell")]
    batch = pad_batch(inputs, tokenizer.pad_token_id, left=True)
    with torch.inference_mode():
        plain = model.generate(
            **batch, do_sample=False, max_new_tokens=8, pad_token_id=tokenizer.pad_token_id
        )
    width = batch["input_ids"].shape[1]
    expected = tokenizer.batch_decode(plain[:, width:], skip_special_tokens=True)
    engine.stop_after_sentence = False
    answers = engine._generate_batch(
        inputs, n=2, seed=0, do_sample=True, max_new_tokens=8, stats=Stats()
    )
    assert expected[0] != expected[1] and len(set(expected[0].split())) > 1
    assert answers == [expected[0], expected[0], expected[1], expected[1]]


def test_sample_returns_n_answers_per_prompt_in_order(tiny_causal):
    engine = ModelEngine(tiny_causal, candidates=3, batch_size=2)
    stats = Stats()
    prompts = [f"<|im_start|>user\n{text}<|im_end|>\n<|im_start|>assistant\n" for text in SOURCES]
    answers = engine.sample(prompts, n=3, stats=stats, budget=lambda _: 6)
    assert [len(a) for a in answers] == [3, 3, 3]
    assert stats.rows == 9 and stats.prompts == 3
    assert 0 < stats.new_tokens <= 9 * 6


def test_left_padding_does_not_change_a_prompts_answer(tiny_causal):
    """Greedy answers of a short prompt are the same alone and batched with a longer one."""
    engine = ModelEngine(tiny_causal)
    short, long = SOURCES[2], SOURCES[0] + " " + SOURCES[1]
    alone = engine.sample([short], n=1, do_sample=False, budget=lambda _: 8)
    batched = engine.sample([long, short], n=1, do_sample=False, budget=lambda _: 8)
    assert batched[1] == alone[0]


def test_same_seed_same_candidates_other_seed_others(tiny_causal):
    prompts = [f"<|im_start|>user\n{text}<|im_end|>\n<|im_start|>assistant\n" for text in SOURCES]

    def run(seed: int) -> list[list[str]]:
        return ModelEngine(tiny_causal, seed=seed).sample(prompts, n=4, budget=lambda _: 12)

    first = run(7)
    assert run(7) == first
    assert run(8) != first


def test_sampling_leaves_the_callers_random_state_alone(tiny_causal):
    torch.manual_seed(123)
    expected = torch.rand(1)
    torch.manual_seed(123)
    ModelEngine(tiny_causal).sample(["Heavy rain."], n=2, budget=lambda _: 4)
    assert torch.equal(torch.rand(1), expected)


def test_prompts_over_the_input_limit_are_skipped_not_truncated(tiny_causal):
    limited = Loaded(**{**vars(tiny_causal), "max_input_tokens": 30})
    engine = ModelEngine(limited)
    stats = Stats()
    answers = engine.sample([SOURCES[2][:20], " ".join(SOURCES * 3)], n=2, stats=stats)
    assert len(answers[0]) == 2
    assert answers[1] == []
    assert stats.too_long == 1


def test_generate_returns_one_generation_per_plan_with_a_draft_per_unit(tiny_causal):
    engine = ModelEngine(tiny_causal, candidates=2)
    plans = [_plan(SOURCES[:2]), _plan(SOURCES[2:], headline=None)]
    generations = engine.generate(plans)
    assert len(generations) == 2
    assert [d.unit.text for d in generations[0].drafts] == SOURCES[:2]
    assert [d.unit.text for d in generations[1].drafts] == SOURCES[2:]
    assert generations[1].headline == []
    assert generations[0].stats["rows"] == (3 + 1) * 2  # 3 units and 1 headline, 2 each
    for draft in generations[0].drafts + generations[1].drafts:
        assert all(c.origin == "model" for c in draft.candidates)


def test_seq2seq_family_generates_and_summarizes_chunks(tiny_seq2seq):
    engine = ModelEngine(tiny_seq2seq, candidates=2)
    answers = engine.sample(SOURCES, n=2, budget=lambda _: 6)
    assert [len(a) for a in answers] == [2, 2, 2]
    limited = Loaded(**{**vars(tiny_seq2seq), "max_input_tokens": 64 + 40})
    summaries = ModelEngine(limited).summarize_chunks(SOURCES)
    assert len(summaries) == len(chunk_by_tokens(SOURCES, ModelEngine(limited)._count_tokens, 40))
    assert len(summaries) >= 2
    assert all(isinstance(s, str) for s in summaries)


def test_closest_picks_the_text_sharing_most_words():
    assert closest("The council will spend 40 million dollars.", SOURCES) == 1
    assert closest("Streets flooded in the old town.", SOURCES) == 2
    assert closest("Nothing in common here", SOURCES) is None
    assert closest("the of a", SOURCES) is None


class ScriptedSummarizer(torch.nn.Module):
    """A seq2seq stand-in that answers every input with one scripted summary."""

    def __init__(self, tokenizer, summary: str) -> None:
        super().__init__()
        self.tokenizer = tokenizer
        self.summary = summary
        self.calls = 0

    def generate(self, input_ids, attention_mask, num_return_sequences=1, **_):
        self.calls += 1
        rows = input_ids.shape[0] * num_return_sequences
        ids = self.tokenizer(self.summary)["input_ids"]
        return torch.tensor([ids] * rows)


def test_seq2seq_summary_mode_offers_chunk_summary_sentences_to_their_units(tiny_seq2seq):
    summary = (
        "Officials put the cost of the plan at 40 million dollars. "
        "The council voted to expand the bus network."
    )
    model = ScriptedSummarizer(tiny_seq2seq.tokenizer, summary)
    loaded = Loaded(**{**vars(tiny_seq2seq), "model": model})
    [generation] = ModelEngine(loaded, candidates=1, mode="summary").generate([_plan(SOURCES)])
    candidates = [[c.text for c in d.candidates] for d in generation.drafts]
    assert "The council voted to expand the bus network." in candidates[0]
    assert "Officials put the cost of the plan at 40 million dollars." in candidates[1]
    assert not any("council" in c or "Officials" in c for c in candidates[2])
    rewrite_mode = ModelEngine(loaded, candidates=1, mode="rewrite").generate([_plan(SOURCES)])
    assert all(
        "The council voted to expand the bus network." not in [c.text for c in d.candidates]
        for d in rewrite_mode[0].drafts
    )


def test_chunk_by_tokens_keeps_order_and_never_splits_a_sentence():
    words = ["one two three", "four five", "six seven eight nine", "ten"]
    # each sentence costs its tokens plus one for the space that joins it to the next
    chunks = chunk_by_tokens(words, lambda s: len(s.split()), limit=7)
    assert chunks == [["one two three", "four five"], ["six seven eight nine", "ten"]]
    assert chunk_by_tokens(["a b c d e f g h"], lambda s: len(s.split()), 3) == [
        ["a b c d e f g h"]
    ]


def test_rows_stop_after_a_finished_line_but_not_after_a_preamble(tiny_causal):
    tokenizer = tiny_causal.tokenizer
    prompt = tokenizer("<|im_start|>assistant\n", add_special_tokens=False)["input_ids"]
    answers = [
        "The council voted on Tuesday.\nThis keeps",
        "Here is the rewritten sentence:\nThe",
        "The council voted on",
    ]
    rows = [prompt + tokenizer(a, add_special_tokens=False)["input_ids"] for a in answers]
    batch = pad_batch(rows, tokenizer.pad_token_id, left=False)["input_ids"]
    finished = AnswerFinished(tokenizer, len(prompt))(batch, None)
    assert finished.tolist() == [True, False, False]


class ScriptedModel(torch.nn.Module):
    """Answers every row with the next scripted text, through the real tokenizer."""

    def __init__(self, tokenizer, answers: list[str]) -> None:
        super().__init__()
        self.tokenizer = tokenizer
        self.answers = answers

    def forward(self, input_ids, **_):
        """The prompt read once before sampling: no state worth keeping."""
        return SimpleNamespace(cache=SimpleNamespace(batch_repeat_interleave=lambda n: None))

    def generate(self, input_ids, attention_mask, num_return_sequences=1, **_):
        rows = input_ids.shape[0] * num_return_sequences
        texts = [self.answers[i % len(self.answers)] for i in range(rows)]
        encoded = [
            self.tokenizer(t + "<|im_end|>", add_special_tokens=False)["input_ids"] for t in texts
        ]
        new = pad_batch(encoded, self.tokenizer.pad_token_id, left=False)["input_ids"]
        prompt = input_ids.repeat_interleave(num_return_sequences, dim=0)
        return torch.cat([prompt, new], dim=1)


def test_postprocess_restores_facts_and_drops_bad_candidates(tiny_causal, nlp):
    source = "Officials said on Tuesday the plan would cost 40 million dollars over five years."
    answers = [
        "Sure! Here is the rewritten sentence:\n\n"
        "On [DATE_1], officials said the plan would cost [NUMBER_1] over [NUMBER_2].",
        "The plan, officials said on [DATE_1], would cost [NUMBER_1] over [NUMBER_2].",
        "The plan would cost [NUMBER_1] over [NUMBER_2], officials said.",  # dropped the date
        # invented a fact:
        "Officials said on [DATE_1] that the plan would cost [NUMBER_1] over [NUMBER_2] and "
        "[NUMBER_3].",
        "The plan, officials said on [DATE_1], would cost [NUMBER_1] over [NUMBER_2].",  # duplicate
        # the source again:
        "Officials said on [DATE_1] the plan would cost [NUMBER_1] over [NUMBER_2].",
        "On [DATE_1], officials said the plan would cost [NUMBER_1] over",  # unfinished
    ]
    scripted = Loaded(
        **{**vars(tiny_causal), "model": ScriptedModel(tiny_causal.tokenizer, answers)}
    )
    engine = ModelEngine(scripted, candidates=len(answers), nlp=nlp)
    stats = Stats()
    [candidates] = engine.rewrite([source], stats=stats)
    assert candidates == [
        "On Tuesday, officials said the plan would cost 40 million dollars over five years.",
        "The plan, officials said on Tuesday, would cost 40 million dollars over five years.",
    ]
    assert stats.lost_placeholder == 2
    assert stats.duplicate == 2
    assert stats.unusable == 1


@pytest.mark.slow
def test_default_model_rewrites_real_sentences_faithfully():
    from rewrite_cli.errors import ModelError
    from rewrite_cli.models.load import load_model

    try:
        loaded = load_model(None, device="cpu", progress=lambda _: None)
    except ModelError as exc:
        pytest.skip(f"default model unavailable: {exc}")
    engine = ModelEngine(loaded, candidates=4)
    sentences = [
        "Police arrested a 23-year-old man on Tuesday after a two-hour standoff in Manchester.",
        "The company said its profits rose 12 percent to $4.5 billion in the third quarter.",
    ]
    [generation] = engine.generate([_plan(sentences, headline=None)])
    rewritten = [c.text for d in generation.drafts for c in d.candidates]
    assert rewritten, "the default model proposed no usable rewrite"
    for draft in generation.drafts:
        for candidate in draft.candidates:
            for fact in ("23-year-old", "Tuesday", "12 percent", "$4.5 billion"):
                if fact in draft.unit.text:
                    assert candidate.text.count(fact) == 1


def test_texts_with_almost_nothing_around_their_facts_are_not_sent(tiny_causal, nlp):
    engine = ModelEngine(tiny_causal, candidates=2, nlp=nlp)
    stats = Stats()
    texts = ["Palace.", "'We will never give up,' he said.", SOURCES[2]]
    candidates = engine.rewrite(texts, stats=stats)
    assert candidates[0] == [] and candidates[1] == []
    assert stats.skipped == 2
    assert stats.prompts == 1


def test_jobs_limit_what_the_model_is_asked(tiny_causal):
    """Issue 12: the default model only does the jobs where it publishes (``engines.jobs``)."""
    engine = ModelEngine(tiny_causal, candidates=2, jobs={"headline", "lead"})
    plans = [_plan(SOURCES[:2]), _plan(SOURCES[2:], headline=None)]
    generations = engine.generate(plans)
    assert generations[0].stats["rows"] == (2 + 1) * 2  # two leads and one headline, 2 each
    assert generations[0].drafts[1].candidates == []  # a body sentence: not asked
    none = ModelEngine(tiny_causal, candidates=2, jobs=set()).generate(plans)
    assert none[0].stats["rows"] == 0
    assert all(d.candidates == [] for g in none for d in g.drafts)
    assert none[0].headline == []
