"""The content words of a sentence, so a rewrite can neither drop nor add a claim.

Fact checks on numbers, names, dates and meaning words miss the errors a small model
makes most: it drops "the council said", turns "shop owners" into "owners of the
business district", or leaves out "very". Comparing lemmas of content words both ways
catches all of these. It also rejects honest synonym swaps; that is the price of a
guarantee we can state, so it is on by default and can be switched off
(``FactChecker(wording=False)``) where a looser check is wanted.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Doc

# The tagger flips common nouns to PROPN between word orders ("the town council"), so
# PROPN counts too, unless it is part of a named entity (which the entity check handles).
CONTENT_POS = frozenset({"NOUN", "PROPN", "VERB", "ADJ", "ADV"})
# Amounts, dates, times and proper names have checks of their own that accept equal
# values written differently ("$5m" = "5 million dollars", "U.S." = "United States"),
# so their words are not compared here.
VALUE_ENTITIES = frozenset({"MONEY", "QUANTITY", "PERCENT", "CARDINAL", "DATE", "TIME",
                            "ORDINAL"})
# Verbs that only introduce speech; "X said" and "X stated" make the same claim.
SAYING = {"tell": "say", "state": "say", "accord": "say", "according": "say"}
# Words that carry no claim of their own in news prose.
LIGHT = frozenset({"be", "have", "do", "also", "then", "there", "here", "so", "thus",
                   "meanwhile", "additionally", "furthermore", "moreover", "however"})


def content_lemmas(doc: Doc) -> frozenset[str]:
    """Lower-cased lemmas of the claim-bearing words (numbers are checked elsewhere)."""
    found = set()
    for tok in doc:
        if (tok.pos_ not in CONTENT_POS or tok.like_num or not tok.text[:1].isalnum()
                or tok.ent_type_ in VALUE_ENTITIES or (tok.i > 0 and tok.nbor(-1).like_num)
                or (tok.pos_ == "PROPN" and tok.ent_type_)):
            continue
        lemma = tok.lemma_.lower()
        lemma = SAYING.get(lemma, lemma)
        if lemma not in LIGHT:
            found.add(lemma)
    return frozenset(found)


def all_lemmas(doc: Doc) -> frozenset[str]:
    """Every word's lemma and form, whatever its tag: what a content word may be found as.

    The tagger and NER change their minds between word orders and in title case
    ("Harbour Bridge" becomes a PERSON), so presence is judged against all words.
    """
    found: set[str] = set()
    for tok in doc:
        lemma = tok.lemma_.lower()
        found.update((SAYING.get(lemma, lemma), tok.lower_))
    return frozenset(found)
