"""Which words of a rewrite may stand for which words of its source.

A rewrite may change a word only for an equivalent that a vetted resource vouches for:
otherwise "fans" for "fanatics" or "testimony" for "testify" would pass as the same claim.
Two sources, both shipped in ``verify/data``:

- a WordNet 3.0 extract (``scripts/build_lexicon.py``): two words of one part of speech
  are equivalent when they share a synset among their few most frequent senses, so a
  rare sense cannot make a synonym ("say" also means "allege" in WordNet's third sense),
  and that synset is the most frequent sense of at least one of them: two words that meet
  only in secondary senses mean different things in the news ("defeat" and "kill" meet in
  "vote down", "sentence" and "conviction" in a court's judgment, "want" and "need");
- a small news table (``news_equivalents.tsv``) for what WordNet lacks or gets wrong:
  reporting verbs that only introduce speech, British and American spellings, and the
  stance verbs ("claimed", "admitted", "alleged") that are never equivalent to "said".

Broader or narrower words, antonyms and merely related words share no synset, so they
stay changes of claim.
"""

from __future__ import annotations

import gzip
import json
from dataclasses import dataclass, field
from functools import cache
from importlib import resources

# spaCy's coarse tags -> WordNet's parts of speech (names are checked elsewhere).
WORDNET_POS = {"NOUN": "n", "VERB": "v", "ADJ": "a", "ADV": "r"}
# "Made a decision" says "decided": these verbs carry no claim when their object is the
# nominalisation of a source verb. "take", "have" and "hold" are left out on purpose: "took a
# shot at the minister" is not "shot the minister", "held a meeting" not "met".
LIGHT_VERBS = frozenset({"make", "give", "reach", "carry", "conduct"})


@dataclass(frozen=True)
class Lexicon:
    """Synsets per (part of speech, lemma), nominalisations, and the news table."""

    synsets: dict[str, dict[str, frozenset[int]]]
    first: dict[str, dict[str, int]]  # each lemma's most frequent sense, where shared
    derived: dict[str, frozenset[str]]
    same: dict[str, str]  # word -> the word its group is read as
    stance: frozenset[str]
    speech: dict[str, str]  # reporting verb -> the verb its group is read as
    # adjective -> the WordNet antonym it negates by a prefix ("unlikely" -> "likely")
    negated: dict[str, str] = field(default_factory=dict)

    def negating(self, word: str) -> frozenset[str]:
        """The prefixed antonyms that say "not ``word``" ("likely" -> {"unlikely"})."""
        return frozenset(un for un, base in self.negated.items() if base == word)

    def speech_verb(self, lemma: str) -> str:
        """The lemma a verb that introduces speech is read as ("stated" -> "say")."""
        return self.speech.get(lemma, lemma)

    def canon(self, lemma: str) -> str:
        """The word a lemma is read as (news table and British spelling -> one form)."""
        lemma = self.same.get(lemma, lemma)
        return self.same.get(_american(lemma), _american(lemma)) if len(lemma) > 6 else lemma

    def has_variants(self, lemma: str) -> bool:
        """Whether a compared lemma stands for several written words (the news table's
        groups, -ize/-ise spellings), so its source word may be written another way."""
        return (lemma in self.same.values() or lemma in self.speech.values()
                or lemma.endswith(("ize", "ization")))

    def equivalent(self, a: str, b: str, pos: str) -> bool:
        """Whether lemma ``a`` may stand for lemma ``b`` (both of spaCy tag ``pos``)."""
        a, b = self.canon(a), self.canon(b)
        if a == b:
            return True
        if a in self.stance or b in self.stance:
            return False
        wn_pos = WORDNET_POS.get(pos, "")
        table = self.synsets.get(wn_pos, {})
        shared = table.get(a, frozenset()) & table.get(b, frozenset())
        # The shared meaning must be the main meaning of BOTH words: a word's reading in a
        # news sentence is not known, and a secondary sense let "dismissed" (a case) stand for
        # "ignored", "trial" for "test" and "bill" for "banknote". When in doubt, no synonym.
        firsts = self.first.get(wn_pos, {})
        main_a, main_b = firsts.get(a), firsts.get(b)
        return main_a is not None and main_a == main_b and main_a in shared

    def nominalises(self, noun: str, verb: str) -> bool:
        """Whether ``noun`` names the act of ``verb`` ("decision" for "decide")."""
        return noun in self.derived.get(self.canon(verb), frozenset())


def _american(word: str) -> str:
    """-ise/-isation spellings read as -ize/-ization ("organised" = "organized")."""
    for british, american in (("isation", "ization"), ("ise", "ize"), ("ising", "izing"),
                              ("ised", "ized")):
        if word.endswith(british):
            return word[: -len(british)] + american
    return word


@cache
def load_lexicon() -> Lexicon:
    """Read the shipped data once per process (it is read-only)."""
    data_dir = resources.files("rewrite_cli.verify") / "data"
    with gzip.open(data_dir.joinpath("wordnet_senses.json.gz").open("rb")) as fh:
        data = json.load(fh)
    synsets = {pos: {w: frozenset(ids) for w, ids in rows.items()}
               for pos, rows in data["synsets"].items()}
    first = {pos: dict(rows) for pos, rows in data["first"].items()}
    derived = {v: frozenset(ns) for v, ns in data["derived"].items()}
    same: dict[str, str] = {}
    stance: set[str] = set()
    speech: dict[str, str] = {}
    for line in data_dir.joinpath("news_equivalents.tsv").read_text("utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        kind, *group = line.split("\t")
        if kind == "same":
            same.update({w: group[0] for w in group})
        elif kind == "speech":
            speech.update({w: group[0] for w in group})
        elif kind == "stance":
            stance.update(group)
    return Lexicon(synsets, first, derived, same, frozenset(stance), speech,
                   dict(data.get("negated", {})))
