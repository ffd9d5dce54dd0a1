"""Generate rewrite-mode candidates once, then judge them with any version of the checker.

Comparing two versions of the verify stage on model output is slow and noisy when each
version generates again; this keeps the candidates (model and transforms, as the real
engine proposes them) in a JSON file so both versions judge the very same ones:

    python scripts/reverify.py generate --limit 10 --out cands.json   # slow: runs the model
    python scripts/reverify.py generate --engine transforms --limit 50 --out t.json
    python scripts/reverify.py verify cands.json --out verdicts.json  # any checkout's src/
    python scripts/reverify.py verify cands.json --judge-dir DIR     # with a claim judge

``verify`` prints the share of sentences published as rewrites, by source (model,
transforms), and writes every verdict so two runs can be compared sentence by sentence.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

from rewrite_cli.document import Candidate, Draft, PlanUnit, Sentence
from rewrite_cli.read import read_bytes
from rewrite_cli.settings import Settings


def _eval_file() -> Path:
    for parent in Path(__file__).resolve().parents:
        if (parent / "shared" / "eval").is_dir():
            return parent / "shared" / "eval" / "cnndm_dev.jsonl"
    return Path("cnndm_dev.jsonl")


def generate(data: Path, limit: int, first: int, out: Path, engine: str) -> None:
    from rewrite_cli.pipeline import Pipeline, build_pipeline

    if engine == "transforms":  # the parse-based transforms alone, as transform_probe runs them
        from rewrite_cli.engines.extractive import ExtractiveEngine
        from rewrite_cli.engines.transformed import WithTransforms
        from rewrite_cli.verify import FactChecker

        checker = FactChecker()
        pipeline = Pipeline(Settings(mode="rewrite"), checker=checker,
                            engine=WithTransforms(ExtractiveEngine(), checker.nlp))
    else:
        pipeline = build_pipeline(Settings(mode="rewrite", engine="model"),
                                  say=lambda _: None, warn=lambda _: None)
    rows = [json.loads(line) for line in data.read_text(encoding="utf-8").splitlines() if line]
    articles = []
    for row in rows[first : first + limit]:
        item = pipeline.prepare(read_bytes(row["article"].encode(), path=f"{row['id']}.txt"))
        generation = pipeline.engine.generate([item.plan])[0]
        articles.append({
            "id": row["id"],
            "sentences": [[s.text, s.index, s.paragraph] for s in item.sentences],
            "drafts": [{"sources": [[s.text, s.index, s.paragraph] for s in d.unit.sources],
                        "text": d.unit.text, "paragraph": d.unit.paragraph,
                        "compressed": d.unit.compressed,
                        "candidates": [[c.text, c.origin] for c in d.candidates]}
                       for d in generation.drafts],
        })
        print(f"{row['id'][:10]} {len(articles)}/{limit}", file=sys.stderr)
        out.write_text(json.dumps(articles, indent=1), encoding="utf-8")  # keep what is done


def verify(path: Path, out: Path | None, judge_dir: Path | None = None) -> None:
    from rewrite_cli.verify import FactChecker
    from rewrite_cli.verify.judge import ClaimJudge

    checker = FactChecker(judge=ClaimJudge(judge_dir) if judge_dir is not None else None)
    verdicts = []
    sources: Counter[str] = Counter()
    vouched = 0
    total = 0
    for article in json.loads(path.read_text(encoding="utf-8")):
        sentences = [Sentence(*s) for s in article["sentences"]]
        ctx = checker.context(sentences)
        drafts = [Draft(PlanUnit(tuple(Sentence(*s) for s in d["sources"]), d["text"],
                                 d["paragraph"], d["compressed"]),
                        [Candidate(*c) for c in d["candidates"]])
                  for d in article["drafts"]]
        for draft, result in zip(drafts, checker.verify(drafts, ctx), strict=True):
            total += 1
            source = "model" if result.origin == "model" else (
                "transforms" if result.origin.startswith("transform") else "")
            if result.status == "rewritten":
                sources[source] += 1
                vouched += result.vouched is not None
            verdicts.append({"article": article["id"], "source": draft.unit.text,
                             "status": result.status, "origin": result.origin,
                             "text": result.text,
                             "judge_score": result.vouched.score if result.vouched else None})
    n = max(total, 1)
    print(f"sentences {total}  rewritten {sum(sources.values())} "
          f"({sum(sources.values()) / n:.1%}): model {sources['model']} "
          f"({sources['model'] / n:.1%}), transforms {sources['transforms']} "
          f"({sources['transforms'] / n:.1%}); on the claim judge's word {vouched}")
    if out is not None:
        out.write_text(json.dumps(verdicts, indent=1), encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    gen = sub.add_parser("generate")
    gen.add_argument("--data", type=Path, default=_eval_file())
    gen.add_argument("--limit", type=int, default=10)
    gen.add_argument("--first", type=int, default=0)
    gen.add_argument("--out", type=Path, required=True)
    gen.add_argument("--engine", choices=("model", "transforms"), default="model",
                     help="the default model engine (with transforms), or transforms alone")
    ver = sub.add_parser("verify")
    ver.add_argument("candidates", type=Path)
    ver.add_argument("--out", type=Path)
    ver.add_argument("--judge-dir", type=Path,
                     help="let this trained claim judge overrule wording-only findings")
    args = parser.parse_args(argv)
    if args.command == "generate":
        generate(args.data, args.limit, args.first, args.out, args.engine)
    else:
        verify(args.candidates, args.out, args.judge_dir)
    return 0


if __name__ == "__main__":
    sys.exit(main())
