"""The one small interface every engine implements.

An engine only proposes wording. It never decides what is published: every candidate
goes through the verify stage, which keeps the source sentence when no candidate is
faithful. Engines are batch-first so a batch run can put sentences from many articles
into one model call.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Protocol

from rewrite_cli.document import Candidate, Draft, Plan


@dataclass
class Generation:
    """An engine's proposals for one plan: one draft per unit, plus headline candidates."""

    drafts: list[Draft]
    headline: list[Candidate] = field(default_factory=list)
    stats: dict[str, float] = field(default_factory=dict)  # e.g. tokens generated, seconds
    notes: list[str] = field(default_factory=list)  # what ``--report`` says about the engine


class Engine(Protocol):
    """Proposes candidates; ``name`` and ``model`` are reported in every output."""

    name: str
    model: str | None

    def generate(self, plans: Sequence[Plan]) -> list[Generation]:
        """Return one ``Generation`` per plan, in order."""
        ...
