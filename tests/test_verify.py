"""The verify stage on hand-made articles: each check catches a changed fact and lets a
faithful paraphrase through; select() falls back to the source; figures add up."""

from __future__ import annotations

import pytest

from rewrite_cli.document import Candidate, Draft, PlanUnit, Sentence
from rewrite_cli.verify import (
    FactChecker,
    build_report,
    measure_originality,
    report_to_json,
    sentence_originality,
)

ARTICLE = [
    "The city council of Millbrook voted on Tuesday, June 13, 2023, to spend $5m on three new "
    "bridges over the Avon river.",
    "Mayor Helen Okafor said the risk of delays is low, but engineers warned that costs may rise.",
    '"We will not let the bridges fall apart again," Okafor told the meeting.',
    "Her brother Daniel Okafor, a builder, earns £80,000 a month from the contract.",
    "The driver hit a cyclist near the station, police said.",
    "Millbrook finished third in the regional safety league for the second year running.",
    "The U.S. Department of Transport gave almost 1,000 grants to small towns last year.",
    "The company did not comment.",
]


@pytest.fixture(scope="module")
def checker(nlp) -> FactChecker:
    # These tests exercise the fact checks themselves, so synonyms must pass here; the
    # stricter content-word comparison that is on by default has its own tests in
    # test_verify_wording.py.
    return FactChecker(nlp, wording=False)


@pytest.fixture(scope="module")
def sentences() -> list[Sentence]:
    return [Sentence(text, i, i) for i, text in enumerate(ARTICLE)]


@pytest.fixture(scope="module")
def ctx(checker, sentences):
    return checker.context(sentences)


def unit_for(sentences, i: int, text: str | None = None) -> PlanUnit:
    s = sentences[i]
    return PlanUnit((s,), text or s.text, s.paragraph, compressed=text is not None)


def reasons(checker, ctx, sentences, i: int, candidate: str, text: str | None = None) -> set[str]:
    return {f.reason for f in checker.check(candidate, unit_for(sentences, i, text), ctx)}


@pytest.mark.parametrize(
    ("i", "candidate", "expected"),
    [
        (0, "On Tuesday, June 13, 2023, Millbrook's city council voted to spend $5m on four new "
            "bridges over the Avon river.", "number"),
        (0, "On Tuesday, May 13, 2023, Millbrook's city council voted to spend $5m on three new "
            "bridges over the Avon river.", "date"),
        (0, "On Tuesday, June 13, 2023, Millbrook's city council voted to spend £5m on three new "
            "bridges over the Avon river.", "unit_frame"),
        (3, "Daniel Okafor, her brother and a builder, earns £80,000 a year from the contract.",
         "unit_frame"),
        (3, "Her son Daniel Okafor, a builder, earns £80,000 a month from the contract.", "role"),
        (5, "Millbrook came fourth in the regional safety league for the second year running.",
         "ordinal"),
        (1, "Mayor Helen Okafor said the risk of delays is significant, but engineers warned "
            "that costs may rise.", "polarity"),
        (6, "The U.S. Department of Transport gave over 1,000 grants to small towns last year.",
         "polarity"),
        (1, "Mayor Helen Okafor said the risk of delays is low, but engineers warned that costs "
            "will rise.", "modality"),
        (7, "The company commented.", "negation"),
        (1, "Mayor Helen Okafor said the risk of delays is not low, but engineers warned that "
            "costs may rise.", "negation"),
        (2, '"We will not let the bridges collapse again," Okafor told the meeting.', "quote"),
        (2, '"We will not let the bridges fall apart again," Daniel told the meeting.', "speaker"),
        (4, "A cyclist hit the driver near the station, police said.", "role"),
        (5, "According to the company, Millbrook finished third in the regional safety league "
            "for the second year running.", "attribution"),
        (0, "The council of Millbrook voted to spend $5m on three new bridges over the Avon "
            "river.", "omission"),
        (1, "Mayor Helen Smith said the risk of delays is low, but engineers warned that costs "
            "may rise.", "entity"),
        (6, "Washington gave almost 1,000 grants to small towns last year.", "entity"),
    ],
)
def test_a_changed_fact_is_caught(checker, ctx, sentences, i, candidate, expected):
    assert expected in reasons(checker, ctx, sentences, i, candidate)


