"""The linear longest-copied-run finder gives exactly the answers SequenceMatcher gave."""

from __future__ import annotations

import random
from difflib import SequenceMatcher
from pathlib import Path

from rewrite_cli.read import read_path
from rewrite_cli.verify.copied_runs import CopiedRunFinder
from rewrite_cli.verify.originality import (
    longest_copied_run,
    longest_copied_words,
    measure_originality,
)
from rewrite_cli.verify.text import words

FIXTURES = Path(__file__).parent / "fixtures"


def sequence_matcher_run(output: list[str], source: list[str]) -> int:
    """The implementation this module replaced (quadratic in the source), as the reference."""
    if not output or not source:
        return 0
    m = SequenceMatcher(None, output, source, autojunk=False)
    return m.find_longest_match(0, len(output), 0, len(source)).size


def fixture_sentences() -> list[str]:
    sentences: list[str] = []
    for name in ("harbour-ferry.txt", "library-vote.md", "wind-farm.html"):
        document = read_path(FIXTURES / name)
        for paragraph in document.paragraphs:
            sentences += [part.strip() + "." for part in paragraph.split(". ") if part.strip()]
    return sentences


def rewrites_of(sentences: list[str], rng: random.Random) -> list[list[str]]:
    """Outputs a rewriter could produce: copies, cuts, splices, reorderings, new words."""
    outputs: list[list[str]] = []
    for sentence in sentences:
        ws = words(sentence)
        other = words(rng.choice(sentences))
        cut = rng.randrange(len(ws) + 1)
        outputs += [
            ws,
            [*ws[:cut], "reportedly", *ws[cut:]],
            ws[cut:] + other[: rng.randrange(len(other) + 1)],
            [w for w in ws if rng.random() > 0.3],
            rng.sample(ws, len(ws)),
            ["entirely", "fresh", "wording", *ws[-2:]],
        ]
    return outputs


def test_same_runs_as_sequence_matcher_on_real_looking_articles() -> None:
    sentences = fixture_sentences()
    source = [w for s in sentences for w in words(s)]
    finder = CopiedRunFinder(source)
    outputs = rewrites_of(sentences, random.Random(14))
    assert len(outputs) > 100
    expected = [sequence_matcher_run(o, source) for o in outputs]
    assert [finder.longest_run(o) for o in outputs] == expected
    assert max(expected) == max(len(words(s)) for s in sentences)  # the copies were found


def test_same_runs_sentence_against_sentence() -> None:
    sentences = fixture_sentences()
    rng = random.Random(5)
    for sentence in sentences:
        source = words(sentence)
        for output in rewrites_of([sentence, rng.choice(sentences)], rng):
            assert longest_copied_run(output, source) == sequence_matcher_run(output, source)


def test_repetitive_sources_and_edge_cases() -> None:
    rng = random.Random(0)
    for _ in range(300):
        source = [rng.choice("abc") for _ in range(rng.randrange(0, 40))]
        output = [rng.choice("abcd") for _ in range(rng.randrange(0, 20))]
        assert longest_copied_run(output, source) == sequence_matcher_run(output, source)


def test_whole_output_figure_uses_the_finder() -> None:
    src = ["The cat sat on the mat.", "It was a sunny day."]
    spliced = measure_originality(["On the mat it was a sunny day."], src)
    assert spliced.longest_copied_span == sequence_matcher_run(
        words("On the mat it was a sunny day."), words(" ".join(src))
    ) == 8


def test_copied_words_are_the_run_sequence_matcher_finds_first() -> None:
    """``rewrite check`` shows the copied words, so the span must be the same run too."""
    rng = random.Random(3)
    for _ in range(300):
        source = [rng.choice("abc") for _ in range(rng.randrange(0, 40))]
        output = [rng.choice("abcd") for _ in range(rng.randrange(0, 20))]
        expected: list[str] = []
        if output and source:
            m = SequenceMatcher(None, output, source, autojunk=False)
            match = m.find_longest_match(0, len(output), 0, len(source))
            expected = output[match.a : match.a + match.size]
        assert longest_copied_words(output, source) == expected
