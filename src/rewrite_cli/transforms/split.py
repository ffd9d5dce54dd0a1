"""Splitting a long sentence of two independent clauses into two sentences."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from rewrite_cli.transforms.casing import _declines_when_unsure, _inner
from rewrite_cli.transforms.tokens import (
    SPEECH_VERBS,
    SUBJECTS,
    _as_sentence,
    _body,
    _children,
    _is_finite,
    _quotes_balanced,
    _sentence,
    _text,
    _words,
)

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

EMBEDDED = frozenset({"advcl", "relcl", "ccomp", "csubj"})
MIN_SPLIT_WORDS = 16
MIN_HALF_WORDS = 4


def _crossing_arcs(left: Sequence[Token], right: Sequence[Token]) -> list[Token]:
    """Words of one half whose head is in the other half (punctuation aside)."""
    left_ids, right_ids = {t.i for t in left}, {t.i for t in right}
    return [t for t in left if not t.is_punct and t.head.i in right_ids] + [
        t for t in right if not t.is_punct and t.head.i in left_ids
    ]


def _ends_inside_clause(left: Sequence[Token], head: Token) -> bool:
    """Whether the first half ends inside a subordinate clause of its main verb."""
    token = left[-1]
    while token.i != head.i and token.head.i != token.i:
        if token.dep_ in EMBEDDED:
            return True
        token = token.head
    return False


def _split_halves(body: list[Token], cut: int) -> tuple[list[Token], list[Token]] | None:
    """The two sentences a cut makes, if they are independent full clauses.

    They may be linked by one arc only, between the two clause verbs (conj, parataxis, or
    for ";" a misparsed ccomp), and one end of it must be the sentence root: otherwise
    the second clause may belong to reported speech or share a modifier with the first.
    """
    left, right = body[:cut], body[cut + 1 :]
    while left and left[-1].text in {",", ";"}:
        left = left[:-1]
    if _words(left) < MIN_HALF_WORDS or _words(right) < MIN_HALF_WORDS:
        return None
    arcs = _crossing_arcs(left, right)
    if len(arcs) != 1:
        return None
    verb = arcs[0]
    deps = {"conj", "parataxis"} | ({"ccomp"} if body[cut].text == ";" else set())
    if verb.dep_ not in deps or verb.head.dep_ != "ROOT" or verb.pos_ not in {"VERB", "AUX"}:
        return None
    if not _children(verb, *SUBJECTS) or verb.head.lemma_ in SPEECH_VERBS:
        return None
    if not (_is_finite(verb) and _is_finite(verb.head)):
        return None  # "the sluices were opened and the prawns caught": "were" is shared
    if len(_children(verb.head, "conj", "parataxis")) > 1:
        return None  # "A, B and C": a cut would leave a dangling list
    if _ends_inside_clause(left, verb if verb in left else verb.head):
        return None  # "A when B and C": C may continue the "when" clause
    for half in (left, right):
        clause = verb if verb in half else verb.head
        subjects = _children(clause, *SUBJECTS)
        if not subjects or subjects[0].left_edge.i != half[0].i:
            return None  # a fronted "On Monday," scopes over both halves
    if not (_quotes_balanced(left) and _quotes_balanced(right)):
        return None
    return left, right


@_declines_when_unsure
def split_sentence(sent: Doc | Span) -> str | None:
    """Split a long "A, and B." / "A, but B." / "A; B." into two sentences.

    Only when both halves are full clauses with their own subject; "and" is dropped,
    "but" starts the second sentence.
    """
    span = _as_sentence(sent)
    body = None if span is None else _body(span)
    if span is None or body is None or _words(body) < MIN_SPLIT_WORDS:
        return None
    for cut, link in enumerate(body):
        is_conjunction = link.lower_ in {"and", "but"} and link.dep_ == "cc"
        if not (link.text == ";" or is_conjunction) or cut == 0:
            continue
        halves = _split_halves(body, cut)
        if halves is None:
            continue
        left, right = halves
        second = f"But {_inner(right)}" if link.lower_ == "but" else _text(right)
        return f"{_sentence(_text(left))} {_sentence(second)}"
    return None
