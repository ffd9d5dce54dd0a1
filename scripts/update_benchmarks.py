"""Regenerate the results in docs/benchmarks.md and docs/benchmarks.png (CNN/DailyMail sample).

Usage: python scripts/update_benchmarks.py [--engine model] [--model ALIAS] [--model-limit N]

Runs ``rewrite eval`` in summary mode: every installed baseline on the whole dataset and,
with ``--engine``, the pipeline with that engine on the first ``--model-limit`` articles
(a CPU model takes a minute or more per article), compared with the baselines' scores on
those same articles. Each system runs in its own process. The blocks between the result
markers in docs/benchmarks.md are replaced and the plot redrawn. The full results.json
files hold the dataset's article text, so they go to ``--out``, never into docs/.
``--from-results`` redraws the docs from those files without running anything.
"""

from __future__ import annotations

import argparse
import json
import re
from dataclasses import replace
from pathlib import Path

from rewrite_cli.evaluation.report import plot, results_markdown, write_results
from rewrite_cli.evaluation.run import EvalConfig, SystemRun, evaluate
from rewrite_cli.evaluation.systems import PIPELINE, choose_systems
from rewrite_cli.ui import UI

REPO = Path(__file__).resolve().parents[1]
DATA = REPO.parent / "shared" / "eval" / "cnndm_dev.jsonl"
DOC = REPO / "docs" / "benchmarks.md"
PLOT = REPO / "docs" / "benchmarks.png"


def replace_block(text: str, name: str, block: str) -> str:
    """Swap what lies between ``<!-- NAME:start -->`` and ``<!-- NAME:end -->``."""
    pattern = re.compile(rf"(<!-- {name}:start -->\n).*?(<!-- {name}:end -->)", re.S)
    if not pattern.search(text):
        raise SystemExit(f"{DOC}: the <!-- {name}:start/end --> markers are missing")
    return pattern.sub(lambda m: m.group(1) + block + m.group(2), text)


def first_articles(run: SystemRun, n: int) -> SystemRun:
    """The same run scored on its first ``n`` articles only (setup and memory unchanged)."""
    return replace(run, articles=run.articles[:n])


def load_runs(folder: Path) -> tuple[list[SystemRun], EvalConfig, dict]:
    data = json.loads((folder / "results.json").read_text(encoding="utf-8"))
    runs = [SystemRun.from_json(s) for s in data["systems"]]
    return runs, EvalConfig(**data["config"]), data["environment"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--engine", default=None, help="also run the pipeline with this engine")
    parser.add_argument("--model", default=None)
    parser.add_argument("--limit", type=int, default=None, help="baselines: first N articles")
    parser.add_argument("--model-limit", type=int, default=15)
    parser.add_argument("--out", type=Path, default=REPO / "results" / "cnndm")
    parser.add_argument(
        "--from-results",
        action="store_true",
        help="rebuild the docs from --out without running anything",
    )
    args = parser.parse_args()
    ui = UI()
    full_dir, model_dir = args.out / "baselines", args.out / "engine"
    if not args.from_results:
        config = EvalConfig(dataset=str(args.data), mode="summary", limit=args.limit)
        specs = choose_systems(args.engine, args.model, None, warn=ui.warn)
        baselines = [s for s in specs if s.kind != PIPELINE]
        write_results(evaluate(baselines, config, ui), config, full_dir)
        engine = [s for s in specs if s.kind == PIPELINE]
        if engine:
            config = replace(config, limit=args.model_limit)
            write_results(evaluate(engine, config, ui), config, model_dir)
    text = DOC.read_text(encoding="utf-8")
    runs, config, env = load_runs(full_dir)
    text = replace_block(text, "baselines", results_markdown(runs, config, env))
    plotted = runs
    if (model_dir / "results.json").is_file():
        engine_runs, engine_config, engine_env = load_runs(model_dir)
        n = max(len(r.articles) for r in engine_runs)
        plotted = [first_articles(r, n) for r in runs] + engine_runs
        block = results_markdown(plotted, engine_config, engine_env, with_legend=False)
        text = replace_block(text, "engine", block)
    DOC.write_text(text, encoding="utf-8")
    n = max(len(r.articles) for r in plotted)
    plot(plotted, PLOT, f"{args.data.name}, first {n} articles · summary mode")
    ui.say(f"updated {DOC.relative_to(REPO)} and {PLOT.relative_to(REPO)}")


if __name__ == "__main__":
    main()
