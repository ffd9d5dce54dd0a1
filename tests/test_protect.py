"""Facts are replaced by placeholders before prompting and copied back verbatim after."""

from __future__ import annotations

import pytest

from rewrite_cli.engines.protect import PlaceholderStyle, find_spans, protect, restore

ARREST = (
    "Police arrested the 23-year-old man on Tuesday after a two-hour standoff in "
    "Manchester, said John Smith of the BBC."
)
PROFITS = (
    "The company said its profits rose 12 percent to $4.5 billion in the third quarter of 2013."
)
QUOTE = 'He said: "We will not give up, whatever it costs," on 5 March 2014.'


def test_regex_protects_quantities_with_units_and_dates():
    protected = protect(PROFITS)
    values = {slot.text: slot.kind for slot in protected.slots}
    assert values == {"12 percent": "number", "$4.5 billion": "number", "2013": "date"}
    assert protected.masked == (
        "The company said its profits rose [NUMBER_1] to [NUMBER_2] in the third quarter of "
        "[DATE_1]."
    )


def test_quotes_are_protected_whole_even_when_they_contain_facts():
    protected = protect(QUOTE)
    assert [slot.text for slot in protected.slots] == [
        '"We will not give up, whatever it costs,"',
        "5 March 2014",
    ]
    assert protected.masked == "He said: [QUOTE_1] on [DATE_1]."


def test_spacy_adds_names_without_their_article(nlp):
    protected = protect(ARREST, nlp=nlp)
    names = [slot.text for slot in protected.slots if slot.kind == "name"]
    assert names == ["Manchester", "John Smith", "BBC"]
    assert "of the [NAME_3]" in protected.masked
    ages = [slot.text for slot in protected.slots if slot.kind == "number"]
    assert "23-year-old" in ages


def test_kinds_limit_what_is_protected(nlp):
    protected = protect(ARREST, nlp=nlp, kinds=("number",))
    assert {slot.kind for slot in protected.slots} == {"number"}
    assert "Manchester" in protected.masked and "Tuesday" in protected.masked


def test_round_trip_of_a_reordered_rewrite(nlp):
    protected = protect(ARREST, nlp=nlp)
    rewrite = (
        "[NAME_2] of the [NAME_3] said a [NUMBER_1] man was held on [DATE_1] in [NAME_1] "
        "after a [NUMBER_2] standoff."
    )
    restored = restore(rewrite, protected)
    assert restored.problem is None
    assert restored.text == (
        "John Smith of the BBC said a 23-year-old man was held on Tuesday in Manchester "
        "after a two-hour standoff."
    )


@pytest.mark.parametrize(
    ("rewrite", "problem"),
    [
        (
            "The firm's profits grew by [NUMBER_1] in the third quarter of [DATE_1].",
            "dropped number",
        ),
        (
            "Profits rose [NUMBER_1] to [NUMBER_2], or [NUMBER_2], in the quarter of [DATE_1].",
            "repeated number",
        ),
        (
            "Profits rose [NUMBER_1] to [NUMBER_2] in [DATE_1], up from [NUMBER_3].",
            "invented placeholder [NUMBER_3]",
        ),
    ],
)
def test_candidates_that_lose_a_placeholder_are_rejected(rewrite, problem):
    restored = restore(rewrite, protect(PROFITS))
    assert restored.text is None
    assert restored.problem is not None and restored.problem.startswith(problem)


def test_model_spelling_variants_of_a_placeholder_are_accepted():
    restored = restore(
        "In the third quarter of [date_1], profits rose [ NUMBER_1 ] to [NUMBER 2].",
        protect(PROFITS),
    )
    assert restored.text == "In the third quarter of 2013, profits rose 12 percent to $4.5 billion."


def test_a_fact_used_twice_in_the_source_keeps_one_placeholder():
    protected = protect("Sales rose 5 percent in March 2014, and costs rose 5 percent too.")
    assert len(protected.slots) == 2  # "5 percent" and "March 2014"
    assert restore(
        "In [DATE_1] sales rose [NUMBER_1] and costs also rose [NUMBER_1].", protected
    ).text
    assert restore("In [DATE_1] sales rose [NUMBER_1] and costs also rose.", protected).text is None


def test_indefinite_article_agrees_with_the_restored_number():
    protected = protect("Police said an 18-year-old man and a 20-year-old woman were hurt.")
    restored = restore("A [NUMBER_1] man and a [NUMBER_2] woman were hurt, police said.", protected)
    assert restored.text == "An 18-year-old man and a 20-year-old woman were hurt, police said."


def test_other_placeholder_styles_round_trip():
    style = PlaceholderStyle(
        labels=(("number", "N"), ("date", "D"), ("name", "P"), ("quote", "Q")),
        separator="",
        open="{",
        close="}",
    )
    protected = protect(PROFITS, style=style)
    assert (
        protected.masked
        == "The company said its profits rose {N1} to {N2} in the third quarter of {D1}."
    )
    assert restore("In {D1}, profits rose {N1} to {n2}.", protected).text == (
        "In 2013, profits rose 12 percent to $4.5 billion."
    )


def test_a_list_of_names_is_one_placeholder(nlp):
    text = "Members in Fargo, Grand Forks and Jamestown were exposed, officials said."
    protected = protect(text, nlp=nlp)
    assert [slot.text for slot in protected.slots] == ["Fargo, Grand Forks and Jamestown"]
    assert protected.masked == "Members in [NAME_1] were exposed, officials said."


def test_spans_never_overlap_on_real_articles(shared_dir, nlp):
    import itertools
    import json

    lines = (shared_dir / "eval" / "cnndm_dev.jsonl").read_text(encoding="utf-8").splitlines()
    article = json.loads(lines[0])["article"]
    for sentence in list(nlp(article[:4000]).sents)[:30]:
        spans = find_spans(sentence.text, nlp=nlp)
        for (_, end, _), (start, _, _) in itertools.pairwise(spans):
            assert end <= start
        protected = protect(sentence.text, nlp=nlp)
        assert restore(protected.masked, protected).text == sentence.text
