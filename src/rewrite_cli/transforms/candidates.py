"""The entry point: every transform's rewrite of one sentence, as verify-stage candidates."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from rewrite_cli.document import Candidate
from rewrite_cli.transforms.adverbial import front_adverbial
from rewrite_cli.transforms.attribution import _quote_last, move_attribution
from rewrite_cli.transforms.casing import CASING_KEY, Casing, _UnsureCase
from rewrite_cli.transforms.clause_order import reorder_clauses
from rewrite_cli.transforms.lead_ins import _after_lead_in, _lead_in
from rewrite_cli.transforms.split import split_sentence
from rewrite_cli.transforms.tokens import _as_sentence, _tokens
from rewrite_cli.transforms.voice import change_voice

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc, Span


def _quote_of_several_sentences(doc: Doc | Span) -> list[Candidate]:
    """'X said: "A. B."' -> '"A. B," X said.' for a quote that runs over several sentences.

    Nothing else moves across sentences: the quote is one unit whose words stay as they
    are, and the speaker is named once either way.
    """
    if not doc.has_annotation("DEP"):
        return []
    try:
        text = _quote_last(_tokens(doc))
    except _UnsureCase:
        return []
    return [Candidate(text=text, origin="transform:attribution")] if text else []


TRANSFORMS: dict[str, Callable[[Doc | Span], str | None]] = {
    "attribution": move_attribution,
    "clause_order": reorder_clauses,
    "split": split_sentence,
    "voice": change_voice,
    "adverbial": front_adverbial,
}
# Splitting after a lead-in would leave it scoping over the first half only.
WHOLE_SENTENCE = frozenset({"split"})


def transform_candidates(
    sentence: str,
    doc: Doc | Span | None = None,
    nlp: Language | None = None,
    casing: Casing | None = None,
) -> list[Candidate]:
    """Every transform's rewrite of one sentence, as candidates for the verify stage.

    Pass ``doc`` (the parse of ``sentence``, e.g. a sentence span of the article) or
    ``nlp``; with neither the English pipeline is loaded here, which is slow, so callers
    should load it once and pass it on. ``casing`` (see ``article_casing``) tells which
    words keep a capital when they no longer start the sentence.
    """
    if doc is None:
        if nlp is None:
            from rewrite_cli.nlp import load_english

            nlp = load_english()
        doc = nlp(sentence.strip())
    whole = doc if hasattr(doc, "user_data") else doc.doc
    if casing is not None:
        whole.user_data[CASING_KEY] = casing
    span = _as_sentence(doc)
    if span is None:
        return _quote_of_several_sentences(doc)
    seen = {sentence.strip()}
    candidates: list[Candidate] = []
    lead_in = _lead_in(span)
    for name, transform in TRANSFORMS.items():
        texts = [transform(span)]
        if lead_in is not None and name not in WHOLE_SENTENCE:
            lead, rest, label = lead_in
            text = transform(rest)
            texts.append(_after_lead_in(lead, rest, text, label) if text else None)
        for text in texts:
            if text and text not in seen:
                seen.add(text)
                candidates.append(Candidate(text=text, origin=f"transform:{name}"))
    return candidates
