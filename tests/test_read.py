"""The read stage: formats, encodings, metadata, real web pages and unusable inputs."""

from __future__ import annotations

import hashlib
import io
import re
import time
from pathlib import Path

import lxml.html
import pytest

from rewrite_cli.clean import clean
from rewrite_cli.errors import InputError
from rewrite_cli.read import read_bytes, read_path, read_stream
from rewrite_cli.read.sniff import sniff_format

FIXTURES = Path(__file__).parent / "fixtures"

ARTICLE = (
    "Café owners in Zürich said the “new rules” – announced on Monday – would cost them "
    "about 4,000 francs a year each.\n\nThe city council said the rules protect residents."
)


# --- plain text ---------------------------------------------------------------------------


def test_text_file_gives_title_metadata_and_joined_paragraphs() -> None:
    path = FIXTURES / "harbour-ferry.txt"
    document = read_path(path)

    assert document.title == "Ferry Service to Gull Island Resumes After Storm Repairs"
    assert [s.name for s in document.meta.sources] == ["Northshire Gazette"]
    assert document.meta.author == "Priya Raman"
    assert document.meta.url == "https://example.org/news/gull-island-ferry"
    assert document.paragraphs[0] == (
        "The passenger ferry between Port Alder and Gull Island will resume its full "
        "timetable on Monday, six weeks after a winter storm damaged the landing pier, "
        "the harbour authority said on Thursday."
    )
    assert not any(p.startswith(("Source:", "By ", "URL:")) for p in document.paragraphs)
    info = document.input
    assert info.path == str(path)
    assert info.format == "text"
    assert info.encoding == "utf-8"
    assert info.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()


def test_sources_line_lists_every_outlet_once() -> None:
    data = b"Sources: BBC, Reuters and AP\n\n" + ARTICLE.encode() + b"\n\nSource: bbc\n"
    document = read_bytes(data, path="story.txt")

    assert [s.name for s in document.meta.sources] == ["BBC", "Reuters", "AP"]
    assert document.paragraphs[0].startswith("Café owners in Zürich")


def test_prose_starting_with_by_is_not_a_byline() -> None:
    text = (
        "Budget talks stall again\n\n"
        "By the time the ministers arrived, the talks had already collapsed over the\n"
        "question of rail funding, officials said.\n"
    )
    document = read_bytes(text.encode(), path="talks.txt")

    assert document.meta.author is None
    assert document.paragraphs == [
        "By the time the ministers arrived, the talks had already collapsed over the "
        "question of rail funding, officials said."
    ]


def test_first_line_that_is_a_sentence_is_not_a_title() -> None:
    text = "The mayor resigned on Friday.\n\nShe had been in office for nine years.\n"
    document = read_bytes(text.encode(), path="mayor.txt")

    assert document.title is None
    assert document.paragraphs == [
        "The mayor resigned on Friday.",
        "She had been in office for nine years.",
    ]


def test_text_copied_from_a_page_keeps_one_paragraph_per_line() -> None:
    long_line = "Visiting yachts will pay 12 percent more to moor in Port Alder from April, " * 2
    text = f"Harbour Fees Rise\n{long_line.strip()}\nRelated Articles\nStorm damage closes road\n"
    document = read_bytes(text.encode(), path="-")

    assert document.title == "Harbour Fees Rise"
    assert document.paragraphs == [
        long_line.strip(),
        "Related Articles",
        "Storm damage closes road",
    ]


# --- Markdown -------------------------------------------------------------------------------


def test_markdown_front_matter_and_plain_paragraphs() -> None:
    document = read_path(FIXTURES / "library-vote.md")

    assert document.input.format == "markdown"
    assert document.title == "Town council votes to keep Elm Street library open"
    assert [s.name for s in document.meta.sources] == ["Riverside Courier", "Valley Radio News"]
    assert document.meta.author == "Tomas Lindqvist"
    assert document.meta.date == "2024-05-14"
    assert document.meta.url == "https://example.org/library-vote"
    assert document.paragraphs == [
        "The Elm Street library will stay open after the town council voted seven to two on "
        "Tuesday night to reverse a planned closure, the council said.",
        "The library keeps its current opening hours.",
        "A review of its budget will take place in 2026.",
        "Council leader Hana Osei said residents had sent more than 1,200 letters in support "
        "of the branch.",
        '"Libraries are where our town meets," said volunteer Ruth Abara, who collected '
        "signatures for a petition.",
    ]
    body = " ".join(document.paragraphs)
    for markup in ("**", "](", "![", "```", "embed code", "What the vote means", "#"):
        assert markup not in body


