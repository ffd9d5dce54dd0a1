"""``rewrite check --pairs``: many (source, rewrite) pairs in, one verdict line each out.

Input is JSON Lines ``{"id", "source", "rewrite"}`` or a TSV whose header names those
columns (other columns are ignored), so evaluation sets and scripts can feed it directly.
A line that cannot be used is reported with its number and skipped, like the batch
runner's JSONL input.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from dataclasses import dataclass

FIELDS = ("id", "source", "rewrite")


@dataclass(frozen=True)
class Pair:
    id: str
    line: int
    source: str
    rewrite: str


@dataclass(frozen=True)
class BadPair:
    line: int
    reason: str


def iter_pairs(text: str, *, tsv: bool | None = None) -> Iterator[Pair | BadPair]:
    """Each usable pair or the reason a line is not one; ``tsv`` None sniffs the format.

    The format is TSV when asked, or when the first non-blank line is not a JSON object.
    """
    if tsv is None:
        first = next((line for line in text.splitlines() if line.strip()), "")
        tsv = not first.lstrip().startswith("{")
    items = _tsv(text) if tsv else _jsonl(text)
    seen: dict[str, int] = {}
    for item in items:
        if isinstance(item, Pair):
            if item.id in seen:
                item = BadPair(item.line, f"duplicate id {item.id!r} (first on line "
                                          f"{seen[item.id]})")
            else:
                seen[item.id] = item.line
        yield item


def _jsonl(text: str) -> Iterator[Pair | BadPair]:
    for number, raw in enumerate(text.splitlines(), 1):
        if not raw.strip():
            continue
        try:
            data = json.loads(raw)
        except json.JSONDecodeError as exc:
            yield BadPair(number, f"not valid JSON ({exc.msg} at column {exc.colno})")
            continue
        except RecursionError:  # "[[[[..." thousands deep: Python's decoder recurses
            yield BadPair(number, "JSON nested too deeply")
            continue
        if not isinstance(data, dict):
            yield BadPair(number, "not a JSON object")
            continue
        yield _pair(data, number)


def _tsv(text: str) -> Iterator[Pair | BadPair]:
    reader = csv.reader(io.StringIO(text), delimiter="\t", quoting=csv.QUOTE_NONE)
    header: list[str] | None = None
    for row in reader:
        number = reader.line_num
        if not any(cell.strip() for cell in row):
            continue
        if header is None:
            header = [cell.strip().lower() for cell in row]
            missing = [f for f in FIELDS if f not in header]
            if missing:
                yield BadPair(number, "TSV header needs the columns id, source and rewrite "
                                      f"(missing: {', '.join(missing)})")
                return
            continue
        if len(row) != len(header):
            yield BadPair(number, f"has {len(row)} columns, the header has {len(header)}")
            continue
        yield _pair(dict(zip(header, row, strict=True)), number)


def _pair(data: dict, number: int) -> Pair | BadPair:
    ident = data.get("id")
    if isinstance(ident, bool) or not isinstance(ident, str | int) or not str(ident).strip():
        return BadPair(number, 'needs an "id" (a non-empty string or a number)')
    ident = str(ident).strip()
    for key in ("source", "rewrite"):
        value = data.get(key)
        if not isinstance(value, str) or not value.strip():
            return BadPair(number, f'id {ident!r}: needs a non-empty string "{key}"')
    return Pair(ident, number, data["source"], data["rewrite"])
