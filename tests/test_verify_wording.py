"""The default checker also compares content words both ways: the errors a small model
really made (read beside their sources) are caught, while rewrites that only restructure
the sentence still pass."""

from __future__ import annotations

import pytest

from rewrite_cli.document import Candidate, Draft, PlanUnit, Sentence
from rewrite_cli.verify import FactChecker

ARTICLE = [
    "The harbour bridge in Ferndale reopened to traffic on Tuesday after a two-year repair "
    "that cost 14.2 million pounds, the town council said.",
    "Local shop owners welcomed the news.",
    "The hotel's new owner said the rooms were very attractive to young families.",
    "He spent the summer documenting his trips to his 10,000 followers on social media.",
    "Recent surveys indicate that most Iranians believe Washington is unlikely to keep its "
    "commitments.",
    "European governments have voiced concern that escalation could spill over into broader "
    "regional instability.",
]


@pytest.fixture(scope="module")
def checker(nlp) -> FactChecker:
    return FactChecker(nlp)


def context_of(checker: FactChecker, texts: list[str]):
    """Each list of sentences below is one small article."""
    return checker.context([Sentence(t, i, i) for i, t in enumerate(texts)])


def unit_of(texts: list[str], i: int) -> PlanUnit:
    return PlanUnit((Sentence(texts[i], i, i),), texts[i], i)


def found(checker, ctx, texts: list[str], i: int, candidate: str) -> set[tuple[str, str]]:
    return {(f.reason, f.span) for f in checker.check(candidate, unit_of(texts, i), ctx)}


@pytest.fixture(scope="module")
def ctx(checker):
    return context_of(checker, ARTICLE)


def check(checker, ctx, i: int, candidate: str) -> set[tuple[str, str]]:
    return found(checker, ctx, ARTICLE, i, candidate)


def test_wording_is_compared_by_default(nlp) -> None:
    assert FactChecker(nlp).wording is True


@pytest.mark.parametrize(
    ("i", "candidate", "expected"),
    [
        # the speaker became the payee
        (0, "The Harbour Bridge in Ferndale reopened to traffic on Tuesday after a two-year "
            "repair that cost 14.2 million pounds to the town council.", ("omission", "say")),
        # an invented place
        (1, "The local business owners of the nearby business district welcomed the news.",
         ("addition", "district")),
        # a degree word dropped
        (2, "The hotel's new owner said the rooms were attractive to young families.",
         ("omission", "very")),
        # a relation lost
        (3, "He spent the summer documenting his 10,000 followers on social media.",
         ("omission", "trip")),
        # belief turned into its opposite by word swaps
        (4, "Recent surveys indicate that a majority of Iranians hold Washington's promises.",
         ("omission", "unlikely")),
        # a claim nobody made
        (5, "European governments have taken a calculated risk by escalating tensions.",
         ("addition", "risk")),
    ],
)
def test_errors_a_small_model_made_are_caught(checker, ctx, i, candidate, expected) -> None:
    assert expected in check(checker, ctx, i, candidate)


@pytest.mark.parametrize(
    ("i", "candidate"),
    [
        (0, "The town council said the harbour bridge in Ferndale reopened to traffic on "
            "Tuesday after a two-year repair that cost 14.2 million pounds."),
        (1, "The news was welcomed by local shop owners."),
        (3, "He spent the summer documenting his trips on social media to his 10,000 followers."),
        (4, "Most Iranians believe Washington is unlikely to keep its commitments, recent surveys "
            "indicate."),
    ],
)
def test_restructured_sentences_pass(checker, ctx, i, candidate) -> None:
    assert check(checker, ctx, i, candidate) == set()


def test_select_publishes_the_faithful_restructuring(checker, ctx) -> None:
    unit = unit_of(ARTICLE, 1)
    bad = Candidate("The local business owners of the nearby district welcomed the news.",
                    "model")
    good = Candidate("The news was welcomed by local shop owners.", "model")
    out = checker.select(Draft(unit, [bad, good]), ctx)
    assert (out.text, out.status) == (good.text, "rewritten")
    assert [r.candidate for r in out.rejected] == [bad.text]


MORE = [
    "He was found guilty of causing death by dangerous driving at the crown court yesterday.",
    "I hope this will make people think twice before drinking any alcohol.",
    "He was also disqualified from driving for eight years.",
    "Police arrested him after a chase.",
]


@pytest.fixture(scope="module")
def more_ctx(checker):
    return context_of(checker, MORE)


def check_more(checker, ctx, i: int, candidate: str) -> set[tuple[str, str]]:
    return found(checker, ctx, MORE, i, candidate)