def test_markdown_heading_is_the_title_without_front_matter() -> None:
    text = (
        "# Night buses return\n\nNight buses return to route 9 on **Friday**, the operator said.\n"
    )
    document = read_bytes(text.encode(), path="buses.md")

    assert document.title == "Night buses return"
    assert document.paragraphs == ["Night buses return to route 9 on Friday, the operator said."]


def test_markdown_source_string_is_split_into_outlets() -> None:
    text = "---\nsource: BBC, Reuters\n---\nThe bridge reopened on Monday after repairs.\n"
    document = read_bytes(text.encode(), path="bridge.markdown")

    assert [s.name for s in document.meta.sources] == ["BBC", "Reuters"]


def test_broken_front_matter_is_one_clear_error() -> None:
    text = "---\ntitle: [unclosed\n---\nBody text here.\n"
    with pytest.raises(InputError, match=r"^bad\.md: the front matter is not valid YAML"):
        read_bytes(text.encode(), path="bad.md")


# --- format detection ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "expected"),
    [("wind-farm.html", "html"), ("library-vote.md", "markdown"), ("harbour-ferry.txt", "text")],
)
def test_stdin_is_sniffed(name: str, expected: str) -> None:
    data = (FIXTURES / name).read_bytes()
    assert read_stream(io.BytesIO(data)).input.format == expected


def test_suffix_wins_over_content_and_unknown_suffix_is_sniffed() -> None:
    html = (FIXTURES / "wind-farm.html").read_bytes()
    assert read_bytes(html, path="page.txt").input.format == "text"
    assert read_bytes(html, path="page.saved").input.format == "html"
    assert read_bytes(html, path="PAGE.HTM").input.format == "html"


def test_plain_text_with_a_dash_is_not_markdown() -> None:
    assert sniff_format("The vote was 7-2 - a clear result.\n\nCouncillors left at 9pm.") == "text"


# --- encodings ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("encoding", "reported"),
    [("utf-8", "utf-8"), ("utf-8-sig", "utf-8-sig"), ("utf-16", "utf-16"), ("cp1252", "cp1252")],
)
def test_encodings_decode_to_the_same_text(encoding: str, reported: str) -> None:
    document = read_bytes(ARTICLE.encode(encoding), path="-")

    assert document.input.encoding == reported
    assert document.paragraphs[0].startswith("Café owners in Zürich said the “new rules” –")
    assert document.input.sha256 == hashlib.sha256(ARTICLE.encode(encoding)).hexdigest()


def test_latin1_is_detected() -> None:
    text = "Les cafés de Zürich ont dit que la règle coûterait cher, à la fin de l'année.\n"
    document = read_bytes(text.encode("latin-1"), path="-")

    assert document.paragraphs == [text.strip()]
    assert document.input.encoding == "cp1252"


# --- real web pages (trafilatura-style expectations) -----------------------------------------

