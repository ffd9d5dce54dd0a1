"""Hostile inputs the readers met in a review: each once crashed, hung or misread."""

from __future__ import annotations

import codecs

import pytest

from rewrite_cli.errors import InputError
from rewrite_cli.plan import make_plan
from rewrite_cli.read import read_bytes
from rewrite_cli.segment import segment

BODY = "The harbour bridge will reopen on Monday after two years of repairs, the council said."


def front_matter(yaml: str, body: str = BODY) -> bytes:
    return f"---\n{yaml}\n---\n# Bridge Reopens\n\n{body}\n".encode()


def test_a_yaml_alias_bomb_is_refused_before_it_expands() -> None:
    levels = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for i in range(1, 8):
        levels.append(f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]")
    bomb = "\n".join(levels) + "\ntitle: *a7"
    assert len(bomb) < 1500
    with pytest.raises(InputError, match=r"^x\.md: the front matter uses a YAML alias"):
        read_bytes(front_matter(bomb), path="x.md")


@pytest.mark.parametrize("value", ["2024-13-45", "2024-02-30", "25:99:99", "2024-02-30 25:99:99"])
def test_impossible_dates_and_times_are_kept_as_written(value: str) -> None:
    document = read_bytes(front_matter(f"date: {value}\ntime: {value}"), path="x.md")
    assert document.meta.date == value
    assert document.paragraphs == [BODY]


def test_a_real_date_is_kept_as_the_author_wrote_it() -> None:
    document = read_bytes(front_matter("date: 2024-05-14"), path="x.md")
    assert document.meta.date == "2024-05-14"


@pytest.mark.parametrize(
    "yaml",
    [
        "title: !!float x",
        "title: !!binary aGVsbG8=",
        "title: !!set {BBC, CNN}",
        "title: !!python/object:os.system {}",
        "title: {nested: mapping}",
        "title: !!timestamp nonsense",
    ],
)
def test_tagged_or_non_text_front_matter_never_reaches_the_title(yaml: str) -> None:
    document = read_bytes(front_matter(yaml), path="x.md")
    assert document.title == "Bridge Reopens"  # the heading, not a Python repr
    assert document.meta.title in (None, "Bridge Reopens")


def test_null_is_no_value_but_a_quoted_null_is_text() -> None:
    document = read_bytes(front_matter("title: null\nauthor: ~\nsite: 'null'"), path="x.md")
    assert (document.title, document.meta.author, document.meta.site_name) == (
        "Bridge Reopens", None, "null")


def test_only_strings_become_sources() -> None:
    document = read_bytes(
        front_matter("sources: !!set {BBC, CNN}\nsource: [Reuters, [AP], {a: 1}, !!binary eA==]"),
        path="x.md",
    )
    assert [s.name for s in document.meta.sources] == ["Reuters"]


def test_a_front_matter_title_of_a_paragraph_is_no_title() -> None:
    document = read_bytes(front_matter("title: " + "word " * 100), path="x.md")
    assert document.title == "Bridge Reopens"


def test_htmldate_assertion_on_a_malformed_page_degrades_to_no_metadata() -> None:
    document = read_bytes(b"<svg>html<p>T", path="s.html")
    assert document.paragraphs == ["T"]
    assert document.meta.title is None and document.meta.date is None


def test_a_failing_html_extractor_is_one_input_error(monkeypatch) -> None:
    def broken(*args, **kwargs):
        raise ValueError("All strings must be XML compatible")

    monkeypatch.setattr("trafilatura.bare_extraction", broken)
    with pytest.raises(InputError, match=r"^p\.html: cannot parse this HTML page \(ValueError"):
        read_bytes(f"<html><body><p>{BODY}</p></body></html>".encode(), path="p.html")


def test_control_characters_are_dropped_before_any_parser_sees_them() -> None:
    tabbed = BODY.replace("harbour", "har\x0bbour")
    page = ("<html><head><title>Bridge\x01 Reopens\x1b[2J</title></head><body><article>"
            + f"<p>{tabbed}</p><p>{BODY}</p>" * 6 + "</article></body></html>")
    document = read_bytes(page.encode(), path="p.html")
    text = " ".join([document.title or "", *document.paragraphs])
    assert not any(ord(ch) < 32 or 0x7F <= ord(ch) < 0xA0 for ch in text)
    text = f"Bridge\x1b]0;owned\x07 Reopens\n\n{BODY}\fMore\x0bText.\n\n" + f"{BODY}\n\n" * 5
    plain = read_bytes(text.encode(), path="t.txt")
    assert plain.title == "Bridge]0;owned Reopens"
    body = " ".join(plain.paragraphs)
    assert "More Text." in body  # form feed and vertical tab were line breaks
    assert not any(ord(ch) < 32 or 0x7F <= ord(ch) < 0xA0 for ch in body)


def test_mixed_utf8_and_latin1_lines_decode_without_mojibake() -> None:
    data = ("FERNDALE — " + BODY + "\n\n").encode("utf-8") + (
        "The café owner said trade would recover.\n".encode("latin-1")
    )
    document = read_bytes(data, path="m.txt")
    assert document.paragraphs == ["FERNDALE — " + BODY, "The café owner said trade would recover."]
    assert document.input.encoding == "utf-8+cp1252"
    assert "â€" not in " ".join(document.paragraphs)


def test_a_plain_latin1_file_is_still_latin1() -> None:
    data = f"Café Reopens\n\nThe café in Zürich reopened. {BODY}\n".encode("latin-1")
    document = read_bytes(data, path="l.txt")
    assert document.input.encoding == "cp1252" and document.title == "Café Reopens"


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_without_a_byte_order_mark_is_text(encoding: str) -> None:
    data = f"Bridge Reopens\n\n{BODY}\n".encode(encoding)
    assert not data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))
    document = read_bytes(data, path="u.txt")
    assert document.input.encoding == encoding
    assert (document.title, document.paragraphs) == ("Bridge Reopens", [BODY])


def test_a_binary_file_with_nul_bytes_is_still_refused() -> None:
    with pytest.raises(InputError, match="binary"):
        read_bytes(bytes(range(256)) * 8, path="b.txt")


def test_a_200000_character_line_is_not_also_the_headline() -> None:
    line = " ".join(["word"] * 40_000)
    document = read_bytes(line.encode(), path="one.txt")
    assert document.title is None
    plan = make_plan(document, segment(document), mode="rewrite", n_sentences=None)
    assert plan.headline is None


def test_a_long_lead_is_still_a_headline() -> None:
    lead = "The council said on Monday that the harbour bridge would reopen after repairs."
    document = read_bytes(f"{lead}\n\n{BODY}\n".encode(), path="a.txt")
    assert document.title is None
    plan = make_plan(document, segment(document), mode="rewrite", n_sentences=None)
    assert plan.headline == lead.rstrip(".")
