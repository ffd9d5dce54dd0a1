"""Planning: what rewrite and summary modes keep, drop (with reasons) and compress."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from rewrite_cli.document import Document, Draft, InputInfo, Metadata
from rewrite_cli.plan import compress, default_summary_length, junk_reason, make_plan
from rewrite_cli.segment import segment
from rewrite_cli.verify import FactChecker

INFO = InputInfo(path="article.txt", sha256="0" * 64, format="text", encoding="utf-8")

PARAGRAPHS = [
    "By . Jane Doe .",
    "PUBLISHED: . 14:11 EST, 25 October 2013 . | . UPDATED: . 15:36 EST, 25 October 2013 .",
    "LONDON (Reuters) -- The city council approved a new budget for public transport on "
    "Tuesday. Scroll down for video.",
    "The budget raises bus and tram funding by 12 percent over two years. "
    "Pictured: The council chamber during the vote on Tuesday evening.",
    "Council members said the plan would cut waiting times for buses. "
    "The budget raises bus and tram funding by 12 percent over two years.",
    "However, critics said rural routes (mostly in the north) were still underfunded. "
    "Click here to read more about local elections.",
    "Note: This article summarizes publicly reported facts from multiple news sources including "
    "BBC. The content has been independently rewritten for informational purposes only.",
    "Transport officials will publish the new timetables in March.",
]


def _document(paragraphs: list[str], title: str | None = "Council backs transport budget"):
    return Document(title=title, paragraphs=paragraphs, meta=Metadata(), input=INFO)


def _plan(mode: str, n: int | None = None, title: str | None = "Council backs transport budget"):
    document = _document(PARAGRAPHS, title)
    return make_plan(document, segment(document), mode=mode, n_sentences=n)


def test_rewrite_keeps_every_real_sentence_in_order() -> None:
    plan = _plan("rewrite")
    assert plan.mode == "rewrite"
    assert [u.text for u in plan.units] == [
        "The city council approved a new budget for public transport on Tuesday.",
        "The budget raises bus and tram funding by 12 percent over two years.",
        "Council members said the plan would cut waiting times for buses.",
        "However, critics said rural routes (mostly in the north) were still underfunded.",
        "Transport officials will publish the new timetables in March.",
    ]
    assert [u.paragraph for u in plan.units] == [2, 3, 4, 5, 7]
    assert all(len(u.sources) == 1 for u in plan.units)


def test_rewrite_drops_page_junk_with_reasons() -> None:
    reasons = {s.text: why for s, why in _plan("rewrite").dropped}
    assert reasons["By ."] == "byline"
    assert reasons["Jane Doe ."] == "byline"
    assert reasons["PUBLISHED: ."] == "dateline"
    assert reasons["14:11 EST, 25 October 2013 ."] == "dateline"
    assert reasons["Scroll down for video."] == "link or promotion"
    assert reasons["Click here to read more about local elections."] == "link or promotion"
    assert reasons["Pictured: The council chamber during the vote on Tuesday evening."] == (
        "photo caption"
    )
    assert "duplicate" in reasons.values()
    assert list(reasons.values()).count("attribution note") == 2


def test_rewrite_strips_a_leading_dateline_and_marks_the_unit_compressed() -> None:
    first = _plan("rewrite").units[0]
    assert first.compressed
    assert first.sources[0].text.startswith("LONDON (Reuters) --")
    assert not first.text.startswith("LONDON")


def test_summary_takes_top_sentences_in_source_order() -> None:
    plan = _plan("summary", n=2)
    assert len(plan.units) == 2
    indices = [u.sources[0].index for u in plan.units]
    assert indices == sorted(indices)
    assert plan.units[0].text.startswith("The city council approved")


def test_summary_default_length_and_no_junk() -> None:
    plan = _plan("summary")
    assert len(plan.units) == 3
    for unit in plan.units:
        assert junk_reason(unit.sources[0].text) is None


def test_summary_compresses_safe_deletions_only() -> None:
    plan = _plan("summary", n=5)
    texts = [u.text for u in plan.units]
    assert "Critics said rural routes were still underfunded." in texts
    compressed = [u for u in plan.units if u.compressed]
    assert compressed and all(u.text != u.sources[0].text for u in compressed)


def test_headline_is_the_title_else_the_lead() -> None:
    assert _plan("rewrite").headline == "Council backs transport budget"
    assert _plan("rewrite", title=None).headline == (
        "The city council approved a new budget for public transport on Tuesday"
    )


def test_plan_is_deterministic() -> None:
    assert _plan("summary") == _plan("summary")
    assert _plan("rewrite") == _plan("rewrite")


def test_unknown_mode_is_refused() -> None:
    with pytest.raises(ValueError):
        _plan("poem")


def test_empty_document_gives_an_empty_plan() -> None:
    document = _document([], title=None)
    plan = make_plan(document, [], mode="summary", n_sentences=None)
    assert plan.units == [] and plan.headline is None


@pytest.mark.parametrize(
    ("text", "mode", "expected"),
    [
        (
            "(CNN) -- Two mines flooded on Sunday, officials said.",
            "rewrite",
            "Two mines flooded on Sunday, officials said.",
        ),
        (
            "Bishop John Folda (pictured) is taking time off.",
            "rewrite",
            "Bishop John Folda is taking time off.",
        ),
        (
            "The firm (founded in 1990) reported record profits.",
            "summary",
            "The firm reported record profits.",
        ),
        (
            "The firm (founded in 1990) reported record profits.",
            "rewrite",
            "The firm (founded in 1990) reported record profits.",
        ),
        (
            "However, the vote was delayed until Friday.",
            "summary",
            "The vote was delayed until Friday.",
        ),
        (
            "So far, nobody has been charged over the fire.",
            "summary",
            "So far, nobody has been charged over the fire.",
        ),
    ],
)
def test_compress(text: str, mode: str, expected: str) -> None:
    assert compress(text, mode=mode) == expected


@pytest.mark.parametrize(
    "text",
    [
        "The drug (not yet approved in Europe) is sold in the US.",
        "The bridge (which may reopen in May) was closed after the storm.",
        "He said: “The plan (as drafted) fails every test.”",
        "She said the plan 'was (frankly) a disaster' for the town.",
    ],
)
def test_compress_never_drops_negations_modals_or_quoted_words(text: str) -> None:
    assert compress(text, mode="summary") == text


@pytest.mark.parametrize(("words", "expected"), [(150, 3), (600, 3), (1200, 4), (2400, 5)])
def test_default_summary_length_grows_slowly(words: int, expected: int) -> None:
    assert default_summary_length(words) == expected


def test_dev_articles_never_summarize_page_junk(shared_dir: Path) -> None:
    lines = (shared_dir / "eval" / "cnndm_dev.jsonl").read_text(encoding="utf-8").splitlines()
    for line in lines:
        row = json.loads(line)
        document = _document([row["article"]], title=None)
        plan = make_plan(document, segment(document), mode="summary", n_sentences=None)
        assert plan.units, row["id"]
        for unit in plan.units:
            source = unit.sources[0].text
            assert junk_reason(source) is None, source
            assert not source.startswith(("By .", "PUBLISHED", "UPDATED", "Last updated")), source
            assert "(CNN)" not in unit.text


def test_headline_from_a_long_lead_stops_at_a_dash() -> None:
    lead = (
        "The manager said he had no choice but to replace the young defender before half-time "
        "in the away defeat - but believes the experience will help him grow."
    )
    plan = make_plan(
        _document([lead], title=None), segment(_document([lead])), mode="summary", n_sentences=None
    )
    assert plan.headline == (
        "The manager said he had no choice but to replace the young defender before half-time "
        "in the away defeat"
    )


def test_seed_article_rewrite_drops_old_note_and_comment_widgets(shared_dir: Path) -> None:
    text = (shared_dir / "eval" / "seed-article.txt").read_text(encoding="utf-8")
    paragraphs = [p.strip() for p in text.split("\n\n") if p.strip()]
    document = _document(paragraphs[1:], title=paragraphs[0])
    plan = make_plan(document, segment(document), mode="rewrite", n_sentences=None)
    reasons = [why for _, why in plan.dropped]
    assert reasons.count("attribution note") == 2
    assert reasons.count("link or promotion") >= 2
    kept = [u.text for u in plan.units]
    assert not any("Post a Comment" in t or "Next Post" in t for t in kept)
    assert "“We are not seeking war,” he said." in kept
    assert plan.headline == paragraphs[0]


@pytest.mark.parametrize(
    "text",
    [
        "By then it was too late to evacuate the village.",
        "By Tuesday, officials had left the building.",
        "She died later from her injuries in hospital .",
        "Updated figures show a 5% rise in crime this year.",
        "The U.S. said no.",
        "Police said the driver (pictured) had not been drinking.",
    ],
)
def test_real_sentences_are_not_junk(text: str) -> None:
    assert junk_reason(text) is None


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("By Jane Doe", "byline"),
        ("By . Harriet Arkell For Mailonline .", "byline"),
        ("Last updated at 1:25 AM on 3rd August 2011 .", "dateline"),
        ("WASHINGTON (AP) --", "dateline"),
        ("SCROLL DOWN FOR VIDEOS .", "link or promotion"),
        ("(Photo: Reuters)", "photo caption"),
        ("Pictured: The minister arriving at the summit on Monday.", "photo caption"),
        ("Tense: The minister arrives at the summit on Monday .", "photo caption"),
        ("Read more: Why the talks failed", "link or promotion"),
    ],
)
def test_page_furniture_is_junk(text: str, reason: str) -> None:
    assert junk_reason(text) == reason


def test_a_sentence_that_only_loses_spacing_is_kept_not_compressed() -> None:
    """Scraped pages end sentences with " ."; mending that removes no words."""
    document = _document([
        "The harbour bridge reopened to traffic on Tuesday after a two-year repair . "
        "Engineers found corrosion in four of its steel cables .",
        "Drivers took a 12-mile detour , the council said .",
    ])
    units = make_plan(document, segment(document), mode="rewrite", n_sentences=None).units
    assert [u.text for u in units] == [
        "The harbour bridge reopened to traffic on Tuesday after a two-year repair.",
        "Engineers found corrosion in four of its steel cables.",
        "Drivers took a 12-mile detour, the council said.",
    ]
    assert not any(u.compressed for u in units)
    checker = FactChecker()
    ctx = checker.context(segment(document))
    assert [checker.select(Draft(u, []), ctx).status for u in units] == ["kept"] * 3


def test_removing_words_is_still_compressed() -> None:
    document = _document(["LONDON (Reuters) -- The city council approved a new budget for "
                          "public transport on Tuesday ."])
    [unit] = make_plan(document, segment(document), mode="rewrite", n_sentences=None).units
    assert unit.compressed
    assert unit.text == "The city council approved a new budget for public transport on Tuesday."
