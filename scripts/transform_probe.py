"""Measure the parse-based transforms alone: how many sentences they rewrite faithfully.

The model engine's share of published rewrites rests partly on the deterministic
transforms (``rewrite_cli.transforms``); to improve them we need to see, without the
noise and cost of a model, which transforms are offered, which the verify stage
publishes, and why it rejects the rest. This runs the real stages (read → clean →
segment → plan → generate → verify) on dev articles with an engine that proposes no
model candidates, wrapped in ``WithTransforms`` exactly as ``build_pipeline`` wraps the
model engine, in ``--mode rewrite``:

    python scripts/transform_probe.py                 # all 50 dev articles
    python scripts/transform_probe.py --articles 10 --show 20 --seed 1

``--show N`` prints N published rewrites and N rejected candidates beside their sources so a
person can judge meaning and grammar; ``--untouched N`` prints N sentences no transform
applied to, to see which sentence shapes a new transform could cover.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from rewrite_cli.document import Draft, VerifiedSentence
from rewrite_cli.engines.extractive import ExtractiveEngine
from rewrite_cli.engines.transformed import WithTransforms
from rewrite_cli.pipeline import Pipeline
from rewrite_cli.read import read_bytes
from rewrite_cli.settings import Settings
from rewrite_cli.verify import FactChecker

DEV = Path(__file__).resolve().parents[2] / "shared" / "eval" / "cnndm_dev.jsonl"


@dataclass
class Tally:
    """What the probe counted over all articles."""

    sentences: int = 0
    rewritten: int = 0
    untouched: int = 0  # no transform offered anything
    offered: Counter[str] = field(default_factory=Counter)
    published: Counter[str] = field(default_factory=Counter)
    rejected: Counter[str] = field(default_factory=Counter)
    reasons: dict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))
    shown_published: list[tuple[str, str, str]] = field(default_factory=list)
    shown_rejected: list[tuple[str, str, str, str]] = field(default_factory=list)
    shown_untouched: list[str] = field(default_factory=list)


def _kind(origin: str) -> str:
    return origin.split(":", 1)[1] if origin.startswith("transform:") else origin


def count(tally: Tally, draft: Draft, verified: VerifiedSentence) -> None:
    """Add one plan unit's candidates and verdict to the tally."""
    tally.sentences += 1
    if not draft.candidates:
        tally.untouched += 1
        tally.shown_untouched.append(draft.unit.text)
    for candidate in draft.candidates:
        tally.offered[_kind(candidate.origin)] += 1
    if verified.status == "rewritten":
        tally.rewritten += 1
        tally.published[_kind(verified.origin)] += 1
        tally.shown_published.append((_kind(verified.origin), draft.unit.text, verified.text))
    for rejection in verified.rejected:
        kind = _kind(rejection.origin)
        tally.rejected[kind] += 1
        why = "; ".join(f"{f.reason}: {f.detail or f.span}" for f in rejection.findings)
        for finding in rejection.findings:
            tally.reasons[kind][finding.reason] += 1
        tally.shown_rejected.append((kind, draft.unit.text, rejection.candidate, why))


def probe(articles: int, first: int) -> Tally:
    """Run the model-free pipeline with transforms on the dev articles and tally the result."""
    rows = [json.loads(line) for line in DEV.read_text(encoding="utf-8").splitlines() if line]
    checker = FactChecker(wording=True)
    engine = WithTransforms(ExtractiveEngine(), checker.nlp)
    pipeline = Pipeline(Settings(mode="rewrite"), engine=engine, checker=checker)
    prepared = [
        pipeline.prepare(read_bytes(row["article"].encode(), path=f"{row.get('id', n)}.txt"))
        for n, row in enumerate(rows[first : first + articles])
    ]
    generations = engine.generate([item.plan for item in prepared])
    tally = Tally()
    for item, generation in zip(prepared, generations, strict=True):
        ctx = checker.context(item.sentences)
        verified = checker.verify(generation.drafts, ctx)
        for draft, result in zip(generation.drafts, verified, strict=True):
            count(tally, draft, result)
    return tally


def report(tally: Tally, show: int, seed: int, untouched: int = 0) -> None:
    n = max(tally.sentences, 1)
    print(
        f"sentences {tally.sentences}  rewritten {tally.rewritten} ({tally.rewritten / n:.1%})  "
        f"no transform offered {tally.untouched} ({tally.untouched / n:.1%})"
    )
    print(f"{'kind':14} {'offered':>8} {'published':>9} {'rejected':>8}  rejection reasons")
    for kind in sorted(tally.offered, key=lambda k: -tally.offered[k]):
        reasons = ", ".join(f"{r} {c}" for r, c in tally.reasons[kind].most_common())
        print(
            f"{kind:14} {tally.offered[kind]:8} {tally.published[kind]:9} "
            f"{tally.rejected[kind]:8}  {reasons}"
        )
    rng = random.Random(seed)
    if untouched:
        print(f"\n--- {untouched} sentences no transform offered anything for")
        for source in rng.sample(tally.shown_untouched, min(untouched, len(tally.shown_untouched))):
            print(f"  {source}")
    if not show:
        return
    print(f"\n--- {show} published rewrites")
    published = tally.shown_published
    for kind, source, text in rng.sample(published, min(show, len(published))):
        print(f"[{kind}]\n  SRC {source}\n  NEW {text}")
    print(f"\n--- {show} rejected candidates")
    for kind, source, text, why in rng.sample(
        tally.shown_rejected, min(show, len(tally.shown_rejected))
    ):
        print(f"[{kind}] {why}\n  SRC {source}\n  NEW {text}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=50, help="how many dev articles")
    parser.add_argument("--first", type=int, default=0, help="skip this many articles first")
    parser.add_argument("--show", type=int, default=0, help="print N published and N rejected")
    parser.add_argument("--seed", type=int, default=0, help="which random examples --show picks")
    parser.add_argument(
        "--untouched", type=int, default=0, help="print N sentences no transform applied to"
    )
    args = parser.parse_args(argv)
    report(probe(args.articles, args.first), args.show, args.seed, args.untouched)
    return 0


if __name__ == "__main__":
    sys.exit(main())