@pytest.mark.parametrize(
    ("i", "candidate"),
    [
        # numbers written differently, clauses moved
        (0, "On Tuesday, 13 June 2023, Millbrook's city council voted to spend 5 million "
            "dollars on 3 new bridges over the Avon river."),
        # aliases and a surname alone
        (6, "The United States Department of Transport gave almost 1000 grants to small towns "
            "last year."),
        (2, 'Okafor told the meeting: "We will not let the bridges fall apart again."'),
        # passive voice keeps who did what to whom
        (4, "A cyclist was hit by the driver near the station, police said."),
        # 'said' -> 'told reporters', synonyms, same degree
        (1, "Mayor Helen Okafor told reporters the risk of delays is small, yet engineers warned "
            "that costs may rise."),
        (3, "Daniel Okafor, her brother and a builder, earns £80,000 a month from the deal."),
        (5, "For the second year running, Millbrook came third in the regional safety league."),
        (7, "The company didn't comment."),
    ],
)
def test_a_faithful_paraphrase_passes(checker, ctx, sentences, i, candidate):
    assert checker.check(candidate, unit_for(sentences, i), ctx) == []


def test_findings_name_the_offending_span(checker, ctx, sentences):
    findings = checker.check(
        "Her son Daniel Okafor, a builder, earns £80,000 a month from the contract.",
        unit_for(sentences, 3), ctx)
    assert any(f.reason == "role" and f.span == "son" and f.detail for f in findings)


def test_quote_marks_around_unquoted_words_are_caught(checker, ctx, sentences):
    found = checker.check('Mayor Helen Okafor said the risk of delays is "low", but engineers '
                          "warned that costs may rise.", unit_for(sentences, 1), ctx)
    assert [f.reason for f in found] == ["quote"]


def test_compressed_unit_may_lose_what_the_planner_removed(checker, ctx, sentences):
    short = "The city council of Millbrook voted to spend $5m on three new bridges."
    candidate = "Millbrook's city council voted to spend $5m on three new bridges."
    assert reasons(checker, ctx, sentences, 0, candidate, text=short) == set()
    assert "omission" in reasons(checker, ctx, sentences, 0, candidate)


def test_select_prefers_the_most_original_passing_candidate(checker, ctx, sentences):
    unit = unit_for(sentences, 5)
    close = Candidate("Millbrook finished third in the regional safety league for the second "
                      "year in a row.", "transform:synonym")
    bold = Candidate("For the second year running, Millbrook came third in the regional "
                     "safety league.", "model")
    wrong = Candidate("Millbrook finished fourth in the regional safety league.", "model")
    out = checker.select(Draft(unit, [wrong, close, bold]), ctx)
    assert (out.text, out.status, out.origin) == (bold.text, "rewritten", "model")
    assert out.sources == [sentences[5].text]
    assert [r.candidate for r in out.rejected] == [wrong.text]
    assert {f.reason for f in out.rejected[0].findings} >= {"ordinal"}


def test_select_keeps_the_source_when_nothing_passes(checker, ctx, sentences):
    unit = unit_for(sentences, 5)
    out = checker.select(Draft(unit, [Candidate("Millbrook was fourth.", "model")]), ctx)
    assert (out.text, out.status, out.origin) == (unit.text, "kept", "source")
    assert len(out.rejected) == 1
    compressed = unit_for(sentences, 5, text="Millbrook finished third in the league.")
    out = checker.select(Draft(compressed, []), ctx)
    assert (out.text, out.status) == ("Millbrook finished third in the league.", "compressed")


