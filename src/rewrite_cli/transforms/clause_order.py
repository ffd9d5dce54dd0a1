"""Reordering a subordinate clause or gerund phrase around its main clause.

"A because B." <-> "Because B, A." and "A after doing B." <-> "After doing B, A.".
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from rewrite_cli.transforms.casing import _declines_when_unsure, _inner
from rewrite_cli.transforms.tokens import (
    CONTRAST_MARKS,
    FOCUS_WORDS,
    SUBJECTS,
    THIRD_PERSON,
    _as_sentence,
    _body,
    _children,
    _has_clause,
    _index,
    _is_negated,
    _is_plural,
    _is_quote,
    _sentence,
    _starts_with_subject,
    _subtree,
    _text,
    _words,
)

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

CLAUSE_MARKS = frozenset(
    {"after", "because", "while", "although", "though", "when", "before", "as", "since", "until"}
)
# Prepositions that open a gerund phrase which may sit at either end ("after leaving").
GERUND_MARKS = frozenset({"after", "before", "since", "while", "despite", "without"})
PLURAL_PRONOUNS = frozenset({"they", "them", "their", "theirs", "themselves"})
MAX_FRONTED_WORDS = 16  # longer subordinate clauses are where the parser errs most


def _main_clause_safe(root: Token) -> bool:
    """A main clause a moved subordinate clause cannot suddenly scope over differently."""
    if _is_negated(root):
        return False
    return not _children(root, "conj", "ccomp", "parataxis")


@_declines_when_unsure
def reorder_clauses(sent: Doc | Span) -> str | None:
    """Reorder "A because B." <-> "Because B, A." (also after/while/although/when/before/as...).

    Declines when the main clause is negated or focused ("not because", "only when"),
    since fronting the clause would change what the negation or focus applies to.
    """
    span = _as_sentence(sent)
    body = None if span is None else _body(span)
    if span is None or body is None:
        return None
    root = span.root
    if not _main_clause_safe(root) or not _children(root, *SUBJECTS):
        return None
    for clause in _children(root, "advcl"):
        marks = [c for c in _children(clause, "mark") if c.lower_ in CLAUSE_MARKS]
        sub = _subtree(clause, body)
        if not marks or sub is None or sub[0].i != marks[0].i:
            continue
        if not _children(clause, *SUBJECTS) or any(_is_quote(t) for t in sub):
            continue
        start = _index(body, sub[0])
        if sub[-1].i == body[-1].i and start > 0:
            return _clause_to_front(body, root, sub, start)
        if start == 0:
            return _clause_to_back(body, root, sub)
    return _reorder_gerund(body, root)


def _reorder_gerund(body: list[Token], root: Token) -> str | None:
    """ "A after doing B." <-> "After doing B, A." (the doer is A's subject either way).

    Declines when A holds another verb ("promised to resign after seeing ..."), which
    the phrase could belong to instead.
    """
    for prep in _children(root, "prep"):
        verbs = _children(prep, "pcomp")
        if prep.lower_ not in GERUND_MARKS or len(verbs) != 1 or verbs[0].tag_ != "VBG":
            continue
        sub = _subtree(prep, body)
        if sub is None or sub[0].i != prep.i or any(_is_quote(t) for t in sub):
            return None
        main = [t for t in body if t not in sub]
        if any(t.pos_ in {"VERB", "AUX"} and t.i > root.i for t in main):
            return None
        start = _index(body, sub[0])
        if sub[-1].i == body[-1].i and start > 0:
            return _clause_to_front(body, root, sub, start)
        if start == 0:
            return _clause_to_back(body, root, sub)
    return None


def _clause_to_front(body: list[Token], root: Token, sub: list[Token], start: int) -> str | None:
    """ "A because B." -> "Because B, A."."""
    mark = sub[0].lower_
    # Fronted "as" reads as "in line with" ("As we thought, ..."), and a fronted "since"
    # after a noun ("her best since she won") was the noun's; so both need a comma.
    comma = body[start - 1].text == ","
    if mark == "as" or (mark == "since" and not comma):
        return None
    if _words(sub) > MAX_FRONTED_WORDS or any(
        c.dep_ == "advcl" and _children(c, "mark") for t in sub for c in t.children
    ):
        return None
    if any(t.text == "," for t in sub):
        return None  # "After meeting a friend, Kristofer, Tomasz ...": reads as a list
    main = body[:start]
    while main and main[-1].text == ",":
        main = main[:-1]
    if not main or main[-1].lower_ in FOCUS_WORDS or main[-1].dep_ in {"cc", "prep", "mark"}:
        return None  # "... after X and after Y": the clause is one of a pair
    if not _plain_main(main, root):
        return None
    if any(t.pos_ in {"VERB", "AUX"} and t.i > root.i for t in main):
        return None  # "warned people not to enter the water after ...": whose clause?
    if _pronoun_may_shift(sub, main, root):
        return None
    return _sentence(f"{_text(sub)}, {_inner(main)}")


def _pronoun_may_shift(sub: Sequence[Token], main: Sequence[Token], root: Token) -> bool:
    """Whether a pronoun in a clause moved to the front could change whom it means.

    A fronted pronoun is read as the main subject ("After their remains were found,
    archaeologists ..." reads as the archaeologists' remains); that is only safe when
    the main clause names no one and nothing else it could have meant.
    """
    if any(t.lower_ in THIRD_PERSON and t.dep_ != "poss" for t in main):
        # "He left after John arrived" never means John left; "After John arrived, he
        # left" may. (A possessive may mean John in either order: "his dog died".)
        return any(t.pos_ in {"NOUN", "PROPN"} for t in sub)
    pronouns = [t for t in sub if t.lower_ in THIRD_PERSON]
    if not pronouns:
        return False
    subjects = _children(root, *SUBJECTS)
    subject_ids = {t.i for s in subjects for t in s.subtree}
    others = [
        t
        for t in main
        if t.pos_ in {"NOUN", "PROPN"} and t.i not in subject_ids and t.dep_ != "compound"
    ]
    # "his" cannot mean "police": only a noun that agrees in number is another candidate.
    singular = all(t.lower_ not in PLURAL_PRONOUNS for t in pronouns)
    return any(not (singular and _is_plural(t)) for t in others)


def _clause_to_back(body: list[Token], root: Token, sub: list[Token]) -> str | None:
    """ "Because B, A." -> "A because B."."""
    end = len(sub)
    if end >= len(body) or body[end].text != ",":
        return None
    main = body[end + 1 :]
    if not main or not _plain_main(main, root):
        return None
    if any(t.pos_ == "VERB" and t.i > root.i for t in main):
        return None  # a clause at the end of A would seem to own B
    if any(t.text == "," for t in main if t.i < root.i):
        return None  # "While A, B and C, D": where the clause ends is a guess
    # Contrast keeps its comma ("..., although B"); time and cause read better without.
    joiner = ", " if sub[0].lower_ in CONTRAST_MARKS else " "
    return _sentence(f"{_text(main)}{joiner}{_inner(sub)}")


def _plain_main(main: Sequence[Token], root: Token) -> bool:
    """A main clause that opens with its subject and holds no quote or second clause."""
    if any(_is_quote(t) for t in main) or not _has_clause(main):
        return False
    return _starts_with_subject(main, root)
