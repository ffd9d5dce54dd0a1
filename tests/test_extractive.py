"""The extractive engine proposes nothing new; its summaries must beat Lead-3 on news."""

from __future__ import annotations

import json
import statistics
from pathlib import Path

from rewrite_cli.document import Document, InputInfo, Metadata
from rewrite_cli.engines.base import Engine
from rewrite_cli.engines.extractive import ExtractiveEngine
from rewrite_cli.evaluation.rouge import ROUGE_TYPES, lead3, rouge
from rewrite_cli.plan import make_plan
from rewrite_cli.segment import segment

INFO = InputInfo(path="-", sha256="0" * 64, format="text", encoding="utf-8")


def _document(text: str) -> Document:
    return Document(title=None, paragraphs=[text], meta=Metadata(), input=INFO)


def test_engine_identity() -> None:
    engine: Engine = ExtractiveEngine()
    assert engine.name == "extractive"
    assert engine.model is None


def test_one_generation_per_plan_with_empty_drafts() -> None:
    texts = [
        "(CNN) -- The council approved the budget on Tuesday. Bus funding rises by 12 percent.",
        "Officials will publish timetables in March. Critics said rural routes lose out.",
    ]
    plans = []
    for text in texts:
        document = _document(text)
        plans.append(make_plan(document, segment(document), mode="rewrite", n_sentences=None))
    generations = ExtractiveEngine().generate(plans)
    assert len(generations) == 2
    for plan, generation in zip(plans, generations, strict=True):
        assert [d.unit for d in generation.drafts] == plan.units
        assert all(d.candidates == [] for d in generation.drafts)
        assert generation.headline == []
    assert generations[0].drafts[0].unit.compressed  # the "(CNN) --" dateline was removed


def test_no_plans_no_generations() -> None:
    assert ExtractiveEngine().generate([]) == []


def test_rouge_rewards_overlap_with_the_reference() -> None:
    reference = "The council approved a transport budget.\nBus funding rises 12 percent."
    good = rouge(["The council approved the transport budget on Tuesday."], reference)
    bad = rouge(["The weather was sunny in the afternoon."], reference)
    assert set(good) == set(ROUGE_TYPES)
    assert all(good[t] > bad[t] for t in ROUGE_TYPES)
    assert lead3(["a", "b", "c", "d"]) == ["a", "b", "c"]


def test_summary_is_not_below_lead3_on_dev_articles(shared_dir: Path) -> None:
    lines = (shared_dir / "eval" / "cnndm_dev.jsonl").read_text(encoding="utf-8").splitlines()
    engine = ExtractiveEngine()
    ours: list[dict[str, float]] = []
    baseline: list[dict[str, float]] = []
    for line in lines[:10]:
        row = json.loads(line)
        document = _document(row["article"])
        sentences = segment(document)
        plan = make_plan(document, sentences, mode="summary", n_sentences=None)
        summary = [d.unit.text for d in engine.generate([plan])[0].drafts]
        # Lead-3 over the article's real sentences (page junk removed), the fair baseline.
        content = make_plan(document, sentences, mode="rewrite", n_sentences=None).units
        ours.append(rouge(summary, row["reference"]))
        baseline.append(rouge(lead3([u.sources[0].text for u in content]), row["reference"]))
    for metric in ROUGE_TYPES:
        mean_ours = statistics.mean(s[metric] for s in ours)
        mean_lead = statistics.mean(s[metric] for s in baseline)
        assert mean_ours >= mean_lead, (metric, mean_ours, mean_lead)
