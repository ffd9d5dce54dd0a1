"""Plain-text articles: a title line, a few metadata lines, paragraphs split by blank lines.

People paste articles with a headline on the first line and lines such as
"Source: BBC" or "By Jane Doe" under it. Those lines say who reported the facts, so they
become metadata (the disclaimer credits them) and must not be rewritten as body text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rewrite_cli.document import Metadata, Source

_BLANK_LINE = re.compile(r"\n[ \t\f\v]*\n")
_BULLET = re.compile(r"^\s*(?:[-*+•▪‣]|\d{1,3}[.)])\s+")
_SENTENCE_END = re.compile(r"[.,;:]['\"’”)]*$")
_SOURCE_SPLIT = re.compile(r"\s*(?:,|;|\band\b|&|\|)\s*")

# Head-of-article lines that describe the article rather than tell it.
_META_LINES: dict[str, re.Pattern[str]] = {
    "sources": re.compile(r"^(?:sources?|via|reported by)\s*:\s*(?P<value>\S.{0,200})$", re.I),
    "author": re.compile(r"^(?i:author|written by|byline)\s*:\s*(?P<value>[^.!?]{2,80}?)\.?$"),
    # "By Jane Doe" / "By Jane Doe and Ali Khan, BBC News": case-sensitive capitalised
    # names, so a wrapped prose line ("By the time ...") never counts.
    "byline": re.compile(
        r"^By\s+(?P<value>[A-Z][\w'’.-]*(?:\s+(?:[A-Z][\w'’.-]*|and|de|van|von|der|da|al))*"
        r"(?:\s*,\s*[A-Z][\w&'’. -]{1,40})?)$"
    ),
    "url": re.compile(
        r"^(?:(?:url|link|source url|original(?: url)?)\s*:\s*)?"
        r"(?P<value>https?://\S+)$",
        re.I,
    ),
    "date": re.compile(r"^(?:date|published(?: on)?|updated)\s*:\s*(?P<value>\S.{0,60})$", re.I),
}
_SPACES = re.compile(r"\s+")
_WRAPPED_SHARE = 0.6
_WRAP_WIDTH = 100  # no line longer than this: the text was wrapped by an editor
_HEAD_BLOCKS = 6
_MAX_TITLE_WORDS = 25
MAX_TITLE_CHARS = 200
_MAX_AUTHOR_WORDS = 8


@dataclass
class ParsedArticle:
    """What a format reader extracts before the common Document is built."""

    title: str | None
    paragraphs: list[str]
    meta: Metadata


def parse_text(text: str, *, name: str = "-") -> ParsedArticle:
    """Split plain text into title, metadata and paragraphs (hard-wrapped lines joined).

    ``name`` is unused (plain text cannot be malformed); it keeps all readers alike.
    """
    meta = Metadata()
    blocks = split_blocks(text)
    head: list[list[str]] = []
    scanned = 0
    for block in blocks[:_HEAD_BLOCKS]:
        scanned += 1
        kept = [line for line in block if not take_meta_line(line, meta)]
        if kept:
            head.append(kept)
        if is_prose(kept):
            break
    blocks = head + blocks[scanned:]
    hard_wrapped = max((len(line) for block in blocks for line in block), default=0) <= _WRAP_WIDTH
    if not hard_wrapped:
        blocks = [[line] for block in blocks for line in block]
    title = None
    if len(blocks) > 1 and len(blocks[0]) == 1 and looks_like_title(blocks[0][0]):
        title = blocks[0][0].strip()
        blocks = blocks[1:]
    meta.title = title
    paragraphs = [p for block in blocks for p in join_block(block, hard_wrapped=hard_wrapped)]
    return ParsedArticle(title=title, paragraphs=paragraphs, meta=meta)


def split_blocks(text: str) -> list[list[str]]:
    """Blocks of non-blank lines, separated by blank lines."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    blocks = []
    for chunk in _BLANK_LINE.split(text):
        lines = [line.rstrip() for line in chunk.split("\n") if line.strip()]
        if lines:
            blocks.append(lines)
    return blocks


def join_block(lines: list[str], *, hard_wrapped: bool = True) -> list[str]:
    """Join hard-wrapped lines into paragraphs; keep short lines and bullet items apart.

    Text copied from a web page has one paragraph per line (``hard_wrapped`` False):
    every line stands alone. In hard-wrapped text a wrapped line runs close to the
    block's width, and a line well short of it ends a paragraph.
    """
    width = max(len(line.strip()) for line in lines)
    paragraphs: list[list[str]] = []
    open_paragraph = False
    for line in lines:
        text = line.strip()
        bullet = _BULLET.match(line)
        if bullet:
            text = _BULLET.sub("", line).strip()
        if open_paragraph and not bullet:
            paragraphs[-1].append(text)
        else:
            paragraphs.append([text])
        open_paragraph = hard_wrapped and len(line.strip()) >= _WRAPPED_SHARE * width
    return [_SPACES.sub(" ", " ".join(p)).strip() for p in paragraphs if any(p)]


def take_meta_line(line: str, meta: Metadata) -> bool:
    """Record ``line`` in ``meta`` if it is a metadata line; say whether it was."""
    line = line.strip()
    for field_name, pattern in _META_LINES.items():
        match = pattern.match(line)
        if not match:
            continue
        value = match.group("value").strip()
        if field_name == "sources":
            add_sources(meta, split_source_names(value))
        elif field_name in ("author", "byline"):
            if len(value.split()) > _MAX_AUTHOR_WORDS:
                continue
            meta.author = meta.author or value
        elif field_name == "url":
            meta.url = meta.url or value
        else:
            meta.date = meta.date or value
        return True
    return False


def split_source_names(value: str) -> list[str]:
    """ "BBC, Reuters and AP" -> ["BBC", "Reuters", "AP"]."""
    names = [name.strip(" .\"'“”‘’") for name in _SOURCE_SPLIT.split(value)]
    return [name for name in names if name]


def add_sources(meta: Metadata, names: list[str], url: str | None = None) -> None:
    """Append sources not already credited (case-insensitive), keeping their order."""
    known = {source.name.casefold() for source in meta.sources}
    for name in names:
        if name.casefold() not in known:
            meta.sources.append(Source(name=name, url=url))
            known.add(name.casefold())


def looks_like_title(line: str) -> bool:
    """A headline: short, one line, not ending like a sentence or a clause."""
    line = line.strip()
    return (
        0 < len(line) <= MAX_TITLE_CHARS
        and len(line.split()) <= _MAX_TITLE_WORDS
        and not _SENTENCE_END.search(line)
        and not _BULLET.match(line)
    )


def is_prose(lines: list[str]) -> bool:
    """Whether a block reads as body text (where head metadata can no longer appear)."""
    if not lines:
        return False
    if len(lines) > 1:
        return True
    return len(lines[0].split()) > _MAX_TITLE_WORDS or bool(_SENTENCE_END.search(lines[0]))
