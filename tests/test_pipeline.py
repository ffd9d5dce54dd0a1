"""The pipeline with stand-in engines: what is published is decided by the fact check."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pytest

from rewrite_cli.document import Candidate, Draft, Plan
from rewrite_cli.engines.base import Generation
from rewrite_cli.errors import InputError
from rewrite_cli.pipeline import Pipeline
from rewrite_cli.read import read_bytes, read_path
from rewrite_cli.settings import Settings
from rewrite_cli.verify import FactChecker

SAMPLE = Path(__file__).resolve().parents[1] / "samples" / "harbour-bridge.txt"


class ScriptedEngine:
    """Proposes, for every unit, the candidates that ``propose(text)`` returns."""

    name = "scripted"
    model = "scripted-model"

    def __init__(self, propose) -> None:
        self.propose = propose
        self.calls: list[int] = []

    def generate(self, plans: Sequence[Plan]) -> list[Generation]:
        self.calls.append(len(plans))
        return [
            Generation(
                drafts=[Draft(u, [Candidate(t, "model") for t in self.propose(u.text)])
                        for u in plan.units],
                headline=[Candidate("Harbour Bridge in Coastal Town Reopens After Two-Year Repair",
                                    "model")],
            )
            for plan in plans
        ]


@pytest.fixture(scope="module")
def checker(nlp) -> FactChecker:
    return FactChecker(nlp=nlp)


def _swap_said(text: str) -> list[str]:
    """A faithful edit where possible: "..., the town council said." → "..., said the council"."""
    if text.endswith(", the town council said."):
        return [text.replace(", the town council said.", ", according to the town council.")]
    return []


def test_faithful_candidate_is_published_and_counted(checker: FactChecker) -> None:
    engine = ScriptedEngine(_swap_said)
    pipeline = Pipeline(Settings(), engine, checker)
    rewrite = pipeline.run(read_path(SAMPLE))
    statuses = [s.status for s in rewrite.report.sentences]
    assert statuses.count("rewritten") == 1
    assert "according to the town council." in rewrite.body
    assert rewrite.engine == "scripted" and rewrite.model == "scripted-model"
    assert rewrite.headline == "Harbour Bridge in Coastal Town Reopens After Two-Year Repair"
    # One rewritten sentence out of ten is not "independently rewritten".
    assert "independently rewritten" not in rewrite.disclaimer


def test_unfaithful_candidates_are_rejected_and_source_kept(checker: FactChecker) -> None:
    def wrong(text: str) -> list[str]:
        return [text.replace("2024", "2023").replace("Tuesday", "Monday")
                .replace("four", "five").replace("did not", "did")]

    rewrite = Pipeline(Settings(), ScriptedEngine(wrong), checker).run(read_path(SAMPLE))
    body = rewrite.body
    assert "March 2024" in body and "2023" not in body
    assert "on Tuesday" in body and "four of its steel cables" in body
    assert "did not want to cut corners" in body
    closed = next(s for s in rewrite.report.sentences if "March 2024" in s.text)
    assert closed.status == "kept"
    assert {f.reason for r in closed.rejected for f in r.findings} >= {"date"}
    assert rewrite.report.unsupported == []


def test_mostly_rewritten_text_may_say_so(checker: FactChecker) -> None:
    def reorder(text: str) -> list[str]:
        words = text.rstrip(".").split(" ")
        if len(words) < 6 or '"' in text:
            return []
        return [" ".join(words[3:]) + ", " + " ".join(words[:3]).lower() + "."]

    engine = ScriptedEngine(reorder)
    rewrite = Pipeline(Settings(), engine, checker).run(read_path(SAMPLE))
    share = rewrite.report.count("rewritten") / len(rewrite.report.sentences)
    said = "independently rewritten" in rewrite.disclaimer
    assert said == (share >= 0.5 and rewrite.report.originality.novel_bigram_ratio >= 0.35)


def test_run_many_batches_articles_and_isolates_bad_ones(checker: FactChecker) -> None:
    engine = ScriptedEngine(lambda text: [])
    good = read_path(SAMPLE)
    short = read_bytes(b"Title\n\nToo short to rewrite.", path="short.txt")
    results = Pipeline(Settings(), engine, checker).run_many([good, short, good])
    assert engine.calls == [2]
    assert isinstance(results[1], InputError)
    assert results[0].body == results[2].body