PAGES = {
    "boingboing.net.millenials": {
        "title": "Hating Millennials - the prejudice you're allowed to boast about",
        "site_name": "Boing Boing",
        "author": "Cory Doctorow",
        "must": ["Cartoonist Matt Bors got a spot on CNN"],
        "min_words": 40,  # a short link post: the page really has no more article
        "must_not": [
            "Choir! Choir! Choir!",
            "MATLAB",
            "Canadaland",
            "(via Geeks Are Sexy)",
            "GET THE BOING BOING NEWSLETTER",
        ],
    },
    "dw.com.colonial": {
        "title": "Berlin confronts Germany's colonial past with new initiative",
        "site_name": "DW.COM",
        "date": "2020-01-19",
        "must": [
            "Postcolonial Remembrance in the City",
            "hosted the infamous Berlin Conference",
            "some 500 local residents filed complaints",
        ],
        "must_not": [
            "Read more:",
            "Namibians want Germany to remove monuments",
            "Choose from 30 Languages",
            "Follow @dwnews on Twitter",
        ],
    },
    "knowtechie.com.rally": {
        "title": "Rocket Pass 4 in Rocket League brings with it a new rally-inspired car",
        "site_name": "KnowTechie",
        "author": "Josiah Motley",
        "must": ["Rocket Pass 4 will begin at 10:00 a.m. PDT", "Challenges, which were introduced"],
        "must_not": ["Editors’ Recommendations", "Mortal Kombat 11", "in the comments"],
    },
    "kulu-media.com.meta-outage": {
        "title": "Meta Outage Hits Facebook, Instagram and Messenger",
        "site_name": "Kulu Media",
        "must": ["more than 104,000 Facebook users", "does not provide a dedicated real-time"],
        "must_not": ["Connect with us", "Don't Miss", "Cookie Policy", "Up Next"],
    },
    "nationalgeographic.co.uk.goats": {
        "title": (
            "Ravenous wild goats ruled this island for over a century. Now, it's being reborn."
        ),
        "site_name": "National Geographic",
        "author": "Michael Hingston",
        "must": ["It takes four hours to sail to Redonda", "showed 88", "nature can recover."],
        "must_not": [
            "The story of the world’s loneliest tree",
            "Photograph by Ed Marshall",
            "Photo of the Day",
            "Magazine subscription",
        ],
    },
    "salon.com.emissions": {
        "title": "Despite everything, U.S. emissions dipped in 2019",
        "site_name": "Salon.com",
        "author": "Nathanael Johnson",
        "must": ["coal generation slid 18 percent", "Efficiency standards, building codes"],
        "sources": ["Salon.com", "Grist"],  # "This post originally appeared on Grist."
        "must_not": [
            "(Credit: Clayton Aldern / Grist)",
            "Sign up for our free newsletter",
            "Clinton urges voters",
            "MORE FROM",
        ],
    },
    "theverge.com.ios13": {
        "title": "iOS 13 will fix the FaceTime eye contact problem",
        "site_name": "The Verge",
        "author": "Jon Porter",
        "must": ["FaceTime Attention Correction", "Notice the warping of the line"],
        "must_not": [
            "pic.twitter.com",
            "(@schukin)",
            "Share this story",
            "Skip to main content",
            "Sony’s Xperia XZ2 Compact",
            "Added ARKit explanation",
        ],
    },
    "vancouversun.com.microsoft": {
        "title": (
            "Microsoft moves to erase its carbon footprint from the atmosphere in climate push"
        ),
        "site_name": "Vancouver Sun",
        "must": ["16 million metric tons of CO2", "Satya Nadella said"],
        "must_not": [
            "© Thomson Reuters 2020",
            "How one Calgary company turns CO2 into soap",
            "Sign in to Comment",
            "Skip to navigation",
        ],
    },
}


def _page_text(path: Path) -> str:
    root = lxml.html.parse(str(path)).getroot()
    return re.sub(r"\s+", " ", root.text_content())


@pytest.mark.parametrize("page", sorted(PAGES))
def test_real_page_body_and_metadata(shared_dir: Path, page: str) -> None:
    expected = PAGES[page]
    path = shared_dir / "eval" / "html" / f"{page}.html"
    started = time.perf_counter()
    document = clean(read_path(path))
    elapsed = time.perf_counter() - started
    body = " ".join(document.paragraphs)
    page_text = _page_text(path)

    assert document.input.format == "html"
    assert document.title == expected["title"]
    assert document.meta.site_name == expected["site_name"]
    sources = [source.name for source in document.meta.sources]
    assert sources == expected.get("sources", [expected["site_name"]])
    for key in ("author", "date"):
        if key in expected:
            assert getattr(document.meta, key) == expected[key]
    for phrase in expected["must"]:
        assert phrase in body
    for phrase in expected["must_not"]:
        assert phrase in page_text or phrase in _raw(path), f"{phrase!r} is not on the page"
        assert phrase not in body
    assert len(body.split()) >= expected.get("min_words", 150)
    assert elapsed < 5.0


def _raw(path: Path) -> str:
    return path.read_text(encoding="utf-8", errors="replace")


