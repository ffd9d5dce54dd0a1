"""Moving a time or place phrase, or a scene-setting opener, to the other end of a sentence."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from rewrite_cli.transforms.casing import _declines_when_unsure, _inner
from rewrite_cli.transforms.tokens import (
    FOCUS_WORDS,
    SUBJECTS,
    _as_sentence,
    _body,
    _children,
    _index,
    _is_finite,
    _is_negated,
    _is_quote,
    _sentence,
    _starts_with_subject,
    _subtree,
    _text,
    _words,
)

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

TIME_ENTITIES = frozenset({"DATE", "TIME"})
PLACE_ENTITIES = frozenset({"GPE", "LOC", "FAC"})
ADVERBIAL_PREPOSITIONS = frozenset(
    {"in", "on", "at", "during", "since", "until", "after", "before", "earlier", "last"}
)
MAX_ADVERBIAL_WORDS = 6
MAX_SCENE_WORDS = 8
# Opening phrases that link to the previous sentence rather than set a scene.
DISCOURSE_PHRASES = frozenset(
    {"in fact", "in addition", "in contrast", "by contrast", "on the other hand",
     "at the same time", "of course", "in turn", "in short", "in particular",
     "in other words", "as a result", "after all", "above all", "at least", "in general",
     "in the end", "in any case", "in reality", "in practice", "in theory", "in total",
     "in response", "in return", "on average", "at first", "at last", "in the meantime",
     "on the contrary", "in conclusion", "in sum", "to date", "so far", "by then",
     "in effect", "in truth", "in a way", "on balance", "at times"}
)  # fmt: skip


def _is_time_or_place(head: Token, phrase: Sequence[Token], root: Token) -> bool:
    """A short "when"/"where" phrase of the verb that may sit at either end of the sentence."""
    if _words(phrase) > MAX_ADVERBIAL_WORDS or any(t.pos_ == "VERB" for t in phrase):
        return False
    if head.dep_ in {"npadvmod", "advmod"}:
        return all(t.ent_type_ in TIME_ENTITIES for t in phrase)
    if head.dep_ != "prep" or head.lower_ not in ADVERBIAL_PREPOSITIONS:
        return False
    objects = _children(head, "pobj")
    if len(objects) != 1 or any(t.dep_ == "prep" and t.lower_ != "of" for t in phrase[1:]):
        return False
    if objects[0].ent_type_ in TIME_ENTITIES:
        return True
    # Place phrases are often the verb's complement ("lives in Paris"); move them only
    # where the verb already has its object, so the phrase is a true adverbial.
    return objects[0].ent_type_ in PLACE_ENTITIES and bool(_children(root, "dobj"))


def _is_scene(head: Token, phrase: Sequence[Token]) -> bool:
    """An opening prepositional phrase that sets the scene ("In the video,", "In their
    booking photos,") and reads the same at the end of the sentence.

    Only moved to the end (where nothing after the verb may own it, see
    ``_unambiguous_rest``); discourse phrases ("In fact,", "For example,") are not scenes.
    """
    if head.dep_ != "prep" or head.lower_ in {"according", "like", "unlike", "as", "for"}:
        return False
    objects = _children(head, "pobj")
    if len(objects) != 1 or objects[0].pos_ not in {"NOUN", "PROPN"}:
        return False
    if _words(phrase) > MAX_SCENE_WORDS or _words(phrase) < 2:
        return False
    if any(t.pos_ in {"VERB", "AUX"} or t.lower_ in FOCUS_WORDS for t in phrase):
        return False
    return " ".join(t.lower_ for t in phrase) not in DISCOURSE_PHRASES


def _unambiguous_rest(main: Sequence[Token], root: Token, fronting: bool) -> bool:
    """Whether nothing after the verb could own the time phrase instead of the verb.

    "The agreement follows the discovery of bones last summer": "last summer" belongs to
    "discovery", so it must not be fronted; a clause, a date, or (when fronting) any
    prepositional phrase there ("held in the run up to World Aids Day on December 1")
    makes the attachment unclear.
    """
    after = [t for t in main if t.i > root.i]
    if any(t.pos_ == "VERB" or t.ent_type_ in TIME_ENTITIES for t in after):
        return False
    if fronting:
        return not any(t.dep_ in {"prep", "agent", "relcl", "acl"} for t in after)
    return not any(t.dep_ in {"prep", "relcl", "acl"} and t.head.i != root.i for t in after)


@_declines_when_unsure
def front_adverbial(sent: Doc | Span) -> str | None:
    """Move a time or place phrase to the other end of the sentence.

    "The law passed on Monday." <-> "On Monday, the law passed."
    """
    span = _as_sentence(sent)
    body = None if span is None else _body(span)
    if span is None or body is None or any(_is_quote(t) for t in body):
        return None
    root = span.root
    if _is_negated(root) or not _is_finite(root):
        return None
    if any(c.tag_ == "MD" for c in _children(root, "aux")):
        return None  # "Yesterday, it should have been made": when was it required?
    if _children(root, "conj", "ccomp", "parataxis", "advcl", "xcomp"):
        return None
    if len(_children(root, *SUBJECTS)) != 1:
        return None
    movable = _children(root, "prep", "npadvmod", "advmod")
    last = [c for c in movable if c.right_edge.i == body[-1].i and c.left_edge.i > root.i]
    if last and _starts_with_subject(body, root):
        phrase = _subtree(last[0], body)
        if phrase is None or not _is_time_or_place(last[0], phrase, root):
            return None
        main = body[: _index(body, phrase[0])]
        if main[-1].text == "," or not _unambiguous_rest(main, root, fronting=True):
            return None
        return _sentence(f"{_text(phrase)}, {_inner(main)}")
    first = [c for c in movable if c.left_edge.i == body[0].i]
    if not first:
        return None
    phrase = _subtree(first[0], body)
    if phrase is None:
        return None
    if not (_is_time_or_place(first[0], phrase, root) or _is_scene(first[0], phrase)):
        return None
    end = len(phrase)
    if end >= len(body) or body[end].text != ",":
        return None
    main = body[end + 1 :]
    if not main or not _starts_with_subject(main, root):
        return None
    if not _unambiguous_rest(main, root, fronting=False):
        return None
    return _sentence(f"{_text(main)} {_inner(phrase)}")
