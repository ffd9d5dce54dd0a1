"""The segment stage: paragraphs of plain text into numbered sentences.

Sentence boundaries decide what every later stage can keep, drop or verify, so a wrong
split (``Dr.`` | ``Jones``) or a wrong join (two sentences glued by a missing space) shows
up as a garbled or unverifiable output sentence. We use ``sentencex`` (Wikimedia's
rule-based segmenter: fast, maintained, good with quotes) and repair the few news-style
cases it gets wrong: titles before names, ``3 p.m. Monday``, a single-character ellipsis
before a new sentence, and the `` . `` that ends photo captions in scraped news pages.
"""

from __future__ import annotations

import re

from sentencex import segment as _sentencex_segment

from rewrite_cli.document import Document, Sentence


def _word_set(words: str) -> frozenset[str]:
    return frozenset(words.split())


# Abbreviations that are (almost) never the last word of a sentence in news copy.
_NAME_TITLES = _word_set(
    "mr mrs ms dr gov sen rep gen col lt sgt capt cmdr adm maj prof rev hon st mt ft "
    "jan feb aug sept sep oct nov dec messrs"
)
_WEEKDAYS_MONTHS = _word_set(
    "monday tuesday wednesday thursday friday saturday sunday january february march april "
    "may june july august september october november december"
)
# Scraped pages put " . " where a line broke; after these words it cannot end a sentence.
_FUNCTION_WORDS = _word_set(
    "a an the of to in on at for with from by as and or but that this his her its their "
    "our is was are were be been has have had will would who which since after before"
)
_SPACED_STOP = re.compile(r"(?<=\S)\s\.$")
_LAST_WORD = re.compile(r"([A-Za-z]+)\.\W*$")
_CLOCK = re.compile(r"\b[ap]\.m\.$", re.IGNORECASE)
# "…" or " . " (a scraped caption end) followed by what starts a new sentence.
_EXTRA_BREAK = re.compile(r"(?:…|(?<=\s)\.)\s+(?=[\"'‘“(]?[A-Z0-9])")


def split_sentences(text: str) -> list[str]:
    """Split one paragraph into sentences, each on one line with single spaces.

    Closing quotes and attributions stay with their sentence: ``“We will,” he said.`` is
    one sentence, and so is ``She said: “We will win. We always do.”``. Line breaks and
    non-breaking spaces inside a sentence become plain spaces, so later stages compare
    words, not layout.
    """
    pieces: list[str] = []
    for raw in _sentencex_segment("en", text):
        pieces.extend(_split_extra(raw))
    merged: list[str] = []
    for piece in pieces:
        if merged and _continues(merged[-1], piece):
            merged[-1] = f"{merged[-1]} {piece}"
        else:
            merged.append(piece)
    return merged


def segment(document: Document) -> list[Sentence]:
    """Number every sentence of the document; indices run across paragraphs."""
    sentences: list[Sentence] = []
    for number, paragraph in enumerate(document.paragraphs):
        for text in split_sentences(paragraph):
            sentences.append(Sentence(text=text, index=len(sentences), paragraph=number))
    return sentences


def _split_extra(raw: str) -> list[str]:
    """Break at the boundaries sentencex does not know; drop empty pieces."""
    pieces: list[str] = []
    start = 0
    for match in _EXTRA_BREAK.finditer(raw):
        pieces.append(raw[start : match.start() + 1])
        start = match.end()
    pieces.append(raw[start:])
    return [" ".join(p.split()) for p in pieces if p.strip()]


def _continues(previous: str, piece: str) -> bool:
    """Whether ``piece`` is the rest of ``previous`` rather than a new sentence."""
    first = piece[0]
    if first.islower() or first in ",;:%)":
        return True
    words = previous.split()
    if _SPACED_STOP.search(previous) and len(words) >= 2 and words[0].lower() != "by":
        before = words[-2].strip("'‘\"“")
        # A capital "A" may be a name ("hepatitis A"), unless it starts the fragment.
        if before.lower() in _NAME_TITLES or (
            before.lower() in _FUNCTION_WORDS and (before.islower() or len(words) == 2)
        ):
            return True
    last = _LAST_WORD.search(previous)
    if last and last.group(0) == last.group(1) + "." and last.group(1).lower() in _NAME_TITLES:
        return True
    first_word = re.match(r"[A-Za-z]+", piece)
    if _CLOCK.search(previous) and first_word:
        return first_word.group(0).lower() in _WEEKDAYS_MONTHS
    return previous.endswith("No.") and first.isdigit()
