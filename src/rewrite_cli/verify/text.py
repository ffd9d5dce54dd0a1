"""Small text normalisations every check shares, so 'equal' means the same everywhere."""

from __future__ import annotations

import re

_QUOTE_MAP = str.maketrans({"“": '"', "”": '"', "„": '"', "«": '"', "»": '"', "‘": "'", "’": "'"})
_WORD = re.compile(r"[a-z0-9]+(?:['][a-z]+)?")


def normalise_quotes(text: str) -> str:
    """Curly and foreign quote marks become ASCII, so they never count as a change."""
    return text.translate(_QUOTE_MAP)


def squash(text: str) -> str:
    """Whitespace- and quote-insensitive form used to spot verbatim copies."""
    text = normalise_quotes(text).lower()
    text = re.sub(r"[\"'`]", "", text)
    text = re.sub(r"\s+", " ", text)
    return text.strip(" .!?;:,")


def words(text: str) -> list[str]:
    """Lower-case word tokens (apostrophes kept inside words, dots dropped: U.S. -> us)."""
    text = normalise_quotes(text).lower().replace(".", "")
    return _WORD.findall(text)


def norm_word(token_text: str) -> str:
    """One token as compared across sentences: lower case, no dots, no possessive."""
    w = normalise_quotes(token_text).lower().replace(".", "")
    if w.endswith("'s"):
        w = w[:-2]
    return w.strip("'-")
