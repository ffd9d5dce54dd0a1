"""The extractive engine: publishes the planned source sentences as they are.

It needs no model, so it is the fallback when none is available and the baseline every
model engine is measured against. Proposing no candidates means the verify stage keeps
each unit's text (the source sentence, or its safely compressed form).
"""

from __future__ import annotations

from collections.abc import Sequence

from rewrite_cli.document import Draft, Plan
from rewrite_cli.engines.base import Generation


class ExtractiveEngine:
    """Model-free engine: one empty draft per plan unit, no headline candidates."""

    name = "extractive"
    model: str | None = None

    def generate(self, plans: Sequence[Plan]) -> list[Generation]:
        """Return one ``Generation`` per plan whose drafts carry no new wording."""
        return [
            Generation(
                drafts=[Draft(unit=unit, candidates=[]) for unit in plan.units],
                stats={"units": float(len(plan.units))},
            )
            for plan in plans
        ]
