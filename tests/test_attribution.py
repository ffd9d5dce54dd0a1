from __future__ import annotations

import pytest

from rewrite_cli.attribution import (
    TREATMENTS,
    collect_sources,
    describe_sources,
    disclaimer,
    input_display_name,
    sources_named_in,
    treatment_for,
)
from rewrite_cli.document import Document, InputInfo, Metadata, Originality, Source
from rewrite_cli.errors import UsageError

INFO = InputInfo(path="news/a.txt", sha256="0" * 64, format="text", encoding="utf-8")


def doc(paragraphs: list[str], **meta) -> Document:
    return Document(title="T", paragraphs=paragraphs, meta=Metadata(**meta), input=INFO)


def originality(novel: float) -> Originality:
    return Originality(novel_bigram_ratio=novel, longest_copied_span=4, verbatim_share=0.0)


def test_user_sources_come_first_then_metadata_then_text() -> None:
    d = doc(
        ["The minister told the BBC the plan would go ahead, Reuters reported."],
        sources=[Source("Ferndale Courier")],
        site_name="Lowland Herald",
        url="https://example.com/x",
    )
    names = [s.name for s in collect_sources(["AP"], d)]
    assert names == ["AP", "Ferndale Courier", "Lowland Herald", "BBC", "Reuters"]


def test_url_host_is_the_source_when_no_site_name() -> None:
    d = doc(["Nothing attributed here."], url="https://www.example.org/story")
    assert collect_sources([], d) == [Source("example.org", "https://www.example.org/story")]


def test_url_host_is_no_second_source_next_to_a_named_publisher() -> None:
    d = doc(["Nothing attributed here."], sources=[Source("Brindle Valley Post")],
            url="https://www.example.org/story")
    assert [s.name for s in collect_sources([], d)] == ["Brindle Valley Post"]
    assert [s.name for s in collect_sources(["Lakeside Wire"], doc(
        ["Nothing attributed here."], url="https://www.example.org/story"))] == ["Lakeside Wire"]


def test_duplicates_are_merged_case_insensitively() -> None:
    d = doc(["According to the BBC, it rained."], sources=[Source("BBC")])
    assert [s.name for s in collect_sources(["bbc"], d)] == ["bbc"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Officials told the Associated Press on Monday.", ["Associated Press"]),
        ("The Daily Planet reported that sales fell.", ["Daily Planet"]),
        ("(CNN) -- A storm hit the coast.", ["CNN"]),
        ("according to Reuters, the deal collapsed", ["Reuters"]),
    ],
)
def test_outlets_found_in_attribution_frames(text: str, expected: list[str]) -> None:
    assert [s.name for s in sources_named_in(text)] == expected


@pytest.mark.parametrize(
    "text",
    [
        "Maria Hensley told John Smith the bridge was safe.",
        "According to Maria Hensley, the repairs were finished.",
        "according to police, two people were hurt",
        "The company said profits rose.",
    ],
)
def test_people_and_unnamed_speakers_are_never_credited_as_outlets(text: str) -> None:
    assert sources_named_in(text) == []


def test_treatment_depends_on_measured_originality() -> None:
    assert treatment_for(originality(0.6), rewritten_share=0.7) == "rewritten"
    assert treatment_for(originality(0.1), rewritten_share=0.7) == "partly"
    assert treatment_for(originality(0.6), rewritten_share=0.3) == "partly"
    assert treatment_for(originality(0.0), rewritten_share=0.0) == "selected"


def test_verbatim_text_never_claims_to_be_rewritten() -> None:
    note = disclaimer(
        [Source("BBC")], originality=originality(0.0), rewritten_share=0.0, input_name="a.txt"
    )
    assert "rewritten" not in note.disclaimer
    assert note.disclaimer.startswith(
        "Note: This article summarizes publicly reported facts from BBC."
    )
    assert TREATMENTS["selected"] in note.disclaimer


def test_seed_style_wording_for_several_sources_when_rewritten() -> None:
    note = disclaimer(
        [Source("BBC"), Source("Reuters")], originality=originality(0.7),
        rewritten_share=0.8, input_name="a.txt",
    )
    assert note.disclaimer == (
        "Note: This article summarizes publicly reported facts from multiple news sources "
        "including BBC and Reuters. The content has been independently rewritten for "
        "informational purposes only."
    )


def test_no_source_names_the_input_and_invents_no_outlet() -> None:
    note = disclaimer([], originality=originality(0.0), rewritten_share=0.0, input_name="a.txt")
    assert "a.txt" in note.disclaimer
    assert "publisher was not named" in note.disclaimer
    assert describe_sources([], "standard input").startswith("the text supplied as standard input")


def test_custom_template_must_keep_credit_and_treatment() -> None:
    note = disclaimer(
        [Source("BBC")], originality=originality(0.0), rewritten_share=0.0, input_name="a",
        template="Credit: {sources}. {treatment}",
    )
    assert note.disclaimer.startswith("Credit: BBC. Key passages")
    with pytest.raises(UsageError, match="treatment"):
        disclaimer([Source("BBC")], originality=originality(0.0), rewritten_share=0.0,
                   input_name="a", template="Credit: {sources}.")
    with pytest.raises(UsageError):
        disclaimer([], originality=originality(0.0), rewritten_share=0.0, input_name="a",
                   template="")


def test_input_display_name() -> None:
    assert input_display_name("dir/story.html", None) == "story.html"
    assert input_display_name("-", None) == "standard input"
    assert input_display_name("-", "https://e.org/a") == "https://e.org/a"
