"""Everything the tool tells a person goes to stderr, so stdout stays the result alone.

Colour only on a terminal and never with ``NO_COLOR`` (rich honours both); ``--quiet``
keeps only errors, ``--verbose`` adds timings and per-stage detail.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table
from typer.core import TyperCommand
from typer.exceptions import TyperException

from rewrite_cli.document import Exchange, Report
from rewrite_cli.errors import RewriteError


def _console() -> Console:
    return Console(stderr=True, no_color="NO_COLOR" in os.environ, highlight=False)


@dataclass
class UI:
    quiet: bool = False
    verbose: bool = False
    console: Console = field(default_factory=_console)

    def say(self, message: str) -> None:
        if not self.quiet:
            self.console.print(escape(message), style="dim")

    def debug(self, message: str) -> None:
        if self.verbose and not self.quiet:
            self.console.print(escape(message), style="dim")

    def warn(self, message: str) -> None:
        if not self.quiet:
            self.console.print(f"[yellow]warning:[/] {escape(message)}", soft_wrap=True)

    def error(self, message: str) -> None:
        self.console.print(f"[red]error:[/] {escape(message)}", soft_wrap=True)

    def report_table(self, title: str, report: Report, notes: Sequence[str] = ()) -> None:
        """A compact side-by-side audit of every output sentence (``--report``)."""
        table = Table(title=title, show_lines=False, expand=False)
        table.add_column("#", justify="right")
        table.add_column("status")
        table.add_column("output")
        table.add_column("why candidates failed")
        served = any(sentence.exchanges for sentence in report.sentences)
        if served:
            table.add_column("server requests")
        for n, sentence in enumerate(report.sentences, 1):
            reasons = sorted({f.reason for r in sentence.rejected for f in r.findings})
            reasons += [f"UNSUPPORTED {f.reason}: {f.span}" for f in sentence.findings]
            row = [str(n), sentence.status, escape(_short(sentence.text)),
                   escape(", ".join(reasons))]
            if served:
                row.append(escape("; ".join(_exchange_line(e) for e in sentence.exchanges)))
            table.add_row(*row)
        self.console.print(table)
        o = report.originality
        self.console.print(
            f"rewritten {report.count('rewritten')}, compressed {report.count('compressed')}, "
            f"kept {report.count('kept')}, dropped {report.dropped}; novel bigrams "
            f"{o.novel_bigram_ratio:.0%}, longest copied span {o.longest_copied_span} words"
        )
        for note in notes:
            self.console.print(f"engine: {escape(note)}")


def _exchange_line(exchange: Exchange) -> str:
    """One request in a few words: which, and what the checker said of its answer."""
    name = "retry" if exchange.retry else f"request {exchange.request}"
    verdict = "passed" if not exchange.findings else _short(exchange.findings[0], 50)
    return f"{name}: {verdict}"


def _short(text: str, width: int = 70) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


@contextmanager
def user_errors(ui: UI) -> Iterator[None]:
    """Turn the errors a user can cause into one line on stderr and their exit code."""
    try:
        yield
    except RewriteError as exc:
        ui.error(str(exc))
        raise typer.Exit(exc.exit_code) from None
    except KeyboardInterrupt:
        ui.error("interrupted")
        raise typer.Exit(130) from None


class OneLineErrors(TyperCommand):
    """A typer command whose option errors read like every other error: one line, exit 2.

    Typer validates choices and types for us (and lists them in ``--help``), but prints a
    usage block and a boxed message; in a pipe or a log one line is what a person reads.
    """

    def main(self, args=None, prog_name=None, complete_var=None, standalone_mode=True,
             **extra):
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        try:
            code = super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        except TyperException as exc:  # typer's (vendored click's) usage and option errors
            UI().error(f"{exc.format_message()} (see --help)")
            sys.exit(exc.exit_code)
        except typer.Abort:
            UI().error("interrupted")
            sys.exit(130)
        sys.exit(code if isinstance(code, int) else 0)
