"""JSON Lines in and out, so the tool can sit in a pipeline between other programs.

An input line is one article: ``{"id": ..., "text" | "html": ..., "title"?, "source"?,
"url"?}``, or ``{"id": ..., "url": ...}`` alone for a page to fetch; other keys are
ignored so producers may carry their own. An output line is
``{"id": ..., **the JSON record}`` for a rewrite, or ``{"id": ..., "error": ...}`` for an
article that failed, so a consumer can match every input it sent. A line that is not a
usable record (bad JSON, no id, no text) is reported with its line number and skipped.

Articles from JSONL go through the same read stage as files (``read_bytes`` with a name
that states the format), so decoding, HTML extraction and cleaning are identical. The
record's key says the format, never its id: ``html`` is HTML, ``text`` is plain text (or
Markdown, when it plainly is), whatever suffix the id happens to end in.

Ids come from whoever produced the file, so messages show them shortened and escaped: a
10,000-character id or one holding a NUL or an escape sequence must not flood or
corrupt a terminal.
"""

from __future__ import annotations

import hashlib
import json
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from typing import BinaryIO, TextIO

from rewrite_cli.document import Document, Rewrite
from rewrite_cli.errors import OutputError, RewriteError
from rewrite_cli.read import read_bytes
from rewrite_cli.read.sniff import sniff_format
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
        """The name the read stage sees: its suffix states the format the record gave."""
        if self.is_html:
            return "record.html"
        return "record.md" if sniff_format(self.body) == "markdown" else "record.txt"


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
                item = BadLine(
                    number, f"duplicate id {shown_id(item.id)} (first on line {seen[item.id]})"
                )
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
    except RecursionError:  # "[[[[..." thousands deep: Python's decoder recurses
        return BadLine(number, "JSON nested too deeply")
    if not isinstance(data, dict):
        return BadLine(number, "not a JSON object")
    ident = _id_text(data.get("id"))
    if ident is None:
        return BadLine(number, 'needs an "id" (a non-empty string or a whole number)')
    present = [key for key in ("text", "html") if data.get(key) is not None]
    if not present and isinstance(data.get("url"), str) and data["url"].strip():
        present = ["url"]
    if len(present) != 1:
        return BadLine(number, f'id {shown_id(ident)}: needs exactly one of "text" or "html" '
                               '(or a "url" to fetch)')
    body = data[present[0]] if present[0] != "url" else ""
    if not isinstance(body, str):
        return BadLine(number, f'id {shown_id(ident)}: "{present[0]}" must be a string')
    extra: dict[str, str | None] = {}
    for key in OPTIONAL_FIELDS:
        value = data.get(key)
        if value is not None and not isinstance(value, str):
            return BadLine(number, f'id {shown_id(ident)}: "{key}" must be a string')
        extra[key] = value.strip() or None if isinstance(value, str) else None
    return Record(ident, number, body, present[0] == "html", **extra,
                  remote=present[0] == "url")


def _id_text(value: object) -> str | None:
    """An id as text: a non-empty string, or a whole number (``3`` and ``3.0`` are "3")."""
    if isinstance(value, bool):
        return None
    if isinstance(value, float):
        if not value.is_integer():
            return None
        value = int(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str) and value.strip():
        return value.strip()
    return None


def shown_id(ident: str, width: int = 60) -> str:
    """An id as messages show it: quoted, control characters escaped, long ones cut."""
    quoted = json.dumps(ident if len(ident) <= width else ident[: width - 1] + "…",
                        ensure_ascii=False)
    return "".join(
        char if unicodedata.category(char) != "Cc" else f"\\x{ord(char):02x}"
        for char in quoted
    )


def record_document(
    record: Record, *, max_bytes: int = MAX_INPUT_BYTES,
    fetch: Callable[[str], Document] | None = None,
) -> Document:
    """Read a record like a file of the same content; its own title, source and URL win.

    A record with only a ``url`` is fetched with ``fetch`` (the page's final URL is kept).
    Messages from the read stage name the generic file name the record was read under;
    they are given the record's id instead, shown safely.
    """
    if record.remote and record.url and fetch is not None:
        document = fetch(record.url)
    else:
        try:
            document = read_bytes(record.body.encode("utf-8"), path=record.name,
                                  max_bytes=max_bytes)
        except RewriteError as exc:
            message = str(exc).removeprefix(f"{record.name}: ")
            raise type(exc)(f"{shown_id(record.id)}: {message}",
                            exit_code=exc.exit_code) from None
        document.input = replace(document.input, path=record.id)
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
    """Writes whole lines and flushes each, so a reader never sees half an article.

    A failed write (full disk, a vanished mount) ends the batch with one line naming
    ``where``: every later line would fail the same way.
    """

    def __init__(self, stream: TextIO, where: str = "the output") -> None:
        self._stream = stream
        self._where = where

    def write(self, line: str) -> None:
        try:
            self._stream.write(line)
            self._stream.flush()
        except OSError as exc:
            raise OutputError(f"cannot write {self._where} ({exc.strerror or exc})") from None
