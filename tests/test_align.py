"""Sentence alignment: a rewrite's sentences find the source sentences they restate."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from rewrite_cli.verify import align
from rewrite_cli.verify.align import Alignment, align_bags, align_sentences, similarity
from rewrite_cli.verify.align_exhaustive import align_bags_exhaustive

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


def test_heavy_rewording_in_place_pairs_with_its_source(nlp):
    source = [
        "The council approved the budget on Monday.",
        "He became the first pope in nearly 600 years to resign.",
        "Officials will publish the accounts in March.",
    ]
    rewrite = [
        "The council approved the budget on Monday.",
        "No pope had given up the office for almost six centuries before he did.",
        "Officials will publish the accounts in March.",
    ]
    result = align_sentences(source, rewrite, nlp)
    assert kinds(result) == [("one-to-one", (i,), (i,)) for i in range(3)]


def test_an_invented_sentence_beside_a_dropped_one_stays_apart():
    source = [{"council": 1.0, "budget": 1.0}, {"pope": 3.0, "resign": 1.0},
              {"account": 1.0, "march": 3.0}]
    rewrite = [{"council": 1.0, "budget": 1.0}, {"fireworks": 1.0, "night": 1.0},
               {"account": 1.0, "march": 3.0}]
    assert [a.kind for a in align_bags(source, rewrite)] == [
        "one-to-one", "invented", "omitted", "one-to-one"]


def test_two_neighbours_swapped_are_both_found():
    source = [{"council": 1.0, "budget": 1.0}, {"pope": 3.0, "resign": 1.0},
              {"account": 1.0, "march": 3.0}, {"bridge": 1.0, "ferndale": 3.0}]
    rewrite = [{"council": 1.0, "budget": 1.0}, {"account": 1.0, "march": 3.0},
               {"pope": 3.0, "resign": 1.0}, {"bridge": 1.0, "ferndale": 3.0}]
    assert [(a.rewrite, a.source) for a in align_bags(source, rewrite)] == [
        ((0,), (0,)), ((1,), (2,)), ((2,), (1,)), ((3,), (3,))]


# Small vocabularies, so that pairs, splits, merges, swaps, repeated sentences and equal
# scores all turn up.
_bags = st.lists(st.dictionaries(st.sampled_from("abcdefghij"), st.sampled_from([0.3, 1.0, 3.0]),
                                 max_size=5), max_size=9)


@given(source=_bags, rewrite=_bags)
def test_same_alignment_as_the_exhaustive_table(source, rewrite):
    assert align_bags(source, rewrite) == align_bags_exhaustive(source, rewrite)


@given(source=_bags, picks=st.lists(st.integers(0, 8), max_size=9), extra=_bags)
def test_same_alignment_as_the_exhaustive_table_for_close_rewrites(source, picks, extra):
    """Rewrites that mostly repeat source sentences (in order, out of order, twice)."""
    rewrite = [source[p % len(source)] for p in picks] if source else []
    rewrite[1:1] = extra[:2]
    assert align_bags(source, rewrite) == align_bags_exhaustive(source, rewrite)


def test_a_long_text_compares_each_sentence_with_a_bounded_number_of_others(monkeypatch):
    """1,000 sentences that all share common words: the exhaustive table compared every
    pair; each rewrite sentence is now compared with at most MAX_CANDIDATES."""
    size = 1000
    common = {f"common{k}": 1.0 for k in range(4)}  # in every sentence
    source = [{**common, f"topic{k // 20}": 1.0, f"name{k}": 3.0} for k in range(size)]
    rewrite = [dict(bag) for bag in source]
    del rewrite[500]
    calls = 0
    real = align.similarity

    def counting(a, b):
        nonlocal calls
        calls += 1
        return real(a, b)

    monkeypatch.setattr(align, "similarity", counting)
    result = align_bags(source, rewrite)
    assert calls <= len(rewrite) * 4 * align.MAX_CANDIDATES
    assert [(a.rewrite, a.source) for a in result] == [
        *(((k,), (k,)) for k in range(500)), ((), (500,)),
        *(((k - 1,), (k,)) for k in range(501, size))]
