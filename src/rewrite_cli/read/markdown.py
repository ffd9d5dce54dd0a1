"""Markdown articles: optional YAML front matter, then Markdown reduced to plain paragraphs.

The Markdown is parsed with markdown-it-py (CommonMark) rather than stripped with
regexes, so emphasis, links, images and code are recognised exactly as a renderer would.

Headings inside the body are dropped: they are layout labels ("Background", "What
happens next") that are rarely full sentences and whose facts the body restates, and a
rewriter that treated them as sentences would produce fragments or repeat them. The
first ``# heading`` becomes the title when the front matter has none.
"""

from __future__ import annotations

import re

import yaml
from markdown_it import MarkdownIt
from markdown_it.token import Token

from rewrite_cli.document import Metadata
from rewrite_cli.errors import InputError
from rewrite_cli.read.text import (
    MAX_TITLE_CHARS,
    ParsedArticle,
    add_sources,
    split_source_names,
    take_meta_line,
)

_FRONT_MATTER = re.compile(
    r"\A(?:\ufeff)?---[ \t]*\n(?P<yaml>.*?)\n(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.DOTALL
)
_PARSER = MarkdownIt("commonmark")
_WHITESPACE = re.compile(r"\s+")
_MAX_FIELD_CHARS = 500


def parse_markdown(text: str, *, name: str = "-") -> ParsedArticle:
    """Read front matter and turn the Markdown body into a title and plain paragraphs."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    meta = Metadata()
    match = _FRONT_MATTER.match(text)
    if match:
        apply_front_matter(_load_front_matter(match.group("yaml"), name), meta)
        text = text[match.end() :]
    title = meta.title
    paragraphs: list[str] = []
    for level, block in markdown_blocks(text):
        if level == 1 and title is None and not paragraphs and len(block) <= MAX_TITLE_CHARS:
            title = block
        elif level == 0:
            paragraphs.append(block)
    paragraphs = _take_head_meta(paragraphs, meta)
    meta.title = title
    return ParsedArticle(title=title, paragraphs=paragraphs, meta=meta)


class _FrontMatterLoader(yaml.BaseLoader):
    """YAML front matter as plain strings, lists and mappings, with no aliases.

    ``BaseLoader`` turns every scalar into the string the author wrote: a date stays
    "2024-05-01" (an impossible "2024-13-45" cannot crash a date parser), and explicit
    tags (``!!binary``, ``!!set``, ``!!float x``, ``!!python/...``) construct nothing, so
    no Python object or repr can reach the title or the note. Aliases are refused before
    they are expanded: nested anchors (a "billion laughs" of a few hundred bytes) would
    otherwise expand to gigabytes when the values are used.
    """

    def compose_node(self, parent, index):  # type: ignore[no-untyped-def]
        if self.check_event(yaml.AliasEvent):
            raise _AliasRefused
        return super().compose_node(parent, index)

    def construct_object(self, node, deep=False):  # type: ignore[no-untyped-def]
        if node.tag not in _PLAIN_TAGS:  # an explicit tag: the value is not plain text
            return None
        if isinstance(node, yaml.ScalarNode) and node.style is None and node.value in _NULLS:
            return None  # an unquoted "null" or "~" means no value, as in any YAML reader
        return super().construct_object(node, deep=deep)


_PLAIN_TAGS = frozenset(
    {yaml.resolver.BaseResolver.DEFAULT_SCALAR_TAG, yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG,
     yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG}
)


_NULLS = frozenset({"null", "Null", "NULL", "~"})


class _AliasRefused(Exception):
    pass


def _load_front_matter(raw: str, name: str) -> dict[str, object]:
    try:
        data = yaml.load(raw, Loader=_FrontMatterLoader)  # a BaseLoader: builds no objects
    except _AliasRefused:
        raise InputError(
            f"{name}: the front matter uses a YAML alias (*name); aliases are not allowed"
        ) from None
    except yaml.YAMLError as exc:
        problem = getattr(exc, "problem", None) or "invalid YAML"
        raise InputError(f"{name}: the front matter is not valid YAML ({problem})") from None
    except RecursionError:
        raise InputError(f"{name}: the front matter is nested too deeply") from None
    if data is None or data == "":
        return {}
    if not isinstance(data, dict):
        raise InputError(f"{name}: the front matter must be a YAML mapping (key: value lines)")
    return {key.lower(): value for key, value in data.items() if isinstance(key, str)}


def apply_front_matter(data: dict[str, object], meta: Metadata) -> None:
    """Copy the known front-matter keys into ``meta``; unknown keys are ignored.

    Only strings (or lists of strings) are used; a mapping where a name belongs is ignored.
    """
    meta.title = _scalar(data.get("title"), limit=MAX_TITLE_CHARS)
    meta.author = _scalar(data.get("author"))
    meta.date = _scalar(data.get("date"))
    meta.url = _scalar(data.get("url"))
    meta.site_name = _scalar(data.get("site_name") or data.get("site"))
    for key in ("source", "sources"):
        value = data.get(key)
        if isinstance(value, list):
            add_sources(meta, [v.strip() for v in value if isinstance(v, str) and v.strip()])
        elif isinstance(value, str) and value.strip():
            add_sources(meta, split_source_names(value))


def _scalar(value: object, limit: int = _MAX_FIELD_CHARS) -> str | None:
    if isinstance(value, list):
        value = ", ".join(v.strip() for v in value if isinstance(v, str) and v.strip())
    if not isinstance(value, str):
        return None
    text = _WHITESPACE.sub(" ", value).strip()
    return text if 0 < len(text) <= limit else None  # cut short, it could mislead


def markdown_blocks(text: str) -> list[tuple[int, str]]:
    """``(heading level or 0, plain text)`` for each heading and paragraph, in order.

    List items and block quotes yield their paragraphs; code blocks, raw HTML blocks and
    horizontal rules yield nothing.
    """
    blocks: list[tuple[int, str]] = []
    tokens = _PARSER.parse(text)
    for index, token in enumerate(tokens):
        if token.type != "inline":
            continue
        opener = tokens[index - 1] if index else None
        plain = _WHITESPACE.sub(" ", inline_text(token.children or [])).strip()
        if not plain or opener is None:
            continue
        if opener.type == "heading_open":
            blocks.append((int(opener.tag[1:]), plain))
        elif opener.type == "paragraph_open":
            blocks.append((0, plain))
    return blocks


def inline_text(children: list[Token]) -> str:
    """The visible words of an inline run: link text kept, images and markup dropped."""
    parts: list[str] = []
    for child in children:
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
    return "".join(parts)


def _take_head_meta(paragraphs: list[str], meta: Metadata) -> list[str]:
    """Plain "Source: BBC" / "By Jane Doe" lines at the top are metadata here too."""
    start = 0
    while start < min(len(paragraphs), 4) and take_meta_line(paragraphs[start], meta):
        start += 1
    return paragraphs[start:]
