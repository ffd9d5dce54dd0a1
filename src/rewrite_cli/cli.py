"""Command-line entry point: parse options into ``Settings`` and hand over to the runner.

``rewrite INPUT...`` is the main command; ``rewrite models ...``, ``rewrite eval ...`` and
``rewrite check ...`` are separate apps, dispatched on the first word so an article file
can still be named anything (write ``./models`` for a file called ``models``).

Choices are enums so typer validates them and lists them in ``--help``; options are
grouped into help panels by what they are about (input, output, model, batch, checking).
"""

from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from rewrite_cli import __version__
from rewrite_cli.batch.runner import Request, run
from rewrite_cli.settings import (
    DEVICES,
    ENGINES,
    FORMATS,
    MAX_ARTICLE_WORDS,
    MODES,
    POSITIONS,
    SERVER_UNITS,
    build_settings,
)
from rewrite_cli.ui import UI, OneLineErrors, user_errors

app = typer.Typer(add_completion=True, rich_markup_mode="rich")
SUBCOMMANDS = ("models", "eval", "check")

INPUT = "Input"
OUTPUT = "Output"
MODEL = "Model"
BATCH = "Batch"
CHECKING = "Checking"

Mode = Enum("Mode", {m: m for m in MODES}, type=str)
Format = Enum("Format", {f: f for f in FORMATS}, type=str)
Engine = Enum("Engine", {e: e for e in ENGINES}, type=str)
Device = Enum("Device", {d: d for d in DEVICES}, type=str)
Position = Enum("Position", {p: p for p in POSITIONS}, type=str)
ServerUnit = Enum("ServerUnit", {u: u for u in SERVER_UNITS}, type=str)


def _value(choice: Enum | None) -> str | None:
    return None if choice is None else choice.value


def _version(value: bool) -> None:
    if value:
        typer.echo(f"rewrite-cli {__version__}")
        raise typer.Exit()


