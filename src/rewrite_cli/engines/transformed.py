"""Adds the deterministic parse rewrites (``rewrite_cli.transforms``) to an engine's output.

The transforms need no model and cannot change meaning, so they are offered beside the
model's candidates for every unit; the verify stage judges both the same way and keeps
the most original faithful one.
"""

from __future__ import annotations

from collections.abc import Sequence

from rewrite_cli.document import Plan
from rewrite_cli.engines.base import Engine, Generation
from rewrite_cli.nlp import dictionary_words
from rewrite_cli.transforms import article_casing, transform_candidates

_UNSET = object()


class WithTransforms:
    """Wraps an engine; ``name`` (unless given) and ``model`` are the wrapped engine's."""

    def __init__(self, inner: Engine, nlp, *, name: str | None = None) -> None:
        self.inner = inner
        self.nlp = nlp
        self.name = name or inner.name
        self.model = inner.model
        self._dictionary: object = _UNSET

    def generate(self, plans: Sequence[Plan]) -> list[Generation]:
        generations = self.inner.generate(plans)
        drafts = [draft for generation in generations for draft in generation.drafts]
        docs = iter(list(self.nlp.pipe(draft.unit.text for draft in drafts)))
        for generation in generations:
            # Each article's own sentences show how it writes a moved first word.
            parsed = [(draft, next(docs)) for draft in generation.drafts]
            casing = article_casing((doc for _, doc in parsed), self.dictionary)
            for draft, doc in parsed:
                draft.candidates.extend(
                    transform_candidates(draft.unit.text, doc=doc, casing=casing)
                )
        return generations

    @property
    def dictionary(self) -> frozenset[str] | None:
        """English words from the parser's lemmatizer, loaded once (see ``dictionary_words``)."""
        if self._dictionary is _UNSET:
            self._dictionary = dictionary_words(self.nlp)
        return self._dictionary  # type: ignore[return-value]
