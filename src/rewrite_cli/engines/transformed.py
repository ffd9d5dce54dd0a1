"""Adds the deterministic parse rewrites (``rewrite_cli.transforms``) to an engine's output.

The transforms need no model and cannot change meaning, so they are offered beside the
model's candidates for every unit; the verify stage judges both the same way and keeps
the most original faithful one.
"""

from __future__ import annotations

from collections.abc import Sequence

from rewrite_cli.document import Plan
from rewrite_cli.engines.base import Engine, Generation
from rewrite_cli.transforms import transform_candidates


class WithTransforms:
    """Wraps an engine; ``name`` and ``model`` are the wrapped engine's."""

    def __init__(self, inner: Engine, nlp) -> None:
        self.inner = inner
        self.nlp = nlp
        self.name = inner.name
        self.model = inner.model

    def generate(self, plans: Sequence[Plan]) -> list[Generation]:
        generations = self.inner.generate(plans)
        drafts = [draft for generation in generations for draft in generation.drafts]
        docs = self.nlp.pipe(draft.unit.text for draft in drafts)
        for draft, doc in zip(drafts, docs, strict=True):
            draft.candidates.extend(transform_candidates(draft.unit.text, doc=doc))
        return generations