@app.command(cls=OneLineErrors, context_settings={"help_option_names": ["-h", "--help"]})
def rewrite(
    inputs: Annotated[list[str] | None, typer.Argument(
        help="Article files, folders or web page URLs; '-' or nothing reads standard input.",
        show_default=False)] = None,
    recursive: Annotated[bool, typer.Option(
        "--recursive", "-r", help="Descend into sub-folders.", rich_help_panel=INPUT)] = False,
    glob: Annotated[str | None, typer.Option(
        help="Only files matching this pattern in folders, e.g. '*.html'.",
        rich_help_panel=INPUT)] = None,
    max_words: Annotated[int | None, typer.Option(
        "--max-words", min=1, help=f"Refuse an article longer than this many words "
        f"(default {MAX_ARTICLE_WORDS:,}; config: max_words).", show_default=False,
        rich_help_panel=INPUT)] = None,
    source: Annotated[list[str] | None, typer.Option(
        "--source", help="Credit this outlet in the note (repeatable).",
        rich_help_panel=INPUT)] = None,
    feed: Annotated[str | None, typer.Option(
        "--feed", help="Rewrite the articles an RSS or Atom feed (URL or file) links to, "
        "as a resumable batch into -o OUTPUT_FOLDER.", rich_help_panel=INPUT)] = None,
    limit: Annotated[int | None, typer.Option(
        "--limit", help="At most this many feed items.", rich_help_panel=INPUT)] = None,
    since: Annotated[str | None, typer.Option(
        "--since", help="Only feed items published on or after this date (2025-01-31).",
        rich_help_panel=INPUT)] = None,
    combine: Annotated[bool, typer.Option(
        "--combine", help="Write one article from all inputs (reports of one story; the "
        "first leads); with --feed, one per story.", rich_help_panel=INPUT)] = False,
    ignore_robots: Annotated[bool, typer.Option(
        "--ignore-robots", help="Fetch pages even where the site's robots.txt disallows it.",
        rich_help_panel=INPUT)] = False,
    refresh: Annotated[bool, typer.Option(
        "--refresh", help="Fetch pages again even if they are in the page cache.",
        rich_help_panel=INPUT)] = False,
    output: Annotated[Path | None, typer.Option(
        "--output", "-o", help="Output file (format from .txt/.md/.json) or folder.",
        rich_help_panel=OUTPUT)] = None,
    fmt: Annotated[Format | None, typer.Option(
        "--format", "-f", help="Output format (default: from -o, else text).",
        rich_help_panel=OUTPUT)] = None,
    mode: Annotated[Mode | None, typer.Option(
        "--mode", "-m", help="Rewrite the whole article, or summarize it.",
        rich_help_panel=OUTPUT)] = None,
    sentences: Annotated[int | None, typer.Option(
        help="Summary length in sentences (default: scaled to the article).",
        rich_help_panel=OUTPUT)] = None,
    disclaimer: Annotated[str | None, typer.Option(
        help="Note template; must contain {sources} and {treatment}.",
        rich_help_panel=OUTPUT)] = None,
    position: Annotated[Position | None, typer.Option(
        help="Where the note goes.", rich_help_panel=OUTPUT)] = None,
    force: Annotated[bool, typer.Option(
        "--force", help="Overwrite existing outputs (never an input).",
        rich_help_panel=OUTPUT)] = False,
    engine: Annotated[Engine | None, typer.Option(
        help="Who proposes the wording (auto: the server if --api-base is given, else the "
        "local model, else extractive).",
        rich_help_panel=MODEL)] = None,
    model: Annotated[str | None, typer.Option(
        help="Model alias, hub id, local folder or .gguf file (`rewrite models list`).",
        rich_help_panel=MODEL)] = None,
    device: Annotated[Device | None, typer.Option(
        help="Where a local model runs.", rich_help_panel=MODEL)] = None,
    seed: Annotated[int | None, typer.Option(
        help="Seed for sampling (same seed, same output).", rich_help_panel=MODEL)] = None,
    api_base: Annotated[list[str] | None, typer.Option(
        "--api-base", help="OpenAI-compatible server URL, e.g. http://localhost:8080/v1 "
        "(repeatable: requests are spread over all); key from REWRITE_API_KEY or "
        "OPENAI_API_KEY.", rich_help_panel=MODEL, show_default=False)] = None,
    concurrency: Annotated[int | None, typer.Option(
        help="Requests in flight per server (default 4).", rich_help_panel=MODEL,
        show_default=False)] = None,
    timeout: Annotated[float | None, typer.Option(
        help="Seconds to wait for one server answer (default 120).", rich_help_panel=MODEL,
        show_default=False)] = None,
    server_unit: Annotated[ServerUnit | None, typer.Option(
        "--server-unit", help="What one server request rewrites (default paragraph).",
        rich_help_panel=MODEL, show_default=False)] = None,
    jsonl_in: Annotated[str | None, typer.Option(
        "--jsonl-in", help="Read articles from JSON Lines (id, text or html, title, source, "
        "url); '-' for stdin.", rich_help_panel=BATCH)] = None,
    jsonl_out: Annotated[str | None, typer.Option(
        "--jsonl-out", help="Write one JSON record per line (with the input's id); "
        "'-' for stdout.", rich_help_panel=BATCH)] = None,
    rebuild_manifest: Annotated[bool, typer.Option(
        "--rebuild-manifest", help="Set a damaged batch manifest aside and adopt the existing "
        "outputs identical to what this run writes (others are kept, never replaced).",
        rich_help_panel=BATCH)] = False,
    report: Annotated[bool, typer.Option(
        "--report", help="Print a sentence-by-sentence audit table to stderr.",
        rich_help_panel=CHECKING)] = False,
    strict: Annotated[bool | None, typer.Option(
        "--strict", help="Exit with code 3 if any unsupported statement remains.",
        rich_help_panel=CHECKING)] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Only errors on stderr.")] = False,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Timings and details.")] = False,
    version: Annotated[bool, typer.Option(
        "--version", callback=_version, is_eager=True, help="Show the version.")] = False,
) -> None:
    """Rewrite or summarize a news article, fact-checked against its source, with credit."""
    ui = UI(quiet=quiet, verbose=verbose)
    with user_errors(ui):
        settings = build_settings({
            "output_format": _value(fmt), "mode": _value(mode), "sentences": sentences,
            "sources": tuple(source or ()), "engine": _value(engine), "model": model,
            "device": _value(device), "seed": seed, "disclaimer_template": disclaimer,
            "disclaimer_position": _value(position), "strict": strict, "force": force or None,
            "max_words": max_words,
            "api_bases": tuple(api_base or ()), "concurrency": concurrency, "timeout": timeout,
            "server_unit": _value(server_unit),
        })
        request = Request(tuple(inputs or ()), output, recursive=recursive, pattern=glob,
                          show_report=report, jsonl_in=jsonl_in, jsonl_out=jsonl_out,
                          rebuild_manifest=rebuild_manifest,
                          ignore_robots=ignore_robots, refresh=refresh, feed=feed,
                          limit=limit, since=since, combine=combine)
        code = run(settings, request, ui)
    raise typer.Exit(code)


def main(argv: list[str] | None = None) -> None:
    from rewrite_cli.models.progress import quiet_third_party_bars

    quiet_third_party_bars()  # before anything imports tqdm: no bars in logs
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
    if name == "check":
        from rewrite_cli.checking.cli import check_app

        return check_app
    from rewrite_cli.evaluation.cli import eval_app

    return eval_app
