"""Deterministic rewrites on the dependency parse: new wording that cannot change meaning.

A model may paraphrase well but can also invent facts; these transforms only move whole
parse subtrees around (and add or drop a few function words such as "that", "by",
"was", "been"), so every content word of the source survives exactly once. They give the
verify stage safe candidates even when no model runs, and give a model-free engine
something better than copying the source.

Each transform takes one parsed sentence (a spaCy ``Doc`` or ``Span``) and returns the
rewritten sentence, or ``None`` when it does not apply or cannot be applied safely.
They are deliberately conservative: when the parse leaves any doubt (negation, modals,
pronouns, quotes crossing the cut, a clause that may scope over two verbs) they decline.
So does a transform that would move a sentence's first word inside when it cannot tell
whether that word is a name ("Arsenal loanee ...") or a common word ("Head coach ...").

One module a transform, named as the candidates' origin (``transform:<name>``):

- ``attribution``: who said it moves to the other end ("X said Y" <-> "Y, X said").
- ``clause_order``: "A because B" <-> "Because B, A", also gerund phrases.
- ``split``: "A, and B" -> "A. B".
- ``voice``: active <-> passive.
- ``adverbial``: a time, place or scene phrase moves to the other end.

and what they share:

- ``candidates``: ``transform_candidates``, which runs them all on one sentence.
- ``lead_ins``: a connective or caption label left in front while the rest is rewritten.
- ``casing``: which words keep their capital once moved off the sentence start.
- ``tokens``: shared word lists, text assembly and parse helpers.
"""

from rewrite_cli.transforms.adverbial import front_adverbial
from rewrite_cli.transforms.attribution import move_attribution
from rewrite_cli.transforms.candidates import transform_candidates
from rewrite_cli.transforms.casing import Casing, article_casing
from rewrite_cli.transforms.clause_order import reorder_clauses
from rewrite_cli.transforms.split import split_sentence
from rewrite_cli.transforms.voice import IRREGULAR_PARTICIPLES, change_voice

__all__ = [
    "IRREGULAR_PARTICIPLES",
    "Casing",
    "article_casing",
    "change_voice",
    "front_adverbial",
    "move_attribution",
    "reorder_clauses",
    "split_sentence",
    "transform_candidates",
]
