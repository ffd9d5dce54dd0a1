"""Sentence alignment: a rewrite's sentences find the source sentences they restate."""

from __future__ import annotations

from rewrite_cli.verify.align import Alignment, align_bags, align_sentences, similarity

SOURCE = [
    "The town council said the harbour bridge in Ferndale reopened to traffic on Tuesday "
    "after a two-year repair that cost 14.2 million pounds.",
    "The 180-metre bridge was closed in March 2024 when engineers found corrosion in four "
    "of its steel cables.",
    "Since then, drivers have taken a 12-mile detour through the village of Oakley.",
    "Council leader Maria Hensley thanked the engineers at the ceremony.",
    "A weight limit of 18 tonnes will stay in place until the final inspection in June.",
    "Cyclists and pedestrians will share a new 3-metre path on the east side.",
]


def kinds(alignments: list[Alignment]) -> list[tuple[str, tuple[int, ...], tuple[int, ...]]]:
    return [(a.kind, a.rewrite, a.source) for a in alignments]


def test_one_to_one_in_order(nlp):
    rewrite = [
        "Ferndale's harbour bridge opened to traffic again on Tuesday after repairs lasting "
        "two years and costing 14.2 million pounds, the town council said.",
        "Engineers had found corrosion in four steel cables of the 180-metre bridge, which "
        "closed in March 2024.",
        "Drivers have since used a 12-mile detour via Oakley.",
        "At the ceremony, council leader Maria Hensley thanked the engineers.",
        "Until the final inspection in June, an 18-tonne weight limit will remain.",
        "A new 3-metre path on the east side will be shared by cyclists and pedestrians.",
    ]
    result = align_sentences(SOURCE, rewrite, nlp)
    assert kinds(result) == [("one-to-one", (i,), (i,)) for i in range(6)]
    assert all(0 < a.score <= 1 for a in result)


def test_split_merge_invented_and_omitted(nlp):
    rewrite = [
        # source 0 split in two
        "The harbour bridge in Ferndale reopened to traffic on Tuesday, the town council said.",
        "Its two-year repair cost 14.2 million pounds.",
        # sources 1 and 2 merged
        "Since engineers found corrosion in its steel cables in March 2024, drivers have "
        "taken a 12-mile detour through Oakley.",
        # invented
        "Local residents celebrated with fireworks late into the night.",
        # source 3 dropped; 4 and 5 kept
        "An 18-tonne weight limit stays in place until the final inspection in June.",
        "A new 3-metre path on the east side will be shared by cyclists and pedestrians.",
    ]
    result = align_sentences(SOURCE, rewrite, nlp)
    assert kinds(result) == [
        ("split", (0, 1), (0,)),
        ("merge", (2,), (1, 2)),
        ("invented", (3,), ()),
        ("omitted", (), (3,)),
        ("one-to-one", (4,), (4,)),
        ("one-to-one", (5,), (5,)),
    ]
    assert [a.score for a in result if not a.source or not a.rewrite] == [0.0, 0.0]


def test_swapped_sentences_still_pair(nlp):
    rewrite = [
        "The town council said Ferndale's harbour bridge reopened on Tuesday after a two-year, "
        "14.2 million pound repair.",
        "Drivers have since taken a 12-mile detour through Oakley village.",
        "The 180-metre bridge had closed in March 2024 after engineers found corroded steel "
        "cables.",
    ]
    result = align_sentences(SOURCE[:3], rewrite, nlp)
    pairs = sorted((a.rewrite, a.source) for a in result)
    assert pairs == [((0,), (0,)), ((1,), (2,)), ((2,), (1,))]


def test_unrelated_rewrite_is_all_gaps():
    source = [{"bridge": 1.0, "ferndale": 3.0}, {"detour": 1.0, "12": 3.0}]
    rewrite = [{"football": 1.0, "arsenal": 3.0}]
    result = align_bags(source, rewrite)
    assert sorted(a.kind for a in result) == ["invented", "omitted", "omitted"]


def test_empty_sides():
    assert align_bags([], []) == []
    assert [a.kind for a in align_bags([{"a": 1.0}], [])] == ["omitted"]
    assert [a.kind for a in align_bags([], [{"a": 1.0}])] == ["invented"]


def test_names_and_numbers_weigh_more_than_common_words():
    a = {"bridge": 1.0, "hensley": 3.0}
    same_name = {"road": 1.0, "hensley": 3.0}
    same_word = {"bridge": 1.0, "barrow": 3.0}
    assert similarity(a, same_name) > similarity(a, same_word)
