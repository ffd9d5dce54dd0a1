"""Evaluation datasets: JSON Lines, one article per line, with an optional reference summary.

The format is the one ``rewrite`` reads from JSON Lines (``text`` or ``html``, optional
``title``/``source``/``url``) plus ``article`` (the CNN/DailyMail name for the text) and
``reference``; ``id`` may be left out. Each article is read by ``jsonl.record_document``,
the same read stage a JSONL run uses, so the numbers describe what a user would get.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from rewrite_cli.batch.jsonl import OPTIONAL_FIELDS, Record, record_document
from rewrite_cli.document import Document
from rewrite_cli.errors import InputError

# Fields that may hold the article, in order of preference, and whether it is HTML.
ARTICLE_FIELDS = (("article", False), ("text", False), ("html", True))


@dataclass(frozen=True)
class Example:
    """One dataset row: the article as ``rewrite`` would read it, and the reference summary."""

    record: Record
    reference: str | None

    @property
    def id(self) -> str:
        return self.record.id

    def document(self) -> Document:
        """Read the article exactly as a JSON Lines run of ``rewrite`` would."""
        return record_document(self.record)


def load_examples(path: Path, limit: int | None = None) -> list[Example]:
    """Parse a JSON Lines dataset; a malformed line is an InputError naming its line number."""
    path = Path(path)
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        raise InputError(f"{path}: no such dataset file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: cannot read ({exc})") from None
    examples: list[Example] = []
    for number, line in enumerate(lines, 1):
        if limit is not None and len(examples) >= limit:
            break
        if not line.strip():
            continue
        examples.append(_example(line, path, number))
    if not examples:
        raise InputError(f"{path}: the dataset has no articles")
    return examples


def _example(line: str, path: Path, number: int) -> Example:
    try:
        row = json.loads(line)
    except json.JSONDecodeError as exc:
        raise InputError(f"{path}:{number}: not valid JSON ({exc.msg})") from None
    if not isinstance(row, dict):
        raise InputError(f"{path}:{number}: each line must be a JSON object")
    extra = {key: _text(row.get(key)) for key in OPTIONAL_FIELDS}
    for field, is_html in ARTICLE_FIELDS:
        article = _text(row.get(field))
        if article:
            ident = str(row.get("id", number)).strip() or str(number)
            record = Record(ident, number, article, is_html, **extra)
            return Example(record=record, reference=_text(row.get("reference")))
    raise InputError(f"{path}:{number}: no 'article', 'text' or 'html' field with text")


def _text(value: object) -> str | None:
    return value.strip() or None if isinstance(value, str) else None
