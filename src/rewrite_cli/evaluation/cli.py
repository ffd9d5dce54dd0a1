"""``rewrite eval``: score the pipeline and its baselines on a JSON Lines dataset.

Thin on purpose: options become an ``EvalConfig`` and a list of systems; the work is in
``rewrite_cli.evaluation``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from rewrite_cli.errors import UsageError
from rewrite_cli.evaluation.dataset import load_examples
from rewrite_cli.evaluation.report import plot, print_table, write_results
from rewrite_cli.evaluation.run import EvalConfig, evaluate
from rewrite_cli.evaluation.systems import choose_systems
from rewrite_cli.settings import MODES
from rewrite_cli.ui import UI, user_errors

eval_app = typer.Typer(add_completion=False, rich_markup_mode=None)


@eval_app.command(context_settings={"help_option_names": ["-h", "--help"]})
def eval_command(
    dataset: Annotated[Path, typer.Argument(
        help="JSON Lines: 'article' (or 'text'/'html') and optional 'reference' per line.",
        show_default=False)],
    engine: Annotated[str | None, typer.Option(
        help="Also run the pipeline with this engine: auto | model | extractive.")] = None,
    model: Annotated[str | None, typer.Option(
        help="Model for --engine model/auto (implies --engine model).")] = None,
    mode: Annotated[str, typer.Option("--mode", "-m", help="summary | rewrite.")] = "summary",
    sentences: Annotated[int | None, typer.Option(
        help="Summary length (default: scaled to the article; LexRank/TextRank: 3).")] = None,
    limit: Annotated[int | None, typer.Option(help="Only the first N articles.")] = None,
    baselines: Annotated[str | None, typer.Option(
        help="Comma-separated: lead3,extractive,lexrank,textrank (Lead-3 always runs; "
             "default: all that are installed).")] = None,
    out: Annotated[Path, typer.Option(
        "--out", "-o", help="Folder for results.json, results.md and results.png.")
    ] = Path("results"),
    device: Annotated[str, typer.Option(help="auto | cpu | cuda (for the model).")] = "auto",
    isolate: Annotated[bool, typer.Option(
        "--isolate/--in-process",
        help="Run each system in its own process (honest peak memory) or in this one.")
    ] = True,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Only errors on stderr.")] = False,
) -> None:
    """Measure quality, faithfulness, originality and speed of each system in one run."""
    ui = UI(quiet=quiet)
    with user_errors(ui):
        if mode not in MODES:
            raise UsageError(f"--mode must be one of {', '.join(MODES)} (got {mode!r})")
        if limit is not None and limit < 1:
            raise UsageError("--limit must be at least 1")
        config = EvalConfig(dataset=str(dataset), mode=mode, limit=limit,
                            sentences=sentences, device=device)
        notes: list[str] = []
        specs = choose_systems(engine, model, baselines, warn=notes.append)
        load_examples(dataset, limit)  # a bad dataset fails before any warning or set-up
        for note in notes:
            ui.warn(note)
        runs = evaluate(specs, config, ui, isolate=isolate)
        title = f"{dataset.name} · {mode}"
        if not quiet:
            print_table(runs, ui.console, title)
        written = write_results(runs, config, out)
        try:
            written.append(plot(runs, out / "results.png", title))
        except UsageError as exc:
            ui.warn(f"no plot: {exc}")
        ui.say("wrote " + ", ".join(str(p) for p in written))
    if all(run.error for run in runs):
        raise typer.Exit(1)