@pytest.mark.parametrize(
    ("i", "candidate", "expected"),
    [
        (0, "She was found guilty of causing death by dangerous driving at the crown court "
            "yesterday.", ("addition", "she")),
        (1, "I hope this will make people think twice before drinking alcohol.",
         ("omission", "any")),
        (2, "He was disqualified from driving after he was disqualified from driving for eight "
            "years.", ("repetition", "disqualify")),
        (2, "He was disqualified from driving for eight years.", ("omission", "also")),
    ],
)
def test_person_scope_and_repetition(checker, more_ctx, i, candidate, expected) -> None:
    assert expected in check_more(checker, more_ctx, i, candidate)


def test_voice_change_keeps_the_person(checker, more_ctx) -> None:
    assert check_more(checker, more_ctx, 3, "He was arrested by police after a chase.") == set()


SWAPS = [
    "A century earlier, the 1507 Waldseemuller map named and envisaged America as a separate "
    "continent for the first time.",
    "Van Gaal continued: 'Of course, it's tough, but it's also in his best interests.'",
    "Poppy seeds are currently classified as narcotics by the Russian government.",
    "When the singer sang in 1988 that he had to kill a woman and bury her in his backyard, "
    "millions heard those lyrics.",
]


@pytest.fixture(scope="module")
def swap_ctx(checker):
    return context_of(checker, SWAPS)


@pytest.mark.parametrize(
    ("i", "candidate", "reason"),
    [
        (0, "A century earlier, the America Waldseemuller map named and envisaged 1507 as a "
            "separate continent for the first time.", "role"),
        (1, "Van Gaal continues: 'Of course, it's tough, but it's also in his best interests.'",
         "tense"),
        (2, "The poppy seeds, currently classified as narcotics by the Russian government.",
         "fragment"),
        # "had to ... bury her" (an infinitive) made into an event that happened
        (3, "When the singer sang in 1988 that he had to kill a woman and buried her in his "
            "backyard, millions heard those lyrics.", "tense"),
    ],
)
def test_swapped_facts_tense_and_fragments(checker, swap_ctx, i, candidate, reason) -> None:
    unit = unit_of(SWAPS, i)
    assert reason in {f.reason for f in checker.check(candidate, unit, swap_ctx)}


ROLES = [
    "The pair were interviewed, as were the child and other residents.",
    "Britain and the West must brace themselves for more bloody atrocities, former top brass "
    "said last night.",
    "It is a problem that has haunted cartographers for centuries.",
]


@pytest.fixture(scope="module")
def roles_ctx(checker):
    return context_of(checker, ROLES)


def test_doer_and_done_to_swapped_is_caught(checker, roles_ctx) -> None:
    unit = unit_of(ROLES, 0)
    found = checker.check("The pair interviewed the child and other residents.", unit, roles_ctx)
    assert "role" in {f.reason for f in found}


def test_added_time_word_is_caught(checker, roles_ctx) -> None:
    unit = unit_of(ROLES, 2)
    found = checker.check("It is a problem that has haunted cartographers for centuries years.",
                          unit, roles_ctx)
    assert ("addition", "year") in {(f.reason, f.span) for f in found}


def test_trivial_edits_are_not_published_as_rewrites(checker, roles_ctx) -> None:
    unit = unit_of(ROLES, 1)
    trivial = Candidate(ROLES[1].replace("the West", "West"), "model")
    out = checker.select(Draft(unit, [trivial]), roles_ctx)
    assert (out.text, out.status) == (ROLES[1], "kept")
    assert out.rejected[0].findings[0].reason == "trivial"


GARBLED = [
    "More than two decades after Magic Johnson announced that he had HIV, the basketball "
    "player says he is still surprised at the impact the news had.",
    "The bishop of the Fargo Catholic Diocese in North Dakota has exposed potentially hundreds "
    "of church members in Fargo to the hepatitis A virus.",
]


@pytest.fixture(scope="module")
def garbled_ctx(checker):
    return context_of(checker, GARBLED)


@pytest.mark.parametrize(
    ("i", "candidate", "reason"),
    [
        (0, "Magic Johnson after More than two decades announced that he had HIV, the basketball "
            "player says he is still surprised at the impact the news had.", "order"),
        (1, "The bishop of the Church of the Fargo Catholic Diocese in North Dakota has exposed "
            "potentially hundreds of church members in Fargo to the hepatitis A virus.",
         "repetition"),
    ],
)
def test_garbled_model_output_is_rejected(checker, garbled_ctx, i, candidate, reason) -> None:
    unit = unit_of(GARBLED, i)
    out = checker.select(Draft(unit, [Candidate(candidate, "model")]), garbled_ctx)
    assert out.status == "kept"
    assert reason in {f.reason for f in out.rejected[0].findings}


