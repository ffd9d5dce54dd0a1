"""Several reports of one story merged into one outline of facts, each credited.

The lead report (the first input) sets the outline: its sentences, in its order. Every
sentence of the other reports is then compared with the outline:

- the same fact (alike in content words, see ``similarity.SAME_FACT``, and the fact check
  finds nothing in it that the outline's sentence lacks) is merged: the outline keeps
  its sentence and credits one more source (in ``partly`` when it says only part);
- the same fact told more fully (it has every number, date and name of the outline's
  sentence, plus more) replaces the outline's wording, so no detail is lost and nothing
  is said twice;
- the same fact told differently (each has a number, date or name the other lacks) is a
  conflict: both versions are kept, each attributed to its outlet, and the conflict is
  listed in the report. It is never resolved by picking one;
- anything else is a fact only that report has: it is added after the outline sentence
  that the report's previous sentence matched (so it lands where that report put it),
  or after the most related sentence when there is none yet.

``relation`` is given as a function so the rules can be tested without a parser.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from enum import Enum

from rewrite_cli.combine.similarity import SAME_FACT, sentence_similarity
from rewrite_cli.document import Sentence


class Relation(Enum):
    """How a sentence of another report relates to a similar outline sentence."""

    SAME = "same"  # says what the outline sentence says, nothing more or less
    PART = "part"  # says part of it and nothing else
    FULLER = "fuller"  # says all of it and more
    CONFLICT = "conflict"  # each says something the other does not


Relate = Callable[[str, str], Relation]  # (other report's sentence, outline sentence)


@dataclass
class Report:
    """One input of a combine: its credit line and its sentences (in its order)."""

    credit: str  # the outlet's name, else the input's name
    sentences: Sequence[Sentence]


@dataclass
class Fact:
    """One outline sentence: the wording used, where it came from, who states it."""

    text: str
    paragraph: int
    origin: int  # index of the report whose sentence this is
    credits: list[int]  # reports that state all of it (origin first)
    partly: list[int] = field(default_factory=list)  # reports that state part of it
    conflict: int | None = None  # index into Outline.conflicts


@dataclass
class Conflict:
    """Two reports that state one fact differently; both versions are published."""

    versions: list[tuple[int, str]]  # (report index, sentence)


@dataclass
class Outline:
    facts: list[Fact]
    conflicts: list[Conflict]


def merge_reports(
    reports: Sequence[Report], relate: Relate, *, threshold: float = SAME_FACT
) -> Outline:
    """The combined outline of ``reports`` (the first is the lead)."""
    lead = reports[0]
    facts = [Fact(s.text, s.paragraph, 0, [0]) for s in lead.sentences]
    conflicts: list[Conflict] = []
    for number, report in enumerate(reports[1:], start=1):
        anchor: int | None = None
        for sentence in report.sentences:
            best, score = _most_similar(sentence.text, facts)
            fact = facts[best] if best is not None and score >= threshold else None
            relation = None
            if fact is not None and sentence.text != fact.text:
                relation = relate(sentence.text, fact.text)
                if number in (*fact.credits, *fact.partly) and relation not in (
                        Relation.SAME, Relation.PART):
                    # this report already gave that fact: a second, different sentence
                    # of its own is a fact of its own, never dropped
                    fact = None
            if fact is not None and best is not None:
                if relation is None or number in (*fact.credits, *fact.partly):
                    anchor = best
                    continue
                if relation in (Relation.SAME, Relation.PART):
                    (fact.credits if relation is Relation.SAME else fact.partly).append(number)
                    anchor = best
                    continue
                if relation is Relation.FULLER:
                    fact.partly = list(dict.fromkeys([*fact.partly, *fact.credits]))
                    fact.text, fact.origin, fact.credits = sentence.text, number, [number]
                    anchor = best
                    continue
                if fact.conflict is None:
                    fact.conflict = len(conflicts)
                    conflicts.append(Conflict([(fact.origin, fact.text)]))
                conflicts[fact.conflict].versions.append((number, sentence.text))
                position = _after_conflict(facts, best)
                facts.insert(position, Fact(sentence.text, fact.paragraph, number, [number],
                                            conflict=fact.conflict))
                anchor = position
                continue
            where = anchor if anchor is not None else best
            position = 0 if where is None else where + 1
            paragraph = facts[where].paragraph if where is not None else 0
            facts.insert(position, Fact(sentence.text, paragraph, number, [number]))
            anchor = position
    return Outline(facts, conflicts)


def _most_similar(text: str, facts: list[Fact]) -> tuple[int | None, float]:
    best, score = None, -1.0
    for i, fact in enumerate(facts):
        similarity = sentence_similarity(text, fact.text)
        if similarity > score:
            best, score = i, similarity
    return best, score


def _after_conflict(facts: list[Fact], index: int) -> int:
    """Just after the fact and any versions of it already inserted after it."""
    group = facts[index].conflict
    position = index + 1
    while position < len(facts) and group is not None and facts[position].conflict == group:
        position += 1
    return position
