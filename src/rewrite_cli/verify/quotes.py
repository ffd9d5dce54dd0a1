"""Quoted words, which must stay verbatim: a quote is a claim about what someone said.

Source sentences often open a quote that closes in a later sentence, so article quotes
are read from the whole text and an unclosed quote runs to the end of its sentence.
"""

from __future__ import annotations

import re

from rewrite_cli.verify.text import words

_OPEN_SINGLE = re.compile(r"(?:^|(?<=[\s(\[—–-]))['‘](?=[\w\"“])")
_CLOSE_SINGLE = re.compile(r"(?<=[\w.,!?;:\"”])['’](?=[\s.,;:!?)\]—–-]|$)")
_POSSESSIVE = re.compile(r"s['’] [a-z]")


def _marks(text: str) -> list[tuple[int, str]]:
    """Quote marks as (position, kind); 'close?' may be a plural possessive (the boys' fight)."""
    marks = [(m.start(), "either") for m in re.finditer(r'["“”]', text)]
    marks += [(m.start(), "open") for m in _OPEN_SINGLE.finditer(text)]
    marks += [(m.start(), "close?" if _POSSESSIVE.match(text, m.start() - 1) else "close")
              for m in _CLOSE_SINGLE.finditer(text)]
    return sorted(marks)


def quote_spans(text: str) -> list[tuple[int, int]]:
    """Character ranges inside quotation marks.

    Double quotes pair in order; single quotes pair an opening mark with the next closing
    one. A quote left open runs to the end of the text, and a closing mark with no opening
    one closes a quote that began before the text (multi-sentence quotes).
    """
    spans: list[tuple[int, int]] = []
    double_open: int | None = None
    single_open: int | None = None
    seen_single = False
    for pos, kind in _marks(text):
        if kind == "either":
            if double_open is None and _closes(text, pos) and not spans:
                spans.append((0, pos))
            elif double_open is None:
                double_open = pos + 1
            else:
                spans.append((double_open, pos))
                double_open = None
        elif kind == "open" and single_open is None and double_open is None:
            single_open = pos + 1
            seen_single = True
        elif kind == "close?" and single_open is None:
            continue
        elif kind in {"close", "close?"}:
            if single_open is not None:
                spans.append((single_open, pos))
                single_open = None
            elif not seen_single and double_open is None and not spans:
                spans.append((0, pos))
            seen_single = True
    if double_open is not None:
        spans.append((double_open, len(text)))
    if single_open is not None:
        spans.append((single_open, len(text)))
    return spans


def _closes(text: str, pos: int) -> bool:
    before = text[pos - 1] if pos else " "
    after = text[pos + 1] if pos + 1 < len(text) else " "
    return not before.isspace() and (after.isspace() or after in ".,;:!?)")


def read_quotes(text: str) -> list[tuple[str, ...]]:
    """Word sequences of every quotation in ``text``."""
    found = []
    for start, end in quote_spans(text):
        w = tuple(words(text[start:end]))
        if w:
            found.append(w)
    return found


def contains(haystack: tuple[str, ...], needle: tuple[str, ...]) -> bool:
    """True when ``needle`` is a contiguous run of ``haystack``."""
    n = len(needle)
    return n == 0 or any(haystack[i : i + n] == needle for i in range(len(haystack) - n + 1))