def test_hand_written_page_drops_navigation_comments_and_widgets() -> None:
    document = clean(read_path(FIXTURES / "wind-farm.html"))

    assert document.title == "Offshore wind farm wins approval"
    assert document.meta.site_name == "Coastline Daily"
    assert document.meta.author == "Lena Marsh"
    assert document.meta.date == "2024-03-09"
    assert document.meta.url == "https://example.org/wind-farm-approval"
    assert document.paragraphs[0].startswith("Planning officials on Wednesday approved")
    assert any("crews would share the fund" in p for p in document.paragraphs)
    body = " ".join(document.paragraphs)
    for junk in (
        "Home",
        "Share on Facebook",
        "Ten beaches",
        "Great news for the town",
        "What about the birds",
        "Subscribe",
        "All rights reserved",
        "Fishing concerns",
        "Read more",
    ):
        assert junk not in body


def test_layout_wrapper_named_like_a_sidebar_keeps_the_article() -> None:
    sentences = "".join(
        f"<p>Crews finished repair number {i} on the north pier on Tuesday, the board said.</p>"
        for i in range(1, 9)
    )
    page = (
        '<html><body><div class="layout has-sidebar"><article><h1>North pier reopens</h1>'
        f'{sentences}</article><aside class="sidebar"><p>Popular now: ten quiz questions</p>'
        "</aside></div></body></html>"
    )
    document = read_bytes(page.encode(), path="pier.html")

    assert len(document.paragraphs) == 8
    assert "quiz" not in " ".join(document.paragraphs)


def test_page_without_article_text_is_an_input_error() -> None:
    page = b"<html><body><nav><a href='/'>Home</a></nav><script>var x = 1;</script></body></html>"
    with pytest.raises(InputError, match=r"^empty\.html: no article text found"):
        read_bytes(page, path="empty.html")


# --- unusable inputs: one clear line, no traceback -----------------------------------------


def test_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "nope.txt"
    with pytest.raises(InputError, match=r"nope\.txt: no such file$"):
        read_path(path)


def test_directory(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="is a directory"):
        read_path(tmp_path)


@pytest.mark.parametrize(
    ("content", "message"), [(b"", "is empty"), (b" \n\t\n  ", "only whitespace")]
)
def test_empty_and_blank_files(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "blank.txt"
    path.write_bytes(content)
    with pytest.raises(InputError, match=message):
        read_path(path)


def test_binary_with_nul_bytes(tmp_path: Path) -> None:
    path = tmp_path / "photo.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4)
    with pytest.raises(InputError, match=r"photo\.txt: looks like a binary file"):
        read_path(path)


def test_undecodable_garbage() -> None:
    garbage = bytes((i * 37 + 11) % 256 for i in range(4000)).replace(b"\x00", b"\x01")
    with pytest.raises(InputError, match=r"^standard input: .*binary"):
        read_bytes(garbage, path="-")


def test_too_large_file_is_refused_before_reading(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "huge.txt"
    path.write_bytes(b"word " * 2000)

    def no_open(*args: object, **kwargs: object) -> None:
        raise AssertionError("the file was opened although it is over the limit")

    monkeypatch.setattr(Path, "open", no_open)
    with pytest.raises(InputError, match=r"huge\.txt: is too large \(over the 1000 bytes limit\)"):
        read_path(path, max_bytes=1000)


def test_stdin_reads_at_most_one_byte_past_the_limit() -> None:
    class Endless(io.RawIOBase):
        def __init__(self) -> None:
            self.requested: list[int] = []

        def read(self, size: int = -1) -> bytes:
            assert size >= 0, "an unbounded read of an endless pipe"
            self.requested.append(size)
            return b"a" * size

    stream = Endless()
    with pytest.raises(InputError, match=r"^standard input: is too large"):
        read_stream(stream, max_bytes=4096)
    assert stream.requested == [4097]


def test_input_errors_are_one_line() -> None:
    for data, path in ((b"", "-"), (b"\x00\x01", "x.bin"), (b"a" * 20, "big.txt")):
        with pytest.raises(InputError) as caught:
            read_bytes(data, path=path, max_bytes=10)
        assert "\n" not in str(caught.value)
        assert caught.value.exit_code == 2