REPARSED = [
    "According to the Centers for Disease Control and Prevention, Hispanics make up 21 per "
    "cent of new infections each year.",
    "In 2002, the combined sales of the different Virgin holding companies exceeded £4 billion "
    "($8 billion).",
    "'No POWs,' he warned.",
]


@pytest.fixture(scope="module")
def reparsed_ctx(checker):
    return context_of(checker, REPARSED)


@pytest.mark.parametrize(
    ("i", "candidate"),
    [
        # "Hispanics" starts the sentence now and is lemmatised "hispanic"
        (0, "Hispanics make up 21 per cent of new infections each year, according to the "
            "Centers for Disease Control and Prevention."),
        # "combined" is tagged a verb mid-sentence and an adjective first
        (1, "The combined sales of the different Virgin holding companies exceeded £4 billion "
            "($8 billion) in 2002."),
        # a quote parses differently after a colon; its words are held verbatim anyway
        (2, "He warned: 'No POWs.'"),
    ],
)
def test_a_word_written_the_same_is_the_same_word(checker, reparsed_ctx, i, candidate) -> None:
    assert found(checker, reparsed_ctx, REPARSED, i, candidate) == set()


@pytest.mark.parametrize(
    ("i", "candidate", "expected"),
    [
        (1, "The sales of the different Virgin holding companies exceeded £4 billion "
            "($8 billion) in 2002.", ("omission", "combine")),
        (0, "Hispanic people make up 21 per cent of new infections each year, according to the "
            "Centers for Disease Control and Prevention.", ("addition", "people")),
    ],
)
def test_words_really_left_out_or_added_are_still_caught(
    checker, reparsed_ctx, i, candidate, expected
) -> None:
    assert expected in found(checker, reparsed_ctx, REPARSED, i, candidate)


NUMBERS = [
    "Coastal Town Reopens Harbour Bridge After Two-Year Repair",
    "The news was welcomed by local shop owners.",
]


@pytest.fixture(scope="module")
def numbers_ctx(checker):
    return context_of(checker, NUMBERS)


@pytest.mark.parametrize(
    ("i", "candidate", "expected"),
    [
        (0, "Coastal Towns Reopens Harbour Bridge After Two-Year Repair", ("inflection", "towns")),
        (1, "The news was welcomed by a local shop owner.", ("inflection", "owner")),
    ],
)
def test_singular_and_plural_may_not_swap(checker, numbers_ctx, i, candidate, expected) -> None:
    assert expected in found(checker, numbers_ctx, NUMBERS, i, candidate)


def test_the_same_nouns_in_a_new_order_pass(checker, numbers_ctx) -> None:
    candidate = "Harbour Bridge Reopens In Coastal Town After Two-Year Repair"
    reasons = {reason for reason, _ in found(checker, numbers_ctx, NUMBERS, 0, candidate)}
    assert "inflection" not in reasons
    assert found(checker, numbers_ctx, NUMBERS, 1, "Local shop owners welcomed the news.") == set()


def test_a_name_from_elsewhere_in_the_article_is_still_an_addition(checker) -> None:
    """The entity check accepts article-wide names; a one-sentence rewrite may not add one."""
    texts = [
        "Buckingham Palace refused to comment on the 'World Exclusive' claims.",
        "Officials at the Palace said nothing.",
    ]
    ctx = context_of(checker, texts)
    added = found(checker, ctx, texts, 1, "Officials at the Palace of the World said nothing.")
    assert ("addition", "world") in added
    assert found(checker, ctx, texts, 1, "Nothing was said by officials at the Palace.") == set()


def test_a_word_said_twice_in_the_source_must_stay_twice(checker) -> None:
    texts = [
        "She was kept in the dark about where her husband was to keep military operations "
        "a secret.",
    ]
    ctx = context_of(checker, texts)
    candidate = "She was kept in the dark about her husband's military operations a secret."
    assert ("omission", "keep") in found(checker, ctx, texts, 0, candidate)


def test_a_noun_may_not_become_a_verb(checker) -> None:
    texts = [
        "McQuaid remains philosophical about the future and the battle against doping.",
    ]
    ctx = context_of(checker, texts)
    candidate = "McQuaid remains philosophical about the future and battling against doping."
    assert ("inflection", "battling") in found(checker, ctx, texts, 0, candidate)


