""""Not likely" says what "unlikely" says: a negation written as a word's prefix.

The negation check counts "not"; a rewrite that writes the source's "unlikely" as "not
likely" (or the other way round) keeps the claim's polarity but changes the count. Only
a WordNet antonym that negates its word by a prefix ("unlikely" of "likely", "nonexistent" of
"existent", see ``scripts/build_lexicon.py``) may stand for that word under "not": "not hot"
is not "cold", and "likely" for "unlikely" (no "not") is still a changed claim.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from rewrite_cli.verify.lexicon import Lexicon
from rewrite_cli.verify.meaning import NEGATIONS

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from rewrite_cli.verify.facts import Facts

NOT = frozenset({"not", "n't"})


def negated_words(doc: Doc) -> frozenset[str]:
    """Lemmas of the adjectives a "not" negates ("is not likely", "was not able to")."""
    found: set[str] = set()
    for tok in doc:
        if tok.lower_ not in NOT:
            continue
        head = tok.head
        for word in (head, *head.children):
            if word.pos_ == "ADJ" and (word is head or word.dep_ in {"acomp", "attr"}):
                found.add(word.lemma_.lower())
    return frozenset(found)


@dataclass(frozen=True)
class NegatedAntonyms:
    """Where a rewrite and its source put one negation in different words.

    ``rewrite_not``: (word, antonym) where the rewrite says "not word" for the source's
    "antonym" ("not likely" for "unlikely"); ``source_not``: (antonym, word) where the
    rewrite says "antonym" for the source's "not word".
    """

    rewrite_not: frozenset[tuple[str, str]] = frozenset()
    source_not: frozenset[tuple[str, str]] = frozenset()

    @property
    def words(self) -> dict[str, str]:
        """Rewrite lemma -> the source lemma it stands for."""
        return dict(self.rewrite_not | self.source_not)


def negated_antonyms(cand: Facts, source: Facts, lexicon: Lexicon) -> NegatedAntonyms:
    """The pairs of ``cand`` and ``source`` that say one negation in different words."""
    rewrite_not = {(word, un) for word in cand.negated for un in lexicon.negating(word)
                   if un in source.lemmas and un not in cand.lemmas
                   and word not in source.lemmas and un not in NEGATIONS}
    source_not = {(un, word) for word in source.negated for un in lexicon.negating(word)
                  if un in cand.lemmas and un not in source.lemmas
                  and word not in cand.lemmas and un not in NEGATIONS}
    return NegatedAntonyms(frozenset(rewrite_not), frozenset(source_not))