def test_select_headline_checks_against_the_title(checker, ctx):
    title = "Millbrook to spend $5m on three bridges"
    cands = [Candidate("Millbrook to spend $9m on bridges", "model"),
             Candidate("Three new bridges for Millbrook at a cost of $5m", "model")]
    text, status, rejected = checker.select_headline(cands, title, ctx)
    assert (text, status) == (cands[1].text, "rewritten")
    assert [r.candidate for r in rejected] == [cands[0].text]
    assert checker.select_headline([cands[0]], title, ctx)[:2] == (title, "kept")


def test_free_sentence_is_aligned_and_checked(checker, ctx, sentences):
    good = "Engineers warned that costs may rise, though the mayor said the risk of delays is low."
    sources, findings = checker.check_free_sentence(good, ctx)
    assert sources == [sentences[1].text] and findings == []
    _, findings = checker.check_free_sentence(
        "Engineers warned that costs will rise sharply in July.", ctx)
    assert {"modality", "date"} <= {f.reason for f in findings}


def test_free_sentences_split_the_article_into_words_once(checker, monkeypatch):
    """Finding support for many free sentences of a long text does not re-read every
    source sentence for each of them (that made ``rewrite check`` quadratic)."""
    from rewrite_cli.verify import checker as checker_module

    article = [Sentence(f"Officials in district {k} said {k} new homes will be built.", k, k)
               for k in range(300)]
    ctx = checker.context(article)
    read: list[str] = []
    real = checker_module.words
    monkeypatch.setattr(checker_module, "words", lambda text: read.append(text) or real(text))
    for k in (7, 150, 299):
        assert checker.align(f"District {k} will get {k} new homes, officials said.", ctx) \
            == [article[k]]
    assert len(read) <= len(article) + 3


def test_verify_batches_every_draft(checker, ctx, sentences):
    drafts = [Draft(unit_for(sentences, i), [Candidate(t, "model")]) for i, t in [
        (4, "Police said the driver hit a cyclist near the station."),
        (4, "A cyclist hit the driver near the station, police said."),
    ]]
    out = checker.verify(drafts, ctx)
    assert [v.status for v in out] == ["rewritten", "kept"]


def test_originality_figures_on_hand_made_pairs():
    src = ["The cat sat on the mat.", "It was a sunny day."]
    copied = measure_originality(["The cat sat on the mat."], src)
    assert (copied.novel_bigram_ratio, copied.longest_copied_span, copied.verbatim_share) == (
        0.0, 6, 1.0)
    fresh = measure_originality(["A feline rested upon a rug."], src)
    assert fresh.novel_bigram_ratio == 1.0 and fresh.longest_copied_span == 1
    assert fresh.verbatim_share == 0.0
    mixed = measure_originality(["The cat sat quietly.", "It was a sunny day."], src)
    assert mixed.verbatim_share == 0.5 and mixed.longest_copied_span == 5
    assert sentence_originality("A feline rested upon a rug.", src[0]) > sentence_originality(
        "The cat sat on a rug.", src[0]) > sentence_originality(src[0], src[0]) == 0.0


def test_report_json_has_counts_and_rejections(checker, ctx, sentences):
    drafts = [Draft(unit_for(sentences, 5), [Candidate("Millbrook was fourth.", "model")]),
              Draft(unit_for(sentences, 4),
                    [Candidate("Near the station, the driver hit a cyclist, police said.",
                               "model")])]
    report = build_report(checker.verify(drafts, ctx), sentences, dropped=2)
    data = report_to_json(report)
    assert data["counts"] == {"sentences": 2, "rewritten": 1, "compressed": 0, "kept": 1}
    assert data["sentences"][0]["rejected"][0]["reasons"][0]["reason"] == "ordinal"
    assert data["sentences"][1]["origin"] == "model"
    assert 0.0 < data["novel_bigram_ratio"] < 1.0 and data["verbatim_share"] == 0.5
    assert data["unsupported"] == []


def test_a_contraction_alone_is_not_a_rewrite(checker, ctx, sentences):
    out = checker.select(Draft(unit_for(sentences, 7), [Candidate("The company didn't comment.",
                                                                  "model")]), ctx)
    assert (out.text, out.status) == (sentences[7].text, "kept")
    assert out.rejected[0].findings[0].reason == "trivial"
