"""Deciding whether an input is HTML, Markdown or plain text.

A file suffix is the user's word and wins; stdin and odd suffixes get a look at the
content instead, because a pasted web page read as plain text would bring its whole
navigation into the article.
"""

from __future__ import annotations

import re
from pathlib import PurePath

FORMATS = ("text", "markdown", "html")

_SUFFIX_FORMATS = {
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".md": "markdown",
    ".markdown": "markdown",
    ".txt": "text",
    ".text": "text",
}

_HTML_START = re.compile(
    r"\A\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html)\b",
    re.IGNORECASE | re.DOTALL,
)
_HTML_TAG = re.compile(
    r"</?(?:p|div|span|body|head|article|section|br|a|meta|h[1-6]|ul|li)\b[^>]*>", re.IGNORECASE
)
_FRONT_MATTER = re.compile(
    r"\A(?:\ufeff)?---[ \t]*\r?\n.*?\r?\n(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.DOTALL
)
# Each of these counts as one piece of evidence for Markdown; one alone is not enough,
# since plain text also has the odd "*" or "-" line.
_MARKDOWN_SIGNS = (
    re.compile(r"^#{1,6}[ \t]+\S", re.MULTILINE),
    re.compile(r"\[[^\]\n]+\]\([^)\s]+\)"),
    re.compile(r"(\*\*|__)[^\s*_][^*_\n]*\1"),
    re.compile(r"^[ \t]*[-*+][ \t]+\S", re.MULTILINE),
    re.compile(r"^```", re.MULTILINE),
    re.compile(r"^>[ \t]?\S", re.MULTILINE),
    re.compile(r"^\S.*\r?\n(?:=+|-+)[ \t]*$", re.MULTILINE),
)


def format_from_suffix(path: str) -> str | None:
    """The format a file name promises, or None when it promises nothing (or is stdin)."""
    if path == "-":
        return None
    return _SUFFIX_FORMATS.get(PurePath(path).suffix.lower())


def sniff_format(text: str) -> str:
    """Guess "html", "markdown" or "text" from the content itself."""
    head = text[:20000]
    if _HTML_START.match(head) or len(_HTML_TAG.findall(head)) >= 5:
        return "html"
    if _FRONT_MATTER.match(head):
        return "markdown"
    signs = sum(1 for pattern in _MARKDOWN_SIGNS if pattern.search(head))
    return "markdown" if signs >= 2 else "text"
