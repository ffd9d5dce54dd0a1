"""How a long batch shows it is alive: a bar on a terminal, a line now and then in a log.

A rich bar (count, articles/minute, ETA) when stderr is a terminal; when it is a file or
a pipe, a plain line at each tenth of the way or every 30 seconds, which reads well in a
log; nothing with ``--quiet``. The end-of-run summary is a table on the same console.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from rich.console import Console
from rich.markup import escape
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TextColumn,
    TimeElapsedColumn,
)
from rich.table import Table

PLAIN_EVERY_S = 30.0
SHOWN_FAILURES = 20


@dataclass
class Tally:
    """Counts of a batch so far; failures keep their reasons for the summary."""

    done: int = 0
    skipped: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)
    unsupported: int = 0  # outputs with statements the checker could not support
    adopted: int = 0  # of ``done``: existing files recorded as ours (--rebuild-manifest)
    started: float = field(default_factory=time.perf_counter)
    seconds: float = 0.0
    interrupted: bool = False

    @property
    def finished(self) -> int:
        return self.done + self.skipped + len(self.failed)

    def rate_per_minute(self) -> float:
        """Articles actually rewritten per minute (skips are free and would flatter it)."""
        elapsed = self.seconds or (time.perf_counter() - self.started)
        return 60.0 * self.done / elapsed if elapsed > 0 else 0.0


class BatchProgress:
    """Shows progress on ``console`` in the way that suits where stderr goes."""

    def __init__(self, console: Console, *, total: int | None, quiet: bool) -> None:
        self.console = console
        self.total = total
        self.quiet = quiet
        self._bar: Progress | None = None
        self._task = None
        self._last_line = time.perf_counter()
        self._last_step = 0

    def __enter__(self) -> BatchProgress:
        if not self.quiet and self.console.is_terminal:
            self._bar = Progress(
                SpinnerColumn(),
                TextColumn("rewriting"),
                BarColumn(),
                MofNCompleteColumn(),
                TextColumn("{task.fields[rate]}"),
                TextColumn("ETA {task.fields[eta]}"),
                TimeElapsedColumn(),
                console=self.console,
                transient=False,
            )
            self._bar.start()
            self._task = self._bar.add_task("batch", total=self.total, rate="–/min", eta="–")
        return self

    def __exit__(self, *exc: object) -> None:
        if self._bar is not None:
            self._bar.stop()

    def update(self, tally: Tally) -> None:
        """Called after every article (done, skipped or failed)."""
        if self._bar is not None:
            eta = self._eta_seconds(tally)
            self._bar.update(
                self._task,  # type: ignore[arg-type]
                completed=tally.finished,
                rate=f"{tally.rate_per_minute():.1f}/min",
                eta=_clock(eta) if eta is not None else "–",
            )
        elif not self.quiet and self._plain_due(tally.finished):
            self.console.print(self.line(tally), highlight=False, soft_wrap=True)

    def _plain_due(self, finished: int) -> bool:
        now = time.perf_counter()
        step = 10 * finished // self.total if self.total else 0
        if step > self._last_step or now - self._last_line >= PLAIN_EVERY_S:
            self._last_step = step
            self._last_line = now
            return True
        return False

    def line(self, tally: Tally) -> str:
        """One log line: count, rate and ETA."""
        of = f"/{self.total}" if self.total else ""
        text = (
            f"progress: {tally.finished}{of} ({tally.done} written, {tally.skipped} skipped, "
            f"{len(tally.failed)} failed), {tally.rate_per_minute():.1f} articles/min"
        )
        eta = self._eta_seconds(tally)
        return text + (f", ETA {_clock(eta)}" if eta is not None else "")

    def _eta_seconds(self, tally: Tally) -> float | None:
        if not self.total or tally.finished == 0:
            return None
        elapsed = time.perf_counter() - tally.started
        return elapsed / tally.finished * (self.total - tally.finished)

    def summary(self, tally: Tally, where: str) -> None:
        """The end-of-run table, then the failures with their reasons (always shown)."""
        if not self.quiet:
            table = Table(title=f"batch → {escape(where)}", title_justify="left")
            for name in ("done", "skipped", "failed", "time", "rate"):
                table.add_column(name, justify="right")
            table.add_row(
                str(tally.done), str(tally.skipped), str(len(tally.failed)),
                _clock(tally.seconds), f"{tally.rate_per_minute():.1f}/min",
            )
            self.console.print(table)
            if tally.adopted:
                self.console.print(
                    f"adopted {tally.adopted} existing output(s) identical to what this run "
                    "writes (left as they were)"
                )
            if tally.interrupted:
                self.console.print("interrupted: finished outputs are kept; rerun to resume")
        if tally.failed:
            failures = Table("failed input", "reason", title="failures", title_justify="left")
            for label, reason in tally.failed[:SHOWN_FAILURES]:
                failures.add_row(escape(label), escape(reason))
            self.console.print(failures)
            hidden = len(tally.failed) - SHOWN_FAILURES
            if hidden > 0:
                self.console.print(f"… and {hidden} more (each was reported above)")


def _clock(seconds: float) -> str:
    hours, rest = divmod(round(seconds), 3600)
    minutes = f"{hours}:{rest // 60:02d}" if hours else f"{rest // 60}"
    return f"{minutes}:{rest % 60:02d}"
