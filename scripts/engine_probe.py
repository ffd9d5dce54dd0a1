"""Measure the model engine on dev articles: speed, placeholder survival, verified rewrites.

Runs the real pipeline stages (read → clean → segment → plan), the model engine, then the
verify stage, and prints one line per configuration:

    python scripts/engine_probe.py --articles 10 --protect all,numbers,none
    python scripts/engine_probe.py --articles 3 --dtype float32,bfloat16 --show 20

``--show`` prints passing rewrites beside their sources so a person can judge meaning.
``--styles`` compares placeholder spellings by how often the model copies them intact.
"""

from __future__ import annotations

import argparse
import itertools
import json
import random
import sys
import time
from collections import Counter
from dataclasses import replace
from pathlib import Path

import torch

from rewrite_cli.engines.model import ModelEngine, Stats
from rewrite_cli.engines.prompts import clean_output, render_prompt
from rewrite_cli.engines.protect import KINDS, PlaceholderStyle, protect, restore
from rewrite_cli.models.load import load_model
from rewrite_cli.nlp import load_english
from rewrite_cli.pipeline import Pipeline
from rewrite_cli.read import read_bytes
from rewrite_cli.settings import Settings
from rewrite_cli.verify import FactChecker

DEV = Path(__file__).resolve().parents[2] / "shared" / "eval" / "cnndm_dev.jsonl"
PROTECT = {"all": KINDS, "facts": ("number", "date", "quote"), "numbers": ("number",), "none": ()}
STYLES = {
    "[NUMBER_1]": PlaceholderStyle(),
    "[N1]": PlaceholderStyle(
        labels=(("number", "N"), ("date", "D"), ("name", "P"), ("quote", "Q")), separator=""
    ),
    "[NUMBER1]": PlaceholderStyle(separator=""),
    "[X1]": PlaceholderStyle(
        labels=(("number", "X"), ("date", "Y"), ("name", "Z"), ("quote", "W")), separator=""
    ),
}


def prepared_articles(count: int, first: int, checker: FactChecker):
    """The first ``count`` dev articles after ``first``, prepared by the real stages."""
    rows = [json.loads(line) for line in DEV.read_text(encoding="utf-8").splitlines()]
    pipeline = Pipeline(Settings(), engine=None, checker=checker)  # type: ignore[arg-type]
    items = []
    for row in rows[first : first + count]:
        document = read_bytes(row["article"].encode(), path=f"{row['id']}.txt")
        items.append(pipeline.prepare(document))
    return items


def run_config(engine: ModelEngine, items, checker: FactChecker, show: int, rng: random.Random):
    started = time.perf_counter()
    generations = engine.generate([item.plan for item in items])
    seconds = time.perf_counter() - started
    units = passing_units = candidates = passing = 0
    shown: list[tuple[str, str]] = []
    for item, generation in zip(items, generations, strict=True):
        ctx = checker.context(item.sentences)
        for verified, draft in zip(
            checker.verify(generation.drafts, ctx), generation.drafts, strict=True
        ):
            units += 1
            candidates += len(draft.candidates)
            passing += len(draft.candidates) - len(verified.rejected)
            if verified.status == "rewritten":
                passing_units += 1
                shown.append((draft.unit.text, verified.text))
    stats = generations[0].stats if generations else {}
    words = sum(len(u.text.split()) for item in items for u in item.plan.units)
    print(
        f"  units {units}  rewritten {passing_units} ({passing_units / max(units, 1):.0%})  "
        f"candidates {candidates} passing {passing}  "
        f"lost-placeholder {stats.get('lost_placeholder', 0):.0f} "
        f"unusable {stats.get('unusable', 0):.0f} dup {stats.get('duplicate', 0):.0f}  "
        f"{seconds:.1f}s ({seconds / len(items):.1f}s/article, {words / len(items):.0f} words)  "
        f"{stats.get('tokens_per_second', 0):.0f} tok/s  "
        f"{stats.get('candidates_per_second', 0):.1f} cand/s",
        flush=True,
    )
    for source, rewrite in rng.sample(shown, min(show, len(shown))):
        print(f"    SRC {source}\n    NEW {rewrite}\n")


def compare_styles(engine: ModelEngine, items, nlp, limit: int) -> None:
    """How often each placeholder spelling survives sampling intact (restorable)."""
    texts = [u.text for item in items for u in item.plan.units][:limit]
    for label, style in STYLES.items():
        protected = [protect(t, nlp=nlp, style=style) for t in texts]
        protected = [p for p in protected if p.slots]
        note = engine.prompts.placeholder_note.replace(
            "[NUMBER_1] or [NAME_1]", style.key("number", 1)
        )
        prompts_set = replace(engine.prompts, placeholder_note=note)
        prompts = [
            render_prompt(
                prompts_set, engine.loaded.tokenizer, "rewrite", p.masked, placeholders=True
            )
            for p in protected
        ]
        stats = Stats()
        answers = engine.sample(
            prompts, n=engine.candidates, stats=stats, budget=lambda n: min(160, max(48, n // 2))
        )
        total = ok = 0
        problems: Counter[str] = Counter()
        examples: list[str] = []
        for p, raw in zip(protected, answers, strict=True):
            for answer in raw:
                total += 1
                cleaned = clean_output(answer)
                restored = restore(cleaned, p) if cleaned else None
                if restored is not None and restored.text is not None:
                    ok += 1
                    continue
                problems[restored.problem.split(" ")[0] if restored else "unusable"] += 1
                if len(examples) < 3:
                    examples.append(f"    {p.masked}\n    -> {answer.strip()!r}")
        print(
            f"  style {label:10} restorable {ok}/{total} ({ok / max(total, 1):.0%}) "
            f"{dict(problems)}",
            flush=True,
        )
        print("\n".join(examples))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default="/tmp/smol-hf", help="a --model spec")
    parser.add_argument("--articles", type=int, default=3)
    parser.add_argument("--first", type=int, default=0)
    parser.add_argument("--dtype", default="bfloat16", help="comma list")
    parser.add_argument("--protect", default="all", help=f"comma list of {','.join(PROTECT)}")
    parser.add_argument("--candidates", type=int, default=4)
    parser.add_argument("--batch-size", type=int, default=16)
    parser.add_argument("--temperature", type=float, default=0.7)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--stop", default="on", help="stop rows after a finished line: on,off")
    parser.add_argument("--show", type=int, default=0)
    parser.add_argument("--styles", type=int, default=0, help="compare styles on N units")
    args = parser.parse_args(argv)

    torch.set_num_threads(args.threads)
    nlp = load_english()
    checker = FactChecker(nlp=nlp)
    items = prepared_articles(args.articles, args.first, checker)
    rng = random.Random(0)
    for dtype in args.dtype.split(","):
        loaded = load_model(args.model, device="cpu", dtype=dtype)
        for kinds, stop in itertools.product(args.protect.split(","), args.stop.split(",")):
            engine = ModelEngine(
                loaded,
                stop_after_sentence=stop == "on",
                candidates=args.candidates,
                batch_size=args.batch_size,
                nlp=nlp,
                protect_kinds=PROTECT[kinds],
                temperature=args.temperature,
            )
            print(
                f"{loaded.name} {dtype} protect={kinds} stop={stop} candidates={args.candidates} "
                f"batch={args.batch_size} T={args.temperature}",
                flush=True,
            )
            if args.styles:
                compare_styles(engine, items, nlp, args.styles)
            else:
                run_config(engine, items, checker, args.show, rng)
    return 0


if __name__ == "__main__":
    sys.exit(main())
