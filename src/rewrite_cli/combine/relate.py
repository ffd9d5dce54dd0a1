"""Whether two similar sentences from different reports state the same fact, judged by
the fact checker's own number, date and name checks (see ``merge.Relation``)."""

from __future__ import annotations

from rewrite_cli.combine.merge import Relation
from rewrite_cli.combine.similarity import content_words
from rewrite_cli.document import Finding
from rewrite_cli.verify import FactChecker
from rewrite_cli.verify.checks import check_dates, check_entities, check_numbers
from rewrite_cli.verify.facts import Facts, read_facts

# A report is credited with a whole sentence only when it has this share of the
# sentence's content words too (names, numbers and dates must all match regardless).
FULL_COVERAGE = 0.8


def coverage(other: str, outline: str) -> float:
    """The share of ``outline``'s content words that ``other`` also has."""
    theirs, ours = set(content_words(other)), set(content_words(outline))
    return len(theirs & ours) / len(ours) if ours else 1.0


class FactRelation:
    """Compares sentences with one parser; each sentence is parsed at most once."""

    def __init__(self, checker: FactChecker) -> None:
        self.checker = checker
        self._facts: dict[str, Facts] = {}

    def facts(self, text: str) -> Facts:
        if text not in self._facts:
            self._facts[text] = read_facts(self.checker.nlp(text))
        return self._facts[text]

    def prepare(self, texts: list[str]) -> None:
        """Parse many sentences in one batch (much faster than one at a time)."""
        todo = list(dict.fromkeys(t for t in texts if t not in self._facts))
        for text, doc in zip(todo, self.checker.nlp.pipe(todo), strict=True):
            self._facts[text] = read_facts(doc)

    def __call__(self, other: str, outline: str) -> Relation:
        a, b = self.facts(other), self.facts(outline)
        # Each sentence's names are judged against the other's alone: an index of both
        # would hold the candidate's own names, so any name sharing a word with the
        # other's ("Ellen Pryce", "Ellen Price") passed as a fuller form of it, and a
        # disputed name was merged into one version in silence.
        adds, lacks = additions(a, b), additions(b, a)
        if not adds:
            whole = not lacks and coverage(other, outline) >= FULL_COVERAGE
            return Relation.SAME if whole else Relation.PART
        return Relation.FULLER if not lacks else Relation.CONFLICT


def additions(cand: Facts, source: Facts) -> list[Finding]:
    """Numbers, dates and names ``cand`` states that ``source`` does not back."""
    findings = [
        *check_numbers(cand, source, source),
        *check_dates(cand, source, source),
        *check_entities(cand, source, source),
    ]
    return [f for f in findings if f.reason != "omission" and "left out" not in f.detail]
