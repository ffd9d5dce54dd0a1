"""Prompt building per model family, and cleanup of what small models answer."""

from __future__ import annotations

import pytest

from rewrite_cli.engines.prompts import (
    CHAT,
    SEQ2SEQ,
    T5,
    answer_complete,
    chat_messages,
    clean_output,
    prompts_for,
    render_prompt,
)

SENTENCE = (
    "The state Health Department issued an advisory for anyone who attended [NUMBER_1] churches."
)


@pytest.mark.parametrize(
    ("family", "name", "expected"),
    [
        ("causal", "smollm2-135m-instruct", CHAT),
        ("seq2seq", "facebook/bart-large-cnn", SEQ2SEQ),
        ("seq2seq", "google/pegasus-xsum", SEQ2SEQ),
        ("seq2seq", "google/flan-t5-small", T5),
        ("seq2seq", "t5-small", T5),
    ],
)
def test_each_family_gets_its_prompt_set(family, name, expected):
    assert prompts_for(family, name) is expected


def test_unknown_family_is_an_error():
    with pytest.raises(ValueError, match="family"):
        prompts_for("diffusion")


def test_chat_messages_carry_the_placeholder_rule_only_when_needed():
    with_codes = chat_messages(CHAT, "rewrite", SENTENCE, placeholders=True)
    plain = chat_messages(CHAT, "rewrite", "Heavy rain flooded several streets.")
    assert [m["role"] for m in with_codes] == ["system", "user"]
    assert SENTENCE in with_codes[-1]["content"]
    assert "[NUMBER_1]" in with_codes[-1]["content"].split(SENTENCE)[1]
    assert "bracketed" not in plain[-1]["content"]


def test_chat_prompt_uses_the_tokenizer_template(tmp_path):
    from transformers import AutoTokenizer

    from tiny_models import make_tiny_causal_lm

    tokenizer = AutoTokenizer.from_pretrained(make_tiny_causal_lm(tmp_path))
    prompt = render_prompt(CHAT, tokenizer, "rewrite", SENTENCE, placeholders=True)
    assert prompt.startswith("<|im_start|>system\nYou are a careful news editor.")
    assert prompt.endswith("<|im_end|>\n<|im_start|>assistant\n")
    assert SENTENCE in prompt


def test_seq2seq_prompts_are_bare_text_or_a_task_prefix():
    assert render_prompt(SEQ2SEQ, None, "summary", "Some text.") == "Some text."
    assert render_prompt(T5, None, "summary", "Some text.") == "summarize: Some text."
    assert render_prompt(T5, None, "rewrite", "Some text.") == "paraphrase: Some text."


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (
            "Sure! Here is the rewritten sentence:\n\nThe advisory covers [NUMBER_1] churches.",
            "The advisory covers [NUMBER_1] churches.",
        ),
        (
            "Rewritten sentence: The advisory covers [NUMBER_1] churches.",
            "The advisory covers [NUMBER_1] churches.",
        ),
        ('"The advisory covers [NUMBER_1] churches."', "The advisory covers [NUMBER_1] churches."),
        (
            "**The advisory covers [NUMBER_1] churches.**",
            "The advisory covers [NUMBER_1] churches.",
        ),
        (
            "The advisory covers [NUMBER_1] churches. It was issued after a bishop fell ill. "
            "I hope this helps!",
            "The advisory covers [NUMBER_1] churches.",
        ),
        (
            "Mr. Folda told the U.S. health agency on [D1].",
            "Mr. Folda told the U.S. health agency on [D1].",
        ),
        (
            'Officials said "we are worried" about [NUMBER_1] churches.',
            'Officials said "we are worried" about [NUMBER_1] churches.',
        ),
    ],
)
def test_clean_output_keeps_the_one_sentence_answer(raw, expected):
    assert clean_output(raw) == expected


@pytest.mark.parametrize(
    "raw",
    [
        "The advisory covers [NUMBER_1] churches and was issued after",  # hit the token limit
        "",
        "Here is the rewritten sentence:",
        "Yes.",
    ],
)
def test_clean_output_rejects_unusable_answers(raw):
    assert clean_output(raw) is None


def test_headline_cleanup_drops_the_final_period_and_long_rambles():
    assert clean_output("Headline: Bishop exposes churchgoers to hepatitis.", task="headline") == (
        "Bishop exposes churchgoers to hepatitis"
    )
    assert clean_output("word " * 30, task="headline") is None


def test_answers_are_split_like_articles():
    """Model answers go through the article splitter: abbreviations and placeholders hold."""
    answer = 'Dr. Smith said "it is over." The U.S. team left. Then [NAME_1] arrived.'
    assert clean_output(answer) == 'Dr. Smith said "it is over."'
    assert clean_output("The U.S. team left at 5 p.m. on Friday. Then") == (
        "The U.S. team left at 5 p.m. on Friday."
    )


@pytest.mark.parametrize(
    ("raw", "task", "complete"),
    [
        ("The council voted on Tuesday.\nThis keeps", "rewrite", True),
        ("The council voted on Tuesday. This version keeps", "rewrite", True),
        ("Here is the rewritten sentence:\nThe", "rewrite", False),
        ("The council voted on", "rewrite", False),
        ("Sure! Here is the", "rewrite", False),
        ("Mr. Smith said the", "rewrite", False),
        ("It rained. The", "rewrite", False),  # too short to be the answer
        ("Council expands bus network\nThe", "headline", True),
        ("Storm hits coast. Thousands flee", "headline", False),
        ("The council voted.\nThen", "summary", False),
    ],
)
def test_answer_complete(raw, task, complete):
    assert answer_complete(raw, task) is complete


FULL_ANSWERS = [
    ("rewrite", "Sure! Here is the rewritten sentence:\n\nOn Tuesday, the council voted to "
                "expand the network. This keeps every fact."),
    ("rewrite", "Sure, I can do that. Here is the rewrite: Dr. Ruth Lee said the U.S. plan "
                "would cost [NUMBER_1]. It also says"),
    ("rewrite", "**Rewritten sentence:** \"The plan, officials said, would cost more.\"\n\nNote"),
    ("rewrite", "1. The bus network will grow to three districts, the council said. 2. Another"),
    ("headline", "Headline: Council votes to grow bus network\nThe council voted"),
    ("headline", "Storm hits coast. Thousands flee\n"),
]


@pytest.mark.parametrize(("task", "full"), FULL_ANSWERS)
def test_a_complete_answer_keeps_what_the_full_answer_keeps(task, full):
    """Stopping a row at the first complete prefix must not change the cleaned answer."""
    expected = clean_output(full, task=task)
    assert expected is not None
    stops = [n for n in range(1, len(full) + 1) if answer_complete(full[:n], task)]
    assert stops, "the full answer never counts as complete"
    assert clean_output(full[: stops[0]], task=task) == expected
