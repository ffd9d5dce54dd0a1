"""The clean stage: junk goes, article text stays, old attribution notes become sources."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from rewrite_cli.clean import clean, junk_rule, require_article
from rewrite_cli.document import Document, InputInfo, Metadata, Source
from rewrite_cli.errors import InputError
from rewrite_cli.read import read_bytes, read_path

FIXTURES = Path(__file__).parent / "fixtures"
NOTE = (
    "Note: This article summarizes publicly reported facts from multiple news sources "
    "including BBC. The content has been independently rewritten for informational "
    "purposes only."
)
BODY = [
    "The passenger ferry between Port Alder and Gull Island will resume its full timetable "
    "on Monday, six weeks after a winter storm damaged the landing pier.",
    "Engineers replaced 14 timber piles and rebuilt the boarding ramp, the harbour "
    "authority said on Thursday.",
]


def make(paragraphs: list[str], title: str | None = None, path: str = "story.txt") -> Document:
    return Document(
        title=title,
        paragraphs=list(paragraphs),
        meta=Metadata(title=title),
        input=InputInfo(path=path, sha256="0" * 64, format="text", encoding="utf-8"),
    )


# --- the seed article ---------------------------------------------------------------------


def test_seed_article_is_cleaned(shared_dir: Path) -> None:
    raw = read_path(shared_dir / "eval" / "seed-article.txt")
    document = clean(raw)
    body = "\n".join(document.paragraphs)

    assert "summarizes publicly reported facts" not in body
    assert "independently rewritten" not in body
    assert [s.name for s in document.meta.sources] == ["BBC"]
    for junk in ("Post a Comment", "Embedded Mode", "Previous Post", "Next Post", "Wsn 024"):
        assert junk in "\n".join(raw.paragraphs)
        assert junk not in body
    assert document.title == "Iran Says No New Talks Until US Promises to End Strikes"
    assert document.paragraphs[0].startswith("Iran has set a clear condition")
    assert document.paragraphs[-1].startswith("For now, both sides remain locked in a stalemate.")
    assert len(document.paragraphs) == len(raw.paragraphs) - 5
    require_article(document)


def test_text_fixture_loses_its_tail_of_junk() -> None:
    document = clean(read_path(FIXTURES / "harbour-ferry.txt"))

    assert len(document.paragraphs) == 4
    assert document.paragraphs[-1].endswith("until the end of March.")
    assert [s.name for s in document.meta.sources] == ["Northshire Gazette"]


# --- junk rules ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "rule"),
    [
        ("Post a Comment", "comment_widget"),
        ("Please Select Embedded Mode To Show The Comment System.*", "comment_widget"),
        ("Leave a comment", "comment_widget"),
        ("12 comments", "comment_widget"),
        ("Sorry we are not currently accepting comments on this article.", "comment_widget"),
        ("Previous Post Next Post", "previous_next"),
        ("« Previous article | Next article »", "previous_next"),
        ("Media playback is not supported on this device", "media_playback"),
        ("Media playback is unsupported on your device", "media_playback"),
        ("Share this", "share"),
        ("Share on Facebook", "share"),
        ("Share on Twitter | Share on Facebook | Email", "share"),
        ("Facebook Twitter WhatsApp Email", "share"),
        ("Follow us on Twitter and Instagram for the latest updates", "follow"),
        ("Advertisement", "advertisement"),
        ("Story continues below advertisement", "advertisement"),
        ("Subscribe to our newsletter", "newsletter"),
        ("Sign up for our daily newsletter and get the headlines in your inbox.", "newsletter"),
        ("Read more: Town hall to close for repairs", "read_more"),
        ("Click here to download the full report", "click_here"),
        ("Image copyright Getty Images", "image_caption"),
        ("Image caption The pier was closed for six weeks", "image_caption"),
        ("(Credit: Jo Bloggs / Harbour Photos)", "image_caption"),
        (
            "We use cookies to give you the best experience. By continuing you agree to our "
            "cookie policy.",
            "cookie_banner",
        ),
        ("Cookie Policy | Privacy Settings", "cookie_banner"),
        ("This website uses cookies to improve your experience. Accept all", "cookie_banner"),
        ("Scroll down for video", "scroll_down"),
        ("© 2024 Coastline Daily. All rights reserved.", "copyright"),
        ("— Mira Okafor (@miraokafor) March 3, 2024", "tweet_signature"),
        (
            "What do you think? Let us know down below in the comments or on Twitter.",
            "comments_call",
        ),
        ("Update March 3rd, 9:15AM ET: Added a statement from the council.", "update_note"),
        ("By Priya Raman", "byline"),
    ],
)
def test_junk_lines_match_their_rule(line: str, rule: str) -> None:
    assert junk_rule(line) == rule
    assert clean(make([*BODY, line])).paragraphs == BODY


@pytest.mark.parametrize(
    "sentence",
    [
        "Shareholders will vote on the merger in June, the company said.",
        "Residents can share their views at a public meeting on Tuesday.",
        "The council declined to comment on the cost of the repairs.",
        "Her comments drew criticism from opposition members.",
        "He said he would share the prize with his crew.",
        "Click-through rates fell by 8 percent, the advertising agency said.",
        "Please share this information with anyone who may be affected, police said.",
        "Share prices rose 4 percent.",
        "The advertisement was banned by the regulator.",
        "Follow-up inspections are planned for next year.",
        "The regulator said the shop's cookie policy broke data protection law.",
        "Visitors who accept all cookies are tracked across 40 sites, the study found.",
        "By Monday, the river had risen another two metres.",
        "Read more than 40 pages of the report and you reach the key finding, critics said.",
    ],
)
def test_sentences_mentioning_share_or_comment_survive(sentence: str) -> None:
    assert junk_rule(sentence) is None
    assert clean(make([*BODY, sentence])).paragraphs == [*BODY, sentence]


def test_long_paragraph_is_never_junk_even_if_it_starts_like_junk() -> None:
    paragraph = (
        "Share this moment with us, the mayor told the crowd, as the ferry pulled away from "
        "the repaired pier for the first time in six weeks and residents on both sides of the "
        "water cheered the crew who had worked through the winter storms."
    )
    assert clean(make([*BODY, paragraph])).paragraphs == [*BODY, paragraph]


def test_related_links_list_is_dropped_but_following_article_text_is_kept() -> None:
    document = clean(
        make(
            [
                BODY[0],
                "Related Articles",
                "Storm damage closes coastal road",
                "Lifeboat crew rescues stranded kayakers",
                BODY[1],
            ]
        )
    )
    assert document.paragraphs == BODY


def test_subheadings_inside_the_body_are_dropped() -> None:
    document = clean(make([BODY[0], "Repairs ahead of schedule", BODY[1]]))
    assert document.paragraphs == BODY


def test_repeated_paragraphs_are_kept_once() -> None:
    document = clean(make([BODY[0], BODY[1], BODY[0]]))
    assert document.paragraphs == BODY


# --- bylines and datelines ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("opening", "author", "source"),
    [
        (
            "By . Associated Press . PUBLISHED: . 14:11 EST, 25 October 2013 . | . "
            "UPDATED: . 15:36 EST, 25 October 2013 . ",
            "Associated Press",
            None,
        ),
        (
            "By . Jane Roe . and Ali Khan . UPDATED: . 18:30 EST, 3 March 2012 . ",
            "Jane Roe and Ali Khan",
            None,
        ),
        (
            "By . Daily Mail Reporter . Last updated at 1:25 AM on 3rd August 2011 . ",
            "Daily Mail Reporter",
            None,
        ),
        ("Last updated at 3:31 PM on 19th July 2011 . ", None, None),
        ("(CNN) -- ", None, "CNN"),
        ("(CNN)", None, "CNN"),
        ("LONDON, England (CNN) -- ", None, "CNN"),
        ("Kabul, Afghanistan (CNN) -- ", None, "CNN"),
    ],
)
def test_leading_bylines_and_datelines_are_removed(
    opening: str, author: str | None, source: str | None
) -> None:
    document = clean(make([opening + BODY[0], BODY[1]]))

    assert document.paragraphs == BODY
    assert document.meta.author == author
    assert [s.name for s in document.meta.sources] == ([source] if source else [])


def test_cnn_in_the_middle_of_a_sentence_is_kept() -> None:
    sentence = "The minister told CNN (CNN) -- in an interview -- that talks would resume."
    assert clean(make([BODY[0], sentence])).paragraphs == [BODY[0], sentence]


def test_daily_mail_line_break_periods_and_video_prompts_are_repaired() -> None:
    paragraph = (
        "Marine experts warned people not to enter the water after . two whales were seen "
        "off the coast. Scroll down for video . The animals were filmed . by a kayaker."
    )
    assert clean(make([paragraph])).paragraphs == [
        "Marine experts warned people not to enter the water after two whales were seen "
        "off the coast. The animals were filmed by a kayaker."
    ]


def test_cnn_dailymail_openings_are_all_cleaned(shared_dir: Path) -> None:
    rows = [
        json.loads(line)
        for line in (shared_dir / "eval" / "cnndm_dev.jsonl").read_text().splitlines()
    ]
    kept_words = total_words = 0
    for row in rows:
        document = clean(read_bytes(row["article"].encode(), path=f"{row['id']}.txt"))
        body = " ".join(document.paragraphs)
        assert not body.startswith(("By .", "(CNN)", "Last updated")), row["id"]
        assert "PUBLISHED: ." not in body and "UPDATED: ." not in body, row["id"]
        assert "(CNN) --" not in body[:80], row["id"]
        assert "scroll down for video" not in body.lower(), row["id"]
        kept_words += len(body.split())
        total_words += len(row["article"].split())
    assert kept_words / total_words > 0.95


# --- attribution notes --------------------------------------------------------------------


def test_existing_note_is_removed_and_its_sources_kept() -> None:
    document = clean(make([*BODY, NOTE]))
    assert document.paragraphs == BODY
    assert [s.name for s in document.meta.sources] == ["BBC"]


def test_note_with_several_sources_inside_a_paragraph() -> None:
    note = NOTE.replace("including BBC", "including BBC, Reuters and Al Jazeera")
    document = clean(make([f"{note} {BODY[0]}", BODY[1]]))

    assert document.paragraphs == BODY
    assert [s.name for s in document.meta.sources] == ["BBC", "Reuters", "Al Jazeera"]


@pytest.mark.parametrize(
    ("note", "source"),
    [
        ("This article was originally published by The Harbour Times.", "The Harbour Times"),
        ("This story originally appeared on Coastline Daily.", "Coastline Daily"),
        ("This post originally appeared on Grist.", "Grist"),
        ("Originally published on Valley Radio News on 3 May 2024.", "Valley Radio News"),
    ],
)
def test_originally_published_notes_become_sources(note: str, source: str) -> None:
    document = clean(make([*BODY, note]))
    assert document.paragraphs == BODY
    assert [s.name for s in document.meta.sources] == [source]


@pytest.mark.parametrize(
    "sentence",
    [
        "The novel was first published in 1954.",
        "The report, first published by the ministry in March, was withdrawn.",
        "Photos first posted on Instagram showed the flooded pier.",
    ],
)
def test_publication_facts_are_not_attribution_notes(sentence: str) -> None:
    document = clean(make([*BODY, sentence]))
    assert document.paragraphs == [*BODY, sentence]
    assert document.meta.sources == []


def test_sources_already_known_are_not_duplicated() -> None:
    document = make([*BODY, NOTE])
    document.meta.sources.append(Source("bbc", "https://bbc.example"))
    cleaned = clean(document)
    assert [s.name for s in cleaned.meta.sources] == ["bbc"]


def test_clean_returns_a_new_document_and_leaves_the_input_alone() -> None:
    document = make([NOTE, *BODY], title="Ferry returns")
    cleaned = clean(document)

    assert cleaned is not document
    assert document.paragraphs[0] == NOTE
    assert document.meta.sources == []
    assert cleaned.input == document.input
    assert cleaned.title == "Ferry returns"


def test_repeated_title_with_a_slug_is_dropped_but_a_real_sentence_is_not() -> None:
    title = "Ferry Returns to Gull Island"
    document = clean(
        make(
            [
                "Ferry Returns to Gull Island - Gzt 112 Ferry News",
                BODY[0],
                "Ferry returns to Gull Island were cancelled twice in March, the operator said.",
            ],
            title=title,
        )
    )
    assert document.paragraphs == [
        BODY[0],
        "Ferry returns to Gull Island were cancelled twice in March, the operator said.",
    ]


def test_invisible_and_no_break_spaces_are_normalised() -> None:
    document = clean(make(["The\u00a0ferry\u200b resumed  service\ton Monday."]))
    assert document.paragraphs == ["The ferry resumed service on Monday."]


# --- require_article ----------------------------------------------------------------------


def test_require_article_accepts_a_real_article() -> None:
    require_article(clean(make(BODY)))


def test_require_article_refuses_junk_only_input() -> None:
    junk = ["Post a Comment", "Share this", "Advertisement", "Previous Post Next Post", NOTE]
    document = clean(make(junk, path="junk.txt"))
    with pytest.raises(InputError, match=r"^junk\.txt: too short to rewrite \(no article text"):
        require_article(document)


def test_require_article_counts_words_after_cleaning() -> None:
    document = clean(make(["The ferry resumed on Monday.", "Share on Facebook"], path="-"))
    with pytest.raises(InputError, match=r"^standard input: too short to rewrite \(only 5 words"):
        require_article(document)
    require_article(document, min_words=5)


# --- video and scroll prompts (page furniture, not news) ----------------------------------

@pytest.mark.parametrize(
    "prompt",
    [
        "VIDEO Scroll down to watch the moment the river burst its banks .",
        "VIDEO: Scroll down to see the rescue .",
        "Scroll down for more pictures.",
        "Scroll below to watch the full interview.",
        "WATCH THE VIDEO BELOW",
        "Watch the full video above.",
        "Click to play video.",
        "Press play to watch the footage.",
    ],
)
def test_video_and_scroll_prompts_are_removed_inside_and_as_paragraphs(prompt: str) -> None:
    inside = (
        "The storm flooded dozens of homes in the valley overnight. "
        f"{prompt} Rescue teams reached the village by boat on Sunday."
    )
    assert clean(make([inside, BODY[0]])).paragraphs == [
        "The storm flooded dozens of homes in the valley overnight. "
        "Rescue teams reached the village by boat on Sunday.",
        BODY[0],
    ]
    assert clean(make([*BODY, prompt])).paragraphs == BODY


@pytest.mark.parametrize(
    "sentence",
    [
        "Users scroll down to watch videos for hours a day, the study found.",
        "Fans can watch the video of the final on the club's website.",
        "Police asked witnesses to watch the footage and come forward.",
        "She told reporters to scroll down the list of names and press play.",
    ],
)
def test_sentences_about_videos_and_scrolling_stay(sentence: str) -> None:
    assert clean(make([BODY[0], sentence])).paragraphs == [BODY[0], sentence]


@pytest.mark.parametrize("treatment", ["rewritten", "partly", "selected"])
def test_this_tools_own_note_is_removed_and_its_sources_kept(treatment: str) -> None:
    from rewrite_cli.attribution import TREATMENTS

    note = ("Note: This article summarizes publicly reported facts from The Ferndale Courier "
            f"and Harbour Weekly. {TREATMENTS[treatment]}")
    document = clean(make([note, *BODY]))
    assert document.paragraphs == BODY
    assert [s.name for s in document.meta.sources] == ["The Ferndale Courier", "Harbour Weekly"]
    unnamed = ("Note: This article summarizes the text supplied as story.txt, whose publisher "
               f"was not named. {TREATMENTS[treatment]}")
    assert clean(make([*BODY, unnamed])).paragraphs == BODY
    several = ("Note: This article summarizes publicly reported facts from multiple news "
               f"sources including BBC and Reuters. {TREATMENTS[treatment]}")
    document = clean(make([*BODY, several]))
    assert document.paragraphs == BODY
    assert [s.name for s in document.meta.sources] == ["BBC", "Reuters"]
