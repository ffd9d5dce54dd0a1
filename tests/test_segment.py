"""Sentence splitting on news-style text: abbreviations, numbers, quotes, ellipses."""

from __future__ import annotations

import time

import pytest

from rewrite_cli.document import Document, InputInfo, Metadata
from rewrite_cli.segment import segment, split_sentences

CASES = [
    (
        "Mr. Smith met Dr. Jones on Jan. 5 at St. Mary's hospital. They talked for an hour.",
        ["Mr. Smith met Dr. Jones on Jan. 5 at St. Mary's hospital.", "They talked for an hour."],
    ),
    (
        "Gov. Brown and Sen. Warren spoke. Acme Inc. and Beta Corp. agreed to merge. "
        "It was No. 1 in sales.",
        [
            "Gov. Brown and Sen. Warren spoke.",
            "Acme Inc. and Beta Corp. agreed to merge.",
            "It was No. 1 in sales.",
        ],
    ),
    (
        "The U.S. military said it would respond. Officials in the U.K. agreed.",
        ["The U.S. military said it would respond.", "Officials in the U.K. agreed."],
    ),
    (
        "The strikes were ordered by the U.S. The talks were then cancelled.",
        ["The strikes were ordered by the U.S.", "The talks were then cancelled."],
    ),
    (
        "He spoke at the U.N. on Friday. Others stayed home.",
        ["He spoke at the U.N. on Friday.", "Others stayed home."],
    ),
    (
        "John F. Kennedy was elected in 1960. He was 43.",
        ["John F. Kennedy was elected in 1960.", "He was 43."],
    ),
    (
        "The deal is worth $3.5 million. Shares rose 2.5% on Monday.",
        ["The deal is worth $3.5 million.", "Shares rose 2.5% on Monday."],
    ),
    (
        "The meeting starts at 3 p.m. Monday in Geneva. Delegates arrived early.",
        ["The meeting starts at 3 p.m. Monday in Geneva.", "Delegates arrived early."],
    ),
    (
        "The polls closed at 5 p.m. Results are due tomorrow.",
        ["The polls closed at 5 p.m.", "Results are due tomorrow."],
    ),
    (
        "“We are not seeking war,” he said. “However, we will defend ourselves if attacked.”",
        ["“We are not seeking war,” he said.", "“However, we will defend ourselves if attacked.”"],
    ),
    (
        '"It is over." The minister left the room.',
        ['"It is over."', "The minister left the room."],
    ),
    ("“Is it over?” he asked. Nobody answered.", ["“Is it over?” he asked.", "Nobody answered."]),
    (
        "'We will never give up,' said Mr. Jones. 'Never.'",
        ["'We will never give up,' said Mr. Jones.", "'Never.'"],
    ),
    (
        "She said: “We will win. We always do.” Then she left.",
        ["She said: “We will win. We always do.”", "Then she left."],
    ),
    (
        "The talks were close… But the strikes changed everything.",
        ["The talks were close…", "But the strikes changed everything."],
    ),
    (
        "He paused... Then he continued. The crowd waited.",
        ["He paused...", "Then he continued.", "The crowd waited."],
    ),
    (
        "Is this the end? No! It is only the start.",
        ["Is this the end?", "No!", "It is only the start."],
    ),
    (
        "The company, based in Washington, D.C., said sales fell. Its stock dropped.",
        ["The company, based in Washington, D.C., said sales fell.", "Its stock dropped."],
    ),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_news_sentences_split_where_a_reader_would(text: str, expected: list[str]) -> None:
    assert split_sentences(text) == expected


def test_scraped_caption_stop_ends_a_sentence_but_a_line_break_stop_does_not() -> None:
    text = (
        "The patient was exposed to hepatitis A . State officials say the risk is low. "
        "He met the Duke of . Edinburgh at the palace."
    )
    assert split_sentences(text) == [
        "The patient was exposed to hepatitis A .",
        "State officials say the risk is low.",
        "He met the Duke of . Edinburgh at the palace.",
    ]


def test_empty_and_blank_text_give_no_sentences() -> None:
    assert split_sentences("") == []
    assert split_sentences("   \n ") == []


def test_segment_numbers_sentences_across_paragraphs() -> None:
    document = Document(
        title="Talks stall",
        paragraphs=["Talks stalled on Monday. Both sides blamed each other.", "Mr. Lee left."],
        meta=Metadata(),
        input=InputInfo(path="-", sha256="0" * 64, format="text", encoding="utf-8"),
    )
    sentences = segment(document)
    assert [(s.index, s.paragraph) for s in sentences] == [(0, 0), (1, 0), (2, 1)]
    assert sentences[2].text == "Mr. Lee left."


def test_a_thousand_word_article_segments_quickly() -> None:
    paragraph = (
        "Mr. Smith, 52, told reporters at 3 p.m. that the U.S. would pay $3.5 million. "
        "“We are not seeking war,” he said. Shares rose 2.5% in Jan. and fell later... "
    )
    text = " ".join([paragraph] * 34)  # about 1,000 words
    assert 900 < len(text.split()) < 1200
    split_sentences(text)  # warm up
    start = time.perf_counter()
    sentences = split_sentences(text)
    elapsed = time.perf_counter() - start
    assert len(sentences) == 3 * 34
    assert elapsed < 0.1


def test_line_breaks_and_odd_spaces_inside_a_sentence_become_single_spaces() -> None:
    text = "The council met on\nTuesday. It voted\u00a0 to approve\n the plan."
    assert split_sentences(text) == ["The council met on Tuesday.", "It voted to approve the plan."]
