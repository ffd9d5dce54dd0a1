"""Align a rewrite's content words to its source's through vetted equivalences.

A word of the rewrite that the source lacks may stand for a source word of the same part
of speech that the lexicon makes equivalent ("purchased" for "bought"), or name the act
of a source verb as the object of a light verb ("made a decision" for "decided"). Every
relation check then reads the rewrite's words as the source words they stand for, so an
equivalent word carries its dependencies with it: "stated" hangs names on "say" just as
"said" did.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from rewrite_cli.verify.facts import Facts
from rewrite_cli.verify.lexicon import LIGHT_VERBS, Lexicon
from rewrite_cli.verify.negated import negated_antonyms


@dataclass(frozen=True)
class Alignment:
    """Rewrite lemma -> the source lemma it stands for; ``light`` holds the words a
    nominalisation makes redundant (the rewrite's "make" of "made a decision", or the
    source's "decision" when the rewrite says "decided")."""

    words: dict[str, str] = field(default_factory=dict)
    light: frozenset[str] = frozenset()
    theirs: dict[str, str] = field(default_factory=dict)  # source noun -> its light verb

    def __call__(self, lemma: str) -> str:
        return self.words.get(lemma, lemma)

    def source(self, lemma: str) -> str:
        """How a source lemma is compared ("decision" of "made a decision" as "make")."""
        return self.theirs.get(lemma, lemma)

    @property
    def covered(self) -> frozenset[str]:
        """The source lemmas some rewrite word stands for."""
        return frozenset(self.words.values())


def align(cand: Facts, source: Facts, unit: Facts, lexicon: Lexicon) -> Alignment:
    """Map each content word of ``cand`` missing from the source to its equivalent there."""
    there = source.lemmas | unit.lemmas
    theirs_tags = sorted(source.content_tags | unit.content_tags)
    mine = {lemma for lemma, _ in cand.content_tags}
    fixed = source.fixed | unit.fixed
    # "likely" of "not likely" stands for the source's "unlikely" (and back).
    words: dict[str, str] = negated_antonyms(cand, unit, lexicon).words
    light: set[str] = set()
    theirs: dict[str, str] = {}
    for lemma, pos in sorted(cand.content_tags):
        if lemma in there or lemma in words:
            continue
        match = None
        if lemma not in cand.fixed:
            match = next((s for s, s_pos in theirs_tags if s_pos == pos and s not in mine
                          and s not in fixed and lexicon.equivalent(lemma, s, pos)), None)
        if match is None and pos == "NOUN":
            match = _nominalised(lemma, cand, theirs_tags, lexicon, light)
        elif match is None and pos == "VERB":
            match = _verbalised(lemma, source, unit, theirs_tags, lexicon, light)
            if match is not None:
                theirs.update({n: match for n in light - LIGHT_VERBS})
        if match is not None:
            words[lemma] = match
    for noun, verb in list(words.items()):
        for head in {h for w, h in cand.governors if w == noun} & light & LIGHT_VERBS:
            words.setdefault(head, verb)  # "made" of "made a decision" stands for "decided"
    return Alignment(words, frozenset(light), theirs)


def _nominalised(noun: str, cand: Facts, theirs: list[tuple[str, str]], lexicon: Lexicon,
                 light: set[str]) -> str | None:
    """"made a decision" in the rewrite for "decided" in the source."""
    heads = {head for word, head in cand.governors if word == noun} & LIGHT_VERBS
    if not heads:
        return None
    for verb, pos in theirs:
        if pos == "VERB" and lexicon.nominalises(noun, verb):
            light.update(heads)  # the light verb stands for the source verb too
            return verb
    return None


def _verbalised(verb: str, source: Facts, unit: Facts, theirs: list[tuple[str, str]],
                lexicon: Lexicon, light: set[str]) -> str | None:
    """"decided" in the rewrite for "made a decision" in the source."""
    for noun, pos in theirs:
        if pos != "NOUN" or not lexicon.nominalises(noun, verb):
            continue
        heads = {h for w, h in source.governors | unit.governors if w == noun} & LIGHT_VERBS
        if heads:
            light.add(noun)  # the source's noun needs no counterpart of its own
            return min(heads)  # the verb stands where the source's light verb stood
    return None
