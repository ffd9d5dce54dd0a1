"""Everything the checks compare, read from one parsed sentence in one pass."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING

from rewrite_cli.verify.dates import DateFact, read_dates
from rewrite_cli.verify.entities import Entity, NameIndex, name_index, read_entities
from rewrite_cli.verify.meaning import (
    Speaker,
    degree_marks,
    modals,
    negation_count,
    roles,
    speakers,
    triples,
)
from rewrite_cli.verify.negated import negated_words
from rewrite_cli.verify.numbers import Quantity, read_ordinals, read_quantities, read_rate_frames
from rewrite_cli.verify.quotes import read_quotes
from rewrite_cli.verify.text import words
from rewrite_cli.verify.wording import (
    adjective_degrees,
    all_lemmas,
    anchors,
    content_counts,
    content_forms,
    content_tags,
    fixed_words,
    governors,
    is_clause,
    marks,
    modifiers,
    name_order,
    noun_numbers,
    person_counts,
    tenses,
    voices,
    word_classes,
)

if TYPE_CHECKING:
    from spacy.tokens import Doc


@dataclass(frozen=True)
class Facts:
    """The fact-bearing parts of a text; two texts agree when these agree."""

    text: str
    quantities: tuple[Quantity, ...]
    frames: frozenset[str]
    ordinals: tuple[tuple[int, str], ...]
    dates: tuple[DateFact, ...]
    entities: tuple[Entity, ...]
    names: NameIndex
    quotes: tuple[tuple[str, ...], ...]
    negations: int
    negated: frozenset[str]  # adjectives under a "not" (see verify.negated)
    modals: dict[str, str]
    roles: Counter[str]
    common_roles: frozenset[str]
    degrees: tuple[tuple[str, int, str], ...]
    speakers: tuple[Speaker, ...]
    triples: frozenset[tuple[str, str, str]]
    words: tuple[str, ...]
    content: Counter[str]
    content_forms: frozenset[tuple[str, str]]
    content_tags: frozenset[tuple[str, str]]
    fixed: frozenset[str]  # words no synonym may replace (see wording.fixed_words)
    lemmas: frozenset[str]
    marks: frozenset[str]
    persons: Counter[str]
    anchors: frozenset[tuple[str, str]]
    modifiers: frozenset[tuple[str, str]]
    governors: frozenset[tuple[str, str]]
    tenses: frozenset[tuple[str, str]]
    noun_numbers: frozenset[tuple[str, str, str]]
    word_classes: frozenset[tuple[str, str, str]]
    adjective_degrees: frozenset[tuple[str, str, str]]
    clause: bool
    voices: frozenset[tuple[str, str, str]]
    name_order: tuple[str, ...]


def read_facts(doc: Doc) -> Facts:
    """Read every fact kind from a parsed text (dates first: their numbers are not amounts)."""
    dates, used = read_dates(doc)
    all_roles, common_roles = roles(doc)
    return Facts(
        text=doc.text,
        quantities=tuple(read_quantities(doc, used)),
        frames=frozenset(read_rate_frames(doc)),
        ordinals=tuple(read_ordinals(doc, used)),
        dates=tuple(dates),
        entities=tuple(read_entities(doc)),
        names=name_index(doc),
        quotes=tuple(read_quotes(doc.text)),
        negations=negation_count(doc),
        negated=negated_words(doc),
        modals=modals(doc),
        roles=all_roles,
        common_roles=common_roles,
        degrees=tuple(degree_marks(doc)),
        speakers=tuple(speakers(doc)),
        triples=frozenset(triples(doc)),
        words=tuple(words(doc.text)),
        content=content_counts(doc),
        content_forms=content_forms(doc),
        content_tags=content_tags(doc),
        fixed=fixed_words(doc),
        lemmas=all_lemmas(doc),
        marks=marks(doc),
        persons=person_counts(doc),
        anchors=anchors(doc),
        modifiers=modifiers(doc),
        governors=governors(doc),
        tenses=tenses(doc),
        noun_numbers=noun_numbers(doc),
        word_classes=word_classes(doc),
        adjective_degrees=adjective_degrees(doc),
        clause=is_clause(doc),
        voices=voices(doc),
        name_order=name_order(doc),
    )
