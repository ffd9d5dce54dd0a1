"""Sentence openers the transforms leave in place: a connective ("But", "However,") or a
caption label ("Royal duties:"), split off so the rest can be rewritten on its own.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from rewrite_cli.transforms.tokens import CONNECTIVES, _is_quote, _text, _tokens, _words

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

MAX_LABEL_WORDS = 5


def _lead_in(span: Span) -> tuple[str, Span, bool] | None:
    """Split off a sentence connective ("But", "However,") or a caption label ("Royal
    duties:") that the transforms can leave where it is: (lead-in text, rest, is_label).

    The rest must be a parse tree of its own, so that whatever a transform does to it
    cannot change what the lead-in applies to: the lead-in still opens the sentence and
    still scopes over all of it.
    """
    toks = _tokens(span)
    if len(toks) < 5:
        return None
    first = toks[0]
    end: int | None = None
    label = False
    if first.lower_ in CONNECTIVES and first.dep_ in {"cc", "advmod"}:
        end = 2 if toks[1].text == "," else 1
    else:
        colons = [k for k, t in enumerate(toks[: MAX_LABEL_WORDS + 1]) if t.text == ":"]
        if colons and _is_label(toks[: colons[0]]) and toks[colons[0] + 1].text[:1].isupper():
            end, label = colons[0] + 1, True
    if end is None or end >= len(toks) - 2:
        return None
    lead, rest = toks[:end], span.doc[toks[end].i : span.end]
    lead_ids, rest_ids = {t.i for t in lead}, {t.i for t in rest}
    heads_out = [t for t in rest if t.head.i not in rest_ids and not t.is_space]
    if len(heads_out) > 1 or any(t.head.i not in lead_ids | {rest.root.i} for t in lead):
        return None
    if heads_out and heads_out[0].i != rest.root.i:
        return None
    if not label and any(t.dep_ not in {"cc", "advmod", "punct"} for t in lead):
        return None
    return _text(lead), rest, label


def _is_label(tokens: Sequence[Token]) -> bool:
    """A caption label such as "Royal duties" or "Fertile land": a short verbless phrase."""
    return (
        0 < _words(tokens) <= MAX_LABEL_WORDS
        and tokens[0].text[:1].isupper()
        and not any(t.pos_ in {"VERB", "AUX"} or _is_quote(t) for t in tokens)
    )


def _after_lead_in(lead: str, rest: Span, text: str, label: bool) -> str:
    """Put the lead-in back in front of a rewritten rest, with the rest's first word cased
    as the source wrote it (a caption's sentence keeps its capital)."""
    if label:
        return f"{lead} {text}"
    word = text.split(" ", 1)[0].lower()
    written = [t.text for t in rest if t.lower_ == word]
    if written and not any(w[:1].isupper() for w in written):
        text = text[0].lower() + text[1:]
    return f"{lead} {text}"
