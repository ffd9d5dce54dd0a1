"""Which words keep their capital letter once a transform moves them off the sentence start.

A sentence's first word is capitalised whatever it is; when it moves inside, it needs its
own case back. ``article_casing`` reads how the whole article writes each word, and a
moved word whose case cannot be told makes the transform decline (``_UnsureCase``).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from rewrite_cli.transforms.tokens import OPEN_QUOTES, _text

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

CASING_KEY = "rewrite_cli.casing"  # where transform_candidates leaves the Casing on a Doc
NAMED_ENTITIES = frozenset(
    {"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC", "EVENT", "WORK_OF_ART", "LAW", "PRODUCT",
     "LANGUAGE"}
)  # fmt: skip
# Words before a name that news style writes lower-case: "former president Bill Clinton".
LOWER_CASE_TITLES = frozenset(
    {"former", "head", "late", "veteran", "then", "retired", "fellow", "rival", "ousted"}
)  # fmt: skip
# Titles written with a capital right before a name: "President Obama", "Sgt Sharp".
FORMAL_TITLES = frozenset(
    {"president", "prime", "minister", "secretary", "senator", "sen", "governor", "gov",
     "mayor", "judge", "justice", "detective", "det", "sergeant", "sgt", "inspector",
     "constable", "chancellor", "king", "queen", "prince", "princess", "duke", "duchess",
     "lord", "lady", "sir", "dame", "pope", "bishop", "archbishop", "cardinal", "rev",
     "dr", "professor", "prof", "general", "gen", "colonel", "col", "captain", "capt",
     "lieutenant", "lt", "admiral", "commander", "superintendent", "supt", "ambassador",
     "councillor", "congressman", "congresswoman", "rep", "speaker", "mr", "mrs", "ms",
     "miss", "st", "saint", "chief"}
)  # fmt: skip
CALENDAR_WORDS = frozenset(
    {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
     "january", "february", "march", "april", "june", "july", "august", "september",
     "october", "november", "december", "christmas", "easter"}
)  # fmt: skip


@dataclass(frozen=True)
class Casing:
    """How the article writes words inside its sentences, and which words are English.

    A sentence's first word is capitalised whatever it is; once a transform moves it
    inside, it needs its own case back. The tagger misses many names ("Tomasz works
    ...", "Lovehearts have launched ..."), so the rest of the article and a dictionary
    settle what the parse cannot.
    """

    capitalised: frozenset[str] = frozenset()  # always written with a capital mid-sentence
    lowercase: frozenset[str] = frozenset()  # written lower-case somewhere mid-sentence
    dictionary: frozenset[str] | None = None  # lower-cased English words and lemmas


def article_casing(docs: Iterable[Doc | Span], dictionary: frozenset[str] | None = None) -> Casing:
    """Collect how the parsed sentences of one article write each word mid-sentence."""
    upper: set[str] = set()
    lower: set[str] = set()
    for doc in docs:
        for sent in doc.sents:
            for t in list(sent)[1:]:
                if t.is_alpha and not _after_opening(t):
                    (upper if t.text[0].isupper() else lower).add(t.lower_)
    return Casing(frozenset(upper - lower), frozenset(lower), dictionary)


def _after_opening(token: Token) -> bool:
    """A word right after an opening quote or colon starts a sentence of its own."""
    before = token.nbor(-1) if token.i > 0 else None
    return before is not None and (before.text in OPEN_QUOTES or before.text == ":")


def keeps_capital(token: Token) -> bool:
    """Whether a word keeps its capital letter when it no longer starts the sentence
    (when that cannot be told, a capital is the safer guess)."""
    return _case_of(token) is not False


def _case_of(token: Token) -> bool | None:
    """True: keeps its capital; False: lower-cased inside a sentence; None: cannot tell."""
    text = token.text
    if text == "I" or text.startswith("I'"):
        return True
    if len(text) > 1 and text.isupper():
        return True  # acronym: NATO, BBC
    if any(c.isupper() for c in text[1:]):
        return True  # McDonald, iPhone
    casing: Casing = token.doc.user_data.get(CASING_KEY) or Casing()
    seen = _written_elsewhere(token, casing)
    if _in_name(token):
        # "New York", "Queen Elizabeth", "Air Commodore Lambert": how the article writes
        # "new" or "air" elsewhere says nothing about the name.
        if token.lower_ in FORMAL_TITLES or _in_entity_with(token):
            return True
        if token.lower_ in LOWER_CASE_TITLES:
            return False
        if seen is True or casing.dictionary is None:
            return True
        if {token.lower_, token.lemma_.lower()} & casing.dictionary:
            return None  # "Arsenal loanee Benik Afobe" or "Head coach John Smith"?
        return True
    if seen is not None:
        return seen
    if token.is_stop or token.lower_ in LOWER_CASE_TITLES:
        return False
    if token.lower_ in CALENDAR_WORDS:
        return True
    entity = token.ent_type_ in NAMED_ENTITIES and token.lower_ not in {"the", "a", "an"}
    words = casing.dictionary
    if words is None:
        # No dictionary: trust the tagger, which reads a capitalised first word as a
        # name too often but rarely misses one that the rest of the sentence marks.
        return token.pos_ == "PROPN" or entity
    if not {token.lower_, token.lemma_.lower()} & words:
        return True  # not an English word: a name ("Tomasz", "Lovehearts")
    return entity


def _in_name(token: Token) -> bool:
    """A modifier inside a name phrase: it leads, through compounds, to a capitalised name."""
    head = token
    while head.dep_ in {"compound", "amod"} and head.head.i != head.i:
        head = head.head
        if head.pos_ == "PROPN" and head.text[:1].isupper():
            return True
    return False


def _in_entity_with(token: Token) -> bool:
    """Part of a named entity together with the capitalised word that follows it."""
    if token.ent_type_ not in NAMED_ENTITIES or token.i + 1 >= len(token.doc):
        return False
    following = token.nbor(1)
    return following.ent_iob_ == "I" and following.text[:1].isupper()


class _UnsureCase(Exception):
    """Raised when a moved first word may or may not be a name: the transform declines."""


def _declines_when_unsure(
    transform: Callable[[Doc | Span], str | None],
) -> Callable[[Doc | Span], str | None]:
    @functools.wraps(transform)
    def safe(sent: Doc | Span) -> str | None:
        try:
            return transform(sent)
        except _UnsureCase:
            return None

    return safe


def _written_elsewhere(token: Token, casing: Casing) -> bool | None:
    """Whether the article writes this word with a capital inside sentences (None: never
    seen there)."""
    seen = {
        t.text[0].isupper()
        for t in token.doc
        if t.lower_ == token.lower_ and t.i != token.i and not t.is_sent_start
    }
    if token.lower_ in casing.lowercase:
        seen.add(False)
    elif token.lower_ in casing.capitalised:
        seen.add(True)
    return all(seen) if seen else None


def _inner(tokens: Sequence[Token]) -> str:
    """The tokens as a non-initial part of a sentence: the old capital start lowered."""
    text = _text(tokens)
    if not text or not text[0].isupper():
        return text
    first = tokens[0]
    if not (first.is_sent_start or first.i == 0 or _after_opening(first)):
        return text  # a capital inside the source sentence is the writer's own
    keep = _case_of(first)
    if keep is None:
        raise _UnsureCase(tokens[0].text)
    return text if keep else text[0].lower() + text[1:]
