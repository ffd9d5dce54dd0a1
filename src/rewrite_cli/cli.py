"""Command-line entry point: parse options into ``Settings`` and hand over to the runner.

``rewrite INPUT...`` is the main command; ``rewrite models ...`` and ``rewrite eval ...``
are separate apps, dispatched on the first word so an article file can still be named
anything (write ``./models`` for a file called ``models``).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from rewrite_cli import __version__
from rewrite_cli.batch.runner import Request, run
from rewrite_cli.settings import build_settings
from rewrite_cli.ui import UI, user_errors

app = typer.Typer(add_completion=False, rich_markup_mode=None)
SUBCOMMANDS = ("models", "eval")


def _version(value: bool) -> None:
    if value:
        typer.echo(f"rewrite-cli {__version__}")
        raise typer.Exit()


@app.command(context_settings={"help_option_names": ["-h", "--help"]})
def rewrite(
    inputs: Annotated[list[str] | None, typer.Argument(
        help="Article files or folders; '-' or nothing reads standard input.",
        show_default=False)] = None,
    output: Annotated[Path | None, typer.Option(
        "--output", "-o", help="Output file (format from .txt/.md/.json) or folder.")] = None,
    fmt: Annotated[str | None, typer.Option(
        "--format", "-f", help="text | markdown | json (default: from -o, else text).")] = None,
    mode: Annotated[str | None, typer.Option(
        "--mode", "-m", help="rewrite (whole article) | summary.")] = None,
    sentences: Annotated[int | None, typer.Option(
        help="Summary length in sentences (default: scaled to the article).")] = None,
    source: Annotated[list[str] | None, typer.Option(
        "--source", help="Credit this outlet in the note (repeatable).")] = None,
    engine: Annotated[str | None, typer.Option(
        help="auto | model | extractive.")] = None,
    model: Annotated[str | None, typer.Option(
        help="Model alias, hub id, local folder or .gguf file (`rewrite models list`).",
    )] = None,
    device: Annotated[str | None, typer.Option(help="auto | cpu | cuda.")] = None,
    seed: Annotated[int | None, typer.Option(
        help="Seed for sampling (same seed, same output).")] = None,
    disclaimer: Annotated[str | None, typer.Option(
        help="Note template; must contain {sources} and {treatment}.")] = None,
    position: Annotated[str | None, typer.Option(help="Where the note goes: top | bottom.")] = None,
    report: Annotated[bool, typer.Option(
        "--report", help="Print a sentence-by-sentence audit table to stderr.")] = False,
    strict: Annotated[bool | None, typer.Option(
        "--strict", help="Exit with code 3 if any unsupported statement remains.")] = None,
    force: Annotated[bool, typer.Option("--force", help="Overwrite existing outputs.")] = False,
    recursive: Annotated[bool, typer.Option(
        "--recursive", "-r", help="Descend into sub-folders.")] = False,
    glob: Annotated[str | None, typer.Option(
        help="Only files matching this pattern in folders, e.g. '*.html'.")] = None,
    jsonl_in: Annotated[str | None, typer.Option(
        "--jsonl-in", help="Read articles from JSON Lines (id, text or html, title, source, "
        "url); '-' for stdin.")] = None,
    jsonl_out: Annotated[str | None, typer.Option(
        "--jsonl-out", help="Write one JSON record per line (with the input's id); "
        "'-' for stdout.")] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Only errors on stderr.")] = False,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Timings and details.")] = False,
    version: Annotated[bool, typer.Option(
        "--version", callback=_version, is_eager=True, help="Show the version.")] = False,
) -> None:
    """Rewrite or summarize a news article, fact-checked against its source, with credit."""
    ui = UI(quiet=quiet, verbose=verbose)
    with user_errors(ui):
        settings = build_settings({
            "output_format": fmt, "mode": mode, "sentences": sentences,
            "sources": tuple(source or ()), "engine": engine, "model": model, "device": device,
            "seed": seed, "disclaimer_template": disclaimer, "disclaimer_position": position,
            "strict": strict, "force": force or None,
        })
        request = Request(tuple(inputs or ()), output, recursive=recursive, pattern=glob,
                          show_report=report, jsonl_in=jsonl_in, jsonl_out=jsonl_out)
        code = run(settings, request, ui)
    raise typer.Exit(code)


def main(argv: list[str] | None = None) -> None:
    args = sys.argv[1:] if argv is None else argv
    if args and args[0] in SUBCOMMANDS:
        sub_app = _subcommand(args[0])
        try:
            with user_errors(UI()):
                sub_app(args=args[1:], prog_name=f"rewrite {args[0]}")
        except typer.Exit as done:  # raised by user_errors outside click's own handling
            sys.exit(done.exit_code)
    else:
        app(args=args, prog_name="rewrite")


def _subcommand(name: str) -> typer.Typer:
    if name == "models":
        from rewrite_cli.models.commands import models_app

        return models_app
    from rewrite_cli.evaluation.cli import eval_app

    return eval_app