@pytest.mark.parametrize(
    ("candidate", "source", "trivial"),
    [
        ("Sony canceled the film's release.", "Sony cancelled the film's release.", True),
        ("The colour of the sky changed.", "The color of the sky changed.", True),
        ("The West, he said, was silent.", "West, he said, was silent.", True),
        ("He will continue receiving his pay.", "He will continue to receive his pay.", False),
        ("Officials said the bridge reopened.", "The bridge reopened, officials said.", False),
    ],
)
def test_trivial_edits_are_not_rewrites(candidate, source, trivial) -> None:
    from rewrite_cli.verify.originality import is_trivial_edit

    assert is_trivial_edit(candidate, source) is trivial


def test_model_output_may_not_move_a_describing_word(checker) -> None:
    texts = ["The then-85-year-old had led the Catholic church since 2005."]
    ctx = context_of(checker, texts)
    candidate = "The Catholic had led the then-85-year-old church since 2005."
    out = checker.select(Draft(unit_of(texts, 0), [Candidate(candidate, "model")]), ctx)
    assert out.status == "kept"
    assert ("role", "catholic") in {(f.reason, f.span) for f in out.rejected[0].findings}


JEREMY = [
    "The video had shown Jeremy sitting on his bicycle outside his family's home on Tuesday "
    "when the dog escaped its home through an open gate and crept up on him from behind.",
]


@pytest.mark.parametrize(
    ("candidate", "expected"),
    [
        # a relation word swapped: outside the home is not on it
        ("The video had shown Jeremy sitting on his bicycle on his family's home on Tuesday "
         "when the dog escaped its home through an open gate and crept up on him from behind.",
         ("omission", "outside")),
        # the dog no longer crept up on anyone ("his" still names the same person)
        ("The video had shown Jeremy sitting on his bicycle outside his family's home on Tuesday "
         "when the dog escaped from its home through an open gate and crept up from behind.",
         ("omission", "he")),
        # the model's output, read in a 50-article run: both at once
        ("The video had shown Jeremy sitting on his bicycle, on his family's home, on Tuesday "
         "when the dog escaped from its home through an open gate and crept up from behind.",
         ("omission", "outside")),
        ("The video had shown Jeremy sitting on his bicycle inside his family's home on Tuesday "
         "when the dog escaped its home through an open gate and crept up on him from behind.",
         ("addition", "inside")),
    ],
)  # fmt: skip
def test_relation_words_and_persons_are_counted(checker, candidate, expected) -> None:
    ctx = context_of(checker, JEREMY)
    assert expected in found(checker, ctx, JEREMY, 0, candidate)


def test_moving_a_relation_phrase_still_passes(checker) -> None:
    ctx = context_of(checker, JEREMY)
    candidate = (
        "On Tuesday, the video had shown Jeremy sitting on his bicycle outside his family's home "
        "when the dog escaped its home through an open gate and crept up on him from behind."
    )
    assert found(checker, ctx, JEREMY, 0, candidate) == set()


@pytest.mark.parametrize(
    ("source", "candidate", "expected"),
    [
        # every word kept, but "supporters" now hangs on "Fridays"
        ("Since Morsy's ouster and detention in July, his supporters have taken to the streets "
         "most Fridays.",
         "Since Morsy's ouster and detention in July have taken to the streets most Fridays of "
         "his supporters.", ("role", "supporter")),
        ("Culture Secretary Jeremy Hunt yesterday condemned the fighting among children as young "
         "as eight as 'barbaric'.",
         "Culture Secretary Jeremy Hunt yesterday condemned the fighting among young children as "
         "eight as 'barbaric'.", ("omission", "as")),
        ("They are currently being held in the tough Virgen de Fatima prison, on the outskirts of "
         "Lima.",
         "They are currently being held in the toughest Virgen de Fatima prison, on the outskirts "
         "of Lima.", ("omission", "tough")),
    ],
)  # fmt: skip
def test_model_output_keeps_every_word_and_what_it_depends_on(
    checker, source, candidate, expected
) -> None:
    """Five of the ten model rewrites that passed in one 50-article run were wrong; three so."""
    ctx = context_of(checker, [source])
    out = checker.select(Draft(unit_of([source], 0), [Candidate(candidate, "model")]), ctx)
    assert out.status == "kept"
    assert expected in {(f.reason, f.span) for f in out.rejected[0].findings}


def test_model_output_may_still_move_a_phrase(checker) -> None:
    source = "She died later from her injuries."
    ctx = context_of(checker, [source])
    draft = Draft(unit_of([source], 0), [Candidate("She died from her injuries later.", "model")])
    assert checker.select(draft, ctx).status == "rewritten"
