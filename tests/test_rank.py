"""Salience ranking: central, early sentences first; stable and well-formed scores."""

from __future__ import annotations

from rewrite_cli.document import Sentence
from rewrite_cli.rank import rank_sentences


def _sentences(texts: list[str]) -> list[Sentence]:
    return [Sentence(text=t, index=i, paragraph=0) for i, t in enumerate(texts)]


ARTICLE = [
    "The city council approved a new budget for public transport on Tuesday.",
    "The budget raises bus and tram funding by 12 percent over two years.",
    "Council members said the transport budget would cut waiting times for buses.",
    "The mayor's dog was seen at the ceremony wearing a red scarf.",
    "Critics said the public transport budget still leaves rural bus routes underfunded.",
    "Transport officials will publish the new bus timetables in March.",
]


def test_one_score_per_sentence_in_unit_range() -> None:
    scores = rank_sentences(_sentences(ARTICLE))
    assert len(scores) == len(ARTICLE)
    assert all(0.0 <= s <= 1.0 for s in scores)


def test_empty_and_single_sentence() -> None:
    assert rank_sentences([]) == []
    assert len(rank_sentences(_sentences(["Only one sentence here."]))) == 1


def test_off_topic_sentence_ranks_below_on_topic_neighbours() -> None:
    scores = rank_sentences(_sentences(ARTICLE))
    off_topic = scores[3]
    assert off_topic < scores[2]
    assert off_topic < scores[4]
    assert scores.index(max(scores)) == 0  # the lead sentence of a focused article


def test_lead_prior_breaks_ties_between_equal_sentences() -> None:
    texts = ["Prices of wheat rose sharply this week."] * 3
    scores = rank_sentences(_sentences(texts))
    assert scores[0] > scores[1] > scores[2]


def test_ranking_is_deterministic() -> None:
    sentences = _sentences(ARTICLE)
    assert rank_sentences(sentences) == rank_sentences(sentences)
