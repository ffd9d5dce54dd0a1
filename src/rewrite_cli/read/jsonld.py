"""The article a page declares in its JSON-LD, for pages whose HTML body hides the text.

Some news sites render the story with JavaScript, or put it behind a paywall overlay, and
leave the HTML with little more than a photo caption; the full text is still in the
``<script type="application/ld+json">`` block that search engines read, as a schema.org
``NewsArticle`` (or ``Article``, ``ReportageNewsArticle``, ...) with ``articleBody``.
The read stage uses it only when trafilatura's main text is too short (see ``read.html``).

Objects can sit at the top level, in a list, or in an ``@graph``; names (``author``,
``publisher``) can be a string, an object with ``name``, or a list of either.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

import lxml.html
from lxml import etree

_ARTICLE_TYPES = re.compile(r"(?:^|\b)\w*(?:Article|BlogPosting|Report)$")
_PARAGRAPH_BREAK = re.compile(r"\s*\n\s*")
_SPACES = re.compile(r"\s+")
_TAG = re.compile(r"<[a-zA-Z/][^>]*>")


@dataclass
class JsonLdArticle:
    """What the page's JSON-LD says about its article; any field may be missing."""

    paragraphs: list[str] = field(default_factory=list)
    headline: str | None = None
    authors: list[str] = field(default_factory=list)
    publisher: str | None = None
    date_published: str | None = None

    @property
    def words(self) -> int:
        return sum(len(p.split()) for p in self.paragraphs)


def jsonld_article(page: str) -> JsonLdArticle | None:
    """The longest article body declared in the page's JSON-LD, or None when there is none."""
    best: JsonLdArticle | None = None
    for item in _json_ld_objects(page):
        if not _is_article(item):
            continue
        article = JsonLdArticle(
            paragraphs=body_paragraphs(_raw_text(item.get("articleBody"))),
            headline=_text(item.get("headline")) or _text(item.get("name")) or None,
            authors=_names(item.get("author")),
            publisher=next(iter(_names(item.get("publisher"))), None),
            date_published=_text(item.get("datePublished")) or None,
        )
        if best is None or article.words > best.words:
            best = article
    return best


def body_paragraphs(body: str) -> list[str]:
    """``articleBody`` as paragraphs: line breaks separate them; markup and entities go."""
    if not body:
        return []
    if _TAG.search(body):
        try:
            fragment = lxml.html.fragment_fromstring(body, create_parent="div")
            for block in fragment.iter("p", "br", "div", "li", "h2", "h3"):
                block.tail = "\n" + (block.tail or "")
            body = fragment.text_content()
        except (etree.ParserError, ValueError):
            body = _TAG.sub(" ", body)
    body = html.unescape(body)
    parts = (_SPACES.sub(" ", part).strip() for part in _PARAGRAPH_BREAK.split(body))
    return [part for part in parts if part]


def _json_ld_objects(page: str) -> Iterator[dict]:
    try:
        root = lxml.html.document_fromstring(page)
    except (etree.ParserError, ValueError):
        return
    for script in root.iter("script"):
        if (script.get("type") or "").strip().lower() != "application/ld+json":
            continue
        try:
            data = json.loads(script.text or "", strict=False)
        except ValueError:
            continue
        yield from _flatten(data)


def _flatten(data: object) -> Iterator[dict]:
    if isinstance(data, list):
        for item in data:
            yield from _flatten(item)
    elif isinstance(data, dict):
        yield data
        if "@graph" in data:
            yield from _flatten(data["@graph"])


def _is_article(item: dict) -> bool:
    types = item.get("@type")
    names = types if isinstance(types, list) else [types]
    return any(isinstance(name, str) and _ARTICLE_TYPES.search(name) for name in names)


def _names(value: object) -> list[str]:
    values = value if isinstance(value, list) else [value]
    names: list[str] = []
    for item in values:
        name = _text(item.get("name")) if isinstance(item, dict) else _text(item)
        if name and name not in names:
            names.append(name)
    return names


def _raw_text(value: object) -> str:
    """A string field with its line breaks (they separate ``articleBody`` paragraphs)."""
    if isinstance(value, list):
        value = "\n".join(v for v in value if isinstance(v, str))
    return value if isinstance(value, str) else ""


def _text(value: object) -> str:
    if isinstance(value, list):
        value = next((v for v in value if isinstance(v, str)), "")
    return _SPACES.sub(" ", html.unescape(value)).strip() if isinstance(value, str) else ""
