"""JSON Lines in and out, so the tool can sit in a pipeline between other programs.

An input line is one article: ``{"id": ..., "text" | "html": ..., "title"?, "source"?,
"url"?}``, or ``{"id": ..., "url": ...}`` alone for a page to fetch; other keys are
ignored so producers may carry their own. An output line is
``{"id": ..., **the JSON record}`` for a rewrite, or ``{"id": ..., "error": ...}`` for an
article that failed, so a consumer can match every input it sent. A line that is not a
usable record (bad JSON, no id, no text) is reported with its line number and skipped.

Articles from JSONL go through the same read stage as files (``read_bytes`` with a name
that hints the format), so decoding, HTML extraction and cleaning are identical.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import BinaryIO, TextIO

from rewrite_cli.document import Document, Rewrite
from rewrite_cli.read import read_bytes
from rewrite_cli.read.text import add_sources, split_source_names
from rewrite_cli.render import to_json
from rewrite_cli.settings import MAX_INPUT_BYTES

OPTIONAL_FIELDS = ("title", "source", "url")


@dataclass(frozen=True)
class Record:
    """One article from a JSONL input; ``sha256`` covers every field that shapes the output."""

    id: str
    line: int
    body: str
    is_html: bool
    title: str | None = None
    source: str | None = None
    url: str | None = None
    remote: bool = False  # no text or html: the page at ``url`` is fetched

    @property
    def sha256(self) -> str:
        fields = [self.id, self.body, self.is_html, self.title, self.source, self.url]
        return hashlib.sha256(json.dumps(fields).encode("utf-8")).hexdigest()

    @property
    def name(self) -> str:
        """The name the read stage sees: it hints the format and labels its messages."""
        return f"{self.id}.html" if self.is_html else self.id


@dataclass(frozen=True)
class BadLine:
    """A line that could not be used, with why."""

    line: int
    reason: str


def iter_records(
    stream: BinaryIO, *, max_bytes: int = MAX_INPUT_BYTES
) -> Iterator[Record | BadLine]:
    """Yield each line as a ``Record`` or a ``BadLine``, one line in memory at a time.

    A line longer than ``max_bytes`` (plus room for the JSON around it) is refused
    without ever being held whole, so a runaway producer cannot fill memory.
    """
    limit = max_bytes * 2 + 4096
    seen: dict[str, int] = {}
    number = 0
    while True:
        raw = stream.readline(limit + 1)
        if not raw:
            return
        number += 1
        if len(raw) > limit and not raw.endswith(b"\n"):
            while (rest := stream.readline(limit)) and not rest.endswith(b"\n"):
                pass
            yield BadLine(number, "line is too long to be one article")
            continue
        if not raw.strip():
            continue
        item = parse_line(raw, number)
        if isinstance(item, Record):
            if item.id in seen:
                item = BadLine(number, f"duplicate id {item.id!r} (first on line {seen[item.id]})")
            else:
                seen[item.id] = number
        yield item


def parse_line(raw: bytes, number: int) -> Record | BadLine:
    """Check one line against the input format; the reason names what to fix."""
    try:
        data = json.loads(raw)
    except UnicodeDecodeError:
        return BadLine(number, "not UTF-8")
    except json.JSONDecodeError as exc:
        return BadLine(number, f"not valid JSON ({exc.msg} at column {exc.colno})")
    if not isinstance(data, dict):
        return BadLine(number, "not a JSON object")
    ident = data.get("id")
    if isinstance(ident, bool) or not isinstance(ident, str | int) or not str(ident).strip():
        return BadLine(number, 'needs an "id" (a non-empty string or a number)')
    ident = str(ident).strip()
    present = [key for key in ("text", "html") if data.get(key) is not None]
    if not present and isinstance(data.get("url"), str) and data["url"].strip():
        present = ["url"]
    if len(present) != 1:
        return BadLine(number, f'id {ident!r}: needs exactly one of "text" or "html" '
                               '(or a "url" to fetch)')
    body = data[present[0]] if present[0] != "url" else ""
    if not isinstance(body, str):
        return BadLine(number, f'id {ident!r}: "{present[0]}" must be a string')
    extra: dict[str, str | None] = {}
    for key in OPTIONAL_FIELDS:
        value = data.get(key)
        if value is not None and not isinstance(value, str):
            return BadLine(number, f'id {ident!r}: "{key}" must be a string')
        extra[key] = value.strip() or None if isinstance(value, str) else None
    return Record(ident, number, body, present[0] == "html", **extra,
                  remote=present[0] == "url")


def record_document(
    record: Record, *, max_bytes: int = MAX_INPUT_BYTES,
    fetch: Callable[[str], Document] | None = None,
) -> Document:
    """Read a record like a file of the same content; its own title, source and URL win.

    A record with only a ``url`` is fetched with ``fetch`` (the page's final URL is kept).
    """
    if record.remote and record.url and fetch is not None:
        document = fetch(record.url)
    else:
        document = read_bytes(record.body.encode("utf-8"), path=record.name,
                              max_bytes=max_bytes)
    if record.title:
        document.title = record.title
    if record.url and not record.remote:
        document.meta.url = record.url
    if record.source:
        add_sources(document.meta, split_source_names(record.source), record.url)
    return document


def rewrite_line(ident: str, rewrite: Rewrite) -> str:
    """The output line for a finished article (no newline inside, one at the end)."""
    return json.dumps({"id": ident, **to_json(rewrite)}, ensure_ascii=False) + "\n"


def error_line(ident: str, reason: str) -> str:
    return json.dumps({"id": ident, "error": reason}, ensure_ascii=False) + "\n"


class LineWriter:
    """Writes whole lines and flushes each, so a reader never sees half an article."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream

    def write(self, line: str) -> None:
        self._stream.write(line)
        self._stream.flush()
